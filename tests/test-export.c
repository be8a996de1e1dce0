/* SPDX-License-Identifier: MIT
 *
 * test-export.c: the schedule table exporter. Float formatting (hours, up
 * to two decimals, half away from zero, no "-0"), CSV quoting of awkward
 * names, the JSON shape read back with json-glib, the aligned table with
 * Chinese names, and a write error reported as CPM_EXPORT_ERROR_IO.
 */
#include "cpm-export.h"

#include <json-glib/json-glib.h>
#include <string.h>

static void
test_float_hours(void)
{
  static const struct {
    CpmDuration minutes;
    const gchar *text;
  } cases[] = {
    { 480, "8" },
    { 8060, "134.33" },
    { -100, "-1.67" },
    { 0, "0" },
    { CPM_DURATION_NONE, "" },
    { 30, "0.5" },
    { 90, "1.5" },
    { 6, "0.1" },
    { 1, "0.02" },
    { -1, "-0.02" },
    { 61, "1.02" },
    { -480, "-8" },
    { 2400000, "40000" },
    { 20, "0.33" },
    { 40, "0.67" },
    { -30, "-0.5" },
  };
  gchar buf[32];

  for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
    g_assert_cmpstr(cpm_format_float_hours(cases[i].minutes, buf), ==, cases[i].text);
  /* Extremes neither overflow nor print garbage. */
  g_assert_cmpstr(cpm_format_float_hours(G_MAXINT64, buf), ==, "153722867280912930.12");
  g_assert_true(g_str_has_prefix(cpm_format_float_hours(G_MININT64 + 1, buf), "-"));
}

/* Three activities on a 24-hour calendar, named to exercise quoting. */
static CpmSchedule *
export_schedule_new(void)
{
  g_autoptr(CpmSchedule) schedule = cpm_schedule_new();
  g_autoptr(CpmCalendar) calendar = cpm_calendar_new_24h();
  static const gchar *const names[] = {
    "plain",
    "comma, \"quote\" and\nnewline",
    "动员部署会议和宣传培训以及摸底排查清理整顿督查验收总结报告长效机制",
  };
  CpmProject project = {
    .id = "P,1",
    .name = "Project one",
    .object_id = 1,
    .data_date = CPM_TIME_NONE,
    .planned_start = cpm_time_from_civil(2024, 9, 2, 8, 0),
    .must_finish_by = CPM_TIME_NONE,
  };
  guint32 prev = CPM_NO_INDEX;

  project.default_calendar = cpm_schedule_add_calendar(schedule, calendar);
  cpm_options_init_default(&project.options);
  guint32 p = cpm_schedule_add_project(schedule, &project);
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autoptr(GError) error = NULL;
    g_autofree gchar *id = g_strdup_printf("A%u", i + 1);
    CpmActivity activity;
    cpm_activity_init(&activity);
    activity.id = id;
    activity.name = names[i];
    activity.project = p;
    activity.calendar = project.default_calendar;
    activity.planned_duration = activity.remaining_duration = 600 * (i + 1);
    guint32 a = cpm_schedule_add_activity(schedule, &activity, &error);
    g_assert_no_error(error);
    if (prev != CPM_NO_INDEX && i == 1) {
      CpmRelation relation = { .pred = prev, .succ = a, .type = CPM_LINK_FS };
      cpm_schedule_add_relation(schedule, &relation);
    }
    prev = a;
  }
  return g_steal_pointer(&schedule);
}

/* Runs the exporter into memory. (transfer full) */
static gchar *
export_to_string(const CpmSchedule *schedule, const CpmResult *result, CpmTableFormat format)
{
  g_autoptr(GError) error = NULL;
  gchar *data = NULL;
  gsize size = 0;
  FILE *out = open_memstream(&data, &size);

  g_assert_nonnull(out);
  g_assert_true(cpm_export_schedule_table(schedule, result, format, out, &error));
  g_assert_no_error(error);
  g_assert_cmpint(fclose(out), ==, 0);
  return data;
}

static void
test_csv(void)
{
  g_autoptr(CpmSchedule) schedule = export_schedule_new();
  g_autoptr(GError) error = NULL;
  g_autoptr(CpmResult) result = cpm_schedule_compute(schedule, NULL, FALSE, &error);
  g_assert_no_error(error);
  g_autofree gchar *csv = export_to_string(schedule, result, CPM_TABLE_CSV);
  g_auto(GStrv) lines = g_strsplit(csv, "\n", -1);

  g_assert_cmpstr(lines[0], ==, CPM_SCHEDULE_CSV_HEADER);
  g_assert_true(g_str_has_prefix(lines[1], "\"P,1\",A1,plain,not_started,2024-09-02T08:00,"));
  /* The quoted name spans two physical lines. */
  g_assert_true(g_str_has_prefix(lines[2], "\"P,1\",A2,\"comma, \"\"quote\"\" and"));
  g_assert_true(g_str_has_prefix(lines[3], "newline\",not_started,"));
  g_assert_true(g_str_has_suffix(lines[1], ",Y,Y") || g_str_has_suffix(lines[1], ",N,N")
                || g_str_has_suffix(lines[1], ",Y,N") || g_str_has_suffix(lines[1], ",N,Y"));
  g_assert_cmpstr(lines[5], ==, "");
  g_assert_null(lines[6]);
}

static void
test_json(void)
{
  g_autoptr(CpmSchedule) schedule = export_schedule_new();
  g_autoptr(GError) error = NULL;
  g_autoptr(CpmResult) result = cpm_schedule_compute(schedule, NULL, FALSE, &error);
  g_assert_no_error(error);
  g_autofree gchar *json = export_to_string(schedule, result, CPM_TABLE_JSON);
  g_autoptr(JsonParser) parser = json_parser_new();

  json_parser_load_from_data(parser, json, -1, &error);
  g_assert_no_error(error);
  JsonObject *root = json_node_get_object(json_parser_get_root(parser));
  JsonArray *projects = json_object_get_array_member(root, "projects");
  JsonArray *activities = json_object_get_array_member(root, "activities");
  g_assert_cmpuint(json_array_get_length(projects), ==, 1);
  JsonObject *project = json_array_get_object_element(projects, 0);
  g_assert_cmpstr(json_object_get_string_member(project, "id"), ==, "P,1");
  g_assert_cmpstr(json_object_get_string_member(project, "data_date"), ==, "2024-09-02T08:00");
  g_assert_cmpuint(json_array_get_length(activities), ==, 3);
  JsonObject *second = json_array_get_object_element(activities, 1);
  g_assert_cmpstr(json_object_get_string_member(second, "name"), ==,
                  "comma, \"quote\" and\nnewline");
  g_assert_cmpstr(json_object_get_string_member(second, "early_start"), ==, "2024-09-02T18:00");
  g_assert_cmpint(json_node_get_value_type(json_object_get_member(second, "critical")), ==,
                  G_TYPE_BOOLEAN);
  /* A3 (30 h, open ended, no logic) has float in hours as a number. */
  JsonObject *third = json_array_get_object_element(activities, 2);
  JsonNode *tf = json_object_get_member(third, "total_float_hours");
  g_assert_true(JSON_NODE_HOLDS_VALUE(tf) || JSON_NODE_HOLDS_NULL(tf));
}

static void
test_table(void)
{
  g_autoptr(CpmSchedule) schedule = export_schedule_new();
  g_autoptr(GError) error = NULL;
  g_autoptr(CpmResult) result = cpm_schedule_compute(schedule, NULL, FALSE, &error);
  g_assert_no_error(error);
  g_autofree gchar *text = export_to_string(schedule, result, CPM_TABLE_TABLE);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

  g_assert_cmpuint(g_strv_length(lines), ==, 5);
  g_assert_true(g_str_has_prefix(lines[0], "project  activity  name"));
  /* The newline in a name became a space; the long Chinese name is cut to
   * 40 cells with an ellipsis; the columns after it line up. */
  g_assert_nonnull(strstr(lines[2], "comma, \"quote\" and newline"));
  g_assert_nonnull(strstr(lines[3], "\u2026"));
  const gchar *status1 = strstr(lines[1], "not_started");
  const gchar *status3 = strstr(lines[3], "not_started");
  g_assert_nonnull(status1);
  g_assert_nonnull(status3);
  glong col1 = g_utf8_strlen(lines[1], status1 - lines[1]);
  glong col3 = 0;
  for (const gchar *p = lines[3]; p < status3; p = g_utf8_next_char(p))
    col3 += g_unichar_iswide(g_utf8_get_char(p)) ? 2 : 1;
  g_assert_cmpint(col1, ==, col3);
}

static void
test_write_error(void)
{
  g_autoptr(CpmSchedule) schedule = export_schedule_new();
  g_autoptr(GError) error = NULL;
  g_autoptr(CpmResult) result = cpm_schedule_compute(schedule, NULL, FALSE, &error);
  g_assert_no_error(error);
  FILE *out = fopen("/dev/full", "w");

  if (out == NULL) {
    g_test_skip("no /dev/full");
    return;
  }
  setvbuf(out, NULL, _IONBF, 0);
  g_assert_false(cpm_export_schedule_table(schedule, result, CPM_TABLE_CSV, out, &error));
  g_assert_error(error, CPM_EXPORT_ERROR, CPM_EXPORT_ERROR_IO);
  fclose(out);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);

  g_test_add_func("/export/float-hours", test_float_hours);
  g_test_add_func("/export/csv", test_csv);
  g_test_add_func("/export/json", test_json);
  g_test_add_func("/export/table", test_table);
  g_test_add_func("/export/write-error", test_write_error);
  return g_test_run();
}
