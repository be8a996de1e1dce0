/* SPDX-License-Identifier: MIT
 *
 * cpm-schedule.h: the data model. A CpmSchedule holds one integrated
 * schedule: several projects (work programmes), their WBS, activities,
 * relationships (also across projects), calendars, activity codes,
 * resources and assignments, mutual-exclusion pairs, and the notes the
 * importers made on input they read but did not use.
 *
 * Activities, relationships, WBS nodes, projects, calendars, resources and
 * code values are dense indices into arrays owned by the schedule; strings
 * live in a string chunk owned by the schedule. Importers fill the model with
 * the cpm_schedule_add_*() functions, which copy the template structs they
 * are given (interning their strings); readers get borrowed const pointers,
 * valid until the next add of the same kind and tied to the schedule.
 *
 * The model holds input only. The scheduler (cpm-scheduler.h) reads it and
 * returns the computed dates in a separate CpmResult, so that one model can
 * be scheduled with several option sets, and baselines and updates are
 * simply other schedules.
 */
#pragma once

#include "cpm-calendar.h"
#include "cpm-types.h"

G_BEGIN_DECLS

#define CPM_NO_INDEX G_MAXUINT32 /* "no WBS node", "no parent", ... */

/* The scheduling options of one project (P6's F9 dialog). */
typedef struct {
  CpmProgressPolicy progress;       /* out-of-sequence progress rule */
  CpmLagCalendar lag_calendar;      /* calendar lags are counted on */
  CpmFloatType float_type;          /* total float as finish, start, smallest */
  CpmCriticalMode critical_mode;    /* float threshold or longest path */
  CpmDuration critical_float;       /* working minutes: TF <= this is critical */
  gboolean open_ends_critical;      /* "make open-ended activities critical" */
  gboolean use_expected_finish;     /* honour Expected Finish dates */
  gboolean float_per_project;       /* float against each project's own finish */
  gboolean ss_lag_from_early_start; /* SS lag of started work from ES, not AS */
  gboolean ignore_external_links;   /* ignore links to/from other projects */
  CpmRuleSet rules;                 /* P6's rules, or MS Project's where they differ */
} CpmOptions;

/* P6's defaults: Retained Logic, predecessor lag calendar, finish float,
 * critical at TF <= 0, float against each project's own finish. */
void cpm_options_init_default(CpmOptions *options_out);

typedef struct {
  const gchar *id;          /* short code (P6 project Id, XER proj_short_name) */
  const gchar *name;        /* long name, or NULL */
  const gchar *source_file; /* file it was read from, or NULL */
  gint64 object_id;         /* the source's ObjectId / proj_id, or -1 */
  CpmTime data_date;        /* data date, or CPM_TIME_NONE (then planned start) */
  CpmTime planned_start;    /* project planned start, or CPM_TIME_NONE */
  CpmTime must_finish_by;   /* must-finish-by, or CPM_TIME_NONE */
  guint32 default_calendar; /* calendar index, or CPM_NO_INDEX */
  CpmOptions options;       /* scheduling options stored with the project */
} CpmProject;

typedef struct {
  const gchar *code; /* WBS code of this node alone (e.g. "P1.2") */
  const gchar *name; /* name, or NULL */
  guint32 project;   /* project index */
  guint32 parent;    /* parent WBS index, or CPM_NO_INDEX for a top node */
  gint64 object_id;  /* the source's ObjectId, or -1 */
} CpmWbs;

typedef struct {
  const gchar *id;   /* activity Id (P6 Id / XER task_code / MSPDI UID) */
  const gchar *name; /* name, or NULL */
  gint64 object_id;  /* the source's ObjectId / task_id, or -1 */
  guint32 project;   /* project index */
  guint32 wbs;       /* WBS index, or CPM_NO_INDEX */
  guint32 calendar;  /* calendar index (required) */
  guint32 line;      /* source line of the activity, 0 if unknown */
  CpmActivityType type;
  CpmDuration planned_duration;   /* working minutes on the activity calendar */
  CpmDuration remaining_duration; /* working minutes; for not started work
                                     usually == planned; ignored once complete;
                                     CPM_DURATION_NONE: planned x (1 - percent) */
  gdouble percent_complete;       /* 0..100: derives the remaining duration
                                     when that is CPM_DURATION_NONE */
  CpmTime actual_start;           /* or CPM_TIME_NONE */
  CpmTime actual_finish;          /* or CPM_TIME_NONE (set => completed) */
  CpmTime suspend_date;           /* or CPM_TIME_NONE */
  CpmTime resume_date;            /* or CPM_TIME_NONE */
  CpmConstraintType constraint;   /* primary constraint */
  CpmTime constraint_date;        /* its date (none for ALAP) */
  CpmConstraintType constraint2;  /* secondary constraint */
  CpmTime constraint2_date;
  CpmTime expected_finish; /* or CPM_TIME_NONE */
  CpmTime planned_start;   /* informative (baseline-like), or NONE */
  CpmTime planned_finish;  /* informative, or NONE */
} CpmActivity;

/* Fills an activity template with neutral values: no dates, no WBS, task
 * dependent, no constraint, object_id -1. */
void cpm_activity_init(CpmActivity *activity_out);
CpmStatus cpm_activity_status(const CpmActivity *activity);

typedef struct {
  guint32 pred; /* predecessor activity index */
  guint32 succ; /* successor activity index */
  CpmLinkType type;
  CpmDuration lag; /* working minutes on the lag calendar; < 0 is a lead */
  guint32 line;    /* source line, 0 if unknown */
} CpmRelation;

typedef struct {
  const gchar *id;   /* resource Id */
  const gchar *name; /* or NULL */
  gint64 object_id;  /* or -1 */
  guint32 calendar;  /* calendar index, or CPM_NO_INDEX (then the activity's) */
} CpmResource;

typedef struct {
  guint32 activity;           /* activity index */
  guint32 resource;           /* resource index */
  gdouble units_per_minute;   /* 1.0 = one full-time resource; > 0 drives dates */
  CpmDuration remaining_work; /* working minutes of remaining work (units x time) */
} CpmAssignment;

typedef struct {
  const gchar *name; /* code type name ("Domain", "Responsible party") */
  guint32 project;   /* project index, or CPM_NO_INDEX for a global type */
  gint64 object_id;  /* or -1 */
} CpmCodeType;

typedef struct {
  guint32 type;             /* code type index */
  const gchar *value;       /* short value */
  const gchar *description; /* or NULL */
  gint64 object_id;         /* or -1 */
} CpmCodeValue;

typedef struct {
  guint32 activity; /* activity index */
  guint32 value;    /* code value index */
} CpmCodeAssignment;

/* Two activities that must not overlap in time. */
typedef struct {
  guint32 a;
  guint32 b;
} CpmExclusion;

typedef struct _CpmSchedule CpmSchedule;

CpmSchedule *cpm_schedule_new(void); /* (transfer full) */
CpmSchedule *cpm_schedule_ref(CpmSchedule *self);
void cpm_schedule_unref(CpmSchedule *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CpmSchedule, cpm_schedule_unref)

/* Copies str into the schedule's string chunk (NULL stays NULL). */
const gchar *cpm_schedule_intern(CpmSchedule *self, const gchar *str);

/* Adders: return the new index. The template's strings are interned. */
guint32 cpm_schedule_add_calendar(CpmSchedule *self, CpmCalendar *calendar /* (transfer none) */);
guint32 cpm_schedule_add_project(CpmSchedule *self, const CpmProject *project);
guint32 cpm_schedule_add_wbs(CpmSchedule *self, const CpmWbs *wbs);
/* Fails with CPM_ERROR_DUPLICATE_ID when the project already has an activity
 * with this Id; returns CPM_NO_INDEX then. */
guint32 cpm_schedule_add_activity(CpmSchedule *self, const CpmActivity *activity, GError **error);
guint32 cpm_schedule_add_relation(CpmSchedule *self, const CpmRelation *relation);
guint32 cpm_schedule_add_resource(CpmSchedule *self, const CpmResource *resource);
guint32 cpm_schedule_add_assignment(CpmSchedule *self, const CpmAssignment *assignment);
guint32 cpm_schedule_add_code_type(CpmSchedule *self, const CpmCodeType *type);
guint32 cpm_schedule_add_code_value(CpmSchedule *self, const CpmCodeValue *value);
void cpm_schedule_add_code_assignment(CpmSchedule *self, guint32 activity, guint32 value);
void cpm_schedule_add_exclusion(CpmSchedule *self, guint32 a, guint32 b);
/* A note on valid input that critpath read but does not use (an external
 * relationship, an unknown table): the CLI prints them as `note:` lines. */
void cpm_schedule_add_note(CpmSchedule *self, const gchar *format, ...) G_GNUC_PRINTF(2, 3);

/* Sizes the arrays for n activities and m relations ahead of a large read. */
void cpm_schedule_reserve(CpmSchedule *self, guint n_activities, guint n_relations);

/* Readers. Pointers are borrowed from the schedule. */
guint cpm_schedule_n_calendars(const CpmSchedule *self);
CpmCalendar *cpm_schedule_calendar(const CpmSchedule *self, guint32 index); /* (transfer none) */
guint cpm_schedule_n_projects(const CpmSchedule *self);
const CpmProject *cpm_schedule_project(const CpmSchedule *self, guint32 index);
CpmProject *cpm_schedule_project_mut(CpmSchedule *self, guint32 index);
guint cpm_schedule_n_wbs(const CpmSchedule *self);
const CpmWbs *cpm_schedule_wbs(const CpmSchedule *self, guint32 index);
CpmWbs *cpm_schedule_wbs_mut(CpmSchedule *self, guint32 index);
guint cpm_schedule_n_activities(const CpmSchedule *self);
const CpmActivity *cpm_schedule_activity(const CpmSchedule *self, guint32 index);
CpmActivity *cpm_schedule_activity_mut(CpmSchedule *self, guint32 index);
guint cpm_schedule_n_relations(const CpmSchedule *self);
const CpmRelation *cpm_schedule_relation(const CpmSchedule *self, guint32 index);
guint cpm_schedule_n_resources(const CpmSchedule *self);
const CpmResource *cpm_schedule_resource(const CpmSchedule *self, guint32 index);
CpmResource *cpm_schedule_resource_mut(CpmSchedule *self, guint32 index);
guint cpm_schedule_n_assignments(const CpmSchedule *self);
const CpmAssignment *cpm_schedule_assignment(const CpmSchedule *self, guint32 index);
guint cpm_schedule_n_code_types(const CpmSchedule *self);
const CpmCodeType *cpm_schedule_code_type(const CpmSchedule *self, guint32 index);
guint cpm_schedule_n_code_values(const CpmSchedule *self);
const CpmCodeValue *cpm_schedule_code_value(const CpmSchedule *self, guint32 index);
guint cpm_schedule_n_code_assignments(const CpmSchedule *self);
const CpmCodeAssignment *cpm_schedule_code_assignment(const CpmSchedule *self, guint32 index);
guint cpm_schedule_n_exclusions(const CpmSchedule *self);
const CpmExclusion *cpm_schedule_exclusion(const CpmSchedule *self, guint32 index);
/* Notes, in the order they were added. (transfer none) */
const GPtrArray *cpm_schedule_notes(const CpmSchedule *self);

/* Looks an activity up by project index and Id; CPM_NO_INDEX if absent. */
guint32 cpm_schedule_find_activity(const CpmSchedule *self, guint32 project, const gchar *id);
/* Looks a project up by Id; CPM_NO_INDEX if absent. */
guint32 cpm_schedule_find_project(const CpmSchedule *self, const gchar *id);

G_END_DECLS
