/* SPDX-License-Identifier: MIT
 *
 * cpm-import-xer.c: the Primavera XER reader. An XER file is text: a header
 * line `ERMHDR`, then tables, each `%T NAME`, one `%F` line of field names and
 * `%R` rows, tab-separated, and `%E` at the end; text is Windows-1252 unless
 * it is valid UTF-8 (bytes Windows-1252 leaves undefined become '?', with a
 * note). The reader converts the file once, splits it in place (a row is an
 * array of pointers into the text: no copy per field), keeps the rows of the
 * tables it uses, then builds the model in dependency order (calendars,
 * projects and their scheduling options, WBS, resources, activities,
 * relationships, assignments, activity codes), so the order of the tables in
 * the file does not matter. It reads P6's inputs only: the dates and floats
 * P6 computed (early_*, late_*, restart/reend, rem_late_*, total/free float,
 * driving and float-path flags, scd_end_date, TASKPRED aref/arls) are never
 * looked at. Conventions follow the P6 XML reader: the project's own WBS node
 * (proj_node_flag Y) is not a WBS node, an activity without a calendar takes
 * its project's, a relationship to a project absent from the file is noted
 * and dropped. Any other table is noted once and skipped. Errors are
 * `FILE:LINE: ...` on one line. O(size of the file) time and memory, plus
 * O(r log r) to list skipped tables.
 */
#include "cpm-import.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define XER_MAX_HOURS 1e8 /* largest duration or lag, hours (as for P6 XML) */
#define XER_MAX_BASES 8   /* deepest chain of base calendars followed */

/* One buffered table: its field names and rows. Cells point into the text
 * of the file, which outlives the reader. */
typedef struct {
  gchar *name;        /* table name, owned */
  GHashTable *fields; /* field name (borrowed from the text) -> column + 1, owned */
  guint n_fields;     /* columns per row; 0 until the %F line */
  GPtrArray *cells;   /* gchar *, n_fields per row, row-major; cells borrowed */
  GArray *lines;      /* guint32 source line of each row; its length is the row count */
  guint32 line;       /* source line of the first %T line */
} XerTable;

typedef struct {
  const gchar *filename;     /* for messages; borrowed */
  CpmSchedule *schedule;     /* borrowed */
  GHashTable *tables;        /* name -> XerTable *, owned */
  GHashTable *calendars;     /* clndr_id -> calendar index + 1, owned */
  GHashTable *projects;      /* proj_id -> project index + 1, owned */
  GHashTable *wbs;           /* wbs_id -> WBS index + 1, owned */
  GHashTable *tasks;         /* task_id -> activity index + 1, owned */
  GHashTable *resources;     /* rsrc_id -> resource index + 1, owned */
  GHashTable *code_types;    /* actv_code_type_id -> code type index + 1, owned */
  GHashTable *code_values;   /* actv_code_id -> code value index + 1, owned */
  guint32 fallback_calendar; /* calendar of projects without one, or CPM_NO_INDEX */
  guint n_bad_planned;       /* planned dates dropped (noted once) */
  GError *error;             /* the first error, owned */
} XerReader;

static void
xer_table_free(XerTable *t)
{
  g_free(t->name);
  g_hash_table_unref(t->fields);
  g_ptr_array_unref(t->cells);
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

/* Records the first error (FILE:LINE: message) and returns FALSE. */
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

/* Splits s at tabs in place, appending the pieces to cells; returns their
 * count. */
static guint
xer_split_tabs(gchar *s, GPtrArray *cells)
{
  guint n = 1;
  g_ptr_array_add(cells, s);
  for (gchar *tab = strchr(s, '\t'); tab != NULL; tab = strchr(tab + 1, '\t')) {
    *tab = '\0';
    g_ptr_array_add(cells, tab + 1);
    n++;
  }
  return n;
}

/* A %F line: names the fields of the current table. A table repeated later
 * in the file must name the same fields in the same order. */
static gboolean
xer_read_fields(XerReader *r, XerTable *cur, gchar *names, guint32 line)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new();
  guint n = xer_split_tabs(names, list);
  if (cur->n_fields > 0) {
    gboolean same = n == cur->n_fields;
    for (guint i = 0; i < n && same; i++)
      same = GPOINTER_TO_UINT(g_hash_table_lookup(cur->fields, list->pdata[i])) == i + 1;
    if (!same)
      return xer_fail(r, CPM_IMPORT_ERROR_SYNTAX, line,
                      "table %s is given again with other fields than at line %u", cur->name,
                      cur->line);
    return TRUE;
  }
  for (guint i = 0; i < n; i++)
    g_hash_table_replace(cur->fields, list->pdata[i], GUINT_TO_POINTER(i + 1));
  cur->n_fields = n;
  return TRUE;
}

/* Splits the (UTF-8) text into buffered tables, in place. */
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
        cur->fields = g_hash_table_new(g_str_hash, g_str_equal);
        cur->cells = g_ptr_array_new();
        cur->lines = g_array_new(FALSE, FALSE, sizeof(guint32));
        cur->line = line;
        g_hash_table_insert(r->tables, cur->name, cur);
      }
    } else if (g_str_has_prefix(p, "%F\t")) {
      if (cur == NULL)
        return xer_fail(r, CPM_IMPORT_ERROR_SYNTAX, line, "%%F before any %%T table");
      if (!xer_read_fields(r, cur, p + 3, line))
        return FALSE;
    } else if (g_str_has_prefix(p, "%R\t") || g_str_equal(p, "%R")) {
      if (cur == NULL || cur->n_fields == 0)
        return xer_fail(r, CPM_IMPORT_ERROR_SYNTAX, line,
                        "%%R row before the %%F line that names its fields");
      guint n = xer_split_tabs(len > 2 ? p + 3 : p + 2, cur->cells);
      if (n != cur->n_fields)
        return xer_fail(r, CPM_IMPORT_ERROR_SYNTAX, line,
                        "row of table %s has %u fields, its %%F line names %u", cur->name, n,
                        cur->n_fields);
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

static guint
xer_n_rows(const XerTable *t)
{
  return t == NULL ? 0 : t->lines->len;
}

/* The value of `field` in row k of table t ("" when the table lacks the
 * field). */
static const gchar *
xer_get(const XerTable *t, guint k, const gchar *field)
{
  guint col = GPOINTER_TO_UINT(g_hash_table_lookup(t->fields, field));
  if (col == 0)
    return "";
  return g_ptr_array_index(t->cells, (gsize)k * t->n_fields + col - 1);
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

/* Hours to working minutes (rounded to the nearest), bounded; negative
 * only when allowed. */
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

/* `YYYY-MM-DD HH:MM`; "" is no date. */
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

/* One value of an XER enumeration and what it means to critpath. */
typedef struct {
  const gchar *code; /* the XER spelling, compared without regard to case */
  gint value;        /* the critpath enum value */
} XerEnum;

/* Looks field up in a table of codes: "" keeps *out, an unknown code is a
 * CPM_IMPORT_ERROR_VALUE. */
static gboolean
xer_enum(XerReader *r, const XerTable *t, guint k, const gchar *field, const XerEnum *codes,
         gsize n_codes, gint *out)
{
  const gchar *text = xer_get(t, k, field);
  if (*text == '\0')
    return TRUE;
  for (gsize i = 0; i < n_codes; i++) {
    if (g_ascii_strcasecmp(text, codes[i].code) == 0) {
      *out = codes[i].value;
      return TRUE;
    }
  }
  return xer_fail(r, CPM_IMPORT_ERROR_VALUE, xer_line(t, k), "%s.%s: unknown value '%s'", t->name,
                  field, text);
}

/* ---- Calendars ------------------------------------------------------------ */

/* A node of the clndr_data blob: `(0||NAME(ATTRS)(CHILDREN))`. */
typedef struct XerNode {
  gchar *name;     /* node name ("DaysOfWeek", "2", ...), owned */
  gchar *attrs;    /* attributes: "s|08:00|f|12:00", "d|44047", ..., owned */
  GPtrArray *kids; /* child nodes, struct XerNode *, owned */
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

/* Recursive descent, depth-limited; NULL on a syntax error, with *p near
 * the fault. O(length of the blob). */
static XerNode *
xer_parse_node(const gchar **p, guint depth)
{
  xer_skip_space(p);
  if (depth > 16 || **p != '(')
    return NULL;
  (*p)++;
  /* `0||NAME(ATTRS)`: no parenthesis before the name's own. */
  const gchar *bars = strstr(*p, "||");
  if (bars == NULL || strcspn(*p, "()") < (gsize)(bars - *p))
    return NULL;
  const gchar *name_start = bars + 2;
  const gchar *open = strpbrk(name_start, "()|");
  if (open == NULL || *open != '(')
    return NULL;
  const gchar *close = strpbrk(open + 1, "()");
  if (close == NULL || *close != ')')
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
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_VALUE,
                "malformed calendar data (at character %" G_GSIZE_FORMAT " of clndr_data)",
                (gsize)(p - blob) + 1);
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
  g_autoptr(GHashTable) rowof = xer_id_map();
  gboolean have_default = FALSE;
  for (guint k = 0; k < xer_n_rows(t); k++)
    xer_map_put(rowof, xer_get(t, k, "clndr_id"), k);
  for (guint k = 0; k < xer_n_rows(t); k++) {
    const gchar *id = xer_get(t, k, "clndr_id");
    if (xer_map_get(r->calendars, id) != CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_DUPLICATE, xer_line(t, k), "duplicate calendar %s", id);
    g_autoptr(CpmCalendar) cal = cpm_calendar_new(xer_get(t, k, "clndr_name"));
    /* Base calendars first (outermost first): a calendar's own blob
     * overrides its base's work week and adds to its exceptions. */
    guint chain[XER_MAX_BASES], depth = 0;
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
    guint32 index = cpm_schedule_add_calendar(r->schedule, cal);
    xer_map_put(r->calendars, id, index);
    /* The fallback: the first default_flag calendar, else the first one. */
    if (r->fallback_calendar == CPM_NO_INDEX || (xer_flag(t, k, "default_flag") && !have_default)) {
      r->fallback_calendar = index;
      have_default = xer_flag(t, k, "default_flag");
    }
  }
  return TRUE;
}

/* The calendar of a project that names none (or one not in the file):
 * the file's default calendar, else its first, else Monday to Friday,
 * 08:00-12:00 and 13:00-17:00, made up with a note (as the P6 XML reader
 * does). */
static guint32
xer_fallback_calendar(XerReader *r)
{
  if (r->fallback_calendar != CPM_NO_INDEX)
    return r->fallback_calendar;
  static const CpmWorkInterval day[] = { { 480, 720 }, { 780, 1020 } };
  g_autoptr(CpmCalendar) calendar = cpm_calendar_new("Standard (critpath default)");
  for (guint d = 1; d <= 5; d++)
    cpm_calendar_set_weekday(calendar, d, day, G_N_ELEMENTS(day), NULL);
  cpm_calendar_set_hours_per_day(calendar, 8);
  cpm_calendar_set_hours_per_week(calendar, 40);
  cpm_calendar_seal(calendar, NULL);
  cpm_schedule_add_note(r->schedule,
                        "%s:1: no calendar in the file; using Monday to Friday, 08:00-12:00 and "
                        "13:00-17:00, 8 hours a day",
                        r->filename);
  r->fallback_calendar = cpm_schedule_add_calendar(r->schedule, calendar);
  return r->fallback_calendar;
}

/* ---- Projects and options ------------------------------------------------- */

static const XerEnum xer_lag_calendars[] = {
  { "rcal_Predecessor", CPM_LAG_CAL_PREDECESSOR },
  { "rcal_Successor", CPM_LAG_CAL_SUCCESSOR },
  { "rcal_24Hour", CPM_LAG_CAL_24H },
  { "rcal_ProjDefault", CPM_LAG_CAL_PROJECT },
  { "rcal_Project", CPM_LAG_CAL_PROJECT },
};

/* MPXJ writes start float as FT_SS; FT_SF is accepted as well. */
static const XerEnum xer_float_types[] = {
  { "FT_FF", CPM_FLOAT_FINISH },
  { "FT_SS", CPM_FLOAT_START },
  { "FT_SF", CPM_FLOAT_START },
  { "FT_Min", CPM_FLOAT_SMALLEST },
};

static const XerEnum xer_critical_types[] = {
  { "CT_TotFloat", CPM_CRITICAL_FLOAT },
  { "CT_DrivPath", CPM_CRITICAL_LONGEST_PATH },
};

/* The SCHEDOPTIONS row q of a project (P6's F9 dialog). */
static gboolean
xer_read_options(XerReader *r, const XerTable *so, guint q, CpmOptions *o)
{
  if (xer_flag(so, q, "sched_retained_logic"))
    o->progress = CPM_PROGRESS_RETAINED_LOGIC;
  else if (xer_flag(so, q, "sched_progress_override"))
    o->progress = CPM_PROGRESS_OVERRIDE;
  else
    o->progress = CPM_PROGRESS_ACTUAL_DATES;
  gint lag = (gint)o->lag_calendar, ft = (gint)o->float_type;
  if (!xer_enum(r, so, q, "sched_calendar_on_relationship_lag", xer_lag_calendars,
                G_N_ELEMENTS(xer_lag_calendars), &lag)
      || !xer_enum(r, so, q, "sched_float_type", xer_float_types, G_N_ELEMENTS(xer_float_types),
                   &ft))
    return FALSE;
  o->lag_calendar = (CpmLagCalendar)lag;
  o->float_type = (CpmFloatType)ft;
  o->open_ends_critical = xer_flag(so, q, "sched_open_critical_flag");
  o->use_expected_finish = xer_flag(so, q, "sched_use_expect_end_flag");
  o->ss_lag_from_early_start = xer_flag(so, q, "sched_lag_early_start_flag");
  if (*xer_get(so, q, "sched_use_project_end_date_for_float") != '\0')
    o->float_per_project = xer_flag(so, q, "sched_use_project_end_date_for_float");
  /* SD_Both (the default) keeps links to other projects; SD_None ignores
   * them (MPXJ writes these two). */
  o->ignore_external_links
      = g_ascii_strcasecmp(xer_get(so, q, "sched_outer_depend_type"), "SD_None") == 0;
  return TRUE;
}

static gboolean
xer_build_projects(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "PROJECT");
  if (xer_n_rows(t) == 0)
    return xer_fail(r, CPM_IMPORT_ERROR_FORMAT, 1,
                    "no project in the file (no PROJECT rows): nothing to schedule");
  XerTable *so = g_hash_table_lookup(r->tables, "SCHEDOPTIONS");
  g_autoptr(GHashTable) codes = xer_id_map();
  for (guint k = 0; k < xer_n_rows(t); k++) {
    guint32 line = xer_line(t, k);
    const gchar *proj_id = xer_get(t, k, "proj_id");
    CpmProject p = { 0 };
    p.id = xer_get(t, k, "proj_short_name");
    p.source_file = r->filename;
    p.object_id = g_ascii_strtoll(proj_id, NULL, 10);
    if (xer_map_get(r->projects, proj_id) != CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_DUPLICATE, line, "duplicate proj_id %s", proj_id);
    if (xer_map_get(codes, p.id) != CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_DUPLICATE, line,
                      "duplicate project Id '%s' (proj_short_name)", p.id);
    xer_map_put(codes, p.id, k);
    /* plan_end_date is P6's Must Finish By; scd_end_date is P6's computed
     * finish and is not read. */
    if (!xer_date(r, t, k, "last_recalc_date", &p.data_date)
        || !xer_date(r, t, k, "plan_start_date", &p.planned_start)
        || !xer_date(r, t, k, "plan_end_date", &p.must_finish_by))
      return FALSE;
    const gchar *cal = xer_get(t, k, "clndr_id");
    gboolean named = *cal != '\0';
    p.default_calendar = xer_map_get(r->calendars, cal);
    if (p.default_calendar == CPM_NO_INDEX) {
      p.default_calendar = xer_fallback_calendar(r);
      if (named)
        cpm_schedule_add_note(
            r->schedule,
            "%s:%u: project '%s': default calendar %s is not in the file; "
            "using '%s'",
            r->filename, line, p.id, cal,
            cpm_calendar_get_name(cpm_schedule_calendar(r->schedule, p.default_calendar)));
    }
    cpm_options_init_default(&p.options);
    CpmDuration crit = 0;
    gint mode = (gint)p.options.critical_mode;
    if (!xer_hours(r, t, k, "critical_drtn_hr_cnt", TRUE, &crit)
        || !xer_enum(r, t, k, "critical_path_type", xer_critical_types,
                     G_N_ELEMENTS(xer_critical_types), &mode))
      return FALSE;
    p.options.critical_float = crit;
    p.options.critical_mode = (CpmCriticalMode)mode;
    for (guint q = 0; q < xer_n_rows(so); q++)
      if (g_str_equal(xer_get(so, q, "proj_id"), proj_id)
          && !xer_read_options(r, so, q, &p.options))
        return FALSE;
    xer_map_put(r->projects, proj_id, cpm_schedule_add_project(r->schedule, &p));
  }
  return TRUE;
}

/* WBS nodes; the project's own node (proj_node_flag Y) is the project, not a
 * WBS node: its children are top nodes, its activities have no WBS (as in
 * P6 XML), and its wbs_name is the project's name. */
static gboolean
xer_build_wbs(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "PROJWBS");
  for (guint k = 0; k < xer_n_rows(t); k++) {
    guint32 proj = xer_map_get(r->projects, xer_get(t, k, "proj_id"));
    const gchar *wbs_id = xer_get(t, k, "wbs_id");
    if (proj == CPM_NO_INDEX)
      continue;
    if (xer_flag(t, k, "proj_node_flag")) {
      /* Its name is the project's name. */
      const gchar *name = xer_get(t, k, "wbs_name");
      if (*name != '\0')
        cpm_schedule_project_mut(r->schedule, proj)->name = cpm_schedule_intern(r->schedule, name);
      continue;
    }
    if (xer_map_get(r->wbs, wbs_id) != CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_DUPLICATE, xer_line(t, k), "duplicate wbs_id %s", wbs_id);
    CpmWbs w = { xer_get(t, k, "wbs_short_name"), xer_get(t, k, "wbs_name"), proj, CPM_NO_INDEX,
                 g_ascii_strtoll(wbs_id, NULL, 10) };
    xer_map_put(r->wbs, wbs_id, cpm_schedule_add_wbs(r->schedule, &w));
  }
  for (guint k = 0; k < xer_n_rows(t); k++) {
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
  for (guint k = 0; k < xer_n_rows(t); k++) {
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
  const gchar *code;    /* TASK.task_type */
  CpmActivityType type; /* what it means */
} xer_task_types[] = {
  { "TT_Task", CPM_ACT_TASK },
  { "TT_Rsrc", CPM_ACT_RESOURCE },
  { "TT_Mile", CPM_ACT_START_MILESTONE },
  { "TT_FinMile", CPM_ACT_FINISH_MILESTONE },
  { "TT_LOE", CPM_ACT_LOE },
  { "TT_WBS", CPM_ACT_WBS_SUMMARY },
};

static const struct {
  const gchar *code;      /* TASK.cstr_type / cstr_type2 */
  CpmConstraintType type; /* what it means */
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

/* Reads the activity of TASK row k into a. */
static gboolean
xer_read_task(XerReader *r, const XerTable *t, guint k, CpmActivity *a)
{
  guint32 line = xer_line(t, k);
  cpm_activity_init(a);
  a->id = xer_get(t, k, "task_code");
  a->name = xer_get(t, k, "task_name");
  a->object_id = g_ascii_strtoll(xer_get(t, k, "task_id"), NULL, 10);
  a->line = line;
  a->project = xer_map_get(r->projects, xer_get(t, k, "proj_id"));
  if (a->project == CPM_NO_INDEX)
    return xer_fail(r, CPM_IMPORT_ERROR_REFERENCE, line, "task %s: project %s is not in the file",
                    a->id, xer_get(t, k, "proj_id"));
  a->wbs = xer_map_get(r->wbs, xer_get(t, k, "wbs_id"));
  const gchar *cal = xer_get(t, k, "clndr_id");
  gboolean named = *cal != '\0';
  a->calendar = xer_map_get(r->calendars, cal);
  if (a->calendar == CPM_NO_INDEX && named)
    return xer_fail(r, CPM_IMPORT_ERROR_REFERENCE, line, "task %s: calendar %s is not in the file",
                    a->id, cal);
  if (a->calendar == CPM_NO_INDEX)
    a->calendar = cpm_schedule_project(r->schedule, a->project)->default_calendar;
  const gchar *type = xer_get(t, k, "task_type");
  gboolean known = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(xer_task_types) && !known; i++) {
    if (g_str_equal(type, xer_task_types[i].code)) {
      a->type = xer_task_types[i].type;
      known = TRUE;
    }
  }
  if (!known)
    return xer_fail(r, CPM_IMPORT_ERROR_VALUE, line, "task %s: unknown task_type '%s'", a->id,
                    type);
  const gchar *status = xer_get(t, k, "status_code");
  if (!g_str_equal(status, "TK_NotStart") && !g_str_equal(status, "TK_Active")
      && !g_str_equal(status, "TK_Complete"))
    return xer_fail(r, CPM_IMPORT_ERROR_VALUE, line, "task %s: unknown status_code '%s'", a->id,
                    status);
  gdouble pct = 0;
  if (!xer_hours(r, t, k, "target_drtn_hr_cnt", FALSE, &a->planned_duration)
      || !xer_hours(r, t, k, "remain_drtn_hr_cnt", FALSE, &a->remaining_duration)
      || !xer_number(r, t, k, "phys_complete_pct", &pct)
      || !xer_date(r, t, k, "act_start_date", &a->actual_start)
      || !xer_date(r, t, k, "act_end_date", &a->actual_finish)
      || !xer_date(r, t, k, "expect_end_date", &a->expected_finish)
      || !xer_date(r, t, k, "suspend_date", &a->suspend_date)
      || !xer_date(r, t, k, "resume_date", &a->resume_date)
      || !xer_constraint(r, t, k, "cstr_type", "cstr_date", &a->constraint, &a->constraint_date)
      || !xer_constraint(r, t, k, "cstr_type2", "cstr_date2", &a->constraint2,
                         &a->constraint2_date))
    return FALSE;
  /* Percent complete as P6 shows it: physical, or duration % for
   * CP_Drtn (units % is not derived: physical is kept). */
  if (g_str_equal(xer_get(t, k, "complete_pct_type"), "CP_Drtn") && a->planned_duration > 0)
    pct = 100.0 * (1.0 - (gdouble)a->remaining_duration / (gdouble)a->planned_duration);
  a->percent_complete = CLAMP(pct, 0, 100);
  if (*xer_get(t, k, "remain_drtn_hr_cnt") == '\0' && a->actual_start == CPM_TIME_NONE)
    a->remaining_duration = a->planned_duration;
  if (g_str_equal(status, "TK_Complete") && a->actual_finish == CPM_TIME_NONE)
    return xer_fail(r, CPM_IMPORT_ERROR_VALUE, line, "task %s: complete without act_end_date",
                    a->id);
  if (g_str_equal(status, "TK_Active") && a->actual_start == CPM_TIME_NONE)
    return xer_fail(r, CPM_IMPORT_ERROR_VALUE, line, "task %s: in progress without act_start_date",
                    a->id);
  if (a->type == CPM_ACT_START_MILESTONE || a->type == CPM_ACT_FINISH_MILESTONE)
    a->planned_duration = a->remaining_duration = 0;
  /* Planned dates are informative: one that critpath cannot hold (P6
   * stores years such as 4637) is dropped with a note. */
  const gchar *const planned[] = { "target_start_date", "target_end_date" };
  CpmTime *planned_out[] = { &a->planned_start, &a->planned_finish };
  for (guint i = 0; i < G_N_ELEMENTS(planned); i++) {
    const gchar *text = xer_get(t, k, planned[i]);
    if (*text != '\0' && !cpm_time_parse(text, planned_out[i])) {
      *planned_out[i] = CPM_TIME_NONE;
      if (r->n_bad_planned++ == 0)
        cpm_schedule_add_note(r->schedule, "%s:%u: task %s: TASK.%s '%s' ignored (informative)",
                              r->filename, line, a->id, planned[i], text);
    }
  }
  return TRUE;
}

static gboolean
xer_build_tasks(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "TASK");
  cpm_schedule_reserve(r->schedule, cpm_schedule_n_activities(r->schedule) + xer_n_rows(t), 0);
  for (guint k = 0; k < xer_n_rows(t); k++) {
    guint32 line = xer_line(t, k);
    CpmActivity a;
    if (!xer_read_task(r, t, k, &a))
      return FALSE;
    const gchar *task_id = xer_get(t, k, "task_id");
    if (xer_map_get(r->tasks, task_id) != CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_DUPLICATE, line, "duplicate task_id %s", task_id);
    g_autoptr(GError) local = NULL;
    guint32 index = cpm_schedule_add_activity(r->schedule, &a, &local);
    if (index == CPM_NO_INDEX)
      return xer_fail(r, CPM_IMPORT_ERROR_DUPLICATE, line, "%s", local->message);
    xer_map_put(r->tasks, task_id, index);
  }
  if (r->n_bad_planned > 1)
    cpm_schedule_add_note(r->schedule, "%s: %u planned dates ignored", r->filename,
                          r->n_bad_planned);
  return TRUE;
}

static const XerEnum xer_link_types[] = {
  { "PR_FS", CPM_LINK_FS },
  { "PR_SS", CPM_LINK_SS },
  { "PR_FF", CPM_LINK_FF },
  { "PR_SF", CPM_LINK_SF },
};

static gboolean
xer_build_links(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "TASKPRED");
  cpm_schedule_reserve(r->schedule, 0, cpm_schedule_n_relations(r->schedule) + xer_n_rows(t));
  guint external = 0;
  for (guint k = 0; k < xer_n_rows(t); k++) {
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
    gint type = -1;
    if (!xer_enum(r, t, k, "pred_type", xer_link_types, G_N_ELEMENTS(xer_link_types), &type))
      return FALSE;
    if (type < 0)
      return xer_fail(r, CPM_IMPORT_ERROR_VALUE, line, "relationship %s has no pred_type",
                      xer_get(t, k, "task_pred_id"));
    CpmRelation rel = { pred, succ, (CpmLinkType)type, 0, line };
    if (!xer_hours(r, t, k, "lag_hr_cnt", TRUE, &rel.lag))
      return FALSE;
    cpm_schedule_add_relation(r->schedule, &rel);
  }
  if (external > 1)
    cpm_schedule_add_note(r->schedule, "%s: %u relationships to projects not in this file ignored",
                          r->filename, external);
  return TRUE;
}

/* Resource assignments: remaining units (hours) and units per hour, with the
 * planned (target) values when the remaining ones are blank. */
static gboolean
xer_build_assignments(XerReader *r)
{
  XerTable *t = g_hash_table_lookup(r->tables, "TASKRSRC");
  for (guint k = 0; k < xer_n_rows(t); k++) {
    guint32 task = xer_map_get(r->tasks, xer_get(t, k, "task_id"));
    guint32 res = xer_map_get(r->resources, xer_get(t, k, "rsrc_id"));
    if (task == CPM_NO_INDEX || res == CPM_NO_INDEX)
      continue;
    gboolean blank_qty = *xer_get(t, k, "remain_qty") == '\0';
    gdouble qty = 0, per_hr = 0;
    if (!xer_number(r, t, k, blank_qty ? "target_qty" : "remain_qty", &qty)
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
  for (guint k = 0; k < xer_n_rows(types); k++) {
    CpmCodeType ct = { xer_get(types, k, "actv_code_type"),
                       xer_map_get(r->projects, xer_get(types, k, "proj_id")),
                       g_ascii_strtoll(xer_get(types, k, "actv_code_type_id"), NULL, 10) };
    xer_map_put(r->code_types, xer_get(types, k, "actv_code_type_id"),
                cpm_schedule_add_code_type(r->schedule, &ct));
  }
  for (guint k = 0; k < xer_n_rows(values); k++) {
    guint32 type = xer_map_get(r->code_types, xer_get(values, k, "actv_code_type_id"));
    if (type == CPM_NO_INDEX)
      continue;
    CpmCodeValue cv
        = { type, xer_get(values, k, "short_name"), xer_get(values, k, "actv_code_name"),
            g_ascii_strtoll(xer_get(values, k, "actv_code_id"), NULL, 10) };
    xer_map_put(r->code_values, xer_get(values, k, "actv_code_id"),
                cpm_schedule_add_code_value(r->schedule, &cv));
  }
  for (guint k = 0; k < xer_n_rows(uses); k++) {
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

static void
xer_note_skipped(XerReader *r)
{
  GHashTableIter it;
  gpointer key, value;
  g_autoptr(GPtrArray) skipped = g_ptr_array_new();
  g_hash_table_iter_init(&it, r->tables);
  while (g_hash_table_iter_next(&it, &key, &value))
    if (!g_strv_contains(xer_used_tables, key))
      g_ptr_array_add(skipped, value);
  g_ptr_array_sort(skipped, xer_compare_tables);
  for (guint i = 0; i < skipped->len; i++) {
    XerTable *tb = g_ptr_array_index(skipped, i);
    cpm_schedule_add_note(r->schedule, "%s:%u: table %s skipped", r->filename, tb->line, tb->name);
  }
}

/* The text of the file as UTF-8: as it is when it is valid UTF-8 (after a
 * byte-order mark), else converted from Windows-1252, whose five undefined
 * bytes become '?' with a note. Takes *raw_inout (NUL-terminated, len
 * bytes) when it can use it as it is. (transfer full) */
static gchar *
xer_text(CpmSchedule *schedule, const gchar *filename, gchar **raw_inout, gsize len, GError **error)
{
  gchar *raw = *raw_inout;
  if (memchr(raw, '\0', len) != NULL) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_SYNTAX,
                "%s:1: binary data (a NUL byte) in an XER file", filename);
    return NULL;
  }
  if (len >= 3 && memcmp(raw, "\xef\xbb\xbf", 3) == 0) {
    memmove(raw, raw + 3, len - 2);
    len -= 3;
  }
  if (g_utf8_validate(raw, (gssize)len, NULL))
    return g_steal_pointer(raw_inout);
  guint undefined = 0, line = 1, first_line = 0;
  for (gsize i = 0; i < len; i++) {
    guchar c = (guchar)raw[i];
    if (c == '\n')
      line++;
    if (c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d) {
      raw[i] = '?';
      if (undefined++ == 0)
        first_line = line;
    }
  }
  if (undefined > 0)
    cpm_schedule_add_note(schedule, "%s:%u: %u byte(s) that are not Windows-1252 text read as '?'",
                          filename, first_line, undefined);
  g_autoptr(GError) conv = NULL;
  gchar *text = g_convert(raw, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, NULL, &conv);
  if (text == NULL)
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_SYNTAX,
                "%s:1: the text is neither UTF-8 nor Windows-1252: %s", filename, conv->message);
  return text;
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
  /* The rows point into text until the end of the import. */
  g_autofree gchar *text = xer_text(schedule, filename, &raw, len, error);
  if (text == NULL)
    return FALSE;
  g_clear_pointer(&raw, g_free);

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
  r.fallback_calendar = CPM_NO_INDEX;

  gboolean ok = xer_read_tables(&r, text) && xer_build_calendars(&r) && xer_build_projects(&r)
                && xer_build_wbs(&r) && xer_build_resources(&r) && xer_build_tasks(&r)
                && xer_build_links(&r) && xer_build_assignments(&r) && xer_build_codes(&r);
  if (ok)
    xer_note_skipped(&r);
  else
    g_propagate_error(error, g_steal_pointer(&r.error));
  xer_reader_clear(&r);
  return ok;
}
