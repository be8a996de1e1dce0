/* SPDX-License-Identifier: MIT
 *
 * test-cli.c: the `critpath` executable against the output contract. Each
 * case spawns the binary named by $CPM_CLI (meson passes the built one) and
 * checks exit codes, the one-line error on stderr, the CSV header, the JSON
 * shape, the --timings line, the atomic -o output (no partial or clobbered
 * file on error) and that inputs are never modified.
 */
#include "cpm-config.h"
#include "cpm-export.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

/* The output of one run of critpath. */
typedef struct {
  gchar *out; /* stdout, owned */
  gchar *err; /* stderr, owned */
  int status; /* exit status, or -1 when killed by a signal */
} CliRun;

static void
cli_run_clear(CliRun *run)
{
  g_clear_pointer(&run->out, g_free);
  g_clear_pointer(&run->err, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(CliRun, cli_run_clear)

static const gchar *
cli_binary(void)
{
  const gchar *exe = g_getenv("CPM_CLI");
  g_assert_nonnull(exe);
  return exe;
}

static gchar *
cli_sample(void)
{
  const gchar *srcdir = g_getenv("CPM_SRCDIR");
  g_assert_nonnull(srcdir);
  return g_build_filename(srcdir, "samples", "quickstart", "campaign.xml", NULL);
}

/* Runs critpath with the NULL-terminated arguments after argv[0]. */
static void
cli_run(CliRun *run, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add(argv, (gpointer)cli_binary());
  va_start(args, run);
  for (const gchar *arg = va_arg(args, const gchar *); arg != NULL;
       arg = va_arg(args, const gchar *))
    g_ptr_array_add(argv, (gpointer)arg);
  va_end(args);
  g_ptr_array_add(argv, NULL);

  g_spawn_sync(NULL, (gchar **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out, &run->err,
               &wait_status, &error);
  g_assert_no_error(error);
  run->status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
}

static guint
cli_count_lines(const gchar *text)
{
  guint n = 0;
  for (const gchar *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* A fresh temporary directory, removed (with its files) by cli_tmpdir_free. */
static gchar *
cli_tmpdir_new(void)
{
  g_autoptr(GError) error = NULL;
  gchar *dir = g_dir_make_tmp("critpath-test-cli-XXXXXX", &error);
  g_assert_no_error(error);
  return dir;
}

static void
cli_tmpdir_free(gchar *dir)
{
  g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
  const gchar *name;

  while (handle != NULL && (name = g_dir_read_name(handle)) != NULL) {
    g_autofree gchar *path = g_build_filename(dir, name, NULL);
    g_unlink(path);
  }
  g_rmdir(dir);
  g_free(dir);
}

typedef gchar CliTmpdir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CliTmpdir, cli_tmpdir_free)

static guint
cli_count_dir_entries(const gchar *dir)
{
  g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull(handle);
  while (g_dir_read_name(handle) != NULL)
    n++;
  return n;
}

static void
test_version(void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree gchar *expected = g_strdup_printf("critpath %s\n", CPM_VERSION);

  cli_run(&run, "--version", NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_cmpstr(run.out, ==, expected);
}

static void
test_help(void)
{
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) sub = { 0 };

  cli_run(&run, "--help", NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_nonnull(strstr(run.out, "schedule"));

  cli_run(&sub, "schedule", "--help", NULL);
  g_assert_cmpint(sub.status, ==, 0);
  g_assert_nonnull(strstr(sub.out, "--critical-float"));
  g_assert_nonnull(strstr(sub.out, "total_float_hours"));
}

static void
test_usage_errors(void)
{
  static const gchar *const cases[][3] = {
    { "frobnicate", NULL, NULL },            /* unknown command */
    { "--frobnicate", NULL, NULL },          /* unknown option */
    { "schedule", NULL, NULL },              /* no INPUT */
    { "schedule", "--format=xml", "x.xml" }, /* bad format */
    { "schedule", "--bogus", "x.xml" },      /* bad option */
    { "schedule", "--float=middle", "x.xml" },
    { "schedule", "--critical-float=abc", "x.xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_auto(CliRun) run = { 0 };
    cli_run(&run, cases[i][0], cases[i][1], cases[i][2], NULL);
    g_test_message("case %u: %s", i, run.err);
    g_assert_cmpint(run.status, ==, 2);
    g_assert_cmpstr(run.out, ==, "");
    g_assert_cmpuint(strlen(run.err), >, 0);
  }
}

static void
test_csv_header(void)
{
  g_autofree gchar *sample = cli_sample();
  g_auto(CliRun) run = { 0 };

  cli_run(&run, "schedule", sample, "--format", "csv", NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_true(g_str_has_prefix(run.out, CPM_SCHEDULE_CSV_HEADER "\n"));
  /* Header + 20 activities. */
  g_assert_cmpuint(cli_count_lines(run.out), ==, 21);
  /* The name with a comma is quoted. */
  g_assert_nonnull(strstr(run.out, ",\"Draft, review and issue the summary report\","));
}

static void
test_table(void)
{
  g_autofree gchar *sample = cli_sample();
  g_auto(CliRun) run = { 0 };

  cli_run(&run, "schedule", sample, NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_true(g_str_has_prefix(run.out, "project "));
  g_assert_cmpuint(cli_count_lines(run.out), ==, 21);
}

static void
test_output_file(void)
{
  g_autofree gchar *sample = cli_sample();
  g_autoptr(CliTmpdir) dir = cli_tmpdir_new();
  g_autofree gchar *target = g_build_filename(dir, "out.csv", NULL);
  g_autofree gchar *contents = NULL;
  g_auto(CliRun) run = { 0 };

  cli_run(&run, "schedule", sample, "--format=csv", "-o", target, NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_cmpstr(run.out, ==, "");
  g_assert_true(g_file_get_contents(target, &contents, NULL, NULL));
  g_assert_true(g_str_has_prefix(contents, CPM_SCHEDULE_CSV_HEADER "\n"));
  /* Only the target: the temporary file was renamed. */
  g_assert_cmpuint(cli_count_dir_entries(dir), ==, 1);
}

/* Writes a P6 XML file cut off in the middle of an activity. */
static gchar *
cli_write_truncated(const gchar *dir)
{
  g_autofree gchar *sample = cli_sample();
  g_autofree gchar *contents = NULL;
  gsize length = 0;
  gchar *path = g_build_filename(dir, "truncated.xml", NULL);

  g_assert_true(g_file_get_contents(sample, &contents, &length, NULL));
  const gchar *cut = strstr(contents, "<Id>A2010</Id>");
  g_assert_nonnull(cut);
  g_assert_true(g_file_set_contents(path, contents, cut - contents + 6, NULL));
  return path;
}

/* stderr is one line `PATH:LINE: ...`. */
static void
cli_assert_error_line(const gchar *err, const gchar *path)
{
  g_autofree gchar *prefix = g_strdup_printf("%s:", path);

  g_test_message("stderr: %s", err);
  g_assert_cmpuint(cli_count_lines(err), ==, 1);
  g_assert_true(g_str_has_prefix(err, prefix));
  g_assert_true(g_ascii_isdigit(err[strlen(prefix)]));
}

static void
test_bad_input_no_output(void)
{
  g_autoptr(CliTmpdir) dir = cli_tmpdir_new();
  g_autofree gchar *bad = cli_write_truncated(dir);
  g_autofree gchar *target = g_build_filename(dir, "out.csv", NULL);
  g_auto(CliRun) run = { 0 };

  cli_run(&run, "schedule", bad, "--format=csv", "-o", target, NULL);
  g_assert_cmpint(run.status, ==, 1);
  cli_assert_error_line(run.err, bad);
  g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
  /* Nothing but the input is left in the directory. */
  g_assert_cmpuint(cli_count_dir_entries(dir), ==, 1);
}

static void
test_bad_input_keeps_target(void)
{
  g_autoptr(CliTmpdir) dir = cli_tmpdir_new();
  g_autofree gchar *bad = cli_write_truncated(dir);
  g_autofree gchar *target = g_build_filename(dir, "out.csv", NULL);
  g_autofree gchar *contents = NULL;
  g_auto(CliRun) run = { 0 };

  g_assert_true(g_file_set_contents(target, "previous\n", -1, NULL));
  cli_run(&run, "schedule", bad, "-o", target, NULL);
  g_assert_cmpint(run.status, ==, 1);
  cli_assert_error_line(run.err, bad);
  g_assert_true(g_file_get_contents(target, &contents, NULL, NULL));
  g_assert_cmpstr(contents, ==, "previous\n");
  g_assert_cmpuint(cli_count_dir_entries(dir), ==, 2);
}

static void
test_missing_input(void)
{
  g_autoptr(CliTmpdir) dir = cli_tmpdir_new();
  g_autofree gchar *missing = g_build_filename(dir, "absent.xml", NULL);
  g_autofree gchar *target = g_build_filename(dir, "out.csv", NULL);
  g_auto(CliRun) run = { 0 };

  cli_run(&run, "schedule", missing, "-o", target, NULL);
  g_assert_cmpint(run.status, ==, 1);
  g_assert_cmpuint(cli_count_lines(run.err), ==, 1);
  g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint(cli_count_dir_entries(dir), ==, 0);
}

static void
test_output_is_input(void)
{
  g_autoptr(CliTmpdir) dir = cli_tmpdir_new();
  g_autofree gchar *sample = cli_sample();
  g_autofree gchar *copy = g_build_filename(dir, "copy.xml", NULL);
  g_autofree gchar *before = NULL;
  g_autofree gchar *after = NULL;
  g_auto(CliRun) run = { 0 };

  g_assert_true(g_file_get_contents(sample, &before, NULL, NULL));
  g_assert_true(g_file_set_contents(copy, before, -1, NULL));
  cli_run(&run, "schedule", copy, "-o", copy, NULL);
  g_assert_cmpint(run.status, ==, 2);
  g_assert_true(g_file_get_contents(copy, &after, NULL, NULL));
  g_assert_cmpstr(after, ==, before);
}

static void
test_timings(void)
{
  g_autofree gchar *sample = cli_sample();
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint n_timings = 0;

  regex = g_regex_new("^timings: import_ms=\\d+ schedule_ms=\\d+ output_ms=\\d+ peak_rss_kb=\\d+$",
                      0, 0, &error);
  g_assert_no_error(error);
  cli_run(&run, "schedule", sample, "--format=csv", "--timings", NULL);
  g_assert_cmpint(run.status, ==, 0);
  lines = g_strsplit(run.err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    if (g_str_has_prefix(lines[i], "timings:")) {
      g_assert_true(g_regex_match(regex, lines[i], 0, NULL));
      n_timings++;
    }
  }
  g_assert_cmpuint(n_timings, ==, 1);
}

static void
test_input_unchanged(void)
{
  g_autoptr(CliTmpdir) dir = cli_tmpdir_new();
  g_autofree gchar *sample = cli_sample();
  g_autofree gchar *copy = g_build_filename(dir, "input.xml", NULL);
  g_autofree gchar *target = g_build_filename(dir, "out.json", NULL);
  g_autofree gchar *before = NULL;
  g_autofree gchar *after = NULL;
  GStatBuf st_before, st_after;
  g_auto(CliRun) run = { 0 };

  g_assert_true(g_file_get_contents(sample, &before, NULL, NULL));
  g_assert_true(g_file_set_contents(copy, before, -1, NULL));
  g_assert_cmpint(g_stat(copy, &st_before), ==, 0);
  g_usleep(20000);
  cli_run(&run, "schedule", copy, "--format=json", "-o", target, NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_cmpint(g_stat(copy, &st_after), ==, 0);
  g_assert_true(g_file_get_contents(copy, &after, NULL, NULL));
  g_assert_cmpstr(after, ==, before);
  g_assert_cmpint(st_after.st_mtim.tv_sec, ==, st_before.st_mtim.tv_sec);
  g_assert_cmpint(st_after.st_mtim.tv_nsec, ==, st_before.st_mtim.tv_nsec);
}

static void
test_json(void)
{
  g_autofree gchar *sample = cli_sample();
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };

  cli_run(&run, "schedule", sample, "--format=json", NULL);
  g_assert_cmpint(run.status, ==, 0);
  json_parser_load_from_data(parser, run.out, -1, &error);
  g_assert_no_error(error);
  JsonNode *root = json_parser_get_root(parser);
  g_assert_true(JSON_NODE_HOLDS_OBJECT(root));
  JsonObject *object = json_node_get_object(root);
  JsonArray *projects = json_object_get_array_member(object, "projects");
  JsonArray *activities = json_object_get_array_member(object, "activities");
  g_assert_nonnull(projects);
  g_assert_nonnull(activities);
  g_assert_cmpuint(json_array_get_length(projects), ==, 1);
  g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(projects, 0), "id"),
                  ==, "ZXZZ-2024");
  g_assert_cmpuint(json_array_get_length(activities), ==, 20);

  JsonObject *first = json_array_get_object_element(activities, 0);
  g_assert_cmpstr(json_object_get_string_member(first, "activity"), ==, "A1000");
  g_assert_cmpstr(json_object_get_string_member(first, "status"), ==, "not_started");
  g_assert_true(JSON_NODE_HOLDS_VALUE(json_object_get_member(first, "critical")));
  g_assert_cmpint(json_node_get_value_type(json_object_get_member(first, "critical")), ==,
                  G_TYPE_BOOLEAN);
  JsonNode *tf = json_object_get_member(first, "total_float_hours");
  g_assert_nonnull(tf);
  g_assert_true(JSON_NODE_HOLDS_VALUE(tf));
}

/* A logic loop: exit 1, one line `FILE:LINE: logic loop: ...` naming the
 * three activities of the loop (not START, which only leads into it), and
 * no output file. */
static void
test_loop(void)
{
  const gchar *srcdir = g_getenv("CPM_SRCDIR");
  g_autofree gchar *input = g_build_filename(srcdir, "tests", "data", "p6xml", "loop.xml", NULL);
  g_autoptr(CliTmpdir) dir = cli_tmpdir_new();
  g_autofree gchar *target = g_build_filename(dir, "out.csv", NULL);
  g_auto(CliRun) run = { 0 };

  cli_run(&run, "schedule", input, "--format=csv", "-o", target, NULL);
  g_assert_cmpint(run.status, ==, 1);
  cli_assert_error_line(run.err, input);
  g_assert_nonnull(strstr(run.err, "logic loop: "));
  for (guint k = 1; k <= 3; k++) {
    g_autofree gchar *id = g_strdup_printf("A%u", k);
    g_assert_nonnull(strstr(run.err, id));
  }
  g_assert_null(strstr(run.err, "START"));
  g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
}

/* `critpath parity`: a real XER export agrees with P6 (exit 0, the counts
 * printed); --min-match above what is reached exits 1; a P6 XML file is
 * refused with FILE:LINE:. */
static void
test_parity(void)
{
  const gchar *shared = g_getenv("CPM_SHARED");
  g_autofree gchar *term
      = g_build_filename(shared != NULL ? shared : "../shared", "realcases", "xer",
                         "soulmajor__TERMINAL_BUILDING-AIRPORT.xer", NULL);
  g_autofree gchar *jag = g_build_filename(shared != NULL ? shared : "../shared", "realcases",
                                           "xer", "jaggelas__test.xer", NULL);
  if (!g_file_test(term, G_FILE_TEST_EXISTS)) {
    g_test_skip("../shared/realcases is absent");
    return;
  }
  g_auto(CliRun) ok = { 0 };
  cli_run(&ok, "parity", term, "--min-match", "100", NULL);
  g_assert_cmpint(ok.status, ==, 0);
  g_assert_nonnull(strstr(ok.out, "66 activities compared"));
  g_assert_nonnull(strstr(ok.out, "66 match on all six values (100.0%)"));

  g_auto(CliRun) below = { 0 };
  cli_run(&below, "parity", jag, "--min-match", "100", NULL);
  g_assert_cmpint(below.status, ==, 1);
  g_assert_nonnull(strstr(below.out, "A7720"));

  g_autofree gchar *sample = cli_sample();
  g_auto(CliRun) xml = { 0 };
  cli_run(&xml, "parity", sample, NULL);
  g_assert_cmpint(xml.status, ==, 1);
  cli_assert_error_line(xml.err, sample);

  g_auto(CliRun) usage = { 0 };
  cli_run(&usage, "parity", NULL);
  g_assert_cmpint(usage.status, ==, 2);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);

  g_test_add_func("/cli/version", test_version);
  g_test_add_func("/cli/help", test_help);
  g_test_add_func("/cli/usage-errors", test_usage_errors);
  g_test_add_func("/cli/csv-header", test_csv_header);
  g_test_add_func("/cli/table", test_table);
  g_test_add_func("/cli/output-file", test_output_file);
  g_test_add_func("/cli/bad-input-no-output", test_bad_input_no_output);
  g_test_add_func("/cli/bad-input-keeps-target", test_bad_input_keeps_target);
  g_test_add_func("/cli/missing-input", test_missing_input);
  g_test_add_func("/cli/output-is-input", test_output_is_input);
  g_test_add_func("/cli/timings", test_timings);
  g_test_add_func("/cli/input-unchanged", test_input_unchanged);
  g_test_add_func("/cli/json", test_json);
  g_test_add_func("/cli/loop", test_loop);
  g_test_add_func("/cli/parity", test_parity);
  return g_test_run();
}
