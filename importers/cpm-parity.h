/* SPDX-License-Identifier: MIT
 *
 * cpm-parity.h: does critpath agree with P6? A parity check reads the
 * results P6 stored in an export, writes a copy of the export with every
 * computed value blanked (so nothing critpath reads can echo a result), and
 * compares the schedule critpath computes from that copy with the stored
 * values: early and late start and finish (the remaining dates of started
 * work), total and free float. XER exports are supported.
 */
#pragma once

#include <stdio.h>

#include "cpm-scheduler.h"

G_BEGIN_DECLS

typedef enum {
  CPM_PARITY_ES = 0,
  CPM_PARITY_EF,
  CPM_PARITY_LS,
  CPM_PARITY_LF,
  CPM_PARITY_TF,
  CPM_PARITY_FF,
  CPM_PARITY_N_FIELDS,
} CpmParityField;

typedef struct _CpmParity CpmParity;

/* Reads P6's stored values from `filename` and writes the blanked copy to
 * `blank_path`. Fails with CPM_IMPORT_ERROR_FORMAT for formats other than
 * XER, and as the importers do on unreadable input. (transfer full) */
CpmParity *cpm_parity_prepare(const gchar *filename, const gchar *blank_path, GError **error);
void cpm_parity_free(CpmParity *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CpmParity, cpm_parity_free)

/* Compares the schedule of the blanked copy with the stored values.
 * Completed activities (no late dates nor float) are not compared. */
void cpm_parity_compare(CpmParity *self, const CpmSchedule *schedule, const CpmResult *result);

guint cpm_parity_n_compared(const CpmParity *self);
guint cpm_parity_n_matched(const CpmParity *self); /* all six values agree */
guint cpm_parity_n_field_matched(const CpmParity *self, CpmParityField field);
gdouble cpm_parity_percent(const CpmParity *self);

/* A text report: the counts, then the first `max_mismatches` mismatching
 * activities with both values of every differing field. */
void cpm_parity_write_text(const CpmParity *self, const gchar *label, guint max_mismatches,
                           FILE *out);

G_END_DECLS
