/* SPDX-License-Identifier: MIT
 *
 * cpm-export-table.c: the schedule table of the output contract, one row per
 * activity in schedule order, as CSV (RFC 4180 quoting, UTF-8, "\n" line
 * ends), as JSON ({"projects": [...], "activities": [...]}) or as aligned
 * text for a terminal. Every writer streams: memory stays O(projects), not
 * O(activities), so a schedule of a million activities costs one pass (two
 * for the aligned table, which measures its columns first). The JSON frame
 * and the activity objects are written by hand with a small RFC 8259 string
 * escaper, because json-glib prints doubles with 17 significant digits
 * ("134.33000000000001") and builds a node tree per object (about 3 us per
 * activity); the project header is generated with json-glib.
 */
#include "cpm-export.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* Widest column of the aligned table, in display cells; longer text is cut
 * and ends with an ellipsis. */
#define TABLE_MAX_WIDTH 40
#define TABLE_N_COLUMNS 12

static const gchar *const table_headers[TABLE_N_COLUMNS] = {
  "project",           "activity",         "name",       "status",
  "early_start",       "early_finish",     "late_start", "late_finish",
  "total_float_hours", "free_float_hours", "critical",   "longest_path",
};

/* The member names of a JSON activity, quoted, with the colon. */
static const gchar *const json_keys[TABLE_N_COLUMNS] = {
  "\"project\":",           "\"activity\":",         "\"name\":",       "\"status\":",
  "\"early_start\":",       "\"early_finish\":",     "\"late_start\":", "\"late_finish\":",
  "\"total_float_hours\":", "\"free_float_hours\":", "\"critical\":",   "\"longest_path\":",
};

GQuark
cpm_export_error_quark(void)
{
  return g_quark_from_static_string("cpm-export-error-quark");
}

const gchar *
cpm_format_float_hours(CpmDuration minutes, gchar buf[32])
{
  if (minutes == CPM_DURATION_NONE) {
    buf[0] = '\0';
    return buf;
  }
  /* Hundredths of an hour, rounded half away from zero, in integers so that
   * no binary fraction can tip a half: h = round(|m| * 100 / 60). */
  gboolean negative = minutes < 0;
  guint64 m = negative ? (guint64)(-(minutes + 1)) + 1 : (guint64)minutes;
  guint64 h = (m <= G_MAXUINT64 / 10 - 3) ? (m * 10 + 3) / 6 : m / 6 * 10 + ((m % 6) * 10 + 3) / 6;
  guint64 whole = h / 100;
  guint frac = (guint)(h % 100);
  const gchar *sign = (negative && h != 0) ? "-" : "";

  if (frac == 0)
    g_snprintf(buf, 32, "%s%" G_GUINT64_FORMAT, sign, whole);
  else if (frac % 10 == 0)
    g_snprintf(buf, 32, "%s%" G_GUINT64_FORMAT ".%u", sign, whole, frac / 10);
  else
    g_snprintf(buf, 32, "%s%" G_GUINT64_FORMAT ".%02u", sign, whole, frac);
  return buf;
}

/* The text of the twelve columns of one activity; pointers borrow from the
 * schedule or from the caller's buffers. */
typedef struct {
  const gchar *cells[TABLE_N_COLUMNS];
  gchar dates[4][CPM_TIME_FORMAT_LEN];
  gchar floats[2][32];
} TableRow;

static void
table_row_fill(const CpmSchedule *schedule, const CpmResult *result, guint32 index, TableRow *row)
{
  const CpmActivity *act = cpm_schedule_activity(schedule, index);
  const CpmActivityResult *res = cpm_result_activity(result, index);
  const CpmProject *project = cpm_schedule_project(schedule, act->project);

  row->cells[0] = project->id != NULL ? project->id : "";
  row->cells[1] = act->id != NULL ? act->id : "";
  row->cells[2] = act->name != NULL ? act->name : "";
  row->cells[3] = cpm_status_to_string(cpm_activity_status(act));
  row->cells[4] = cpm_time_format(res->early_start, row->dates[0]);
  row->cells[5] = cpm_time_format(res->early_finish, row->dates[1]);
  row->cells[6] = cpm_time_format(res->late_start, row->dates[2]);
  row->cells[7] = cpm_time_format(res->late_finish, row->dates[3]);
  row->cells[8] = cpm_format_float_hours(res->total_float, row->floats[0]);
  row->cells[9] = cpm_format_float_hours(res->free_float, row->floats[1]);
  row->cells[10] = (res->flags & CPM_FLAG_CRITICAL) ? "Y" : "N";
  row->cells[11] = (res->flags & CPM_FLAG_LONGEST_PATH) ? "Y" : "N";
}

static gboolean
table_check_stream(FILE *out, GError **error)
{
  if (ferror(out)) {
    g_set_error(error, CPM_EXPORT_ERROR, CPM_EXPORT_ERROR_IO, "cannot write the output: %s",
                g_strerror(errno != 0 ? errno : EIO));
    return FALSE;
  }
  return TRUE;
}

/* CSV ------------------------------------------------------------------ */

/* Writes one field, quoted when it holds a comma, a quote, CR or LF; invalid
 * UTF-8 (never produced by the importers) is replaced by U+FFFD. */
static void
csv_write_field(FILE *out, const gchar *text)
{
  g_autofree gchar *valid = NULL;

  if (!g_utf8_validate(text, -1, NULL))
    text = valid = g_utf8_make_valid(text, -1);
  if (strpbrk(text, ",\"\r\n") == NULL) {
    fputs_unlocked(text, out);
    return;
  }
  putc_unlocked('"', out);
  for (const gchar *p = text; *p != '\0'; p++) {
    if (*p == '"')
      putc_unlocked('"', out);
    putc_unlocked(*p, out);
  }
  putc_unlocked('"', out);
}

static gboolean
csv_write(const CpmSchedule *schedule, const CpmResult *result, FILE *out, GError **error)
{
  guint n = cpm_schedule_n_activities(schedule);

  fputs_unlocked(CPM_SCHEDULE_CSV_HEADER "\n", out);
  for (guint32 i = 0; i < n; i++) {
    TableRow row;
    table_row_fill(schedule, result, i, &row);
    for (guint c = 0; c < TABLE_N_COLUMNS; c++) {
      if (c > 0)
        putc_unlocked(',', out);
      csv_write_field(out, row.cells[c]);
    }
    putc_unlocked('\n', out);
    /* Fail early on a full disk rather than after a million rows. */
    if ((i & 0xffff) == 0 && ferror(out))
      break;
  }
  return table_check_stream(out, error);
}

/* Aligned text ----------------------------------------------------------- */

/* Display cells of one character: 0 for combining marks, 2 for East Asian
 * wide characters, 1 otherwise. */
static guint
text_char_width(gunichar c)
{
  if (g_unichar_iszerowidth(c))
    return 0;
  return g_unichar_iswide(c) ? 2 : 1;
}

/* Cuts text to at most max_width display cells (an ellipsis marks the cut),
 * replaces control characters with spaces, and reports the width. Invalid
 * UTF-8 is replaced first. O(length). (transfer full) */
static gchar *
text_fit(const gchar *text, guint max_width, guint *width_out)
{
  g_autofree gchar *valid = NULL;
  g_autoptr(GString) str = g_string_sized_new(strlen(text) + 4);
  guint full = 0;
  guint width = 0;

  if (!g_utf8_validate(text, -1, NULL)) {
    valid = g_utf8_make_valid(text, -1);
    text = valid;
  }
  for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char(p))
    full += text_char_width(g_utf8_get_char(p));
  /* Room for the whole text, or for a prefix and the ellipsis. */
  guint room = full <= max_width ? max_width : (max_width > 0 ? max_width - 1 : 0);
  for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    guint w;
    if (g_unichar_iscntrl(c))
      c = ' ';
    w = text_char_width(c);
    if (width + w > room)
      break;
    g_string_append_unichar(str, c);
    width += w;
  }
  if (full > max_width && max_width > 0) {
    g_string_append(str, "\u2026");
    width += 1;
  }
  *width_out = width;
  return g_string_free(g_steal_pointer(&str), FALSE);
}

/* Display width of text once fitted to TABLE_MAX_WIDTH cells. */
static guint
text_width(const gchar *text)
{
  guint width = 0;

  if (!g_utf8_validate(text, -1, NULL)) {
    g_autofree gchar *fitted = text_fit(text, TABLE_MAX_WIDTH, &width);
    return width;
  }
  for (const gchar *p = text; *p != '\0' && width < TABLE_MAX_WIDTH; p++) {
    if ((guchar)*p < 0x80) {
      width++;
    } else {
      width += text_char_width(g_utf8_get_char(p));
      p = g_utf8_next_char(p) - 1;
    }
  }
  return MIN(width, TABLE_MAX_WIDTH);
}

/* Writes n spaces. */
static void
table_pad(FILE *out, guint n)
{
  static const gchar spaces[] = "                                        ";

  while (n > 0) {
    guint k = MIN(n, (guint)sizeof spaces - 1);
    fwrite_unlocked(spaces, 1, k, out);
    n -= k;
  }
}

/* Whether text is printable ASCII only; its length then. */
static gboolean
text_is_plain(const gchar *text, guint *len_out)
{
  guint n = 0;

  for (const gchar *p = text; *p != '\0'; p++, n++)
    if ((guchar)*p < 0x20 || (guchar)*p >= 0x7f)
      return FALSE;
  *len_out = n;
  return TRUE;
}

static void
table_write_cell(FILE *out, const gchar *text, guint width, gboolean right, gboolean last)
{
  g_autofree gchar *fitted = NULL;
  guint w = 0;

  /* Most cells are short plain ASCII: written without a copy. */
  if (!text_is_plain(text, &w) || w > width)
    text = fitted = text_fit(text, width, &w);
  guint pad = width > w ? width - w : 0;
  if (right)
    table_pad(out, pad);
  fputs_unlocked(text, out);
  if (!right && !last)
    table_pad(out, pad);
}

static gboolean
table_write(const CpmSchedule *schedule, const CpmResult *result, FILE *out, GError **error)
{
  guint n = cpm_schedule_n_activities(schedule);
  guint widths[TABLE_N_COLUMNS];

  /* Pass 1: column widths, each at least its header, at most
   * TABLE_MAX_WIDTH cells. O(total text length). */
  for (guint c = 0; c < TABLE_N_COLUMNS; c++)
    widths[c] = (guint)strlen(table_headers[c]);
  widths[3] = MAX(widths[3], (guint)strlen("not_started"));
  for (guint c = 4; c < 8; c++)
    widths[c] = MAX(widths[c], CPM_TIME_FORMAT_LEN - 1);
  for (guint32 i = 0; i < n; i++) {
    const CpmActivity *act = cpm_schedule_activity(schedule, i);
    const CpmActivityResult *res = cpm_result_activity(result, i);
    const CpmProject *project = cpm_schedule_project(schedule, act->project);
    gchar buf[32];
    if (widths[0] < TABLE_MAX_WIDTH && project->id != NULL)
      widths[0] = MAX(widths[0], text_width(project->id));
    if (widths[1] < TABLE_MAX_WIDTH && act->id != NULL)
      widths[1] = MAX(widths[1], text_width(act->id));
    if (widths[2] < TABLE_MAX_WIDTH && act->name != NULL)
      widths[2] = MAX(widths[2], text_width(act->name));
    widths[8] = MAX(widths[8], (guint)strlen(cpm_format_float_hours(res->total_float, buf)));
    widths[9] = MAX(widths[9], (guint)strlen(cpm_format_float_hours(res->free_float, buf)));
  }

  /* Pass 2: header and rows; floats right-aligned. */
  for (guint c = 0; c < TABLE_N_COLUMNS; c++) {
    if (c > 0)
      fputs_unlocked("  ", out);
    table_write_cell(out, table_headers[c], widths[c], FALSE, c == TABLE_N_COLUMNS - 1);
  }
  putc_unlocked('\n', out);
  for (guint32 i = 0; i < n; i++) {
    TableRow row;
    table_row_fill(schedule, result, i, &row);
    for (guint c = 0; c < TABLE_N_COLUMNS; c++) {
      if (c > 0)
        fputs_unlocked("  ", out);
      table_write_cell(out, row.cells[c], widths[c], c == 8 || c == 9, c == TABLE_N_COLUMNS - 1);
    }
    putc_unlocked('\n', out);
    if ((i & 0xffff) == 0 && ferror(out))
      break;
  }
  return table_check_stream(out, error);
}

/* JSON ------------------------------------------------------------------ */

/* Writes text as a JSON string (RFC 8259): quotes, backslash and control
 * characters escaped; invalid UTF-8 replaced by U+FFFD. */
static void
json_write_string(FILE *out, const gchar *text)
{
  g_autofree gchar *valid = NULL;

  if (text == NULL) {
    fputs_unlocked("null", out);
    return;
  }
  if (!g_utf8_validate(text, -1, NULL)) {
    valid = g_utf8_make_valid(text, -1);
    text = valid;
  }
  putc_unlocked('"', out);
  for (const guchar *p = (const guchar *)text; *p != '\0'; p++) {
    /* Copy the run of characters that need no escape in one write. */
    const guchar *run = p;
    while (*p >= 0x20 && *p != '"' && *p != '\\')
      p++;
    if (p > run)
      fwrite_unlocked(run, 1, (gsize)(p - run), out);
    if (*p == '\0')
      break;
    switch (*p) {
      case '"':
        fputs_unlocked("\\\"", out);
        break;
      case '\\':
        fputs_unlocked("\\\\", out);
        break;
      case '\n':
        fputs_unlocked("\\n", out);
        break;
      case '\r':
        fputs_unlocked("\\r", out);
        break;
      case '\t':
        fputs_unlocked("\\t", out);
        break;
      default:
        fprintf(out, "\\u%04x", (guint)*p);
    }
  }
  putc_unlocked('"', out);
}

/* A date string, or null for CPM_TIME_NONE. */
static void
json_write_date(FILE *out, const gchar *formatted)
{
  if (formatted[0] == '\0') {
    fputs_unlocked("null", out);
  } else {
    putc_unlocked('"', out);
    fputs_unlocked(formatted, out);
    putc_unlocked('"', out);
  }
}

static void
json_add_date(JsonBuilder *builder, const gchar *member, CpmTime t)
{
  gchar buf[CPM_TIME_FORMAT_LEN];

  json_builder_set_member_name(builder, member);
  if (t == CPM_TIME_NONE)
    json_builder_add_null_value(builder);
  else
    json_builder_add_string_value(builder, cpm_time_format(t, buf));
}

/* The "projects" array, generated with json-glib (one node per project). */
static gchar *
json_projects(const CpmSchedule *schedule, const CpmResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new();
  g_autoptr(JsonGenerator) generator = json_generator_new();
  g_autoptr(JsonNode) root = NULL;
  guint n = cpm_schedule_n_projects(schedule);

  json_builder_begin_array(builder);
  for (guint32 p = 0; p < n; p++) {
    const CpmProject *project = cpm_schedule_project(schedule, p);
    CpmTime data_date
        = project->data_date != CPM_TIME_NONE ? project->data_date : project->planned_start;
    json_builder_begin_object(builder);
    json_builder_set_member_name(builder, "id");
    json_builder_add_string_value(builder, project->id != NULL ? project->id : "");
    json_builder_set_member_name(builder, "name");
    if (project->name != NULL)
      json_builder_add_string_value(builder, project->name);
    else
      json_builder_add_null_value(builder);
    json_add_date(builder, "data_date", data_date);
    json_add_date(builder, "finish", cpm_result_project_finish(result, p));
    json_builder_end_object(builder);
  }
  json_builder_end_array(builder);
  root = json_builder_get_root(builder);
  json_generator_set_root(generator, root);
  return json_generator_to_data(generator, NULL);
}

static gboolean
json_write(const CpmSchedule *schedule, const CpmResult *result, FILE *out, GError **error)
{
  guint n = cpm_schedule_n_activities(schedule);
  g_autofree gchar *projects = json_projects(schedule, result);

  fprintf(out, "{\"projects\":%s,\n\"activities\":[", projects);
  for (guint32 i = 0; i < n; i++) {
    TableRow row;
    table_row_fill(schedule, result, i, &row);
    fputs_unlocked(i == 0 ? "\n{" : ",\n{", out);
    for (guint c = 0; c < TABLE_N_COLUMNS; c++) {
      if (c > 0)
        putc_unlocked(',', out);
      fputs_unlocked(json_keys[c], out);
      if (c < 4)
        json_write_string(out, row.cells[c]);
      else if (c < 8)
        json_write_date(out, row.cells[c]);
      else if (c < 10)
        /* The formatted float is a valid JSON number ("8", "-1.67"). */
        fputs_unlocked(row.cells[c][0] != '\0' ? row.cells[c] : "null", out);
      else
        fputs_unlocked(row.cells[c][0] == 'Y' ? "true" : "false", out);
    }
    putc_unlocked('}', out);
    if ((i & 0xffff) == 0 && ferror(out))
      break;
  }
  fputs_unlocked("\n]}\n", out);
  return table_check_stream(out, error);
}

gboolean
cpm_export_schedule_table(const CpmSchedule *schedule, const CpmResult *result,
                          CpmTableFormat format, FILE *out, GError **error)
{
  g_return_val_if_fail(schedule != NULL, FALSE);
  g_return_val_if_fail(result != NULL, FALSE);
  g_return_val_if_fail(out != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail(cpm_result_n_activities(result) == cpm_schedule_n_activities(schedule),
                       FALSE);

  /* One lock for the whole table; the writers use the _unlocked calls. */
  gboolean ok = FALSE;
  errno = 0;
  flockfile(out);
  switch (format) {
    case CPM_TABLE_CSV:
      ok = csv_write(schedule, result, out, error);
      break;
    case CPM_TABLE_JSON:
      ok = json_write(schedule, result, out, error);
      break;
    case CPM_TABLE_TABLE:
      ok = table_write(schedule, result, out, error);
      break;
    default:
      g_critical("%s: unknown table format %d", G_STRFUNC, (int)format);
      break;
  }
  funlockfile(out);
  return ok;
}
