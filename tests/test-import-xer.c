/* SPDX-License-Identifier: MIT
 *
 * test-import-xer.c: the XER reader. Small files written by the test, and
 * the hand-written fixtures of tests/data/xer (Windows-1252 with CRLF, UTF-8
 * with a byte-order mark, two projects, derived calendars, every table
 * read), check the mapping of each table and every kind of bad input. The
 * real P6 exports of ../shared/realcases/xer are read as they are (row
 * counts as grep counts them, values read by hand from the files). Their
 * parity with P6's stored results is checked in test-parity.c.
 */
#include "cpm-import.h"
#include "cpm-scheduler.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

static gchar *tmpdir;

static gchar *
write_xer(const gchar *name, const gchar *text)
{
  gchar *path = g_build_filename(tmpdir, name, NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

/* A calendar blob as P6 writes it: line breaks as DEL characters, a
 * one-digit hour, a holiday and a worked Saturday (day serials from
 * 1899-12-30: 45299 = 2024-01-08, 45304 = 2024-01-13). */
#define XER_CAL_BLOB                                                                               \
  "(0||CalendarData()(\x7f\x7f  (0||DaysOfWeek()(\x7f\x7f    (0||1()())"                           \
  "    (0||2()(      (0||0(s|8:00|f|12:00)())      (0||1(f|17:00|s|13:00)())))"                    \
  "    (0||3()(      (0||0(s|08:00|f|12:00)())      (0||1(s|13:00|f|17:00)())))"                   \
  "    (0||4()(      (0||0(s|08:00|f|12:00)())      (0||1(s|13:00|f|17:00)())))"                   \
  "    (0||5()(      (0||0(s|08:00|f|12:00)())      (0||1(s|13:00|f|17:00)())))"                   \
  "    (0||6()(      (0||0(s|08:00|f|12:00)())      (0||1(s|13:00|f|17:00)())))"                   \
  "    (0||7()())))  (0||VIEW(ShowTotal|N)())  (0||Exceptions()(    (0||0(d|45299)())"             \
  "    (0||1(d|45304)(      (0||0(s|08:00|f|12:00)())))))))"

#define XER_HEAD                                                                                   \
  "ERMHDR\t19.12\t2024-01-01\tProject\tadmin\n"                                                    \
  "%T\tCURRTYPE\n%F\tcurr_id\n%R\t1\n"                                                             \
  "%T\tPROJECT\n%F\tproj_id\tproj_short_name\tclndr_id\tlast_recalc_date\tplan_start_date\t"       \
  "plan_end_date\tcritical_drtn_hr_cnt\n"                                                          \
  "%R\t10\tDEMO\t1\t2024-01-08 08:00\t2024-01-08 08:00\t\t0\n"                                     \
  "%T\tCALENDAR\n%F\tclndr_id\tclndr_name\tbase_clndr_id\tday_hr_cnt\tweek_hr_cnt\tclndr_data\n"   \
  "%R\t1\tStandard\t\t8\t40\t" XER_CAL_BLOB "\n"                                                   \
  "%T\tSCHEDOPTIONS\n%F\tproj_id\tsched_retained_logic\tsched_progress_override\t"                 \
  "sched_calendar_on_relationship_lag\tsched_float_type\tsched_use_project_end_date_for_float\n"   \
  "%R\t10\tN\tY\trcal_Successor\tFT_Min\tY\n"

#define XER_TASK_FIELDS                                                                            \
  "%T\tTASK\n%F\ttask_id\tproj_id\twbs_id\tclndr_id\ttask_code\ttask_name\ttask_type\t"            \
  "status_code\ttarget_drtn_hr_cnt\tremain_drtn_hr_cnt\tact_start_date\tact_end_date\t"            \
  "cstr_type\tcstr_date\tearly_start_date\ttotal_float_hr_cnt\n"

#define XER_GOOD                                                                                   \
  XER_HEAD XER_TASK_FIELDS                                                                         \
      "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t16\t16\t\t\t\t\tGARBAGE\tnot-a-number\n"   \
      "%R\t101\t10\t\t1\tA2\tPour\tTT_Task\tTK_NotStart\t8\t8\t\t\tCS_MSOA\t2024-01-16 "           \
      "08:00\t\t\n"                                                                                \
      "%R\t102\t10\t\t1\tM1\tDone\tTT_FinMile\tTK_NotStart\t0\t0\t\t\t\t\t\t\n"                    \
      "%T\tTASKPRED\n%F\ttask_pred_id\ttask_id\tpred_task_id\tproj_id\tpred_proj_id\tpred_type\t"  \
      "lag_hr_cnt\n"                                                                               \
      "%R\t1\t101\t100\t10\t10\tPR_SS\t4.5\n"                                                      \
      "%R\t2\t102\t101\t10\t10\tPR_FS\t0\n"                                                        \
      "%R\t3\t102\t999\t10\t77\tPR_FS\t0\n"                                                        \
      "%T\tUDFVALUE\n%F\tudf_type_id\n%R\t5\n%E\n"

static void
test_good(void)
{
  g_autofree gchar *path = write_xer("good.xer", XER_GOOD);
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_cmpint(cpm_import_detect(path, &error), ==, CPM_FORMAT_XER);
  g_assert_true(cpm_import_file(s, path, &error));
  g_assert_no_error(error);

  g_assert_cmpuint(cpm_schedule_n_projects(s), ==, 1);
  const CpmProject *p = cpm_schedule_project(s, 0);
  g_assert_cmpstr(p->id, ==, "DEMO");
  g_assert_cmpint(p->data_date, ==, cpm_time_from_civil(2024, 1, 8, 8, 0));
  g_assert_cmpint(p->options.progress, ==, CPM_PROGRESS_OVERRIDE);
  g_assert_cmpint(p->options.lag_calendar, ==, CPM_LAG_CAL_SUCCESSOR);
  g_assert_cmpint(p->options.float_type, ==, CPM_FLOAT_SMALLEST);

  /* Calendar: Monday's periods (one written finish-first) and exceptions. */
  const CpmCalendar *cal = cpm_schedule_calendar(s, 0);
  const CpmWorkInterval *ivs;
  gint64 tue = cpm_days_from_civil(2024, 1, 9);
  g_assert_cmpuint(cpm_calendar_day_intervals(cal, tue, &ivs), ==, 2);
  g_assert_cmpuint(ivs[0].start, ==, 480);
  g_assert_cmpuint(ivs[1].finish, ==, 1020);
  g_assert_cmpuint(cpm_calendar_day_work(cal, cpm_days_from_civil(2024, 1, 8)), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(cal, cpm_days_from_civil(2024, 1, 13)), ==, 240);
  g_assert_cmpuint(cpm_calendar_day_work(cal, cpm_days_from_civil(2024, 1, 15)), ==, 480);

  g_assert_cmpuint(cpm_schedule_n_activities(s), ==, 3);
  const CpmActivity *a2 = cpm_schedule_activity(s, cpm_schedule_find_activity(s, 0, "A2"));
  g_assert_cmpint(a2->planned_duration, ==, 480);
  g_assert_cmpint(a2->constraint, ==, CPM_CSTR_START_ON_OR_AFTER);
  g_assert_cmpint(a2->constraint_date, ==, cpm_time_from_civil(2024, 1, 16, 8, 0));
  g_assert_cmpint(cpm_schedule_activity(s, 2)->type, ==, CPM_ACT_FINISH_MILESTONE);

  /* Two links; the one to project 77 (absent) is noted. */
  g_assert_cmpuint(cpm_schedule_n_relations(s), ==, 2);
  const CpmRelation *r = cpm_schedule_relation(s, 0);
  g_assert_cmpint(r->type, ==, CPM_LINK_SS);
  g_assert_cmpint(r->lag, ==, 270);
  gboolean external = FALSE, skipped = FALSE;
  const GPtrArray *notes = cpm_schedule_notes(s);
  for (guint i = 0; i < notes->len; i++) {
    external |= strstr(g_ptr_array_index(notes, i), "project 77") != NULL;
    skipped |= strstr(g_ptr_array_index(notes, i), "table UDFVALUE skipped") != NULL;
  }
  g_assert_true(external && skipped);

  /* The garbage in P6's computed fields was never read: it schedules. */
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
  gchar buf[CPM_TIME_FORMAT_LEN];
  /* A1 skips Monday (a holiday): Tue 08:00. */
  g_assert_cmpstr(cpm_time_format(cpm_result_activity(res, 0)->early_start, buf), ==,
                  "2024-01-09T08:00");
}

typedef struct {
  const gchar *name;
  const gchar *text;
  CpmImportError code;
  const gchar *substring;
  guint line;
} BadXer;

static const BadXer bad_xer[] = {
  { "rows-before-fields.xer", "ERMHDR\t1\n%T\tPROJECT\n%R\t1\n", CPM_IMPORT_ERROR_SYNTAX,
    "before the %F line", 3 },
  { "fields-before-table.xer", "ERMHDR\t1\n%F\tproj_id\n", CPM_IMPORT_ERROR_SYNTAX,
    "%F before any %T", 2 },
  { "short-row.xer", "ERMHDR\t1\n%T\tPROJECT\n%F\tproj_id\tproj_short_name\n%R\t1\n",
    CPM_IMPORT_ERROR_SYNTAX, "has 1 fields, its %F line names 2", 4 },
  { "stray-line.xer", "ERMHDR\t1\nhello\n", CPM_IMPORT_ERROR_SYNTAX, "neither %T", 2 },
  { "only-header.xer", "ERMHDR\t1\n", CPM_IMPORT_ERROR_FORMAT, "no project", 1 },
  { "broken-blob.xer",
    "ERMHDR\t1\n%T\tCALENDAR\n%F\tclndr_id\tclndr_name\tclndr_data\n%R\t1\tC\t(0||CalendarData()("
    "\n",
    CPM_IMPORT_ERROR_VALUE, "malformed calendar data", 4 },
  { "bad-period.xer",
    "ERMHDR\t1\n%T\tCALENDAR\n%F\tclndr_id\tclndr_name\tclndr_data\n"
    "%R\t1\tC\t(0||CalendarData()((0||DaysOfWeek()((0||2()((0||0(s|25:00|f|12:00)())))))))\n",
    CPM_IMPORT_ERROR_VALUE, "bad work week day", 4 },
  { "bad-hours.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\teight\t8\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "'eight' is not a number", 16 },
  { "nan-lag.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n"
    "%R\t101\t10\t\t1\tA2\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n"
    "%T\tTASKPRED\n%F\ttask_pred_id\ttask_id\tpred_task_id\tproj_id\t"
    "pred_proj_id\tpred_type\tlag_hr_cnt\n%R\t1\t101\t100\t10\t10\tPR_FS\tnan\n",
    CPM_IMPORT_ERROR_VALUE, "is not a number", 20 },
  { "huge.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t1e300\t8\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "out of range", 16 },
  { "bad-date.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_Active\t8\t8\t2024-02-30 08:00\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "invalid date '2024-02-30 08:00'", 16 },
  { "dup-code.xer",
    XER_HEAD XER_TASK_FIELDS "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n"
                             "%R\t101\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_DUPLICATE, "duplicate activity Id 'A1'", 17 },
  { "dup-id.xer",
    XER_HEAD XER_TASK_FIELDS "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n"
                             "%R\t100\t10\t\t1\tA2\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_DUPLICATE, "duplicate task_id 100", 17 },
  { "bad-type.xer",
    XER_HEAD XER_TASK_FIELDS "%R\t100\t10\t\t1\tA1\tDig\tTT_Nope\tTK_NotStart\t8\t8\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "unknown task_type 'TT_Nope'", 16 },
  { "bad-constraint.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\tCS_SOON\t2024-01-09 08:00\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "unknown constraint 'CS_SOON'", 16 },
  { "bad-link-type.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n"
    "%R\t101\t10\t\t1\tA2\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n"
    "%T\tTASKPRED\n%F\ttask_pred_id\ttask_id\tpred_task_id\tproj_id\t"
    "pred_proj_id\tpred_type\tlag_hr_cnt\n%R\t1\t101\t100\t10\t10\tPR_XX\t0\n",
    CPM_IMPORT_ERROR_VALUE, "TASKPRED.pred_type: unknown value 'PR_XX'", 20 },
  { "dangling.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n"
    "%T\tTASKPRED\n%F\ttask_pred_id\ttask_id\tpred_task_id\tproj_id\t"
    "pred_proj_id\tpred_type\tlag_hr_cnt\n%R\t1\t100\t555\t10\t10\tPR_FS\t0\n",
    CPM_IMPORT_ERROR_REFERENCE, "task 555 does not exist", 19 },
  { "only-magic.xer", "ERMHDR", CPM_IMPORT_ERROR_FORMAT, "no project", 1 },
  { "garbage.xer", "ERMHDR\t1\n\xff\xfe\x80garbage\x9d\x01\x02\n%T\tPROJECT\n",
    CPM_IMPORT_ERROR_SYNTAX, "neither %T", 2 },
  { "repeated-table.xer",
    "ERMHDR\t1\n%T\tPROJECT\n%F\tproj_id\tproj_short_name\n%R\t1\tP\n%T\tPROJECT\n"
    "%F\tproj_short_name\tproj_id\n%R\tQ\t2\n",
    CPM_IMPORT_ERROR_SYNTAX, "table PROJECT is given again with other fields", 6 },
  { "dup-project.xer", "ERMHDR\t1\n%T\tPROJECT\n%F\tproj_id\tproj_short_name\n%R\t1\tP\n%R\t1\tQ\n",
    CPM_IMPORT_ERROR_DUPLICATE, "duplicate proj_id 1", 5 },
  { "dup-project-code.xer",
    "ERMHDR\t1\n%T\tPROJECT\n%F\tproj_id\tproj_short_name\n%R\t1\tP\n%R\t2\tP\n",
    CPM_IMPORT_ERROR_DUPLICATE, "duplicate project Id 'P'", 5 },
  { "unknown-option.xer",
    "ERMHDR\t1\n%T\tPROJECT\n%F\tproj_id\tproj_short_name\n%R\t1\tP\n%T\tSCHEDOPTIONS\n"
    "%F\tproj_id\tsched_float_type\n%R\t1\tFT_Huh\n",
    CPM_IMPORT_ERROR_VALUE, "SCHEDOPTIONS.sched_float_type: unknown value 'FT_Huh'", 7 },
  { "unknown-critical-type.xer",
    "ERMHDR\t1\n%T\tPROJECT\n%F\tproj_id\tproj_short_name\tcritical_path_type\n"
    "%R\t1\tP\tCT_Guess\n",
    CPM_IMPORT_ERROR_VALUE, "unknown value 'CT_Guess'", 4 },
  { "blob-unbalanced.xer",
    "ERMHDR\t1\n%T\tCALENDAR\n%F\tclndr_id\tclndr_name\tclndr_data\n%R\t1\tC\t"
    "(0||CalendarData()((0||DaysOfWeek()((0||2()((0||0(s|08:00|f|12:00)()))))\n",
    CPM_IMPORT_ERROR_VALUE, "calendar 1: malformed calendar data", 4 },
  { "blob-exception.xer",
    "ERMHDR\t1\n%T\tCALENDAR\n%F\tclndr_id\tclndr_name\tclndr_data\n%R\t1\tC\t"
    "(0||CalendarData()((0||Exceptions()((0||0(d|soon)())))))\n",
    CPM_IMPORT_ERROR_VALUE, "bad exception 'd|soon'", 4 },
  { "blob-no-work.xer",
    "ERMHDR\t1\n%T\tCALENDAR\n%F\tclndr_id\tclndr_name\tclndr_data\n%R\t1\tC\t"
    "(0||CalendarData()((0||DaysOfWeek()((0||1()())))))\n",
    CPM_IMPORT_ERROR_VALUE, "calendar 1: ", 4 },
  { "negative-duration.xer",
    XER_HEAD XER_TASK_FIELDS "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t-8\t8\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "-8 hours is out of range", 16 },
  { "inf-lag.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\tinf\t8\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "'inf' is not a number", 16 },
  { "active-no-start.xer",
    XER_HEAD XER_TASK_FIELDS "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_Active\t8\t4\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "task A1: in progress without act_start_date", 16 },
  { "complete-no-finish.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_Complete\t8\t0\t2024-01-08 08:00\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "task A1: complete without act_end_date", 16 },
  { "bad-status.xer",
    XER_HEAD XER_TASK_FIELDS "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_Maybe\t8\t8\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "unknown status_code 'TK_Maybe'", 16 },
  { "constraint-no-date.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\tCS_MSO\t\t\t\n",
    CPM_IMPORT_ERROR_VALUE, "constraint CS_MSO has no date", 16 },
  { "unknown-task-calendar.xer",
    XER_HEAD XER_TASK_FIELDS "%R\t100\t10\t\t9\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_REFERENCE, "task A1: calendar 9 is not in the file", 16 },
  { "unknown-project.xer",
    XER_HEAD XER_TASK_FIELDS "%R\t100\t99\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n",
    CPM_IMPORT_ERROR_REFERENCE, "task A1: project 99 is not in the file", 16 },
};

static void
test_bad(void)
{
  for (gsize i = 0; i < G_N_ELEMENTS(bad_xer); i++) {
    g_autofree gchar *path = write_xer(bad_xer[i].name, bad_xer[i].text);
    g_autoptr(CpmSchedule) s = cpm_schedule_new();
    g_autoptr(GError) error = NULL;
    g_test_message("%s", bad_xer[i].name);
    g_assert_false(cpm_import_file(s, path, &error));
    g_assert_error(error, CPM_IMPORT_ERROR, (gint)bad_xer[i].code);
    g_test_message("  %s", error->message);
    g_autofree gchar *prefix = g_strdup_printf("%s:%u: ", path, bad_xer[i].line);
    g_assert_true(g_str_has_prefix(error->message, prefix));
    g_assert_nonnull(strstr(error->message, bad_xer[i].substring));
    g_assert_null(strchr(error->message, '\n'));
  }

  /* Binary garbage after the header. */
  g_autofree gchar *bin = g_build_filename(tmpdir, "nul.xer", NULL);
  g_assert_true(g_file_set_contents(bin, "ERMHDR\t1\n%T\tX\0\x01\x02", 15, NULL));
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_false(cpm_import_file(s, bin, &error));
  g_assert_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_SYNTAX);

  /* An empty file (the reader called directly: detection would refuse
   * it first). */
  g_autofree gchar *empty = write_xer("empty.xer", "");
  g_autoptr(CpmSchedule) s2 = cpm_schedule_new();
  g_autoptr(GError) error2 = NULL;
  g_assert_false(cpm_import_xer(s2, empty, &error2));
  g_assert_error(error2, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_FORMAT);
  g_autofree gchar *prefix = g_strdup_printf("%s:1: ", empty);
  g_assert_true(g_str_has_prefix(error2->message, prefix));
}

/* ---- Hand-written fixtures (tests/data/xer) ------------------------------ */

static gchar *
data_path(const gchar *name)
{
  return g_test_build_filename(G_TEST_DIST, "data", "xer", name, NULL);
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

static guint
count_notes(const CpmSchedule *s, const gchar *substring)
{
  guint n = 0;
  const GPtrArray *notes = cpm_schedule_notes(s);
  for (guint i = 0; i < notes->len; i++)
    n += strstr(g_ptr_array_index(notes, i), substring) != NULL;
  return n;
}

static const CpmActivity *
find_act(const CpmSchedule *s, const gchar *project, const gchar *id)
{
  guint32 p = cpm_schedule_find_project(s, project);
  g_assert_cmpuint(p, !=, CPM_NO_INDEX);
  guint32 i = cpm_schedule_find_activity(s, p, id);
  g_assert_cmpuint(i, !=, CPM_NO_INDEX);
  return cpm_schedule_activity(s, i);
}

/* The relation pred -> succ, or NULL. */
static const CpmRelation *
find_rel(const CpmSchedule *s, const CpmActivity *pred, const CpmActivity *succ)
{
  for (guint i = 0; i < cpm_schedule_n_relations(s); i++) {
    const CpmRelation *r = cpm_schedule_relation(s, i);
    if (cpm_schedule_activity(s, r->pred) == pred && cpm_schedule_activity(s, r->succ) == succ)
      return r;
  }
  return NULL;
}

static guint32
find_calendar(const CpmSchedule *s, const gchar *name)
{
  for (guint i = 0; i < cpm_schedule_n_calendars(s); i++)
    if (g_str_equal(cpm_calendar_get_name(cpm_schedule_calendar(s, i)), name))
      return i;
  g_assert_not_reached();
  return CPM_NO_INDEX;
}

/* good-multi.xer: two projects, Windows-1252 text with CRLF line ends, a
 * derived calendar, options, WBS under the project node, every task type
 * and status, all four link types, links to absent projects, resources,
 * codes, skipped tables, and garbage in every computed field. */
static void
test_fixture_multi(void)
{
  g_autofree gchar *path = data_path("good-multi.xer");
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(cpm_import_file(s, path, &error));
  g_assert_no_error(error);

  /* Projects and options. */
  g_assert_cmpuint(cpm_schedule_n_projects(s), ==, 2);
  const CpmProject *alpha = cpm_schedule_project(s, cpm_schedule_find_project(s, "ALPHA"));
  const CpmProject *beta = cpm_schedule_project(s, cpm_schedule_find_project(s, "BETA"));
  g_assert_cmpstr(alpha->name, ==, "Alpha caf\u00e9 project");
  g_assert_cmpint(alpha->object_id, ==, 10);
  g_assert_cmpint(alpha->data_date, ==, cpm_time_from_civil(2024, 1, 2, 8, 0));
  g_assert_cmpint(alpha->planned_start, ==, cpm_time_from_civil(2024, 1, 1, 0, 0));
  g_assert_cmpint(alpha->must_finish_by, ==, cpm_time_from_civil(2024, 3, 1, 0, 0));
  g_assert_cmpint(beta->must_finish_by, ==, CPM_TIME_NONE);
  const CpmOptions *o = &alpha->options;
  g_assert_cmpint(o->progress, ==, CPM_PROGRESS_ACTUAL_DATES);
  g_assert_cmpint(o->lag_calendar, ==, CPM_LAG_CAL_24H);
  g_assert_cmpint(o->float_type, ==, CPM_FLOAT_START);
  g_assert_cmpint(o->critical_mode, ==, CPM_CRITICAL_LONGEST_PATH);
  g_assert_cmpint(o->critical_float, ==, 480);
  g_assert_true(o->open_ends_critical && o->use_expected_finish && o->ss_lag_from_early_start);
  g_assert_true(o->ignore_external_links);
  g_assert_false(o->float_per_project);
  /* BETA has no SCHEDOPTIONS row: P6's defaults. */
  CpmOptions defaults;
  cpm_options_init_default(&defaults);
  g_assert_cmpint(beta->options.progress, ==, defaults.progress);
  g_assert_cmpint(beta->options.lag_calendar, ==, defaults.lag_calendar);
  g_assert_cmpint(beta->options.float_type, ==, defaults.float_type);
  g_assert_cmpint(beta->options.float_per_project, ==, defaults.float_per_project);
  g_assert_false(beta->options.ignore_external_links);

  /* Calendars: the derived one works its base's week plus Saturday
   * mornings, and keeps its base's holiday (2024-01-01 = serial 45292)
   * beside its own (2024-01-03 = 45294); BETA names no calendar and gets
   * the default_flag one. */
  g_assert_cmpuint(cpm_schedule_n_calendars(s), ==, 3);
  guint32 derived = find_calendar(s, "Derived 5.5 day");
  g_assert_cmpuint(alpha->default_calendar, ==, derived);
  g_assert_cmpuint(beta->default_calendar, ==, derived);
  const CpmCalendar *cal = cpm_schedule_calendar(s, derived);
  g_assert_cmpuint(cpm_calendar_day_work(cal, cpm_days_from_civil(2024, 1, 1)), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(cal, cpm_days_from_civil(2024, 1, 2)), ==, 480);
  g_assert_cmpuint(cpm_calendar_day_work(cal, cpm_days_from_civil(2024, 1, 3)), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(cal, cpm_days_from_civil(2024, 1, 6)), ==, 240);
  g_assert_cmpuint(cpm_calendar_day_work(cal, cpm_days_from_civil(2024, 1, 7)), ==, 0);
  g_assert_cmpfloat(cpm_calendar_get_hours_per_week(cal), ==, 44);
  /* Night shift: `f|00:00|s|22:00` is 22:00-24:00, `s|0:00|f|6:00`
   * 00:00-06:00. */
  const CpmWorkInterval *ivs;
  const CpmCalendar *night = cpm_schedule_calendar(s, find_calendar(s, "Night shift"));
  g_assert_cmpuint(cpm_calendar_day_intervals(night, cpm_days_from_civil(2024, 1, 7), &ivs), ==, 2);
  g_assert_cmpuint(ivs[0].start, ==, 0);
  g_assert_cmpuint(ivs[0].finish, ==, 360);
  g_assert_cmpuint(ivs[1].start, ==, 1320);
  g_assert_cmpuint(ivs[1].finish, ==, 1440);

  /* WBS: the project nodes are not WBS nodes. */
  g_assert_cmpuint(cpm_schedule_n_wbs(s), ==, 2);
  const CpmActivity *a120 = find_act(s, "ALPHA", "A120");
  const CpmWbs *w = cpm_schedule_wbs(s, a120->wbs);
  g_assert_cmpstr(w->code, ==, "W1.1");
  g_assert_cmpstr(w->name, ==, "Earthworks");
  g_assert_cmpstr(cpm_schedule_wbs(s, w->parent)->code, ==, "W1");
  g_assert_cmpuint(cpm_schedule_wbs(s, w->parent)->parent, ==, CPM_NO_INDEX);

  /* Activities: the same code in two projects is two activities. */
  g_assert_cmpuint(cpm_schedule_n_activities(s), ==, 8);
  const CpmActivity *a100 = find_act(s, "ALPHA", "A100");
  g_assert_cmpstr(a100->name, ==, "Excavation \u2013 phase \u00e9");
  g_assert_cmpint(cpm_activity_status(a100), ==, CPM_STATUS_COMPLETED);
  g_assert_cmpint(a100->actual_finish, ==, cpm_time_from_civil(2024, 1, 2, 17, 0));
  const CpmActivity *a110 = find_act(s, "ALPHA", "A110");
  g_assert_cmpint(cpm_activity_status(a110), ==, CPM_STATUS_IN_PROGRESS);
  g_assert_cmpint(a110->planned_duration, ==, 2400);
  g_assert_cmpint(a110->remaining_duration, ==, 1470);
  g_assert_cmpfloat(a110->percent_complete, ==, 30);
  g_assert_cmpint(a110->expected_finish, ==, cpm_time_from_civil(2024, 1, 12, 17, 0));
  g_assert_cmpuint(a110->calendar, ==, find_calendar(s, "Base 5 day"));
  g_assert_cmpint(a120->type, ==, CPM_ACT_RESOURCE);
  g_assert_cmpint(a120->constraint, ==, CPM_CSTR_START_ON_OR_AFTER);
  g_assert_cmpint(a120->constraint_date, ==, cpm_time_from_civil(2024, 1, 8, 8, 0));
  g_assert_cmpint(a120->constraint2, ==, CPM_CSTR_FINISH_ON_OR_BEFORE);
  g_assert_cmpint(a120->constraint2_date, ==, cpm_time_from_civil(2024, 1, 31, 17, 0));
  g_assert_cmpint(a120->planned_start, ==, cpm_time_from_civil(2024, 1, 8, 8, 0));
  g_assert_cmpint(a120->planned_finish, ==, cpm_time_from_civil(2024, 1, 9, 17, 0));
  const CpmActivity *m130 = find_act(s, "ALPHA", "M130");
  g_assert_cmpint(m130->type, ==, CPM_ACT_FINISH_MILESTONE);
  g_assert_cmpint(m130->planned_duration, ==, 0);
  g_assert_cmpint(m130->constraint, ==, CPM_CSTR_ALAP);
  g_assert_cmpint(m130->constraint_date, ==, CPM_TIME_NONE);
  g_assert_cmpuint(m130->wbs, ==, CPM_NO_INDEX);            /* on the project node */
  g_assert_cmpint(m130->planned_finish, ==, CPM_TIME_NONE); /* year 4637: dropped */
  const CpmActivity *m100 = find_act(s, "ALPHA", "M100");
  g_assert_cmpint(m100->type, ==, CPM_ACT_START_MILESTONE);
  g_assert_cmpuint(m100->calendar, ==, derived);
  g_assert_cmpstr(m100->name, ==, "Start ? here"); /* 0x81: undefined in Windows-1252 */
  g_assert_cmpint(find_act(s, "ALPHA", "L100")->type, ==, CPM_ACT_LOE);
  const CpmActivity *b100 = find_act(s, "BETA", "A100");
  g_assert_cmpint(b100->remaining_duration, ==, 450);
  g_assert_cmpfloat(b100->percent_complete, ==, 0); /* CP_Drtn: from the durations */
  const CpmActivity *b200 = find_act(s, "BETA", "B200");
  g_assert_cmpint(b200->suspend_date, ==, cpm_time_from_civil(2024, 1, 3, 2, 0));
  g_assert_cmpint(b200->resume_date, ==, cpm_time_from_civil(2024, 1, 4, 22, 0));

  /* Links: lags in hours to minutes (0.01 h = 0.6 min rounds to 1). */
  g_assert_cmpuint(cpm_schedule_n_relations(s), ==, 5);
  const CpmRelation *r = find_rel(s, a110, a120);
  g_assert_nonnull(r);
  g_assert_cmpint(r->type, ==, CPM_LINK_SS);
  g_assert_cmpint(r->lag, ==, 255);
  r = find_rel(s, a120, m130);
  g_assert_cmpint(r->type, ==, CPM_LINK_FF);
  g_assert_cmpint(r->lag, ==, -120);
  r = find_rel(s, m100, a110);
  g_assert_cmpint(r->type, ==, CPM_LINK_SF);
  g_assert_cmpint(r->lag, ==, 1);
  g_assert_nonnull(find_rel(s, m130, b100)); /* across the two projects */
  g_assert_true(has_note(s, "relationship 6 links to project 77"));
  g_assert_true(has_note(s, "2 relationships to projects not in this file ignored"));

  /* Resources and assignments (the blank remain_qty takes target_qty). */
  g_assert_cmpuint(cpm_schedule_n_resources(s), ==, 2);
  g_assert_cmpuint(cpm_schedule_n_assignments(s), ==, 2);
  const CpmAssignment *crane = cpm_schedule_assignment(s, 0);
  g_assert_cmpstr(cpm_schedule_resource(s, crane->resource)->id, ==, "CRANE");
  g_assert_cmpuint(cpm_schedule_resource(s, crane->resource)->calendar, ==,
                   find_calendar(s, "Night shift"));
  g_assert_cmpfloat(crane->units_per_minute, ==, 1);
  g_assert_cmpint(crane->remaining_work, ==, 960);
  const CpmAssignment *lab = cpm_schedule_assignment(s, 1);
  g_assert_cmpfloat(lab->units_per_minute, ==, 0.5);
  g_assert_cmpint(lab->remaining_work, ==, 480);

  /* Activity codes: a project type and a global one. */
  g_assert_cmpuint(cpm_schedule_n_code_types(s), ==, 2);
  g_assert_cmpuint(cpm_schedule_code_type(s, 1)->project, ==, CPM_NO_INDEX);
  g_assert_cmpuint(cpm_schedule_n_code_values(s), ==, 2);
  g_assert_cmpstr(cpm_schedule_code_value(s, 0)->description, ==, "Phase one");
  g_assert_cmpuint(cpm_schedule_n_code_assignments(s), ==, 2);

  /* Notes: one per skipped table, the undefined byte, the planned date. */
  g_assert_cmpuint(count_notes(s, "table UDFVALUE skipped"), ==, 1);
  g_assert_true(has_note(s, ":2: table CURRTYPE skipped"));
  g_assert_true(has_note(s, "table TASKMEMO skipped"));
  g_assert_true(has_note(s, ":33: 1 byte(s) that are not Windows-1252"));
  g_assert_true(has_note(s, "TASK.target_end_date '4637-11-24 17:00' ignored"));

  /* The garbage in the computed fields was never read: it schedules. */
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
}

/* good-utf8-bom.xer: UTF-8 after a byte-order mark, LF line ends. */
static void
test_fixture_bom(void)
{
  g_autofree gchar *path = data_path("good-utf8-bom.xer");
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_cmpint(cpm_import_detect(path, &error), ==, CPM_FORMAT_XER);
  g_assert_true(cpm_import_file(s, path, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(find_act(s, "IPS", "A1")->name, ==, "\u88c5\u6599\u524d\u68c0\u67e5");
  g_assert_cmpstr(cpm_calendar_get_name(cpm_schedule_calendar(s, 0)), ==,
                  "\u6807\u51c6\u65e5\u5386");
  g_assert_cmpuint(cpm_schedule_notes(s)->len, ==, 0);
}

/* ---- The real exports, read as they are ---------------------------------- */

/* Counts from `grep -c` on each file: %R rows of TASK, TASKPRED, PROJECT,
 * CALENDAR, RSRC, and PROJWBS rows less the project nodes. */
typedef struct {
  const gchar *file;
  guint tasks, links, projects, calendars, resources, wbs;
} RealCounts;

static const RealCounts real_counts[] = {
  { "asposenet__MultiprojectWithExternal.xer", 3, 1, 2, 2, 3, 0 },
  { "exupery__MDL4D.xer", 62, 87, 1, 3, 6, 6 },
  { "exupery__MDL4RA.xer", 62, 87, 1, 3, 6, 6 },
  { "jaggelas__test.xer", 695, 1595, 2, 5, 19, 201 },
  { "pyp6xer__SP10_COST_LOADED.xer", 3994, 5966, 1, 6, 180, 2265 },
  { "soulmajor__TERMINAL_BUILDING-AIRPORT.xer", 66, 84, 1, 4, 7, 25 },
};

/* Imports a real export as it is; NULL (test skipped) without
 * ../shared/realcases. */
static CpmSchedule *
import_real(const gchar *file)
{
  const gchar *shared = g_getenv("CPM_SHARED");
  g_autofree gchar *in
      = g_build_filename(shared != NULL ? shared : "../shared", "realcases", "xer", file, NULL);
  if (!g_file_test(in, G_FILE_TEST_EXISTS)) {
    g_test_skip("../shared/realcases is absent");
    return NULL;
  }
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(cpm_import_file(s, in, &error));
  g_assert_no_error(error);
  return g_steal_pointer(&s);
}

static void
test_real_counts(gconstpointer data)
{
  const RealCounts *c = data;
  g_autoptr(CpmSchedule) s = import_real(c->file);
  if (s == NULL)
    return;
  g_assert_cmpuint(cpm_schedule_n_activities(s), ==, c->tasks);
  g_assert_cmpuint(cpm_schedule_n_relations(s), ==, c->links);
  g_assert_cmpuint(cpm_schedule_n_projects(s), ==, c->projects);
  g_assert_cmpuint(cpm_schedule_n_calendars(s), ==, c->calendars);
  g_assert_cmpuint(cpm_schedule_n_resources(s), ==, c->resources);
  g_assert_cmpuint(cpm_schedule_n_wbs(s), ==, c->wbs);
  g_autoptr(GError) error = NULL;
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
}

/* Values read by hand from the files (line numbers of the rows). */
static void
test_real_values(void)
{
  const CpmWorkInterval *ivs;

  /* SP10: calendar 640 (line 58) works Mon-Fri 08:00-12:00, 13:00-17:00;
   * its one exception, d|42907 = Wed 2017-06-21, works 08:00-16:00. */
  g_autoptr(CpmSchedule) sp10 = import_real("pyp6xer__SP10_COST_LOADED.xer");
  if (sp10 == NULL)
    return;
  const CpmProject *p = cpm_schedule_project(sp10, 0);
  g_assert_cmpstr(p->id, ==, "HS2-LWM-IMP-040-20");
  g_assert_cmpint(p->data_date, ==, cpm_time_from_civil(2017, 9, 16, 0, 0));
  g_assert_cmpint(p->must_finish_by, ==, CPM_TIME_NONE);
  g_assert_cmpint(p->options.progress, ==, CPM_PROGRESS_RETAINED_LOGIC);
  g_assert_true(p->options.use_expected_finish && p->options.ss_lag_from_early_start);
  const CpmActivity *km1010 = find_act(sp10, p->id, "P1EWCC-KM-CM-1010"); /* line 5059 */
  const CpmCalendar *c640 = cpm_schedule_calendar(sp10, km1010->calendar);
  g_assert_cmpstr(cpm_calendar_get_name(c640), ==, "HS2 - 8h x 5d Workweek (No Holidays)");
  g_assert_cmpuint(cpm_calendar_day_intervals(c640, cpm_days_from_civil(2017, 6, 20), &ivs), ==, 2);
  g_assert_cmpuint(ivs[0].start, ==, 480);
  g_assert_cmpuint(ivs[0].finish, ==, 720);
  g_assert_cmpuint(ivs[1].start, ==, 780);
  g_assert_cmpuint(ivs[1].finish, ==, 1020);
  g_assert_cmpuint(cpm_calendar_day_work(c640, cpm_days_from_civil(2017, 6, 24)), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_intervals(c640, cpm_days_from_civil(2017, 6, 21), &ivs), ==, 1);
  g_assert_cmpuint(ivs[0].finish, ==, 960);
  /* KM-CM-1010 (complete, Start On 2016-11-17 08:00) -> KM-CM-1020: FS
   * +2,072 h (TASKPRED line 8445). */
  g_assert_cmpint(cpm_activity_status(km1010), ==, CPM_STATUS_COMPLETED);
  g_assert_cmpint(km1010->constraint, ==, CPM_CSTR_START_ON);
  g_assert_cmpint(km1010->constraint_date, ==, cpm_time_from_civil(2016, 11, 17, 8, 0));
  g_assert_cmpint(km1010->actual_finish, ==, cpm_time_from_civil(2016, 11, 17, 17, 0));
  const CpmRelation *r = find_rel(sp10, km1010, find_act(sp10, p->id, "P1EWCC-KM-CM-1020"));
  g_assert_nonnull(r);
  g_assert_cmpint(r->type, ==, CPM_LINK_FS);
  g_assert_cmpint(r->lag, ==, 2072 * 60);
  /* PWP02-7110 (line 3076): finish milestone, Finish On 2019-09-30 08:00. */
  const CpmActivity *a = find_act(sp10, p->id, "P1EWCC-PWP02-7110");
  g_assert_cmpint(a->type, ==, CPM_ACT_FINISH_MILESTONE);
  g_assert_cmpint(a->constraint, ==, CPM_CSTR_FINISH_ON);
  g_assert_cmpint(a->constraint_date, ==, cpm_time_from_civil(2019, 9, 30, 8, 0));
  /* PWP04-2040 (line 5252): in progress, 1,557 h planned, 236 h left,
   * Expected Finish 2017-10-27 13:00. */
  a = find_act(sp10, p->id, "P1EWCC-PWP04-2040");
  g_assert_cmpint(cpm_activity_status(a), ==, CPM_STATUS_IN_PROGRESS);
  g_assert_cmpint(a->actual_start, ==, cpm_time_from_civil(2017, 6, 1, 8, 0));
  g_assert_cmpint(a->planned_duration, ==, 1557 * 60);
  g_assert_cmpint(a->remaining_duration, ==, 236 * 60);
  g_assert_cmpint(a->expected_finish, ==, cpm_time_from_civil(2017, 10, 27, 13, 0));
  g_assert_cmpint(find_act(sp10, p->id, "P1EWCC-AWP01-5810")->constraint, ==, CPM_CSTR_ALAP);

  /* JAG: Progress Override, lags on the successor calendar, critical at
   * 40 h; project 935 must finish by 2026-04-15 00:00. Calendar 6660
   * (line 62) has the 2025-04-16 holiday (d|45763), 6661 works it. */
  g_autoptr(CpmSchedule) jag = import_real("jaggelas__test.xer");
  const CpmProject *p10001 = cpm_schedule_project(jag, cpm_schedule_find_project(jag, "10001"));
  const CpmProject *p935 = cpm_schedule_project(jag, cpm_schedule_find_project(jag, "935"));
  g_assert_cmpint(p10001->options.progress, ==, CPM_PROGRESS_OVERRIDE);
  g_assert_cmpint(p10001->options.lag_calendar, ==, CPM_LAG_CAL_SUCCESSOR);
  g_assert_cmpint(p10001->options.critical_float, ==, 40 * 60);
  g_assert_cmpint(p10001->data_date, ==, cpm_time_from_civil(2025, 4, 22, 9, 40));
  g_assert_cmpint(p935->must_finish_by, ==, cpm_time_from_civil(2026, 4, 15, 0, 0));
  const CpmActivity *a9200 = find_act(jag, "10001", "A9200"); /* line 515 */
  const CpmCalendar *c6660 = cpm_schedule_calendar(jag, a9200->calendar);
  const CpmCalendar *c6661 = cpm_schedule_calendar(jag, find_act(jag, "10001", "M1040")->calendar);
  g_assert_cmpstr(cpm_calendar_get_name(c6660), ==, "B11-Standard 5 day Workweek");
  g_assert_cmpuint(cpm_calendar_day_work(c6660, cpm_days_from_civil(2025, 4, 16)), ==, 0);
  g_assert_cmpuint(cpm_calendar_day_work(c6661, cpm_days_from_civil(2025, 4, 16)), ==, 480);
  g_assert_cmpuint(cpm_calendar_day_work(c6660, cpm_days_from_civil(2025, 4, 19)), ==, 0);
  g_assert_cmpint(a9200->actual_start, ==, cpm_time_from_civil(2025, 3, 31, 9, 40));
  g_assert_cmpint(a9200->planned_duration, ==, 240 * 60);
  g_assert_cmpint(a9200->remaining_duration, ==, 144 * 60);
  r = find_rel(jag, a9200, find_act(jag, "10001", "A9270")); /* line 1943 */
  g_assert_cmpint(r->type, ==, CPM_LINK_SS);
  g_assert_cmpint(r->lag, ==, 480 * 60);
  r = find_rel(jag, find_act(jag, "10001", "A2130"), find_act(jag, "10001", "A2240"));
  g_assert_cmpint(r->type, ==, CPM_LINK_FF); /* line 2946 */
  g_assert_cmpint(r->lag, ==, -72 * 60);
  a = find_act(jag, "10001", "M1040"); /* line 345 */
  g_assert_cmpint(a->constraint, ==, CPM_CSTR_MANDATORY_FINISH);
  g_assert_cmpint(a->constraint_date, ==, cpm_time_from_civil(2025, 4, 22, 7, 0));

  /* TERM: must finish by 2013-03-01 00:00 (plan_end_date; scd_end_date is
   * 2013-02-27 17:00 and not read); A1010 Start On or Before; BA-P1-30 ->
   * BA-P1-40 SS +80 h (line 183). */
  g_autoptr(CpmSchedule) term = import_real("soulmajor__TERMINAL_BUILDING-AIRPORT.xer");
  p = cpm_schedule_project(term, 0);
  g_assert_cmpint(p->must_finish_by, ==, cpm_time_from_civil(2013, 3, 1, 0, 0));
  a = find_act(term, "TERMINAL-2", "A1010");
  g_assert_cmpint(a->type, ==, CPM_ACT_START_MILESTONE);
  g_assert_cmpint(a->constraint, ==, CPM_CSTR_START_ON_OR_BEFORE);
  g_assert_cmpint(a->constraint_date, ==, cpm_time_from_civil(2012, 5, 1, 8, 0));
  const CpmActivity *ba40 = find_act(term, "TERMINAL-2", "BA-P1-40");
  r = find_rel(term, find_act(term, "TERMINAL-2", "BA-P1-30"), ba40);
  g_assert_cmpint(r->type, ==, CPM_LINK_SS);
  g_assert_cmpint(r->lag, ==, 80 * 60);
  g_assert_cmpint(ba40->planned_duration, ==, 200 * 60);
  /* Calendar 794 (line 47): seven days, 08:00-12:00 and 13:00-17:00. */
  const CpmCalendar *c794 = cpm_schedule_calendar(term, ba40->calendar);
  g_assert_cmpuint(cpm_calendar_day_work(c794, cpm_days_from_civil(2012, 5, 5)), ==, 480);
  g_assert_cmpuint(cpm_calendar_day_work(c794, cpm_days_from_civil(2012, 5, 6)), ==, 480);

  /* MDL4D: calendar 7x24 (line 36) writes `f|12:00|s|01:00` and
   * `f|00:00|s|13:00`: 01:00-12:00 and 13:00-24:00; its exception
   * d|36992 = 2001-04-11 works `f|12:00|s|8:00` and `f|17:00|s|13:00`.
   * C2100 (line 87) is resource dependent with two assignments. */
  g_autoptr(CpmSchedule) mdl = import_real("exupery__MDL4D.xer");
  const CpmCalendar *c7x24 = cpm_schedule_calendar(mdl, find_calendar(mdl, "7x24"));
  g_assert_cmpuint(cpm_calendar_day_intervals(c7x24, cpm_days_from_civil(2023, 7, 23), &ivs), ==,
                   2);
  g_assert_cmpuint(ivs[0].start, ==, 60);
  g_assert_cmpuint(ivs[0].finish, ==, 720);
  g_assert_cmpuint(ivs[1].start, ==, 780);
  g_assert_cmpuint(ivs[1].finish, ==, 1440);
  g_assert_cmpuint(cpm_calendar_day_intervals(c7x24, cpm_days_from_civil(2001, 4, 11), &ivs), ==,
                   2);
  g_assert_cmpuint(ivs[0].start, ==, 480);
  g_assert_cmpuint(ivs[1].finish, ==, 1020);
  a = find_act(mdl, "MDL4D", "C2100");
  g_assert_cmpint(a->type, ==, CPM_ACT_RESOURCE);
  g_assert_cmpint(a->constraint, ==, CPM_CSTR_START_ON);
  guint32 c2100 = cpm_schedule_find_activity(mdl, 0, "C2100");
  guint n = 0;
  for (guint i = 0; i < cpm_schedule_n_assignments(mdl); i++) {
    const CpmAssignment *as = cpm_schedule_assignment(mdl, i);
    if (as->activity != c2100)
      continue;
    n++;
    if (as->units_per_minute == 1)
      g_assert_cmpint(as->remaining_work, ==, 40 * 60);
    else
      g_assert_cmpfloat_with_epsilon(as->units_per_minute, 0.363636, 1e-6);
  }
  g_assert_cmpuint(n, ==, 2);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp("cpm-xer-XXXXXX", NULL);
  g_test_add_func("/import-xer/good", test_good);
  g_test_add_func("/import-xer/bad", test_bad);
  g_test_add_func("/import-xer/fixture/multi", test_fixture_multi);
  g_test_add_func("/import-xer/fixture/utf8-bom", test_fixture_bom);
  for (gsize i = 0; i < G_N_ELEMENTS(real_counts); i++) {
    g_autofree gchar *name = g_strdup_printf("/import-xer/real/counts/%s", real_counts[i].file);
    g_test_add_data_func(name, &real_counts[i], test_real_counts);
  }
  g_test_add_func("/import-xer/real/values", test_real_values);
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
