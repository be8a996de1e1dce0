/* SPDX-License-Identifier: MIT
 *
 * cpm-import-p6xml.c: the Primavera P6 XML (PMXML) reader. It streams the
 * file once through libxml2's SAX2 push parser (about twice as fast as
 * xmlTextReader, which builds and frees a node per element) and never
 * builds a tree, so memory stays proportional to the schedule, not to the
 * file (a million activities is a 918 MB file). Elements are matched by
 * local name in any namespace (schema versions V8.3 .. V25 differ only
 * there) through a cache from the parser's interned name pointers to small
 * integers; the meaning of an element is a table lookup on (enclosing
 * object, name), and unused subtrees are skipped by counting depth. Only
 * input fields are read (durations, progress, constraints, calendars,
 * logic, codes, resources); the dates and floats P6 computed are ignored,
 * critpath computes them. References between objects (activity ObjectIds
 * in relationships, base calendars, WBS parents, code values) may point
 * forwards: they are resolved as soon as possible, else once the file has
 * been read, through sorted (ObjectId, index) arrays searched in O(1) when
 * ObjectIds are dense and by bisection otherwise, O(n log n) overall.
 * A DOCTYPE or entity declaration ends the import before libxml2 acts on
 * it; libxml2's own errors go to a per-parser structured handler and become
 * one-line `FILE:LINE: ` GErrors.
 */
#include "cpm-error.h"
#include "cpm-import.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define P6XML_MAX_DEPTH  64            /* deepest element nesting accepted */
#define P6XML_MAX_VALUE  (1024 * 1024) /* longest text value accepted, bytes */
#define P6XML_MAX_HOURS  1e8  /* largest duration or lag, hours (real files hold millions) */
#define P6XML_NAME_CACHE 4096 /* name cache slots (power of two) */
#define P6XML_BLOCK      (256 * 1024) /* bytes read and pushed to the parser at once */

/* Element names critpath reads. */
// clang-format off
#define P6XML_NAMES(X) \
  X(APIBusinessObjects) X(BusinessObjects) X(Project) X(BaselineProject) X(ScheduleOptions) \
  X(Calendar) X(StandardWorkWeek) X(StandardWorkHours) X(WorkTime) X(HolidayOrExceptions) \
  X(HolidayOrException) X(WBS) X(Activity) X(Code) X(Relationship) X(ActivityCodeType) \
  X(ActivityCode) X(Resource) X(ResourceAssignment) X(ObjectId) X(Id) X(Name) X(HoursPerDay) \
  X(HoursPerWeek) X(BaseCalendarObjectId) X(IsDefault) X(DayOfWeek) X(Start) X(Finish) X(Date) \
  X(DataDate) X(PlannedStartDate) X(MustFinishByDate) X(ActivityDefaultCalendarObjectId) \
  X(OutOfSequenceScheduleType) X(RelationshipLagCalendar) X(ComputeTotalFloatType) \
  X(CriticalActivityPathType) X(CriticalActivityFloatThreshold) X(CriticalActivityFloatLimit) \
  X(MakeOpenEndedActivitiesCritical) X(UseExpectedFinishDates) \
  X(CalculateFloatBasedOnFinishDate) X(StartToStartLagCalculationType) \
  X(IgnoreOtherProjectRelationships) X(ParentObjectId) X(ProjectObjectId) X(WBSObjectId) \
  X(CalendarObjectId) X(Type) X(PlannedDuration) X(RemainingDuration) X(ActualStartDate) \
  X(ActualFinishDate) X(PercentComplete) X(PrimaryConstraintType) X(PrimaryConstraintDate) \
  X(SecondaryConstraintType) X(SecondaryConstraintDate) X(ExpectedFinishDate) X(SuspendDate) \
  X(ResumeDate) X(PlannedFinishDate) X(ValueObjectId) X(PredecessorActivityObjectId) \
  X(SuccessorActivityObjectId) X(PredecessorProjectObjectId) X(SuccessorProjectObjectId) X(Lag) \
  X(CodeTypeObjectId) X(CodeValue) X(Description) X(ActivityObjectId) X(ResourceObjectId) \
  X(RemainingUnits) X(RemainingUnitsPerTime)
// clang-format on

#define P6XML_NAME_ENUM(n)   P6N_##n,
#define P6XML_NAME_STRING(n) #n,

typedef enum { P6N_UNKNOWN = 0, P6XML_NAMES(P6XML_NAME_ENUM) P6N_COUNT } P6xmlName;

static const gchar *const p6xml_name_strings[P6N_COUNT] = { NULL, P6XML_NAMES(P6XML_NAME_STRING) };

/* What an open element is. */
typedef enum {
  P6K_DOC = 0,    /* before the root element */
  P6K_TOP,        /* the root, APIBusinessObjects */
  P6K_PROJECT,    /* Project */
  P6K_SCHEDOPTS,  /* Project/ScheduleOptions */
  P6K_BASELINE,   /* BaselineProject: only Id and Name are read */
  P6K_CALENDAR,   /* Calendar */
  P6K_WEEK,       /* Calendar/StandardWorkWeek */
  P6K_WEEKDAY,    /* .../StandardWorkHours */
  P6K_EXCEPTIONS, /* Calendar/HolidayOrExceptions */
  P6K_EXCEPTION,  /* .../HolidayOrException */
  P6K_WORKTIME,   /* .../WorkTime */
  P6K_WBS,        /* WBS */
  P6K_ACTIVITY,   /* Activity */
  P6K_ACT_CODE,   /* Activity/Code */
  P6K_RELATION,   /* Relationship */
  P6K_CODE_TYPE,  /* ActivityCodeType */
  P6K_CODE,       /* ActivityCode */
  P6K_RESOURCE,   /* Resource */
  P6K_ASSIGNMENT, /* ResourceAssignment */
  P6K_FIELD,      /* a leaf whose text critpath reads */
  P6K_SKIP,       /* anything else: the subtree is skipped */
  P6K_COUNT
} P6xmlKind;

/* One open element that is not being skipped. */
typedef struct {
  guint8 kind; /* P6xmlKind */
  guint8 name; /* P6xmlName */
} P6xmlFrame;

/* An (ObjectId, index) pair of a lookup array. */
typedef struct {
  gint64 object_id; /* the P6 ObjectId */
  guint32 index;    /* index in the schedule (or in a pending array) */
  guint32 line;     /* source line of the object */
} P6xmlKey;

/* ObjectId -> index lookup: an array kept sorted while ObjectIds arrive in
 * increasing order (the usual case), sorted once otherwise. */
typedef struct {
  GArray *keys;    /* P6xmlKey, owned */
  gboolean sorted; /* keys are sorted by object_id (strictly increasing) */
} P6xmlMap;

/* A dated exception of a calendar. */
typedef struct {
  gint64 day;                                           /* days since 1970-01-01 */
  guint n;                                              /* number of intervals; 0 = holiday */
  CpmWorkInterval intervals[CPM_MAX_INTERVALS_PER_DAY]; /* the day's work */
} P6xmlException;

/* A calendar as read, before base calendars are resolved. */
typedef struct {
  gint64 object_id;       /* P6 ObjectId; the key of calendars_by_id points here */
  gchar *name;            /* Name, owned, or NULL */
  gdouble hours_per_day;  /* HoursPerDay, 0 when not given */
  gdouble hours_per_week; /* HoursPerWeek, 0 when not given */
  gint64 base_id;         /* BaseCalendarObjectId, or -1 */
  gboolean defined;       /* a Calendar element with this ObjectId was read */
  gboolean required;      /* an activity or resource refers to it */
  gboolean is_default;    /* IsDefault */
  gboolean has_week;      /* it has a StandardWorkWeek */
  guint32 line;           /* line of the definition, else of the first reference */
  GArray *week[7];        /* CpmWorkInterval per weekday (0 = Sunday), owned; NULL = none */
  GArray *exceptions;     /* P6xmlException, owned */
  guint32 index;          /* schedule index once built, else CPM_NO_INDEX */
  guint32 slot;           /* its position in P6xmlReader.calendars */
} P6xmlCal;

/* A project of this file (defined by a Project element, or a stub created
 * by a top-level object referring to a project by ObjectId). */
typedef struct {
  gint64 object_id;   /* P6 ObjectId, or -1; the key of projects_by_id points here */
  guint32 index;      /* schedule index */
  gboolean defined;   /* a Project element was read */
  guint32 line;       /* line of the Project element or of the first reference */
  gint64 calendar_id; /* ActivityDefaultCalendarObjectId, or -1 */
} P6xmlProj;

/* A relationship waiting for its activities. */
typedef struct {
  gint64 object_id;    /* ObjectId of the relationship, or -1 */
  gint64 pred;         /* PredecessorActivityObjectId */
  gint64 succ;         /* SuccessorActivityObjectId */
  gint64 pred_project; /* PredecessorProjectObjectId, or -1 */
  gint64 succ_project; /* SuccessorProjectObjectId, or -1 */
  CpmDuration lag;     /* working minutes */
  CpmLinkType type;    /* FS, SS, FF, SF */
  guint32 line;        /* source line */
} P6xmlRel;

/* An activity code value waiting for its type. */
typedef struct {
  gint64 object_id;   /* ObjectId of the value */
  gint64 type_id;     /* CodeTypeObjectId */
  gchar *value;       /* CodeValue, owned */
  gchar *description; /* Description, owned, or NULL */
  guint32 line;       /* source line */
} P6xmlCodeValue;

/* A reference from an activity or resource to be resolved at the end. */
typedef struct {
  guint32 index;    /* activity (or resource) index in the schedule */
  guint32 line;     /* source line of the referring object */
  gint64 target_id; /* the ObjectId referred to */
} P6xmlRef;

/* A resource assignment waiting for its activity and resource. */
typedef struct {
  gint64 object_id;       /* ObjectId of the assignment, or -1 */
  gint64 activity_id;     /* ActivityObjectId */
  gint64 resource_id;     /* ResourceObjectId */
  gdouble units_per_time; /* RemainingUnitsPerTime (1 = full time) */
  gdouble units;          /* RemainingUnits, hours of work */
  guint32 line;           /* source line */
} P6xmlAssign;

/* Option bits: which options a Project or its ScheduleOptions set. */
enum {
  P6XML_OPT_PROGRESS = 1 << 0,
  P6XML_OPT_LAG_CAL = 1 << 1,
  P6XML_OPT_FLOAT = 1 << 2,
  P6XML_OPT_CRIT_MODE = 1 << 3,
  P6XML_OPT_CRIT_FLOAT = 1 << 4,
  P6XML_OPT_OPEN_ENDS = 1 << 5,
  P6XML_OPT_EXPECTED = 1 << 6,
  P6XML_OPT_PER_PROJECT = 1 << 7,
  P6XML_OPT_SS_ES = 1 << 8,
  P6XML_OPT_IGNORE_EXT = 1 << 9,
};

/* A name-cache slot: a pointer interned by the parser's dictionary. */
typedef struct {
  const xmlChar *ptr; /* interned name, or NULL for a free slot */
  guint8 name;        /* its P6xmlName */
} P6xmlNameSlot;

/* The state of one import. */
typedef struct {
  CpmSchedule *schedule; /* the schedule filled, borrowed */
  const gchar *filename; /* file name used in messages, borrowed */
  xmlParserCtxt *ctxt;   /* the SAX2 push parser, owned */
  int fd;                /* the open file, owned, or -1 */
  GError *error;         /* the first error, owned */
  gboolean xml_failed;   /* libxml2 reported an error */
  gint xml_code;         /* its xmlParserErrors code */
  gint xml_line;         /* its line */
  gchar *xml_message;    /* its message, owned */

  GHashTable *names;                     /* name string -> P6xmlName + 1 */
  P6xmlNameSlot cache[P6XML_NAME_CACHE]; /* interned pointer -> P6xmlName */
  guint n_cached;                        /* occupied cache slots */

  P6xmlFrame frames[P6XML_MAX_DEPTH + 2]; /* open elements, frames[0] = document */
  guint n_frames;                         /* number of open frames */
  guint skip_level;                       /* open elements of a skipped subtree */
  GString *text;                          /* text of the current field */

  /* Projects. */
  GPtrArray *projects;        /* P6xmlProj*, owned */
  GHashTable *projects_by_id; /* &object_id -> P6xmlProj*, borrowed */
  gboolean in_project;        /* inside a Project element */
  P6xmlProj *cur_proj;        /* the Project being read, once it has an index */
  CpmProject proj;            /* its fields as read (strings interned) */
  gint64 proj_calendar_id;    /* its ActivityDefaultCalendarObjectId */
  guint32 proj_line;          /* line of its start tag */
  CpmOptions opt_direct;      /* options written as children of Project */
  CpmOptions opt_sched;       /* options written in Project/ScheduleOptions */
  guint opt_direct_set;       /* P6XML_OPT_* bits set in opt_direct */
  guint opt_sched_set;        /* P6XML_OPT_* bits set in opt_sched */
  GString *baseline_name;     /* Name (or Id) of the BaselineProject being skipped */
  guint32 baseline_line;      /* its line */

  /* Calendars. */
  GPtrArray *calendars;        /* P6xmlCal*, owned, in order of first mention */
  GHashTable *calendars_by_id; /* &object_id -> P6xmlCal*, borrowed */
  P6xmlCal *cur_cal;           /* the Calendar being read, owned */
  GArray *intervals;           /* CpmWorkInterval of the current day */
  gint cur_weekday;            /* DayOfWeek of the current StandardWorkHours, or -1 */
  CpmTime cur_exc_date;        /* Date of the current HolidayOrException */
  gint wt_start;               /* Start of the current WorkTime, minutes, or -1 */
  gint wt_finish;              /* Finish (exclusive) of the current WorkTime, or -1 */

  /* WBS. */
  CpmWbs wbs;            /* the WBS being read */
  GString *wbs_code;     /* its Code */
  GString *wbs_name;     /* its Name */
  gboolean wbs_has_name; /* Name was given */
  gint64 wbs_parent_id;  /* its ParentObjectId, or -1 */
  gint64 wbs_project_id; /* its ProjectObjectId, or -1 */
  guint32 wbs_line;      /* its line */
  P6xmlMap wbs_map;      /* WBS ObjectId -> schedule index */
  GArray *wbs_parents;   /* P6xmlRef: WBS index -> parent ObjectId */

  /* Activities. */
  CpmActivity act;            /* the Activity being read */
  GString *act_id;            /* its Id */
  GString *act_name;          /* its Name */
  gboolean act_has_id;        /* Id was given */
  gboolean act_has_name;      /* Name was given */
  gboolean act_has_planned;   /* PlannedDuration was given */
  gboolean act_has_remaining; /* RemainingDuration was given */
  gint64 act_project_id;      /* its ProjectObjectId, or -1 */
  gint64 act_wbs_id;          /* its WBSObjectId, or -1 */
  gint64 act_calendar_id;     /* its CalendarObjectId, or -1 */
  GArray *act_codes;          /* gint64 ValueObjectIds of its Code children */
  gint64 code_value_id;       /* ValueObjectId of the current Activity/Code */
  guint32 first_activity;     /* schedule index of the first activity of this file */
  P6xmlMap act_map;           /* activity ObjectId -> schedule index */
  GArray *act_wbs;            /* P6xmlRef: activity index -> WBS ObjectId */

  /* Relationships. */
  P6xmlRel rel;          /* the Relationship being read */
  gboolean rel_has_type; /* Type was given */
  GArray *pending_rels;  /* P6xmlRel whose activities were not known yet */

  /* Activity codes. */
  CpmCodeType code_type;       /* the ActivityCodeType being read */
  GString *code_type_name;     /* its Name */
  gint64 code_type_project_id; /* its ProjectObjectId, or -1 */
  P6xmlCodeValue code;         /* the ActivityCode being read (strings owned) */
  P6xmlMap code_type_map;      /* code type ObjectId -> schedule index */
  GArray *pending_codes;       /* P6xmlCodeValue, strings owned */
  GArray *code_refs;           /* P6xmlRef: activity index -> code value ObjectId */

  /* Resources. */
  CpmResource res;         /* the Resource being read */
  GString *res_id;         /* its Id */
  GString *res_name;       /* its Name */
  gboolean res_has_name;   /* Name was given */
  gint64 res_calendar_id;  /* its CalendarObjectId, or -1 */
  P6xmlMap res_map;        /* resource ObjectId -> schedule index */
  GArray *res_calendars;   /* P6xmlRef: resource index -> calendar ObjectId */
  P6xmlAssign assign;      /* the ResourceAssignment being read */
  GArray *pending_assigns; /* P6xmlAssign */

  guint32 obj_line;  /* line of the object being read */
  gboolean saw_root; /* the root element was APIBusinessObjects */
} P6xmlReader;

/* Child kinds: p6xml_children[parent kind][name], P6K_SKIP when unlisted. */
static guint8 p6xml_children[P6K_COUNT][P6N_COUNT];

/* ---- small helpers ---------------------------------------------------- */

static void
p6xml_map_init(P6xmlMap *map)
{
  map->keys = g_array_new(FALSE, FALSE, sizeof(P6xmlKey));
  map->sorted = TRUE;
}

static void
p6xml_map_clear(P6xmlMap *map)
{
  g_clear_pointer(&map->keys, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(P6xmlMap, p6xml_map_clear)

/* Appends; FALSE when object_id repeats the previous key (a duplicate). */
static gboolean
p6xml_map_add(P6xmlMap *map, gint64 object_id, guint32 index, guint32 line)
{
  if (map->keys->len > 0) {
    gint64 last = g_array_index(map->keys, P6xmlKey, map->keys->len - 1).object_id;
    if (last == object_id)
      return FALSE;
    if (last > object_id)
      map->sorted = FALSE;
  }
  P6xmlKey key = { object_id, index, line };
  g_array_append_val(map->keys, key);
  return TRUE;
}

static gint
p6xml_key_compare(gconstpointer a, gconstpointer b)
{
  const P6xmlKey *ka = a;
  const P6xmlKey *kb = b;
  if (ka->object_id != kb->object_id)
    return ka->object_id < kb->object_id ? -1 : 1;
  return ka->index < kb->index ? -1 : (ka->index > kb->index);
}

/* Sorts the map: O(n log n). Returns the later key of a duplicate pair and
 * stores the earlier one in *first_out, or NULL when ObjectIds are unique. */
static const P6xmlKey *
p6xml_map_seal(P6xmlMap *map, const P6xmlKey **first_out)
{
  if (!map->sorted) {
    g_array_sort(map->keys, p6xml_key_compare);
    map->sorted = TRUE;
  }
  for (guint i = 1; i < map->keys->len; i++) {
    const P6xmlKey *a = &g_array_index(map->keys, P6xmlKey, i - 1);
    const P6xmlKey *b = &g_array_index(map->keys, P6xmlKey, i);
    if (a->object_id == b->object_id) {
      *first_out = a;
      return b;
    }
  }
  return NULL;
}

/* Bisection on a sorted map: O(log n), O(1) when ObjectIds are dense.
 * CPM_NO_INDEX when absent. */
static guint32
p6xml_map_find(const P6xmlMap *map, gint64 object_id)
{
  guint lo = 0;
  guint hi = map->keys->len;
  const P6xmlKey *keys = (const P6xmlKey *)(gpointer)map->keys->data;
  if (hi == 0)
    return CPM_NO_INDEX;
  /* ObjectIds are often consecutive: try the position they would have. */
  gint64 guess = object_id - keys[0].object_id;
  if (guess >= 0 && guess < hi && keys[guess].object_id == object_id)
    return keys[guess].index;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (keys[mid].object_id < object_id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < map->keys->len && keys[lo].object_id == object_id ? keys[lo].index : CPM_NO_INDEX;
}

static void
p6xml_cal_free(P6xmlCal *cal)
{
  if (cal == NULL)
    return;
  g_free(cal->name);
  for (guint d = 0; d < 7; d++)
    if (cal->week[d] != NULL)
      g_array_unref(cal->week[d]);
  g_array_unref(cal->exceptions);
  g_free(cal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(P6xmlCal, p6xml_cal_free)

static P6xmlCal *
p6xml_cal_new(gint64 object_id, guint32 line)
{
  P6xmlCal *cal = g_new0(P6xmlCal, 1);
  cal->object_id = object_id;
  cal->base_id = -1;
  cal->line = line;
  cal->exceptions = g_array_new(FALSE, FALSE, sizeof(P6xmlException));
  cal->index = CPM_NO_INDEX;
  return cal;
}

static void
p6xml_code_value_clear(gpointer data)
{
  P6xmlCodeValue *v = data;
  g_clear_pointer(&v->value, g_free);
  g_clear_pointer(&v->description, g_free);
}

static void
p6xml_reader_free(P6xmlReader *st)
{
  if (st == NULL)
    return;
  g_clear_pointer(&st->ctxt, xmlFreeParserCtxt);
  if (st->fd >= 0)
    close(st->fd);
  g_clear_error(&st->error);
  g_free(st->xml_message);
  g_clear_pointer(&st->names, g_hash_table_unref);
  g_string_free(st->text, TRUE);
  g_ptr_array_unref(st->projects);
  g_hash_table_unref(st->projects_by_id);
  g_string_free(st->baseline_name, TRUE);
  g_ptr_array_unref(st->calendars);
  g_hash_table_unref(st->calendars_by_id);
  p6xml_cal_free(st->cur_cal);
  g_array_unref(st->intervals);
  g_string_free(st->wbs_code, TRUE);
  g_string_free(st->wbs_name, TRUE);
  p6xml_map_clear(&st->wbs_map);
  g_array_unref(st->wbs_parents);
  g_string_free(st->act_id, TRUE);
  g_string_free(st->act_name, TRUE);
  g_array_unref(st->act_codes);
  p6xml_map_clear(&st->act_map);
  g_array_unref(st->act_wbs);
  g_array_unref(st->pending_rels);
  g_string_free(st->code_type_name, TRUE);
  p6xml_code_value_clear(&st->code);
  p6xml_map_clear(&st->code_type_map);
  g_array_unref(st->pending_codes);
  g_array_unref(st->code_refs);
  g_string_free(st->res_id, TRUE);
  g_string_free(st->res_name, TRUE);
  p6xml_map_clear(&st->res_map);
  g_array_unref(st->res_calendars);
  g_array_unref(st->pending_assigns);
  g_free(st);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(P6xmlReader, p6xml_reader_free)

static void
p6xml_set_child(P6xmlKind parent, P6xmlKind kind, const P6xmlName *names, gsize n)
{
  for (gsize i = 0; i < n; i++)
    p6xml_children[parent][names[i]] = (guint8)kind;
}

#define P6XML_CHILDREN(parent, kind, ...)                                                          \
  do {                                                                                             \
    static const P6xmlName names_[] = { __VA_ARGS__ };                                             \
    p6xml_set_child(parent, kind, names_, G_N_ELEMENTS(names_));                                   \
  } while (0)

#define P6XML_OPTION_NAMES                                                                         \
  P6N_OutOfSequenceScheduleType, P6N_RelationshipLagCalendar, P6N_ComputeTotalFloatType,           \
      P6N_CriticalActivityPathType, P6N_CriticalActivityFloatThreshold,                            \
      P6N_CriticalActivityFloatLimit, P6N_MakeOpenEndedActivitiesCritical,                         \
      P6N_UseExpectedFinishDates, P6N_CalculateFloatBasedOnFinishDate,                             \
      P6N_StartToStartLagCalculationType, P6N_IgnoreOtherProjectRelationships

/* Fills p6xml_children once: O(kinds x names). */
static void
p6xml_init_tables(void)
{
  static gsize done = 0;
  if (!g_once_init_enter(&done))
    return;
  memset(p6xml_children, P6K_SKIP, sizeof p6xml_children);
  P6XML_CHILDREN(P6K_DOC, P6K_TOP, P6N_APIBusinessObjects, P6N_BusinessObjects);
  P6XML_CHILDREN(P6K_TOP, P6K_PROJECT, P6N_Project);
  P6XML_CHILDREN(P6K_TOP, P6K_BASELINE, P6N_BaselineProject);
  for (guint parent = P6K_TOP; parent <= P6K_PROJECT; parent++) {
    P6XML_CHILDREN(parent, P6K_CALENDAR, P6N_Calendar);
    P6XML_CHILDREN(parent, P6K_WBS, P6N_WBS);
    P6XML_CHILDREN(parent, P6K_ACTIVITY, P6N_Activity);
    P6XML_CHILDREN(parent, P6K_RELATION, P6N_Relationship);
    P6XML_CHILDREN(parent, P6K_CODE_TYPE, P6N_ActivityCodeType);
    P6XML_CHILDREN(parent, P6K_CODE, P6N_ActivityCode);
    P6XML_CHILDREN(parent, P6K_RESOURCE, P6N_Resource);
    P6XML_CHILDREN(parent, P6K_ASSIGNMENT, P6N_ResourceAssignment);
  }
  P6XML_CHILDREN(P6K_PROJECT, P6K_SCHEDOPTS, P6N_ScheduleOptions);
  P6XML_CHILDREN(P6K_PROJECT, P6K_FIELD, P6N_ObjectId, P6N_Id, P6N_Name, P6N_DataDate,
                 P6N_PlannedStartDate, P6N_MustFinishByDate, P6N_ActivityDefaultCalendarObjectId,
                 P6XML_OPTION_NAMES);
  P6XML_CHILDREN(P6K_SCHEDOPTS, P6K_FIELD, P6XML_OPTION_NAMES);
  P6XML_CHILDREN(P6K_BASELINE, P6K_FIELD, P6N_Id, P6N_Name);
  P6XML_CHILDREN(P6K_CALENDAR, P6K_FIELD, P6N_ObjectId, P6N_Name, P6N_HoursPerDay, P6N_HoursPerWeek,
                 P6N_BaseCalendarObjectId, P6N_IsDefault);
  P6XML_CHILDREN(P6K_CALENDAR, P6K_WEEK, P6N_StandardWorkWeek);
  P6XML_CHILDREN(P6K_CALENDAR, P6K_EXCEPTIONS, P6N_HolidayOrExceptions);
  P6XML_CHILDREN(P6K_WEEK, P6K_WEEKDAY, P6N_StandardWorkHours);
  P6XML_CHILDREN(P6K_WEEKDAY, P6K_FIELD, P6N_DayOfWeek);
  P6XML_CHILDREN(P6K_WEEKDAY, P6K_WORKTIME, P6N_WorkTime);
  P6XML_CHILDREN(P6K_EXCEPTIONS, P6K_EXCEPTION, P6N_HolidayOrException);
  P6XML_CHILDREN(P6K_EXCEPTION, P6K_FIELD, P6N_Date);
  P6XML_CHILDREN(P6K_EXCEPTION, P6K_WORKTIME, P6N_WorkTime);
  P6XML_CHILDREN(P6K_WORKTIME, P6K_FIELD, P6N_Start, P6N_Finish);
  P6XML_CHILDREN(P6K_WBS, P6K_FIELD, P6N_ObjectId, P6N_ParentObjectId, P6N_Code, P6N_Name,
                 P6N_ProjectObjectId);
  P6XML_CHILDREN(P6K_ACTIVITY, P6K_FIELD, P6N_Id, P6N_Name, P6N_ObjectId, P6N_ProjectObjectId,
                 P6N_WBSObjectId, P6N_CalendarObjectId, P6N_Type, P6N_PlannedDuration,
                 P6N_RemainingDuration, P6N_ActualStartDate, P6N_ActualFinishDate,
                 P6N_PercentComplete, P6N_PrimaryConstraintType, P6N_PrimaryConstraintDate,
                 P6N_SecondaryConstraintType, P6N_SecondaryConstraintDate, P6N_ExpectedFinishDate,
                 P6N_SuspendDate, P6N_ResumeDate, P6N_PlannedStartDate, P6N_PlannedFinishDate);
  P6XML_CHILDREN(P6K_ACTIVITY, P6K_ACT_CODE, P6N_Code);
  P6XML_CHILDREN(P6K_ACT_CODE, P6K_FIELD, P6N_ValueObjectId);
  P6XML_CHILDREN(P6K_RELATION, P6K_FIELD, P6N_ObjectId, P6N_PredecessorActivityObjectId,
                 P6N_SuccessorActivityObjectId, P6N_PredecessorProjectObjectId,
                 P6N_SuccessorProjectObjectId, P6N_Type, P6N_Lag);
  P6XML_CHILDREN(P6K_CODE_TYPE, P6K_FIELD, P6N_ObjectId, P6N_Name, P6N_ProjectObjectId);
  P6XML_CHILDREN(P6K_CODE, P6K_FIELD, P6N_ObjectId, P6N_CodeTypeObjectId, P6N_CodeValue,
                 P6N_Description);
  P6XML_CHILDREN(P6K_RESOURCE, P6K_FIELD, P6N_ObjectId, P6N_Id, P6N_Name, P6N_CalendarObjectId);
  P6XML_CHILDREN(P6K_ASSIGNMENT, P6K_FIELD, P6N_ObjectId, P6N_ActivityObjectId,
                 P6N_ResourceObjectId, P6N_RemainingUnits, P6N_RemainingUnitsPerTime);
  g_once_init_leave(&done, 1);
}

/* Line of the parser: in a callback, the line of the tag just read. */
static guint32
p6xml_line(P6xmlReader *st)
{
  if (st->ctxt == NULL || st->ctxt->input == NULL || st->ctxt->input->line <= 0)
    return 1;
  return (guint32)st->ctxt->input->line;
}

static gboolean p6xml_fail(P6xmlReader *st, CpmImportError code, guint32 line, const gchar *format,
                           ...) G_GNUC_PRINTF(4, 5);

/* Records the first error: `FILE:LINE: message`. Always returns FALSE. */
static gboolean
p6xml_fail(P6xmlReader *st, CpmImportError code, guint32 line, const gchar *format, ...)
{
  if (st->error != NULL)
    return FALSE;
  va_list args;
  va_start(args, format);
  g_autofree gchar *message = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error(&st->error, CPM_IMPORT_ERROR, code, "%s:%u: %s", st->filename, line > 0 ? line : 1,
              message);
  return FALSE;
}

static const gchar *
p6xml_name_string(guint name)
{
  return name < P6N_COUNT && p6xml_name_strings[name] != NULL ? p6xml_name_strings[name] : "?";
}

/* Maps an element's local name to a P6xmlName: O(1) through the pointer
 * cache; the string table is consulted once per distinct name. */
static guint
p6xml_name_id(P6xmlReader *st, const xmlChar *name)
{
  guint mask = P6XML_NAME_CACHE - 1;
  guint h = (guint)(((guintptr)name >> 3) * 2654435761u) & mask;
  for (;;) {
    P6xmlNameSlot *slot = &st->cache[h];
    if (slot->ptr == name)
      return slot->name;
    if (slot->ptr == NULL)
      break;
    h = (h + 1) & mask;
  }
  guint id = GPOINTER_TO_UINT(g_hash_table_lookup(st->names, name));
  id = id > 0 ? id - 1 : P6N_UNKNOWN;
  /* Only pointers owned by the parser's dictionary live as long as it. */
  if (st->n_cached < P6XML_NAME_CACHE / 2 && xmlDictOwns(st->ctxt->dict, name) == 1) {
    st->cache[h].ptr = name;
    st->cache[h].name = (guint8)id;
    st->n_cached++;
  }
  return id;
}

/* ---- values ------------------------------------------------------------- */

/* Strips blanks in place; returns the trimmed text. */
static gchar *
p6xml_trim(GString *text)
{
  gchar *s = text->str;
  gsize len = text->len;
  while (len > 0 && g_ascii_isspace(s[len - 1]))
    len--;
  s[len] = '\0';
  while (g_ascii_isspace(*s))
    s++;
  return s;
}

/* A decimal integer (ObjectIds). Empty text is -1 ("none"). */
static gboolean
p6xml_parse_id(P6xmlReader *st, const gchar *text, guint name, gint64 *out)
{
  if (*text == '\0') {
    *out = -1;
    return TRUE;
  }
  const gchar *p = text;
  gint64 v = 0;
  gboolean neg = *p == '-';
  if (neg)
    p++;
  gint digits = 0;
  for (; *p >= '0' && *p <= '9'; p++, digits++) {
    if (digits >= 18)
      break;
    v = v * 10 + (*p - '0');
  }
  if (*p != '\0' || digits == 0 || neg)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st), "invalid ObjectId '%s' in <%s>",
                      text, p6xml_name_string(name));
  *out = v;
  return TRUE;
}

/* A decimal number, with '.' or ',' as the decimal mark; rejects NaN,
 * infinities and anything but a plain number. */
static gboolean
p6xml_parse_double(P6xmlReader *st, const gchar *text, guint name, gdouble *out)
{
  gchar buf[64];
  gsize len = strlen(text);
  gboolean ok = len > 0 && len < sizeof buf;
  if (ok) {
    /* Fast path: digits with an optional sign and fraction. */
    const gchar *p = text;
    gboolean neg = *p == '-';
    if (*p == '-' || *p == '+')
      p++;
    gdouble v = 0;
    gint digits = 0;
    for (; *p >= '0' && *p <= '9' && digits < 15; p++, digits++)
      v = v * 10 + (*p - '0');
    if (*p == '\0' && digits > 0) {
      *out = neg ? -v : v;
      return TRUE;
    }
    memcpy(buf, text, len + 1);
    if (strchr(buf, '.') == NULL) {
      gchar *comma = strchr(buf, ',');
      if (comma != NULL)
        *comma = '.';
    }
    for (const gchar *q = buf; *q != '\0' && ok; q++)
      ok = g_ascii_isdigit(*q) || *q == '.' || *q == '-' || *q == '+' || *q == 'e' || *q == 'E';
  }
  if (ok) {
    gchar *end = NULL;
    errno = 0;
    gdouble v = g_ascii_strtod(buf, &end);
    ok = end != buf && *end == '\0' && isfinite(v);
    if (ok)
      *out = v;
  }
  if (!ok)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st), "invalid number '%s' in <%s>",
                      text, p6xml_name_string(name));
  return TRUE;
}

/* Hours (durations, lags, float thresholds) to whole working minutes. */
static gboolean
p6xml_parse_hours(P6xmlReader *st, const gchar *text, guint name, gboolean allow_negative,
                  CpmDuration *out)
{
  gdouble hours = 0;
  if (!p6xml_parse_double(st, text, name, &hours))
    return FALSE;
  if (fabs(hours) > P6XML_MAX_HOURS)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st),
                      "<%s> of %s hours is beyond the %g hours critpath accepts",
                      p6xml_name_string(name), text, P6XML_MAX_HOURS);
  if (hours < 0 && !allow_negative)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st), "negative duration '%s' in <%s>",
                      text, p6xml_name_string(name));
  *out = (CpmDuration)llround(hours * 60.0);
  return TRUE;
}

static gboolean
p6xml_parse_date(P6xmlReader *st, const gchar *text, guint name, CpmTime *out)
{
  if (*text == '\0') {
    *out = CPM_TIME_NONE;
    return TRUE;
  }
  if (!cpm_time_parse(text, out))
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st), "invalid date '%s' in <%s>", text,
                      p6xml_name_string(name));
  return TRUE;
}

static gboolean
p6xml_parse_bool(P6xmlReader *st, const gchar *text, guint name, gboolean *out)
{
  if (strcmp(text, "1") == 0 || g_ascii_strcasecmp(text, "true") == 0)
    *out = TRUE;
  else if (strcmp(text, "0") == 0 || g_ascii_strcasecmp(text, "false") == 0)
    *out = FALSE;
  else
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st), "invalid boolean '%s' in <%s>",
                      text, p6xml_name_string(name));
  return TRUE;
}

/* Looks text up in a NULL-terminated list of names; -1 when absent. */
static gint
p6xml_enum(const gchar *text, const gchar *const *names)
{
  for (gint i = 0; names[i] != NULL; i++)
    if (strcmp(text, names[i]) == 0)
      return i;
  return -1;
}

static gboolean
p6xml_parse_enum(P6xmlReader *st, const gchar *text, const gchar *const *names, const gchar *what,
                 gint *out)
{
  gint v = p6xml_enum(text, names);
  if (v < 0)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st), "unknown %s '%s'", what, text);
  *out = v;
  return TRUE;
}

/* In the order of CpmLinkType. */
static const gchar *const p6xml_link_names[]
    = { "Finish to Start", "Start to Start", "Finish to Finish", "Start to Finish", NULL };
/* In the order of CpmActivityType. */
static const gchar *const p6xml_activity_types[] = { "Task Dependent",
                                                     "Resource Dependent",
                                                     "Start Milestone",
                                                     "Finish Milestone",
                                                     "Level of Effort",
                                                     "WBS Summary",
                                                     NULL };
/* In the order of CpmConstraintType. */
static const gchar *const p6xml_constraint_names[] = { "",
                                                       "Start On",
                                                       "Start On or After",
                                                       "Start On or Before",
                                                       "Finish On",
                                                       "Finish On or After",
                                                       "Finish On or Before",
                                                       "Mandatory Start",
                                                       "Mandatory Finish",
                                                       "As Late As Possible",
                                                       NULL };
/* In the order of CpmProgressPolicy. */
static const gchar *const p6xml_progress_names[]
    = { "Retained Logic", "Progress Override", "Actual Dates", NULL };
/* In the order of CpmLagCalendar. */
static const gchar *const p6xml_lag_calendar_names[]
    = { "Predecessor Activity Calendar", "Successor Activity Calendar", "24 Hour Calendar",
        "Project Default Calendar", NULL };
/* In the order of CpmFloatType. */
static const gchar *const p6xml_float_names[]
    = { "Finish Float = Late Finish - Early Finish", "Start Float = Late Start - Early Start",
        "Smallest of Start Float and Finish Float", NULL };
/* In the order of CpmCriticalMode. */
static const gchar *const p6xml_critical_names[] = { "Critical Float", "Longest Path", NULL };
static const gchar *const p6xml_weekday_names[]
    = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", NULL };

/* `HH:MM[:SS[.fff]]`, optionally after a date and 'T'; minutes of the day. */
static gboolean
p6xml_parse_clock(P6xmlReader *st, const gchar *text, guint name, gint *minutes_out,
                  gboolean *seconds_out)
{
  const gchar *t = strchr(text, 'T');
  const gchar *p = t != NULL ? t + 1 : text;
  guint h = 0, m = 0, s = 0;
  gboolean ok = g_ascii_isdigit(p[0]);
  if (ok) {
    h = (guint)(*p++ - '0');
    if (g_ascii_isdigit(*p))
      h = h * 10 + (guint)(*p++ - '0');
    ok = p[0] == ':' && g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]);
  }
  if (ok) {
    m = (guint)((p[1] - '0') * 10 + (p[2] - '0'));
    p += 3;
    if (p[0] == ':') {
      ok = g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]);
      if (ok) {
        s = (guint)((p[1] - '0') * 10 + (p[2] - '0'));
        p += 3;
        if (*p == '.')
          for (p++; g_ascii_isdigit(*p); p++)
            ;
      }
    }
    ok = ok && *p == '\0' && m < 60 && s < 60 && (h < 24 || (h == 24 && m == 0 && s == 0));
  }
  if (!ok)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st), "invalid time '%s' in <%s>", text,
                      p6xml_name_string(name));
  *minutes_out = (gint)(h * 60 + m);
  *seconds_out = s > 0;
  return TRUE;
}

/* ---- objects ------------------------------------------------------------ */

static P6xmlProj *
p6xml_project_add(P6xmlReader *st, const CpmProject *project, guint32 line)
{
  P6xmlProj *p = g_new0(P6xmlProj, 1);
  p->object_id = project->object_id;
  p->line = line;
  p->calendar_id = -1;
  p->index = cpm_schedule_add_project(st->schedule, project);
  g_ptr_array_add(st->projects, p);
  if (p->object_id >= 0)
    g_hash_table_insert(st->projects_by_id, &p->object_id, p);
  return p;
}

/* Schedule index of the Project being read, created on first need. */
static guint32
p6xml_current_project(P6xmlReader *st)
{
  if (st->cur_proj == NULL)
    st->cur_proj = p6xml_project_add(st, &st->proj, st->proj_line);
  return st->cur_proj->index;
}

/* Project of an object: the enclosing Project, else the one its
 * ProjectObjectId names (a stub until that Project is read). */
static guint32
p6xml_object_project(P6xmlReader *st, gint64 project_id, const gchar *what)
{
  if (st->in_project)
    return p6xml_current_project(st);
  if (project_id < 0) {
    p6xml_fail(st, CPM_IMPORT_ERROR_REFERENCE, st->obj_line,
               "%s outside any Project has no ProjectObjectId", what);
    return CPM_NO_INDEX;
  }
  P6xmlProj *p = g_hash_table_lookup(st->projects_by_id, &project_id);
  if (p == NULL) {
    CpmProject stub = { 0 };
    stub.id = "";
    stub.object_id = project_id;
    stub.source_file = st->filename;
    stub.data_date = stub.planned_start = stub.must_finish_by = CPM_TIME_NONE;
    stub.default_calendar = CPM_NO_INDEX;
    cpm_options_init_default(&stub.options);
    p = p6xml_project_add(st, &stub, st->obj_line);
  }
  return p->index;
}

/* Slot of a calendar ObjectId in st->calendars, created on first mention. */
static guint32
p6xml_calendar_ref(P6xmlReader *st, gint64 object_id, guint32 line, gboolean required)
{
  P6xmlCal *cal = g_hash_table_lookup(st->calendars_by_id, &object_id);
  if (cal == NULL) {
    cal = p6xml_cal_new(object_id, line);
    cal->slot = st->calendars->len;
    g_ptr_array_add(st->calendars, cal);
    g_hash_table_insert(st->calendars_by_id, &cal->object_id, cal);
  }
  if (required && !cal->required && !cal->defined)
    cal->line = line;
  cal->required |= required;
  return cal->slot;
}

static void
p6xml_begin(P6xmlReader *st, P6xmlKind kind)
{
  st->obj_line = p6xml_line(st);
  switch (kind) {
    case P6K_PROJECT:
      st->in_project = TRUE;
      st->cur_proj = NULL;
      memset(&st->proj, 0, sizeof st->proj);
      st->proj.id = "";
      st->proj.object_id = -1;
      st->proj.source_file = st->filename;
      st->proj.data_date = st->proj.planned_start = st->proj.must_finish_by = CPM_TIME_NONE;
      st->proj.default_calendar = CPM_NO_INDEX;
      cpm_options_init_default(&st->proj.options);
      st->proj_calendar_id = -1;
      st->proj_line = st->obj_line;
      cpm_options_init_default(&st->opt_direct);
      cpm_options_init_default(&st->opt_sched);
      st->opt_direct_set = st->opt_sched_set = 0;
      break;
    case P6K_BASELINE:
      g_string_truncate(st->baseline_name, 0);
      st->baseline_line = st->obj_line;
      break;
    case P6K_CALENDAR:
      p6xml_cal_free(st->cur_cal);
      st->cur_cal = p6xml_cal_new(-1, st->obj_line);
      break;
    case P6K_WEEK:
      st->cur_cal->has_week = TRUE;
      break;
    case P6K_WEEKDAY:
      st->cur_weekday = -1;
      g_array_set_size(st->intervals, 0);
      break;
    case P6K_EXCEPTION:
      st->cur_exc_date = CPM_TIME_NONE;
      g_array_set_size(st->intervals, 0);
      break;
    case P6K_WORKTIME:
      st->wt_start = st->wt_finish = -1;
      break;
    case P6K_WBS:
      memset(&st->wbs, 0, sizeof st->wbs);
      st->wbs.object_id = -1;
      st->wbs.parent = CPM_NO_INDEX;
      g_string_truncate(st->wbs_code, 0);
      g_string_truncate(st->wbs_name, 0);
      st->wbs_has_name = FALSE;
      st->wbs_parent_id = st->wbs_project_id = -1;
      st->wbs_line = st->obj_line;
      break;
    case P6K_ACTIVITY:
      cpm_activity_init(&st->act);
      st->act.line = st->obj_line;
      st->act_has_id = st->act_has_name = FALSE;
      st->act_has_planned = st->act_has_remaining = FALSE;
      st->act_project_id = st->act_wbs_id = st->act_calendar_id = -1;
      g_array_set_size(st->act_codes, 0);
      break;
    case P6K_ACT_CODE:
      st->code_value_id = -1;
      break;
    case P6K_RELATION:
      memset(&st->rel, 0, sizeof st->rel);
      st->rel.object_id = st->rel.pred = st->rel.succ = -1;
      st->rel.pred_project = st->rel.succ_project = -1;
      st->rel.type = CPM_LINK_FS;
      st->rel.line = st->obj_line;
      st->rel_has_type = FALSE;
      break;
    case P6K_CODE_TYPE:
      memset(&st->code_type, 0, sizeof st->code_type);
      st->code_type.object_id = -1;
      st->code_type.project = CPM_NO_INDEX;
      st->code_type_project_id = -1;
      g_string_truncate(st->code_type_name, 0);
      break;
    case P6K_CODE:
      p6xml_code_value_clear(&st->code);
      st->code.object_id = st->code.type_id = -1;
      st->code.line = st->obj_line;
      break;
    case P6K_RESOURCE:
      memset(&st->res, 0, sizeof st->res);
      st->res.object_id = -1;
      st->res.calendar = CPM_NO_INDEX;
      g_string_truncate(st->res_id, 0);
      g_string_truncate(st->res_name, 0);
      st->res_has_name = FALSE;
      st->res_calendar_id = -1;
      break;
    case P6K_ASSIGNMENT:
      memset(&st->assign, 0, sizeof st->assign);
      st->assign.object_id = st->assign.activity_id = st->assign.resource_id = -1;
      st->assign.units_per_time = 1.0;
      st->assign.line = st->obj_line;
      break;
    default:
      break;
  }
}

/* Applies the options marked in set from src to dst. */
static void
p6xml_apply_options(CpmOptions *dst, const CpmOptions *src, guint set)
{
  if (set & P6XML_OPT_PROGRESS)
    dst->progress = src->progress;
  if (set & P6XML_OPT_LAG_CAL)
    dst->lag_calendar = src->lag_calendar;
  if (set & P6XML_OPT_FLOAT)
    dst->float_type = src->float_type;
  if (set & P6XML_OPT_CRIT_MODE)
    dst->critical_mode = src->critical_mode;
  if (set & P6XML_OPT_CRIT_FLOAT)
    dst->critical_float = src->critical_float;
  if (set & P6XML_OPT_OPEN_ENDS)
    dst->open_ends_critical = src->open_ends_critical;
  if (set & P6XML_OPT_EXPECTED)
    dst->use_expected_finish = src->use_expected_finish;
  if (set & P6XML_OPT_PER_PROJECT)
    dst->float_per_project = src->float_per_project;
  if (set & P6XML_OPT_SS_ES)
    dst->ss_lag_from_early_start = src->ss_lag_from_early_start;
  if (set & P6XML_OPT_IGNORE_EXT)
    dst->ignore_external_links = src->ignore_external_links;
}

/* Adds a relationship whose activities are both known; FALSE when one is
 * missing (then nothing is added). */
static gboolean
p6xml_try_relation(P6xmlReader *st, const P6xmlRel *rel)
{
  if (!st->act_map.sorted)
    return FALSE;
  guint32 pred = p6xml_map_find(&st->act_map, rel->pred);
  guint32 succ = p6xml_map_find(&st->act_map, rel->succ);
  if (pred == CPM_NO_INDEX || succ == CPM_NO_INDEX)
    return FALSE;
  CpmRelation r = { pred, succ, rel->type, rel->lag, rel->line };
  cpm_schedule_add_relation(st->schedule, &r);
  return TRUE;
}

static gboolean
p6xml_end_activity(P6xmlReader *st)
{
  CpmActivity *a = &st->act;
  if (!st->act_has_id || st->act_id->len == 0)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, a->line,
                      "activity ObjectId %" G_GINT64_FORMAT " has no Id", a->object_id);
  if (a->object_id < 0)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, a->line, "activity '%s' has no ObjectId",
                      st->act_id->str);
  a->project = p6xml_object_project(st, st->act_project_id, "activity");
  if (a->project == CPM_NO_INDEX)
    return FALSE;
  a->calendar = st->act_calendar_id >= 0
                    ? p6xml_calendar_ref(st, st->act_calendar_id, a->line, TRUE)
                    : CPM_NO_INDEX;
  if (a->type == CPM_ACT_START_MILESTONE || a->type == CPM_ACT_FINISH_MILESTONE) {
    a->planned_duration = a->remaining_duration = 0;
  } else {
    if (!st->act_has_planned)
      a->planned_duration = st->act_has_remaining ? a->remaining_duration : 0;
    if (!st->act_has_remaining)
      a->remaining_duration = a->actual_finish != CPM_TIME_NONE ? 0 : a->planned_duration;
  }
  if (a->constraint != CPM_CSTR_NONE && a->constraint != CPM_CSTR_ALAP
      && a->constraint_date == CPM_TIME_NONE)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, a->line,
                      "activity '%s': constraint '%s' has no PrimaryConstraintDate",
                      st->act_id->str, p6xml_constraint_names[a->constraint]);
  if (a->constraint2 != CPM_CSTR_NONE && a->constraint2 != CPM_CSTR_ALAP
      && a->constraint2_date == CPM_TIME_NONE)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, a->line,
                      "activity '%s': constraint '%s' has no SecondaryConstraintDate",
                      st->act_id->str, p6xml_constraint_names[a->constraint2]);
  a->id = st->act_id->str;
  a->name = st->act_has_name ? st->act_name->str : NULL;

  g_autoptr(GError) local_error = NULL;
  guint32 index = cpm_schedule_add_activity(st->schedule, a, &local_error);
  if (index == CPM_NO_INDEX) {
    if (g_error_matches(local_error, CPM_ERROR, CPM_ERROR_DUPLICATE_ID))
      return p6xml_fail(st, CPM_IMPORT_ERROR_DUPLICATE, a->line, "%s", local_error->message);
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, a->line, "activity '%s': %s", st->act_id->str,
                      local_error != NULL ? local_error->message : "cannot be added");
  }
  if (!p6xml_map_add(&st->act_map, a->object_id, index, a->line))
    return p6xml_fail(st, CPM_IMPORT_ERROR_DUPLICATE, a->line,
                      "duplicate activity ObjectId %" G_GINT64_FORMAT, a->object_id);
  if (st->act_wbs_id >= 0) {
    /* WBS nodes usually come first: resolve now when possible. */
    guint32 wbs = st->wbs_map.sorted ? p6xml_map_find(&st->wbs_map, st->act_wbs_id) : CPM_NO_INDEX;
    if (wbs != CPM_NO_INDEX) {
      cpm_schedule_activity_mut(st->schedule, index)->wbs = wbs;
    } else {
      P6xmlRef ref = { index, a->line, st->act_wbs_id };
      g_array_append_val(st->act_wbs, ref);
    }
  }
  for (guint i = 0; i < st->act_codes->len; i++) {
    P6xmlRef ref = { index, a->line, g_array_index(st->act_codes, gint64, i) };
    g_array_append_val(st->code_refs, ref);
  }
  return TRUE;
}

static gboolean
p6xml_end_worktime(P6xmlReader *st)
{
  if (st->wt_start < 0 && st->wt_finish < 0)
    return TRUE; /* <WorkTime xsi:nil="true"/>: no work */
  if (st->wt_start < 0 || st->wt_finish < 0)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, st->obj_line,
                      "<WorkTime> needs both <Start> and <Finish>");
  if (st->wt_finish <= st->wt_start)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st),
                      "<WorkTime> finishes before it starts (%02d:%02d..%02d:%02d)",
                      st->wt_start / 60, st->wt_start % 60, (st->wt_finish - 1) / 60,
                      (st->wt_finish - 1) % 60);
  if (st->intervals->len >= CPM_MAX_INTERVALS_PER_DAY)
    return p6xml_fail(st, CPM_IMPORT_ERROR_LIMIT, p6xml_line(st),
                      "more than %d work periods in one day", CPM_MAX_INTERVALS_PER_DAY);
  CpmWorkInterval iv = { (guint16)st->wt_start, (guint16)st->wt_finish };
  g_array_append_val(st->intervals, iv);
  return TRUE;
}

static gboolean
p6xml_end_calendar(P6xmlReader *st)
{
  g_autoptr(P6xmlCal) cal = g_steal_pointer(&st->cur_cal);
  if (cal->object_id < 0)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, cal->line, "calendar '%s' has no ObjectId",
                      cal->name != NULL ? cal->name : "");
  P6xmlCal *slot = g_hash_table_lookup(st->calendars_by_id, &cal->object_id);
  if (slot != NULL && slot->defined)
    return p6xml_fail(st, CPM_IMPORT_ERROR_DUPLICATE, cal->line,
                      "duplicate calendar ObjectId %" G_GINT64_FORMAT " (first at line %u)",
                      cal->object_id, slot->line);
  cal->defined = TRUE;
  if (slot == NULL) {
    P6xmlCal *owned = g_steal_pointer(&cal);
    owned->slot = st->calendars->len;
    g_ptr_array_add(st->calendars, owned);
    g_hash_table_insert(st->calendars_by_id, &owned->object_id, owned);
    return TRUE;
  }
  /* A forward reference made the slot: move the definition into it. */
  gboolean required = slot->required;
  for (guint d = 0; d < 7; d++) {
    if (slot->week[d] != NULL)
      g_array_unref(slot->week[d]);
    slot->week[d] = g_steal_pointer(&cal->week[d]);
  }
  g_array_unref(slot->exceptions);
  slot->exceptions = g_steal_pointer(&cal->exceptions);
  cal->exceptions = g_array_new(FALSE, FALSE, sizeof(P6xmlException));
  g_free(slot->name);
  slot->name = g_steal_pointer(&cal->name);
  slot->hours_per_day = cal->hours_per_day;
  slot->hours_per_week = cal->hours_per_week;
  slot->base_id = cal->base_id;
  slot->is_default = cal->is_default;
  slot->has_week = cal->has_week;
  slot->line = cal->line;
  slot->defined = TRUE;
  slot->required = required;
  return TRUE;
}

static gboolean
p6xml_end_project(P6xmlReader *st)
{
  guint32 index = p6xml_current_project(st);
  CpmProject *p = cpm_schedule_project_mut(st->schedule, index);
  CpmOptions options;
  cpm_options_init_default(&options);
  p6xml_apply_options(&options, &st->opt_direct, st->opt_direct_set);
  p6xml_apply_options(&options, &st->opt_sched, st->opt_sched_set);
  p->id = cpm_schedule_intern(st->schedule, st->proj.id);
  p->name = st->proj.name;
  p->source_file = cpm_schedule_intern(st->schedule, st->filename);
  p->object_id = st->proj.object_id;
  p->data_date = st->proj.data_date;
  p->planned_start = st->proj.planned_start;
  p->must_finish_by = st->proj.must_finish_by;
  p->options = options;
  st->cur_proj->defined = TRUE;
  st->cur_proj->line = st->proj_line;
  st->cur_proj->calendar_id = st->proj_calendar_id;
  if (st->proj_calendar_id >= 0)
    p6xml_calendar_ref(st, st->proj_calendar_id, st->proj_line, FALSE);
  st->cur_proj = NULL;
  st->in_project = FALSE;
  return TRUE;
}

static gboolean
p6xml_end(P6xmlReader *st, P6xmlKind kind)
{
  switch (kind) {
    case P6K_PROJECT:
      return p6xml_end_project(st);
    case P6K_BASELINE:
      cpm_schedule_add_note(st->schedule, "%s:%u: baseline project '%s' kept aside (not scheduled)",
                            st->filename, st->baseline_line, st->baseline_name->str);
      return TRUE;
    case P6K_CALENDAR:
      return p6xml_end_calendar(st);
    case P6K_WEEKDAY:
      if (st->cur_weekday < 0)
        return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st),
                          "<StandardWorkHours> without <DayOfWeek>");
      if (st->cur_cal->week[st->cur_weekday] != NULL)
        g_array_unref(st->cur_cal->week[st->cur_weekday]);
      st->cur_cal->week[st->cur_weekday] = g_array_copy(st->intervals);
      return TRUE;
    case P6K_EXCEPTION: {
      if (st->cur_exc_date == CPM_TIME_NONE)
        return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st),
                          "<HolidayOrException> without <Date>");
      P6xmlException exc = { 0 };
      exc.day = cpm_time_day(st->cur_exc_date);
      exc.n = st->intervals->len;
      memcpy(exc.intervals, st->intervals->data, exc.n * sizeof(CpmWorkInterval));
      g_array_append_val(st->cur_cal->exceptions, exc);
      return TRUE;
    }
    case P6K_WORKTIME:
      return p6xml_end_worktime(st);
    case P6K_WBS: {
      if (st->wbs.object_id < 0)
        return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, st->wbs_line, "WBS '%s' has no ObjectId",
                          st->wbs_code->str);
      st->obj_line = st->wbs_line;
      st->wbs.project = p6xml_object_project(st, st->wbs_project_id, "WBS");
      if (st->wbs.project == CPM_NO_INDEX)
        return FALSE;
      st->wbs.code = st->wbs_code->str;
      st->wbs.name = st->wbs_has_name ? st->wbs_name->str : NULL;
      guint32 index = cpm_schedule_add_wbs(st->schedule, &st->wbs);
      if (!p6xml_map_add(&st->wbs_map, st->wbs.object_id, index, st->wbs_line))
        return p6xml_fail(st, CPM_IMPORT_ERROR_DUPLICATE, st->wbs_line,
                          "duplicate WBS ObjectId %" G_GINT64_FORMAT, st->wbs.object_id);
      if (st->wbs_parent_id >= 0) {
        P6xmlRef ref = { index, st->wbs_line, st->wbs_parent_id };
        g_array_append_val(st->wbs_parents, ref);
      }
      return TRUE;
    }
    case P6K_ACTIVITY:
      return p6xml_end_activity(st);
    case P6K_ACT_CODE:
      if (st->code_value_id >= 0)
        g_array_append_val(st->act_codes, st->code_value_id);
      return TRUE;
    case P6K_RELATION:
      if (st->rel.pred < 0 || st->rel.succ < 0)
        return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, st->rel.line,
                          "relationship %" G_GINT64_FORMAT " lacks a %s activity",
                          st->rel.object_id, st->rel.pred < 0 ? "predecessor" : "successor");
      if (!p6xml_try_relation(st, &st->rel))
        g_array_append_val(st->pending_rels, st->rel);
      return TRUE;
    case P6K_CODE_TYPE: {
      if (st->code_type.object_id < 0)
        return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, st->obj_line,
                          "activity code type '%s' has no ObjectId", st->code_type_name->str);
      if (st->in_project)
        st->code_type.project = p6xml_current_project(st);
      else if (st->code_type_project_id >= 0)
        st->code_type.project = p6xml_object_project(st, st->code_type_project_id, "code type");
      st->code_type.name = st->code_type_name->str;
      guint32 index = cpm_schedule_add_code_type(st->schedule, &st->code_type);
      if (!p6xml_map_add(&st->code_type_map, st->code_type.object_id, index, st->obj_line))
        return p6xml_fail(st, CPM_IMPORT_ERROR_DUPLICATE, st->obj_line,
                          "duplicate activity code type ObjectId %" G_GINT64_FORMAT,
                          st->code_type.object_id);
      return TRUE;
    }
    case P6K_CODE:
      if (st->code.object_id < 0 || st->code.type_id < 0)
        return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, st->code.line,
                          "activity code '%s' lacks its ObjectId or CodeTypeObjectId",
                          st->code.value != NULL ? st->code.value : "");
      if (st->code.value == NULL)
        st->code.value = g_strdup("");
      g_array_append_val(st->pending_codes, st->code);
      st->code.value = st->code.description = NULL;
      return TRUE;
    case P6K_RESOURCE: {
      if (st->res.object_id < 0)
        return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, st->obj_line, "resource '%s' has no ObjectId",
                          st->res_id->str);
      st->res.id = st->res_id->str;
      st->res.name = st->res_has_name ? st->res_name->str : NULL;
      guint32 index = cpm_schedule_add_resource(st->schedule, &st->res);
      if (!p6xml_map_add(&st->res_map, st->res.object_id, index, st->obj_line))
        return p6xml_fail(st, CPM_IMPORT_ERROR_DUPLICATE, st->obj_line,
                          "duplicate resource ObjectId %" G_GINT64_FORMAT, st->res.object_id);
      if (st->res_calendar_id >= 0) {
        P6xmlRef ref = { index, st->obj_line, st->res_calendar_id };
        g_array_append_val(st->res_calendars, ref);
      }
      return TRUE;
    }
    case P6K_ASSIGNMENT:
      if (st->assign.activity_id < 0)
        return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, st->assign.line,
                          "resource assignment %" G_GINT64_FORMAT " has no ActivityObjectId",
                          st->assign.object_id);
      /* A role assignment without a resource does not drive dates. */
      if (st->assign.resource_id >= 0)
        g_array_append_val(st->pending_assigns, st->assign);
      return TRUE;
    default:
      return TRUE;
  }
}

/* Handles the text of a field element `name` inside an object of kind
 * parent. text is trimmed and NUL-terminated; "" for empty or nil. */
static gboolean
p6xml_field(P6xmlReader *st, P6xmlKind parent, guint name, gchar *text)
{
  gint e = 0;
  switch (parent) {
    case P6K_PROJECT:
    case P6K_SCHEDOPTS: {
      CpmOptions *o = parent == P6K_PROJECT ? &st->opt_direct : &st->opt_sched;
      guint *set = parent == P6K_PROJECT ? &st->opt_direct_set : &st->opt_sched_set;
      if (*text == '\0')
        return TRUE;
      switch (name) {
        case P6N_ObjectId: {
          gint64 id = -1;
          if (!p6xml_parse_id(st, text, name, &id))
            return FALSE;
          P6xmlProj *known = g_hash_table_lookup(st->projects_by_id, &id);
          if (known != NULL && (known->defined || st->cur_proj != NULL))
            return p6xml_fail(st, CPM_IMPORT_ERROR_DUPLICATE, p6xml_line(st),
                              "duplicate project ObjectId %" G_GINT64_FORMAT " (first at line %u)",
                              id, known->line);
          st->proj.object_id = id;
          if (known != NULL) {
            st->cur_proj = known;
          } else if (st->cur_proj != NULL) {
            st->cur_proj->object_id = id;
            g_hash_table_insert(st->projects_by_id, &st->cur_proj->object_id, st->cur_proj);
          }
          return TRUE;
        }
        case P6N_Id:
          st->proj.id = cpm_schedule_intern(st->schedule, text);
          if (st->cur_proj != NULL)
            cpm_schedule_project_mut(st->schedule, st->cur_proj->index)->id = st->proj.id;
          return TRUE;
        case P6N_Name:
          st->proj.name = cpm_schedule_intern(st->schedule, text);
          return TRUE;
        case P6N_DataDate:
          return p6xml_parse_date(st, text, name, &st->proj.data_date);
        case P6N_PlannedStartDate:
          return p6xml_parse_date(st, text, name, &st->proj.planned_start);
        case P6N_MustFinishByDate:
          return p6xml_parse_date(st, text, name, &st->proj.must_finish_by);
        case P6N_ActivityDefaultCalendarObjectId:
          return p6xml_parse_id(st, text, name, &st->proj_calendar_id);
        case P6N_OutOfSequenceScheduleType:
          if (!p6xml_parse_enum(st, text, p6xml_progress_names, "OutOfSequenceScheduleType", &e))
            return FALSE;
          o->progress = (CpmProgressPolicy)e;
          *set |= P6XML_OPT_PROGRESS;
          return TRUE;
        case P6N_RelationshipLagCalendar:
          if (!p6xml_parse_enum(st, text, p6xml_lag_calendar_names, "RelationshipLagCalendar", &e))
            return FALSE;
          o->lag_calendar = (CpmLagCalendar)e;
          *set |= P6XML_OPT_LAG_CAL;
          return TRUE;
        case P6N_ComputeTotalFloatType:
          if (!p6xml_parse_enum(st, text, p6xml_float_names, "ComputeTotalFloatType", &e))
            return FALSE;
          o->float_type = (CpmFloatType)e;
          *set |= P6XML_OPT_FLOAT;
          return TRUE;
        case P6N_CriticalActivityPathType:
          if (!p6xml_parse_enum(st, text, p6xml_critical_names, "CriticalActivityPathType", &e))
            return FALSE;
          o->critical_mode = (CpmCriticalMode)e;
          *set |= P6XML_OPT_CRIT_MODE;
          return TRUE;
        case P6N_CriticalActivityFloatThreshold:
        case P6N_CriticalActivityFloatLimit:
          *set |= P6XML_OPT_CRIT_FLOAT;
          return p6xml_parse_hours(st, text, name, TRUE, &o->critical_float);
        case P6N_MakeOpenEndedActivitiesCritical:
          *set |= P6XML_OPT_OPEN_ENDS;
          return p6xml_parse_bool(st, text, name, &o->open_ends_critical);
        case P6N_UseExpectedFinishDates:
          *set |= P6XML_OPT_EXPECTED;
          return p6xml_parse_bool(st, text, name, &o->use_expected_finish);
        case P6N_CalculateFloatBasedOnFinishDate:
          *set |= P6XML_OPT_PER_PROJECT;
          return p6xml_parse_bool(st, text, name, &o->float_per_project);
        case P6N_StartToStartLagCalculationType:
          /* A boolean (true = from early start); some writers spell it. */
          *set |= P6XML_OPT_SS_ES;
          if (strcmp(text, "Early Start") == 0 || strcmp(text, "Actual Start") == 0) {
            o->ss_lag_from_early_start = text[0] == 'E';
            return TRUE;
          }
          return p6xml_parse_bool(st, text, name, &o->ss_lag_from_early_start);
        case P6N_IgnoreOtherProjectRelationships:
          *set |= P6XML_OPT_IGNORE_EXT;
          return p6xml_parse_bool(st, text, name, &o->ignore_external_links);
        default:
          return TRUE;
      }
    }
    case P6K_BASELINE:
      if (name == P6N_Name || (name == P6N_Id && st->baseline_name->len == 0))
        g_string_assign(st->baseline_name, text);
      return TRUE;
    case P6K_CALENDAR:
      switch (name) {
        case P6N_ObjectId:
          return p6xml_parse_id(st, text, name, &st->cur_cal->object_id);
        case P6N_Name:
          g_free(st->cur_cal->name);
          st->cur_cal->name = g_strdup(text);
          return TRUE;
        case P6N_HoursPerDay:
        case P6N_HoursPerWeek: {
          gdouble h = 0;
          gdouble max = name == P6N_HoursPerDay ? 24 : 168;
          if (*text == '\0')
            return TRUE;
          if (!p6xml_parse_double(st, text, name, &h))
            return FALSE;
          if (h < 0 || h > max)
            return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st),
                              "<%s> of %s is outside 0..%g", p6xml_name_string(name), text, max);
          if (name == P6N_HoursPerDay)
            st->cur_cal->hours_per_day = h;
          else
            st->cur_cal->hours_per_week = h;
          return TRUE;
        }
        case P6N_BaseCalendarObjectId:
          return p6xml_parse_id(st, text, name, &st->cur_cal->base_id);
        case P6N_IsDefault:
          return *text == '\0' || p6xml_parse_bool(st, text, name, &st->cur_cal->is_default);
        default:
          return TRUE;
      }
    case P6K_WEEKDAY:
      if (!p6xml_parse_enum(st, text, p6xml_weekday_names, "DayOfWeek", &e))
        return FALSE;
      st->cur_weekday = e;
      return TRUE;
    case P6K_EXCEPTION:
      return p6xml_parse_date(st, text, name, &st->cur_exc_date);
    case P6K_WORKTIME: {
      gint minutes = 0;
      gboolean seconds = FALSE;
      if (*text == '\0')
        return TRUE;
      if (!p6xml_parse_clock(st, text, name, &minutes, &seconds))
        return FALSE;
      if (name == P6N_Start) {
        st->wt_start = minutes;
      } else {
        /* Finish is the last working minute: 11:59 (or 11:59:59) ends at
         * 12:00; 00:00 and 24:00 end at midnight. */
        if (minutes == 0 || minutes == 1440)
          st->wt_finish = 1440;
        else
          st->wt_finish = MIN(minutes + 1, 1440);
      }
      return TRUE;
    }
    case P6K_WBS:
      switch (name) {
        case P6N_ObjectId:
          return p6xml_parse_id(st, text, name, &st->wbs.object_id);
        case P6N_ParentObjectId:
          return p6xml_parse_id(st, text, name, &st->wbs_parent_id);
        case P6N_ProjectObjectId:
          return p6xml_parse_id(st, text, name, &st->wbs_project_id);
        case P6N_Code:
          g_string_assign(st->wbs_code, text);
          return TRUE;
        case P6N_Name:
          g_string_assign(st->wbs_name, text);
          st->wbs_has_name = TRUE;
          return TRUE;
        default:
          return TRUE;
      }
    case P6K_ACTIVITY: {
      CpmActivity *a = &st->act;
      switch (name) {
        case P6N_Id:
          g_string_assign(st->act_id, text);
          st->act_has_id = TRUE;
          return TRUE;
        case P6N_Name:
          g_string_assign(st->act_name, text);
          st->act_has_name = TRUE;
          return TRUE;
        case P6N_ObjectId:
          return p6xml_parse_id(st, text, name, &a->object_id);
        case P6N_ProjectObjectId:
          return p6xml_parse_id(st, text, name, &st->act_project_id);
        case P6N_WBSObjectId:
          return p6xml_parse_id(st, text, name, &st->act_wbs_id);
        case P6N_CalendarObjectId:
          return p6xml_parse_id(st, text, name, &st->act_calendar_id);
        case P6N_Type:
          if (*text == '\0')
            return TRUE;
          if (!p6xml_parse_enum(st, text, p6xml_activity_types, "activity type", &e))
            return FALSE;
          a->type = (CpmActivityType)e;
          return TRUE;
        case P6N_PlannedDuration:
          if (*text == '\0')
            return TRUE;
          st->act_has_planned = TRUE;
          return p6xml_parse_hours(st, text, name, FALSE, &a->planned_duration);
        case P6N_RemainingDuration:
          if (*text == '\0')
            return TRUE;
          st->act_has_remaining = TRUE;
          return p6xml_parse_hours(st, text, name, FALSE, &a->remaining_duration);
        case P6N_PercentComplete: {
          gdouble f = 0;
          if (*text == '\0')
            return TRUE;
          if (!p6xml_parse_double(st, text, name, &f))
            return FALSE;
          if (f < 0 || f > 1.000001)
            return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st),
                              "<PercentComplete> %s is outside 0..1", text);
          a->percent_complete = MIN(f, 1.0) * 100.0;
          return TRUE;
        }
        case P6N_ActualStartDate:
          return p6xml_parse_date(st, text, name, &a->actual_start);
        case P6N_ActualFinishDate:
          return p6xml_parse_date(st, text, name, &a->actual_finish);
        case P6N_PrimaryConstraintType:
        case P6N_SecondaryConstraintType:
          if (!p6xml_parse_enum(st, text, p6xml_constraint_names, "constraint type", &e))
            return FALSE;
          if (name == P6N_PrimaryConstraintType)
            a->constraint = (CpmConstraintType)e;
          else
            a->constraint2 = (CpmConstraintType)e;
          return TRUE;
        case P6N_PrimaryConstraintDate:
          return p6xml_parse_date(st, text, name, &a->constraint_date);
        case P6N_SecondaryConstraintDate:
          return p6xml_parse_date(st, text, name, &a->constraint2_date);
        case P6N_ExpectedFinishDate:
          return p6xml_parse_date(st, text, name, &a->expected_finish);
        case P6N_SuspendDate:
          return p6xml_parse_date(st, text, name, &a->suspend_date);
        case P6N_ResumeDate:
          return p6xml_parse_date(st, text, name, &a->resume_date);
        case P6N_PlannedStartDate:
          return p6xml_parse_date(st, text, name, &a->planned_start);
        case P6N_PlannedFinishDate:
          return p6xml_parse_date(st, text, name, &a->planned_finish);
        default:
          return TRUE;
      }
    }
    case P6K_ACT_CODE:
      return p6xml_parse_id(st, text, name, &st->code_value_id);
    case P6K_RELATION:
      switch (name) {
        case P6N_ObjectId:
          return p6xml_parse_id(st, text, name, &st->rel.object_id);
        case P6N_PredecessorActivityObjectId:
          return p6xml_parse_id(st, text, name, &st->rel.pred);
        case P6N_SuccessorActivityObjectId:
          return p6xml_parse_id(st, text, name, &st->rel.succ);
        case P6N_PredecessorProjectObjectId:
          return p6xml_parse_id(st, text, name, &st->rel.pred_project);
        case P6N_SuccessorProjectObjectId:
          return p6xml_parse_id(st, text, name, &st->rel.succ_project);
        case P6N_Type:
          if (!p6xml_parse_enum(st, text, p6xml_link_names, "relationship type", &e))
            return FALSE;
          st->rel.type = (CpmLinkType)e;
          return TRUE;
        case P6N_Lag:
          return *text == '\0' || p6xml_parse_hours(st, text, name, TRUE, &st->rel.lag);
        default:
          return TRUE;
      }
    case P6K_CODE_TYPE:
      switch (name) {
        case P6N_ObjectId:
          return p6xml_parse_id(st, text, name, &st->code_type.object_id);
        case P6N_ProjectObjectId:
          return p6xml_parse_id(st, text, name, &st->code_type_project_id);
        case P6N_Name:
          g_string_assign(st->code_type_name, text);
          return TRUE;
        default:
          return TRUE;
      }
    case P6K_CODE:
      switch (name) {
        case P6N_ObjectId:
          return p6xml_parse_id(st, text, name, &st->code.object_id);
        case P6N_CodeTypeObjectId:
          return p6xml_parse_id(st, text, name, &st->code.type_id);
        case P6N_CodeValue:
          g_free(st->code.value);
          st->code.value = g_strdup(text);
          return TRUE;
        case P6N_Description:
          g_free(st->code.description);
          st->code.description = *text != '\0' ? g_strdup(text) : NULL;
          return TRUE;
        default:
          return TRUE;
      }
    case P6K_RESOURCE:
      switch (name) {
        case P6N_ObjectId:
          return p6xml_parse_id(st, text, name, &st->res.object_id);
        case P6N_Id:
          g_string_assign(st->res_id, text);
          return TRUE;
        case P6N_Name:
          g_string_assign(st->res_name, text);
          st->res_has_name = TRUE;
          return TRUE;
        case P6N_CalendarObjectId:
          return p6xml_parse_id(st, text, name, &st->res_calendar_id);
        default:
          return TRUE;
      }
    case P6K_ASSIGNMENT:
      switch (name) {
        case P6N_ObjectId:
          return p6xml_parse_id(st, text, name, &st->assign.object_id);
        case P6N_ActivityObjectId:
          return p6xml_parse_id(st, text, name, &st->assign.activity_id);
        case P6N_ResourceObjectId:
          return p6xml_parse_id(st, text, name, &st->assign.resource_id);
        case P6N_RemainingUnits:
        case P6N_RemainingUnitsPerTime: {
          gdouble v = 0;
          if (*text == '\0')
            return TRUE;
          if (!p6xml_parse_double(st, text, name, &v))
            return FALSE;
          if (v < 0 || v > P6XML_MAX_HOURS)
            return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, p6xml_line(st),
                              "<%s> of %s is out of range", p6xml_name_string(name), text);
          if (name == P6N_RemainingUnits)
            st->assign.units = v;
          else
            st->assign.units_per_time = v;
          return TRUE;
        }
        default:
          return TRUE;
      }
    default:
      return TRUE;
  }
}

/* ---- the SAX callbacks -------------------------------------------------- */

/* Stops the parser after an error of ours or of libxml2. */
static void
p6xml_stop(P6xmlReader *st)
{
  if (st->ctxt != NULL)
    xmlStopParser(st->ctxt);
}

/* TRUE when a Project start tag carries external="true" (a stub of a
 * project outside the file, there for its activities' Ids). */
static gboolean
p6xml_is_external(int nb_attributes, const xmlChar **attributes)
{
  /* attributes: (localname, prefix, URI, value, end) per attribute. */
  for (int i = 0; i < nb_attributes; i++) {
    const xmlChar **a = attributes + 5 * i;
    if (strcmp((const gchar *)a[0], "external") != 0)
      continue;
    gsize len = (gsize)(a[4] - a[3]);
    return (len == 4 && memcmp(a[3], "true", 4) == 0) || (len == 1 && a[3][0] == '1');
  }
  return FALSE;
}

static void
p6xml_sax_start(void *data, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                const xmlChar **attributes)
{
  P6xmlReader *st = data;
  if (st->error != NULL)
    return;
  if (st->n_frames - 1 + st->skip_level >= P6XML_MAX_DEPTH) {
    p6xml_fail(st, CPM_IMPORT_ERROR_LIMIT, p6xml_line(st), "elements nested deeper than %d levels",
               P6XML_MAX_DEPTH);
    p6xml_stop(st);
    return;
  }
  if (st->skip_level > 0) {
    st->skip_level++;
    return;
  }
  guint name = p6xml_name_id(st, localname);
  P6xmlKind parent = st->frames[st->n_frames - 1].kind;
  P6xmlKind kind = p6xml_children[parent][name];

  if (parent == P6K_DOC) {
    if (kind != P6K_TOP) {
      p6xml_fail(st, CPM_IMPORT_ERROR_FORMAT, p6xml_line(st),
                 "root element <%s> is not P6 XML (expected <APIBusinessObjects>)",
                 (const gchar *)localname);
      p6xml_stop(st);
      return;
    }
    st->saw_root = TRUE;
  }
  if (kind == P6K_PROJECT && nb_attributes > 0 && p6xml_is_external(nb_attributes, attributes)) {
    cpm_schedule_add_note(st->schedule, "%s:%u: external project kept aside (reference only)",
                          st->filename, p6xml_line(st));
    kind = P6K_SKIP;
  }
  if (kind == P6K_SKIP) {
    st->skip_level = 1;
    return;
  }
  if (kind == P6K_FIELD)
    g_string_truncate(st->text, 0);
  else
    p6xml_begin(st, kind);
  st->frames[st->n_frames].kind = (guint8)kind;
  st->frames[st->n_frames].name = (guint8)name;
  st->n_frames++;
}

static void
p6xml_sax_end(void *data, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
  P6xmlReader *st = data;
  if (st->error != NULL)
    return;
  if (st->skip_level > 0) {
    st->skip_level--;
    return;
  }
  P6xmlFrame frame = st->frames[--st->n_frames];
  gboolean ok;
  if (frame.kind == P6K_FIELD)
    ok = p6xml_field(st, st->frames[st->n_frames - 1].kind, frame.name, p6xml_trim(st->text));
  else
    ok = p6xml_end(st, frame.kind);
  if (!ok)
    p6xml_stop(st);
}

static void
p6xml_sax_characters(void *data, const xmlChar *chars, int len)
{
  P6xmlReader *st = data;
  if (st->skip_level > 0 || st->frames[st->n_frames - 1].kind != P6K_FIELD || st->error != NULL)
    return;
  if (st->text->len + (gsize)len > P6XML_MAX_VALUE) {
    p6xml_fail(st, CPM_IMPORT_ERROR_LIMIT, p6xml_line(st), "text of <%s> longer than %d bytes",
               p6xml_name_string(st->frames[st->n_frames - 1].name), P6XML_MAX_VALUE);
    p6xml_stop(st);
    return;
  }
  g_string_append_len(st->text, (const gchar *)chars, len);
}

/* Any DTD or entity declaration ends the import before it is processed. */
static void
p6xml_sax_subset(void *data, const xmlChar *name, const xmlChar *external_id,
                 const xmlChar *system_id)
{
  P6xmlReader *st = data;
  p6xml_fail(st, CPM_IMPORT_ERROR_SECURITY, p6xml_line(st), "DOCTYPE declarations are not allowed");
  p6xml_stop(st);
}

static void
p6xml_sax_entity_decl(void *data, const xmlChar *name, int type, const xmlChar *public_id,
                      const xmlChar *system_id, xmlChar *content)
{
  P6xmlReader *st = data;
  p6xml_fail(st, CPM_IMPORT_ERROR_SECURITY, p6xml_line(st), "entity declarations are not allowed");
  p6xml_stop(st);
}

static void
p6xml_sax_reference(void *data, const xmlChar *name)
{
  P6xmlReader *st = data;
  p6xml_fail(st, CPM_IMPORT_ERROR_SECURITY, p6xml_line(st), "entity reference &%s; is not allowed",
             (const gchar *)name);
  p6xml_stop(st);
}

/* No entity is ever known: only the five predefined ones are accepted. */
static xmlEntityPtr
p6xml_sax_get_entity(void *data, const xmlChar *name)
{
  return NULL;
}

/* The structured error handler of the parser: keeps the first error and
 * stops (libxml2 would otherwise recover from some errors). */
static void
p6xml_on_xml_error(void *data, xmlErrorPtr error)
{
  P6xmlReader *st = data;
  if (error == NULL || error->level < XML_ERR_ERROR || st->xml_failed)
    return;
  st->xml_failed = TRUE;
  st->xml_code = error->code;
  st->xml_line = error->line;
  g_autofree gchar *message = g_strdup(error->message != NULL ? error->message : "XML error");
  g_strstrip(message);
  g_strdelimit(message, "\r\n", ' ');
  st->xml_message = g_steal_pointer(&message);
  p6xml_stop(st);
}

/* Silences libxml2's global generic-error channel. */
static void
p6xml_silent(void *data, const char *format, ...)
{
}

static void
p6xml_xml_error_to_gerror(P6xmlReader *st)
{
  CpmImportError code = CPM_IMPORT_ERROR_SYNTAX;
  const gchar *what = "malformed XML";
  switch (st->xml_code) {
    case XML_ERR_ENTITYREF_AT_EOF:
    case XML_ERR_ENTITYREF_IN_PROLOG:
    case XML_ERR_ENTITYREF_IN_EPILOG:
    case XML_ERR_ENTITYREF_IN_DTD:
    case XML_ERR_PEREF_AT_EOF:
    case XML_ERR_PEREF_IN_PROLOG:
    case XML_ERR_PEREF_IN_EPILOG:
    case XML_ERR_PEREF_IN_INT_SUBSET:
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
    case XML_ERR_UNPARSED_ENTITY:
    case XML_ERR_ENTITY_IS_EXTERNAL:
    case XML_ERR_ENTITY_IS_PARAMETER:
    case XML_ERR_EXT_ENTITY_STANDALONE:
    case XML_ERR_ENTITY_LOOP:
    case XML_ERR_ENTITY_BOUNDARY:
    case XML_ERR_ENTITY_PROCESSING:
      code = CPM_IMPORT_ERROR_SECURITY;
      what = "entities are not allowed";
      break;
    default:
      if (st->xml_message != NULL
          && (strstr(st->xml_message, "depth") != NULL
              || strstr(st->xml_message, "huge") != NULL)) {
        code = CPM_IMPORT_ERROR_LIMIT;
        what = "XML beyond critpath's limits";
      }
      break;
  }
  p6xml_fail(st, code, st->xml_line > 0 ? (guint32)st->xml_line : p6xml_line(st), "%s: %s", what,
             st->xml_message != NULL ? st->xml_message : "error");
}

/* Refuses a DOCTYPE in the prolog of the first block before libxml2 sees
 * it; the internalSubset callback catches one that starts further on. */
static gboolean
p6xml_prescan(P6xmlReader *st, const gchar *buf, gsize n)
{
  const gchar *p = buf;
  const gchar *end = buf + n;
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end) {
    if (g_ascii_isspace(*p)) {
      p++;
    } else if (end - p >= 2 && p[0] == '<' && p[1] == '?') {
      const gchar *q = g_strstr_len(p, end - p, "?>");
      p = q != NULL ? q + 2 : end;
    } else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
      const gchar *q = g_strstr_len(p + 4, end - p - 4, "-->");
      p = q != NULL ? q + 3 : end;
    } else if (end - p >= 2 && p[0] == '<' && p[1] == '!') {
      guint32 line = 1;
      for (const gchar *q = buf; q < p; q++)
        line += *q == '\n';
      return p6xml_fail(st, CPM_IMPORT_ERROR_SECURITY, line,
                        "DOCTYPE declarations are not allowed");
    } else {
      break;
    }
  }
  return TRUE;
}

/* Reads the file in blocks and pushes them to the parser: O(file size),
 * memory O(block). */
static gboolean
p6xml_parse(P6xmlReader *st)
{
  g_autofree gchar *buf = g_malloc(P6XML_BLOCK);
  gboolean first = TRUE;
  for (;;) {
    gssize n = read(st->fd, buf, P6XML_BLOCK);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int saved = errno;
      return p6xml_fail(st, CPM_IMPORT_ERROR_IO, p6xml_line(st), "cannot read: %s",
                        g_strerror(saved));
    }
    if (first) {
      if (n == 0)
        return p6xml_fail(st, CPM_IMPORT_ERROR_SYNTAX, 1, "the file is empty");
      if (!p6xml_prescan(st, buf, (gsize)n))
        return FALSE;
      /* The first bytes let libxml2 detect the encoding and a BOM. */
      int head = (int)MIN(n, 4);
      xmlSAXHandler sax;
      memset(&sax, 0, sizeof sax);
      sax.initialized = XML_SAX2_MAGIC;
      sax.startElementNs = p6xml_sax_start;
      sax.endElementNs = p6xml_sax_end;
      sax.characters = p6xml_sax_characters;
      sax.cdataBlock = p6xml_sax_characters;
      sax.internalSubset = p6xml_sax_subset;
      sax.externalSubset = p6xml_sax_subset;
      sax.entityDecl = p6xml_sax_entity_decl;
      sax.reference = p6xml_sax_reference;
      sax.getEntity = p6xml_sax_get_entity;
      sax.getParameterEntity = p6xml_sax_get_entity;
      sax.serror = p6xml_on_xml_error;
      st->ctxt = xmlCreatePushParserCtxt(&sax, st, buf, head, st->filename);
      if (st->ctxt == NULL)
        return p6xml_fail(st, CPM_IMPORT_ERROR_IO, 1, "cannot start the XML parser");
      /* No NOENT, DTDLOAD or DTDATTR: no entity expanded, no DTD loaded. */
      xmlCtxtUseOptions(st->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
      first = FALSE;
      if (n > head)
        xmlParseChunk(st->ctxt, buf + head, (int)(n - head), 0);
    } else {
      xmlParseChunk(st->ctxt, buf, (int)n, n == 0);
    }
    if (st->error != NULL)
      return FALSE;
    if (st->xml_failed) {
      p6xml_xml_error_to_gerror(st);
      return FALSE;
    }
    if (n == 0)
      break;
  }
  if (!st->ctxt->wellFormed) {
    st->xml_failed = TRUE;
    st->xml_message = g_strdup("the document is not well-formed");
    p6xml_xml_error_to_gerror(st);
    return FALSE;
  }
  if (!st->saw_root)
    return p6xml_fail(st, CPM_IMPORT_ERROR_SYNTAX, p6xml_line(st), "no root element");
  return TRUE;
}

/* ---- resolution --------------------------------------------------------- */

/* Builds one calendar: its own week or the nearest base's, and the
 * exceptions of its bases overridden by its own. O(exceptions). */
static gboolean
p6xml_build_calendar(P6xmlReader *st, P6xmlCal *cal)
{
  /* The chain cal, base, base of base ... (loops refused). */
  g_autoptr(GPtrArray) chain = g_ptr_array_new();
  for (P6xmlCal *c = cal; c != NULL;) {
    g_ptr_array_add(chain, c);
    if (c->base_id < 0)
      break;
    P6xmlCal *base = g_hash_table_lookup(st->calendars_by_id, &c->base_id);
    if (base == NULL || !base->defined)
      return p6xml_fail(st, CPM_IMPORT_ERROR_REFERENCE, c->line,
                        "calendar '%s': base calendar ObjectId %" G_GINT64_FORMAT " does not exist",
                        c->name != NULL ? c->name : "", c->base_id);
    if (chain->len > st->calendars->len)
      return p6xml_fail(st, CPM_IMPORT_ERROR_REFERENCE, cal->line,
                        "calendar '%s': its base calendars form a loop",
                        cal->name != NULL ? cal->name : "");
    c = base;
  }

  g_autoptr(CpmCalendar) calendar = cpm_calendar_new(cal->name != NULL ? cal->name : "");
  g_autoptr(GError) local_error = NULL;
  const P6xmlCal *week = NULL;
  gdouble hpd = 0;
  gdouble hpw = 0;
  for (guint i = 0; i < chain->len; i++) {
    const P6xmlCal *c = g_ptr_array_index(chain, i);
    if (week == NULL && c->has_week)
      week = c;
    if (hpd == 0)
      hpd = c->hours_per_day;
    if (hpw == 0)
      hpw = c->hours_per_week;
  }
  gboolean ok = TRUE;
  for (guint d = 0; d < 7 && ok && week != NULL; d++) {
    GArray *iv = week->week[d];
    ok = cpm_calendar_set_weekday(calendar, d,
                                  iv != NULL ? (CpmWorkInterval *)(gpointer)iv->data : NULL,
                                  iv != NULL ? iv->len : 0, &local_error);
  }
  for (guint i = chain->len; i > 0 && ok; i--) {
    const P6xmlCal *c = g_ptr_array_index(chain, i - 1);
    for (guint j = 0; j < c->exceptions->len && ok; j++) {
      const P6xmlException *e = &g_array_index(c->exceptions, P6xmlException, j);
      ok = cpm_calendar_set_exception(calendar, e->day, e->intervals, e->n, &local_error);
    }
  }
  if (ok && hpd > 0)
    cpm_calendar_set_hours_per_day(calendar, hpd);
  if (ok && hpw > 0)
    cpm_calendar_set_hours_per_week(calendar, hpw);
  if (ok)
    ok = cpm_calendar_seal(calendar, &local_error);
  if (!ok)
    return p6xml_fail(st, CPM_IMPORT_ERROR_VALUE, cal->line, "calendar '%s': %s",
                      cal->name != NULL ? cal->name : "",
                      local_error != NULL ? local_error->message : "invalid");
  cal->index = cpm_schedule_add_calendar(st->schedule, calendar);
  return TRUE;
}

/* The calendar critpath uses when a file has none: Monday to Friday,
 * 08:00-12:00 and 13:00-17:00, 8 hours a day. */
static guint32
p6xml_default_calendar(P6xmlReader *st)
{
  static const CpmWorkInterval day[] = { { 480, 720 }, { 780, 1020 } };
  g_autoptr(CpmCalendar) calendar = cpm_calendar_new("Standard (critpath default)");
  for (guint d = 1; d <= 5; d++)
    cpm_calendar_set_weekday(calendar, d, day, G_N_ELEMENTS(day), NULL);
  cpm_calendar_set_hours_per_day(calendar, 8);
  cpm_calendar_set_hours_per_week(calendar, 40);
  cpm_calendar_seal(calendar, NULL);
  cpm_schedule_add_note(st->schedule,
                        "%s:1: no calendar in the file; using Monday to Friday, 08:00-12:00 and "
                        "13:00-17:00, 8 hours a day",
                        st->filename);
  return cpm_schedule_add_calendar(st->schedule, calendar);
}

static gboolean
p6xml_resolve_calendars(P6xmlReader *st)
{
  guint32 fallback = CPM_NO_INDEX;
  for (guint i = 0; i < st->calendars->len; i++) {
    P6xmlCal *cal = g_ptr_array_index(st->calendars, i);
    if (!cal->defined) {
      if (cal->required)
        return p6xml_fail(st, CPM_IMPORT_ERROR_REFERENCE, cal->line,
                          "calendar ObjectId %" G_GINT64_FORMAT " does not exist", cal->object_id);
      continue;
    }
    if (!p6xml_build_calendar(st, cal))
      return FALSE;
  }
  /* The fallback: the IsDefault calendar, else the first one, else a
   * default made up for the file. */
  for (guint i = 0; i < st->calendars->len && fallback == CPM_NO_INDEX; i++) {
    P6xmlCal *cal = g_ptr_array_index(st->calendars, i);
    if (cal->defined && cal->is_default)
      fallback = cal->index;
  }
  for (guint i = 0; i < st->calendars->len && fallback == CPM_NO_INDEX; i++) {
    P6xmlCal *cal = g_ptr_array_index(st->calendars, i);
    if (cal->defined)
      fallback = cal->index;
  }
  guint n_activities = cpm_schedule_n_activities(st->schedule);
  if (fallback == CPM_NO_INDEX && (st->projects->len > 0 || n_activities > st->first_activity))
    fallback = p6xml_default_calendar(st);

  /* Project default calendars. */
  for (guint i = 0; i < st->projects->len; i++) {
    P6xmlProj *p = g_ptr_array_index(st->projects, i);
    CpmProject *project = cpm_schedule_project_mut(st->schedule, p->index);
    project->default_calendar = fallback;
    if (p->calendar_id < 0)
      continue;
    P6xmlCal *cal = g_hash_table_lookup(st->calendars_by_id, &p->calendar_id);
    if (cal != NULL && cal->defined)
      project->default_calendar = cal->index;
    else
      cpm_schedule_add_note(st->schedule,
                            "%s:%u: project '%s': default calendar ObjectId %" G_GINT64_FORMAT
                            " is not in the file; using '%s'",
                            st->filename, p->line, project->id, p->calendar_id,
                            cpm_calendar_get_name(cpm_schedule_calendar(st->schedule, fallback)));
  }

  /* Activities: their slot, else their project's default. */
  for (guint i = st->first_activity; i < n_activities; i++) {
    CpmActivity *a = cpm_schedule_activity_mut(st->schedule, i);
    if (a->calendar == CPM_NO_INDEX) {
      a->calendar = cpm_schedule_project(st->schedule, a->project)->default_calendar;
    } else {
      P6xmlCal *cal = g_ptr_array_index(st->calendars, a->calendar);
      a->calendar = cal->index;
    }
  }
  return TRUE;
}

static gboolean
p6xml_resolve_relations(P6xmlReader *st)
{
  for (guint i = 0; i < st->pending_rels->len; i++) {
    const P6xmlRel *rel = &g_array_index(st->pending_rels, P6xmlRel, i);
    if (p6xml_try_relation(st, rel))
      continue;
    gboolean pred_missing = p6xml_map_find(&st->act_map, rel->pred) == CPM_NO_INDEX;
    gint64 activity = pred_missing ? rel->pred : rel->succ;
    gint64 project = pred_missing ? rel->pred_project : rel->succ_project;
    P6xmlProj *p = project >= 0 ? g_hash_table_lookup(st->projects_by_id, &project) : NULL;
    if (project >= 0 && (p == NULL || !p->defined)) {
      cpm_schedule_add_note(st->schedule,
                            "%s:%u: relationship %" G_GINT64_FORMAT
                            " to an activity of project %" G_GINT64_FORMAT
                            ", which is not in this file, ignored",
                            st->filename, rel->line, rel->object_id, project);
      continue;
    }
    return p6xml_fail(st, CPM_IMPORT_ERROR_REFERENCE, rel->line,
                      "relationship %" G_GINT64_FORMAT ": %s activity ObjectId %" G_GINT64_FORMAT
                      " does not exist",
                      rel->object_id, pred_missing ? "predecessor" : "successor", activity);
  }
  return TRUE;
}

static gboolean
p6xml_check_unique(P6xmlReader *st, P6xmlMap *map, const gchar *what)
{
  const P6xmlKey *first = NULL;
  const P6xmlKey *dup = p6xml_map_seal(map, &first);
  if (dup != NULL)
    return p6xml_fail(st, CPM_IMPORT_ERROR_DUPLICATE, MAX(dup->line, first->line),
                      "duplicate %s ObjectId %" G_GINT64_FORMAT " (first at line %u)", what,
                      dup->object_id, MIN(dup->line, first->line));
  return TRUE;
}

static gboolean
p6xml_resolve(P6xmlReader *st)
{
  /* Projects only referred to by ObjectId must exist. */
  for (guint i = 0; i < st->projects->len; i++) {
    P6xmlProj *p = g_ptr_array_index(st->projects, i);
    if (!p->defined)
      return p6xml_fail(st, CPM_IMPORT_ERROR_REFERENCE, p->line,
                        "project ObjectId %" G_GINT64_FORMAT " does not exist", p->object_id);
  }
  if (!p6xml_check_unique(st, &st->act_map, "activity")
      || !p6xml_check_unique(st, &st->wbs_map, "WBS")
      || !p6xml_check_unique(st, &st->code_type_map, "activity code type")
      || !p6xml_check_unique(st, &st->res_map, "resource"))
    return FALSE;
  if (!p6xml_resolve_calendars(st))
    return FALSE;

  /* WBS parents (a parent outside the file, such as the project's own
   * node, makes a top node) and activities' WBS nodes. */
  for (guint i = 0; i < st->wbs_parents->len; i++) {
    const P6xmlRef *ref = &g_array_index(st->wbs_parents, P6xmlRef, i);
    guint32 parent = p6xml_map_find(&st->wbs_map, ref->target_id);
    CpmWbs *w = cpm_schedule_wbs_mut(st->schedule, ref->index);
    w->parent = parent;
  }
  for (guint i = 0; i < st->act_wbs->len; i++) {
    const P6xmlRef *ref = &g_array_index(st->act_wbs, P6xmlRef, i);
    cpm_schedule_activity_mut(st->schedule, ref->index)->wbs
        = p6xml_map_find(&st->wbs_map, ref->target_id);
  }

  if (!p6xml_resolve_relations(st))
    return FALSE;

  /* Code values, then code assignments. */
  g_auto(P6xmlMap) values = { NULL, TRUE };
  p6xml_map_init(&values);
  for (guint i = 0; i < st->pending_codes->len; i++) {
    const P6xmlCodeValue *v = &g_array_index(st->pending_codes, P6xmlCodeValue, i);
    guint32 type = p6xml_map_find(&st->code_type_map, v->type_id);
    if (type == CPM_NO_INDEX)
      return p6xml_fail(st, CPM_IMPORT_ERROR_REFERENCE, v->line,
                        "activity code '%s': code type ObjectId %" G_GINT64_FORMAT
                        " does not exist",
                        v->value, v->type_id);
    CpmCodeValue cv = { type, v->value, v->description, v->object_id };
    guint32 index = cpm_schedule_add_code_value(st->schedule, &cv);
    p6xml_map_add(&values, v->object_id, index, v->line);
  }
  if (!p6xml_check_unique(st, &values, "activity code"))
    return FALSE;
  guint n_unknown = 0;
  guint32 unknown_line = 0;
  for (guint i = 0; i < st->code_refs->len; i++) {
    const P6xmlRef *ref = &g_array_index(st->code_refs, P6xmlRef, i);
    guint32 value = p6xml_map_find(&values, ref->target_id);
    if (value == CPM_NO_INDEX) {
      if (n_unknown++ == 0)
        unknown_line = ref->line;
      continue;
    }
    cpm_schedule_add_code_assignment(st->schedule, ref->index, value);
  }
  if (n_unknown > 0)
    cpm_schedule_add_note(st->schedule,
                          "%s:%u: %u activity code assignments name codes not in the file, ignored",
                          st->filename, unknown_line, n_unknown);

  /* Resource calendars, then assignments. */
  for (guint i = 0; i < st->res_calendars->len; i++) {
    const P6xmlRef *ref = &g_array_index(st->res_calendars, P6xmlRef, i);
    P6xmlCal *cal = g_hash_table_lookup(st->calendars_by_id, &ref->target_id);
    CpmResource *r = cpm_schedule_resource_mut(st->schedule, ref->index);
    r->calendar = cal != NULL && cal->defined ? cal->index : CPM_NO_INDEX;
    if (r->calendar == CPM_NO_INDEX)
      cpm_schedule_add_note(st->schedule,
                            "%s:%u: resource '%s': calendar ObjectId %" G_GINT64_FORMAT
                            " is not in the file; the activity's calendar is used",
                            st->filename, ref->line, r->id, ref->target_id);
  }
  for (guint i = 0; i < st->pending_assigns->len; i++) {
    const P6xmlAssign *as = &g_array_index(st->pending_assigns, P6xmlAssign, i);
    guint32 activity = p6xml_map_find(&st->act_map, as->activity_id);
    guint32 resource = p6xml_map_find(&st->res_map, as->resource_id);
    if (activity == CPM_NO_INDEX || resource == CPM_NO_INDEX) {
      cpm_schedule_add_note(st->schedule,
                            "%s:%u: resource assignment %" G_GINT64_FORMAT " names a%s not in the "
                            "file, ignored",
                            st->filename, as->line, as->object_id,
                            activity == CPM_NO_INDEX ? "n activity" : " resource");
      continue;
    }
    CpmAssignment a
        = { activity, resource, as->units_per_time, (CpmDuration)llround(as->units * 60.0) };
    cpm_schedule_add_assignment(st->schedule, &a);
  }
  return TRUE;
}

static P6xmlReader *
p6xml_reader_new(CpmSchedule *schedule, const gchar *filename)
{
  P6xmlReader *st = g_new0(P6xmlReader, 1);
  st->schedule = schedule;
  st->filename = filename;
  st->fd = -1;
  st->names = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 1; i < P6N_COUNT; i++)
    g_hash_table_insert(st->names, (gpointer)p6xml_name_strings[i], GUINT_TO_POINTER(i + 1));
  st->frames[0].kind = P6K_DOC;
  st->n_frames = 1;
  st->text = g_string_sized_new(256);
  st->projects = g_ptr_array_new_with_free_func(g_free);
  st->projects_by_id = g_hash_table_new(g_int64_hash, g_int64_equal);
  st->baseline_name = g_string_new(NULL);
  st->calendars = g_ptr_array_new_with_free_func((GDestroyNotify)p6xml_cal_free);
  st->calendars_by_id = g_hash_table_new(g_int64_hash, g_int64_equal);
  st->intervals = g_array_new(FALSE, FALSE, sizeof(CpmWorkInterval));
  st->wbs_code = g_string_new(NULL);
  st->wbs_name = g_string_new(NULL);
  p6xml_map_init(&st->wbs_map);
  st->wbs_parents = g_array_new(FALSE, FALSE, sizeof(P6xmlRef));
  st->act_id = g_string_new(NULL);
  st->act_name = g_string_new(NULL);
  st->act_codes = g_array_new(FALSE, FALSE, sizeof(gint64));
  st->first_activity = cpm_schedule_n_activities(schedule);
  p6xml_map_init(&st->act_map);
  st->act_wbs = g_array_new(FALSE, FALSE, sizeof(P6xmlRef));
  st->pending_rels = g_array_new(FALSE, FALSE, sizeof(P6xmlRel));
  st->code_type_name = g_string_new(NULL);
  p6xml_map_init(&st->code_type_map);
  st->pending_codes = g_array_new(FALSE, FALSE, sizeof(P6xmlCodeValue));
  g_array_set_clear_func(st->pending_codes, p6xml_code_value_clear);
  st->code_refs = g_array_new(FALSE, FALSE, sizeof(P6xmlRef));
  st->res_id = g_string_new(NULL);
  st->res_name = g_string_new(NULL);
  p6xml_map_init(&st->res_map);
  st->res_calendars = g_array_new(FALSE, FALSE, sizeof(P6xmlRef));
  st->pending_assigns = g_array_new(FALSE, FALSE, sizeof(P6xmlAssign));
  return st;
}

gboolean
cpm_import_p6xml(CpmSchedule *schedule, const gchar *filename, GError **error)
{
  g_return_val_if_fail(schedule != NULL, FALSE);
  g_return_val_if_fail(filename != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  p6xml_init_tables();
  g_autoptr(P6xmlReader) st = p6xml_reader_new(schedule, filename);

  st->fd = g_open(filename, O_RDONLY | O_CLOEXEC, 0);
  if (st->fd < 0) {
    int saved = errno;
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot open: %s", filename,
                g_strerror(saved));
    return FALSE;
  }

  /* Size the big arrays from the file size (P6 XML takes ~1 KB per
   * activity with its relationships, or more): untouched pages cost
   * nothing. */
  GStatBuf info;
  if (fstat(st->fd, &info) == 0 && info.st_size > 1024 * 1024) {
    guint64 n = MIN((guint64)info.st_size / 800, G_MAXUINT32 / 4);
    cpm_schedule_reserve(schedule, (guint)n, (guint)(2 * n));
  }

  /* Errors raised outside the parser's context (encoding, I/O) go to the
   * thread's global handlers: route them here for the duration. */
  xmlGenericErrorFunc saved_generic = xmlGenericError;
  void *saved_generic_ctx = xmlGenericErrorContext;
  xmlStructuredErrorFunc saved_structured = xmlStructuredError;
  void *saved_structured_ctx = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc(NULL, p6xml_silent);
  xmlSetStructuredErrorFunc(st, p6xml_on_xml_error);
  gboolean ok = p6xml_parse(st);
  xmlSetStructuredErrorFunc(saved_structured_ctx, saved_structured);
  xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);

  if (ok)
    ok = p6xml_resolve(st);
  if (!ok) {
    g_propagate_error(error, g_steal_pointer(&st->error));
    return FALSE;
  }
  return TRUE;
}
