/* SPDX-License-Identifier: MIT
 *
 * cpm-cli-options.c: the scheduling options every command that schedules
 * accepts (--progress, --lag-calendar, --float, --critical-float,
 * --longest-path, ...): their GOptionEntry table, their validation (usage
 * errors) and the options they give once the schedule is read: the first
 * project's stored options with the overrides applied, for every project.
 */
#include "cpm-cli.h"

#include <math.h>
#include <string.h>

static const CpmCliChoice options_progress[] = {
  { "retained", CPM_PROGRESS_RETAINED_LOGIC },
  { "override", CPM_PROGRESS_OVERRIDE },
  { "actual", CPM_PROGRESS_ACTUAL_DATES },
  { NULL, 0 },
};

static const CpmCliChoice options_lag_calendars[] = {
  { "predecessor", CPM_LAG_CAL_PREDECESSOR },
  { "successor", CPM_LAG_CAL_SUCCESSOR },
  { "24h", CPM_LAG_CAL_24H },
  { "project", CPM_LAG_CAL_PROJECT },
  { NULL, 0 },
};

static const CpmCliChoice options_float_types[] = {
  { "finish", CPM_FLOAT_FINISH },
  { "start", CPM_FLOAT_START },
  { "smallest", CPM_FLOAT_SMALLEST },
  { NULL, 0 },
};

gboolean
cpm_cli_parse_choice(const gchar *option, const gchar *value, const CpmCliChoice *choices,
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
options_parse_hours(const gchar *option, const gchar *text, CpmDuration *minutes_out,
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

void
cpm_cli_sched_options_add_entries(CpmCliSchedOptions *self, GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "progress", 0, 0, G_OPTION_ARG_STRING, &self->progress,
      "Progressed activities: retained (Retained Logic), override or actual (dates)", "RULE" },
    { "lag-calendar", 0, 0, G_OPTION_ARG_STRING, &self->lag_calendar,
      "Calendar for lags: predecessor, successor, 24h or project", "CAL" },
    { "float", 0, 0, G_OPTION_ARG_STRING, &self->float_type,
      "Total float as: finish (LF-EF), start (LS-ES) or smallest", "TYPE" },
    { "critical-float", 0, 0, G_OPTION_ARG_STRING, &self->critical_float,
      "Critical when total float <= HOURS (default 0)", "HOURS" },
    { "longest-path", 0, 0, G_OPTION_ARG_NONE, &self->longest_path,
      "Critical activities are those on the longest path", NULL },
    { "open-ends-critical", 0, 0, G_OPTION_ARG_NONE, &self->open_ends_critical,
      "Make open-ended activities critical", NULL },
    { "expected-finish", 0, 0, G_OPTION_ARG_NONE, &self->expected_finish,
      "Honour Expected Finish dates", NULL },
    { "no-expected-finish", 0, 0, G_OPTION_ARG_NONE, &self->no_expected_finish,
      "Ignore Expected Finish dates", NULL },
    { "float-per-project", 0, 0, G_OPTION_ARG_NONE, &self->float_per_project,
      "Compute float against each project's own finish", NULL },
    { "float-integrated", 0, 0, G_OPTION_ARG_NONE, &self->float_integrated,
      "Compute float against the finish of the integrated schedule", NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_option_context_add_main_entries(context, entries, NULL);
}

gboolean
cpm_cli_sched_options_check(CpmCliSchedOptions *self, GError **error)
{
  gint value = 0;

  if (self->expected_finish && self->no_expected_finish) {
    g_set_error_literal(error, CPM_CLI_ERROR, CPM_CLI_ERROR_USAGE,
                        "--expected-finish and --no-expected-finish exclude each other");
    return FALSE;
  }
  if (self->float_per_project && self->float_integrated) {
    g_set_error_literal(error, CPM_CLI_ERROR, CPM_CLI_ERROR_USAGE,
                        "--float-per-project and --float-integrated exclude each other");
    return FALSE;
  }
  cpm_options_init_default(&self->changes);
  if (self->progress != NULL) {
    if (!cpm_cli_parse_choice("--progress", self->progress, options_progress, &value, error))
      return FALSE;
    self->changes.progress = (CpmProgressPolicy)value;
  }
  if (self->lag_calendar != NULL) {
    if (!cpm_cli_parse_choice("--lag-calendar", self->lag_calendar, options_lag_calendars, &value,
                              error))
      return FALSE;
    self->changes.lag_calendar = (CpmLagCalendar)value;
  }
  if (self->float_type != NULL) {
    if (!cpm_cli_parse_choice("--float", self->float_type, options_float_types, &value, error))
      return FALSE;
    self->changes.float_type = (CpmFloatType)value;
  }
  if (self->critical_float != NULL
      && !options_parse_hours("--critical-float", self->critical_float,
                              &self->changes.critical_float, error))
    return FALSE;
  self->override = self->progress != NULL || self->lag_calendar != NULL || self->float_type != NULL
                   || self->critical_float != NULL || self->longest_path || self->open_ends_critical
                   || self->expected_finish || self->no_expected_finish || self->float_per_project
                   || self->float_integrated;
  return TRUE;
}

const CpmOptions *
cpm_cli_sched_options_resolve(const CpmCliSchedOptions *self, const CpmSchedule *schedule,
                              CpmOptions *options_out)
{
  if (!self->override)
    return NULL;
  if (cpm_schedule_n_projects(schedule) > 0)
    *options_out = cpm_schedule_project(schedule, 0)->options;
  else
    cpm_options_init_default(options_out);
  if (self->progress != NULL)
    options_out->progress = self->changes.progress;
  if (self->lag_calendar != NULL)
    options_out->lag_calendar = self->changes.lag_calendar;
  if (self->float_type != NULL)
    options_out->float_type = self->changes.float_type;
  if (self->critical_float != NULL) {
    options_out->critical_float = self->changes.critical_float;
    options_out->critical_mode = CPM_CRITICAL_FLOAT;
  }
  if (self->longest_path)
    options_out->critical_mode = CPM_CRITICAL_LONGEST_PATH;
  if (self->open_ends_critical)
    options_out->open_ends_critical = TRUE;
  if (self->expected_finish || self->no_expected_finish)
    options_out->use_expected_finish = self->expected_finish;
  if (self->float_per_project || self->float_integrated)
    options_out->float_per_project = self->float_per_project;
  return options_out;
}

void
cpm_cli_sched_options_clear(CpmCliSchedOptions *self)
{
  g_clear_pointer(&self->progress, g_free);
  g_clear_pointer(&self->lag_calendar, g_free);
  g_clear_pointer(&self->float_type, g_free);
  g_clear_pointer(&self->critical_float, g_free);
}
