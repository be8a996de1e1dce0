/* SPDX-License-Identifier: MIT
 *
 * test-parity.c: parity with the tools that scheduled a file
 * (cpm-reference.h). The blanker is checked on small scheduled fixtures of
 * each format (tests/data/parity): the computed values are gone, the rest
 * is kept, and the blanked copy imports to the same model as the original.
 * Then every file of ../shared/realcases/{xer,p6xml,mspdi} is blanked,
 * scheduled and compared with the results stored in it: the parity table is
 * printed (g_test_message: run with --verbose, or read the TAP log) and each
 * file must reach its floor (what critpath reaches today); a file below its
 * target says so. The lead raises the floors as the engine improves.
 */
#include "cpm-import.h"
#include "cpm-reference.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static gchar *tmpdir;

static gchar *
fixture(const gchar *name)
{
  return g_test_build_filename(G_TEST_DIST, "data", "parity", name, NULL);
}

static gchar *
read_text(const gchar *path, gsize *len_out)
{
  gchar *text = NULL;
  g_assert_true(g_file_get_contents(path, &text, len_out, NULL));
  return text;
}

/* Blanks in into tmpdir/name and returns the copy's path. */
static gchar *
blank(const gchar *in, const gchar *name)
{
  g_autofree gchar *out = g_build_filename(tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true(cpm_reference_blank_copy(in, out, &error));
  g_assert_no_error(error);
  return g_steal_pointer(&out);
}

static CpmSchedule *
import(const gchar *path)
{
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(cpm_import_file(s, path, &error));
  g_assert_no_error(error);
  return g_steal_pointer(&s);
}

/* The inputs critpath reads are the same in both schedules (what
 * blanking must not touch): projects, activities, relations. */
static void
assert_same_model(const CpmSchedule *a, const CpmSchedule *b)
{
  g_assert_cmpuint(cpm_schedule_n_projects(a), ==, cpm_schedule_n_projects(b));
  for (guint p = 0; p < cpm_schedule_n_projects(a); p++) {
    const CpmProject *pa = cpm_schedule_project(a, p);
    const CpmProject *pb = cpm_schedule_project(b, p);
    g_assert_cmpstr(pa->id, ==, pb->id);
    g_assert_cmpint(pa->data_date, ==, pb->data_date);
    g_assert_cmpint(pa->planned_start, ==, pb->planned_start);
    g_assert_cmpint(pa->must_finish_by, ==, pb->must_finish_by);
  }
  g_assert_cmpuint(cpm_schedule_n_activities(a), ==, cpm_schedule_n_activities(b));
  for (guint i = 0; i < cpm_schedule_n_activities(a); i++) {
    const CpmActivity *x = cpm_schedule_activity(a, i);
    const CpmActivity *y = cpm_schedule_activity(b, i);
    g_assert_cmpstr(x->id, ==, y->id);
    g_assert_cmpstr(x->name, ==, y->name);
    g_assert_cmpint(x->type, ==, y->type);
    g_assert_cmpint(x->planned_duration, ==, y->planned_duration);
    g_assert_cmpint(x->remaining_duration, ==, y->remaining_duration);
    g_assert_cmpint(x->actual_start, ==, y->actual_start);
    g_assert_cmpint(x->actual_finish, ==, y->actual_finish);
    g_assert_cmpint(x->constraint, ==, y->constraint);
    g_assert_cmpint(x->constraint_date, ==, y->constraint_date);
    g_assert_cmpuint(x->calendar, ==, y->calendar);
  }
  g_assert_cmpuint(cpm_schedule_n_relations(a), ==, cpm_schedule_n_relations(b));
  for (guint r = 0; r < cpm_schedule_n_relations(a); r++) {
    const CpmRelation *x = cpm_schedule_relation(a, r);
    const CpmRelation *y = cpm_schedule_relation(b, r);
    g_assert_cmpuint(x->pred, ==, y->pred);
    g_assert_cmpuint(x->succ, ==, y->succ);
    g_assert_cmpint(x->type, ==, y->type);
    g_assert_cmpint(x->lag, ==, y->lag);
  }
}

/* The fixture's stored results, read back; the blanked copy stores none;
 * critpath agrees with all of them. */
static void
assert_fixture_parity(const gchar *in, const gchar *copy, guint expect_compared)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpmReference) ref = cpm_reference_read(in, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(cpm_reference_n_values(ref), >, 0);
  g_autoptr(CpmReference) none = cpm_reference_read(copy, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(cpm_reference_n_rows(none), ==, cpm_reference_n_rows(ref));
  g_assert_cmpuint(cpm_reference_n_values(none), ==, 0);

  g_autoptr(CpmSchedule) s = import(copy);
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
  g_autoptr(CpmParityReport) report = cpm_reference_compare(ref, s, res);
  const CpmParityCounts *t = cpm_parity_report_total(report);
  g_assert_cmpuint(t->compared, ==, expect_compared);
  g_assert_cmpuint(t->fully_matching, ==, expect_compared);
  g_assert_cmpuint(cpm_parity_report_n_mismatches(report), ==, 0);
}

static void
test_blank_xer(void)
{
  g_autofree gchar *in = fixture("scheduled.xer");
  g_autofree gchar *copy = blank(in, "blank.xer");
  gsize n_in = 0, n_out = 0;
  g_autofree gchar *a = read_text(in, &n_in);
  g_autofree gchar *b = read_text(copy, &n_out);
  g_assert_cmpuint(n_out, <, n_in);
  /* Windows-1252 kept as bytes, CRLF line ends kept, no line lost. */
  g_assert_nonnull(strstr(b, "Caf\xe9 d\xe9molition"));
  g_auto(GStrv) la = g_strsplit(a, "\r\n", -1);
  g_auto(GStrv) lb = g_strsplit(b, "\r\n", -1);
  g_assert_cmpuint(g_strv_length(la), ==, g_strv_length(lb));
  for (guint k = 0; la[k] != NULL; k++) {
    if (!g_str_has_prefix(la[k], "%R\t"))
      g_assert_cmpstr(la[k], ==, lb[k]); /* headers, %T and %F lines */
  }
  /* Input fields stay, computed ones are empty (the same number of
   * columns). */
  g_assert_nonnull(strstr(b, "%R\t101\t10\t\t1\tA2\tDig\tTT_Task\tTK_Active\t16\t8\t2024-01-09 "
                             "08:00\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\r\n"));
  g_assert_nonnull(strstr(b, "%R\t3\t103\t100\t10\t10\tPR_FS\t8\t\t\r\n"));
  g_assert_nonnull(strstr(b, "%R\t10\tPAR\t1\t2024-01-10 08:00\t2024-01-08 08:00\t\t\r\n"));

  g_autoptr(CpmSchedule) s1 = import(in);
  g_autoptr(CpmSchedule) s2 = import(copy);
  assert_same_model(s1, s2);
  assert_fixture_parity(in, copy, 3);
}

static void
test_blank_p6xml(void)
{
  g_autofree gchar *in = fixture("scheduled.xml");
  g_autofree gchar *copy = blank(in, "blank.xml");
  g_autofree gchar *b = read_text(copy, NULL);
  const gchar *gone[] = { "EarlyStartDate",
                          "LateFinishDate",
                          "RemainingEarlyStartDate",
                          "<StartDate>",
                          "<FinishDate>",
                          "TotalFloat",
                          "FreeFloat",
                          "RemainingFloat",
                          "IsCritical",
                          "IsLongestPath",
                          "FloatPath",
                          "<Driving>",
                          "PredecessorActivityName",
                          "SuccessorActivityId",
                          NULL };
  for (guint k = 0; gone[k] != NULL; k++) {
    g_test_message("gone: %s", gone[k]);
    g_assert_null(strstr(b, gone[k]));
  }
  /* Activity planned dates go; the project's planned start stays. */
  g_assert_nonnull(strstr(b, "<PlannedStartDate>2024-01-08T08:00:00</PlannedStartDate>"));
  g_assert_null(strstr(b, "<PlannedStartDate>2024-01-09T08:00:00</PlannedStartDate>"));
  const gchar *kept[] = { "<ActualStartDate>2024-01-09T08:00:00</ActualStartDate>",
                          "<PredecessorActivityObjectId>100</PredecessorActivityObjectId>",
                          "<SuccessorActivityObjectId>103</SuccessorActivityObjectId>",
                          "<Lag>8</Lag>",
                          "<Name>Parity &amp; blanking</Name>",
                          "<Name>Caf\xc3\xa9 d\xc3\xa9molition</Name>",
                          "<RemainingDuration>8</RemainingDuration>",
                          "<Status>In Progress</Status>",
                          "<WorkTime xsi:nil=\"true\"/>",
                          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                          "<!-- critpath test fixture",
                          NULL };
  for (guint k = 0; kept[k] != NULL; k++) {
    g_test_message("kept: %s", kept[k]);
    g_assert_nonnull(strstr(b, kept[k]));
  }
  g_autoptr(CpmSchedule) s1 = import(in);
  g_autoptr(CpmSchedule) s2 = import(copy);
  assert_same_model(s1, s2);
  assert_fixture_parity(in, copy, 3);
}

static void
test_blank_mspdi(void)
{
  g_autofree gchar *in = fixture("scheduled-mspdi.xml");
  g_autofree gchar *copy = blank(in, "blank-mspdi.xml");
  g_autofree gchar *b = read_text(copy, NULL);
  const gchar *gone[] = { "<EarlyStart>", "<EarlyFinish>", "<LateStart>", "<LateFinish>",
                          "Slack>",       "<Critical>",    NULL };
  for (guint k = 0; gone[k] != NULL; k++)
    g_assert_null(strstr(b, gone[k]));
  /* Task Start/Finish go; the assignment's and the project's stay. */
  g_assert_null(strstr(b, "<Start>2024-01-09T08:00:00</Start>"));
  g_assert_nonnull(strstr(b, "<Start>2024-01-08T08:00:00</Start><Finish>"));
  g_assert_nonnull(strstr(b, "<StartDate>2024-01-08T08:00:00</StartDate>"));
  g_assert_nonnull(strstr(b, "<Duration>PT16H0M0S</Duration>"));
  g_assert_nonnull(strstr(b, "<PredecessorUID>1</PredecessorUID>"));
  g_assert_nonnull(strstr(b, "<Name>Dig &amp; fill</Name>"));
  g_assert_nonnull(strstr(b, "standalone=\"yes\""));

  g_autoptr(GError) error = NULL;
  g_autoptr(CpmSchedule) s1 = cpm_schedule_new();
  if (!cpm_import_file(s1, in, &error)) {
    g_test_skip(error->message);
    return;
  }
  g_autoptr(CpmSchedule) s2 = import(copy);
  assert_same_model(s1, s2);
  assert_fixture_parity(in, copy, 3);
}

/* The three writers on the fixture; and the text table's first lines. */
static void
test_report_formats(void)
{
  g_autofree gchar *in = fixture("scheduled.xer");
  g_autofree gchar *copy = blank(in, "report.xer");
  g_autoptr(GError) error = NULL;
  g_autoptr(CpmReference) ref = cpm_reference_read(in, &error);
  g_assert_no_error(error);
  g_autoptr(CpmSchedule) s = import(copy);
  /* Float against a later finish: the floats and late dates move. */
  CpmOptions options = cpm_schedule_project(s, 0)->options;
  cpm_schedule_project_mut(s, 0)->must_finish_by = cpm_time_from_civil(2024, 1, 15, 17, 0);
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, &options, FALSE, &error);
  g_assert_no_error(error);
  g_autoptr(CpmParityReport) report = cpm_reference_compare(ref, s, res);
  const CpmParityCounts *t = cpm_parity_report_total(report);
  g_assert_cmpuint(t->compared, ==, 3);
  g_assert_cmpuint(t->completed, ==, 1);
  g_assert_cmpuint(t->fully_matching, ==, 0);
  g_assert_cmpuint(t->field_matched[CPM_REF_EARLY_START], ==, 3);
  g_assert_cmpuint(t->field_matched[CPM_REF_LATE_START], ==, 0);
  g_assert_cmpuint(cpm_parity_report_n_mismatching_activities(report), ==, 3);

  for (guint f = CPM_PARITY_TEXT; f <= CPM_PARITY_JSON; f++) {
    g_autofree gchar *text = NULL;
    gsize len = 0;
    FILE *mem = open_memstream(&text, &len);
    g_assert_true(cpm_parity_report_write(report, f, "fixture.xer", 1, mem, &error));
    fclose(mem);
    g_test_message("%s", text);
    if (f == CPM_PARITY_TEXT) {
      g_assert_true(g_str_has_prefix(text, "fixture.xer: 3 activities compared (1 completed not "
                                           "compared), 0 match on all six values (0.0%)\n"));
      g_assert_nonnull(strstr(text, "  PAR A2 late_start: critpath 2024-01-11T08:00, P6 "
                                    "2024-01-10T08:00\n"));
      g_assert_nonnull(strstr(text, "(2 more mismatching activities)"));
    } else if (f == CPM_PARITY_CSV) {
      g_assert_true(g_str_has_prefix(text, "file,project,compared,completed,fully_matching,"
                                           "percent,early_start_compared,early_start_matched,"));
      g_assert_nonnull(strstr(text, "\nfixture.xer,PAR,3,1,0,0.0,3,3,3,3,3,0,3,0,3,0,3,"));
    } else {
      g_assert_nonnull(strstr(text, "\"mismatching_activities\" : 3"));
      g_assert_nonnull(strstr(text, "\"reference\" : \"2024-01-10T08:00\""));
    }
  }
}

/* Unsafe or unknown input is refused by the reader and the blanker. */
static void
test_bad_input(void)
{
  const gchar *files[]
      = { "bad-xxe.xml", "bad-billion-laughs.xml", "bad-malformed.xml", "bad-garbage.bin", NULL };
  for (guint k = 0; files[k] != NULL; k++) {
    g_autofree gchar *in = g_test_build_filename(G_TEST_DIST, "data", "p6xml", files[k], NULL);
    g_autofree gchar *out = g_build_filename(tmpdir, "bad.out", NULL);
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(CpmReference) ref = cpm_reference_read(in, &e1);
    g_assert_null(ref);
    g_assert_nonnull(e1);
    g_test_message("%s: %s", files[k], e1->message);
    g_assert_true(g_str_has_prefix(e1->message, in));
    g_assert_null(strchr(e1->message, '\n'));
    g_assert_false(cpm_reference_blank_copy(in, out, &e2));
    g_assert_nonnull(e2);
    if (k < 2) {
      g_assert_error(e1, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_SECURITY);
      g_assert_error(e2, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_SECURITY);
    }
    g_unlink(out);
  }
}

/* ---- parity on the real schedules ---------------------------------------- */

typedef struct {
  const gchar *dir;  /* folder under realcases */
  const gchar *file; /* file name */
  gdouble target;    /* % of compared activities fully matching (the issue), < 0: none */
  gdouble floor;     /* what critpath reaches today: the test fails below it */
} ParityCase;

/* Targets from the parity issue: 99% on every XER and P6 XML file with
 * stored results, 100% on the two MS Project CPM checks. Floors: measured,
 * rounded down; the causes of the gaps are in docs/p6-semantics.md. */
static const ParityCase parity_cases[] = {
  { "xer", "soulmajor__TERMINAL_BUILDING-AIRPORT.xer", 99, 100 },
  { "xer", "exupery__MDL4D.xer", 99, 100 },
  { "xer", "exupery__MDL4RA.xer", 99, 100 },
  { "xer", "jaggelas__test.xer", 99, 99.3 },
  { "xer", "pyp6xer__SP10_COST_LOADED.xer", 99, 98.7 },
  { "xer", "asposenet__MultiprojectWithExternal.xer", 99, 100 },
  { "p6xml", "asposenet__primavera.xml", 99, 1.4 },
  { "p6xml", "asposenet__PrimaveraProject.xml", 99, 0 },
  { "p6xml", "asposenet__MultiprojectWithExternal.xml", 99, 100 },
  { "p6xml", "asposenet__BaselineProjects.xml", 99, 100 },
  { "p6xml", "mpxj__percent-complete-8.4.pmxml", 99, 100 },
  { "mspdi", "mpxj__task-links-project2003-mspdi.xml", 100, 100 },
  { "mspdi", "mpxj__mspdirelations.xml", 100, 100 },
  { "mspdi", "mpxj__task-links-project2019-mspdi.xml", -1, 50 },
  { "mspdi", "mpxj__sample.xml", -1, 0 },
  { "mspdi", "mpxj__caltest.xml", -1, 100 },
  { "mspdi", "mpxj__mspditimephased.xml", -1, 16.6 },
  { "mspdi", "mpxj__mspdisplittask.xml", -1, 0 },
  { "mspdi", "asposejava__DefaultProjectProperties_project.xml", -1, 0 },
};

static const gchar *
realcases_dir(void)
{
  static gchar *dir;
  if (dir == NULL) {
    const gchar *shared = g_getenv("CPM_SHARED");
    dir = g_build_filename(shared != NULL ? shared : "../shared", "realcases", NULL);
  }
  return dir;
}

/* Activities whose dates or floats differ between two results of the same
 * model: a difference means the importer read a stored result. */
static guint
count_differences(const CpmResult *a, const CpmResult *b)
{
  guint n = 0;
  for (guint i = 0; i < cpm_result_n_activities(a); i++) {
    const CpmActivityResult *x = cpm_result_activity(a, i);
    const CpmActivityResult *y = cpm_result_activity(b, i);
    n += x->early_start != y->early_start || x->early_finish != y->early_finish
         || x->late_start != y->late_start || x->late_finish != y->late_finish
         || x->total_float != y->total_float || x->free_float != y->free_float;
  }
  return n;
}

static void
test_realcase(gconstpointer data)
{
  const ParityCase *pc = data;
  g_autofree gchar *in = g_build_filename(realcases_dir(), pc->dir, pc->file, NULL);
  if (!g_file_test(in, G_FILE_TEST_EXISTS)) {
    g_test_skip("../shared/realcases is absent");
    return;
  }
  g_autoptr(GError) error = NULL;
  g_autofree gchar *copy = g_build_filename(tmpdir, pc->file, NULL);
  g_assert_true(cpm_reference_blank_copy(in, copy, &error));
  g_assert_no_error(error);
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  if (!cpm_import_file(s, copy, &error)) {
    g_assert_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_FORMAT);
    g_assert_nonnull(strstr(error->message, "not supported yet"));
    g_test_skip(error->message);
    return;
  }
  g_autoptr(CpmReference) ref = cpm_reference_read(in, &error);
  g_assert_no_error(error);
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
  g_autoptr(CpmParityReport) report = cpm_reference_compare(ref, s, res);

  g_autofree gchar *text = NULL;
  gsize len = 0;
  FILE *mem = open_memstream(&text, &len);
  g_assert_true(cpm_parity_report_write(report, CPM_PARITY_TEXT, pc->file, 5, mem, &error));
  fclose(mem);
  g_test_message("%s", text);

  /* The original imports to the same dates: the importer reads no stored
   * result (else parity on the blanked copy would differ). */
  g_autoptr(CpmSchedule) orig = cpm_schedule_new();
  g_assert_true(cpm_import_file(orig, in, &error));
  g_assert_no_error(error);
  g_autoptr(CpmResult) orig_res = cpm_schedule_compute(orig, NULL, FALSE, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(cpm_result_n_activities(orig_res), ==, cpm_result_n_activities(res));
  guint echoed = count_differences(orig_res, res);
  if (echoed > 0)
    g_test_message("%s: %u activities are scheduled differently from the original: the importer "
                   "reads stored results",
                   pc->file, echoed);
  g_assert_cmpuint(echoed, ==, 0);

  const CpmParityCounts *t = cpm_parity_report_total(report);
  if (t->compared == 0) {
    g_test_message("%s: not compared (the file stores no results for its open activities)",
                   pc->file);
    return;
  }
  gdouble pct = cpm_parity_counts_percent(t);
  if (pc->target >= 0 && pct < pc->target)
    g_test_message("below target: %.1f%% < %.0f%% (%s)", floor(pct * 10) / 10, pc->target,
                   pc->file);
  g_assert_cmpfloat(pct, >=, pc->floor);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp("cpm-parity-XXXXXX", NULL);
  g_assert_nonnull(tmpdir);
  g_test_add_func("/parity/blank/xer", test_blank_xer);
  g_test_add_func("/parity/blank/p6xml", test_blank_p6xml);
  g_test_add_func("/parity/blank/mspdi", test_blank_mspdi);
  g_test_add_func("/parity/report-formats", test_report_formats);
  g_test_add_func("/parity/bad-input", test_bad_input);
  for (gsize i = 0; i < G_N_ELEMENTS(parity_cases); i++) {
    g_autofree gchar *name
        = g_strdup_printf("/parity/realcases/%s/%s", parity_cases[i].dir, parity_cases[i].file);
    g_test_add_data_func(name, &parity_cases[i], test_realcase);
  }
  /* Files added to realcases since the table was written: the target of
   * their format, no floor. */
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GStringChunk) names = g_string_chunk_new(256);
  const gchar *const dirs[] = { "xer", "p6xml", "mspdi" };
  for (guint d = 0; d < G_N_ELEMENTS(dirs); d++) {
    g_autofree gchar *path = g_build_filename(realcases_dir(), dirs[d], NULL);
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    for (const gchar *n; dir != NULL && (n = g_dir_read_name(dir)) != NULL;) {
      gboolean known = FALSE;
      for (gsize i = 0; i < G_N_ELEMENTS(parity_cases); i++)
        known |= strcmp(parity_cases[i].file, n) == 0;
      if (known)
        continue;
      ParityCase *pc = g_new0(ParityCase, 1);
      pc->dir = dirs[d];
      pc->file = g_string_chunk_insert(names, n);
      pc->target = d < 2 ? 99 : -1;
      g_ptr_array_add(extra, pc);
      g_autofree gchar *name = g_strdup_printf("/parity/realcases/%s/%s", pc->dir, pc->file);
      g_test_add_data_func(name, pc, test_realcase);
    }
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
