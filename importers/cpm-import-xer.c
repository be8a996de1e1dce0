/* SPDX-License-Identifier: MIT
 *
 * cpm-import-xer.c: the Primavera XER reader. An XER file is text: a header
 * line `ERMHDR`, then tables, each `%T NAME`, one `%F` line of field names and
 * `%R` rows, tab-separated; text is Windows-1252 unless it is valid UTF-8.
 * The reader keeps the rows of the tables it uses, then builds the model in
 * dependency order (calendars, projects and their scheduling options, WBS,
 * resources, activities, relationships, assignments, activity codes), so the
 * order of the tables in the file does not matter. It reads P6's inputs only:
 * the dates and floats P6 computed (early_*, late_*, restart/reend,
 * total/free float, driving flags) are never looked at. Any other table is
 * noted once and skipped. Errors are `FILE:LINE: ...`. O(size of the file).
 */
#include "cpm-import.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define XER_MAX_HOURS 1e8 /* largest duration or lag, hours (as for P6 XML) */

/* One buffered table: its field names and rows. */
typedef struct {
  gchar *name;        /* table name, owned */
  GHashTable *fields; /* field name -> column + 1, owned */
  guint n_fields;     /* columns per row */
  GPtrArray *rows;    /* gchar ** (g_strfreev), one per %R line */
  GArray *lines;      /* guint32 source line of each row */
  guint32 line;       /* source line of the %T line */
} XerTable;

typedef struct {
  const gchar *filename;   /* for messages */
  CpmSchedule *schedule;   /* borrowed */
  GHashTable *tables;      /* name -> XerTable*, owned */
  GHashTable *calendars;   /* clndr_id -> index + 1 */
  GHashTable *projects;    /* proj_id -> index + 1 */
  GHashTable *wbs;         /* wbs_id -> index + 1 */
  GHashTable *tasks;       /* task_id -> index + 1 */
  GHashTable *resources;   /* rsrc_id -> index + 1 */
  GHashTable *code_types;  /* actv_code_type_id -> index + 1 */
  GHashTable *code_values; /* actv_code_id -> index + 1 */
  GError *error;           /* the first error, owned */
} XerReader;

static void
xer_table_free(XerTable *t)
{
  g_free(t->name);
  g_hash_table_unref(t->fields);
  g_ptr_array_unref(t->rows);
  g_array_unref(t->lines);
  g_free(t);
}

static GHashTable *
xer_id_map(void)
{
  return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static void
xer_reader_clear(XerReader *r)
{
  g_clear_pointer(&r->tables, g_hash_table_unref);
  g_clear_pointer(&r->calendars, g_hash_table_unref);
  g_clear_pointer(&r->projects, g_hash_table_unref);
  g_clear_pointer(&r->wbs, g_hash_table_unref);
  g_clear_pointer(&r->tasks, g_hash_table_unref);
  g_clear_pointer(&r->resources, g_hash_table_unref);
  g_clear_pointer(&r->code_types, g_hash_table_unref);
  g_clear_pointer(&r->code_values, g_hash_table_unref);
  g_clear_error(&r->error);
}

static gboolean xer_fail(XerReader *r, CpmImportError code, guint32 line, const gchar *format, ...)
    G_GNUC_PRINTF(4, 5);

static gboolean
xer_fail(XerReader *r, CpmImportError code, guint32 line, const gchar *format, ...)
{
  if (r->error != NULL)
    return FALSE;
  va_list args;
  va_start(args, format);
  g_autofree gchar *msg = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error(&r->error, CPM_IMPORT_ERROR, code, "%s:%u: %s", r->filename, line, msg);
  return FALSE;
}

static void
xer_map_put(GHashTable *map, const gchar *key, guint32 index)
{
  g_hash_table_replace(map, g_strdup(key), GUINT_TO_POINTER(index + 1));
}

static guint32
xer_map_get(GHashTable *map, const gchar *key)
{
  if (key == NULL || *key == '\0')
    return CPM_NO_INDEX;
  guint v = GPOINTER_TO_UINT(g_hash_table_lookup(map, key));
  return v == 0 ? CPM_NO_INDEX : v - 1;
}

/* ---- Reading the text --------------------------------------------------- */

/* Splits the (UTF-8) text into buffered tables. */
static gboolean
xer_read_tables(XerReader *r, gchar *text)
{
  XerTable *cur = NULL;
  guint32 line = 0;
  gboolean header = FALSE, ended = FALSE;
  for (gchar *p = text; p != NULL && *p != '\0';) {
    gchar *eol = strchr(p, '\n');
    if (eol != NULL)
      *eol = '\0';
    line++;
    gsize len = strlen(p);
    if (len > 0 && p[len - 1] == '\r')
      p[--len] = '\0';
    if (!header) {
      if (!g_str_has_prefix(p, "ERMHDR"))
        return xer_fail(r, CPM_IMPORT_ERROR_FORMAT, line, "not an XER file (no ERMHDR header)");
      header = TRUE;
    } else if (ended || len == 0) {
      /* Nothing counts after %E; blank lines are harmless. */
    } else if (g_str_has_prefix(p, "%T\t")) {
      const gchar *name = p + 3;
      cur = g_hash_table_lookup(r->tables, name);
      if (cur == NULL) {
        cur = g_new0(XerTable, 1);
        cur->name = g_strdup(name);
        cur->fields = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        cur->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
        cur->lines = g_array_new(FALSE, FALSE, sizeof(guint32));
        cur->line = line;
        g_hash_table_insert(r->tables, cur->name, cur);
      } else {
        /* A table repeated: its rows append; its %F must agree. */
        g_hash_table_remove_all(cur->fields);
        cur->n_fields = 0;
      }
    } else if (g_str_has_prefix(p, "%F\t")) {
      if (cur == NULL)
        return xer_fail(r, CPM_IMPORT_ERROR_SYNTAX, line, "%%F before any %%T table");
      g_auto(GStrv) names = g_strsplit(p + 3, "\t", -1);
      cur->n_fields = g_strv_length(names);
      for (guint i = 0; i < cur->n_fields; i++)
        g_hash_table_replace(cur->fields, g_strdup(names[i]), GUINT_TO_POINTER(i + 1));
    } else if (g_str_has_prefix(p, "%R\t") || g_str_equal(p, "%R")) {
      if (cur == NULL || cur->n_fields == 0)
        return xer_fail(r, CPM_IMPORT_ERROR_SYNTAX, line,
                        "%%R row before the %%F line that names its fields");
      gchar **row = g_strsplit(len > 2 ? p + 3 : "", "\t", -1);
      guint n = g_strv_length(row);
      if (n != cur->n_fields) {
        g_strfreev(row);
        return xer_fail(r, CPM_IMPORT_ERROR_SYNTAX, line,
                        "row of table %s has %u fields, its %%F line names %u", cur->name, n,
                        cur->n_fields);
      }
      g_ptr_array_add(cur->rows, row);
      g_array_append_val(cur->lines, line);
    } else if (g_str_has_prefix(p, "%E")) {
      ended = TRUE;
    } else {
      return xer_fail(r, CPM_IMPORT_ERROR_SYNTAX, line, "line is neither %%T, %%F, %%R nor %%E");
    }
    p = eol != NULL ? eol + 1 : NULL;
  }
  if (!header)
    return xer_fail(r, CPM_IMPORT_ERROR_FORMAT, 1, "the file is empty");
  return TRUE;
}

/* The value of `field` in row k of table t ("" when the table lacks the
 * field). */
static const gchar *
xer_get(const XerTable *t, guint k, const gchar *field)
{
  guint col = GPOINTER_TO_UINT(g_hash_table_lookup(t->fields, field));
  if (col == 0)
    return "";
  gchar **row = g_ptr_array_index(t->rows, k);
  return row[col - 1];
}

static guint32
xer_line(const XerTable *t, guint k)
{
  return g_array_index(t->lines, guint32, k);
}

/* ---- Values --------------------------------------------------------------- */

static gboolean
xer_number(XerReader *r, const XerTable *t, guint k, const gchar *field, gdouble *out)
{
  const gchar *text = xer_get(t, k, field);
  if (*text == '\0') {
    *out = 0;
    return TRUE;
  }
  gchar *end = NULL;
  errno = 0;
  gdouble v = g_ascii_strtod(text, &end);
  if (end == text || *end != '\0' || errno == ERANGE || !isfinite(v))
    return xer_fail(r, CPM_IMPORT_ERROR_VALUE, xer_line(t, k), "%s.%s: '%s' is not a number",
                    t->name, field, text);
  *out = v;
  return TRUE;
}

/* Hours to working minutes, bounded; negative only when allowed. */
static gboolean
xer_hours(XerReader *r, const XerTable *t, guint k, const gchar *field, gboolean allow_negative,
          CpmDuration *out)
{
  gdouble h;
  if (!xer_number(r, t, k, field, &h))
    return FALSE;
  if (fabs(h) > XER_MAX_HOURS || (!allow_negative && h < 0))
    return xer_fail(r, CPM_IMPORT_ERROR_VALUE, xer_line(t, k), "%s.%s: %s hours is out of range",
                    t->name, field, xer_get(t, k, field));
  *out = (CpmDuration)llround(h * 60);
  return TRUE;
}

static gboolean
xer_date(XerReader *r, const XerTable *t, guint k, const gchar *field, CpmTime *out)
{
  const gchar *text = xer_get(t, k, field);
  *out = CPM_TIME_NONE;
  if (*text == '\0')
    return TRUE;
  if (!cpm_time_parse(text, out))
    return xer_fail(r, CPM_IMPORT_ERROR_VALUE, xer_line(t, k), "%s.%s: invalid date '%s'", t->name,
                    field, text);
  return TRUE;
}

static gboolean
xer_flag(const XerTable *t, guint k, const gchar *field)
{
  return g_str_equal(xer_get(t, k, field), "Y");
}

/* ---- Calendars ------------------------------------------------------------ */

/* A node of the clndr_data blob: `(0||NAME(ATTRS)(CHILDREN))`. */
typedef struct XerNode {
  gchar *name;     /* owned */
  gchar *attrs;    /* owned: "s|08:00|f|12:00", "d|44047", ... */
  GPtrArray *kids; /* struct XerNode *, owned */
} XerNode;

static void
xer_node_free(XerNode *n)
{
  g_free(n->name);
  g_free(n->attrs);
  g_ptr_array_unref(n->kids);
  g_free(n);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(XerNode, xer_node_free)

/* P6 writes line breaks inside the blob as DEL (0x7F) characters. */
static void
xer_skip_space(const gchar **p)
{
  while (**p != '\0' && (g_ascii_isspace(**p) || **p == '\x7f'))
    (*p)++;
}

/* Recursive descent, depth-limited; NULL on a syntax error. */
static XerNode *
xer_parse_node(const gchar **p, guint depth)
{
  xer_skip_space(p);
  if (depth > 16 || **p != '(')
    return NULL;
  (*p)++;
  const gchar *bars = strstr(*p, "||");
  if (bars == NULL)
    return NULL;
  const gchar *name_start = bars + 2;
  const gchar *open = strchr(name_start, '(');
  if (open == NULL)
    return NULL;
  const gchar *close = strchr(open + 1, ')');
  if (close == NULL)
    return NULL;
  g_autoptr(XerNode) n = g_new0(XerNode, 1);
  n->name = g_strndup(name_start, open - name_start);
  n->attrs = g_strndup(open + 1, close - open - 1);
  n->kids = g_ptr_array_new_with_free_func((GDestroyNotify)xer_node_free);
  *p = close + 1;
  xer_skip_space(p);
  if (**p != '(')
    return NULL;
  (*p)++;
  for (;;) {
    xer_skip_space(p);
    if (**p == ')') {
      (*p)++;
      break;
    }
    XerNode *kid = xer_parse_node(p, depth + 1);
    if (kid == NULL)
      return NULL;
    g_ptr_array_add(n->kids, kid);
  }
  xer_skip_space(p);
  if (**p != ')')
    return NULL;
  (*p)++;
  return g_steal_pointer(&n);
}

static XerNode *
xer_node_child(const XerNode *n, const gchar *name)
{
  for (guint i = 0; i < n->kids->len; i++) {
    XerNode *k = g_ptr_array_index(n->kids, i);
    if (g_str_equal(k->name, name))
      return k;
  }
  return NULL;
}

/* `H:MM` or `HH:MM`. */
static gboolean
xer_clock(const gchar *text, guint *minutes_out)
{
  gsize len = strlen(text);
  if ((len != 4 && len != 5) || text[len - 3] != ':')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (i != len - 3 && !g_ascii_isdigit(text[i]))
      return FALSE;
  guint h = (guint)g_ascii_strtoull(text, NULL, 10);
  guint m = (guint)(text[len - 2] - '0') * 10 + (guint)(text[len - 1] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0))
    return FALSE;
  *minutes_out = h * 60 + m;
  return TRUE;
}

/* Work periods of a day node: children with attrs `s|HH:MM|f|HH:MM` in
 * either order; a finish of 00:00 is 24:00. */
static gboolean
xer_periods(const XerNode *day, CpmWorkInterval *ivs, guint *n_out)
{
  guint n = 0;
  for (guint i = 0; i < day->kids->len; i++) {
    const XerNode *k = g_ptr_array_index(day->kids, i);
    g_auto(GStrv) a = g_strsplit(k->attrs, "|", -1);
    if (g_strv_length(a) != 4 || n >= CPM_MAX_INTERVALS_PER_DAY)
      return FALSE;
    guint s = 0, f = 0, t1, t2;
    if (!xer_clock(a[1], &t1) || !xer_clock(a[3], &t2))
      return FALSE;
    if (g_str_equal(a[0], "s") && g_str_equal(a[2], "f")) {
      s = t1;
      f = t2;
    } else if (g_str_equal(a[0], "f") && g_str_equal(a[2], "s")) {
      s = t2;
      f = t1;
    } else {
      return FALSE;
    }
    if (f == 0)
      f = CPM_MINUTES_PER_DAY;
    if (s >= f || f > CPM_MINUTES_PER_DAY)
      return FALSE;
    ivs[n].start = (guint16)s;
    ivs[n].finish = (guint16)f;
    n++;
  }
  *n_out = n;
  return TRUE;
}

/* Applies a clndr_data blob to a calendar. */
static gboolean
xer_apply_blob(const gchar *blob, CpmCalendar *cal, GError **error)
{
  const gchar *p = blob;
  g_autoptr(XerNode) root = xer_parse_node(&p, 0);
  if (root == NULL) {
    g_set_error_literal(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_VALUE, "malformed calendar data");
    return FALSE;
  }
  CpmWorkInterval ivs[CPM_MAX_INTERVALS_PER_DAY];
  guint n;
  const XerNode *week = xer_node_child(root, "DaysOfWeek");
  if (week != NULL) {
    for (guint i = 0; i < week->kids->len; i++) {
      const XerNode *day = g_ptr_array_index(week->kids, i);
      guint64 d = g_ascii_strtoull(day->name, NULL, 10);
      if (d < 1 || d > 7 || !xer_periods(day, ivs, &n)) {
        g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_VALUE,
                    "bad work week day '%s' in calendar data", day->name);
        return FALSE;
      }
      if (!cpm_calendar_set_weekday(cal, (guint)d - 1, ivs, n, error))
        return FALSE;
    }
  }
  const XerNode *ex = xer_node_child(root, "Exceptions");
  if (ex != NULL) {
    for (guint i = 0; i < ex->kids->len; i++) {
      const XerNode *day = g_ptr_array_index(ex->kids, i);
      g_auto(GStrv) a = g_strsplit(day->attrs, "|", -1);
      gchar *end = NULL;
      gint64 serial = g_ascii_strtoll(a[0] != NULL && a[1] != NULL ? a[1] : "", &end, 10);
      if (g_strv_length(a) != 2 || !g_str_equal(a[0], "d") || end == a[1] || *end != '\0'
          || serial < 1 || serial > 400000 || !xer_periods(day, ivs, &n)) {
        g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_VALUE,
                    "bad exception '%s' in calendar data", day->attrs);
        return FALSE;
      }
      /* Day serials count from 1899-12-30. */
      gint64 days = cpm_days_from_civil(1899, 12, 30) + serial;
      if (!cpm_calendar_set_exception(cal, days, ivs, n, error))
        return FALSE;
    }
  }
  return TRUE;
}

static gboolean
xer_build_calendars(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "CALENDAR");
  if (t == NULL)
    return TRUE;
  /* Base calendars first: a calendar's own blob overrides its base's. */
  g_autoptr(GHashTable) rowof = xer_id_map();
  for (guint k = 0; k < t->rows->len; k++)
    xer_map_put(rowof, xer_get(t, k, "clndr_id"), k);
  for (guint k = 0; k < t->rows->len; k++) {
    const gchar *id = xer_get(t, k, "clndr_id");
    if (xer_map_get(r->calendars, id) != CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_DUPLICATE, xer_line(t, k), "duplicate calendar %s", id);
    g_autoptr(CpmCalendar) cal = cpm_calendar_new(xer_get(t, k, "clndr_name"));
    /* Up to 8 levels of base calendars, outermost first. */
    guint chain[8], depth = 0;
    for (guint32 q = k; q != CPM_NO_INDEX && depth < G_N_ELEMENTS(chain);
         q = xer_map_get(rowof, xer_get(t, q, "base_clndr_id"))) {
      chain[depth++] = q;
      if (g_str_equal(xer_get(t, q, "base_clndr_id"), xer_get(t, q, "clndr_id")))
        break;
    }
    while (depth-- > 0) {
      g_autoptr(GError) local = NULL;
      guint q = chain[depth];
      if (!xer_apply_blob(xer_get(t, q, "clndr_data"), cal, &local))
        return xer_fail(r, CPM_IMPORT_ERROR_VALUE, xer_line(t, q), "calendar %s: %s",
                        xer_get(t, q, "clndr_id"), local->message);
    }
    gdouble hpd = 8, hpw = 40;
    if (!xer_number(r, t, k, "day_hr_cnt", &hpd) || !xer_number(r, t, k, "week_hr_cnt", &hpw))
      return FALSE;
    if (hpd > 0 && hpd <= 24)
      cpm_calendar_set_hours_per_day(cal, hpd);
    if (hpw > 0 && hpw <= 168)
      cpm_calendar_set_hours_per_week(cal, hpw);
    g_autoptr(GError) local = NULL;
    if (!cpm_calendar_seal(cal, &local))
      return xer_fail(r, CPM_IMPORT_ERROR_VALUE, xer_line(t, k), "calendar %s: %s", id,
                      local->message);
    xer_map_put(r->calendars, id, cpm_schedule_add_calendar(r->schedule, cal));
  }
  return TRUE;
}

/* ---- Projects and options ------------------------------------------------- */

static gboolean
xer_build_projects(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "PROJECT");
  if (t == NULL || t->rows->len == 0)
    return xer_fail(r, CPM_IMPORT_ERROR_FORMAT, 1,
                    "no project in the file (no PROJECT rows): nothing to schedule");
  XerTable *so = g_hash_table_lookup(r->tables, "SCHEDOPTIONS");
  for (guint k = 0; k < t->rows->len; k++) {
    CpmProject p = { 0 };
    p.id = xer_get(t, k, "proj_short_name");
    p.source_file = r->filename;
    p.object_id = g_ascii_strtoll(xer_get(t, k, "proj_id"), NULL, 10);
    p.default_calendar = xer_map_get(r->calendars, xer_get(t, k, "clndr_id"));
    if (!xer_date(r, t, k, "last_recalc_date", &p.data_date)
        || !xer_date(r, t, k, "plan_start_date", &p.planned_start)
        || !xer_date(r, t, k, "plan_end_date", &p.must_finish_by))
      return FALSE;
    cpm_options_init_default(&p.options);
    CpmDuration crit = 0;
    if (!xer_hours(r, t, k, "critical_drtn_hr_cnt", TRUE, &crit))
      return FALSE;
    p.options.critical_float = crit;
    if (g_str_equal(xer_get(t, k, "critical_path_type"), "CT_DrivPath"))
      p.options.critical_mode = CPM_CRITICAL_LONGEST_PATH;
    for (guint q = 0; so != NULL && q < so->rows->len; q++) {
      if (!g_str_equal(xer_get(so, q, "proj_id"), xer_get(t, k, "proj_id")))
        continue;
      CpmOptions *o = &p.options;
      if (xer_flag(so, q, "sched_retained_logic"))
        o->progress = CPM_PROGRESS_RETAINED_LOGIC;
      else if (xer_flag(so, q, "sched_progress_override"))
        o->progress = CPM_PROGRESS_OVERRIDE;
      else
        o->progress = CPM_PROGRESS_ACTUAL_DATES;
      const gchar *lag = xer_get(so, q, "sched_calendar_on_relationship_lag");
      if (g_str_equal(lag, "rcal_Successor"))
        o->lag_calendar = CPM_LAG_CAL_SUCCESSOR;
      else if (g_str_equal(lag, "rcal_24Hour"))
        o->lag_calendar = CPM_LAG_CAL_24H;
      else if (g_str_equal(lag, "rcal_ProjDefault"))
        o->lag_calendar = CPM_LAG_CAL_PROJECT;
      const gchar *ft = xer_get(so, q, "sched_float_type");
      if (g_str_equal(ft, "FT_SF"))
        o->float_type = CPM_FLOAT_START;
      else if (g_str_equal(ft, "FT_Min"))
        o->float_type = CPM_FLOAT_SMALLEST;
      o->open_ends_critical = xer_flag(so, q, "sched_open_critical_flag");
      o->use_expected_finish = xer_flag(so, q, "sched_use_expect_end_flag");
      o->ss_lag_from_early_start = xer_flag(so, q, "sched_lag_early_start_flag");
      o->float_per_project = xer_flag(so, q, "sched_use_project_end_date_for_float");
      o->ignore_external_links = g_str_equal(xer_get(so, q, "sched_outer_depend_type"), "SD_None");
    }
    xer_map_put(r->projects, xer_get(t, k, "proj_id"), cpm_schedule_add_project(r->schedule, &p));
  }
  return TRUE;
}

static gboolean
xer_build_wbs(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "PROJWBS");
  if (t == NULL)
    return TRUE;
  for (guint k = 0; k < t->rows->len; k++) {
    guint32 proj = xer_map_get(r->projects, xer_get(t, k, "proj_id"));
    if (proj == CPM_NO_INDEX)
      continue;
    CpmWbs w = { xer_get(t, k, "wbs_short_name"), xer_get(t, k, "wbs_name"), proj, CPM_NO_INDEX,
                 g_ascii_strtoll(xer_get(t, k, "wbs_id"), NULL, 10) };
    xer_map_put(r->wbs, xer_get(t, k, "wbs_id"), cpm_schedule_add_wbs(r->schedule, &w));
  }
  for (guint k = 0; k < t->rows->len; k++) {
    guint32 self = xer_map_get(r->wbs, xer_get(t, k, "wbs_id"));
    guint32 parent = xer_map_get(r->wbs, xer_get(t, k, "parent_wbs_id"));
    if (self != CPM_NO_INDEX && parent != self)
      cpm_schedule_wbs_mut(r->schedule, self)->parent = parent;
  }
  return TRUE;
}

static gboolean
xer_build_resources(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "RSRC");
  if (t == NULL)
    return TRUE;
  for (guint k = 0; k < t->rows->len; k++) {
    CpmResource res = { xer_get(t, k, "rsrc_short_name"), xer_get(t, k, "rsrc_name"),
                        g_ascii_strtoll(xer_get(t, k, "rsrc_id"), NULL, 10),
                        xer_map_get(r->calendars, xer_get(t, k, "clndr_id")) };
    xer_map_put(r->resources, xer_get(t, k, "rsrc_id"),
                cpm_schedule_add_resource(r->schedule, &res));
  }
  return TRUE;
}

/* ---- Activities and links ------------------------------------------------- */

static const struct {
  const gchar *code;
  CpmActivityType type;
} xer_task_types[] = {
  { "TT_Task", CPM_ACT_TASK },
  { "TT_Rsrc", CPM_ACT_RESOURCE },
  { "TT_Mile", CPM_ACT_START_MILESTONE },
  { "TT_FinMile", CPM_ACT_FINISH_MILESTONE },
  { "TT_LOE", CPM_ACT_LOE },
  { "TT_WBS", CPM_ACT_WBS_SUMMARY },
};

static const struct {
  const gchar *code;
  CpmConstraintType type;
} xer_constraints[] = {
  { "CS_MSO", CPM_CSTR_START_ON },
  { "CS_MSOA", CPM_CSTR_START_ON_OR_AFTER },
  { "CS_MSOB", CPM_CSTR_START_ON_OR_BEFORE },
  { "CS_MEO", CPM_CSTR_FINISH_ON },
  { "CS_MEOA", CPM_CSTR_FINISH_ON_OR_AFTER },
  { "CS_MEOB", CPM_CSTR_FINISH_ON_OR_BEFORE },
  { "CS_MANDSTART", CPM_CSTR_MANDATORY_START },
  { "CS_MANDFIN", CPM_CSTR_MANDATORY_FINISH },
  { "CS_ALAP", CPM_CSTR_ALAP },
};

static gboolean
xer_constraint(XerReader *r, const XerTable *t, guint k, const gchar *type_field,
               const gchar *date_field, CpmConstraintType *type_out, CpmTime *date_out)
{
  const gchar *code = xer_get(t, k, type_field);
  *type_out = CPM_CSTR_NONE;
  *date_out = CPM_TIME_NONE;
  if (*code == '\0')
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS(xer_constraints); i++) {
    if (g_str_equal(code, xer_constraints[i].code)) {
      *type_out = xer_constraints[i].type;
      if (!xer_date(r, t, k, date_field, date_out))
        return FALSE;
      if (*date_out == CPM_TIME_NONE && *type_out != CPM_CSTR_ALAP)
        return xer_fail(r, CPM_IMPORT_ERROR_VALUE, xer_line(t, k),
                        "TASK.%s: constraint %s has no date", type_field, code);
      return TRUE;
    }
  }
  return xer_fail(r, CPM_IMPORT_ERROR_VALUE, xer_line(t, k), "TASK.%s: unknown constraint '%s'",
                  type_field, code);
}

static gboolean
xer_build_tasks(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "TASK");
  if (t == NULL)
    return TRUE;
  cpm_schedule_reserve(r->schedule, cpm_schedule_n_activities(r->schedule) + t->rows->len, 0);
  for (guint k = 0; k < t->rows->len; k++) {
    guint32 line = xer_line(t, k);
    CpmActivity a;
    cpm_activity_init(&a);
    a.id = xer_get(t, k, "task_code");
    a.name = xer_get(t, k, "task_name");
    a.object_id = g_ascii_strtoll(xer_get(t, k, "task_id"), NULL, 10);
    a.line = line;
    a.project = xer_map_get(r->projects, xer_get(t, k, "proj_id"));
    if (a.project == CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_REFERENCE, line, "task %s: project %s is not in the file",
                      a.id, xer_get(t, k, "proj_id"));
    a.wbs = xer_map_get(r->wbs, xer_get(t, k, "wbs_id"));
    a.calendar = xer_map_get(r->calendars, xer_get(t, k, "clndr_id"));
    if (a.calendar == CPM_NO_INDEX)
      a.calendar = cpm_schedule_project(r->schedule, a.project)->default_calendar;
    if (a.calendar == CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_REFERENCE, line,
                      "task %s: calendar %s is not in the file", a.id, xer_get(t, k, "clndr_id"));
    const gchar *type = xer_get(t, k, "task_type");
    gboolean known = FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS(xer_task_types) && !known; i++) {
      if (g_str_equal(type, xer_task_types[i].code)) {
        a.type = xer_task_types[i].type;
        known = TRUE;
      }
    }
    if (!known)
      return xer_fail(r, CPM_IMPORT_ERROR_VALUE, line, "task %s: unknown task_type '%s'", a.id,
                      type);
    const gchar *status = xer_get(t, k, "status_code");
    if (!g_str_equal(status, "TK_NotStart") && !g_str_equal(status, "TK_Active")
        && !g_str_equal(status, "TK_Complete"))
      return xer_fail(r, CPM_IMPORT_ERROR_VALUE, line, "task %s: unknown status_code '%s'", a.id,
                      status);
    gdouble pct = 0;
    if (!xer_hours(r, t, k, "target_drtn_hr_cnt", FALSE, &a.planned_duration)
        || !xer_hours(r, t, k, "remain_drtn_hr_cnt", FALSE, &a.remaining_duration)
        || !xer_number(r, t, k, "phys_complete_pct", &pct)
        || !xer_date(r, t, k, "act_start_date", &a.actual_start)
        || !xer_date(r, t, k, "act_end_date", &a.actual_finish)
        || !xer_date(r, t, k, "expect_end_date", &a.expected_finish)
        || !xer_date(r, t, k, "suspend_date", &a.suspend_date)
        || !xer_date(r, t, k, "resume_date", &a.resume_date)
        || !xer_constraint(r, t, k, "cstr_type", "cstr_date", &a.constraint, &a.constraint_date)
        || !xer_constraint(r, t, k, "cstr_type2", "cstr_date2", &a.constraint2,
                           &a.constraint2_date))
      return FALSE;
    a.percent_complete = CLAMP(pct, 0, 100);
    if (*xer_get(t, k, "remain_drtn_hr_cnt") == '\0' && a.actual_start == CPM_TIME_NONE)
      a.remaining_duration = a.planned_duration;
    if (g_str_equal(status, "TK_Complete") && a.actual_finish == CPM_TIME_NONE)
      return xer_fail(r, CPM_IMPORT_ERROR_VALUE, line, "task %s: complete without act_end_date",
                      a.id);
    if (a.type == CPM_ACT_START_MILESTONE || a.type == CPM_ACT_FINISH_MILESTONE)
      a.planned_duration = a.remaining_duration = 0;
    g_autoptr(GError) local = NULL;
    guint32 index = cpm_schedule_add_activity(r->schedule, &a, &local);
    if (index == CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_DUPLICATE, line, "%s", local->message);
    const gchar *task_id = xer_get(t, k, "task_id");
    if (xer_map_get(r->tasks, task_id) != CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_DUPLICATE, line, "duplicate task_id %s", task_id);
    xer_map_put(r->tasks, task_id, index);
  }
  return TRUE;
}

static gboolean
xer_build_links(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "TASKPRED");
  if (t == NULL)
    return TRUE;
  cpm_schedule_reserve(r->schedule, 0, cpm_schedule_n_relations(r->schedule) + t->rows->len);
  guint external = 0;
  for (guint k = 0; k < t->rows->len; k++) {
    guint32 line = xer_line(t, k);
    const gchar *succ_id = xer_get(t, k, "task_id"), *pred_id = xer_get(t, k, "pred_task_id");
    guint32 succ = xer_map_get(r->tasks, succ_id), pred = xer_map_get(r->tasks, pred_id);
    if (succ == CPM_NO_INDEX || pred == CPM_NO_INDEX) {
      const gchar *proj
          = succ == CPM_NO_INDEX ? xer_get(t, k, "proj_id") : xer_get(t, k, "pred_proj_id");
      if (xer_map_get(r->projects, proj) == CPM_NO_INDEX) {
        if (external++ == 0)
          cpm_schedule_add_note(r->schedule,
                                "%s:%u: relationship %s links to project %s, which is not in "
                                "this file: ignored",
                                r->filename, line, xer_get(t, k, "task_pred_id"), proj);
        continue;
      }
      return xer_fail(r, CPM_IMPORT_ERROR_REFERENCE, line,
                      "relationship %s: task %s does not exist", xer_get(t, k, "task_pred_id"),
                      succ == CPM_NO_INDEX ? succ_id : pred_id);
    }
    CpmRelation rel = { pred, succ, CPM_LINK_FS, 0, line };
    const gchar *type = xer_get(t, k, "pred_type");
    if (g_str_equal(type, "PR_FS"))
      rel.type = CPM_LINK_FS;
    else if (g_str_equal(type, "PR_SS"))
      rel.type = CPM_LINK_SS;
    else if (g_str_equal(type, "PR_FF"))
      rel.type = CPM_LINK_FF;
    else if (g_str_equal(type, "PR_SF"))
      rel.type = CPM_LINK_SF;
    else
      return xer_fail(r, CPM_IMPORT_ERROR_VALUE, line, "unknown pred_type '%s'", type);
    if (!xer_hours(r, t, k, "lag_hr_cnt", TRUE, &rel.lag))
      return FALSE;
    cpm_schedule_add_relation(r->schedule, &rel);
  }
  if (external > 1)
    cpm_schedule_add_note(r->schedule, "%s: %u relationships to projects not in this file ignored",
                          r->filename, external);
  return TRUE;
}

static gboolean
xer_build_assignments(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "TASKRSRC");
  if (t == NULL)
    return TRUE;
  for (guint k = 0; k < t->rows->len; k++) {
    guint32 task = xer_map_get(r->tasks, xer_get(t, k, "task_id"));
    guint32 res = xer_map_get(r->resources, xer_get(t, k, "rsrc_id"));
    if (task == CPM_NO_INDEX || res == CPM_NO_INDEX)
      continue;
    gdouble qty = 0, per_hr = 0;
    if (!xer_number(r, t, k, "remain_qty", &qty)
        || !xer_number(r, t, k, "remain_qty_per_hr", &per_hr))
      return FALSE;
    if (per_hr <= 0 && !xer_number(r, t, k, "target_qty_per_hr", &per_hr))
      return FALSE;
    /* Units per hour outside 0..1e6 take no part in the dates. */
    if (per_hr <= 0 || per_hr > 1e6)
      continue;
    CpmAssignment as
        = { task, res, per_hr, (CpmDuration)llround(CLAMP(qty, 0, XER_MAX_HOURS) * 60) };
    cpm_schedule_add_assignment(r->schedule, &as);
  }
  return TRUE;
}

static gboolean
xer_build_codes(XerReader *r)
{
  XerTable *types = g_hash_table_lookup(r->tables, "ACTVTYPE");
  XerTable *values = g_hash_table_lookup(r->tables, "ACTVCODE");
  XerTable *uses = g_hash_table_lookup(r->tables, "TASKACTV");
  for (guint k = 0; types != NULL && k < types->rows->len; k++) {
    CpmCodeType ct = { xer_get(types, k, "actv_code_type"),
                       xer_map_get(r->projects, xer_get(types, k, "proj_id")),
                       g_ascii_strtoll(xer_get(types, k, "actv_code_type_id"), NULL, 10) };
    xer_map_put(r->code_types, xer_get(types, k, "actv_code_type_id"),
                cpm_schedule_add_code_type(r->schedule, &ct));
  }
  for (guint k = 0; values != NULL && k < values->rows->len; k++) {
    guint32 type = xer_map_get(r->code_types, xer_get(values, k, "actv_code_type_id"));
    if (type == CPM_NO_INDEX)
      continue;
    CpmCodeValue cv
        = { type, xer_get(values, k, "short_name"), xer_get(values, k, "actv_code_name"),
            g_ascii_strtoll(xer_get(values, k, "actv_code_id"), NULL, 10) };
    xer_map_put(r->code_values, xer_get(values, k, "actv_code_id"),
                cpm_schedule_add_code_value(r->schedule, &cv));
  }
  for (guint k = 0; uses != NULL && k < uses->rows->len; k++) {
    guint32 task = xer_map_get(r->tasks, xer_get(uses, k, "task_id"));
    guint32 value = xer_map_get(r->code_values, xer_get(uses, k, "actv_code_id"));
    if (task != CPM_NO_INDEX && value != CPM_NO_INDEX)
      cpm_schedule_add_code_assignment(r->schedule, task, value);
  }
  return TRUE;
}

/* The tables critpath reads; any other is noted and skipped. */
static const gchar *const xer_used_tables[] = {
  "PROJECT", "CALENDAR", "SCHEDOPTIONS", "PROJWBS",  "TASK",     "TASKPRED",
  "RSRC",    "TASKRSRC", "ACTVTYPE",     "ACTVCODE", "TASKACTV", NULL,
};

/* Skipped tables are noted in file order. */
static gint
xer_compare_tables(gconstpointer a, gconstpointer b)
{
  const XerTable *x = *(XerTable *const *)a, *y = *(XerTable *const *)b;
  return x->line < y->line ? -1 : x->line > y->line;
}

gboolean
cpm_import_xer(CpmSchedule *schedule, const gchar *filename, GError **error)
{
  g_return_val_if_fail(schedule != NULL && filename != NULL, FALSE);

  g_autofree gchar *raw = NULL;
  gsize len = 0;
  g_autoptr(GError) io = NULL;
  if (!g_file_get_contents(filename, &raw, &len, &io)) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot read: %s", filename,
                io->message);
    return FALSE;
  }
  if (memchr(raw, '\0', len) != NULL) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_SYNTAX,
                "%s:1: binary data (a NUL byte) in an XER file", filename);
    return FALSE;
  }
  /* Windows-1252 unless the text is valid UTF-8 already. */
  g_autofree gchar *text = NULL;
  if (g_utf8_validate(raw, (gssize)len, NULL)) {
    text = g_steal_pointer(&raw);
  } else {
    text
        = g_convert_with_fallback(raw, (gssize)len, "UTF-8", "WINDOWS-1252", "?", NULL, NULL, NULL);
    if (text == NULL) {
      g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_SYNTAX,
                  "%s:1: the text is neither UTF-8 nor Windows-1252", filename);
      return FALSE;
    }
  }

  XerReader r = { 0 };
  r.filename = filename;
  r.schedule = schedule;
  r.tables = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)xer_table_free);
  r.calendars = xer_id_map();
  r.projects = xer_id_map();
  r.wbs = xer_id_map();
  r.tasks = xer_id_map();
  r.resources = xer_id_map();
  r.code_types = xer_id_map();
  r.code_values = xer_id_map();

  gboolean ok = xer_read_tables(&r, text) && xer_build_calendars(&r) && xer_build_projects(&r)
                && xer_build_wbs(&r) && xer_build_resources(&r) && xer_build_tasks(&r)
                && xer_build_links(&r) && xer_build_assignments(&r) && xer_build_codes(&r);
  if (ok) {
    GHashTableIter it;
    gpointer key, value;
    g_autoptr(GPtrArray) skipped = g_ptr_array_new();
    g_hash_table_iter_init(&it, r.tables);
    while (g_hash_table_iter_next(&it, &key, &value))
      if (!g_strv_contains(xer_used_tables, key))
        g_ptr_array_add(skipped, value);
    g_ptr_array_sort(skipped, xer_compare_tables);
    for (guint i = 0; i < skipped->len; i++) {
      XerTable *tb = g_ptr_array_index(skipped, i);
      cpm_schedule_add_note(schedule, "%s:%u: table %s skipped", filename, tb->line, tb->name);
    }
  } else {
    g_propagate_error(error, g_steal_pointer(&r.error));
  }
  xer_reader_clear(&r);
  return ok;
}
