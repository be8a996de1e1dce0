/* SPDX-License-Identifier: MIT
 *
 * test-import-xer.c: the XER reader. Small files written by the test check
 * the mapping of each table and every kind of bad input; the real P6 exports
 * of ../shared/realcases/xer are read, and scheduled from copies whose
 * computed values (early/late/remaining dates, floats, driving flags,
 * planned dates) are blanked, then compared with what P6 stored: the parity
 * table is printed, and each file must reach its floor.
 */
#include "cpm-import.h"
#include "cpm-parity.h"
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
    CPM_IMPORT_ERROR_VALUE, "unknown pred_type 'PR_XX'", 20 },
  { "dangling.xer",
    XER_HEAD XER_TASK_FIELDS
    "%R\t100\t10\t\t1\tA1\tDig\tTT_Task\tTK_NotStart\t8\t8\t\t\t\t\t\t\n"
    "%T\tTASKPRED\n%F\ttask_pred_id\ttask_id\tpred_task_id\tproj_id\t"
    "pred_proj_id\tpred_type\tlag_hr_cnt\n%R\t1\t100\t555\t10\t10\tPR_FS\t0\n",
    CPM_IMPORT_ERROR_REFERENCE, "task 555 does not exist", 19 },
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
}

/* ---- Parity on the real exports ---------------------------------------- */

typedef struct {
  const gchar *file;
  gdouble target; /* % of compared activities matching on all six values */
  gdouble floor;  /* what critpath reaches today; the test fails below it */
} ParityCase;

/* Targets from the parity issue: 99% on every XER with stored results. The
 * floors are the measured values; below-target files are explained in
 * docs/p6-semantics.md. */
static const ParityCase parity_cases[] = {
  { "soulmajor__TERMINAL_BUILDING-AIRPORT.xer", 99, 100 },
  { "exupery__MDL4D.xer", 99, 100 },
  { "exupery__MDL4RA.xer", 99, 100 },
  { "jaggelas__test.xer", 99, 99.3 },
  { "pyp6xer__SP10_COST_LOADED.xer", 99, 98.7 },
  { "asposenet__MultiprojectWithExternal.xer", 99, 100 },
};

static void
test_parity(gconstpointer data)
{
  const ParityCase *pc = data;
  const gchar *shared = g_getenv("CPM_SHARED");
  g_autofree gchar *in
      = g_build_filename(shared != NULL ? shared : "../shared", "realcases", "xer", pc->file, NULL);
  if (!g_file_test(in, G_FILE_TEST_EXISTS)) {
    g_test_skip("../shared/realcases is absent");
    return;
  }
  g_autofree gchar *blank = g_build_filename(tmpdir, pc->file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CpmParity) parity = cpm_parity_prepare(in, blank, &error);
  g_assert_no_error(error);

  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_assert_true(cpm_import_file(s, blank, &error));
  g_assert_no_error(error);
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
  cpm_parity_compare(parity, s, res);

  /* The blanked copy holds none of P6's computed values: read as an
   * export in its turn, it has nothing to agree with. */
  g_autofree gchar *blank2 = g_strconcat(blank, ".2", NULL);
  g_autoptr(CpmParity) again = cpm_parity_prepare(blank, blank2, &error);
  g_assert_no_error(error);
  cpm_parity_compare(again, s, res);
  for (guint f = 0; f < CPM_PARITY_N_FIELDS; f++)
    g_assert_cmpuint(cpm_parity_n_field_matched(again, f), ==, 0);

  g_autofree gchar *report = NULL;
  gsize len = 0;
  FILE *mem = open_memstream(&report, &len);
  cpm_parity_write_text(parity, pc->file, 5, mem);
  fclose(mem);
  g_test_message("%s", report);
  gdouble pct = cpm_parity_percent(parity);
  if (pct < pc->target)
    g_test_message("below target: %.1f%% < %.0f%% (see docs/p6-semantics.md)", pct, pc->target);
  g_assert_cmpuint(cpm_parity_n_compared(parity), >, 0);
  g_assert_cmpfloat(pct, >=, pc->floor);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp("cpm-xer-XXXXXX", NULL);
  g_test_add_func("/import-xer/good", test_good);
  g_test_add_func("/import-xer/bad", test_bad);
  for (gsize i = 0; i < G_N_ELEMENTS(parity_cases); i++) {
    g_autofree gchar *name = g_strdup_printf("/import-xer/parity/%s", parity_cases[i].file);
    g_test_add_data_func(name, &parity_cases[i], test_parity);
  }
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
