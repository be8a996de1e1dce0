/* SPDX-License-Identifier: MIT
 *
 * cpm-export.h: writing schedules and results. Writers take a stdio stream;
 * the CLI gives them a temporary file and renames it into place only on
 * success, so an error never leaves a partial output file.
 */
#pragma once

#include <stdio.h>

#include "cpm-scheduler.h"

G_BEGIN_DECLS

#define CPM_EXPORT_ERROR (cpm_export_error_quark())
GQuark cpm_export_error_quark(void);

typedef enum {
  CPM_EXPORT_ERROR_IO, /* the stream could not be written */
} CpmExportError;

typedef enum {
  CPM_TABLE_TABLE = 0, /* aligned text for a terminal */
  CPM_TABLE_CSV,       /* the CSV of the output contract */
  CPM_TABLE_JSON,      /* JSON: {"projects": [...], "activities": [...]} */
} CpmTableFormat;

/* The CSV header of the output contract, without the newline. */
#define CPM_SCHEDULE_CSV_HEADER                                                                    \
  "project,activity,name,status,early_start,early_finish,late_start,late_finish,"                  \
  "total_float_hours,free_float_hours,critical,longest_path"

/* Writes one row per activity, in schedule order. */
gboolean cpm_export_schedule_table(const CpmSchedule *schedule, const CpmResult *result,
                                   CpmTableFormat format, FILE *out, GError **error);

/* Float in hours with up to two decimals and no trailing zeros ("8", "134.33",
 * "-1.67"); "" for CPM_DURATION_NONE. buf must hold 32 bytes. */
const gchar *cpm_format_float_hours(CpmDuration minutes, gchar buf[32]);

G_END_DECLS
