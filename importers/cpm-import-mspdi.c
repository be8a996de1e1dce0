/* SPDX-License-Identifier: MIT
 *
 * cpm-import-mspdi.c: the Microsoft Project XML (MSPDI) reader. Like the P6
 * XML reader it streams the file once through libxml2's SAX2 push parser,
 * never builds a tree, refuses any DOCTYPE or entity before libxml2 acts on
 * it, loads nothing from the network, bounds nesting and value sizes, and
 * turns every error into a one-line `FILE:LINE: ` GError. Elements are
 * matched by local name through a pointer cache and a (parent kind, name)
 * table; unused subtrees (timephased data, baselines, resources) are skipped
 * by counting depth. What is read goes into small records (calendars with
 * their week days, work weeks and exceptions; tasks with their links),
 * resolved once the file has been read, because MSPDI references may point
 * forwards: base calendars, predecessor UIDs. One file is one project,
 * scheduled with MS Project's rules (CPM_RULES_MSP): total slack is the
 * smaller of start and finish slack, lags count on the successor's calendar
 * (as MPXJ's MicrosoftScheduler does), a deadline bounds the late finish.
 * Summary tasks become WBS nodes, the others activities keyed by UID; links
 * to or from a summary task are spread over the tasks under it. MS
 * Project's computed values (Start, Finish, early and late dates, slacks,
 * Critical) are never read. Reading is O(file size); resolution is O(tasks +
 * links + calendar days).
 */
#include "cpm-import.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#define MSPDI_MAX_DEPTH     64            /* deepest element nesting accepted */
#define MSPDI_MAX_VALUE     (1024 * 1024) /* longest text value accepted, bytes */
#define MSPDI_MAX_MINUTES   6e9          /* largest duration or lag, minutes (about 11,000 years) */
#define MSPDI_MAX_SPAN_DAYS 80000        /* longest exception or work-week range, days */
#define MSPDI_MAX_LEVEL     64           /* deepest outline level kept apart */
#define MSPDI_MAX_BASES     16           /* longest chain of base calendars */
#define MSPDI_MAX_SPREAD    100000       /* most links one summary-task link may become */
#define MSPDI_NAME_CACHE    1024         /* name cache slots (power of two) */
#define MSPDI_BLOCK         (256 * 1024) /* bytes read and pushed to the parser at once */

/* Element names critpath reads. */
// clang-format off
#define MSPDI_NAMES(X) \
  X(Project) X(Name) X(Title) X(StartDate) X(FinishDate) X(StatusDate) X(ScheduleFromStart) \
  X(CalendarUID) X(MinutesPerDay) X(MinutesPerWeek) X(DaysPerMonth) X(CriticalSlackLimit) \
  X(Calendars) X(Calendar) X(UID) X(BaseCalendarUID) X(IsBaseCalendar) X(WeekDays) X(WeekDay) \
  X(DayType) X(DayWorking) X(WorkingTimes) X(WorkingTime) X(FromTime) X(ToTime) X(TimePeriod) \
  X(FromDate) X(ToDate) X(Exceptions) X(Exception) X(Type) X(Occurrences) X(Period) \
  X(DaysOfWeek) X(MonthItem) X(MonthPosition) X(Month) X(MonthDay) X(WorkWeeks) X(WorkWeek) \
  X(Tasks) X(Task) X(ID) X(OutlineLevel) X(OutlineNumber) X(WBS) X(Summary) X(Milestone) \
  X(Active) X(Manual) X(IsNull) X(ExternalTask) X(Duration) X(DurationFormat) \
  X(RemainingDuration) X(ActualStart) X(ActualFinish) X(PercentComplete) X(ConstraintType) \
  X(ConstraintDate) X(Deadline) X(PredecessorLink) X(PredecessorUID) X(CrossProject) X(LinkLag) \
  X(LagFormat) X(Assignments) X(Assignment)
// clang-format on

#define MSPDI_NAME_ENUM(n)   MN_##n,
#define MSPDI_NAME_STRING(n) #n,

typedef enum { MN_UNKNOWN = 0, MSPDI_NAMES(MSPDI_NAME_ENUM) MN_COUNT } MspdiName;

static const gchar *const mspdi_name_strings[MN_COUNT] = { NULL, MSPDI_NAMES(MSPDI_NAME_STRING) };

/* What an open element is. */
typedef enum {
  MK_DOC = 0,      /* before the root element */
  MK_ROOT,         /* Project */
  MK_CALENDARS,    /* Calendars */
  MK_CALENDAR,     /* Calendars/Calendar */
  MK_WEEKDAYS,     /* .../WeekDays (of a Calendar or a WorkWeek) */
  MK_WEEKDAY,      /* .../WeekDays/WeekDay */
  MK_WORKINGTIMES, /* .../WorkingTimes (of a WeekDay or an Exception) */
  MK_WORKINGTIME,  /* .../WorkingTimes/WorkingTime */
  MK_TIMEPERIOD,   /* .../TimePeriod (of a WeekDay, Exception or WorkWeek) */
  MK_EXCEPTIONS,   /* Calendar/Exceptions */
  MK_EXCEPTION,    /* Calendar/Exceptions/Exception */
  MK_WORKWEEKS,    /* Calendar/WorkWeeks */
  MK_WORKWEEK,     /* Calendar/WorkWeeks/WorkWeek */
  MK_TASKS,        /* Tasks */
  MK_TASK,         /* Tasks/Task */
  MK_LINK,         /* Task/PredecessorLink */
  MK_ASSIGNMENTS,  /* Assignments */
  MK_ASSIGNMENT,   /* Assignments/Assignment: counted, not read */
  MK_FIELD,        /* a leaf whose text critpath reads */
  MK_SKIP,         /* anything else: the subtree is skipped */
  MK_COUNT
} MspdiKind;

/* One open element that is not being skipped. */
typedef struct {
  guint8 kind; /* MspdiKind */
  guint8 name; /* MspdiName */
} MspdiFrame;

/* A WeekDay (of a calendar or a work week) or an Exception. */
typedef struct {
  gint64 day_type;   /* DayType 0..7 (1 = Sunday), -1 for an Exception */
  gboolean working;  /* DayWorking */
  CpmTime from;      /* TimePeriod/FromDate, or CPM_TIME_NONE */
  CpmTime to;        /* TimePeriod/ToDate, or CPM_TIME_NONE */
  gint64 rec_type;   /* Exception Type: 0 none, 1 and 7 daily, 2 and 3 yearly,
                        4 and 5 monthly, 6 weekly */
  gint64 occurs;     /* Occurrences, 0 when not given */
  gint64 period;     /* Period (every n days, weeks, months), 1 when not given */
  gint64 weekdays;   /* DaysOfWeek bitmap, bit 0 = Sunday */
  gint64 month_item; /* MonthItem: 3 = Sunday .. 9 = Saturday */
  gint64 month_pos;  /* MonthPosition: 0 first .. 3 fourth, 4 last */
  gint64 month;      /* Month, 0 = January */
  gint64 month_day;  /* MonthDay, 1..31 */
  guint n;           /* number of work intervals */
  CpmWorkInterval iv[CPM_MAX_INTERVALS_PER_DAY]; /* the day's work, minutes of the day */
  guint32 line;                                  /* source line */
} MspdiDay;

/* A WorkWeek: another work week for a range of dates. */
typedef struct {
  CpmTime from; /* TimePeriod/FromDate */
  CpmTime to;   /* TimePeriod/ToDate */
  GArray *days; /* MspdiDay, owned */
  guint32 line; /* source line */
} MspdiWeek;

/* A Calendar as read. */
typedef struct {
  const gchar *uid;      /* UID, in the reader's chunk */
  const gchar *name;     /* Name, in the reader's chunk */
  const gchar *base_uid; /* BaseCalendarUID, in the chunk, "" when none */
  gboolean is_base;      /* IsBaseCalendar: then BaseCalendarUID means nothing */
  GArray *days;          /* MspdiDay of WeekDays (DayType 0 included), owned */
  GArray *exceptions;    /* MspdiDay of Exceptions, owned */
  GArray *weeks;         /* MspdiWeek, owned */
  guint32 line;          /* source line */
  guint32 index;         /* schedule index once built, or CPM_NO_INDEX */
  gint state;            /* 0 not built, 1 building, 2 built, 3 without work */
} MspdiCal;

/* How a task of the file is used. */
typedef enum {
  MT_ACTIVITY = 0, /* an activity: index is the activity index */
  MT_WBS,          /* a summary task: index is the WBS index */
  MT_SKIPPED,      /* blank row, project summary, inactive or external */
} MspdiTaskUse;

/* A Task as read. */
typedef struct {
  const gchar *uid;        /* UID, in the chunk */
  const gchar *name;       /* Name, in the chunk, or NULL */
  const gchar *wbs;        /* WBS (else OutlineNumber), in the chunk, or NULL */
  const gchar *cal_uid;    /* CalendarUID, in the chunk, or NULL */
  gint64 level;            /* OutlineLevel, -1 when not given */
  gboolean summary;        /* Summary */
  gboolean milestone;      /* Milestone */
  gboolean active;         /* Active (1 when not given) */
  gboolean manual;         /* Manual */
  gboolean is_null;        /* IsNull: a blank row */
  gboolean external;       /* ExternalTask */
  gint64 duration_format;  /* DurationFormat, 7 (days) when not given */
  gint64 constraint;       /* ConstraintType 0..7 */
  gint64 percent;          /* PercentComplete */
  CpmDuration duration;    /* Duration, working minutes, or CPM_DURATION_NONE */
  CpmDuration remaining;   /* RemainingDuration, or CPM_DURATION_NONE */
  CpmTime actual_start;    /* ActualStart, or CPM_TIME_NONE */
  CpmTime actual_finish;   /* ActualFinish, or CPM_TIME_NONE */
  CpmTime constraint_date; /* ConstraintDate, or CPM_TIME_NONE */
  CpmTime deadline;        /* Deadline, or CPM_TIME_NONE */
  guint32 line;            /* source line */
  guint32 end;             /* position after its outline subtree (resolution) */
  MspdiTaskUse use;        /* what it became (resolution) */
  guint32 index;           /* activity or WBS index (resolution) */
} MspdiTask;

/* A PredecessorLink as read. */
typedef struct {
  guint32 succ;          /* position of the successor in MspdiReader.tasks */
  const gchar *pred_uid; /* PredecessorUID, in the chunk, or NULL */
  gint64 type;           /* Type: 0 FF, 1 FS, 2 SF, 3 SS */
  gint64 lag;            /* LinkLag: tenths of minutes, or a percentage */
  gint64 format;         /* LagFormat */
  gboolean cross;        /* CrossProject */
  guint32 line;          /* source line */
} MspdiLink;

/* A name-cache slot: a pointer interned by the parser's dictionary. */
typedef struct {
  const xmlChar *ptr; /* interned name, or NULL for a free slot */
  guint8 name;        /* its MspdiName */
} MspdiNameSlot;

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

  GHashTable *names;                     /* name string -> MspdiName + 1, owned */
  MspdiNameSlot cache[MSPDI_NAME_CACHE]; /* interned pointer -> MspdiName */
  guint n_cached;                        /* occupied cache slots */

  MspdiFrame frames[MSPDI_MAX_DEPTH + 2]; /* open elements, frames[0] = document */
  guint n_frames;                         /* number of open frames */
  guint skip_level;                       /* open elements of a skipped subtree */
  GString *text;                          /* text of the current field, owned */
  GStringChunk *chunk;                    /* strings of the records, owned */
  gboolean saw_root;                      /* the root element was Project */

  /* Project fields. */
  const gchar *title;        /* Title, in the chunk, or NULL */
  const gchar *proj_name;    /* Name, in the chunk, or NULL */
  const gchar *proj_cal_uid; /* CalendarUID, in the chunk, or NULL */
  CpmTime start_date;        /* StartDate, or CPM_TIME_NONE */
  CpmTime finish_date;       /* FinishDate, or CPM_TIME_NONE */
  CpmTime status_date;       /* StatusDate, or CPM_TIME_NONE */
  gboolean from_start;       /* ScheduleFromStart (1 when not given) */
  gint64 minutes_per_day;    /* MinutesPerDay, 480 when not given */
  gint64 minutes_per_week;   /* MinutesPerWeek, 2400 when not given */
  gint64 days_per_month;     /* DaysPerMonth, 20 when not given */
  gdouble slack_limit_days;  /* CriticalSlackLimit, days */

  /* Calendars. */
  GPtrArray *calendars;   /* MspdiCal*, owned, in file order */
  GHashTable *cal_by_uid; /* uid -> MspdiCal*, borrowed */
  MspdiCal *cur_cal;      /* the Calendar being read, borrowed from calendars */
  MspdiWeek *cur_week;    /* the WorkWeek being read, owned until stored, or NULL */
  MspdiDay day;           /* the WeekDay or Exception being read */
  gint wt_from;           /* FromTime of the current WorkingTime, minutes, or -1 */
  gint wt_to;             /* ToTime of the current WorkingTime, minutes, or -1 */
  guint32 wt_line;        /* its line */

  /* Tasks. */
  GArray *tasks;           /* MspdiTask in file order, owned */
  GHashTable *task_by_uid; /* uid -> position + 1, borrowed keys */
  MspdiTask task;          /* the Task being read */
  GArray *links;           /* MspdiLink, owned */
  MspdiLink link;          /* the PredecessorLink being read */
  guint n_assignments;     /* Assignment elements seen */
  guint32 project;         /* the project's schedule index (resolution) */
  guint32 elapsed_cal;     /* 24-hour calendar for elapsed durations, or CPM_NO_INDEX */
} MspdiReader;

/* Child kinds: mspdi_children[parent kind][name], MK_SKIP when unlisted. */
static guint8 mspdi_children[MK_COUNT][MN_COUNT];

/* ---- tables --------------------------------------------------------------- */

static void
mspdi_set_child(MspdiKind parent, MspdiKind kind, const MspdiName *names, gsize n)
{
  for (gsize i = 0; i < n; i++)
    mspdi_children[parent][names[i]] = (guint8)kind;
}

#define MSPDI_FIELDS(parent, ...)                                                                  \
  do {                                                                                             \
    static const MspdiName n_[] = { __VA_ARGS__ };                                                 \
    mspdi_set_child(parent, MK_FIELD, n_, G_N_ELEMENTS(n_));                                       \
  } while (0)

static void
mspdi_init_tables(void)
{
  static gsize done = 0;
  if (!g_once_init_enter(&done))
    return;
  memset(mspdi_children, MK_SKIP, sizeof mspdi_children);
  mspdi_children[MK_DOC][MN_Project] = MK_ROOT;
  mspdi_children[MK_ROOT][MN_Calendars] = MK_CALENDARS;
  mspdi_children[MK_ROOT][MN_Tasks] = MK_TASKS;
  mspdi_children[MK_ROOT][MN_Assignments] = MK_ASSIGNMENTS;
  mspdi_children[MK_CALENDARS][MN_Calendar] = MK_CALENDAR;
  mspdi_children[MK_CALENDAR][MN_WeekDays] = MK_WEEKDAYS;
  mspdi_children[MK_CALENDAR][MN_Exceptions] = MK_EXCEPTIONS;
  mspdi_children[MK_CALENDAR][MN_WorkWeeks] = MK_WORKWEEKS;
  mspdi_children[MK_WEEKDAYS][MN_WeekDay] = MK_WEEKDAY;
  mspdi_children[MK_WEEKDAY][MN_TimePeriod] = MK_TIMEPERIOD;
  mspdi_children[MK_WEEKDAY][MN_WorkingTimes] = MK_WORKINGTIMES;
  mspdi_children[MK_WORKINGTIMES][MN_WorkingTime] = MK_WORKINGTIME;
  mspdi_children[MK_EXCEPTIONS][MN_Exception] = MK_EXCEPTION;
  mspdi_children[MK_EXCEPTION][MN_TimePeriod] = MK_TIMEPERIOD;
  mspdi_children[MK_EXCEPTION][MN_WorkingTimes] = MK_WORKINGTIMES;
  mspdi_children[MK_WORKWEEKS][MN_WorkWeek] = MK_WORKWEEK;
  mspdi_children[MK_WORKWEEK][MN_TimePeriod] = MK_TIMEPERIOD;
  mspdi_children[MK_WORKWEEK][MN_WeekDays] = MK_WEEKDAYS;
  mspdi_children[MK_TASKS][MN_Task] = MK_TASK;
  mspdi_children[MK_TASK][MN_PredecessorLink] = MK_LINK;
  mspdi_children[MK_ASSIGNMENTS][MN_Assignment] = MK_ASSIGNMENT;
  MSPDI_FIELDS(MK_ROOT, MN_Name, MN_Title, MN_StartDate, MN_FinishDate, MN_StatusDate,
               MN_ScheduleFromStart, MN_CalendarUID, MN_MinutesPerDay, MN_MinutesPerWeek,
               MN_DaysPerMonth, MN_CriticalSlackLimit);
  MSPDI_FIELDS(MK_CALENDAR, MN_UID, MN_Name, MN_BaseCalendarUID, MN_IsBaseCalendar);
  MSPDI_FIELDS(MK_WEEKDAY, MN_DayType, MN_DayWorking);
  MSPDI_FIELDS(MK_WORKINGTIME, MN_FromTime, MN_ToTime);
  MSPDI_FIELDS(MK_TIMEPERIOD, MN_FromDate, MN_ToDate);
  MSPDI_FIELDS(MK_EXCEPTION, MN_DayWorking, MN_Type, MN_Occurrences, MN_Period, MN_DaysOfWeek,
               MN_MonthItem, MN_MonthPosition, MN_Month, MN_MonthDay);
  MSPDI_FIELDS(MK_TASK, MN_UID, MN_Name, MN_OutlineLevel, MN_OutlineNumber, MN_WBS, MN_Summary,
               MN_Milestone, MN_Active, MN_Manual, MN_IsNull, MN_ExternalTask, MN_Duration,
               MN_DurationFormat, MN_RemainingDuration, MN_ActualStart, MN_ActualFinish,
               MN_PercentComplete, MN_ConstraintType, MN_ConstraintDate, MN_Deadline,
               MN_CalendarUID);
  MSPDI_FIELDS(MK_LINK, MN_PredecessorUID, MN_Type, MN_CrossProject, MN_LinkLag, MN_LagFormat);
  g_once_init_leave(&done, 1);
}

/* ---- small helpers ---------------------------------------------------------- */

static void
mspdi_cal_free(gpointer data)
{
  MspdiCal *cal = data;
  g_array_unref(cal->days);
  g_array_unref(cal->exceptions);
  for (guint i = 0; i < cal->weeks->len; i++)
    g_array_unref(g_array_index(cal->weeks, MspdiWeek, i).days);
  g_array_unref(cal->weeks);
  g_free(cal);
}

static void
mspdi_reader_free(MspdiReader *r)
{
  if (r->ctxt != NULL) {
    if (r->ctxt->myDoc != NULL)
      xmlFreeDoc(r->ctxt->myDoc);
    xmlFreeParserCtxt(r->ctxt);
  }
  if (r->fd >= 0)
    close(r->fd);
  g_clear_error(&r->error);
  g_free(r->xml_message);
  g_hash_table_unref(r->names);
  g_string_free(r->text, TRUE);
  g_string_chunk_free(r->chunk);
  g_ptr_array_unref(r->calendars);
  g_hash_table_unref(r->cal_by_uid);
  if (r->cur_week != NULL) {
    g_array_unref(r->cur_week->days);
    g_free(r->cur_week);
  }
  g_array_unref(r->tasks);
  g_hash_table_unref(r->task_by_uid);
  g_array_unref(r->links);
  g_free(r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MspdiReader, mspdi_reader_free)

static MspdiReader *
mspdi_reader_new(CpmSchedule *schedule, const gchar *filename)
{
  MspdiReader *r = g_new0(MspdiReader, 1);
  r->schedule = schedule;
  r->filename = filename;
  r->fd = -1;
  r->names = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 1; i < MN_COUNT; i++)
    g_hash_table_insert(r->names, (gpointer)mspdi_name_strings[i], GUINT_TO_POINTER(i + 1));
  r->frames[0].kind = MK_DOC;
  r->n_frames = 1;
  r->text = g_string_sized_new(256);
  r->chunk = g_string_chunk_new(64 * 1024);
  r->start_date = r->finish_date = r->status_date = CPM_TIME_NONE;
  r->from_start = TRUE;
  r->minutes_per_day = 480;
  r->minutes_per_week = 2400;
  r->days_per_month = 20;
  r->calendars = g_ptr_array_new_with_free_func(mspdi_cal_free);
  r->cal_by_uid = g_hash_table_new(g_str_hash, g_str_equal);
  r->tasks = g_array_new(FALSE, TRUE, sizeof(MspdiTask));
  r->task_by_uid = g_hash_table_new(g_str_hash, g_str_equal);
  r->links = g_array_new(FALSE, TRUE, sizeof(MspdiLink));
  r->elapsed_cal = CPM_NO_INDEX;
  return r;
}

/* Line of the parser: in a callback, the line of the tag just read. */
static guint32
mspdi_line(MspdiReader *r)
{
  if (r->ctxt == NULL || r->ctxt->input == NULL || r->ctxt->input->line <= 0)
    return 1;
  return (guint32)r->ctxt->input->line;
}

static gboolean mspdi_fail(MspdiReader *r, CpmImportError code, guint32 line, const gchar *format,
                           ...) G_GNUC_PRINTF(4, 5);

/* Records the first error: `FILE:LINE: message`. Always returns FALSE. */
static gboolean
mspdi_fail(MspdiReader *r, CpmImportError code, guint32 line, const gchar *format, ...)
{
  if (r->error != NULL)
    return FALSE;
  va_list args;
  va_start(args, format);
  g_autofree gchar *message = g_strdup_vprintf(format, args);
  va_end(args);
  g_strdelimit(message, "\r\n", ' ');
  g_set_error(&r->error, CPM_IMPORT_ERROR, code, "%s:%u: %s", r->filename, line > 0 ? line : 1,
              message);
  return FALSE;
}

static const gchar *
mspdi_name_string(guint name)
{
  return name < MN_COUNT && mspdi_name_strings[name] != NULL ? mspdi_name_strings[name] : "?";
}

/* Maps an element's local name to a MspdiName: O(1) through the pointer
 * cache; the string table is consulted once per distinct name. */
static guint
mspdi_name_id(MspdiReader *r, const xmlChar *name)
{
  guint mask = MSPDI_NAME_CACHE - 1;
  guint h = (guint)(((guintptr)name >> 3) * 2654435761u) & mask;
  for (;;) {
    MspdiNameSlot *slot = &r->cache[h];
    if (slot->ptr == name)
      return slot->name;
    if (slot->ptr == NULL)
      break;
    h = (h + 1) & mask;
  }
  guint id = GPOINTER_TO_UINT(g_hash_table_lookup(r->names, name));
  id = id > 0 ? id - 1 : MN_UNKNOWN;
  /* Only pointers owned by the parser's dictionary live as long as it. */
  if (r->n_cached < MSPDI_NAME_CACHE / 2 && xmlDictOwns(r->ctxt->dict, name) == 1) {
    r->cache[h].ptr = name;
    r->cache[h].name = (guint8)id;
    r->n_cached++;
  }
  return id;
}

/* ---- values ----------------------------------------------------------------- */

/* Strips blanks in place; returns the trimmed text. */
static gchar *
mspdi_trim(GString *text)
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

/* A decimal integer. */
static gboolean
mspdi_parse_int(MspdiReader *r, const gchar *text, guint name, gint64 *out)
{
  gchar *end = NULL;
  errno = 0;
  gint64 v = g_ascii_strtoll(text, &end, 10);
  if (*text == '\0' || end == text || *end != '\0' || errno != 0)
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_line(r), "<%s>: '%s' is not a whole number",
                      mspdi_name_string(name), text);
  *out = v;
  return TRUE;
}

/* A decimal number (CriticalSlackLimit may be fractional in some writers). */
static gboolean
mspdi_parse_double(MspdiReader *r, const gchar *text, guint name, gdouble *out)
{
  gchar *end = NULL;
  gdouble v = g_ascii_strtod(text, &end);
  if (*text == '\0' || end == text || *end != '\0' || !isfinite(v) || fabs(v) > 1e9)
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_line(r), "<%s>: '%s' is not a number",
                      mspdi_name_string(name), text);
  *out = v;
  return TRUE;
}

/* 0/1 or false/true. */
static gboolean
mspdi_parse_bool(MspdiReader *r, const gchar *text, guint name, gboolean *out)
{
  if (g_str_equal(text, "1") || g_ascii_strcasecmp(text, "true") == 0)
    *out = TRUE;
  else if (g_str_equal(text, "0") || g_ascii_strcasecmp(text, "false") == 0)
    *out = FALSE;
  else
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_line(r), "<%s>: '%s' is not a boolean",
                      mspdi_name_string(name), text);
  return TRUE;
}

static gboolean
mspdi_parse_date(MspdiReader *r, const gchar *text, guint name, CpmTime *out)
{
  if (*text == '\0') {
    *out = CPM_TIME_NONE;
    return TRUE;
  }
  if (!cpm_time_parse(text, out))
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_line(r), "<%s>: invalid date '%s'",
                      mspdi_name_string(name), text);
  return TRUE;
}

/* `HH:MM[:SS]` as minutes of the day; 24:00 is accepted. */
static gboolean
mspdi_parse_clock(MspdiReader *r, const gchar *text, guint name, gint *out)
{
  gsize len = strlen(text);
  if ((len != 5 && len != 8) || text[2] != ':' || !g_ascii_isdigit(text[0])
      || !g_ascii_isdigit(text[1]) || !g_ascii_isdigit(text[3]) || !g_ascii_isdigit(text[4])
      || (len == 8 && (text[5] != ':' || !g_ascii_isdigit(text[6]) || !g_ascii_isdigit(text[7]))))
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_line(r), "<%s>: invalid time '%s'",
                      mspdi_name_string(name), text);
  gint h = (text[0] - '0') * 10 + (text[1] - '0');
  gint m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0))
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_line(r), "<%s>: invalid time '%s'",
                      mspdi_name_string(name), text);
  *out = h * 60 + m;
  return TRUE;
}

/* An xsd:duration as MS Project writes it (PT8H0M0S, P2DT4H0M0S, -PT480H...,
 * with fractions) in working minutes: a day is MinutesPerDay, a week
 * MinutesPerWeek, a month DaysPerMonth days, a year 12 months. FALSE when
 * the text is not one. */
static gboolean
mspdi_iso_minutes(const MspdiReader *r, const gchar *text, gdouble *minutes_out)
{
  const gchar *p = text;
  gboolean neg = *p == '-';
  gboolean in_time = FALSE, any = FALSE;
  gdouble minutes = 0;
  gdouble day = (gdouble)r->minutes_per_day;
  if (neg)
    p++;
  if (*p++ != 'P')
    return FALSE;
  while (*p != '\0') {
    if (*p == 'T' && !in_time) {
      in_time = TRUE;
      p++;
      continue;
    }
    gchar *end = NULL;
    if (!g_ascii_isdigit(*p))
      return FALSE;
    gdouble v = g_ascii_strtod(p, &end);
    if (end == p || !isfinite(v) || v < 0 || v > MSPDI_MAX_MINUTES)
      return FALSE;
    switch (*end) {
      case 'Y':
        minutes += v * 12 * (gdouble)r->days_per_month * day;
        break;
      case 'W':
        minutes += v * (gdouble)r->minutes_per_week;
        break;
      case 'D':
        minutes += v * day;
        break;
      case 'H':
        minutes += v * 60;
        break;
      case 'M':
        minutes += in_time ? v : v * (gdouble)r->days_per_month * day;
        break;
      case 'S':
        minutes += v / 60;
        break;
      default:
        return FALSE;
    }
    any = TRUE;
    p = end + 1;
  }
  if (!any || minutes > MSPDI_MAX_MINUTES)
    return FALSE;
  *minutes_out = neg ? -minutes : minutes;
  return TRUE;
}

static gboolean
mspdi_parse_duration(MspdiReader *r, const gchar *text, guint name, CpmDuration *out)
{
  gdouble minutes = 0;
  if (!mspdi_iso_minutes(r, text, &minutes))
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_line(r), "<%s>: invalid duration '%s'",
                      mspdi_name_string(name), text);
  *out = (CpmDuration)llround(minutes);
  return TRUE;
}

/* Copies a value into the reader's chunk ("" stays ""). */
static const gchar *
mspdi_keep(MspdiReader *r, const gchar *text)
{
  return g_string_chunk_insert_const(r->chunk, text);
}

/* ---- elements ----------------------------------------------------------------- */

/* A WeekDay or Exception starts: neutral values. */
static void
mspdi_day_begin(MspdiReader *r, gint64 day_type)
{
  memset(&r->day, 0, sizeof r->day);
  r->day.day_type = day_type;
  r->day.from = r->day.to = CPM_TIME_NONE;
  r->day.period = 1;
  r->day.line = mspdi_line(r);
}

static void
mspdi_begin(MspdiReader *r, MspdiKind kind)
{
  switch (kind) {
    case MK_ROOT:
      r->saw_root = TRUE;
      break;
    case MK_CALENDAR: {
      MspdiCal *cal = g_new0(MspdiCal, 1);
      cal->uid = cal->name = cal->base_uid = "";
      cal->days = g_array_new(FALSE, TRUE, sizeof(MspdiDay));
      cal->exceptions = g_array_new(FALSE, TRUE, sizeof(MspdiDay));
      cal->weeks = g_array_new(FALSE, TRUE, sizeof(MspdiWeek));
      cal->line = mspdi_line(r);
      cal->index = CPM_NO_INDEX;
      g_ptr_array_add(r->calendars, cal);
      r->cur_cal = cal;
      break;
    }
    case MK_WEEKDAY:
      mspdi_day_begin(r, G_MININT64);
      break;
    case MK_EXCEPTION:
      mspdi_day_begin(r, -1);
      break;
    case MK_WORKINGTIME:
      r->wt_from = r->wt_to = -1;
      r->wt_line = mspdi_line(r);
      break;
    case MK_WORKWEEK:
      r->cur_week = g_new0(MspdiWeek, 1);
      r->cur_week->from = r->cur_week->to = CPM_TIME_NONE;
      r->cur_week->days = g_array_new(FALSE, TRUE, sizeof(MspdiDay));
      r->cur_week->line = mspdi_line(r);
      break;
    case MK_TASK:
      memset(&r->task, 0, sizeof r->task);
      r->task.level = -1;
      r->task.active = TRUE;
      r->task.duration_format = 7;
      r->task.duration = r->task.remaining = CPM_DURATION_NONE;
      r->task.actual_start = r->task.actual_finish = CPM_TIME_NONE;
      r->task.constraint_date = r->task.deadline = CPM_TIME_NONE;
      r->task.line = mspdi_line(r);
      break;
    case MK_LINK:
      memset(&r->link, 0, sizeof r->link);
      r->link.succ = r->tasks->len;
      r->link.type = 1;
      r->link.format = 7;
      r->link.line = mspdi_line(r);
      break;
    case MK_ASSIGNMENT:
      r->n_assignments++;
      break;
    default:
      break;
  }
}

static gboolean
mspdi_end(MspdiReader *r, MspdiKind kind)
{
  switch (kind) {
    case MK_CALENDAR: {
      MspdiCal *cal = r->cur_cal;
      r->cur_cal = NULL;
      if (*cal->uid == '\0')
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, cal->line, "calendar without a UID");
      if (g_hash_table_contains(r->cal_by_uid, cal->uid))
        return mspdi_fail(r, CPM_IMPORT_ERROR_DUPLICATE, cal->line, "duplicate calendar UID %s",
                          cal->uid);
      g_hash_table_insert(r->cal_by_uid, (gpointer)cal->uid, cal);
      return TRUE;
    }
    case MK_WORKINGTIME: {
      gint from = r->wt_from, to = r->wt_to;
      if (from < 0 || to < 0)
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, r->wt_line,
                          "WorkingTime without FromTime and ToTime");
      if (to == 0)
        to = CPM_MINUTES_PER_DAY; /* ToTime 00:00 is midnight at the end of the day */
      if (from >= to)
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, r->wt_line,
                          "WorkingTime %02d:%02d-%02d:%02d ends before it starts", from / 60,
                          from % 60, to / 60 % 24, to % 60);
      if (r->day.n >= CPM_MAX_INTERVALS_PER_DAY)
        return mspdi_fail(r, CPM_IMPORT_ERROR_LIMIT, r->wt_line,
                          "more than %d working times in a day", CPM_MAX_INTERVALS_PER_DAY);
      r->day.iv[r->day.n].start = (guint16)from;
      r->day.iv[r->day.n].finish = (guint16)to;
      r->day.n++;
      return TRUE;
    }
    case MK_WEEKDAY:
      if (r->day.day_type == G_MININT64)
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, r->day.line, "WeekDay without a DayType");
      if (r->day.day_type < 0 || r->day.day_type > 7)
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, r->day.line,
                          "unknown DayType %" G_GINT64_FORMAT, r->day.day_type);
      if (r->cur_week != NULL)
        g_array_append_val(r->cur_week->days, r->day);
      else if (r->cur_cal != NULL)
        g_array_append_val(r->cur_cal->days, r->day);
      return TRUE;
    case MK_EXCEPTION:
      if (r->day.rec_type < 0 || r->day.rec_type > 7)
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, r->day.line,
                          "unknown calendar exception Type %" G_GINT64_FORMAT, r->day.rec_type);
      if (r->cur_cal != NULL)
        g_array_append_val(r->cur_cal->exceptions, r->day);
      return TRUE;
    case MK_WORKWEEK:
      if (r->cur_cal != NULL)
        g_array_append_val(r->cur_cal->weeks, *r->cur_week);
      else
        g_array_unref(r->cur_week->days);
      g_clear_pointer(&r->cur_week, g_free);
      return TRUE;
    case MK_TASK: {
      MspdiTask *t = &r->task;
      if (t->uid == NULL || *t->uid == '\0')
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, t->line, "task without a UID");
      if (g_hash_table_contains(r->task_by_uid, t->uid))
        return mspdi_fail(r, CPM_IMPORT_ERROR_DUPLICATE, t->line, "duplicate task UID %s", t->uid);
      g_array_append_val(r->tasks, *t);
      g_hash_table_insert(r->task_by_uid, (gpointer)t->uid, GUINT_TO_POINTER(r->tasks->len));
      return TRUE;
    }
    case MK_LINK:
      g_array_append_val(r->links, r->link);
      return TRUE;
    default:
      return TRUE;
  }
}

/* An integer field with bounds; empty text leaves *out unchanged. */
static gboolean
mspdi_int_in(MspdiReader *r, const gchar *text, guint name, gint64 lo, gint64 hi, gint64 *out)
{
  gint64 v = 0;
  if (*text == '\0')
    return TRUE;
  if (!mspdi_parse_int(r, text, name, &v))
    return FALSE;
  if (v < lo || v > hi)
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_line(r),
                      "<%s>: %" G_GINT64_FORMAT " is out of range", mspdi_name_string(name), v);
  *out = v;
  return TRUE;
}

/* A boolean field; empty text leaves *out unchanged. */
static gboolean
mspdi_bool(MspdiReader *r, const gchar *text, guint name, gboolean *out)
{
  return *text == '\0' || mspdi_parse_bool(r, text, name, out);
}

static gboolean
mspdi_field_project(MspdiReader *r, guint name, const gchar *text)
{
  switch (name) {
    case MN_Name:
      r->proj_name = mspdi_keep(r, text);
      return TRUE;
    case MN_Title:
      r->title = mspdi_keep(r, text);
      return TRUE;
    case MN_StartDate:
      return mspdi_parse_date(r, text, name, &r->start_date);
    case MN_FinishDate:
      return mspdi_parse_date(r, text, name, &r->finish_date);
    case MN_StatusDate:
      return mspdi_parse_date(r, text, name, &r->status_date);
    case MN_ScheduleFromStart:
      return mspdi_bool(r, text, name, &r->from_start);
    case MN_CalendarUID:
      r->proj_cal_uid = mspdi_keep(r, text);
      return TRUE;
    case MN_MinutesPerDay:
      return mspdi_int_in(r, text, name, 1, CPM_MINUTES_PER_DAY, &r->minutes_per_day);
    case MN_MinutesPerWeek:
      return mspdi_int_in(r, text, name, 1, 7 * CPM_MINUTES_PER_DAY, &r->minutes_per_week);
    case MN_DaysPerMonth:
      return mspdi_int_in(r, text, name, 1, 31, &r->days_per_month);
    case MN_CriticalSlackLimit:
      return *text == '\0' || mspdi_parse_double(r, text, name, &r->slack_limit_days);
    default:
      return TRUE;
  }
}

static gboolean
mspdi_field_exception(MspdiReader *r, guint name, const gchar *text)
{
  MspdiDay *d = &r->day;
  switch (name) {
    case MN_DayWorking:
      return mspdi_bool(r, text, name, &d->working);
    case MN_Type:
      return mspdi_int_in(r, text, name, G_MININT32, G_MAXINT32, &d->rec_type);
    case MN_Occurrences:
      return mspdi_int_in(r, text, name, 0, MSPDI_MAX_SPAN_DAYS, &d->occurs);
    case MN_Period:
      return mspdi_int_in(r, text, name, 1, MSPDI_MAX_SPAN_DAYS, &d->period);
    case MN_DaysOfWeek:
      return mspdi_int_in(r, text, name, 0, 127, &d->weekdays);
    case MN_MonthItem:
      return mspdi_int_in(r, text, name, 0, 9, &d->month_item);
    case MN_MonthPosition:
      return mspdi_int_in(r, text, name, 0, 4, &d->month_pos);
    case MN_Month:
      return mspdi_int_in(r, text, name, 0, 11, &d->month);
    case MN_MonthDay:
      return mspdi_int_in(r, text, name, 1, 31, &d->month_day);
    default:
      return TRUE;
  }
}

static gboolean
mspdi_field_task(MspdiReader *r, guint name, const gchar *text)
{
  MspdiTask *t = &r->task;
  switch (name) {
    case MN_UID:
      t->uid = mspdi_keep(r, text);
      return TRUE;
    case MN_Name:
      t->name = mspdi_keep(r, text);
      return TRUE;
    case MN_WBS:
      t->wbs = mspdi_keep(r, text);
      return TRUE;
    case MN_OutlineNumber:
      if (t->wbs == NULL)
        t->wbs = mspdi_keep(r, text);
      return TRUE;
    case MN_CalendarUID:
      t->cal_uid = mspdi_keep(r, text);
      return TRUE;
    case MN_OutlineLevel:
      return mspdi_int_in(r, text, name, 0, G_MAXINT32, &t->level);
    case MN_Summary:
      return mspdi_bool(r, text, name, &t->summary);
    case MN_Milestone:
      return mspdi_bool(r, text, name, &t->milestone);
    case MN_Active:
      return mspdi_bool(r, text, name, &t->active);
    case MN_Manual:
      return mspdi_bool(r, text, name, &t->manual);
    case MN_IsNull:
      return mspdi_bool(r, text, name, &t->is_null);
    case MN_ExternalTask:
      return mspdi_bool(r, text, name, &t->external);
    case MN_DurationFormat:
      return mspdi_int_in(r, text, name, 0, G_MAXINT32, &t->duration_format);
    case MN_ConstraintType:
      return mspdi_int_in(r, text, name, G_MININT32, G_MAXINT32, &t->constraint);
    case MN_PercentComplete:
      return mspdi_int_in(r, text, name, 0, 100, &t->percent);
    case MN_Duration:
      return *text == '\0' || mspdi_parse_duration(r, text, name, &t->duration);
    case MN_RemainingDuration:
      return *text == '\0' || mspdi_parse_duration(r, text, name, &t->remaining);
    case MN_ActualStart:
      return mspdi_parse_date(r, text, name, &t->actual_start);
    case MN_ActualFinish:
      return mspdi_parse_date(r, text, name, &t->actual_finish);
    case MN_ConstraintDate:
      return mspdi_parse_date(r, text, name, &t->constraint_date);
    case MN_Deadline:
      return mspdi_parse_date(r, text, name, &t->deadline);
    default:
      return TRUE;
  }
}

static gboolean
mspdi_field_link(MspdiReader *r, guint name, const gchar *text)
{
  MspdiLink *l = &r->link;
  switch (name) {
    case MN_PredecessorUID:
      l->pred_uid = mspdi_keep(r, text);
      return TRUE;
    case MN_Type:
      return mspdi_int_in(r, text, name, G_MININT32, G_MAXINT32, &l->type);
    case MN_CrossProject:
      return mspdi_bool(r, text, name, &l->cross);
    case MN_LinkLag:
      if (!mspdi_int_in(r, text, name, G_MININT64 + 1, G_MAXINT64, &l->lag))
        return FALSE;
      if (fabs((gdouble)l->lag) > MSPDI_MAX_MINUTES * 10)
        return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, mspdi_line(r), "<LinkLag>: %s is too large",
                          text);
      return TRUE;
    case MN_LagFormat:
      return mspdi_int_in(r, text, name, G_MININT32, G_MAXINT32, &l->format);
    default:
      return TRUE;
  }
}

/* A field's text, once its end tag is read. parent is the kind of the
 * element holding it, grand the kind of that element's parent. */
static gboolean
mspdi_field(MspdiReader *r, MspdiKind parent, MspdiKind grand, guint name, const gchar *text)
{
  switch (parent) {
    case MK_ROOT:
      return mspdi_field_project(r, name, text);
    case MK_CALENDAR:
      if (name == MN_UID)
        r->cur_cal->uid = mspdi_keep(r, text);
      else if (name == MN_Name)
        r->cur_cal->name = mspdi_keep(r, text);
      else if (name == MN_BaseCalendarUID)
        r->cur_cal->base_uid = mspdi_keep(r, text);
      else if (name == MN_IsBaseCalendar)
        return mspdi_bool(r, text, name, &r->cur_cal->is_base);
      return TRUE;
    case MK_WEEKDAY:
      if (name == MN_DayType)
        return mspdi_int_in(r, text, name, G_MININT32, G_MAXINT32, &r->day.day_type);
      if (name == MN_DayWorking)
        return mspdi_bool(r, text, name, &r->day.working);
      return TRUE;
    case MK_EXCEPTION:
      return mspdi_field_exception(r, name, text);
    case MK_WORKINGTIME:
      if (*text == '\0')
        return TRUE;
      return mspdi_parse_clock(r, text, name, name == MN_FromTime ? &r->wt_from : &r->wt_to);
    case MK_TIMEPERIOD: {
      gboolean week = grand == MK_WORKWEEK && r->cur_week != NULL;
      CpmTime *from = week ? &r->cur_week->from : &r->day.from;
      CpmTime *to = week ? &r->cur_week->to : &r->day.to;
      return mspdi_parse_date(r, text, name, name == MN_FromDate ? from : to);
    }
    case MK_TASK:
      return mspdi_field_task(r, name, text);
    case MK_LINK:
      return mspdi_field_link(r, name, text);
    default:
      return TRUE;
  }
}

/* Stops the parser after an error of ours or of libxml2. */
static void
mspdi_stop(MspdiReader *r)
{
  if (r->ctxt != NULL)
    xmlStopParser(r->ctxt);
}

static void
mspdi_sax_start(void *data, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                const xmlChar **attributes)
{
  MspdiReader *r = data;
  if (r->error != NULL)
    return;
  if (r->n_frames - 1 + r->skip_level >= MSPDI_MAX_DEPTH) {
    mspdi_fail(r, CPM_IMPORT_ERROR_LIMIT, mspdi_line(r), "elements nested deeper than %d levels",
               MSPDI_MAX_DEPTH);
    mspdi_stop(r);
    return;
  }
  if (r->skip_level > 0) {
    r->skip_level++;
    return;
  }
  guint name = mspdi_name_id(r, localname);
  MspdiKind parent = r->frames[r->n_frames - 1].kind;
  MspdiKind kind = mspdi_children[parent][name];

  if (parent == MK_DOC && kind != MK_ROOT) {
    mspdi_fail(r, CPM_IMPORT_ERROR_FORMAT, mspdi_line(r),
               "root element <%s> is not MS Project XML (expected <Project>)",
               (const gchar *)localname);
    mspdi_stop(r);
    return;
  }
  if (kind == MK_SKIP) {
    r->skip_level = 1;
    return;
  }
  if (kind == MK_FIELD)
    g_string_truncate(r->text, 0);
  else
    mspdi_begin(r, kind);
  r->frames[r->n_frames].kind = (guint8)kind;
  r->frames[r->n_frames].name = (guint8)name;
  r->n_frames++;
}

static void
mspdi_sax_end(void *data, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
  MspdiReader *r = data;
  if (r->error != NULL)
    return;
  if (r->skip_level > 0) {
    r->skip_level--;
    return;
  }
  MspdiFrame frame = r->frames[--r->n_frames];
  gboolean ok;
  if (frame.kind == MK_FIELD)
    ok = mspdi_field(r, r->frames[r->n_frames - 1].kind,
                     r->n_frames >= 2 ? r->frames[r->n_frames - 2].kind : MK_DOC, frame.name,
                     mspdi_trim(r->text));
  else
    ok = mspdi_end(r, frame.kind);
  if (!ok)
    mspdi_stop(r);
}

static void
mspdi_sax_characters(void *data, const xmlChar *chars, int len)
{
  MspdiReader *r = data;
  if (r->skip_level > 0 || r->frames[r->n_frames - 1].kind != MK_FIELD || r->error != NULL)
    return;
  if (r->text->len + (gsize)len > MSPDI_MAX_VALUE) {
    mspdi_fail(r, CPM_IMPORT_ERROR_LIMIT, mspdi_line(r), "text of <%s> longer than %d bytes",
               mspdi_name_string(r->frames[r->n_frames - 1].name), MSPDI_MAX_VALUE);
    mspdi_stop(r);
    return;
  }
  g_string_append_len(r->text, (const gchar *)chars, len);
}

/* Any DTD or entity declaration ends the import before it is processed. */
static void
mspdi_sax_subset(void *data, const xmlChar *name, const xmlChar *external_id,
                 const xmlChar *system_id)
{
  MspdiReader *r = data;
  mspdi_fail(r, CPM_IMPORT_ERROR_SECURITY, mspdi_line(r), "DOCTYPE declarations are not allowed");
  mspdi_stop(r);
}

static void
mspdi_sax_entity_decl(void *data, const xmlChar *name, int type, const xmlChar *public_id,
                      const xmlChar *system_id, xmlChar *content)
{
  MspdiReader *r = data;
  mspdi_fail(r, CPM_IMPORT_ERROR_SECURITY, mspdi_line(r), "entity declarations are not allowed");
  mspdi_stop(r);
}

static void
mspdi_sax_reference(void *data, const xmlChar *name)
{
  MspdiReader *r = data;
  mspdi_fail(r, CPM_IMPORT_ERROR_SECURITY, mspdi_line(r), "entity reference &%s; is not allowed",
             (const gchar *)name);
  mspdi_stop(r);
}

/* No entity is ever known: only the five predefined ones are accepted. */
static xmlEntityPtr
mspdi_sax_get_entity(void *data, const xmlChar *name)
{
  return NULL;
}

/* The structured error handler of the parser: keeps the first error and
 * stops (libxml2 would otherwise recover from some errors). */
static void
mspdi_on_xml_error(void *data, xmlErrorPtr error)
{
  MspdiReader *r = data;
  if (error == NULL || error->level < XML_ERR_ERROR || r->xml_failed)
    return;
  r->xml_failed = TRUE;
  r->xml_code = error->code;
  r->xml_line = error->line;
  g_autofree gchar *message = g_strdup(error->message != NULL ? error->message : "XML error");
  g_strstrip(message);
  g_strdelimit(message, "\r\n", ' ');
  r->xml_message = g_steal_pointer(&message);
  mspdi_stop(r);
}

/* Silences libxml2's global generic-error channel. */
static void
mspdi_silent(void *data, const char *format, ...)
{
}

static void
mspdi_xml_error_to_gerror(MspdiReader *r)
{
  CpmImportError code = CPM_IMPORT_ERROR_SYNTAX;
  const gchar *what = "malformed XML";
  switch (r->xml_code) {
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
      if (r->xml_message != NULL
          && (strstr(r->xml_message, "depth") != NULL || strstr(r->xml_message, "huge") != NULL)) {
        code = CPM_IMPORT_ERROR_LIMIT;
        what = "XML beyond critpath's limits";
      }
      break;
  }
  mspdi_fail(r, code, r->xml_line > 0 ? (guint32)r->xml_line : mspdi_line(r), "%s: %s", what,
             r->xml_message != NULL ? r->xml_message : "error");
}

/* Refuses a DOCTYPE in the prolog of the first block before libxml2 sees
 * it; the internalSubset callback catches one that starts further on. */
static gboolean
mspdi_prescan(MspdiReader *r, const gchar *buf, gsize n)
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
      return mspdi_fail(r, CPM_IMPORT_ERROR_SECURITY, line, "DOCTYPE declarations are not allowed");
    } else {
      break;
    }
  }
  return TRUE;
}

/* Reads the file in blocks and pushes them to the parser: O(file size),
 * memory O(block). */
static gboolean
mspdi_parse(MspdiReader *r)
{
  g_autofree gchar *buf = g_malloc(MSPDI_BLOCK);
  gboolean first = TRUE;
  for (;;) {
    gssize n = read(r->fd, buf, MSPDI_BLOCK);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int saved = errno;
      return mspdi_fail(r, CPM_IMPORT_ERROR_IO, mspdi_line(r), "cannot read: %s",
                        g_strerror(saved));
    }
    if (first) {
      if (n == 0)
        return mspdi_fail(r, CPM_IMPORT_ERROR_SYNTAX, 1, "the file is empty");
      if (!mspdi_prescan(r, buf, (gsize)n))
        return FALSE;
      /* The first bytes let libxml2 detect the encoding and a BOM. */
      int head = (int)MIN(n, 4);
      xmlSAXHandler sax;
      memset(&sax, 0, sizeof sax);
      sax.initialized = XML_SAX2_MAGIC;
      sax.startElementNs = mspdi_sax_start;
      sax.endElementNs = mspdi_sax_end;
      sax.characters = mspdi_sax_characters;
      sax.cdataBlock = mspdi_sax_characters;
      sax.internalSubset = mspdi_sax_subset;
      sax.externalSubset = mspdi_sax_subset;
      sax.entityDecl = mspdi_sax_entity_decl;
      sax.reference = mspdi_sax_reference;
      sax.getEntity = mspdi_sax_get_entity;
      sax.getParameterEntity = mspdi_sax_get_entity;
      sax.serror = mspdi_on_xml_error;
      r->ctxt = xmlCreatePushParserCtxt(&sax, r, buf, head, r->filename);
      if (r->ctxt == NULL)
        return mspdi_fail(r, CPM_IMPORT_ERROR_IO, 1, "cannot start the XML parser");
      /* No NOENT, DTDLOAD or DTDATTR: no entity expanded, no DTD loaded. */
      xmlCtxtUseOptions(r->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
      first = FALSE;
      if (n > head)
        xmlParseChunk(r->ctxt, buf + head, (int)(n - head), 0);
    } else {
      xmlParseChunk(r->ctxt, buf, (int)n, n == 0);
    }
    if (r->error != NULL)
      return FALSE;
    if (r->xml_failed) {
      mspdi_xml_error_to_gerror(r);
      return FALSE;
    }
    if (n == 0)
      break;
  }
  if (!r->ctxt->wellFormed) {
    r->xml_failed = TRUE;
    r->xml_message = g_strdup("the document is not well-formed");
    mspdi_xml_error_to_gerror(r);
    return FALSE;
  }
  if (!r->saw_root)
    return mspdi_fail(r, CPM_IMPORT_ERROR_SYNTAX, mspdi_line(r), "no root element");
  return TRUE;
}

/* ---- calendars ---------------------------------------------------------------- */

/* MS Project's default working times, for a working day given without
 * any: 08:00-12:00 and 13:00-17:00. */
static const CpmWorkInterval mspdi_default_day[] = { { 480, 720 }, { 780, 1020 } };

/* The work of a WeekDay or Exception: none, its WorkingTimes, or the
 * default times for a working day written without any. */
static guint
mspdi_day_work(const MspdiDay *d, const CpmWorkInterval **ivs_out)
{
  if (!d->working) {
    *ivs_out = d->iv;
    return 0;
  }
  if (d->n == 0) {
    *ivs_out = mspdi_default_day;
    return G_N_ELEMENTS(mspdi_default_day);
  }
  *ivs_out = d->iv;
  return d->n;
}

static guint
mspdi_days_in_month(gint year, guint month)
{
  gint64 first = cpm_days_from_civil(year, month, 1);
  gint64 next
      = month == 12 ? cpm_days_from_civil(year + 1, 1, 1) : cpm_days_from_civil(year, month + 1, 1);
  return (guint)(next - first);
}

/* Whether day d (of month m, year y, day of month dd) is the MonthPosition-th
 * MonthItem weekday of its month (MonthItem 3 = Sunday .. 9 = Saturday;
 * position 4 = the last). */
static gboolean
mspdi_is_nth_weekday(const MspdiDay *e, gint64 d, gint y, guint m, guint dd)
{
  if (e->month_item < 3 || (gint64)cpm_weekday(d) != e->month_item - 3)
    return FALSE;
  if (e->month_pos >= 4)
    return dd + 7 > mspdi_days_in_month(y, m);
  return (gint64)(dd - 1) / 7 == e->month_pos;
}

/* Whether the recurring exception e falls on day d; d0 is its first day. */
static gboolean
mspdi_occurs(const MspdiDay *e, gint64 d, gint64 d0)
{
  gint y, y0;
  guint m, m0, dd, dd0;
  gint64 period = MAX(e->period, 1);
  switch (e->rec_type) {
    case 1:
    case 7: /* daily, every Period days */
      return (d - d0) % period == 0;
    case 6: { /* weekly on DaysOfWeek, every Period weeks */
      gint64 week0 = d0 - cpm_weekday(d0);
      return ((d - week0) / 7) % period == 0 && (e->weekdays & (1 << cpm_weekday(d))) != 0;
    }
    default:
      break;
  }
  cpm_civil_from_days(d, &y, &m, &dd);
  cpm_civil_from_days(d0, &y0, &m0, &dd0);
  gint64 months = ((gint64)y * 12 + m) - ((gint64)y0 * 12 + m0);
  switch (e->rec_type) {
    case 2: /* yearly on Month/MonthDay */
      return (gint64)m == e->month + 1 && (gint64)dd == e->month_day;
    case 3: /* yearly on the n-th weekday of Month */
      return (gint64)m == e->month + 1 && mspdi_is_nth_weekday(e, d, y, m, dd);
    case 4: /* monthly on MonthDay, every Period months */
      return months % period == 0 && (gint64)dd == e->month_day;
    case 5: /* monthly on the n-th weekday, every Period months */
      return months % period == 0 && mspdi_is_nth_weekday(e, d, y, m, dd);
    default: /* 0: every day of the period */
      return TRUE;
  }
}

/* Applies an exception (or an old-style DayType 0 day) to cal: every day of
 * its period on which it recurs, at most Occurrences of them.
 * O(days of the period). */
static gboolean
mspdi_apply_exception(MspdiReader *r, CpmCalendar *cal, const MspdiDay *e)
{
  if (e->from == CPM_TIME_NONE || (e->to == CPM_TIME_NONE && e->occurs <= 0))
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, e->line,
                      "calendar exception without a FromDate and ToDate");
  if (e->working && e->n == 0)
    return TRUE; /* a working exception without times changes nothing */
  if ((e->rec_type == 3 || e->rec_type == 5) && e->month_item < 3) {
    cpm_schedule_add_note(r->schedule,
                          "%s:%u: a calendar exception recurring on a day, weekday or weekend "
                          "day of the month is not read",
                          r->filename, e->line);
    return TRUE;
  }
  gint64 d0 = cpm_time_day(e->from);
  gint64 d1 = e->to != CPM_TIME_NONE ? cpm_time_day(e->to) : d0 + MSPDI_MAX_SPAN_DAYS;
  if (d1 < d0 || d1 - d0 > MSPDI_MAX_SPAN_DAYS)
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, e->line,
                      "calendar exception period is empty or longer than %d days",
                      MSPDI_MAX_SPAN_DAYS);
  const CpmWorkInterval *ivs;
  guint n = mspdi_day_work(e, &ivs);
  gint64 count = 0;
  for (gint64 d = d0; d <= d1; d++) {
    if (!mspdi_occurs(e, d, d0))
      continue;
    g_autoptr(GError) local = NULL;
    if (!cpm_calendar_set_exception(cal, d, ivs, n, &local))
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, e->line, "%s", local->message);
    if (e->occurs > 0 && ++count >= e->occurs)
      break;
  }
  return TRUE;
}

/* Applies a work week for a range of dates: its days override the
 * calendar's week on each date of the range. O(days of the range). */
static gboolean
mspdi_apply_work_week(MspdiReader *r, CpmCalendar *cal, const MspdiWeek *w)
{
  if (w->from == CPM_TIME_NONE || w->to == CPM_TIME_NONE)
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, w->line, "WorkWeek without a FromDate and ToDate");
  gint64 d0 = cpm_time_day(w->from), d1 = cpm_time_day(w->to);
  if (d1 < d0 || d1 - d0 > MSPDI_MAX_SPAN_DAYS)
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, w->line,
                      "WorkWeek period is empty or longer than %d days", MSPDI_MAX_SPAN_DAYS);
  const MspdiDay *by_weekday[7] = { NULL };
  for (guint i = 0; i < w->days->len; i++) {
    const MspdiDay *day = &g_array_index(w->days, MspdiDay, i);
    if (day->day_type >= 1 && day->day_type <= 7)
      by_weekday[day->day_type - 1] = day;
  }
  for (gint64 d = d0; d <= d1; d++) {
    const MspdiDay *day = by_weekday[cpm_weekday(d)];
    if (day == NULL)
      continue;
    const CpmWorkInterval *ivs;
    guint n = mspdi_day_work(day, &ivs);
    g_autoptr(GError) local = NULL;
    if (!cpm_calendar_set_exception(cal, d, ivs, n, &local))
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, day->line, "%s", local->message);
  }
  return TRUE;
}

static MspdiCal *
mspdi_find_calendar(MspdiReader *r, const gchar *uid)
{
  return uid != NULL ? g_hash_table_lookup(r->cal_by_uid, uid) : NULL;
}

/* "No calendar": absent, empty or -1. */
static gboolean
mspdi_no_uid(const gchar *uid)
{
  return uid == NULL || *uid == '\0' || g_str_equal(uid, "-1");
}

/* Applies calendar c to cal, its base first: the base's week, work weeks and
 * exceptions, then c's own week days (those it lists), work weeks and
 * exceptions, each later one overriding an earlier one on its days (a base
 * calendar's BaseCalendarUID, 0 in MS Project 2019 files, is ignored). The
 * Exceptions element (MS Project 2007 and later) replaces the DayType 0
 * week days when both are written, as MS Project does. */
static gboolean
mspdi_apply_calendar(MspdiReader *r, CpmCalendar *cal, MspdiCal *c, guint depth)
{
  if (depth > MSPDI_MAX_BASES || c->state == 1)
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, c->line,
                      "calendar %s: base calendars form a loop or are nested deeper than %d",
                      c->uid, MSPDI_MAX_BASES);
  if (!c->is_base && !mspdi_no_uid(c->base_uid)) {
    MspdiCal *base = mspdi_find_calendar(r, c->base_uid);
    if (base == NULL)
      return mspdi_fail(r, CPM_IMPORT_ERROR_REFERENCE, c->line,
                        "calendar %s: BaseCalendarUID %s is not a calendar of the file", c->uid,
                        c->base_uid);
    gint saved = c->state;
    c->state = 1;
    gboolean ok = mspdi_apply_calendar(r, cal, base, depth + 1);
    c->state = saved;
    if (!ok)
      return FALSE;
  }
  for (guint i = 0; i < c->days->len; i++) {
    const MspdiDay *d = &g_array_index(c->days, MspdiDay, i);
    if (d->day_type < 1)
      continue;
    const CpmWorkInterval *ivs;
    guint n = mspdi_day_work(d, &ivs);
    g_autoptr(GError) local = NULL;
    if (!cpm_calendar_set_weekday(cal, (guint)d->day_type - 1, ivs, n, &local))
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, d->line, "%s", local->message);
  }
  for (guint i = 0; i < c->weeks->len; i++)
    if (!mspdi_apply_work_week(r, cal, &g_array_index(c->weeks, MspdiWeek, i)))
      return FALSE;
  if (c->exceptions->len > 0) {
    for (guint i = 0; i < c->exceptions->len; i++)
      if (!mspdi_apply_exception(r, cal, &g_array_index(c->exceptions, MspdiDay, i)))
        return FALSE;
  } else {
    for (guint i = 0; i < c->days->len; i++) {
      const MspdiDay *d = &g_array_index(c->days, MspdiDay, i);
      if (d->day_type == 0 && !mspdi_apply_exception(r, cal, d))
        return FALSE;
    }
  }
  return TRUE;
}

/* The schedule index of calendar c, built on first use; CPM_NO_INDEX (with
 * a note) when it has no working time, or on error (r->error set). */
static guint32
mspdi_build_calendar(MspdiReader *r, MspdiCal *c)
{
  if (c->state == 2)
    return c->index;
  if (c->state == 3)
    return CPM_NO_INDEX;
  g_autoptr(CpmCalendar) cal = cpm_calendar_new(*c->name != '\0' ? c->name : c->uid);
  /* MS Project's standard week until the file says otherwise (it writes
   * every day of a base calendar). */
  for (guint d = 1; d <= 5; d++)
    cpm_calendar_set_weekday(cal, d, mspdi_default_day, G_N_ELEMENTS(mspdi_default_day), NULL);
  if (!mspdi_apply_calendar(r, cal, c, 0))
    return CPM_NO_INDEX;
  cpm_calendar_set_hours_per_day(cal, (gdouble)r->minutes_per_day / 60.0);
  cpm_calendar_set_hours_per_week(cal, (gdouble)r->minutes_per_week / 60.0);
  g_autoptr(GError) local = NULL;
  if (!cpm_calendar_seal(cal, &local)) {
    cpm_schedule_add_note(r->schedule, "%s:%u: calendar %s '%s' has no working time: not used",
                          r->filename, c->line, c->uid, c->name);
    c->state = 3;
    return CPM_NO_INDEX;
  }
  c->index = cpm_schedule_add_calendar(r->schedule, cal);
  c->state = 2;
  return c->index;
}

/* The project calendar: CalendarUID, else a calendar named Standard, else
 * MS Project's standard week (with a note). */
static gboolean
mspdi_project_calendar(MspdiReader *r, guint32 *index_out)
{
  MspdiCal *c = NULL;
  *index_out = CPM_NO_INDEX;
  if (!mspdi_no_uid(r->proj_cal_uid)) {
    c = mspdi_find_calendar(r, r->proj_cal_uid);
    if (c == NULL)
      return mspdi_fail(r, CPM_IMPORT_ERROR_REFERENCE, 1,
                        "project CalendarUID %s is not a calendar of the file", r->proj_cal_uid);
  }
  for (guint i = 0; c == NULL && i < r->calendars->len; i++) {
    MspdiCal *k = g_ptr_array_index(r->calendars, i);
    if (g_str_equal(k->name, "Standard"))
      c = k;
  }
  if (c != NULL) {
    *index_out = mspdi_build_calendar(r, c);
    if (r->error != NULL)
      return FALSE;
  }
  if (*index_out == CPM_NO_INDEX) {
    g_autoptr(CpmCalendar) std = cpm_calendar_new("Standard");
    for (guint d = 1; d <= 5; d++)
      cpm_calendar_set_weekday(std, d, mspdi_default_day, G_N_ELEMENTS(mspdi_default_day), NULL);
    cpm_calendar_set_hours_per_day(std, (gdouble)r->minutes_per_day / 60.0);
    cpm_calendar_set_hours_per_week(std, (gdouble)r->minutes_per_week / 60.0);
    cpm_calendar_seal(std, NULL);
    *index_out = cpm_schedule_add_calendar(r->schedule, std);
    cpm_schedule_add_note(r->schedule,
                          "%s:1: no usable project calendar; using MS Project's standard week, "
                          "Monday to Friday 08:00-12:00 and 13:00-17:00",
                          r->filename);
  }
  return TRUE;
}

/* ---- tasks and links ---------------------------------------------------------- */

static const CpmConstraintType mspdi_constraints[] = {
  CPM_CSTR_NONE,                /* 0 as soon as possible */
  CPM_CSTR_ALAP,                /* 1 as late as possible */
  CPM_CSTR_MANDATORY_START,     /* 2 must start on: a hard date, logic may not move it */
  CPM_CSTR_MANDATORY_FINISH,    /* 3 must finish on: likewise */
  CPM_CSTR_START_ON_OR_AFTER,   /* 4 start no earlier than */
  CPM_CSTR_START_ON_OR_BEFORE,  /* 5 start no later than */
  CPM_CSTR_FINISH_ON_OR_AFTER,  /* 6 finish no earlier than */
  CPM_CSTR_FINISH_ON_OR_BEFORE, /* 7 finish no later than */
};

/* Elapsed duration and lag formats (em, eh, ed, ew, emo, e% and their
 * "estimated" variants): the time runs on the clock, not on a calendar. */
static gboolean
mspdi_format_elapsed(gint64 format)
{
  switch (format) {
    case 4:
    case 6:
    case 8:
    case 10:
    case 12:
    case 20:
    case 36:
    case 38:
    case 40:
    case 42:
    case 44:
    case 52:
      return TRUE;
    default:
      return FALSE;
  }
}

/* LagFormat codes MS Project writes (MPXJ DatatypeConverter). */
static gboolean
mspdi_format_known(gint64 format)
{
  return (format >= 3 && format <= 12) || format == 19 || format == 20
         || (format >= 35 && format <= 44) || (format >= 51 && format <= 53);
}

static gboolean
mspdi_format_percent(gint64 format)
{
  return format == 19 || format == 20 || format == 51 || format == 52;
}

/* The last part of a WBS code or outline number ("1.2.3" -> "3"). */
static const gchar *
mspdi_wbs_tail(const gchar *code)
{
  const gchar *dot = strrchr(code, '.');
  return dot != NULL && dot[1] != '\0' ? dot + 1 : code;
}

/* The 24-hour calendar of tasks with an elapsed duration, added once. */
static guint32
mspdi_elapsed_calendar(MspdiReader *r)
{
  if (r->elapsed_cal == CPM_NO_INDEX) {
    g_autoptr(CpmCalendar) cal = cpm_calendar_new_24h();
    r->elapsed_cal = cpm_schedule_add_calendar(r->schedule, cal);
  }
  return r->elapsed_cal;
}

/* The calendar of task t: its CalendarUID, else the project's. */
static gboolean
mspdi_task_calendar(MspdiReader *r, const MspdiTask *t, guint32 project_cal, guint32 *out)
{
  *out = project_cal;
  if (mspdi_format_elapsed(t->duration_format)) {
    *out = mspdi_elapsed_calendar(r);
    cpm_schedule_add_note(r->schedule,
                          "%s:%u: task %s has an elapsed duration: scheduled on a 24-hour calendar",
                          r->filename, t->line, t->uid);
    return TRUE;
  }
  if (mspdi_no_uid(t->cal_uid))
    return TRUE;
  MspdiCal *c = mspdi_find_calendar(r, t->cal_uid);
  if (c == NULL)
    return mspdi_fail(r, CPM_IMPORT_ERROR_REFERENCE, t->line,
                      "task %s: CalendarUID %s is not a calendar of the file", t->uid, t->cal_uid);
  guint32 index = mspdi_build_calendar(r, c);
  if (r->error != NULL)
    return FALSE;
  if (index != CPM_NO_INDEX)
    *out = index;
  return TRUE;
}

/* Adds task t as an activity. */
static gboolean
mspdi_add_activity(MspdiReader *r, MspdiTask *t, guint32 wbs, guint32 project_cal)
{
  if (t->constraint < 0 || t->constraint >= (gint64)G_N_ELEMENTS(mspdi_constraints))
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, t->line,
                      "task %s: unknown ConstraintType %" G_GINT64_FORMAT, t->uid, t->constraint);
  CpmActivity a;
  cpm_activity_init(&a);
  a.id = t->uid;
  a.name = t->name;
  a.project = r->project;
  a.wbs = wbs;
  a.line = t->line;
  if (!mspdi_task_calendar(r, t, project_cal, &a.calendar))
    return FALSE;
  a.planned_duration = t->duration == CPM_DURATION_NONE ? 0 : t->duration;
  if (a.planned_duration < 0 || (t->remaining != CPM_DURATION_NONE && t->remaining < 0))
    return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, t->line, "task %s: negative duration", t->uid);
  /* A milestone, or a task of no duration (MS Project shows it as one),
   * sits at its finish. A milestone with a duration keeps it. */
  if (a.planned_duration == 0)
    a.type = CPM_ACT_FINISH_MILESTONE;
  else if (t->milestone)
    cpm_schedule_add_note(r->schedule,
                          "%s:%u: task %s is marked a milestone but lasts %" G_GINT64_FORMAT
                          " minutes: scheduled as a task",
                          r->filename, t->line, t->uid, a.planned_duration);
  a.actual_start = t->actual_start;
  a.actual_finish = t->actual_finish;
  if (a.actual_finish != CPM_TIME_NONE && a.actual_start == CPM_TIME_NONE)
    a.actual_start = a.actual_finish;
  a.percent_complete = (gdouble)t->percent;
  if (a.actual_start == CPM_TIME_NONE)
    a.remaining_duration = a.planned_duration;
  else
    a.remaining_duration = t->remaining; /* CPM_DURATION_NONE: from the percentage */
  if (a.type == CPM_ACT_FINISH_MILESTONE)
    a.remaining_duration = 0;
  a.constraint = mspdi_constraints[t->constraint];
  if (a.constraint != CPM_CSTR_NONE && a.constraint != CPM_CSTR_ALAP) {
    a.constraint_date = t->constraint_date;
    if (a.constraint_date == CPM_TIME_NONE) {
      cpm_schedule_add_note(r->schedule,
                            "%s:%u: task %s: ConstraintType %" G_GINT64_FORMAT
                            " without a ConstraintDate ignored",
                            r->filename, t->line, t->uid, t->constraint);
      a.constraint = CPM_CSTR_NONE;
    }
  }
  /* A deadline bounds the late finish only (MS Project has no secondary
   * constraint; this is the nearest one). */
  if (t->deadline != CPM_TIME_NONE) {
    a.constraint2 = CPM_CSTR_FINISH_ON_OR_BEFORE;
    a.constraint2_date = t->deadline;
  }
  g_autoptr(GError) local = NULL;
  t->index = cpm_schedule_add_activity(r->schedule, &a, &local);
  if (t->index == CPM_NO_INDEX)
    return mspdi_fail(r, CPM_IMPORT_ERROR_DUPLICATE, t->line, "duplicate task UID %s", t->uid);
  t->use = MT_ACTIVITY;
  return TRUE;
}

/* Turns the tasks into WBS nodes and activities, in outline order: a
 * summary task is the WBS node of the tasks below it. O(tasks). */
static gboolean
mspdi_add_tasks(MspdiReader *r, guint32 project_cal)
{
  guint32 wbs_at_level[MSPDI_MAX_LEVEL];
  for (guint k = 0; k < MSPDI_MAX_LEVEL; k++)
    wbs_at_level[k] = CPM_NO_INDEX;
  guint n_manual = 0;
  guint32 first_manual = 0;
  g_autoptr(GArray) open = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint32 i = 0; i < r->tasks->len; i++) {
    MspdiTask *t = &g_array_index(r->tasks, MspdiTask, i);
    gint64 level = t->level < 0 ? 1 : t->level;
    /* The outline subtree of a task ends where a task of the same or a
     * higher level starts. */
    while (open->len > 0) {
      MspdiTask *o
          = &g_array_index(r->tasks, MspdiTask, g_array_index(open, guint32, open->len - 1));
      if ((o->level < 0 ? 1 : o->level) < level)
        break;
      o->end = i;
      g_array_set_size(open, open->len - 1);
    }
    g_array_append_val(open, i);
    t->use = MT_SKIPPED;
    t->index = CPM_NO_INDEX;
    if (t->is_null || level == 0)
      continue; /* blank rows and the project summary task */
    guint lvl = (guint)MIN(level, MSPDI_MAX_LEVEL - 1);
    guint32 parent = CPM_NO_INDEX;
    for (guint k = lvl - 1; k >= 1 && parent == CPM_NO_INDEX; k--)
      parent = wbs_at_level[k];
    for (guint k = lvl; k < MSPDI_MAX_LEVEL; k++)
      wbs_at_level[k] = CPM_NO_INDEX;
    if (t->summary) {
      const gchar *code = t->wbs != NULL && *t->wbs != '\0' ? mspdi_wbs_tail(t->wbs) : t->uid;
      CpmWbs w = { code, t->name, r->project, parent, -1 };
      t->index = wbs_at_level[lvl] = cpm_schedule_add_wbs(r->schedule, &w);
      t->use = MT_WBS;
      continue;
    }
    if (!t->active) {
      cpm_schedule_add_note(r->schedule, "%s:%u: inactive task %s ignored", r->filename, t->line,
                            t->uid);
      continue;
    }
    if (t->external) {
      cpm_schedule_add_note(r->schedule, "%s:%u: external task %s ignored", r->filename, t->line,
                            t->uid);
      continue;
    }
    if (t->manual && n_manual++ == 0)
      first_manual = t->line;
    if (!mspdi_add_activity(r, t, parent, project_cal))
      return FALSE;
  }
  for (guint k = 0; k < open->len; k++)
    g_array_index(r->tasks, MspdiTask, g_array_index(open, guint32, k)).end = r->tasks->len;
  if (n_manual > 0)
    cpm_schedule_add_note(r->schedule,
                          "%s:%u: %u manually scheduled task(s) scheduled automatically",
                          r->filename, first_manual, n_manual);
  return TRUE;
}

/* The activities a link end stands for: the task itself, or the activities
 * under a summary task. */
static void
mspdi_link_ends(MspdiReader *r, guint32 pos, GArray *out)
{
  const MspdiTask *t = &g_array_index(r->tasks, MspdiTask, pos);
  g_array_set_size(out, 0);
  if (t->use == MT_ACTIVITY) {
    g_array_append_val(out, t->index);
    return;
  }
  for (guint32 k = pos + 1; k < t->end; k++) {
    const MspdiTask *c = &g_array_index(r->tasks, MspdiTask, k);
    if (c->use == MT_ACTIVITY)
      g_array_append_val(out, c->index);
  }
}

/* A link's lag in working minutes of the successor's calendar. */
static CpmDuration
mspdi_link_lag(MspdiReader *r, const MspdiLink *l, const MspdiTask *pred)
{
  if (mspdi_format_percent(l->format)) {
    /* LinkLag holds the percentage of the predecessor's duration. */
    gdouble d = pred->duration == CPM_DURATION_NONE ? 0 : (gdouble)pred->duration;
    if (l->format == 20 || l->format == 52)
      cpm_schedule_add_note(r->schedule,
                            "%s:%u: an elapsed percentage lag is read as a percentage of "
                            "working time",
                            r->filename, l->line);
    return (CpmDuration)llround(d * (gdouble)l->lag / 100.0);
  }
  gdouble minutes = (gdouble)l->lag / 10.0; /* tenths of minutes */
  if (mspdi_format_elapsed(l->format) && l->lag != 0) {
    /* critpath counts every lag on a calendar: an elapsed lag becomes the
     * working time of the same share of an average week. */
    gdouble elapsed = minutes;
    minutes = elapsed * (gdouble)r->minutes_per_week / (7.0 * CPM_MINUTES_PER_DAY);
    cpm_schedule_add_note(r->schedule,
                          "%s:%u: elapsed lag of %.0f minutes read as %.0f working minutes",
                          r->filename, l->line, elapsed, minutes);
  }
  return (CpmDuration)llround(minutes);
}

static gboolean
mspdi_add_links(MspdiReader *r)
{
  static const CpmLinkType types[] = { CPM_LINK_FF, CPM_LINK_FS, CPM_LINK_SF, CPM_LINK_SS };
  g_autoptr(GArray) preds = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_autoptr(GArray) succs = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint i = 0; i < r->links->len; i++) {
    const MspdiLink *l = &g_array_index(r->links, MspdiLink, i);
    if (l->type < 0 || l->type > 3)
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, l->line, "unknown link Type %" G_GINT64_FORMAT,
                        l->type);
    if (!mspdi_format_known(l->format))
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, l->line, "unknown LagFormat %" G_GINT64_FORMAT,
                        l->format);
    if (l->pred_uid == NULL || *l->pred_uid == '\0')
      return mspdi_fail(r, CPM_IMPORT_ERROR_VALUE, l->line,
                        "PredecessorLink without a PredecessorUID");
    const MspdiTask *succ = &g_array_index(r->tasks, MspdiTask, l->succ);
    if (l->cross) {
      cpm_schedule_add_note(r->schedule, "%s:%u: link from another project to task %s ignored",
                            r->filename, l->line, succ->uid);
      continue;
    }
    guint pos = GPOINTER_TO_UINT(g_hash_table_lookup(r->task_by_uid, l->pred_uid));
    if (pos == 0)
      return mspdi_fail(r, CPM_IMPORT_ERROR_REFERENCE, l->line,
                        "task %s: PredecessorUID %s is not a task of the file", succ->uid,
                        l->pred_uid);
    const MspdiTask *pred = &g_array_index(r->tasks, MspdiTask, pos - 1);
    if (pred->use == MT_SKIPPED || succ->use == MT_SKIPPED) {
      cpm_schedule_add_note(r->schedule, "%s:%u: link %s -> %s to an ignored task ignored",
                            r->filename, l->line, pred->uid, succ->uid);
      continue;
    }
    CpmLinkType type = types[l->type];
    CpmDuration lag = mspdi_link_lag(r, l, pred);
    /* A summary task's finish is the latest of its tasks' finishes, its
     * start the earliest start: a link from its finish or to its start is
     * exactly a link from or to each of its tasks; the other ends are
     * approximated the same way. */
    gboolean pred_finish = type == CPM_LINK_FS || type == CPM_LINK_FF;
    gboolean succ_start = type == CPM_LINK_FS || type == CPM_LINK_SS;
    if ((pred->use == MT_WBS && !pred_finish) || (succ->use == MT_WBS && !succ_start))
      cpm_schedule_add_note(r->schedule,
                            "%s:%u: %s link %s -> %s on a summary task spread over its tasks "
                            "(approximate)",
                            r->filename, l->line, cpm_link_type_to_string(type), pred->uid,
                            succ->uid);
    mspdi_link_ends(r, pos - 1, preds);
    mspdi_link_ends(r, l->succ, succs);
    if ((guint64)preds->len * succs->len > MSPDI_MAX_SPREAD) {
      cpm_schedule_add_note(r->schedule,
                            "%s:%u: link %s -> %s between summary tasks would make %u x %u links: "
                            "ignored",
                            r->filename, l->line, pred->uid, succ->uid, preds->len, succs->len);
      continue;
    }
    for (guint p = 0; p < preds->len; p++)
      for (guint s = 0; s < succs->len; s++) {
        CpmRelation rel = { g_array_index(preds, guint32, p), g_array_index(succs, guint32, s),
                            type, lag, l->line };
        if (rel.pred != rel.succ)
          cpm_schedule_add_relation(r->schedule, &rel);
      }
  }
  return TRUE;
}

/* ---- the project ---------------------------------------------------------------- */

static gboolean
mspdi_resolve(MspdiReader *r)
{
  g_autofree gchar *base = g_path_get_basename(r->filename);
  CpmProject p = { 0 };
  p.id = r->title != NULL && *r->title != '\0'           ? r->title
         : r->proj_name != NULL && *r->proj_name != '\0' ? r->proj_name
                                                         : base;
  p.name = r->proj_name != NULL && *r->proj_name != '\0' ? r->proj_name : p.id;
  p.source_file = r->filename;
  p.object_id = -1;
  p.planned_start = r->start_date;
  /* The data date: the status date, unless it lies before the start. */
  p.data_date = r->status_date != CPM_TIME_NONE
                        && (r->start_date == CPM_TIME_NONE || r->status_date > r->start_date)
                    ? r->status_date
                    : r->start_date;
  p.must_finish_by = CPM_TIME_NONE;
  if (!r->from_start) {
    p.must_finish_by = r->finish_date;
    cpm_schedule_add_note(r->schedule,
                          "%s:1: MS Project schedules this project back from its finish date; "
                          "critpath schedules it forward, with the finish date as must-finish-by",
                          r->filename);
  }
  cpm_options_init_default(&p.options);
  p.options.rules = CPM_RULES_MSP;
  /* MS Project keeps no retained-logic switch; splitting in-progress tasks
   * (its default) behaves as Retained Logic. */
  p.options.progress = CPM_PROGRESS_RETAINED_LOGIC;
  p.options.float_type = CPM_FLOAT_SMALLEST;
  p.options.lag_calendar = CPM_LAG_CAL_SUCCESSOR;
  p.options.critical_float
      = (CpmDuration)llround(r->slack_limit_days * (gdouble)r->minutes_per_day);
  if (!mspdi_project_calendar(r, &p.default_calendar))
    return FALSE;
  /* Every calendar of the file, resource calendars included (O(days of
   * their exceptions)); tasks refer to them by UID. */
  for (guint i = 0; i < r->calendars->len; i++) {
    mspdi_build_calendar(r, g_ptr_array_index(r->calendars, i));
    if (r->error != NULL)
      return FALSE;
  }
  r->project = cpm_schedule_add_project(r->schedule, &p);
  if (r->n_assignments > 0)
    cpm_schedule_add_note(r->schedule,
                          "%s:1: %u resource assignment(s) not read: tasks are scheduled on "
                          "their own calendars",
                          r->filename, r->n_assignments);
  cpm_schedule_reserve(r->schedule, cpm_schedule_n_activities(r->schedule) + r->tasks->len,
                       cpm_schedule_n_relations(r->schedule) + r->links->len);
  return mspdi_add_tasks(r, p.default_calendar) && mspdi_add_links(r);
}

gboolean
cpm_import_mspdi(CpmSchedule *schedule, const gchar *filename, GError **error)
{
  g_return_val_if_fail(schedule != NULL, FALSE);
  g_return_val_if_fail(filename != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  mspdi_init_tables();
  g_autoptr(MspdiReader) r = mspdi_reader_new(schedule, filename);

  r->fd = g_open(filename, O_RDONLY | O_CLOEXEC, 0);
  if (r->fd < 0) {
    int saved = errno;
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot open: %s", filename,
                g_strerror(saved));
    return FALSE;
  }

  /* Errors raised outside the parser's context (encoding, I/O) go to the
   * thread's global handlers: route them here for the duration. */
  xmlGenericErrorFunc saved_generic = xmlGenericError;
  void *saved_generic_ctx = xmlGenericErrorContext;
  xmlStructuredErrorFunc saved_structured = xmlStructuredError;
  void *saved_structured_ctx = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc(NULL, mspdi_silent);
  xmlSetStructuredErrorFunc(r, mspdi_on_xml_error);
  gboolean ok = mspdi_parse(r);
  xmlSetStructuredErrorFunc(saved_structured_ctx, saved_structured);
  xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);

  if (ok)
    ok = mspdi_resolve(r);
  if (!ok) {
    g_propagate_error(error, g_steal_pointer(&r->error));
    return FALSE;
  }
  return TRUE;
}
