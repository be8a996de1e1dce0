/* SPDX-License-Identifier: MIT
 *
 * cpm-import-mspdi.c: the Microsoft Project XML (MSPDI) reader. MS Project
 * files are small (thousands of tasks), so the file is parsed into a libxml2
 * tree, with the network off, no DTD loaded, no entity substituted, and any
 * DOCTYPE refused. One file is one project, scheduled with MS Project's
 * rules (CPM_RULES_MSP: total slack is the smaller of start and finish
 * slack). Calendars: base and derived, week days, exceptions (old DayType 0
 * periods and the newer Exceptions element). Tasks: summary tasks become WBS
 * nodes, the others activities keyed by UID; links with their lag in tenths
 * of minutes. MS Project's computed dates and slacks are never read.
 */
#include "cpm-import.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <string.h>

typedef struct {
  const gchar *filename; /* for messages */
  CpmSchedule *schedule; /* borrowed */
  guint32 project;       /* the file's project */
  GHashTable *calendars; /* UID text -> index + 1 */
  GHashTable *tasks;     /* UID text -> activity index + 1 */
  GError *error;         /* the first error, owned */
} MspdiReader;

static gboolean mspdi_fail(MspdiReader *r, CpmImportError code, const xmlNode *at,
                           const gchar *format, ...) G_GNUC_PRINTF(4, 5);

static gboolean
mspdi_fail(MspdiReader *r, CpmImportError code, const xmlNode *at, const gchar *format, ...)
{
  if (r->error != NULL)
    return FALSE;
  va_list args;
  va_start(args, format);
  g_autofree gchar *msg = g_strdup_vprintf(format, args);
  va_end(args);
  long line = at != NULL ? xmlGetLineNo(at) : 1;
  g_set_error(&r->error, CPM_IMPORT_ERROR, code, "%s:%ld: %s", r->filename, line > 0 ? line : 1,
              msg);
  return FALSE;
}

static gboolean
mspdi_is(const xmlNode *n, const gchar *name)
{
  return n->type == XML_ELEMENT_NODE && g_str_equal((const gchar *)n->name, name);
}

static const xmlNode *
mspdi_child(const xmlNode *n, const gchar *name)
{
  for (const xmlNode *c = n->children; c != NULL; c = c->next)
    if (mspdi_is(c, name))
      return c;
  return NULL;
}

/* The text of a child element, trimmed ("" when absent). (transfer full) */
static gchar *
mspdi_text(const xmlNode *n, const gchar *name)
{
  const xmlNode *c = mspdi_child(n, name);
  if (c == NULL)
    return g_strdup("");
  xmlChar *content = xmlNodeGetContent(c);
  gchar *text = g_strstrip(g_strdup((const gchar *)content));
  xmlFree(content);
  return text;
}

static gboolean
mspdi_int(MspdiReader *r, const xmlNode *n, const gchar *name, gint64 fallback, gint64 *out)
{
  g_autofree gchar *t = mspdi_text(n, name);
  if (*t == '\0') {
    *out = fallback;
    return TRUE;
  }
  gchar *end = NULL;
  gint64 v = g_ascii_strtoll(t, &end, 10);
  if (*end != '\0')
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_child(n, name),
                      "<%s>: '%s' is not a whole number", name, t);
  *out = v;
  return TRUE;
}

static gboolean
mspdi_date(MspdiReader *r, const xmlNode *n, const gchar *name, CpmTime *out)
{
  g_autofree gchar *t = mspdi_text(n, name);
  *out = CPM_TIME_NONE;
  if (*t == '\0')
    return TRUE;
  if (!cpm_time_parse(t, out))
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_child(n, name), "<%s>: invalid date '%s'",
                      name, t);
  return TRUE;
}

/* ISO 8601 durations as MS Project writes them: PT8H0M0S, P1DT2H..., with
 * fractional parts; days, weeks and months of working time. FALSE when the
 * text is not one. */
static gboolean
mspdi_parse_iso(const gchar *t, gint64 minutes_per_day, gdouble *minutes_out)
{
  const gchar *p = t;
  gboolean neg = *p == '-';
  if (neg)
    p++;
  if (*p++ != 'P')
    return FALSE;
  gdouble minutes = 0;
  gboolean in_time = FALSE;
  while (*p != '\0') {
    if (*p == 'T') {
      in_time = TRUE;
      p++;
      continue;
    }
    gchar *end = NULL;
    gdouble v = g_ascii_strtod(p, &end);
    if (end == p || !isfinite(v) || v < 0 || v > 1e9)
      return FALSE;
    switch (*end) {
      case 'Y':
        minutes += v * 365 * minutes_per_day;
        break;
      case 'W':
        minutes += v * 5 * minutes_per_day;
        break;
      case 'D':
        minutes += v * minutes_per_day;
        break;
      case 'H':
        minutes += v * 60;
        break;
      case 'M':
        minutes += in_time ? v : v * 20 * minutes_per_day;
        break;
      case 'S':
        minutes += v / 60;
        break;
      default:
        return FALSE;
    }
    p = end + 1;
  }
  if (minutes > 1e8 * 60)
    return FALSE;
  *minutes_out = neg ? -minutes : minutes;
  return TRUE;
}

/* A duration element in working minutes, CPM_DURATION_NONE when absent. */
static gboolean
mspdi_duration(MspdiReader *r, const xmlNode *n, const gchar *name, gint64 minutes_per_day,
               CpmDuration *out)
{
  g_autofree gchar *t = mspdi_text(n, name);
  gdouble minutes = 0;
  *out = CPM_DURATION_NONE;
  if (*t == '\0')
    return TRUE;
  if (!mspdi_parse_iso(t, minutes_per_day, &minutes))
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_child(n, name),
                      "<%s>: invalid duration '%s'", name, t);
  *out = (CpmDuration)llround(minutes);
  return TRUE;
}

/* ---- Calendars ------------------------------------------------------------ */

static gboolean
mspdi_clock(const gchar *t, guint *out)
{
  guint h, m;
  if (strlen(t) < 5 || t[2] != ':' || !g_ascii_isdigit(t[0]) || !g_ascii_isdigit(t[1])
      || !g_ascii_isdigit(t[3]) || !g_ascii_isdigit(t[4]))
    return FALSE;
  h = (guint)(t[0] - '0') * 10 + (guint)(t[1] - '0');
  m = (guint)(t[3] - '0') * 10 + (guint)(t[4] - '0');
  if (h > 24 || m > 59)
    return FALSE;
  *out = h * 60 + m;
  return TRUE;
}

/* The WorkingTimes of a WeekDay or Exception. */
static gboolean
mspdi_working_times(MspdiReader *r, const xmlNode *day, CpmWorkInterval *ivs, guint *n_out)
{
  guint n = 0;
  const xmlNode *wts = mspdi_child(day, "WorkingTimes");
  for (const xmlNode *w = wts != NULL ? wts->children : NULL; w != NULL; w = w->next) {
    if (!mspdi_is(w, "WorkingTime"))
      continue;
    g_autofree gchar *from = mspdi_text(w, "FromTime");
    g_autofree gchar *to = mspdi_text(w, "ToTime");
    guint s, f;
    if (!mspdi_clock(from, &s) || !mspdi_clock(to, &f))
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, w, "invalid working time '%s'-'%s'", from, to);
    if (f == 0)
      f = CPM_MINUTES_PER_DAY; /* ToTime 00:00 is midnight */
    if (s >= f || n >= CPM_MAX_INTERVALS_PER_DAY)
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, w, "invalid working time '%s'-'%s'", from, to);
    ivs[n].start = (guint16)s;
    ivs[n].finish = (guint16)f;
    n++;
  }
  *n_out = n;
  return TRUE;
}

/* An exception over [from, to] days: non-working, or working the given
 * times. */
static gboolean
mspdi_exception_days(MspdiReader *r, CpmCalendar *cal, const xmlNode *at, CpmTime from, CpmTime to,
                     const CpmWorkInterval *ivs, guint n)
{
  gint64 d0 = cpm_time_day(from), d1 = cpm_time_day(to);
  if (from == CPM_TIME_NONE || to == CPM_TIME_NONE || d1 < d0 || d1 - d0 > 40000)
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, at, "calendar exception without a valid period");
  for (gint64 d = d0; d <= d1; d++) {
    g_autoptr(GError) local = NULL;
    if (!cpm_calendar_set_exception(cal, d, ivs, n, &local))
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, at, "%s", local->message);
  }
  return TRUE;
}

/* Applies a Calendar element (week days and exceptions) to cal. */
static gboolean
mspdi_apply_calendar(MspdiReader *r, const xmlNode *c, CpmCalendar *cal)
{
  CpmWorkInterval ivs[CPM_MAX_INTERVALS_PER_DAY];
  guint n;
  const xmlNode *days = mspdi_child(c, "WeekDays");
  for (const xmlNode *d = days != NULL ? days->children : NULL; d != NULL; d = d->next) {
    if (!mspdi_is(d, "WeekDay"))
      continue;
    gint64 type, working;
    if (!mspdi_int(r, d, "DayType", -1, &type) || !mspdi_int(r, d, "DayWorking", 0, &working)
        || !mspdi_working_times(r, d, ivs, &n))
      return FALSE;
    if (!working)
      n = 0;
    if (type >= 1 && type <= 7) {
      g_autoptr(GError) local = NULL;
      if (!cpm_calendar_set_weekday(cal, (guint)type - 1, ivs, n, &local))
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, d, "%s", local->message);
    } else if (type == 0) {
      const xmlNode *tp = mspdi_child(d, "TimePeriod");
      CpmTime from = CPM_TIME_NONE, to = CPM_TIME_NONE;
      if (tp == NULL || !mspdi_date(r, tp, "FromDate", &from) || !mspdi_date(r, tp, "ToDate", &to))
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, d, "exception day without a TimePeriod");
      if (!mspdi_exception_days(r, cal, d, from, to, ivs, n))
        return FALSE;
    } else {
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, d, "unknown DayType %" G_GINT64_FORMAT, type);
    }
  }
  const xmlNode *exs = mspdi_child(c, "Exceptions");
  for (const xmlNode *e = exs != NULL ? exs->children : NULL; e != NULL; e = e->next) {
    if (!mspdi_is(e, "Exception"))
      continue;
    gint64 working;
    const xmlNode *tp = mspdi_child(e, "TimePeriod");
    CpmTime from = CPM_TIME_NONE, to = CPM_TIME_NONE;
    if (!mspdi_int(r, e, "DayWorking", 0, &working) || !mspdi_working_times(r, e, ivs, &n)
        || tp == NULL || !mspdi_date(r, tp, "FromDate", &from) || !mspdi_date(r, tp, "ToDate", &to))
      return r->error != NULL ? FALSE
                              : mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, e,
                                           "calendar exception without a TimePeriod");
    if (!mspdi_exception_days(r, cal, e, from, to, ivs, working ? n : 0))
      return FALSE;
  }
  return TRUE;
}

static gboolean
mspdi_read_calendars(MspdiReader *r, const xmlNode *root)
{
  const xmlNode *cals = mspdi_child(root, "Calendars");
  g_autoptr(GHashTable) nodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (const xmlNode *c = cals != NULL ? cals->children : NULL; c != NULL; c = c->next)
    if (mspdi_is(c, "Calendar"))
      g_hash_table_insert(nodes, mspdi_text(c, "UID"), (gpointer)c);
  for (const xmlNode *c = cals != NULL ? cals->children : NULL; c != NULL; c = c->next) {
    if (!mspdi_is(c, "Calendar"))
      continue;
    g_autofree gchar *uid = mspdi_text(c, "UID");
    g_autofree gchar *name = mspdi_text(c, "Name");
    g_autoptr(CpmCalendar) cal = cpm_calendar_new(name);
    /* The base calendar first (one level, as MS Project allows), then the
     * calendar's own entries over it. */
    g_autofree gchar *base_uid = mspdi_text(c, "BaseCalendarUID");
    const xmlNode *base = g_hash_table_lookup(nodes, base_uid);
    if (base != NULL && base != c && !mspdi_apply_calendar(r, base, cal))
      return FALSE;
    if (!mspdi_apply_calendar(r, c, cal))
      return FALSE;
    g_autoptr(GError) local = NULL;
    if (!cpm_calendar_seal(cal, &local)) {
      /* A resource calendar with no work at all is of no use: skip it. */
      cpm_schedule_add_note(r->schedule, "%s:%ld: calendar '%s' has no working time: ignored",
                            r->filename, xmlGetLineNo(c), name);
      continue;
    }
    g_hash_table_insert(r->calendars, g_strdup(uid),
                        GUINT_TO_POINTER(cpm_schedule_add_calendar(r->schedule, cal) + 1));
  }
  return TRUE;
}

static guint32
mspdi_calendar(MspdiReader *r, const gchar *uid)
{
  guint v = GPOINTER_TO_UINT(g_hash_table_lookup(r->calendars, uid));
  return v == 0 ? CPM_NO_INDEX : v - 1;
}

/* ---- Tasks and links ------------------------------------------------------ */

static const CpmConstraintType mspdi_constraints[] = {
  CPM_CSTR_NONE,                /* 0 as soon as possible */
  CPM_CSTR_ALAP,                /* 1 as late as possible */
  CPM_CSTR_MANDATORY_START,     /* 2 must start on */
  CPM_CSTR_MANDATORY_FINISH,    /* 3 must finish on */
  CPM_CSTR_START_ON_OR_AFTER,   /* 4 start no earlier than */
  CPM_CSTR_START_ON_OR_BEFORE,  /* 5 start no later than */
  CPM_CSTR_FINISH_ON_OR_AFTER,  /* 6 finish no earlier than */
  CPM_CSTR_FINISH_ON_OR_BEFORE, /* 7 finish no later than */
};

static gboolean
mspdi_read_tasks(MspdiReader *r, const xmlNode *root, gint64 minutes_per_day,
                 guint32 default_calendar)
{
  const xmlNode *tasks = mspdi_child(root, "Tasks");
  /* Summary tasks become WBS nodes; the parent of a task is the last
   * summary task of the outline level above it. */
  guint32 wbs_at_level[64];
  for (guint k = 0; k < G_N_ELEMENTS(wbs_at_level); k++)
    wbs_at_level[k] = CPM_NO_INDEX;
  for (const xmlNode *t = tasks != NULL ? tasks->children : NULL; t != NULL; t = t->next) {
    if (!mspdi_is(t, "Task"))
      continue;
    g_autofree gchar *uid = mspdi_text(t, "UID");
    g_autofree gchar *name = mspdi_text(t, "Name");
    gint64 level, summary, milestone, active, cstr, is_null;
    if (!mspdi_int(r, t, "OutlineLevel", 1, &level) || !mspdi_int(r, t, "Summary", 0, &summary)
        || !mspdi_int(r, t, "Milestone", 0, &milestone) || !mspdi_int(r, t, "Active", 1, &active)
        || !mspdi_int(r, t, "ConstraintType", 0, &cstr) || !mspdi_int(r, t, "IsNull", 0, &is_null))
      return FALSE;
    if (*uid == '\0')
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, t, "task without a UID");
    if (is_null || level <= 0)
      continue; /* blank rows and the project summary task */
    level = MIN(level, (gint64)G_N_ELEMENTS(wbs_at_level) - 1);
    guint32 parent = level > 1 ? wbs_at_level[level - 1] : CPM_NO_INDEX;
    if (summary) {
      CpmWbs w = { uid, name, r->project, parent, -1 };
      wbs_at_level[level] = cpm_schedule_add_wbs(r->schedule, &w);
      for (guint k = (guint)level + 1; k < G_N_ELEMENTS(wbs_at_level); k++)
        wbs_at_level[k] = CPM_NO_INDEX;
      continue;
    }
    if (!active) {
      cpm_schedule_add_note(r->schedule, "%s:%ld: inactive task %s ignored", r->filename,
                            xmlGetLineNo(t), uid);
      continue;
    }
    if (cstr < 0 || cstr >= (gint64)G_N_ELEMENTS(mspdi_constraints))
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_child(t, "ConstraintType"),
                        "task %s: unknown ConstraintType %" G_GINT64_FORMAT, uid, cstr);
    CpmActivity a;
    cpm_activity_init(&a);
    a.id = uid;
    a.name = name;
    a.project = r->project;
    a.wbs = parent;
    a.line = (guint32)xmlGetLineNo(t);
    g_autofree gchar *cal_uid = mspdi_text(t, "CalendarUID");
    a.calendar = mspdi_calendar(r, cal_uid);
    if (a.calendar == CPM_NO_INDEX)
      a.calendar = default_calendar;
    a.type = milestone ? CPM_ACT_FINISH_MILESTONE : CPM_ACT_TASK;
    gint64 pct;
    if (!mspdi_duration(r, t, "Duration", minutes_per_day, &a.planned_duration)
        || !mspdi_duration(r, t, "RemainingDuration", minutes_per_day, &a.remaining_duration)
        || !mspdi_int(r, t, "PercentComplete", 0, &pct)
        || !mspdi_date(r, t, "ActualStart", &a.actual_start)
        || !mspdi_date(r, t, "ActualFinish", &a.actual_finish))
      return FALSE;
    if (a.planned_duration == CPM_DURATION_NONE)
      a.planned_duration = 0;
    if (a.planned_duration < 0
        || (a.remaining_duration != CPM_DURATION_NONE && a.remaining_duration < 0))
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, t, "task %s: negative duration", uid);
    a.percent_complete = CLAMP(pct, 0, 100);
    if (a.actual_start == CPM_TIME_NONE)
      a.remaining_duration = a.planned_duration;
    if (milestone)
      a.planned_duration = a.remaining_duration = 0;
    a.constraint = mspdi_constraints[cstr];
    if (a.constraint != CPM_CSTR_NONE && a.constraint != CPM_CSTR_ALAP) {
      if (!mspdi_date(r, t, "ConstraintDate", &a.constraint_date))
        return FALSE;
      if (a.constraint_date == CPM_TIME_NONE)
        a.constraint = CPM_CSTR_NONE;
    }
    /* A deadline bounds the late finish only. */
    if (!mspdi_date(r, t, "Deadline", &a.constraint2_date))
      return FALSE;
    if (a.constraint2_date != CPM_TIME_NONE)
      a.constraint2 = CPM_CSTR_FINISH_ON_OR_BEFORE;
    g_autoptr(GError) local = NULL;
    guint32 index = cpm_schedule_add_activity(r->schedule, &a, &local);
    if (index == CPM_NO_INDEX)
      return mspdi_fail(r, CPM_IMPORT_ERROR_DUPLICATE, t, "duplicate task UID %s", uid);
    g_hash_table_insert(r->tasks, g_strdup(uid), GUINT_TO_POINTER(index + 1));
  }

  /* Links, once every task is known. */
  for (const xmlNode *t = tasks != NULL ? tasks->children : NULL; t != NULL; t = t->next) {
    if (!mspdi_is(t, "Task"))
      continue;
    g_autofree gchar *uid = mspdi_text(t, "UID");
    guint succ = GPOINTER_TO_UINT(g_hash_table_lookup(r->tasks, uid));
    for (const xmlNode *l = t->children; l != NULL; l = l->next) {
      if (!mspdi_is(l, "PredecessorLink"))
        continue;
      if (succ == 0)
        continue; /* links of summary or inactive tasks take no part */
      g_autofree gchar *pred_uid = mspdi_text(l, "PredecessorUID");
      guint pred = GPOINTER_TO_UINT(g_hash_table_lookup(r->tasks, pred_uid));
      if (pred == 0)
        continue;
      gint64 type, lag, format;
      if (!mspdi_int(r, l, "Type", 1, &type) || !mspdi_int(r, l, "LinkLag", 0, &lag)
          || !mspdi_int(r, l, "LagFormat", 7, &format))
        return FALSE;
      static const CpmLinkType types[] = { CPM_LINK_FF, CPM_LINK_FS, CPM_LINK_SF, CPM_LINK_SS };
      if (type < 0 || type > 3)
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, l, "unknown link Type %" G_GINT64_FORMAT,
                          type);
      if (llabs(lag) > (gint64)1e8 * 600)
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, l, "LinkLag out of range");
      if (format == 19 || format == 20 || format == 43 || format == 44)
        cpm_schedule_add_note(r->schedule,
                              "%s:%ld: a percentage lag is read as time (tenths of minutes)",
                              r->filename, xmlGetLineNo(l));
      CpmRelation rel
          = { pred - 1, succ - 1, types[type], (CpmDuration)(lag / 10), (guint32)xmlGetLineNo(l) };
      cpm_schedule_add_relation(r->schedule, &rel);
    }
  }
  return TRUE;
}

gboolean
cpm_import_mspdi(CpmSchedule *schedule, const gchar *filename, GError **error)
{
  g_return_val_if_fail(schedule != NULL && filename != NULL, FALSE);

  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == NULL) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: out of memory", filename);
    return FALSE;
  }
  xmlDocPtr doc = xmlCtxtReadFile(ctxt, filename, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL) {
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    g_autofree gchar *msg
        = g_strstrip(g_strdup(e != NULL && e->message ? e->message : "unreadable"));
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_SYNTAX, "%s:%d: malformed XML: %s",
                filename, e != NULL && e->line > 0 ? e->line : 1, msg);
    xmlFreeParserCtxt(ctxt);
    return FALSE;
  }
  xmlFreeParserCtxt(ctxt);

  MspdiReader r = { 0 };
  r.filename = filename;
  r.schedule = schedule;
  r.calendars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  r.tasks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  const xmlNode *root = xmlDocGetRootElement(doc);
  gboolean ok = TRUE;
  if (doc->intSubset != NULL || doc->extSubset != NULL) {
    ok = mspdi_fail(&r, CPM_IMPORT_ERROR_SECURITY, (const xmlNode *)doc->intSubset,
                    "DOCTYPE declarations are not allowed");
  } else if (root == NULL || !mspdi_is(root, "Project")) {
    ok = mspdi_fail(&r, CPM_IMPORT_ERROR_FORMAT, root, "not an MS Project XML file");
  } else {
    gint64 minutes_per_day;
    ok = mspdi_int(&r, root, "MinutesPerDay", 480, &minutes_per_day);
    if (ok && (minutes_per_day <= 0 || minutes_per_day > CPM_MINUTES_PER_DAY))
      minutes_per_day = 480;
    CpmProject p = { 0 };
    g_autofree gchar *title = mspdi_text(root, "Title");
    g_autofree gchar *name = mspdi_text(root, "Name");
    g_autofree gchar *base = g_path_get_basename(filename);
    p.id = *title != '\0' ? title : *name != '\0' ? name : base;
    p.name = p.id;
    p.source_file = filename;
    p.object_id = -1;
    CpmTime start = CPM_TIME_NONE, status = CPM_TIME_NONE;
    ok = ok && mspdi_date(&r, root, "StartDate", &start)
         && mspdi_date(&r, root, "StatusDate", &status);
    p.planned_start = start;
    p.data_date = status != CPM_TIME_NONE ? status : start;
    p.must_finish_by = CPM_TIME_NONE;
    cpm_options_init_default(&p.options);
    p.options.rules = CPM_RULES_MSP;
    p.options.float_type = CPM_FLOAT_SMALLEST;
    p.options.lag_calendar = CPM_LAG_CAL_SUCCESSOR;
    gint64 limit = 0;
    ok = ok && mspdi_int(&r, root, "CriticalSlackLimit", 0, &limit)
         && mspdi_read_calendars(&r, root);
    if (ok) {
      p.options.critical_float = limit * minutes_per_day;
      g_autofree gchar *cal_uid = mspdi_text(root, "CalendarUID");
      p.default_calendar = mspdi_calendar(&r, cal_uid);
      if (p.default_calendar == CPM_NO_INDEX) {
        /* No usable project calendar: MS Project's Standard. */
        g_autoptr(CpmCalendar) std = cpm_calendar_new("Standard");
        static const CpmWorkInterval day[] = { { 480, 720 }, { 780, 1020 } };
        for (guint d = 1; d <= 5; d++)
          cpm_calendar_set_weekday(std, d, day, 2, NULL);
        cpm_calendar_seal(std, NULL);
        p.default_calendar = cpm_schedule_add_calendar(schedule, std);
        cpm_schedule_add_note(schedule,
                              "%s:1: no project calendar; using Monday to Friday, "
                              "08:00-12:00 and 13:00-17:00",
                              filename);
      }
      r.project = cpm_schedule_add_project(schedule, &p);
      ok = mspdi_read_tasks(&r, root, minutes_per_day, p.default_calendar);
    }
  }
  xmlFreeDoc(doc);
  g_hash_table_unref(r.calendars);
  g_hash_table_unref(r.tasks);
  if (!ok)
    g_propagate_error(error, r.error);
  return ok;
}
