/* SPDX-License-Identifier: MIT
 *
 * cpm-types.h: the basic value types of critpath. A point in time is a count
 * of minutes of civil time since 1970-01-01T00:00 (no time zones, no daylight
 * saving: P6 and MS Project dates are naive local times); a duration is a
 * count of working minutes on some calendar. Also the enumerations shared by
 * the importers, the scheduler and the exporters, and civil-date helpers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gint64 CpmTime;     /* minutes since 1970-01-01T00:00, civil time */
typedef gint64 CpmDuration; /* working minutes; negative = lead */

#define CPM_TIME_NONE     G_MININT64 /* "no date" */
#define CPM_DURATION_NONE G_MININT64 /* "no value" (e.g. float of completed work) */

#define CPM_MINUTES_PER_DAY 1440

/* Years critpath accepts in input: far enough for any real schedule, near
 * enough that no arithmetic on minutes can overflow. */
#define CPM_YEAR_MIN 1900
#define CPM_YEAR_MAX 2999

typedef enum {
  CPM_LINK_FS = 0, /* finish to start */
  CPM_LINK_SS,     /* start to start */
  CPM_LINK_FF,     /* finish to finish */
  CPM_LINK_SF,     /* start to finish */
} CpmLinkType;

typedef enum {
  CPM_CSTR_NONE = 0,
  CPM_CSTR_START_ON,            /* P6 "Start On" (CS_MSO) */
  CPM_CSTR_START_ON_OR_AFTER,   /* CS_MSOA */
  CPM_CSTR_START_ON_OR_BEFORE,  /* CS_MSOB */
  CPM_CSTR_FINISH_ON,           /* CS_MEO */
  CPM_CSTR_FINISH_ON_OR_AFTER,  /* CS_MEOA */
  CPM_CSTR_FINISH_ON_OR_BEFORE, /* CS_MEOB */
  CPM_CSTR_MANDATORY_START,     /* CS_MANDSTART */
  CPM_CSTR_MANDATORY_FINISH,    /* CS_MANDFIN */
  CPM_CSTR_ALAP,                /* As Late As Possible (CS_ALAP) */
} CpmConstraintType;

typedef enum {
  CPM_ACT_TASK = 0,         /* task dependent: the activity's calendar */
  CPM_ACT_RESOURCE,         /* resource dependent: the resources' calendars */
  CPM_ACT_START_MILESTONE,  /* zero duration, placed like a start */
  CPM_ACT_FINISH_MILESTONE, /* zero duration, placed like a finish */
  CPM_ACT_LOE,              /* level of effort: spans its neighbours */
  CPM_ACT_WBS_SUMMARY,      /* spans the activities of its WBS node */
} CpmActivityType;

typedef enum {
  CPM_STATUS_NOT_STARTED = 0,
  CPM_STATUS_IN_PROGRESS,
  CPM_STATUS_COMPLETED,
} CpmStatus;

/* "When scheduling progressed activities use" (P6 F9 dialog). */
typedef enum {
  CPM_PROGRESS_RETAINED_LOGIC = 0,
  CPM_PROGRESS_OVERRIDE,
  CPM_PROGRESS_ACTUAL_DATES,
} CpmProgressPolicy;

/* "Calendar for scheduling relationship lag". */
typedef enum {
  CPM_LAG_CAL_PREDECESSOR = 0,
  CPM_LAG_CAL_SUCCESSOR,
  CPM_LAG_CAL_24H,
  CPM_LAG_CAL_PROJECT, /* the project's default calendar */
} CpmLagCalendar;

/* "Compute total float as". */
typedef enum {
  CPM_FLOAT_FINISH = 0, /* LF - EF */
  CPM_FLOAT_START,      /* LS - ES */
  CPM_FLOAT_SMALLEST,   /* the smaller of the two */
} CpmFloatType;

/* "Define critical activities as". */
typedef enum {
  CPM_CRITICAL_FLOAT = 0,    /* total float <= threshold */
  CPM_CRITICAL_LONGEST_PATH, /* on the longest path */
} CpmCriticalMode;

/* Whose scheduling rules apply where P6 and MS Project differ. */
typedef enum {
  CPM_RULES_P6 = 0, /* Primavera P6 (XER, P6 XML, and critpath's own formats) */
  CPM_RULES_MSP,    /* Microsoft Project (MSPDI input) */
} CpmRuleSet;

/* Civil calendar helpers (proleptic Gregorian, no time zones). */
gint64 cpm_days_from_civil(gint year, guint month, guint day);
void cpm_civil_from_days(gint64 days, gint *year_out, guint *month_out, guint *day_out);
/* Day of week of a day number: 0 = Sunday .. 6 = Saturday. */
guint cpm_weekday(gint64 days);

CpmTime cpm_time_from_civil(gint year, guint month, guint day, guint hour, guint minute);
/* Day number (days since 1970-01-01) of a time, rounding towards -inf. */
gint64 cpm_time_day(CpmTime t);

#define CPM_TIME_FORMAT_LEN 17 /* "YYYY-MM-DDTHH:MM" + NUL */
/* Writes `YYYY-MM-DDTHH:MM` (or "" for CPM_TIME_NONE) into buf. */
const gchar *cpm_time_format(CpmTime t, gchar buf[CPM_TIME_FORMAT_LEN]);

/* Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `YYYY-MM-DDTHH:MM:SS[.fff]`, with
 * 'T' or ' ' between date and time, leading and trailing white space
 * ignored; seconds are truncated; `24:00` is the end of the day. Returns
 * FALSE on anything else (a time zone suffix included), on an impossible
 * date, or on a year outside CPM_YEAR_MIN..CPM_YEAR_MAX. */
gboolean cpm_time_parse(const gchar *text, CpmTime *time_out);

const gchar *cpm_link_type_to_string(CpmLinkType type);     /* "FS", ... */
const gchar *cpm_constraint_to_string(CpmConstraintType c); /* P6 UI names */
const gchar *cpm_status_to_string(CpmStatus status);        /* "not_started" ... */

G_END_DECLS
