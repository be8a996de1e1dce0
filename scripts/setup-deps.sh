# SPDX-License-Identifier: MIT
#
# scripts/setup-deps.sh: sourced by scripts/demo and scripts/test. Makes
# sure the Debian 12 build dependencies are installed: a prepared machine
# (every package present, checked with dpkg-query) skips apt entirely; as
# root the missing ones are installed; otherwise it says what to install.

CRITPATH_PACKAGES=(meson ninja-build pkg-config gcc libc6-dev libglib2.0-dev libxml2-dev
  libxml2-utils libjson-glib-dev python3 ca-certificates git)

critpath_missing_packages() {
  local pkg
  for pkg in "${CRITPATH_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      echo "$pkg"
    fi
  done
}

critpath_ensure_deps() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    # Not Debian: trust the tools on PATH and let meson report what is missing.
    return 0
  fi
  local missing
  missing=$(critpath_missing_packages | tr '\n' ' ')
  if [ -z "${missing// /}" ]; then
    return 0
  fi
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing build dependencies: $missing"
    apt-get update
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
  else
    echo "critpath needs these Debian packages, which are not installed:" >&2
    echo "  $missing" >&2
    echo "Install them as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends $missing" >&2
    exit 1
  fi
}
