/* SPDX-License-Identifier: MIT
 *
 * test-import-mspdi.c: the MS Project XML reader. Bad inputs are small
 * files of tests/data/mspdi, each with the error domain, code and message it
 * must give; two hand-written files pin calendars (exceptions new and old,
 * recurrences, derived calendars, work weeks) and tasks (summary tasks as
 * WBS nodes, links to a summary task, percentage and elapsed lags, inactive,
 * manual, milestones, constraints, deadlines, elapsed durations). The real
 * MS Project exports of ../shared/realcases/mspdi are all read, counted
 * against the files and spot-checked by hand; two of them are scheduled
 * from copies whose computed values (Start, Finish, early and late dates,
 * slacks, critical flags) are removed and compared with what MS Project
 * stored: every task must match.
 */
#include "cpm-import.h"
#include "cpm-scheduler.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

static gchar *tmpdir;

static gchar *
fixture(const gchar *name)
{
  return g_test_build_filename(G_TEST_DIST, "data", "mspdi", name, NULL);
}

static gchar *
shared_file(const gchar *name)
{
  const gchar *shared = g_getenv("CPM_SHARED");
  return g_build_filename(shared != NULL ? shared : "../shared", "realcases", "mspdi", name, NULL);
}

/* ---- bad inputs ------------------------------------------------------------ */

typedef struct {
  const gchar *file;      /* in tests/data/mspdi */
  CpmImportError code;    /* expected CPM_IMPORT_ERROR code */
  const gchar *substring; /* expected in the message */
  guint line;             /* expected line, 0 = any */
} BadCase;

static const BadCase bad_cases[] = {
  { "bad-doctype.xml", CPM_IMPORT_ERROR_SECURITY, "DOCTYPE declarations are not allowed", 2 },
  { "bad-entity-ref.xml", CPM_IMPORT_ERROR_SECURITY, "entities are not allowed", 3 },
  { "bad-truncated.xml", CPM_IMPORT_ERROR_SYNTAX, "malformed XML", 0 },
  { "bad-malformed.xml", CPM_IMPORT_ERROR_SYNTAX, "malformed XML", 11 },
  { "bad-empty.xml", CPM_IMPORT_ERROR_SYNTAX, "empty", 1 },
  { "bad-deep.xml", CPM_IMPORT_ERROR_LIMIT, "nested deeper", 2 },
  { "bad-root.xml", CPM_IMPORT_ERROR_FORMAT, "not MS Project XML", 2 },
  { "bad-duration.xml", CPM_IMPORT_ERROR_VALUE, "invalid duration '8 hours'", 10 },
  { "bad-negative-duration.xml", CPM_IMPORT_ERROR_VALUE, "task 1: negative duration", 10 },
  { "bad-constraint.xml", CPM_IMPORT_ERROR_VALUE, "unknown ConstraintType 9", 10 },
  { "bad-link-type.xml", CPM_IMPORT_ERROR_VALUE, "unknown link Type 4", 12 },
  { "bad-lag-format.xml", CPM_IMPORT_ERROR_VALUE, "unknown LagFormat 99", 12 },
  { "bad-lag-value.xml", CPM_IMPORT_ERROR_VALUE, "'1e3' is not a whole number", 12 },
  { "bad-reference.xml", CPM_IMPORT_ERROR_REFERENCE, "PredecessorUID 42 is not a task", 12 },
  { "bad-duplicate.xml", CPM_IMPORT_ERROR_DUPLICATE, "duplicate task UID 1", 11 },
  { "bad-date.xml", CPM_IMPORT_ERROR_VALUE, "invalid date '2024-13-01T08:00:00'", 11 },
  { "bad-calendar-ref.xml", CPM_IMPORT_ERROR_REFERENCE, "CalendarUID 7 is not a calendar", 10 },
  { "bad-base-calendar.xml", CPM_IMPORT_ERROR_REFERENCE, "BaseCalendarUID 9", 3 },
  { "bad-worktime.xml", CPM_IMPORT_ERROR_VALUE, "17:00-08:00 ends before it starts", 5 },
  { "bad-exception-type.xml", CPM_IMPORT_ERROR_VALUE, "unknown calendar exception Type 9", 4 },
  { "bad-day-type.xml", CPM_IMPORT_ERROR_VALUE, "unknown DayType 8", 4 },
};

static void
test_bad_inputs(void)
{
  for (gsize i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
    g_autofree gchar *path = fixture(bad_cases[i].file);
    g_autoptr(CpmSchedule) s = cpm_schedule_new();
    g_autoptr(GError) error = NULL;
    g_test_message("%s", bad_cases[i].file);
    g_assert_false(cpm_import_mspdi(s, path, &error));
    g_assert_error(error, CPM_IMPORT_ERROR, (gint)bad_cases[i].code);
    g_test_message("  %s", error->message);
    g_autofree gchar *prefix = g_strdup_printf("%s:", path);
    g_assert_true(g_str_has_prefix(error->message, prefix));
    const gchar *line = error->message + strlen(prefix);
    g_assert_true(g_ascii_isdigit(*line));
    if (bad_cases[i].line > 0)
      g_assert_cmpuint(g_ascii_strtoull(line, NULL, 10), ==, bad_cases[i].line);
    g_assert_nonnull(strstr(error->message, bad_cases[i].substring));
    g_assert_null(strchr(error->message, '\n'));
  }
}

/* ---- hand-written files ------------------------------------------------------ */

static gint64
day_of(const gchar *date)
{
  CpmTime t;
  g_assert_true(cpm_time_parse(date, &t));
  return cpm_time_day(t);
}

static const CpmActivity *
activity(CpmSchedule *s, const gchar *id)
{
  guint32 i = cpm_schedule_find_activity(s, 0, id);
  g_assert_cmpuint(i, !=, CPM_NO_INDEX);
  return cpm_schedule_activity(s, i);
}

static const CpmCalendar *
activity_calendar(CpmSchedule *s, const gchar *id)
{
  return cpm_schedule_calendar(s, activity(s, id)->calendar);
}

/* The relation pred -> succ (activity Ids), which must exist. */
static const CpmRelation *
relation(CpmSchedule *s, const gchar *pred, const gchar *succ)
{
  guint32 p = cpm_schedule_find_activity(s, 0, pred), q = cpm_schedule_find_activity(s, 0, succ);
  for (guint i = 0; i < cpm_schedule_n_relations(s); i++) {
    const CpmRelation *r = cpm_schedule_relation(s, i);
    if (r->pred == p && r->succ == q)
      return r;
  }
  g_error("no relation %s -> %s", pred, succ);
  return NULL;
}

static gboolean
has_note(CpmSchedule *s, const gchar *substring)
{
  const GPtrArray *notes = cpm_schedule_notes(s);
  for (guint i = 0; i < notes->len; i++)
    if (strstr(g_ptr_array_index(notes, i), substring) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_calendars(void)
{
  g_autofree gchar *path = fixture("good-calendars.xml");
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(cpm_import_file(s, path, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(cpm_schedule_project(s, 0)->id, ==, "calendars");

  /* Standard: a one-day holiday, Fridays off in the second half of
   * January, a worked Saturday morning. */
  const CpmCalendar *std = activity_calendar(s, "1");
  g_assert_cmpstr(cpm_calendar_get_name(std), ==, "Standard");
  g_assert_cmpuint(cpm_calendar_day_work(std, day_of("2024-01-08")), ==, 480);
  g_assert_cmpuint(cpm_calendar_day_work(std, day_of("2024-01-10")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(std, day_of("2024-01-12")), ==, 480);
  g_assert_cmpuint(cpm_calendar_day_work(std, day_of("2024-01-13")), ==, 180);
  g_assert_cmpuint(cpm_calendar_day_work(std, day_of("2024-01-14")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(std, day_of("2024-01-19")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(std, day_of("2024-01-26")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(std, day_of("2024-01-25")), ==, 480);
  g_assert_cmpuint(cpm_calendar_day_work(std, day_of("2024-02-02")), ==, 480);

  /* Night: its own Monday until midnight (ToTime 00:00), the rest and the
   * holidays of Standard, Tuesdays 07:00-15:00 in February. */
  const CpmCalendar *night = activity_calendar(s, "2");
  const CpmWorkInterval *ivs;
  g_assert_cmpuint(cpm_calendar_day_intervals(night, day_of("2024-01-08"), &ivs), ==, 1);
  g_assert_cmpuint(ivs[0].start, ==, 18 * 60);
  g_assert_cmpuint(ivs[0].finish, ==, 24 * 60);
  g_assert_cmpuint(cpm_calendar_day_work(night, day_of("2024-01-09")), ==, 480);
  g_assert_cmpuint(cpm_calendar_day_work(night, day_of("2024-01-10")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_intervals(night, day_of("2024-02-06"), &ivs), ==, 1);
  g_assert_cmpuint(ivs[0].start, ==, 7 * 60);
  g_assert_cmpuint(ivs[0].finish, ==, 15 * 60);
  g_assert_cmpuint(cpm_calendar_day_intervals(night, day_of("2024-03-05"), &ivs), ==, 2);
  g_assert_cmpuint(ivs[0].start, ==, 8 * 60);

  /* Old style: a DayType 0 exception over Standard's. */
  const CpmCalendar *old = activity_calendar(s, "3");
  g_assert_cmpuint(cpm_calendar_day_work(old, day_of("2024-01-09")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(old, day_of("2024-01-10")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(old, day_of("2024-01-11")), ==, 480);

  /* Three days from Monday over the Wednesday holiday. */
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
  gchar buf[CPM_TIME_FORMAT_LEN];
  const CpmActivityResult *r1 = cpm_result_activity(res, cpm_schedule_find_activity(s, 0, "1"));
  g_assert_cmpstr(cpm_time_format(r1->early_finish, buf), ==, "2024-01-11T17:00");
}

static void
test_tasks(void)
{
  g_autofree gchar *path = fixture("good-tasks.xml");
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(cpm_import_file(s, path, &error));
  g_assert_no_error(error);

  const CpmProject *p = cpm_schedule_project(s, 0);
  g_assert_cmpstr(p->id, ==, "good-tasks.xml");
  g_assert_true(p->options.rules == CPM_RULES_MSP);
  g_assert_true(p->options.float_type == CPM_FLOAT_SMALLEST);
  g_assert_true(p->options.lag_calendar == CPM_LAG_CAL_SUCCESSOR);
  g_assert_cmpint(p->options.critical_float, ==, 480); /* CriticalSlackLimit 1 day */
  gchar buf[CPM_TIME_FORMAT_LEN];
  g_assert_cmpstr(cpm_time_format(p->data_date, buf), ==, "2024-01-08T08:00");

  /* The summary task is a WBS node; the project summary and the inactive
   * task are nothing. */
  g_assert_cmpuint(cpm_schedule_n_wbs(s), ==, 1);
  g_assert_cmpstr(cpm_schedule_wbs(s, 0)->code, ==, "1");
  g_assert_cmpuint(cpm_schedule_n_activities(s), ==, 9);
  g_assert_cmpuint(cpm_schedule_find_activity(s, 0, "1"), ==, CPM_NO_INDEX);
  g_assert_cmpuint(cpm_schedule_find_activity(s, 0, "7"), ==, CPM_NO_INDEX);
  g_assert_cmpuint(activity(s, "2")->wbs, ==, 0);
  g_assert_cmpuint(activity(s, "3")->wbs, ==, 0);
  g_assert_cmpuint(activity(s, "4")->wbs, ==, CPM_NO_INDEX);
  g_assert_true(has_note(s, "inactive task 7 ignored"));
  g_assert_true(has_note(s, "1 manually scheduled task(s)"));

  /* Links: from the summary to each of its tasks; 50% of a 2-day
   * predecessor; one elapsed day as 2400/10080 of it; a 1-day lead. */
  g_assert_cmpuint(cpm_schedule_n_relations(s), ==, 5);
  g_assert_true(relation(s, "2", "4")->type == CPM_LINK_FS);
  g_assert_true(relation(s, "3", "4")->type == CPM_LINK_FS);
  g_assert_true(relation(s, "2", "5")->type == CPM_LINK_SS);
  g_assert_cmpint(relation(s, "2", "5")->lag, ==, 480);
  g_assert_cmpint(relation(s, "5", "6")->lag, ==, 343);
  g_assert_true(has_note(s, "elapsed lag of 1440 minutes read as 343 working minutes"));
  g_assert_true(relation(s, "4", "9")->type == CPM_LINK_FF);
  g_assert_cmpint(relation(s, "4", "9")->lag, ==, -480);

  /* Milestone, Must Start On with a deadline, elapsed duration. */
  g_assert_true(activity(s, "9")->type == CPM_ACT_FINISH_MILESTONE);
  const CpmActivity *fixed = activity(s, "10");
  g_assert_true(fixed->constraint == CPM_CSTR_MANDATORY_START);
  g_assert_cmpstr(cpm_time_format(fixed->constraint_date, buf), ==, "2024-01-15T08:00");
  g_assert_true(fixed->constraint2 == CPM_CSTR_FINISH_ON_OR_BEFORE);
  g_assert_cmpstr(cpm_time_format(fixed->constraint2_date, buf), ==, "2024-01-16T17:00");
  const CpmActivity *curing = activity(s, "11");
  g_assert_cmpint(curing->planned_duration, ==, 48 * 60);
  g_assert_cmpuint(
      cpm_calendar_day_work(cpm_schedule_calendar(s, curing->calendar), day_of("2024-01-13")), ==,
      1440);

  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
  const CpmActivityResult *r4 = cpm_result_activity(res, cpm_schedule_find_activity(s, 0, "4"));
  g_assert_cmpstr(cpm_time_format(r4->early_start, buf), ==, "2024-01-10T08:00");
}

/* ---- real files ----------------------------------------------------------------- */

typedef struct {
  const gchar *file;    /* in ../shared/realcases/mspdi */
  guint activities;     /* <Task> elements less summary tasks (grep) */
  guint relations;      /* <PredecessorLink> elements (grep), links on summary tasks spread */
  const gchar *project; /* project Id */
} RealCase;

static const RealCase real_cases[] = {
  /* 5 links, two of them to and from summary task 5 (tasks 6 and 7): 7. */
  { "asposejava__DefaultProjectProperties_project.xml", 8, 7, "TestViews" },
  { "mpxj__caltest.xml", 3, 0, "caltest" },
  { "mpxj__mspdirelations.xml", 5, 4, "mspdirelations.xml" },
  { "mpxj__mspdisplittask.xml", 2, 0, "mspdisplittask.xml" },
  { "mpxj__mspditimephased.xml", 40, 0, "mspditimephased.xml" },
  { "mpxj__sample.xml", 16, 6, "sample" },
  { "mpxj__task-links-project2003-mspdi.xml", 16, 8, "task-links-project2003-mspdi.xml" },
  { "mpxj__task-links-project2019-mspdi.xml", 16, 8, "task-links-project2019-mspdi.xml" },
};

static CpmSchedule *
read_real(const gchar *name)
{
  g_autofree gchar *path = shared_file(name);
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_cmpint(cpm_import_detect(path, &error), ==, CPM_FORMAT_MSPDI);
  g_assert_true(cpm_import_file(s, path, &error));
  g_assert_no_error(error);
  return g_steal_pointer(&s);
}

static gboolean
have_realcases(void)
{
  g_autofree gchar *path = shared_file("mpxj__caltest.xml");
  if (g_file_test(path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_test_skip("../shared/realcases is absent");
  return FALSE;
}

/* Every real MS Project export reads and schedules; counts as grep finds. */
static void
test_realcases(void)
{
  if (!have_realcases())
    return;
  for (gsize i = 0; i < G_N_ELEMENTS(real_cases); i++) {
    g_test_message("%s", real_cases[i].file);
    g_autoptr(CpmSchedule) s = read_real(real_cases[i].file);
    g_autoptr(GError) error = NULL;
    g_assert_cmpuint(cpm_schedule_n_projects(s), ==, 1);
    g_assert_cmpstr(cpm_schedule_project(s, 0)->id, ==, real_cases[i].project);
    g_assert_true(cpm_schedule_project(s, 0)->options.rules == CPM_RULES_MSP);
    g_assert_cmpuint(cpm_schedule_n_activities(s), ==, real_cases[i].activities);
    g_assert_cmpuint(cpm_schedule_n_relations(s), ==, real_cases[i].relations);
    g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
    g_assert_no_error(error);
  }
}

/* caltest: "Resource Three" derives from "Base Calendar" with two old-style
 * holiday periods, 2005-11-01..04 and 2005-11-21..25. */
static void
test_real_caltest(void)
{
  if (!have_realcases())
    return;
  g_autoptr(CpmSchedule) s = read_real("mpxj__caltest.xml");
  const CpmCalendar *three = NULL;
  for (guint i = 0; i < cpm_schedule_n_calendars(s); i++)
    if (g_str_equal(cpm_calendar_get_name(cpm_schedule_calendar(s, i)), "Resource Three"))
      three = cpm_schedule_calendar(s, i);
  g_assert_nonnull(three);
  g_assert_cmpuint(cpm_calendar_day_work(three, day_of("2005-10-31")), ==, 480);
  g_assert_cmpuint(cpm_calendar_day_work(three, day_of("2005-11-01")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(three, day_of("2005-11-04")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(three, day_of("2005-11-07")), ==, 480);
  g_assert_cmpuint(cpm_calendar_day_work(three, day_of("2005-11-21")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(three, day_of("2005-11-25")), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(three, day_of("2005-11-28")), ==, 480);
  /* Task Three runs on "Base Calendar" (UID 3), Task One on the project's
   * Standard (CalendarUID -1). */
  g_assert_cmpstr(cpm_calendar_get_name(activity_calendar(s, "4")), ==, "Base Calendar");
  g_assert_cmpstr(cpm_calendar_get_name(activity_calendar(s, "2")), ==, "Standard");
}

/* sample: 13 -> 14 FS with a one-day lead (LinkLag -4800), 11 -> 12 with a
 * one-day lag, 20 -> 21 SF; tasks 7, 8, 20, 21 Start No Earlier Than. */
static void
test_real_sample(void)
{
  if (!have_realcases())
    return;
  g_autoptr(CpmSchedule) s = read_real("mpxj__sample.xml");
  const CpmRelation *lead = relation(s, "13", "14");
  g_assert_true(lead->type == CPM_LINK_FS);
  g_assert_cmpint(lead->lag, ==, -480);
  g_assert_cmpint(relation(s, "11", "12")->lag, ==, 480);
  g_assert_true(relation(s, "15", "16")->type == CPM_LINK_SS);
  g_assert_true(relation(s, "17", "18")->type == CPM_LINK_FF);
  g_assert_true(relation(s, "20", "21")->type == CPM_LINK_SF);
  gchar buf[CPM_TIME_FORMAT_LEN];
  const CpmActivity *a7 = activity(s, "7");
  g_assert_true(a7->constraint == CPM_CSTR_START_ON_OR_AFTER);
  g_assert_cmpstr(cpm_time_format(a7->constraint_date, buf), ==, "2003-02-01T08:00");
  g_assert_true(activity(s, "3")->type == CPM_ACT_FINISH_MILESTONE);
  /* Summary tasks 1, 6 and 19 are WBS nodes; 9 sits under 19. */
  g_assert_cmpuint(cpm_schedule_n_wbs(s), ==, 3);
  g_assert_cmpstr(cpm_schedule_wbs(s, activity(s, "9")->wbs)->name, ==, "Task Relationships");
}

/* mspdirelations: one link of each type, one with a one-day lag. */
static void
test_real_relations(void)
{
  if (!have_realcases())
    return;
  g_autoptr(CpmSchedule) s = read_real("mpxj__mspdirelations.xml");
  g_assert_true(relation(s, "1", "2")->type == CPM_LINK_FS);
  g_assert_cmpint(relation(s, "1", "2")->lag, ==, 0);
  g_assert_true(relation(s, "2", "3")->type == CPM_LINK_SS);
  g_assert_cmpint(relation(s, "2", "3")->lag, ==, 480);
  g_assert_true(relation(s, "3", "4")->type == CPM_LINK_FF);
  g_assert_cmpint(relation(s, "3", "4")->lag, ==, 0);
  g_assert_true(relation(s, "4", "5")->type == CPM_LINK_SF);
  g_assert_cmpint(relation(s, "4", "5")->lag, ==, 0);
  /* task-links 2003: week lags in tenths of minutes (24000 = 1 week). */
  g_autoptr(CpmSchedule) t = read_real("mpxj__task-links-project2003-mspdi.xml");
  g_assert_cmpint(relation(t, "7", "8")->lag, ==, 2400);
  g_assert_cmpint(relation(t, "9", "10")->lag, ==, 4800);
}

/* Computed values MS Project stores on tasks: removed from the copy. */
static const gchar *const computed[] = {
  "Start",      "Finish",    "EarlyStart", "EarlyFinish", "LateStart", "LateFinish",
  "TotalSlack", "FreeSlack", "StartSlack", "FinishSlack", "Critical",  NULL,
};

static gchar *
node_text(const xmlNode *task, const gchar *name)
{
  for (const xmlNode *c = task->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal((const gchar *)c->name, name)) {
      xmlChar *t = xmlNodeGetContent(c);
      gchar *s = g_strdup((const gchar *)t);
      xmlFree(t);
      return s;
    }
  return g_strdup("");
}

/* MS Project's stored values of each task, keyed by UID: ES EF LS LF (16
 * characters) and the two slacks in minutes, as "ES|EF|LS|LF|TS|FS". */
static GHashTable *
blank_copy(const gchar *in, const gchar *out)
{
  xmlDocPtr doc = xmlReadFile(in, NULL, XML_PARSE_NONET);
  g_assert_nonnull(doc);
  GHashTable *stored = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  xmlNode *root = xmlDocGetRootElement(doc);
  for (xmlNode *ts = root->children; ts != NULL; ts = ts->next) {
    if (ts->type != XML_ELEMENT_NODE || !g_str_equal((const gchar *)ts->name, "Tasks"))
      continue;
    for (xmlNode *t = ts->children; t != NULL; t = t->next) {
      if (t->type != XML_ELEMENT_NODE)
        continue;
      g_autofree gchar *uid = node_text(t, "UID");
      g_autofree gchar *es = node_text(t, "EarlyStart");
      g_autofree gchar *ef = node_text(t, "EarlyFinish");
      g_autofree gchar *ls = node_text(t, "LateStart");
      g_autofree gchar *lf = node_text(t, "LateFinish");
      g_autofree gchar *tsl = node_text(t, "TotalSlack");
      g_autofree gchar *fsl = node_text(t, "FreeSlack");
      g_hash_table_insert(stored, g_strdup(uid),
                          g_strdup_printf("%.16s|%.16s|%.16s|%.16s|%" G_GINT64_FORMAT
                                          "|%" G_GINT64_FORMAT,
                                          es, ef, ls, lf, g_ascii_strtoll(tsl, NULL, 10) / 10,
                                          g_ascii_strtoll(fsl, NULL, 10) / 10));
      for (xmlNode *c = t->children, *next; c != NULL; c = next) {
        next = c->next;
        if (c->type == XML_ELEMENT_NODE && g_strv_contains(computed, (const gchar *)c->name)) {
          xmlUnlinkNode(c);
          xmlFreeNode(c);
        }
      }
    }
  }
  g_assert_cmpint(xmlSaveFile(out, doc), >, 0);
  xmlFreeDoc(doc);
  return stored;
}

static void
test_parity(gconstpointer data)
{
  const gchar *name = data;
  g_autofree gchar *in = shared_file(name);
  if (!g_file_test(in, G_FILE_TEST_EXISTS)) {
    g_test_skip("../shared/realcases is absent");
    return;
  }
  g_autofree gchar *out = g_build_filename(tmpdir, name, NULL);
  g_autoptr(GHashTable) stored = blank_copy(in, out);
  g_autofree gchar *copy = NULL;
  g_assert_true(g_file_get_contents(out, &copy, NULL, NULL));
  g_assert_null(strstr(copy, "<LateStart>"));

  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(cpm_import_file(s, out, &error));
  g_assert_no_error(error);
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
  guint compared = 0, matched = 0;
  for (guint i = 0; i < cpm_schedule_n_activities(s); i++) {
    const CpmActivity *a = cpm_schedule_activity(s, i);
    const CpmActivityResult *r = cpm_result_activity(res, i);
    gchar es[CPM_TIME_FORMAT_LEN], ef[CPM_TIME_FORMAT_LEN], ls[CPM_TIME_FORMAT_LEN],
        lf[CPM_TIME_FORMAT_LEN];
    g_autofree gchar *mine = g_strdup_printf(
        "%s|%s|%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT, cpm_time_format(r->early_start, es),
        cpm_time_format(r->early_finish, ef), cpm_time_format(r->late_start, ls),
        cpm_time_format(r->late_finish, lf), r->total_float, r->free_float);
    const gchar *theirs = g_hash_table_lookup(stored, a->id);
    g_assert_nonnull(theirs);
    compared++;
    if (g_str_equal(mine, theirs))
      matched++;
    else
      g_test_message("  mismatch %s: critpath %s, MS Project %s", a->id, mine, theirs);
  }
  g_test_message("parity %s: %u tasks compared, %u match on all six values", name, compared,
                 matched);
  g_assert_cmpuint(compared, >, 0);
  g_assert_cmpuint(matched, ==, compared);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp("cpm-msp-XXXXXX", NULL);
  g_test_add_func("/import-mspdi/bad-inputs", test_bad_inputs);
  g_test_add_func("/import-mspdi/calendars", test_calendars);
  g_test_add_func("/import-mspdi/tasks", test_tasks);
  g_test_add_func("/import-mspdi/realcases", test_realcases);
  g_test_add_func("/import-mspdi/real/caltest", test_real_caltest);
  g_test_add_func("/import-mspdi/real/sample", test_real_sample);
  g_test_add_func("/import-mspdi/real/relations", test_real_relations);
  g_test_add_data_func("/import-mspdi/parity/mspdirelations", "mpxj__mspdirelations.xml",
                       test_parity);
  g_test_add_data_func("/import-mspdi/parity/task-links-project2003",
                       "mpxj__task-links-project2003-mspdi.xml", test_parity);
  int rc = g_test_run();
  g_autoptr(GDir) dir = g_dir_open(tmpdir, 0, NULL);
  for (const gchar *n; dir != NULL && (n = g_dir_read_name(dir)) != NULL;) {
    g_autofree gchar *p = g_build_filename(tmpdir, n, NULL);
    g_unlink(p);
  }
  g_rmdir(tmpdir);
  g_free(tmpdir);
  return rc;
}
