/* SPDX-License-Identifier: MIT
 *
 * test-import-p6xml.c: tests of format detection and of the P6 XML reader.
 * Good fixtures (tests/data/p6xml/good-*.xml) are checked field by field:
 * calendars with P6's last-minute WorkTime quirk, base calendars and
 * exceptions, project options with ScheduleOptions precedence, WBS, codes,
 * activities (hours to minutes, percent fractions, constraints),
 * relationships, resources. Bad inputs are a table of {file, code,
 * substring, line}, each checked with g_assert_error, for a one-line message
 * that starts with `FILE:LINE: `, quickly, and without a word on stderr.
 * Generated inputs (absurd nesting, oversized text, late DOCTYPE) go to a
 * temporary directory. Real exports in ../shared/realcases are read when
 * present.
 */
#include "cpm-import.h"

#include <glib/gstdio.h>
#include <string.h>

static gchar *
fixture(const gchar *name)
{
  return g_test_build_filename(G_TEST_DIST, "data", "p6xml", name, NULL);
}

static CpmSchedule *
load(const gchar *name)
{
  g_autofree gchar *path = fixture(name);
  g_autoptr(CpmSchedule) schedule = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  gboolean ok = cpm_import_file(schedule, path, &error);
  g_assert_no_error(error);
  g_assert_true(ok);
  return g_steal_pointer(&schedule);
}

static CpmTime
at(gint y, guint mo, guint d, guint h, guint mi)
{
  return cpm_time_from_civil(y, mo, d, h, mi);
}

static gint64
day(gint y, guint mo, guint d)
{
  return cpm_days_from_civil(y, mo, d);
}

static guint32
find_calendar(const CpmSchedule *s, const gchar *name)
{
  for (guint i = 0; i < cpm_schedule_n_calendars(s); i++)
    if (g_strcmp0(cpm_calendar_get_name(cpm_schedule_calendar(s, i)), name) == 0)
      return i;
  g_assert_not_reached();
}

/* Asserts the work intervals of one day, given as start, finish pairs. */
static void
assert_day(const CpmSchedule *s, const gchar *calendar, gint64 d, guint n, ...)
{
  const CpmCalendar *cal = cpm_schedule_calendar(s, find_calendar(s, calendar));
  const CpmWorkInterval *iv = NULL;
  guint count = cpm_calendar_day_intervals(cal, d, &iv);
  g_assert_cmpuint(count, ==, n);
  va_list args;
  va_start(args, n);
  for (guint i = 0; i < n; i++) {
    guint start = va_arg(args, guint);
    guint finish = va_arg(args, guint);
    g_assert_cmpuint(iv[i].start, ==, start);
    g_assert_cmpuint(iv[i].finish, ==, finish);
  }
  va_end(args);
}

static const CpmActivity *
find_activity(const CpmSchedule *s, const gchar *id)
{
  for (guint p = 0; p < cpm_schedule_n_projects(s); p++) {
    guint32 i = cpm_schedule_find_activity(s, p, id);
    if (i != CPM_NO_INDEX)
      return cpm_schedule_activity(s, i);
  }
  g_assert_not_reached();
}

static guint32
activity_index(const CpmSchedule *s, const gchar *id)
{
  return cpm_schedule_find_activity(s, 0, id);
}

static const CpmRelation *
find_relation(const CpmSchedule *s, const gchar *pred, const gchar *succ)
{
  guint32 a = activity_index(s, pred);
  guint32 b = activity_index(s, succ);
  for (guint i = 0; i < cpm_schedule_n_relations(s); i++) {
    const CpmRelation *r = cpm_schedule_relation(s, i);
    if (r->pred == a && r->succ == b)
      return r;
  }
  g_assert_not_reached();
}

static gboolean
has_note(const CpmSchedule *s, const gchar *substring)
{
  const GPtrArray *notes = cpm_schedule_notes(s);
  for (guint i = 0; i < notes->len; i++)
    if (strstr(g_ptr_array_index(notes, i), substring) != NULL)
      return TRUE;
  return FALSE;
}

/* ---- detection ---------------------------------------------------------- */

static void
write_file(const gchar *path, const gchar *text)
{
  g_autoptr(GError) error = NULL;
  g_file_set_contents(path, text, -1, &error);
  g_assert_no_error(error);
}

static void
test_detect(void)
{
  struct {
    const gchar *name;
    CpmFormat format;
  } fixtures[] = {
    { "good-basic.xml", CPM_FORMAT_P6XML },    { "good-nocal.xml", CPM_FORMAT_P6XML },
    { "bad-xer.xer", CPM_FORMAT_XER },         { "bad-html.xml", CPM_FORMAT_UNKNOWN },
    { "bad-garbage.bin", CPM_FORMAT_UNKNOWN }, { "bad-empty.xml", CPM_FORMAT_UNKNOWN },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(fixtures); i++) {
    g_autofree gchar *path = fixture(fixtures[i].name);
    g_autoptr(GError) error = NULL;
    g_assert_cmpint(cpm_import_detect(path, &error), ==, fixtures[i].format);
    g_assert_no_error(error);
  }

  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp("critpath-detect-XXXXXX", &error);
  g_assert_no_error(error);
  struct {
    const gchar *name;
    const gchar *text;
    CpmFormat format;
  } made[] = {
    { "a.xml",
      "<?xml version=\"1.0\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">"
      "<Name>x</Name></Project>\n",
      CPM_FORMAT_MSPDI },
    { "b.ips", "# manifest\n[programme civil]\nfile = civil.xml\n", CPM_FORMAT_IPS },
    { "c.csv", "project,activity,name,duration\nP,A1,Dig,5\n", CPM_FORMAT_CSV },
    { "d.xml", "<p6:APIBusinessObjects xmlns:p6=\"urn:x\"/>", CPM_FORMAT_P6XML },
    { "e.txt", "just some words\nand more\n", CPM_FORMAT_UNKNOWN },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(made); i++) {
    g_autofree gchar *path = g_build_filename(dir, made[i].name, NULL);
    write_file(path, made[i].text);
    g_assert_cmpint(cpm_import_detect(path, &error), ==, made[i].format);
    g_assert_no_error(error);
    g_unlink(path);
  }
  g_rmdir(dir);

  g_autofree gchar *missing = fixture("no-such-file.xml");
  g_assert_cmpint(cpm_import_detect(missing, &error), ==, CPM_FORMAT_UNKNOWN);
  g_assert_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO);

  g_assert_cmpstr(cpm_format_to_string(CPM_FORMAT_P6XML), ==, "P6 XML");
  g_assert_cmpstr(cpm_format_to_string(CPM_FORMAT_XER), ==, "XER");
}

/* ---- good input --------------------------------------------------------- */

static void
test_calendars(void)
{
  g_autoptr(CpmSchedule) s = load("good-basic.xml");
  g_assert_cmpuint(cpm_schedule_n_calendars(s), ==, 3);

  /* 08:00..11:59 is [480, 720); 12:30..15:59:59 is [750, 960). */
  const CpmCalendar *office = cpm_schedule_calendar(s, find_calendar(s, "Office"));
  g_assert_cmpfloat(cpm_calendar_get_hours_per_day(office), ==, 7.5);
  g_assert_cmpfloat(cpm_calendar_get_hours_per_week(office), ==, 37.5);
  assert_day(s, "Office", day(2024, 1, 8), 2, 480, 720, 750, 960);
  g_assert_cmpuint(cpm_calendar_day_work(office, day(2024, 1, 8)), ==, 450);
  assert_day(s, "Office", day(2024, 1, 7), 0);           /* Sunday, nil WorkTime */
  assert_day(s, "Office", day(2024, 1, 13), 0);          /* Saturday */
  assert_day(s, "Office", day(2024, 1, 1), 0);           /* holiday */
  assert_day(s, "Office", day(2024, 1, 6), 1, 540, 780); /* worked Saturday */

  /* No week of its own: the base's week; exceptions: base's and own, own
   * winning; hours per day inherited. Its base is defined after it. */
  const CpmCalendar *derived = cpm_schedule_calendar(s, find_calendar(s, "Office derived"));
  g_assert_cmpfloat(cpm_calendar_get_hours_per_day(derived), ==, 7.5);
  assert_day(s, "Office derived", day(2024, 1, 8), 2, 480, 720, 750, 960);
  assert_day(s, "Office derived", day(2024, 1, 1), 1, 600, 660);
  assert_day(s, "Office derived", day(2024, 1, 2), 0);
  assert_day(s, "Office derived", day(2024, 1, 6), 1, 540, 780);

  /* 00:00..23:59 is the whole day; a Finish of 00:00 is midnight. */
  assert_day(s, "Round the clock", day(2024, 1, 7), 1, 0, 1440);
  assert_day(s, "Round the clock", day(2024, 1, 3), 1, 1080, 1440);
}

static void
test_project(void)
{
  g_autoptr(CpmSchedule) s = load("good-basic.xml");
  g_autofree gchar *path = fixture("good-basic.xml");
  g_assert_cmpuint(cpm_schedule_n_projects(s), ==, 1);
  const CpmProject *p = cpm_schedule_project(s, 0);
  g_assert_cmpstr(p->id, ==, "DEMO");
  g_assert_cmpstr(p->name, ==, "Demo project");
  g_assert_cmpstr(p->source_file, ==, path);
  g_assert_cmpint(p->object_id, ==, 10);
  g_assert_cmpint(p->data_date, ==, at(2024, 1, 8, 8, 0));
  g_assert_cmpint(p->planned_start, ==, at(2024, 1, 2, 8, 0));
  g_assert_cmpint(p->must_finish_by, ==, at(2024, 6, 28, 16, 0));
  g_assert_cmpuint(p->default_calendar, ==, find_calendar(s, "Office"));
  g_assert_cmpuint(cpm_schedule_find_project(s, "DEMO"), ==, 0);

  /* Direct children of Project, overridden by ScheduleOptions. */
  const CpmOptions *o = &p->options;
  g_assert_cmpint(o->progress, ==, CPM_PROGRESS_OVERRIDE);          /* direct only */
  g_assert_cmpint(o->critical_mode, ==, CPM_CRITICAL_LONGEST_PATH); /* direct only */
  g_assert_cmpint(o->lag_calendar, ==, CPM_LAG_CAL_SUCCESSOR);      /* 24h < ScheduleOptions */
  g_assert_cmpint(o->critical_float, ==, 16 * 60);                  /* 8 h < 16 h */
  g_assert_cmpint(o->float_type, ==, CPM_FLOAT_SMALLEST);
  g_assert_true(o->open_ends_critical);
  g_assert_true(o->use_expected_finish);
  g_assert_true(o->float_per_project);
  g_assert_true(o->ss_lag_from_early_start);
  g_assert_false(o->ignore_external_links);
}

static void
test_activities(void)
{
  g_autoptr(CpmSchedule) s = load("good-basic.xml");
  g_assert_cmpuint(cpm_schedule_n_activities(s), ==, 5);

  const CpmActivity *a = find_activity(s, "A1000");
  g_assert_cmpstr(a->name, ==, "Notice to proceed");
  g_assert_cmpint(a->object_id, ==, 1000);
  g_assert_cmpint(a->type, ==, CPM_ACT_START_MILESTONE);
  g_assert_cmpint(a->planned_duration, ==, 0); /* milestone: 8 h forced to 0 */
  g_assert_cmpint(a->remaining_duration, ==, 0);
  g_assert_cmpfloat(a->percent_complete, ==, 100.0);
  g_assert_cmpint(cpm_activity_status(a), ==, CPM_STATUS_COMPLETED);
  g_assert_cmpint(a->actual_finish, ==, at(2024, 1, 2, 8, 0));
  g_assert_cmpint(a->constraint, ==, CPM_CSTR_NONE); /* <PrimaryConstraintType /> */
  g_assert_cmpuint(a->calendar, ==, find_calendar(s, "Office"));
  g_assert_cmpstr(cpm_schedule_wbs(s, a->wbs)->code, ==, "1");
  g_assert_cmpuint(a->line, >, 0);

  a = find_activity(s, "A1010");
  g_assert_cmpint(a->type, ==, CPM_ACT_TASK);
  g_assert_cmpint(a->planned_duration, ==, 75 * 60);
  g_assert_cmpint(a->remaining_duration, ==, 2250); /* "37,5" hours */
  g_assert_cmpfloat(a->percent_complete, ==, 50.0);
  g_assert_cmpint(cpm_activity_status(a), ==, CPM_STATUS_IN_PROGRESS);
  g_assert_cmpint(a->actual_start, ==, at(2024, 1, 3, 8, 0));
  g_assert_cmpint(a->constraint, ==, CPM_CSTR_START_ON_OR_AFTER);
  g_assert_cmpint(a->constraint_date, ==, at(2024, 1, 3, 8, 0));
  g_assert_cmpint(a->constraint2, ==, CPM_CSTR_FINISH_ON_OR_BEFORE);
  g_assert_cmpint(a->constraint2_date, ==, at(2024, 2, 28, 16, 0));
  g_assert_cmpint(a->expected_finish, ==, at(2024, 2, 20, 16, 0));
  g_assert_cmpuint(a->calendar, ==, find_calendar(s, "Office")); /* project default */
  const CpmWbs *w = cpm_schedule_wbs(s, a->wbs);
  g_assert_cmpstr(w->code, ==, "1.1");
  g_assert_cmpstr(w->name, ==, "Civil works");

  a = find_activity(s, "A1020");
  g_assert_cmpstr(a->name, ==, "Pour <slab> & cure");
  g_assert_cmpint(a->type, ==, CPM_ACT_RESOURCE);
  g_assert_cmpint(a->planned_duration, ==, 975);   /* 16.25 h */
  g_assert_cmpint(a->remaining_duration, ==, 975); /* absent: planned */
  g_assert_cmpint(cpm_activity_status(a), ==, CPM_STATUS_NOT_STARTED);
  g_assert_cmpint(a->constraint, ==, CPM_CSTR_NONE);
  g_assert_cmpint(a->suspend_date, ==, at(2024, 1, 15, 0, 0));
  g_assert_cmpint(a->resume_date, ==, at(2024, 1, 20, 0, 0));
  g_assert_cmpint(a->planned_start, ==, at(2024, 1, 11, 8, 0));
  g_assert_cmpint(a->planned_finish, ==, at(2024, 1, 12, 16, 15));
  g_assert_cmpuint(a->calendar, ==, find_calendar(s, "Round the clock"));
  g_assert_cmpuint(a->wbs, ==, CPM_NO_INDEX);

  a = find_activity(s, "A1030");
  g_assert_cmpint(a->type, ==, CPM_ACT_FINISH_MILESTONE);
  g_assert_cmpint(a->constraint, ==, CPM_CSTR_ALAP);
  g_assert_cmpint(a->constraint_date, ==, CPM_TIME_NONE);
  g_assert_cmpuint(a->calendar, ==, find_calendar(s, "Office derived"));

  /* A top-level activity of the project, after it. */
  a = find_activity(s, "A1040");
  g_assert_cmpint(a->type, ==, CPM_ACT_LOE);
  g_assert_cmpuint(a->project, ==, 0);
  g_assert_cmpuint(a->calendar, ==, find_calendar(s, "Office"));
}

static void
test_wbs_codes_resources(void)
{
  g_autoptr(CpmSchedule) s = load("good-basic.xml");

  g_assert_cmpuint(cpm_schedule_n_wbs(s), ==, 2);
  for (guint i = 0; i < 2; i++) {
    const CpmWbs *w = cpm_schedule_wbs(s, i);
    g_assert_cmpuint(w->project, ==, 0);
    if (g_strcmp0(w->code, "1.1") == 0) {
      g_assert_cmpuint(w->parent, !=, CPM_NO_INDEX);
      g_assert_cmpstr(cpm_schedule_wbs(s, w->parent)->code, ==, "1");
    } else {
      g_assert_cmpstr(w->code, ==, "1");
      g_assert_cmpuint(w->parent, ==, CPM_NO_INDEX);
      g_assert_cmpint(w->object_id, ==, 100);
    }
  }

  g_assert_cmpuint(cpm_schedule_n_code_types(s), ==, 1);
  g_assert_cmpstr(cpm_schedule_code_type(s, 0)->name, ==, "Responsible party");
  g_assert_cmpuint(cpm_schedule_code_type(s, 0)->project, ==, 0);
  g_assert_cmpuint(cpm_schedule_n_code_values(s), ==, 2);
  const CpmCodeValue *epc = cpm_schedule_code_value(s, 0);
  g_assert_cmpstr(epc->value, ==, "EPC");
  g_assert_cmpstr(epc->description, ==, "Main contractor");
  g_assert_cmpint(epc->object_id, ==, 501);
  g_assert_null(cpm_schedule_code_value(s, 1)->description);
  g_assert_cmpuint(cpm_schedule_n_code_assignments(s), ==, 1);
  const CpmCodeAssignment *ca = cpm_schedule_code_assignment(s, 0);
  g_assert_cmpuint(ca->activity, ==, activity_index(s, "A1010"));
  g_assert_cmpuint(ca->value, ==, 0);

  g_assert_cmpuint(cpm_schedule_n_resources(s), ==, 1);
  const CpmResource *r = cpm_schedule_resource(s, 0);
  g_assert_cmpstr(r->id, ==, "CRANE");
  g_assert_cmpstr(r->name, ==, "Tower crane");
  g_assert_cmpuint(r->calendar, ==, find_calendar(s, "Round the clock"));
  g_assert_cmpuint(cpm_schedule_n_assignments(s), ==, 1);
  const CpmAssignment *as = cpm_schedule_assignment(s, 0);
  g_assert_cmpuint(as->activity, ==, activity_index(s, "A1020"));
  g_assert_cmpuint(as->resource, ==, 0);
  g_assert_cmpfloat(as->units_per_minute, ==, 0.5);
  g_assert_cmpint(as->remaining_work, ==, 16 * 60);
}

static void
test_relations(void)
{
  g_autoptr(CpmSchedule) s = load("good-basic.xml");
  g_assert_cmpuint(cpm_schedule_n_relations(s), ==, 5);

  const CpmRelation *r = find_relation(s, "A1000", "A1010");
  g_assert_cmpint(r->type, ==, CPM_LINK_FS);
  g_assert_cmpint(r->lag, ==, 0);
  g_assert_cmpuint(r->line, >, 0);
  r = find_relation(s, "A1010", "A1020");
  g_assert_cmpint(r->type, ==, CPM_LINK_SS);
  g_assert_cmpint(r->lag, ==, 240);
  r = find_relation(s, "A1020", "A1030");
  g_assert_cmpint(r->type, ==, CPM_LINK_FF);
  g_assert_cmpint(r->lag, ==, -150); /* "-2,5" hours: a lead */
  r = find_relation(s, "A1010", "A1030");
  g_assert_cmpint(r->type, ==, CPM_LINK_SF);
  g_assert_cmpint(r->lag, ==, 1); /* 0.0166667 h rounds to one minute */
  /* Top level, before its successor is read. */
  r = find_relation(s, "A1030", "A1040");
  g_assert_cmpint(r->type, ==, CPM_LINK_FS);
  g_assert_cmpint(r->lag, ==, 480);

  /* The link to project 999 is noted, the baseline kept aside. */
  g_assert_true(has_note(s, "relationship 9005 to an activity of project 999, which is not in "
                            "this file, ignored"));
  g_assert_true(has_note(s, "baseline project 'DEMO - B1' kept aside (not scheduled)"));
}

static void
test_no_calendar(void)
{
  g_autoptr(CpmSchedule) s = load("good-nocal.xml");
  g_assert_cmpuint(cpm_schedule_n_projects(s), ==, 1);
  const CpmProject *p = cpm_schedule_project(s, 0);
  g_assert_cmpstr(p->id, ==, "LATE"); /* defined after its activities */
  g_assert_cmpstr(p->name, ==, "Defined after its activities");
  g_assert_cmpuint(cpm_schedule_n_calendars(s), ==, 1);
  g_assert_true(has_note(s, "no calendar in the file"));
  const CpmCalendar *cal = cpm_schedule_calendar(s, 0);
  g_assert_cmpuint(cpm_calendar_day_work(cal, day(2024, 1, 8)), ==, 480);
  g_assert_cmpuint(cpm_calendar_day_work(cal, day(2024, 1, 7)), ==, 0);
  g_assert_cmpuint(p->default_calendar, ==, 0);

  g_assert_cmpuint(cpm_schedule_n_activities(s), ==, 2);
  const CpmActivity *a = find_activity(s, "B10");
  g_assert_cmpuint(a->calendar, ==, 0);
  g_assert_cmpint(a->planned_duration, ==, 2400);
  g_assert_cmpint(a->remaining_duration, ==, 2400);
  a = find_activity(s, "B20");
  g_assert_cmpint(a->remaining_duration, ==, 240);
  g_assert_cmpuint(cpm_schedule_n_relations(s), ==, 1);
}

/* Two files into one schedule: indices of the second are offset. */
static void
test_append(void)
{
  g_autoptr(CpmSchedule) s = load("good-nocal.xml");
  g_autofree gchar *path = fixture("good-basic.xml");
  g_autoptr(GError) error = NULL;
  g_assert_true(cpm_import_file(s, path, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(cpm_schedule_n_projects(s), ==, 2);
  g_assert_cmpuint(cpm_schedule_n_activities(s), ==, 7);
  g_assert_cmpuint(cpm_schedule_n_calendars(s), ==, 4);
  guint32 i = cpm_schedule_find_activity(s, 1, "A1020");
  g_assert_cmpuint(i, !=, CPM_NO_INDEX);
  const CpmActivity *a = cpm_schedule_activity(s, i);
  g_assert_cmpstr(cpm_calendar_get_name(cpm_schedule_calendar(s, a->calendar)), ==,
                  "Round the clock");
  g_assert_cmpuint(cpm_schedule_relation(s, cpm_schedule_n_relations(s) - 1)->succ, ==,
                   cpm_schedule_find_activity(s, 1, "A1040"));
}

/* ---- bad input ---------------------------------------------------------- */

typedef struct {
  const gchar *file;      /* fixture name */
  CpmImportError code;    /* expected error code */
  const gchar *substring; /* expected in the message */
  guint line;             /* expected line, 0 = any line > 0 */
} BadCase;

static const BadCase bad_cases[] = {
  { "bad-malformed.xml", CPM_IMPORT_ERROR_SYNTAX, "malformed XML", 7 },
  { "bad-truncated.xml", CPM_IMPORT_ERROR_SYNTAX, "malformed XML", 0 },
  { "bad-billion-laughs.xml", CPM_IMPORT_ERROR_SECURITY, "DOCTYPE declarations are not allowed",
    2 },
  { "bad-xxe.xml", CPM_IMPORT_ERROR_SECURITY, "DOCTYPE declarations are not allowed", 2 },
  { "bad-entity-ref.xml", CPM_IMPORT_ERROR_SECURITY, "entities are not allowed", 6 },
  { "bad-unknown-enum.xml", CPM_IMPORT_ERROR_VALUE, "unknown relationship type 'Finish to Middle'",
    8 },
  { "bad-dangling.xml", CPM_IMPORT_ERROR_REFERENCE,
    "relationship 7: predecessor activity ObjectId 123 does not exist", 8 },
  { "bad-duplicate-id.xml", CPM_IMPORT_ERROR_DUPLICATE, "duplicate activity Id 'A1'", 8 },
  { "bad-duplicate-objectid.xml", CPM_IMPORT_ERROR_DUPLICATE, "duplicate activity ObjectId 100",
    8 },
  { "bad-invalid-date.xml", CPM_IMPORT_ERROR_VALUE,
    "invalid date '2016-02-30T08:00:00' in <ActualStartDate>", 6 },
  { "bad-negative-duration.xml", CPM_IMPORT_ERROR_VALUE, "negative duration '-8'", 6 },
  { "bad-nan-lag.xml", CPM_IMPORT_ERROR_VALUE, "invalid number 'NaN' in <Lag>", 8 },
  { "bad-huge-duration.xml", CPM_IMPORT_ERROR_VALUE, "<PlannedDuration> of 1e300 hours", 6 },
  { "bad-unknown-calendar.xml", CPM_IMPORT_ERROR_REFERENCE, "calendar ObjectId 42 does not exist",
    6 },
  { "bad-worktime.xml", CPM_IMPORT_ERROR_VALUE, "invalid time '25:00' in <Start>", 4 },
  { "bad-html.xml", CPM_IMPORT_ERROR_FORMAT, "root element <html>", 1 },
  { "bad-empty.xml", CPM_IMPORT_ERROR_FORMAT, "empty", 1 },
  { "bad-garbage.bin", CPM_IMPORT_ERROR_FORMAT, "not a schedule critpath can read", 1 },
  { "bad-xer.xer", CPM_IMPORT_ERROR_FORMAT, "no project in the file", 1 },
};

/* The message is one line `PATH:LINE: ...` with LINE > 0 (== line if set). */
static void
assert_message(const GError *error, const gchar *path, guint line)
{
  g_assert_null(strchr(error->message, '\n'));
  g_assert_true(g_str_has_prefix(error->message, path));
  const gchar *p = error->message + strlen(path);
  g_assert_cmpint(*p, ==, ':');
  gchar *end = NULL;
  guint64 n = g_ascii_strtoull(p + 1, &end, 10);
  g_assert_true(end != p + 1);
  g_assert_true(g_str_has_prefix(end, ": "));
  g_assert_cmpuint(n, >, 0);
  if (line > 0)
    g_assert_cmpuint(n, ==, line);
}

static void
check_bad(const gchar *path, CpmImportError code, const gchar *substring, guint line,
          gboolean direct)
{
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time();
  gboolean ok = direct ? cpm_import_p6xml(s, path, &error) : cpm_import_file(s, path, &error);
  gint64 elapsed = g_get_monotonic_time() - t0;
  g_test_message("%s -> %s", path, error != NULL ? error->message : "(no error)");
  g_assert_false(ok);
  g_assert_error(error, CPM_IMPORT_ERROR, (gint)code);
  g_assert_nonnull(strstr(error->message, substring));
  assert_message(error, path, line);
  g_assert_cmpint(elapsed, <, G_USEC_PER_SEC);
}

static void
test_bad_inputs(void)
{
  for (gsize i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
    g_autofree gchar *path = fixture(bad_cases[i].file);
    check_bad(path, bad_cases[i].code, bad_cases[i].substring, bad_cases[i].line, FALSE);
  }
  /* The reader alone refuses what detection would have caught. */
  g_autofree gchar *html = fixture("bad-html.xml");
  check_bad(html, CPM_IMPORT_ERROR_FORMAT, "root element <html> is not P6 XML", 2, TRUE);
  g_autofree gchar *empty = fixture("bad-empty.xml");
  check_bad(empty, CPM_IMPORT_ERROR_SYNTAX, "empty", 1, TRUE);
  g_autofree gchar *garbage = fixture("bad-garbage.bin");
  check_bad(garbage, CPM_IMPORT_ERROR_SYNTAX, "malformed XML", 0, TRUE);
  g_autofree gchar *missing = fixture("no-such-file.xml");
  check_bad(missing, CPM_IMPORT_ERROR_IO, "cannot open", 1, TRUE);
}

/* libxml2 must not print anything, whatever the input. */
static void
test_bad_inputs_quiet(void)
{
  if (g_test_subprocess()) {
    for (gsize i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
      g_autofree gchar *path = fixture(bad_cases[i].file);
      g_autoptr(CpmSchedule) s = cpm_schedule_new();
      g_autoptr(CpmSchedule) s2 = cpm_schedule_new();
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error2 = NULL;
      g_assert_false(cpm_import_file(s, path, &error));
      g_assert_false(cpm_import_p6xml(s2, path, &error2));
    }
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_test_trap_assert_stdout("");
  g_test_trap_assert_stderr("");
}

/* Generated inputs, too big or too odd to keep as fixtures. */
static void
test_generated(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp("critpath-p6xml-XXXXXX", &error);
  g_assert_no_error(error);
  const gchar *head = "<?xml version=\"1.0\"?>\n<APIBusinessObjects>\n";

  /* Absurd nesting. */
  g_autoptr(GString) deep = g_string_new(head);
  for (guint i = 0; i < 100000; i++)
    g_string_append(deep, "<a>");
  g_autofree gchar *deep_path = g_build_filename(dir, "deep.xml", NULL);
  write_file(deep_path, deep->str);
  check_bad(deep_path, CPM_IMPORT_ERROR_LIMIT, "nested deeper than 64 levels", 3, FALSE);

  /* Deep nesting inside a skipped subtree is caught too. */
  g_autoptr(GString) deep2 = g_string_new(head);
  g_string_append(deep2, "<OBS>\n");
  for (guint i = 0; i < 300; i++)
    g_string_append(deep2, "<x>");
  g_autofree gchar *deep2_path = g_build_filename(dir, "deep2.xml", NULL);
  write_file(deep2_path, deep2->str);
  check_bad(deep2_path, CPM_IMPORT_ERROR_LIMIT, "nested deeper", 4, FALSE);

  /* A 2 MiB activity name. */
  g_autoptr(GString) big = g_string_new(head);
  g_string_append(big, "<Project><Id>P</Id><ObjectId>1</ObjectId>\n<Activity><Name>");
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c(big, 'x');
  g_string_append(big, "</Name></Activity></Project></APIBusinessObjects>\n");
  g_autofree gchar *big_path = g_build_filename(dir, "big.xml", NULL);
  write_file(big_path, big->str);
  check_bad(big_path, CPM_IMPORT_ERROR_LIMIT, "text of <Name> longer than", 4, FALSE);

  /* A DOCTYPE after a prolog too long for the pre-scan. */
  g_autoptr(GString) late = g_string_new("<?xml version=\"1.0\"?>\n<!--");
  for (guint i = 0; i < 400000; i++)
    g_string_append_c(late, '-' + (i % 2) * ('=' - '-'));
  g_string_append(late,
                  "-->\n<!DOCTYPE APIBusinessObjects [ <!ENTITY x SYSTEM "
                  "\"file:///etc/passwd\"> ]>\n<APIBusinessObjects>&x;</APIBusinessObjects>\n");
  g_autofree gchar *late_path = g_build_filename(dir, "late.xml", NULL);
  write_file(late_path, late->str);
  check_bad(late_path, CPM_IMPORT_ERROR_SECURITY, "DOCTYPE declarations are not allowed", 3, TRUE);

  g_unlink(deep_path);
  g_unlink(deep2_path);
  g_unlink(big_path);
  g_unlink(late_path);
  g_rmdir(dir);
}

/* ---- real exports ------------------------------------------------------- */

static void
test_realcases(void)
{
  const gchar *shared = g_getenv("CPM_SHARED");
  g_autofree gchar *dir
      = g_build_filename(shared != NULL ? shared : "../shared", "realcases", "p6xml", NULL);
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    g_test_skip("realcases not available");
    return;
  }
  /* Counts checked with grep -c on the files: <Activity> and <Relationship>
   * elements, minus those of external and baseline projects. */
  struct {
    const gchar *name;
    guint activities;
    guint relations;
    guint projects;
    const gchar *note; /* a note that must be present, or NULL */
  } cases[] = {
    { "asposenet__primavera.xml", 137, 498, 1, NULL },
    { "asposenet__BaselineProjects.xml", 2, 0, 1, "baseline project" },
    { "asposenet__MultiprojectWithExternal.xml", 2, 0, 1, "which is not in this file, ignored" },
    { "asposenet__PrimaveraProject.xml", 26, 24, 2, "which is not in this file, ignored" },
    { "mpxj__percent-complete-8.4.pmxml", 12, 0, 1, NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree gchar *path = g_build_filename(dir, cases[i].name, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
      g_test_message("%s absent", path);
      continue;
    }
    g_autoptr(CpmSchedule) s = cpm_schedule_new();
    g_autoptr(GError) error = NULL;
    gboolean ok = cpm_import_file(s, path, &error);
    g_assert_no_error(error);
    g_assert_true(ok);
    g_assert_cmpuint(cpm_schedule_n_activities(s), ==, cases[i].activities);
    g_assert_cmpuint(cpm_schedule_n_relations(s), ==, cases[i].relations);
    g_assert_cmpuint(cpm_schedule_n_projects(s), ==, cases[i].projects);
    if (cases[i].note != NULL)
      g_assert_true(has_note(s, cases[i].note));
    for (guint a = 0; a < cpm_schedule_n_activities(s); a++)
      g_assert_cmpuint(cpm_schedule_activity(s, a)->calendar, <, cpm_schedule_n_calendars(s));
  }

  /* Decimal commas: 70,583333 hours of planned duration. */
  g_autofree gchar *comma = g_build_filename(dir, "asposenet__PrimaveraProject.xml", NULL);
  if (g_file_test(comma, G_FILE_TEST_EXISTS)) {
    g_autoptr(CpmSchedule) s = cpm_schedule_new();
    g_assert_true(cpm_import_file(s, comma, NULL));
    gboolean found = FALSE;
    for (guint a = 0; a < cpm_schedule_n_activities(s); a++)
      found |= cpm_schedule_activity(s, a)->planned_duration == 4235; /* 70.583333 h */
    g_assert_true(found);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/import/detect", test_detect);
  g_test_add_func("/import/p6xml/calendars", test_calendars);
  g_test_add_func("/import/p6xml/project", test_project);
  g_test_add_func("/import/p6xml/activities", test_activities);
  g_test_add_func("/import/p6xml/wbs-codes-resources", test_wbs_codes_resources);
  g_test_add_func("/import/p6xml/relations", test_relations);
  g_test_add_func("/import/p6xml/no-calendar", test_no_calendar);
  g_test_add_func("/import/p6xml/append", test_append);
  g_test_add_func("/import/p6xml/bad-inputs", test_bad_inputs);
  g_test_add_func("/import/p6xml/bad-inputs-quiet", test_bad_inputs_quiet);
  g_test_add_func("/import/p6xml/generated", test_generated);
  g_test_add_func("/import/p6xml/realcases", test_realcases);
  return g_test_run();
}
