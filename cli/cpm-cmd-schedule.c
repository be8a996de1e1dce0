/* SPDX-License-Identifier: MIT
 *
 * cpm-cmd-schedule.c: `critpath schedule INPUT...`. Imports every input
 * (recognised by content) into one integrated schedule, prints the
 * importers' notes, computes the schedule with P6's rules (options stored
 * in the projects, or the overrides given on the command line) and writes
 * the schedule table of the output contract as aligned text, CSV or JSON
 * to stdout or, atomically, to -o FILE. --timings adds one line of
 * wall-clock phases and peak memory on stderr.
 */
#include "cpm-cli.h"
#include "cpm-export.h"
#include "cpm-import.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>

static const gchar schedule_description[]
    = "Each INPUT is recognised by its content (P6 XML: root APIBusinessObjects\n"
      "or BusinessObjects; XER: first line ERMHDR); all inputs form one\n"
      "integrated schedule, and relationships between their projects are\n"
      "honoured. Without options the scheduling options stored in each project\n"
      "are used; any option above replaces them for every project (starting\n"
      "from the first project's).\n"
      "\n"
      "Output columns (CSV header, in this order):\n"
      "  project            project Id\n"
      "  activity           activity Id\n"
      "  name               activity name\n"
      "  status             not_started, in_progress or completed\n"
      "  early_start        early start (remaining early start when started,\n"
      "                     actual start when completed)\n"
      "  early_finish       early finish (actual finish when completed)\n"
      "  late_start         late start (empty when completed)\n"
      "  late_finish        late finish (empty when completed)\n"
      "  total_float_hours  total float, hours of the activity's calendar,\n"
      "                     up to 2 decimals (empty when completed)\n"
      "  free_float_hours   free float, same units (empty when completed)\n"
      "  critical           Y or N\n"
      "  longest_path       Y or N\n"
      "Dates are YYYY-MM-DDTHH:MM. CSV is UTF-8 with RFC 4180 quoting and \\n line\n"
      "ends; JSON is {\"projects\": [...], \"activities\": [...]} with floats as\n"
      "numbers (null when none) and critical/longest_path as booleans.\n"
      "\n"
      "Notes on input that was read but not used are printed on stderr as\n"
      "'note: TEXT'. --timings prints one line on stderr:\n"
      "  timings: import_ms=N schedule_ms=N output_ms=N peak_rss_kb=N\n"
      "\n"
      "Exit status: 0 success; 1 bad input (the message names FILE:LINE:) or\n"
      "failed output; 2 usage error. On an error no output file is left behind;\n"
      "input files are never modified.\n";

/* A name accepted by an option and the enum value it stands for. */
typedef struct {
  const gchar *name;
  gint value;
} ScheduleChoice;

static const ScheduleChoice schedule_formats[] = {
  { "table", CPM_TABLE_TABLE },
  { "csv", CPM_TABLE_CSV },
  { "json", CPM_TABLE_JSON },
  { NULL, 0 },
};

static const ScheduleChoice schedule_progress[] = {
  { "retained", CPM_PROGRESS_RETAINED_LOGIC },
  { "override", CPM_PROGRESS_OVERRIDE },
  { "actual", CPM_PROGRESS_ACTUAL_DATES },
  { NULL, 0 },
};

static const ScheduleChoice schedule_lag_calendars[] = {
  { "predecessor", CPM_LAG_CAL_PREDECESSOR },
  { "successor", CPM_LAG_CAL_SUCCESSOR },
  { "24h", CPM_LAG_CAL_24H },
  { "project", CPM_LAG_CAL_PROJECT },
  { NULL, 0 },
};

static const ScheduleChoice schedule_float_types[] = {
  { "finish", CPM_FLOAT_FINISH },
  { "start", CPM_FLOAT_START },
  { "smallest", CPM_FLOAT_SMALLEST },
  { NULL, 0 },
};

/* Looks value up in choices; on failure sets a usage error naming the
 * option and the accepted values. */
static gboolean
schedule_parse_choice(const gchar *option, const gchar *value, const ScheduleChoice *choices,
                      gint *value_out, GError **error)
{
  g_autoptr(GString) accepted = g_string_new(NULL);

  for (guint i = 0; choices[i].name != NULL; i++) {
    if (strcmp(choices[i].name, value) == 0) {
      *value_out = choices[i].value;
      return TRUE;
    }
    g_string_append_printf(accepted, "%s%s", i > 0 ? ", " : "", choices[i].name);
  }
  g_set_error(error, CPM_CLI_ERROR, CPM_CLI_ERROR_USAGE, "invalid %s '%s' (expected %s)", option,
              value, accepted->str);
  return FALSE;
}

/* Parses a number of hours into working minutes, rounded to the minute. */
static gboolean
schedule_parse_hours(const gchar *option, const gchar *text, CpmDuration *minutes_out,
                     GError **error)
{
  gchar *end = NULL;
  gdouble hours = g_ascii_strtod(text, &end);

  if (end == text || *end != '\0' || !isfinite(hours) || fabs(hours) > 1e7) {
    g_set_error(error, CPM_CLI_ERROR, CPM_CLI_ERROR_USAGE,
                "invalid %s '%s' (expected a number of hours)", option, text);
    return FALSE;
  }
  *minutes_out = (CpmDuration)llround(hours * 60.0);
  return TRUE;
}

/* Peak resident set size of this process, in KiB. */
static glong
schedule_peak_rss_kb(void)
{
  struct rusage usage;

  if (getrusage(RUSAGE_SELF, &usage) != 0)
    return 0;
  return usage.ru_maxrss; /* KiB on Linux */
}

/* Milliseconds between two g_get_monotonic_time() readings. */
static gint64
schedule_ms(gint64 from, gint64 to)
{
  return (to - from + 500) / 1000;
}

int
cpm_cmd_schedule(int argc, char **argv)
{
  g_autofree gchar *format_name = NULL;
  g_autofree gchar *output_path = NULL;
  g_autofree gchar *progress_name = NULL;
  g_autofree gchar *lag_calendar_name = NULL;
  g_autofree gchar *float_name = NULL;
  g_autofree gchar *critical_float_text = NULL;
  g_auto(GStrv) inputs = NULL;
  gboolean timings = FALSE;
  gboolean longest_path = FALSE;
  gboolean open_ends_critical = FALSE;
  gboolean expected_finish = FALSE;
  gboolean no_expected_finish = FALSE;
  gboolean float_per_project = FALSE;
  gboolean float_integrated = FALSE;
  gboolean serialize_exclusions = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      "Output format: table (default), csv or json", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      "Write to FILE (atomically) instead of stdout", "FILE" },
    { "timings", 0, 0, G_OPTION_ARG_NONE, &timings, "Print phase times and peak memory on stderr",
      NULL },
    { "progress", 0, 0, G_OPTION_ARG_STRING, &progress_name,
      "Progressed activities: retained (Retained Logic), override or actual (dates)", "RULE" },
    { "lag-calendar", 0, 0, G_OPTION_ARG_STRING, &lag_calendar_name,
      "Calendar for lags: predecessor, successor, 24h or project", "CAL" },
    { "float", 0, 0, G_OPTION_ARG_STRING, &float_name,
      "Total float as: finish (LF-EF), start (LS-ES) or smallest", "TYPE" },
    { "critical-float", 0, 0, G_OPTION_ARG_STRING, &critical_float_text,
      "Critical when total float <= HOURS (default 0)", "HOURS" },
    { "longest-path", 0, 0, G_OPTION_ARG_NONE, &longest_path,
      "Critical activities are those on the longest path", NULL },
    { "open-ends-critical", 0, 0, G_OPTION_ARG_NONE, &open_ends_critical,
      "Make open-ended activities critical", NULL },
    { "expected-finish", 0, 0, G_OPTION_ARG_NONE, &expected_finish, "Honour Expected Finish dates",
      NULL },
    { "no-expected-finish", 0, 0, G_OPTION_ARG_NONE, &no_expected_finish,
      "Ignore Expected Finish dates", NULL },
    { "float-per-project", 0, 0, G_OPTION_ARG_NONE, &float_per_project,
      "Compute float against each project's own finish", NULL },
    { "float-integrated", 0, 0, G_OPTION_ARG_NONE, &float_integrated,
      "Compute float against the finish of the integrated schedule", NULL },
    { "serialize-exclusions", 0, 0, G_OPTION_ARG_NONE, &serialize_exclusions,
      "Serialise overlapping mutually exclusive activities", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "INPUT…" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) context = g_option_context_new(NULL);
  g_autoptr(GError) error = NULL;
  gint format = CPM_TABLE_TABLE;
  gint value = 0;
  CpmOptions options;
  gboolean override = FALSE;

  /* Step 1: the command line. */
  g_set_prgname("critpath schedule");
  g_option_context_set_summary(context, "Compute early and late dates, total and free float and "
                                        "the critical path of one or more schedules.");
  g_option_context_set_description(context, schedule_description);
  g_option_context_add_main_entries(context, entries, NULL);
  if (!g_option_context_parse(context, &argc, &argv, &error))
    return cpm_cli_usage_error("schedule", "%s", error->message);
  if (inputs == NULL || inputs[0] == NULL)
    return cpm_cli_usage_error("schedule", "no INPUT file given");
  if (format_name != NULL
      && !schedule_parse_choice("--format", format_name, schedule_formats, &format, &error))
    return cpm_cli_usage_error("schedule", "%s", error->message);
  if (expected_finish && no_expected_finish)
    return cpm_cli_usage_error("schedule",
                               "--expected-finish and --no-expected-finish exclude each other");
  if (float_per_project && float_integrated)
    return cpm_cli_usage_error("schedule",
                               "--float-per-project and --float-integrated exclude each other");

  /* Option overrides: validated now, applied once the first project is
   * known. */
  CpmOptions changes;
  cpm_options_init_default(&changes);
  if (progress_name != NULL) {
    if (!schedule_parse_choice("--progress", progress_name, schedule_progress, &value, &error))
      return cpm_cli_usage_error("schedule", "%s", error->message);
    changes.progress = (CpmProgressPolicy)value;
  }
  if (lag_calendar_name != NULL) {
    if (!schedule_parse_choice("--lag-calendar", lag_calendar_name, schedule_lag_calendars, &value,
                               &error))
      return cpm_cli_usage_error("schedule", "%s", error->message);
    changes.lag_calendar = (CpmLagCalendar)value;
  }
  if (float_name != NULL) {
    if (!schedule_parse_choice("--float", float_name, schedule_float_types, &value, &error))
      return cpm_cli_usage_error("schedule", "%s", error->message);
    changes.float_type = (CpmFloatType)value;
  }
  if (critical_float_text != NULL
      && !schedule_parse_hours("--critical-float", critical_float_text, &changes.critical_float,
                               &error))
    return cpm_cli_usage_error("schedule", "%s", error->message);
  override = progress_name != NULL || lag_calendar_name != NULL || float_name != NULL
             || critical_float_text != NULL || longest_path || open_ends_critical || expected_finish
             || no_expected_finish || float_per_project || float_integrated;

  const gchar *const *input_list = (const gchar *const *)inputs;
  gint64 t_start = g_get_monotonic_time();

  /* Step 2: the output, first, so that a bad -o fails before a long read. */
  g_autoptr(CpmOutput) output = cpm_output_open(output_path, input_list, &error);
  if (output == NULL)
    return cpm_cli_report_error(error, input_list);

  /* Step 3: every input into one schedule. */
  g_autoptr(CpmSchedule) schedule = cpm_schedule_new();
  for (guint i = 0; inputs[i] != NULL; i++)
    if (!cpm_import_file(schedule, inputs[i], &error))
      return cpm_cli_report_error(error, input_list);
  cpm_cli_print_notes(schedule);
  gint64 t_imported = g_get_monotonic_time();

  /* Step 4: the options and the schedule. */
  if (override) {
    if (cpm_schedule_n_projects(schedule) > 0)
      options = cpm_schedule_project(schedule, 0)->options;
    else
      cpm_options_init_default(&options);
    if (progress_name != NULL)
      options.progress = changes.progress;
    if (lag_calendar_name != NULL)
      options.lag_calendar = changes.lag_calendar;
    if (float_name != NULL)
      options.float_type = changes.float_type;
    if (critical_float_text != NULL) {
      options.critical_float = changes.critical_float;
      options.critical_mode = CPM_CRITICAL_FLOAT;
    }
    if (longest_path)
      options.critical_mode = CPM_CRITICAL_LONGEST_PATH;
    if (open_ends_critical)
      options.open_ends_critical = TRUE;
    if (expected_finish || no_expected_finish)
      options.use_expected_finish = expected_finish;
    if (float_per_project || float_integrated)
      options.float_per_project = float_per_project;
  }
  g_autoptr(CpmResult) result
      = cpm_schedule_compute(schedule, override ? &options : NULL, serialize_exclusions, &error);
  if (result == NULL)
    return cpm_cli_report_error(error, input_list);
  for (guint i = 0; i < cpm_result_n_findings(result); i++)
    g_printerr("note: %s\n", cpm_result_finding(result, i)->message);
  gint64 t_scheduled = g_get_monotonic_time();

  /* Step 5: the table, then the atomic rename. */
  if (!cpm_export_schedule_table(schedule, result, (CpmTableFormat)format,
                                 cpm_output_stream(output), &error)
      || !cpm_output_commit(output, &error))
    return cpm_cli_report_error(error, input_list);
  gint64 t_written = g_get_monotonic_time();

  if (timings)
    g_printerr("timings: import_ms=%" G_GINT64_FORMAT " schedule_ms=%" G_GINT64_FORMAT
               " output_ms=%" G_GINT64_FORMAT " peak_rss_kb=%ld\n",
               schedule_ms(t_start, t_imported), schedule_ms(t_imported, t_scheduled),
               schedule_ms(t_scheduled, t_written), schedule_peak_rss_kb());
  return CPM_EXIT_OK;
}
