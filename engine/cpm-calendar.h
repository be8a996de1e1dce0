/* SPDX-License-Identifier: MIT
 *
 * cpm-calendar.h: working time. A calendar is a work week (for each weekday a
 * list of work intervals, in minutes of the day) plus dated exceptions
 * (holidays, worked days such as make-up Saturdays, partial days). It
 * converts between points in time and amounts of working time.
 *
 * Build a calendar with cpm_calendar_new() and the setters, then call
 * cpm_calendar_seal(); the arithmetic functions may only be called on a
 * sealed calendar, which is immutable and safe to share. Sealing builds a
 * table of cumulative working minutes per day over the span of the
 * exceptions; outside that span the work week repeats, so every call is
 * O(log d), d the number of days the call spans, and never loops minute by
 * minute or day by day.
 *
 * Names follow the P6 rules reference: W (work between), A (add work),
 * S (subtract work), Next and Prev (snap to working time).
 */
#pragma once

#include "cpm-types.h"

G_BEGIN_DECLS

typedef struct _CpmCalendar CpmCalendar;

/* One work interval [start, finish) in minutes of a day, 0 <= start < finish
 * <= 1440. A P6 XML WorkTime 08:00..11:59 is the interval 480..720. */
typedef struct {
  guint16 start;  /* minute of the day the work starts */
  guint16 finish; /* minute of the day the work stops (exclusive) */
} CpmWorkInterval;

#define CPM_MAX_INTERVALS_PER_DAY 48

CpmCalendar *cpm_calendar_new(const gchar *name); /* (transfer full) */
CpmCalendar *cpm_calendar_ref(CpmCalendar *self);
void cpm_calendar_unref(CpmCalendar *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CpmCalendar, cpm_calendar_unref)

/* A calendar that works every minute of every day (P6's 24-hour calendar). */
CpmCalendar *cpm_calendar_new_24h(void); /* (transfer full), sealed */

/* Setters: only before cpm_calendar_seal(). Intervals may come in any order
 * and may touch or overlap; they are merged. Returns FALSE with
 * CPM_ERROR_INVALID on an interval outside the day, more than
 * CPM_MAX_INTERVALS_PER_DAY intervals, more than 65535 distinct day shapes,
 * or a sealed calendar. */
gboolean cpm_calendar_set_weekday(CpmCalendar *self, guint weekday, /* 0 = Sunday .. 6 = Saturday */
                                  const CpmWorkInterval *intervals, guint n_intervals,
                                  GError **error);
/* An exception for one day (days since 1970-01-01): n_intervals == 0 is a
 * holiday; otherwise the day works exactly these intervals. A later call for
 * the same day replaces the earlier one. */
gboolean cpm_calendar_set_exception(CpmCalendar *self, gint64 day, const CpmWorkInterval *intervals,
                                    guint n_intervals, GError **error);
/* Hours per day/week, for converting days and weeks to working minutes. */
void cpm_calendar_set_hours_per_day(CpmCalendar *self, gdouble hours);
void cpm_calendar_set_hours_per_week(CpmCalendar *self, gdouble hours);

/* Freezes the calendar and builds its tables. Fails with
 * CPM_ERROR_NO_WORK_TIME when the work week has no working minute at all. */
gboolean cpm_calendar_seal(CpmCalendar *self, GError **error);

const gchar *cpm_calendar_get_name(const CpmCalendar *self); /* (transfer none) */
gdouble cpm_calendar_get_hours_per_day(const CpmCalendar *self);
gdouble cpm_calendar_get_hours_per_week(const CpmCalendar *self);
gboolean cpm_calendar_is_sealed(const CpmCalendar *self);

/* The intervals of one day, exceptions applied. Returns the count and points
 * *intervals_out at storage owned by the calendar. */
guint cpm_calendar_day_intervals(const CpmCalendar *self, gint64 day,
                                 const CpmWorkInterval **intervals_out);
/* Working minutes of one day. */
guint cpm_calendar_day_work(const CpmCalendar *self, gint64 day);

/* W: working minutes in [a, b); negative when b < a. */
CpmDuration cpm_calendar_work_between(const CpmCalendar *self, CpmTime a, CpmTime b);
/* A: the earliest u with W(from, u) == work (work >= 0). An exact fit ends at
 * a period end (17:00, not the next 08:00). A(t, 0) == t. */
CpmTime cpm_calendar_add_work(const CpmCalendar *self, CpmTime from, CpmDuration work);
/* S: the latest u with W(u, to) == work (work >= 0). An exact fit lands on a
 * period start. S(t, 0) == t. */
CpmTime cpm_calendar_subtract_work(const CpmCalendar *self, CpmTime to, CpmDuration work);
/* Inside: start <= t < finish for some work interval. */
gboolean cpm_calendar_is_working(const CpmCalendar *self, CpmTime t);
/* Next: t when working, else the start of the next work interval. */
CpmTime cpm_calendar_next_work(const CpmCalendar *self, CpmTime t);
/* Prev: t when start < t <= finish of some interval, else the end of the
 * previous work interval. */
CpmTime cpm_calendar_prev_work(const CpmCalendar *self, CpmTime t);
/* At a period end: t == finish of some interval of its day (or 24:00 of the
 * previous day). */
gboolean cpm_calendar_is_period_end(const CpmCalendar *self, CpmTime t);

G_END_DECLS
