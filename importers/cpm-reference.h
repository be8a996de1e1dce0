/* SPDX-License-Identifier: MIT
 *
 * cpm-reference.h: does critpath agree with the tool that scheduled a file?
 * A scheduled P6 export (XER, P6 XML) or MS Project file (MSPDI) carries the
 * tool's own results: early and late dates (the remaining dates of started
 * work), total and free float. cpm_reference_read() reads those results;
 * cpm_reference_blank_copy() writes a copy of the file without any of them,
 * so that critpath, scheduling the copy, cannot echo a stored result; and
 * cpm_reference_compare() compares critpath's schedule of the copy with the
 * stored results, activity by activity, into a CpmParityReport that can be
 * written as a text table, CSV or JSON.
 */
#pragma once

#include <stdio.h>

#include "cpm-import.h"
#include "cpm-scheduler.h"

G_BEGIN_DECLS

/* The six values compared for each activity. */
typedef enum {
  CPM_REF_EARLY_START = 0,
  CPM_REF_EARLY_FINISH,
  CPM_REF_LATE_START,
  CPM_REF_LATE_FINISH,
  CPM_REF_TOTAL_FLOAT,
  CPM_REF_FREE_FLOAT,
  CPM_REF_N_FIELDS,
} CpmRefField;

/* Short name of a field: "early_start" ... "free_float". */
const gchar *cpm_ref_field_to_string(CpmRefField field);

/* One activity as the scheduling tool stored it. */
typedef struct {
  const gchar *project;    /* project Id as critpath's importer gives it; owned by the reference */
  const gchar *activity;   /* activity Id (task_code, P6 Id, MSPDI UID); owned by the reference */
  CpmStatus status;        /* from the file (status_code, Status, ActualStart/Finish) */
  CpmTime early_start;     /* (remaining) early start, or CPM_TIME_NONE when not stored */
  CpmTime early_finish;    /* (remaining) early finish, or CPM_TIME_NONE */
  CpmTime late_start;      /* (remaining) late start, or CPM_TIME_NONE */
  CpmTime late_finish;     /* (remaining) late finish, or CPM_TIME_NONE */
  CpmDuration total_float; /* working minutes, or CPM_DURATION_NONE when not stored */
  CpmDuration free_float;  /* working minutes, or CPM_DURATION_NONE */
} CpmRefRow;

typedef struct _CpmReference CpmReference;

CpmReference *cpm_reference_new(void); /* (transfer full) */
void cpm_reference_free(CpmReference *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CpmReference, cpm_reference_free)

/* Appends a row (its strings are copied); a later row with the same project
 * and activity replaces the earlier one. */
void cpm_reference_add(CpmReference *self, const CpmRefRow *row);
guint cpm_reference_n_rows(const CpmReference *self);
/* (transfer none) valid while the reference lives */
const CpmRefRow *cpm_reference_row(const CpmReference *self, guint index);
/* The row of an activity, or NULL. (transfer none) */
const CpmRefRow *cpm_reference_lookup(const CpmReference *self, const gchar *project,
                                      const gchar *activity);
/* The format of the file read (XER, P6 XML or MSPDI). */
CpmFormat cpm_reference_format(const CpmReference *self);
/* Number of values stored (dates and floats of all rows): 0 for a file that
 * was never scheduled. */
guint cpm_reference_n_values(const CpmReference *self);

/* Reads the results stored in a scheduled file, recognised by content:
 * XER TASK early_/late_ dates, total/free_float_hr_cnt, status_code, keyed
 * by PROJECT.proj_short_name and task_code; P6 XML Activity
 * RemainingEarly/LateStart/FinishDate (else Early/LateStart/FinishDate),
 * TotalFloat, FreeFloat, Status, keyed by Project Id and Activity Id; MSPDI
 * Task EarlyStart/EarlyFinish (else Start/Finish), LateStart/LateFinish,
 * TotalSlack/FreeSlack, ActualStart/ActualFinish, keyed by the project
 * title (else name, else the file's basename) and the task UID. Errors are
 * CPM_IMPORT_ERROR with `FILE:LINE: `. Streaming: memory O(activities).
 * (transfer full) */
CpmReference *cpm_reference_read(const gchar *filename, GError **error);

/* Writes to out a copy of in without any stored result (see
 * docs/parity.md for the fields of each format). XER keeps every other byte
 * as it is (no transcoding); XML is streamed through libxml2 (no DTD, no
 * entity, no network) and written with xmlTextWriter in UTF-8, keeping all
 * other content. out is replaced. Memory O(1) for XML, O(longest line) for
 * XER. */
gboolean cpm_reference_blank_copy(const gchar *in, const gchar *out, GError **error);

/* ---- comparison ------------------------------------------------------- */

/* Counts of one project (or of the whole file). */
typedef struct {
  const gchar *project; /* project Id, or NULL for the total; owned by the report */
  guint compared;       /* activities in both, not completed in the file */
  guint completed;      /* activities in both, completed in the file: skipped */
  guint fully_matching; /* compared activities whose stored values all match */
  guint field_compared[CPM_REF_N_FIELDS]; /* activities whose file stores this value */
  guint field_matched[CPM_REF_N_FIELDS];  /* ... and critpath agrees */
} CpmParityCounts;

/* One differing value. */
typedef struct {
  const gchar *project;  /* project Id, owned by the report */
  const gchar *activity; /* activity Id, owned by the report */
  CpmRefField field;     /* which value */
  gboolean is_float;     /* the values are floats (minutes), else times */
  gint64 critpath;       /* critpath's value: CpmTime or CpmDuration (NONE when absent) */
  gint64 reference;      /* the file's value, same unit */
} CpmParityMismatch;

typedef struct _CpmParityReport CpmParityReport;

/* Compares: an activity in the schedule and in the reference is compared
 * unless the file says it is completed (completed work has no late dates
 * nor float); each value the file stores is compared, dates to the minute,
 * floats to 0.01 h after rounding both to two decimals in hours; an
 * activity fully matches when every value compared agrees. O(activities).
 * (transfer full) */
CpmParityReport *cpm_reference_compare(const CpmReference *ref, const CpmSchedule *schedule,
                                       const CpmResult *result);
void cpm_parity_report_free(CpmParityReport *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CpmParityReport, cpm_parity_report_free)

/* The whole file. (transfer none) */
const CpmParityCounts *cpm_parity_report_total(const CpmParityReport *self);
guint cpm_parity_report_n_projects(const CpmParityReport *self);
/* Per project, in the schedule's order. (transfer none) */
const CpmParityCounts *cpm_parity_report_project(const CpmParityReport *self, guint index);
/* Activities of the reference that critpath does not have, and the other
 * way round. */
guint cpm_parity_report_n_missing(const CpmParityReport *self);
guint cpm_parity_report_n_unreferenced(const CpmParityReport *self);
/* Differing values, activity by activity in schedule order. */
guint cpm_parity_report_n_mismatches(const CpmParityReport *self);
const CpmParityMismatch *cpm_parity_report_mismatch(const CpmParityReport *self, guint index);
/* Number of activities with at least one differing value. */
guint cpm_parity_report_n_mismatching_activities(const CpmParityReport *self);
/* 100 * fully_matching / compared of counts (0 when nothing was compared). */
gdouble cpm_parity_counts_percent(const CpmParityCounts *counts);

typedef enum {
  CPM_PARITY_TEXT = 0, /* a table per project, then the first mismatches */
  CPM_PARITY_CSV,      /* one row per project and a total row */
  CPM_PARITY_JSON,     /* {"file", "total", "projects": [...], "mismatches": [...]} */
} CpmParityFormat;

/* Writes the report. label names the file in the output; at most
 * max_mismatches differing activities are listed (text, JSON). FALSE with
 * CPM_IMPORT_ERROR_IO when the stream fails. */
gboolean cpm_parity_report_write(const CpmParityReport *self, CpmParityFormat format,
                                 const gchar *label, guint max_mismatches, FILE *out,
                                 GError **error);

G_END_DECLS
