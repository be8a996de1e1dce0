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

static const CpmCliChoice schedule_formats[] = {
  { "table", CPM_TABLE_TABLE },
  { "csv", CPM_TABLE_CSV },
  { "json", CPM_TABLE_JSON },
  { NULL, 0 },
};

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
  g_auto(GStrv) inputs = NULL;
  gboolean timings = FALSE;
  gboolean serialize_exclusions = FALSE;
  g_auto(CpmCliSchedOptions) sched = { 0 };
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      "Output format: table (default), csv or json", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      "Write to FILE (atomically) instead of stdout", "FILE" },
    { "timings", 0, 0, G_OPTION_ARG_NONE, &timings, "Print phase times and peak memory on stderr",
      NULL },
    { "serialize-exclusions", 0, 0, G_OPTION_ARG_NONE, &serialize_exclusions,
      "Serialise overlapping mutually exclusive activities", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "INPUT…" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) context = g_option_context_new(NULL);
  g_autoptr(GError) error = NULL;
  gint format = CPM_TABLE_TABLE;
  CpmOptions options;

  /* Step 1: the command line. */
  g_set_prgname("critpath schedule");
  g_option_context_set_summary(context, "Compute early and late dates, total and free float and "
                                        "the critical path of one or more schedules.");
  g_option_context_set_description(context, schedule_description);
  g_option_context_add_main_entries(context, entries, NULL);
  cpm_cli_sched_options_add_entries(&sched, context);
  if (!g_option_context_parse(context, &argc, &argv, &error))
    return cpm_cli_usage_error("schedule", "%s", error->message);
  if (inputs == NULL || inputs[0] == NULL)
    return cpm_cli_usage_error("schedule", "no INPUT file given");
  if (format_name != NULL
      && !cpm_cli_parse_choice("--format", format_name, schedule_formats, &format, &error))
    return cpm_cli_usage_error("schedule", "%s", error->message);

  /* Option overrides (cpm-cli-options.c): validated now, applied once the
   * first project is known. */
  if (!cpm_cli_sched_options_check(&sched, &error))
    return cpm_cli_usage_error("schedule", "%s", error->message);

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
  const CpmOptions *overrides = cpm_cli_sched_options_resolve(&sched, schedule, &options);
  g_autoptr(CpmResult) result
      = cpm_schedule_compute(schedule, overrides, serialize_exclusions, &error);
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
