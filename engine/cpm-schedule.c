/* SPDX-License-Identifier: MIT
 *
 * cpm-schedule.c: storage of the data model: growable arrays of plain
 * structs, one string chunk, and one hash table per project from activity Id
 * to index. Adding is amortised O(1).
 */
#include "cpm-error.h"
#include "cpm-schedule-private.h"

#include <stdarg.h>
#include <string.h>

void
cpm_options_init_default(CpmOptions *options_out)
{
  memset(options_out, 0, sizeof *options_out);
  options_out->progress = CPM_PROGRESS_RETAINED_LOGIC;
  options_out->lag_calendar = CPM_LAG_CAL_PREDECESSOR;
  options_out->float_type = CPM_FLOAT_FINISH;
  options_out->critical_mode = CPM_CRITICAL_FLOAT;
  options_out->critical_float = 0;
  /* P6's default, and what every real export shows: float against each
   * project's own finish. */
  options_out->float_per_project = TRUE;
}

void
cpm_activity_init(CpmActivity *activity_out)
{
  memset(activity_out, 0, sizeof *activity_out);
  activity_out->object_id = -1;
  activity_out->wbs = CPM_NO_INDEX;
  activity_out->calendar = CPM_NO_INDEX;
  activity_out->type = CPM_ACT_TASK;
  activity_out->remaining_duration = CPM_DURATION_NONE;
  activity_out->actual_start = CPM_TIME_NONE;
  activity_out->actual_finish = CPM_TIME_NONE;
  activity_out->suspend_date = CPM_TIME_NONE;
  activity_out->resume_date = CPM_TIME_NONE;
  activity_out->constraint = CPM_CSTR_NONE;
  activity_out->constraint_date = CPM_TIME_NONE;
  activity_out->constraint2 = CPM_CSTR_NONE;
  activity_out->constraint2_date = CPM_TIME_NONE;
  activity_out->expected_finish = CPM_TIME_NONE;
  activity_out->planned_start = CPM_TIME_NONE;
  activity_out->planned_finish = CPM_TIME_NONE;
}

CpmStatus
cpm_activity_status(const CpmActivity *activity)
{
  if (activity->actual_finish != CPM_TIME_NONE)
    return CPM_STATUS_COMPLETED;
  if (activity->actual_start != CPM_TIME_NONE)
    return CPM_STATUS_IN_PROGRESS;
  return CPM_STATUS_NOT_STARTED;
}

CpmSchedule *
cpm_schedule_new(void)
{
  CpmSchedule *self = g_new0(CpmSchedule, 1);
  g_ref_count_init(&self->ref);
  self->strings = g_string_chunk_new(64 * 1024);
  self->calendars = g_ptr_array_new_with_free_func((GDestroyNotify)cpm_calendar_unref);
  self->projects = g_array_new(FALSE, FALSE, sizeof(CpmProject));
  self->wbs = g_array_new(FALSE, FALSE, sizeof(CpmWbs));
  self->activities = g_array_new(FALSE, FALSE, sizeof(CpmActivity));
  self->relations = g_array_new(FALSE, FALSE, sizeof(CpmRelation));
  self->resources = g_array_new(FALSE, FALSE, sizeof(CpmResource));
  self->assignments = g_array_new(FALSE, FALSE, sizeof(CpmAssignment));
  self->code_types = g_array_new(FALSE, FALSE, sizeof(CpmCodeType));
  self->code_values = g_array_new(FALSE, FALSE, sizeof(CpmCodeValue));
  self->code_assignments = g_array_new(FALSE, FALSE, sizeof(CpmCodeAssignment));
  self->exclusions = g_array_new(FALSE, FALSE, sizeof(CpmExclusion));
  self->notes = g_ptr_array_new_with_free_func(g_free);
  self->activity_ids = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
  return self;
}

CpmSchedule *
cpm_schedule_ref(CpmSchedule *self)
{
  g_return_val_if_fail(self != NULL, NULL);
  g_ref_count_inc(&self->ref);
  return self;
}

void
cpm_schedule_unref(CpmSchedule *self)
{
  if (self == NULL || !g_ref_count_dec(&self->ref))
    return;
  g_string_chunk_free(self->strings);
  g_ptr_array_unref(self->calendars);
  g_array_unref(self->projects);
  g_array_unref(self->wbs);
  g_array_unref(self->activities);
  g_array_unref(self->relations);
  g_array_unref(self->resources);
  g_array_unref(self->assignments);
  g_array_unref(self->code_types);
  g_array_unref(self->code_values);
  g_array_unref(self->code_assignments);
  g_array_unref(self->exclusions);
  g_ptr_array_unref(self->notes);
  g_ptr_array_unref(self->activity_ids);
  g_free(self);
}

const gchar *
cpm_schedule_intern(CpmSchedule *self, const gchar *str)
{
  if (str == NULL)
    return NULL;
  return g_string_chunk_insert_const(self->strings, str);
}

/* Unlike _intern, does not deduplicate: names are rarely shared, and the
 * dedup table would cost a hash entry per string. */
static const gchar *
schedule_store(CpmSchedule *self, const gchar *str)
{
  return str == NULL ? NULL : g_string_chunk_insert(self->strings, str);
}

guint32
cpm_schedule_add_calendar(CpmSchedule *self, CpmCalendar *calendar)
{
  g_return_val_if_fail(calendar != NULL, CPM_NO_INDEX);
  g_ptr_array_add(self->calendars, cpm_calendar_ref(calendar));
  return self->calendars->len - 1;
}

guint32
cpm_schedule_add_project(CpmSchedule *self, const CpmProject *project)
{
  CpmProject p = *project;
  p.id = cpm_schedule_intern(self, p.id != NULL ? p.id : "");
  p.name = schedule_store(self, p.name);
  p.source_file = cpm_schedule_intern(self, p.source_file);
  g_array_append_val(self->projects, p);
  g_ptr_array_add(self->activity_ids, g_hash_table_new(g_str_hash, g_str_equal));
  return self->projects->len - 1;
}

guint32
cpm_schedule_add_wbs(CpmSchedule *self, const CpmWbs *wbs)
{
  CpmWbs w = *wbs;
  w.code = schedule_store(self, w.code);
  w.name = schedule_store(self, w.name);
  g_array_append_val(self->wbs, w);
  return self->wbs->len - 1;
}

guint32
cpm_schedule_add_activity(CpmSchedule *self, const CpmActivity *activity, GError **error)
{
  g_return_val_if_fail(activity->project < self->projects->len, CPM_NO_INDEX);
  g_return_val_if_fail(activity->id != NULL, CPM_NO_INDEX);

  GHashTable *ids = g_ptr_array_index(self->activity_ids, activity->project);
  if (g_hash_table_lookup(ids, activity->id) != NULL) {
    g_set_error(error, CPM_ERROR, CPM_ERROR_DUPLICATE_ID,
                "duplicate activity Id '%s' in project '%s'", activity->id,
                g_array_index(self->projects, CpmProject, activity->project).id);
    return CPM_NO_INDEX;
  }
  CpmActivity a = *activity;
  a.id = schedule_store(self, a.id);
  a.name = schedule_store(self, a.name);
  g_array_append_val(self->activities, a);
  guint32 index = self->activities->len - 1;
  g_hash_table_insert(ids, (gpointer)a.id, GUINT_TO_POINTER(index + 1));
  return index;
}

guint32
cpm_schedule_add_relation(CpmSchedule *self, const CpmRelation *relation)
{
  g_return_val_if_fail(relation->pred < self->activities->len, CPM_NO_INDEX);
  g_return_val_if_fail(relation->succ < self->activities->len, CPM_NO_INDEX);
  g_array_append_val(self->relations, *relation);
  return self->relations->len - 1;
}

guint32
cpm_schedule_add_resource(CpmSchedule *self, const CpmResource *resource)
{
  CpmResource r = *resource;
  r.id = schedule_store(self, r.id);
  r.name = schedule_store(self, r.name);
  g_array_append_val(self->resources, r);
  return self->resources->len - 1;
}

guint32
cpm_schedule_add_assignment(CpmSchedule *self, const CpmAssignment *assignment)
{
  g_return_val_if_fail(assignment->activity < self->activities->len, CPM_NO_INDEX);
  g_return_val_if_fail(assignment->resource < self->resources->len, CPM_NO_INDEX);
  g_array_append_val(self->assignments, *assignment);
  return self->assignments->len - 1;
}

guint32
cpm_schedule_add_code_type(CpmSchedule *self, const CpmCodeType *type)
{
  CpmCodeType t = *type;
  t.name = cpm_schedule_intern(self, t.name);
  g_array_append_val(self->code_types, t);
  return self->code_types->len - 1;
}

guint32
cpm_schedule_add_code_value(CpmSchedule *self, const CpmCodeValue *value)
{
  g_return_val_if_fail(value->type < self->code_types->len, CPM_NO_INDEX);
  CpmCodeValue v = *value;
  v.value = cpm_schedule_intern(self, v.value);
  v.description = cpm_schedule_intern(self, v.description);
  g_array_append_val(self->code_values, v);
  return self->code_values->len - 1;
}

void
cpm_schedule_add_code_assignment(CpmSchedule *self, guint32 activity, guint32 value)
{
  g_return_if_fail(activity < self->activities->len);
  g_return_if_fail(value < self->code_values->len);
  CpmCodeAssignment ca = { activity, value };
  g_array_append_val(self->code_assignments, ca);
}

void
cpm_schedule_add_exclusion(CpmSchedule *self, guint32 a, guint32 b)
{
  g_return_if_fail(a < self->activities->len && b < self->activities->len && a != b);
  CpmExclusion e = { a, b };
  g_array_append_val(self->exclusions, e);
}

void
cpm_schedule_add_note(CpmSchedule *self, const gchar *format, ...)
{
  va_list args;
  va_start(args, format);
  g_ptr_array_add(self->notes, g_strdup_vprintf(format, args));
  va_end(args);
}

/* GArray has no reserve: growing then shrinking keeps the allocation. */
static void
schedule_reserve_array(GArray *array, guint n)
{
  guint len = array->len;
  if (n > len) {
    g_array_set_size(array, n);
    g_array_set_size(array, len);
  }
}

void
cpm_schedule_reserve(CpmSchedule *self, guint n_activities, guint n_relations)
{
  schedule_reserve_array(self->activities, n_activities);
  schedule_reserve_array(self->relations, n_relations);
}

guint
cpm_schedule_n_calendars(const CpmSchedule *self)
{
  return self->calendars->len;
}

CpmCalendar *
cpm_schedule_calendar(const CpmSchedule *self, guint32 index)
{
  g_return_val_if_fail(index < self->calendars->len, NULL);
  return g_ptr_array_index(self->calendars, index);
}

const GPtrArray *
cpm_schedule_notes(const CpmSchedule *self)
{
  return self->notes;
}

/* Count and borrowed-pointer getters of each array. */
#define SCHEDULE_GETTERS(n_name, get_name, Type, array)                                            \
  guint n_name(const CpmSchedule *self)                                                            \
  {                                                                                                \
    return self->array->len;                                                                       \
  }                                                                                                \
  const Type *get_name(const CpmSchedule *self, guint32 index)                                     \
  {                                                                                                \
    g_return_val_if_fail(index < self->array->len, NULL);                                          \
    return &g_array_index(self->array, Type, index);                                               \
  }

SCHEDULE_GETTERS(cpm_schedule_n_projects, cpm_schedule_project, CpmProject, projects)
SCHEDULE_GETTERS(cpm_schedule_n_wbs, cpm_schedule_wbs, CpmWbs, wbs)
SCHEDULE_GETTERS(cpm_schedule_n_activities, cpm_schedule_activity, CpmActivity, activities)
SCHEDULE_GETTERS(cpm_schedule_n_relations, cpm_schedule_relation, CpmRelation, relations)
SCHEDULE_GETTERS(cpm_schedule_n_resources, cpm_schedule_resource, CpmResource, resources)
SCHEDULE_GETTERS(cpm_schedule_n_assignments, cpm_schedule_assignment, CpmAssignment, assignments)
SCHEDULE_GETTERS(cpm_schedule_n_code_types, cpm_schedule_code_type, CpmCodeType, code_types)
SCHEDULE_GETTERS(cpm_schedule_n_code_values, cpm_schedule_code_value, CpmCodeValue, code_values)
SCHEDULE_GETTERS(cpm_schedule_n_code_assignments, cpm_schedule_code_assignment, CpmCodeAssignment,
                 code_assignments)
SCHEDULE_GETTERS(cpm_schedule_n_exclusions, cpm_schedule_exclusion, CpmExclusion, exclusions)

CpmProject *
cpm_schedule_project_mut(CpmSchedule *self, guint32 index)
{
  g_return_val_if_fail(index < self->projects->len, NULL);
  return &g_array_index(self->projects, CpmProject, index);
}

CpmWbs *
cpm_schedule_wbs_mut(CpmSchedule *self, guint32 index)
{
  g_return_val_if_fail(index < self->wbs->len, NULL);
  return &g_array_index(self->wbs, CpmWbs, index);
}

CpmResource *
cpm_schedule_resource_mut(CpmSchedule *self, guint32 index)
{
  g_return_val_if_fail(index < self->resources->len, NULL);
  return &g_array_index(self->resources, CpmResource, index);
}

CpmActivity *
cpm_schedule_activity_mut(CpmSchedule *self, guint32 index)
{
  g_return_val_if_fail(index < self->activities->len, NULL);
  return &g_array_index(self->activities, CpmActivity, index);
}

guint32
cpm_schedule_find_activity(const CpmSchedule *self, guint32 project, const gchar *id)
{
  g_return_val_if_fail(project < self->projects->len, CPM_NO_INDEX);
  GHashTable *ids = g_ptr_array_index(self->activity_ids, project);
  guint v = GPOINTER_TO_UINT(g_hash_table_lookup(ids, id));
  return v == 0 ? CPM_NO_INDEX : v - 1;
}

guint32
cpm_schedule_find_project(const CpmSchedule *self, const gchar *id)
{
  for (guint i = 0; i < self->projects->len; i++)
    if (g_strcmp0(g_array_index(self->projects, CpmProject, i).id, id) == 0)
      return i;
  return CPM_NO_INDEX;
}
