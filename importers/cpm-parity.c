/* SPDX-License-Identifier: MIT
 *
 * cpm-parity.c: the parity check of cpm-parity.h for XER exports. The
 * blanked copy keeps every byte of the export except the values of P6's
 * computed TASK, TASKPRED and PROJECT fields, which are emptied; the stored
 * values are kept as text keyed by project short name and activity code.
 * O(size of the file + activities).
 */
#include "cpm-import.h"
#include "cpm-parity.h"

#include <math.h>
#include <string.h>

/* P6's results, blanked in the copy critpath schedules. */
static const gchar *const parity_computed_fields[] = {
  "early_start_date",
  "early_end_date",
  "late_start_date",
  "late_end_date",
  "restart_date",
  "reend_date",
  "rem_late_start_date",
  "rem_late_end_date",
  "total_float_hr_cnt",
  "free_float_hr_cnt",
  "driving_path_flag",
  "float_path",
  "float_path_order",
  "target_start_date",
  "target_end_date",
  "aref",
  "arls",
  "scd_end_date",
  NULL,
};

/* One activity as P6 stored it. */
typedef struct {
  gchar *project; /* project short name, owned */
  gchar *code;    /* activity code, owned */
  gboolean completed;
  gchar *value[CPM_PARITY_N_FIELDS]; /* stored text of each field, owned */
} ParityStored;

/* One mismatching activity. */
typedef struct {
  const ParityStored *stored;       /* borrowed from the table */
  gchar *mine[CPM_PARITY_N_FIELDS]; /* critpath's values as text, owned */
  gboolean ok[CPM_PARITY_N_FIELDS];
} ParityMismatch;

struct _CpmParity {
  GHashTable *stored;    /* "PROJECT\tCODE" -> ParityStored*, owned */
  GPtrArray *mismatches; /* ParityMismatch*, owned */
  guint compared;
  guint matched;
  guint field_matched[CPM_PARITY_N_FIELDS];
};

static const gchar *const parity_field_names[CPM_PARITY_N_FIELDS] = {
  "early start", "early finish", "late start", "late finish", "total float", "free float",
};

static const gchar *const parity_xer_fields[CPM_PARITY_N_FIELDS] = {
  "early_start_date", "early_end_date",     "late_start_date",
  "late_end_date",    "total_float_hr_cnt", "free_float_hr_cnt",
};

static void
parity_stored_free(ParityStored *st)
{
  g_free(st->project);
  g_free(st->code);
  for (guint f = 0; f < CPM_PARITY_N_FIELDS; f++)
    g_free(st->value[f]);
  g_free(st);
}

static void
parity_mismatch_free(ParityMismatch *m)
{
  for (guint f = 0; f < CPM_PARITY_N_FIELDS; f++)
    g_free(m->mine[f]);
  g_free(m);
}

void
cpm_parity_free(CpmParity *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref(self->stored);
  g_ptr_array_unref(self->mismatches);
  g_free(self);
}

CpmParity *
cpm_parity_prepare(const gchar *filename, const gchar *blank_path, GError **error)
{
  CpmFormat format = cpm_import_detect(filename, error);
  if (format == CPM_FORMAT_UNKNOWN && error != NULL && *error != NULL)
    return NULL;
  if (format != CPM_FORMAT_XER) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_FORMAT,
                "%s:1: parity checks read XER exports; this file is %s", filename,
                cpm_format_to_string(format));
    return NULL;
  }
  g_autofree gchar *text = NULL;
  g_autoptr(GError) io = NULL;
  if (!g_file_get_contents(filename, &text, NULL, &io)) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot read: %s", filename,
                io->message);
    return NULL;
  }

  g_autoptr(CpmParity) self = g_new0(CpmParity, 1);
  self->stored
      = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)parity_stored_free);
  self->mismatches = g_ptr_array_new_with_free_func((GDestroyNotify)parity_mismatch_free);
  g_autoptr(GHashTable) projects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) out = g_string_sized_new(strlen(text) + 1);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  g_auto(GStrv) fields = NULL;
  gchar table[64] = "";
  for (guint k = 0; lines[k] != NULL; k++) {
    gchar *line = lines[k];
    gsize len = strlen(line);
    gboolean cr = len > 0 && line[len - 1] == '\r';
    if (cr)
      line[len - 1] = '\0';
    const gchar *eol = lines[k + 1] != NULL ? (cr ? "\r\n" : "\n") : (cr ? "\r" : "");
    if (g_str_has_prefix(line, "%T\t")) {
      g_strlcpy(table, line + 3, sizeof table);
    } else if (g_str_has_prefix(line, "%F\t")) {
      g_strfreev(fields);
      fields = g_strsplit(line + 3, "\t", -1);
    } else if (g_str_has_prefix(line, "%R\t") && fields != NULL) {
      g_auto(GStrv) row = g_strsplit(line + 3, "\t", -1);
      guint n = MIN(g_strv_length(row), g_strv_length(fields));
      g_autoptr(GHashTable) v = g_hash_table_new(g_str_hash, g_str_equal);
      for (guint c = 0; c < n; c++)
        g_hash_table_insert(v, fields[c], row[c]);
      if (g_str_equal(table, "PROJECT") && g_hash_table_contains(v, "proj_id"))
        g_hash_table_replace(projects, g_strdup(g_hash_table_lookup(v, "proj_id")),
                             g_strdup(g_hash_table_lookup(v, "proj_short_name")));
      if (g_str_equal(table, "TASK") && g_hash_table_contains(v, "task_code")) {
        ParityStored *st = g_new0(ParityStored, 1);
        st->project = g_strdup(g_hash_table_lookup(projects, g_hash_table_lookup(v, "proj_id")));
        st->code = g_strdup(g_hash_table_lookup(v, "task_code"));
        st->completed = g_strcmp0(g_hash_table_lookup(v, "status_code"), "TK_Complete") == 0;
        for (guint f = 0; f < CPM_PARITY_N_FIELDS; f++)
          st->value[f] = g_strdup(g_hash_table_lookup(v, parity_xer_fields[f]));
        g_hash_table_replace(
            self->stored, g_strdup_printf("%s\t%s", st->project ? st->project : "", st->code), st);
      }
      for (guint c = 0; c < n; c++)
        if (g_strv_contains(parity_computed_fields, fields[c]))
          row[c][0] = '\0';
      g_autofree gchar *joined = g_strjoinv("\t", row);
      g_string_append_printf(out, "%%R\t%s%s", joined, eol);
      continue;
    }
    g_string_append_printf(out, "%s%s", line, eol);
  }
  if (!g_file_set_contents(blank_path, out->str, (gssize)out->len, &io)) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot write a copy: %s",
                filename, io->message);
    return NULL;
  }
  return g_steal_pointer(&self);
}

/* critpath's value of one field as P6 writes it: `YYYY-MM-DD HH:MM`, hours
 * with two decimals. */
static gchar *
parity_mine(const CpmActivityResult *r, CpmParityField f)
{
  gchar buf[CPM_TIME_FORMAT_LEN];
  switch (f) {
    case CPM_PARITY_ES:
    case CPM_PARITY_EF:
    case CPM_PARITY_LS:
    case CPM_PARITY_LF: {
      CpmTime t = f == CPM_PARITY_ES   ? r->early_start
                  : f == CPM_PARITY_EF ? r->early_finish
                  : f == CPM_PARITY_LS ? r->late_start
                                       : r->late_finish;
      cpm_time_format(t, buf);
      if (buf[0] != '\0')
        buf[10] = ' ';
      return g_strdup(buf);
    }
    default: {
      CpmDuration d = f == CPM_PARITY_TF ? r->total_float : r->free_float;
      return d == CPM_DURATION_NONE ? g_strdup("") : g_strdup_printf("%.2f", d / 60.0);
    }
  }
}

static gboolean
parity_same(CpmParityField f, const gchar *mine, const gchar *stored)
{
  if (stored == NULL)
    return FALSE;
  if (f <= CPM_PARITY_LF)
    return strlen(stored) >= 16 && strncmp(mine, stored, 16) == 0;
  if (*mine == '\0' || *stored == '\0')
    return *mine == *stored;
  return fabs(round(g_ascii_strtod(mine, NULL) * 100) - round(g_ascii_strtod(stored, NULL) * 100))
         < 0.5;
}

void
cpm_parity_compare(CpmParity *self, const CpmSchedule *schedule, const CpmResult *result)
{
  for (guint i = 0; i < cpm_schedule_n_activities(schedule); i++) {
    const CpmActivity *a = cpm_schedule_activity(schedule, i);
    g_autofree gchar *key
        = g_strdup_printf("%s\t%s", cpm_schedule_project(schedule, a->project)->id, a->id);
    const ParityStored *st = g_hash_table_lookup(self->stored, key);
    if (st == NULL || st->completed)
      continue;
    ParityMismatch *m = g_new0(ParityMismatch, 1);
    m->stored = st;
    gboolean all = TRUE;
    for (guint f = 0; f < CPM_PARITY_N_FIELDS; f++) {
      m->mine[f] = parity_mine(cpm_result_activity(result, i), f);
      m->ok[f] = parity_same(f, m->mine[f], st->value[f]);
      self->field_matched[f] += m->ok[f];
      all &= m->ok[f];
    }
    self->compared++;
    if (all) {
      self->matched++;
      parity_mismatch_free(m);
    } else {
      g_ptr_array_add(self->mismatches, m);
    }
  }
}

guint
cpm_parity_n_compared(const CpmParity *self)
{
  return self->compared;
}

guint
cpm_parity_n_matched(const CpmParity *self)
{
  return self->matched;
}

guint
cpm_parity_n_field_matched(const CpmParity *self, CpmParityField field)
{
  g_return_val_if_fail(field < CPM_PARITY_N_FIELDS, 0);
  return self->field_matched[field];
}

gdouble
cpm_parity_percent(const CpmParity *self)
{
  return self->compared > 0 ? 100.0 * self->matched / self->compared : 0;
}

void
cpm_parity_write_text(const CpmParity *self, const gchar *label, guint max_mismatches, FILE *out)
{
  fprintf(out,
          "%s: %u activities compared (completed ones are not), %u match on all six values "
          "(%.1f%%)\n",
          label, self->compared, self->matched, cpm_parity_percent(self));
  for (guint f = 0; f < CPM_PARITY_N_FIELDS; f++)
    fprintf(out, "  %-13s %u/%u\n", parity_field_names[f], self->field_matched[f], self->compared);
  for (guint k = 0; k < self->mismatches->len && k < max_mismatches; k++) {
    const ParityMismatch *m = g_ptr_array_index(self->mismatches, k);
    fprintf(out, "  %s %s:", m->stored->project ? m->stored->project : "", m->stored->code);
    for (guint f = 0; f < CPM_PARITY_N_FIELDS; f++)
      if (!m->ok[f])
        fprintf(out, " %s critpath '%s' P6 '%s';", parity_field_names[f], m->mine[f],
                m->stored->value[f] ? m->stored->value[f] : "");
    fputc('\n', out);
  }
  if (self->mismatches->len > max_mismatches)
    fprintf(out, "  (%u more mismatching activities)\n", self->mismatches->len - max_mismatches);
}
