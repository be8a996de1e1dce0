#!/bin/bash
# SPDX-License-Identifier: MIT
# Generates the standard synthetic workload (../shared/bench/gen_p6xml.py,
# default options) at a given size, once, in the build directory, then runs
# cpm-bench on it.   run-bench.sh CPM_BENCH GENERATOR OUTDIR ACTIVITIES
set -euo pipefail
bench=$1 gen=$2 outdir=$3 n=$4
if [ ! -f "$gen" ] || ! command -v python3 >/dev/null; then
  echo "skipped: python3 or $gen is missing"; exit 0
fi
file="$outdir/gen-$n.xml"
if [ ! -s "$file" ]; then
  python3 "$gen" --activities "$n" --seed 1 --out "$file.tmp"
  mv "$file.tmp" "$file"
fi
exec "$bench" --check "$file"
