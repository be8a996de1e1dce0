/* SPDX-License-Identifier: MIT
 *
 * cpm-cmd-parity.c: `critpath parity FILE`, the migration check "does
 * critpath agree with my P6?". It blanks a copy of a scheduled export (every
 * date and float P6 computed removed), schedules the copy with the options
 * stored in it, and compares critpath's dates and floats with P6's, activity
 * by activity (cpm-parity.h).
 */
#include "cpm-cli.h"
#include "cpm-import.h"
#include "cpm-parity.h"

#include <glib/gstdio.h>
#include <string.h>

static const gchar parity_description[]
    = "FILE is a scheduled P6 export (XER). critpath reads the dates and floats\n"
      "P6 stored, writes a copy of FILE without them, schedules the copy with\n"
      "the scheduling options stored in it, and compares, for every activity\n"
      "that is not complete: early start, early finish, late start, late finish\n"
      "(the remaining dates of started work), total float and free float. Dates\n"
      "must agree to the minute, floats to 0.01 h. The report gives the counts\n"
      "and the first mismatching activities with both values.\n"
      "\n"
      "Exit status: 0, or 1 on bad input or when --min-match is not reached;\n"
      "2 on a usage error. FILE is never modified.";

int
cpm_cmd_parity(int argc, char **argv)
{
  gint mismatches = 20;
  gdouble min_match = -1;
  const GOptionEntry entries[] = {
    { "mismatches", 'm', 0, G_OPTION_ARG_INT, &mismatches,
      "Show at most N mismatching activities (default 20)", "N" },
    { "min-match", 0, 0, G_OPTION_ARG_DOUBLE, &min_match,
      "Exit 1 when fewer than PCT % of the activities match on all six values", "PCT" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("FILE");
  g_option_context_set_summary(ctx, "Compare critpath's schedule of a P6 export with P6's own "
                                    "results.");
  g_option_context_set_description(ctx, parity_description);
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error))
    return cpm_cli_usage_error("parity", "%s", error->message);
  if (argc != 2)
    return cpm_cli_usage_error("parity", "give exactly one FILE");
  if (mismatches < 0 || min_match > 100)
    return cpm_cli_usage_error("parity", "--mismatches must be >= 0 and --min-match <= 100");
  const gchar *input = argv[1];
  const gchar *inputs[] = { input, NULL };

  g_autofree gchar *dir = g_dir_make_tmp("critpath-parity-XXXXXX", &error);
  if (dir == NULL)
    return cpm_cli_report_error(error, NULL);
  g_autofree gchar *base = g_path_get_basename(input);
  g_autofree gchar *blank = g_build_filename(dir, base, NULL);

  int status = CPM_EXIT_OK;
  g_autoptr(CpmParity) parity = cpm_parity_prepare(input, blank, &error);
  g_autoptr(CpmSchedule) schedule = cpm_schedule_new();
  g_autoptr(CpmResult) result = NULL;
  if (parity == NULL || !cpm_import_file(schedule, blank, &error)
      || (result = cpm_schedule_compute(schedule, NULL, FALSE, &error)) == NULL) {
    /* Messages about the copy name the user's file. */
    if (error != NULL && g_str_has_prefix(error->message, blank)) {
      g_autofree gchar *msg = g_strconcat(input, error->message + strlen(blank), NULL);
      g_free(error->message);
      error->message = g_steal_pointer(&msg);
    }
    status = cpm_cli_report_error(error, inputs);
  } else {
    cpm_parity_compare(parity, schedule, result);
    cpm_parity_write_text(parity, input, (guint)mismatches, stdout);
    if (min_match >= 0 && cpm_parity_percent(parity) < min_match) {
      g_printerr("critpath: %.1f%% of the activities match, below --min-match %.1f%%\n",
                 cpm_parity_percent(parity), min_match);
      status = CPM_EXIT_FAILURE;
    }
  }
  g_unlink(blank);
  g_rmdir(dir);
  return status;
}
