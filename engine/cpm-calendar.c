/* SPDX-License-Identifier: MIT
 *
 * cpm-calendar.c: working-time arithmetic. Each distinct day shape (a sorted
 * list of work intervals) is stored once as a "pattern"; the work week maps
 * weekdays to patterns and exceptions map days to patterns. Sealing builds,
 * over the span of the exceptions [lo, hi), the pattern of every day and the
 * cumulative working minutes before it; outside the span the work week
 * repeats, so the cumulative work before any day is O(1) to compute. The
 * inverse (which day holds the N-th working minute) gallops outwards from the
 * day of the starting point and then bisects: O(log d) for a span of d days.
 */
#include "cpm-calendar.h"
#include "cpm-error.h"

#include <string.h>

typedef struct {
  guint32 offset; /* index of the first interval in the interval pool */
  guint16 n;      /* number of intervals */
  guint32 work;   /* working minutes of the day */
} CalPattern;

struct _CpmCalendar {
  grefcount ref;
  gchar *name;           /* owned */
  gdouble hours_per_day; /* for unit conversion only */
  gdouble hours_per_week;
  gboolean sealed;
  GArray *patterns;         /* CalPattern; pattern 0 is the empty day */
  GArray *pool;             /* CpmWorkInterval, referenced by patterns */
  GHashTable *pattern_keys; /* interval bytes (owned string) -> pattern index + 1 */
  guint16 week[7];          /* pattern per weekday, 0 = Sunday */
  GHashTable *exceptions;   /* day (gint64*, owned) -> pattern index; builder only */
  /* Built by seal: */
  gint64 lo, hi;          /* the table covers days [lo, hi) */
  guint16 *day_pattern;   /* hi - lo entries, owned */
  gint64 *cum;            /* hi - lo + 1 entries: work in days [lo, lo + i), owned */
  gint64 week_work;       /* working minutes of one standard week */
  gint64 week_prefix[15]; /* week_prefix[i]: work of weekdays 0..i-1, over two weeks */
};

static guint16
cal_intern_pattern(CpmCalendar *self, const CpmWorkInterval *ivs, guint n)
{
  g_autofree gchar *key = g_malloc(n * 8 + 1);
  guint32 work = 0;
  for (guint i = 0; i < n; i++) {
    g_snprintf(key + i * 8, 9, "%04x%04x", ivs[i].start, ivs[i].finish);
    work += ivs[i].finish - ivs[i].start;
  }
  key[n * 8] = '\0';
  gpointer found = g_hash_table_lookup(self->pattern_keys, key);
  if (found != NULL)
    return (guint16)(GPOINTER_TO_UINT(found) - 1);

  CalPattern p = { self->pool->len, (guint16)n, work };
  g_array_append_vals(self->pool, ivs, n);
  g_array_append_val(self->patterns, p);
  guint16 index = (guint16)(self->patterns->len - 1);
  g_hash_table_insert(self->pattern_keys, g_steal_pointer(&key), GUINT_TO_POINTER(index + 1u));
  return index;
}

static int
cal_interval_cmp(const void *a, const void *b)
{
  const CpmWorkInterval *x = a, *y = b;
  return (int)x->start - (int)y->start;
}

/* Validates, sorts and merges intervals into a new pattern. */
static gboolean
cal_make_pattern(CpmCalendar *self, const CpmWorkInterval *intervals, guint n, guint16 *index_out,
                 GError **error)
{
  if (self->sealed) {
    g_set_error(error, CPM_ERROR, CPM_ERROR_INVALID, "calendar '%s' is sealed", self->name);
    return FALSE;
  }
  if (n > CPM_MAX_INTERVALS_PER_DAY) {
    g_set_error(error, CPM_ERROR, CPM_ERROR_INVALID,
                "calendar '%s': more than %d work periods in a day", self->name,
                CPM_MAX_INTERVALS_PER_DAY);
    return FALSE;
  }
  CpmWorkInterval sorted[CPM_MAX_INTERVALS_PER_DAY];
  for (guint i = 0; i < n; i++) {
    if (intervals[i].start >= intervals[i].finish || intervals[i].finish > CPM_MINUTES_PER_DAY) {
      g_set_error(error, CPM_ERROR, CPM_ERROR_INVALID,
                  "calendar '%s': invalid work period %02u:%02u-%02u:%02u", self->name,
                  intervals[i].start / 60, intervals[i].start % 60, intervals[i].finish / 60,
                  intervals[i].finish % 60);
      return FALSE;
    }
    sorted[i] = intervals[i];
  }
  if (self->patterns->len >= G_MAXUINT16) {
    g_set_error(error, CPM_ERROR, CPM_ERROR_INVALID, "calendar '%s': too many distinct work days",
                self->name);
    return FALSE;
  }
  qsort(sorted, n, sizeof sorted[0], cal_interval_cmp);
  guint m = 0;
  for (guint i = 0; i < n; i++) {
    if (m > 0 && sorted[i].start <= sorted[m - 1].finish) {
      if (sorted[i].finish > sorted[m - 1].finish)
        sorted[m - 1].finish = sorted[i].finish;
    } else {
      sorted[m++] = sorted[i];
    }
  }
  *index_out = cal_intern_pattern(self, sorted, m);
  return TRUE;
}

CpmCalendar *
cpm_calendar_new(const gchar *name)
{
  CpmCalendar *self = g_new0(CpmCalendar, 1);
  g_ref_count_init(&self->ref);
  self->name = g_strdup(name != NULL ? name : "");
  self->hours_per_day = 8;
  self->hours_per_week = 40;
  self->patterns = g_array_new(FALSE, FALSE, sizeof(CalPattern));
  self->pool = g_array_new(FALSE, FALSE, sizeof(CpmWorkInterval));
  self->pattern_keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  self->exceptions = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  cal_intern_pattern(self, NULL, 0); /* pattern 0: no work */
  return self;
}

CpmCalendar *
cpm_calendar_new_24h(void)
{
  CpmCalendar *self = cpm_calendar_new("24 Hour");
  CpmWorkInterval all = { 0, CPM_MINUTES_PER_DAY };
  for (guint d = 0; d < 7; d++)
    cpm_calendar_set_weekday(self, d, &all, 1, NULL);
  self->hours_per_day = 24;
  self->hours_per_week = 168;
  cpm_calendar_seal(self, NULL);
  return self;
}

CpmCalendar *
cpm_calendar_ref(CpmCalendar *self)
{
  g_return_val_if_fail(self != NULL, NULL);
  g_ref_count_inc(&self->ref);
  return self;
}

void
cpm_calendar_unref(CpmCalendar *self)
{
  if (self == NULL || !g_ref_count_dec(&self->ref))
    return;
  g_free(self->name);
  g_array_unref(self->patterns);
  g_array_unref(self->pool);
  g_hash_table_unref(self->pattern_keys);
  if (self->exceptions != NULL)
    g_hash_table_unref(self->exceptions);
  g_free(self->day_pattern);
  g_free(self->cum);
  g_free(self);
}

gboolean
cpm_calendar_set_weekday(CpmCalendar *self, guint weekday, const CpmWorkInterval *intervals,
                         guint n_intervals, GError **error)
{
  g_return_val_if_fail(weekday < 7, FALSE);
  guint16 p;
  if (!cal_make_pattern(self, intervals, n_intervals, &p, error))
    return FALSE;
  self->week[weekday] = p;
  return TRUE;
}

gboolean
cpm_calendar_set_exception(CpmCalendar *self, gint64 day, const CpmWorkInterval *intervals,
                           guint n_intervals, GError **error)
{
  guint16 p;
  if (!cal_make_pattern(self, intervals, n_intervals, &p, error))
    return FALSE;
  gint64 *key = g_new(gint64, 1);
  *key = day;
  g_hash_table_replace(self->exceptions, key, GUINT_TO_POINTER((guint)p));
  return TRUE;
}

void
cpm_calendar_set_hours_per_day(CpmCalendar *self, gdouble hours)
{
  g_return_if_fail(!self->sealed);
  self->hours_per_day = hours;
}

void
cpm_calendar_set_hours_per_week(CpmCalendar *self, gdouble hours)
{
  g_return_if_fail(!self->sealed);
  self->hours_per_week = hours;
}

static inline const CalPattern *
cal_pattern(const CpmCalendar *self, guint16 p)
{
  return &g_array_index(self->patterns, CalPattern, p);
}

gboolean
cpm_calendar_seal(CpmCalendar *self, GError **error)
{
  if (self->sealed)
    return TRUE;

  self->week_work = 0;
  self->week_prefix[0] = 0;
  for (guint i = 0; i < 14; i++)
    self->week_prefix[i + 1] = self->week_prefix[i] + cal_pattern(self, self->week[i % 7])->work;
  self->week_work = self->week_prefix[7];
  if (self->week_work == 0) {
    g_set_error(error, CPM_ERROR, CPM_ERROR_NO_WORK_TIME,
                "calendar '%s' has no working time in its work week", self->name);
    return FALSE;
  }

  /* The exception span. */
  GHashTableIter it;
  gpointer key, value;
  gint64 lo = G_MAXINT64, hi = G_MININT64;
  g_hash_table_iter_init(&it, self->exceptions);
  while (g_hash_table_iter_next(&it, &key, &value)) {
    gint64 d = *(gint64 *)key;
    lo = MIN(lo, d);
    hi = MAX(hi, d + 1);
  }
  if (lo > hi)
    lo = hi = 0;
  self->lo = lo;
  self->hi = hi;
  gsize n = (gsize)(hi - lo);
  self->day_pattern = g_new(guint16, n > 0 ? n : 1);
  self->cum = g_new(gint64, n + 1);
  for (gsize i = 0; i < n; i++)
    self->day_pattern[i] = self->week[cpm_weekday(lo + (gint64)i)];
  g_hash_table_iter_init(&it, self->exceptions);
  while (g_hash_table_iter_next(&it, &key, &value))
    self->day_pattern[*(gint64 *)key - lo] = (guint16)GPOINTER_TO_UINT(value);
  self->cum[0] = 0;
  for (gsize i = 0; i < n; i++)
    self->cum[i + 1] = self->cum[i] + cal_pattern(self, self->day_pattern[i])->work;

  g_clear_pointer(&self->exceptions, g_hash_table_unref);
  self->sealed = TRUE;
  return TRUE;
}

const gchar *
cpm_calendar_get_name(const CpmCalendar *self)
{
  return self->name;
}

gdouble
cpm_calendar_get_hours_per_day(const CpmCalendar *self)
{
  return self->hours_per_day;
}

gdouble
cpm_calendar_get_hours_per_week(const CpmCalendar *self)
{
  return self->hours_per_week;
}

gboolean
cpm_calendar_is_sealed(const CpmCalendar *self)
{
  return self->sealed;
}

static inline const CalPattern *
cal_day(const CpmCalendar *self, gint64 day)
{
  if (day >= self->lo && day < self->hi)
    return cal_pattern(self, self->day_pattern[day - self->lo]);
  return cal_pattern(self, self->week[cpm_weekday(day)]);
}

static inline const CpmWorkInterval *
cal_ivs(const CpmCalendar *self, const CalPattern *p)
{
  return &g_array_index(self->pool, CpmWorkInterval, p->offset);
}

/* Work of the standard week over days [a, b), a <= b: O(1). */
static gint64
cal_week_span(const CpmCalendar *self, gint64 a, gint64 b)
{
  gint64 days = b - a;
  gint64 weeks = days / 7;
  guint w = cpm_weekday(a);
  guint rest = (guint)(days % 7);
  return weeks * self->week_work + self->week_prefix[w + rest] - self->week_prefix[w];
}

/* Working minutes before day `day`, counted from day `lo` (negative before
 * it): O(1). */
static gint64
cal_work_before_day(const CpmCalendar *self, gint64 day)
{
  if (day < self->lo)
    return -cal_week_span(self, day, self->lo);
  if (day <= self->hi)
    return self->cum[day - self->lo];
  return self->cum[self->hi - self->lo] + cal_week_span(self, self->hi, day);
}

/* Working minutes before time t, on the same scale. */
static gint64
cal_work_at(const CpmCalendar *self, CpmTime t)
{
  gint64 day = cpm_time_day(t);
  gint64 m = t - day * CPM_MINUTES_PER_DAY;
  gint64 w = cal_work_before_day(self, day);
  const CalPattern *p = cal_day(self, day);
  const CpmWorkInterval *ivs = cal_ivs(self, p);
  for (guint i = 0; i < p->n; i++) {
    if (m <= ivs[i].start)
      break;
    w += MIN(m, (gint64)ivs[i].finish) - ivs[i].start;
  }
  return w;
}

/* The smallest day D with work_before_day(D + 1) >= target (strict = FALSE)
 * or > target (strict = TRUE), searching from `day`: gallops forwards or
 * backwards, then bisects. O(log distance). */
static gint64
cal_find_day(const CpmCalendar *self, gint64 day, gint64 target, gboolean strict)
{
#define CAL_OK(d)                                                                                  \
  (strict ? cal_work_before_day(self, (d) + 1) > target                                            \
          : cal_work_before_day(self, (d) + 1) >= target)
  gint64 lo, hi; /* invariant: !OK(lo), OK(hi) */
  if (CAL_OK(day)) {
    hi = day;
    gint64 step = 1;
    lo = day - step;
    while (CAL_OK(lo)) {
      hi = lo;
      step *= 2;
      lo = hi - step;
    }
  } else {
    lo = day;
    gint64 step = 1;
    hi = day + step;
    while (!CAL_OK(hi)) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
  }
  while (hi - lo > 1) {
    gint64 mid = lo + (hi - lo) / 2;
    if (CAL_OK(mid))
      hi = mid;
    else
      lo = mid;
  }
#undef CAL_OK
  return hi;
}

guint
cpm_calendar_day_intervals(const CpmCalendar *self, gint64 day,
                           const CpmWorkInterval **intervals_out)
{
  g_return_val_if_fail(self->sealed, 0);
  const CalPattern *p = cal_day(self, day);
  *intervals_out = cal_ivs(self, p);
  return p->n;
}

guint
cpm_calendar_day_work(const CpmCalendar *self, gint64 day)
{
  g_return_val_if_fail(self->sealed, 0);
  return cal_day(self, day)->work;
}

CpmDuration
cpm_calendar_work_between(const CpmCalendar *self, CpmTime a, CpmTime b)
{
  g_return_val_if_fail(self->sealed, 0);
  return cal_work_at(self, b) - cal_work_at(self, a);
}

CpmTime
cpm_calendar_add_work(const CpmCalendar *self, CpmTime from, CpmDuration work)
{
  g_return_val_if_fail(self->sealed, from);
  if (work == 0)
    return from;
  if (work < 0)
    return cpm_calendar_subtract_work(self, from, -work);
  gint64 target = cal_work_at(self, from) + work;
  gint64 day = cal_find_day(self, cpm_time_day(from), target, FALSE);
  gint64 r = target - cal_work_before_day(self, day); /* in (0, work of day] */
  const CalPattern *p = cal_day(self, day);
  const CpmWorkInterval *ivs = cal_ivs(self, p);
  for (guint i = 0; i < p->n; i++) {
    gint64 len = ivs[i].finish - ivs[i].start;
    if (r <= len)
      return day * CPM_MINUTES_PER_DAY + ivs[i].start + r;
    r -= len;
  }
  g_assert_not_reached();
}

CpmTime
cpm_calendar_subtract_work(const CpmCalendar *self, CpmTime to, CpmDuration work)
{
  g_return_val_if_fail(self->sealed, to);
  if (work == 0)
    return to;
  if (work < 0)
    return cpm_calendar_add_work(self, to, -work);
  gint64 target = cal_work_at(self, to) - work;
  gint64 day = cal_find_day(self, cpm_time_day(to), target, TRUE);
  gint64 r = target - cal_work_before_day(self, day); /* in [0, work of day) */
  const CalPattern *p = cal_day(self, day);
  const CpmWorkInterval *ivs = cal_ivs(self, p);
  for (guint i = 0; i < p->n; i++) {
    gint64 len = ivs[i].finish - ivs[i].start;
    if (r < len)
      return day * CPM_MINUTES_PER_DAY + ivs[i].start + r;
    r -= len;
  }
  g_assert_not_reached();
}

gboolean
cpm_calendar_is_working(const CpmCalendar *self, CpmTime t)
{
  g_return_val_if_fail(self->sealed, FALSE);
  gint64 day = cpm_time_day(t);
  gint64 m = t - day * CPM_MINUTES_PER_DAY;
  const CalPattern *p = cal_day(self, day);
  const CpmWorkInterval *ivs = cal_ivs(self, p);
  for (guint i = 0; i < p->n; i++)
    if (ivs[i].start <= m && m < ivs[i].finish)
      return TRUE;
  return FALSE;
}

CpmTime
cpm_calendar_next_work(const CpmCalendar *self, CpmTime t)
{
  g_return_val_if_fail(self->sealed, t);
  gint64 day = cpm_time_day(t);
  gint64 m = t - day * CPM_MINUTES_PER_DAY;
  const CalPattern *p = cal_day(self, day);
  const CpmWorkInterval *ivs = cal_ivs(self, p);
  for (guint i = 0; i < p->n; i++) {
    if (m < ivs[i].start)
      return day * CPM_MINUTES_PER_DAY + ivs[i].start;
    if (m < ivs[i].finish)
      return t;
  }
  /* The first working minute after this day. */
  gint64 next = cal_find_day(self, day + 1, cal_work_before_day(self, day + 1), TRUE);
  p = cal_day(self, next);
  return next * CPM_MINUTES_PER_DAY + cal_ivs(self, p)[0].start;
}

CpmTime
cpm_calendar_prev_work(const CpmCalendar *self, CpmTime t)
{
  g_return_val_if_fail(self->sealed, t);
  gint64 day = cpm_time_day(t);
  gint64 m = t - day * CPM_MINUTES_PER_DAY;
  if (m == 0) {
    /* 00:00 is 24:00 of the day before. */
    day--;
    m = CPM_MINUTES_PER_DAY;
  }
  const CalPattern *p = cal_day(self, day);
  const CpmWorkInterval *ivs = cal_ivs(self, p);
  for (guint i = p->n; i-- > 0;) {
    if (m > ivs[i].finish)
      return day * CPM_MINUTES_PER_DAY + ivs[i].finish;
    if (m > ivs[i].start)
      return t;
  }
  /* The last working minute before this day. */
  gint64 prev = cal_find_day(self, day - 1, cal_work_before_day(self, day) - 1, TRUE);
  p = cal_day(self, prev);
  return prev * CPM_MINUTES_PER_DAY + cal_ivs(self, p)[p->n - 1].finish;
}

gboolean
cpm_calendar_is_period_end(const CpmCalendar *self, CpmTime t)
{
  g_return_val_if_fail(self->sealed, FALSE);
  gint64 day = cpm_time_day(t);
  gint64 m = t - day * CPM_MINUTES_PER_DAY;
  if (m == 0) {
    day--;
    m = CPM_MINUTES_PER_DAY;
  }
  const CalPattern *p = cal_day(self, day);
  const CpmWorkInterval *ivs = cal_ivs(self, p);
  for (guint i = 0; i < p->n; i++)
    if (ivs[i].finish == m)
      return TRUE;
  return FALSE;
}
