/* SPDX-License-Identifier: MIT
 *
 * cpm-cmd-parity.c: `critpath parity FILE`, the migration check "does
 * critpath agree with my P6 (or MS Project)?". It reads the results the tool
 * stored in FILE, writes a copy of FILE without them into a temporary
 * directory, imports and schedules the copy (with the options stored in
 * it, or the overrides of the command line), compares critpath's dates and
 * floats with the stored ones activity by activity (cpm-reference.h) and
 * prints the report as text, CSV or JSON, to stdout or atomically to -o.
 */
#include "cpm-cli.h"
#include "cpm-import.h"
#include "cpm-reference.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static const gchar parity_description[]
    = "FILE is a scheduled P6 export (XER or P6 XML) or MS Project XML file.\n"
      "critpath reads the dates and floats the tool stored, writes a copy of\n"
      "FILE without them (in a temporary directory), schedules the copy with\n"
      "the scheduling options stored in it (or the options above), and\n"
      "compares, for every activity the file does not mark completed: early\n"
      "start, early finish, late start, late finish (the remaining dates of\n"
      "started work), total float and free float. Dates must agree to the\n"
      "minute, floats to 0.01 h; a value the file does not store is not\n"
      "compared. The report gives the counts per project and the first\n"
      "mismatching activities with both values (see docs/parity.md).\n"
      "\n"
      "Exit status: 0; 1 on bad input, on a file without stored results, or\n"
      "when --min-match is not reached; 2 on a usage error. FILE is never\n"
      "modified.";

/* Replaces the blanked copy's name by the user's file at the start of an
 * error message: messages name the file the user gave. */
static void
parity_rename_error(GError *error, const gchar *copy, const gchar *input)
{
  if (error == NULL || !g_str_has_prefix(error->message, copy))
    return;
  g_autofree gchar *message = g_strconcat(input, error->message + strlen(copy), NULL);
  g_free(error->message);
  error->message = g_steal_pointer(&message);
}

/* Removes the temporary directory and the copy in it. */
static void
parity_cleanup(const gchar *dir, const gchar *copy)
{
  if (copy != NULL)
    g_unlink(copy);
  if (dir != NULL)
    g_rmdir(dir);
}

int
cpm_cmd_parity(int argc, char **argv)
{
  g_autofree gchar *format_name = NULL;
  g_autofree gchar *output_path = NULL;
  g_auto(GStrv) inputs = NULL;
  gint max_mismatches = 20;
  gdouble min_match = -1;
  g_auto(CpmCliSchedOptions) sched = { 0 };
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      "Output format: text (default), csv or json", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      "Write to FILE (atomically) instead of stdout", "FILE" },
    { "mismatches", 'm', 0, G_OPTION_ARG_INT, &max_mismatches,
      "List at most N mismatching activities (default 20)", "N" },
    { "min-match", 0, 0, G_OPTION_ARG_DOUBLE, &min_match,
      "Exit 1 when fewer than PCT % of the compared activities fully match", "PCT" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "FILE" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) context = g_option_context_new(NULL);
  g_autoptr(GError) error = NULL;
  CpmParityFormat format = CPM_PARITY_TEXT;

  /* Step 1: the command line. */
  g_set_prgname("critpath parity");
  g_option_context_set_summary(context, "Compare critpath's schedule of a scheduled P6 or MS "
                                        "Project file with the tool's own results.");
  g_option_context_set_description(context, parity_description);
  g_option_context_add_main_entries(context, entries, NULL);
  cpm_cli_sched_options_add_entries(&sched, context);
  if (!g_option_context_parse(context, &argc, &argv, &error))
    return cpm_cli_usage_error("parity", "%s", error->message);
  if (inputs == NULL || inputs[0] == NULL || inputs[1] != NULL)
    return cpm_cli_usage_error("parity", "give exactly one FILE");
  static const CpmCliChoice formats[] = {
    { "text", CPM_PARITY_TEXT },
    { "csv", CPM_PARITY_CSV },
    { "json", CPM_PARITY_JSON },
    { NULL, 0 },
  };
  gint chosen = CPM_PARITY_TEXT;
  if (format_name != NULL
      && !cpm_cli_parse_choice("--format", format_name, formats, &chosen, &error))
    return cpm_cli_usage_error("parity", "%s", error->message);
  format = (CpmParityFormat)chosen;
  if (max_mismatches < 0)
    return cpm_cli_usage_error("parity", "--mismatches must be 0 or more");
  if (min_match > 100)
    return cpm_cli_usage_error("parity", "--min-match must be at most 100");
  if (!cpm_cli_sched_options_check(&sched, &error))
    return cpm_cli_usage_error("parity", "%s", error->message);
  const gchar *input = inputs[0];
  const gchar *const *input_list = (const gchar *const *)inputs;

  /* Step 2: the output first, so that a bad -o fails before the work. */
  g_autoptr(CpmOutput) output = cpm_output_open(output_path, input_list, &error);
  if (output == NULL)
    return cpm_cli_report_error(error, input_list);

  /* Step 3: the stored results, from the original. */
  g_autoptr(CpmReference) ref = cpm_reference_read(input, &error);
  if (ref == NULL)
    return cpm_cli_report_error(error, input_list);
  if (cpm_reference_n_values(ref) == 0) {
    g_printerr("%s:1: the file holds no computed dates or floats to compare with (schedule it "
               "in %s first)\n",
               input, cpm_reference_format(ref) == CPM_FORMAT_MSPDI ? "MS Project" : "P6");
    return CPM_EXIT_FAILURE;
  }

  /* Step 4: the blanked copy, imported and scheduled. */
  g_autofree gchar *dir = g_dir_make_tmp("critpath-parity-XXXXXX", &error);
  if (dir == NULL)
    return cpm_cli_report_error(error, input_list);
  g_autofree gchar *base = g_path_get_basename(input);
  g_autofree gchar *copy = g_build_filename(dir, base, NULL);
  g_autoptr(CpmSchedule) schedule = cpm_schedule_new();
  g_autoptr(CpmResult) result = NULL;
  CpmOptions options;
  if (cpm_reference_blank_copy(input, copy, &error) && cpm_import_file(schedule, copy, &error)) {
    const CpmOptions *overrides = cpm_cli_sched_options_resolve(&sched, schedule, &options);
    result = cpm_schedule_compute(schedule, overrides, FALSE, &error);
  }
  parity_cleanup(dir, copy);
  if (result == NULL) {
    parity_rename_error(error, copy, input);
    return cpm_cli_report_error(error, input_list);
  }

  /* Step 5: the comparison and the report. */
  g_autoptr(CpmParityReport) report = cpm_reference_compare(ref, schedule, result);
  if (!cpm_parity_report_write(report, format, input, (guint)max_mismatches,
                               cpm_output_stream(output), &error)
      || !cpm_output_commit(output, &error))
    return cpm_cli_report_error(error, input_list);
  const CpmParityCounts *total = cpm_parity_report_total(report);
  gdouble percent = cpm_parity_counts_percent(total);
  if (min_match >= 0 && percent < min_match) {
    g_printerr("critpath parity: %u of %u activities (%.1f%%) fully match, below --min-match "
               "%g%%\n",
               total->fully_matching, total->compared, floor(percent * 10) / 10, min_match);
    return CPM_EXIT_FAILURE;
  }
  return CPM_EXIT_OK;
}
