/* SPDX-License-Identifier: MIT
 *
 * test-calendar.c: tests of cpm-calendar.h and of the civil-time helpers of
 * cpm-types.h. The core is a differential test: a brute-force reference
 * calendar, written minute by minute straight from the definitions of W, A,
 * S, Next and Prev in p6-scheduling-rules.md §0, is compared with the real
 * calendar on random instants and durations of several calendars (split days,
 * 24 h, night shifts, holidays and make-up days, partial days, one working day
 * a week), inside, around and far outside the span of their exceptions.
 * Hand-derived cases pin the rules of §1 (an exact fit ends at a period end,
 * lands on a period start); the civil-time helpers get round trips over
 * 1900..2999 and a table of bad inputs. Set CPM_TEST_SEED to vary the seeds.
 */
#include "cpm-calendar.h"
#include "cpm-error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY CPM_MINUTES_PER_DAY

/* Number of random instants per calendar in /calendar/random/ and
 * /calendar/long/. */
#define N_RANDOM 3000
#define N_LONG   40

/* Mismatch reporting: a differential test keeps going after the first
 * difference and logs the first few, so a failure reads as a bug report. */

#define MAX_REPORTS 12

static guint n_mismatches; /* mismatches in the current test case */

static void mismatch(const gchar *format, ...) G_GNUC_PRINTF(1, 2);

static void
mismatch(const gchar *format, ...)
{
  va_list args;

  va_start(args, format);
  g_autofree gchar *msg = g_strdup_vprintf(format, args);
  va_end(args);
  n_mismatches++;
  if (n_mismatches <= MAX_REPORTS)
    g_test_message("MISMATCH %s", msg);
  g_test_fail();
}

static void
mismatch_reset(void)
{
  n_mismatches = 0;
}

static void
mismatch_summary(void)
{
  if (n_mismatches > MAX_REPORTS)
    g_test_message("... %u mismatches in all", n_mismatches);
}

/* "2016-04-22T16:00 Fri", from a small ring of static buffers so that a few
 * can appear in one message. */
static const gchar *
fmt(CpmTime t)
{
  static const gchar *const names[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
  static gchar bufs[16][32];
  static guint next;
  gchar *buf = bufs[next++ % G_N_ELEMENTS(bufs)];
  gchar text[CPM_TIME_FORMAT_LEN];

  if (t == CPM_TIME_NONE)
    return "NONE";
  g_snprintf(buf, sizeof bufs[0], "%s %s", cpm_time_format(t, text),
             names[cpm_weekday(cpm_time_day(t))]);
  return buf;
}

static CpmTime
parse_or_die(const gchar *text)
{
  CpmTime t = CPM_TIME_NONE;

  if (!cpm_time_parse(text, &t))
    g_error("test bug: cannot parse \"%s\"", text);
  return t;
}

static gint64
day_of_text(const gchar *text)
{
  gint y;
  guint m, d;

  g_assert_cmpint(sscanf(text, "%d-%u-%u", &y, &m, &d), ==, 3);
  return cpm_days_from_civil(y, m, d);
}

/* The brute-force reference. Every answer is found by looking at single
 * minutes; the only shortcut is skipping a whole day whose working minutes
 * were counted one by one. A one-day cache keeps minute walks fast: O(m) for
 * m minutes walked. */

#define REF_MAX_INTERVALS 8

typedef struct {
  gint64 day;                            /* days since 1970-01-01 */
  guint n;                               /* number of intervals; 0 = holiday */
  CpmWorkInterval iv[REF_MAX_INTERVALS]; /* as given: any order, may overlap */
} RefException;

typedef struct {
  guint n_week[7];                            /* intervals per weekday, 0 = Sunday */
  CpmWorkInterval week[7][REF_MAX_INTERVALS]; /* as given */
  GArray *exceptions;                         /* RefException, owned; last one wins */
  gint64 cached_day;                          /* day held in bits, G_MININT64 = none */
  guint cached_work;                          /* working minutes of cached_day */
  guint8 bits[DAY];                           /* 1 = that minute of cached_day works */
} RefCal;

static gint64
ref_day_of(CpmTime t)
{
  gint64 day = t / DAY;

  if (day * DAY > t)
    day--;
  return day;
}

static guint
ref_weekday(gint64 day)
{
  return (guint)((day % 7 + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

/* The intervals of a day as they were given (not merged). */
static guint
ref_raw_intervals(const RefCal *ref, gint64 day, const CpmWorkInterval **iv_out)
{
  for (guint i = ref->exceptions->len; i > 0; i--) {
    const RefException *e = &g_array_index(ref->exceptions, RefException, i - 1);
    if (e->day == day) {
      *iv_out = e->iv;
      return e->n;
    }
  }
  guint wd = ref_weekday(day);
  *iv_out = ref->week[wd];
  return ref->n_week[wd];
}

static void
ref_load(RefCal *ref, gint64 day)
{
  const CpmWorkInterval *iv;

  if (day == ref->cached_day)
    return;
  guint n = ref_raw_intervals(ref, day, &iv);
  memset(ref->bits, 0, sizeof ref->bits);
  for (guint i = 0; i < n; i++)
    for (guint m = iv[i].start; m < iv[i].finish; m++)
      ref->bits[m] = 1;
  ref->cached_work = 0;
  for (guint m = 0; m < DAY; m++)
    ref->cached_work += ref->bits[m];
  ref->cached_day = day;
}

static gboolean
ref_working(RefCal *ref, CpmTime t)
{
  gint64 day = ref_day_of(t);

  ref_load(ref, day);
  return ref->bits[t - day * DAY];
}

static guint
ref_day_work(RefCal *ref, gint64 day)
{
  ref_load(ref, day);
  return ref->cached_work;
}

static gboolean
ref_at_midnight(CpmTime t)
{
  return ref_day_of(t) * DAY == t;
}

/* W: working minutes in [a, b), negative when b < a. */
static CpmDuration
ref_work(RefCal *ref, CpmTime a, CpmTime b)
{
  CpmDuration n = 0;

  if (b < a)
    return -ref_work(ref, b, a);
  for (CpmTime t = a; t < b;) {
    if (ref_at_midnight(t) && t + DAY <= b) {
      n += ref_day_work(ref, ref_day_of(t));
      t += DAY;
    } else {
      n += ref_working(ref, t);
      t++;
    }
  }
  return n;
}

/* A: the earliest u >= t with W(t, u) == d. */
static CpmTime
ref_add(RefCal *ref, CpmTime t, CpmDuration d)
{
  CpmTime u = t;

  while (d > 0) {
    if (ref_at_midnight(u) && ref_day_work(ref, ref_day_of(u)) < d) {
      d -= ref_day_work(ref, ref_day_of(u));
      u += DAY;
      continue;
    }
    d -= ref_working(ref, u);
    u++;
  }
  return u;
}

/* S: the latest u <= t with W(u, t) == d. */
static CpmTime
ref_subtract(RefCal *ref, CpmTime t, CpmDuration d)
{
  CpmTime u = t;

  while (d > 0) {
    if (ref_at_midnight(u) && ref_day_work(ref, ref_day_of(u) - 1) < d) {
      d -= ref_day_work(ref, ref_day_of(u) - 1);
      u -= DAY;
      continue;
    }
    u--;
    d -= ref_working(ref, u);
  }
  return u;
}

/* Next: t when minute t works, else the first working minute after it. */
static CpmTime
ref_next(RefCal *ref, CpmTime t)
{
  while (!ref_working(ref, t))
    t++;
  return t;
}

/* Prev: t when start < t <= finish for some interval, that is when minute
 * t - 1 works; else the previous period end, the latest u < t whose minute
 * u - 1 works. */
static CpmTime
ref_prev(RefCal *ref, CpmTime t)
{
  while (!ref_working(ref, t - 1))
    t--;
  return t;
}

/* t is the finish of a merged interval of its day, or 24:00 of the previous
 * day (whose last minute then works). */
static gboolean
ref_period_end(RefCal *ref, CpmTime t)
{
  gint64 day = ref_day_of(t);
  CpmTime m = t - day * DAY;

  if (m == 0)
    return ref_working(ref, t - 1);
  return ref_working(ref, t - 1) && !ref_working(ref, t);
}

/* A test calendar: one description applied to the reference and to a real
 * CpmCalendar. */

typedef struct {
  const gchar *name; /* static string */
  RefCal ref;        /* the brute-force twin */
  CpmCalendar *cal;  /* owned, sealed by tc_seal() */
} TestCal;

static void
test_cal_free(TestCal *tc)
{
  g_array_unref(tc->ref.exceptions);
  g_clear_pointer(&tc->cal, cpm_calendar_unref);
  g_free(tc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TestCal, test_cal_free)

static TestCal *
tc_new(const gchar *name)
{
  TestCal *tc = g_new0(TestCal, 1);

  tc->name = name;
  tc->ref.exceptions = g_array_new(FALSE, TRUE, sizeof(RefException));
  tc->ref.cached_day = G_MININT64;
  tc->cal = cpm_calendar_new(name);
  return tc;
}

/* "08:00-12:00 13:00-17:00" into intervals; "" for none. */
static guint
spec_parse(const gchar *spec, CpmWorkInterval *iv)
{
  g_auto(GStrv) parts = g_strsplit(spec, " ", -1);
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++) {
    guint h1, m1, h2, m2;
    if (parts[i][0] == '\0')
      continue;
    g_assert_cmpint(sscanf(parts[i], "%u:%u-%u:%u", &h1, &m1, &h2, &m2), ==, 4);
    g_assert_cmpuint(n, <, REF_MAX_INTERVALS);
    iv[n].start = (guint16)(h1 * 60 + m1);
    iv[n].finish = (guint16)(h2 * 60 + m2);
    n++;
  }
  return n;
}

/* Sets the weekdays named by digits in `days` ("12345" = Mon..Fri). */
static void
tc_week(TestCal *tc, const gchar *days, const gchar *spec)
{
  for (const gchar *p = days; *p != '\0'; p++) {
    g_autoptr(GError) error = NULL;
    guint wd = (guint)(*p - '0');
    g_assert_cmpuint(wd, <, 7);
    tc->ref.n_week[wd] = spec_parse(spec, tc->ref.week[wd]);
    g_assert_true(
        cpm_calendar_set_weekday(tc->cal, wd, tc->ref.week[wd], tc->ref.n_week[wd], &error));
    g_assert_no_error(error);
  }
}

static void
tc_exception_day(TestCal *tc, gint64 day, const gchar *spec)
{
  g_autoptr(GError) error = NULL;
  RefException e = { 0 };

  e.day = day;
  e.n = spec_parse(spec, e.iv);
  g_array_append_val(tc->ref.exceptions, e);
  g_assert_true(cpm_calendar_set_exception(tc->cal, day, e.iv, e.n, &error));
  g_assert_no_error(error);
}

/* An exception on each day from `first` to `last` (dates "YYYY-MM-DD"). */
static void
tc_exception(TestCal *tc, const gchar *first, const gchar *last, const gchar *spec)
{
  for (gint64 day = day_of_text(first); day <= day_of_text(last); day++)
    tc_exception_day(tc, day, spec);
}

static TestCal *
tc_seal(TestCal *tc)
{
  g_autoptr(GError) error = NULL;

  g_assert_true(cpm_calendar_seal(tc->cal, &error));
  g_assert_no_error(error);
  g_assert_true(cpm_calendar_is_sealed(tc->cal));
  return tc;
}

#define SPLIT_DAY "08:00-12:00 13:00-17:00"

/* (a) Mon-Fri 08:00-12:00, 13:00-17:00 (SP10 calendar 640's work week). */
static TestCal *
make_split_day(void)
{
  TestCal *tc = tc_new("split-day");
  tc_week(tc, "12345", SPLIT_DAY);
  return tc_seal(tc);
}

/* (b) Mon-Fri 7.5 h: 08:30-12:00, 12:30-16:30. */
static TestCal *
make_seven_and_a_half(void)
{
  TestCal *tc = tc_new("seven-and-a-half");
  tc_week(tc, "12345", "08:30-12:00 12:30-16:30");
  return tc_seal(tc);
}

/* (c) P6's 24-hour calendar, built in. */
static TestCal *
make_24h_builtin(void)
{
  TestCal *tc = g_new0(TestCal, 1);

  tc->name = "24h-builtin";
  tc->ref.exceptions = g_array_new(FALSE, TRUE, sizeof(RefException));
  tc->ref.cached_day = G_MININT64;
  for (guint wd = 0; wd < 7; wd++)
    tc->ref.n_week[wd] = spec_parse("00:00-24:00", tc->ref.week[wd]);
  tc->cal = cpm_calendar_new_24h();
  g_assert_true(cpm_calendar_is_sealed(tc->cal));
  return tc;
}

/* (c) The same built by hand. */
static TestCal *
make_24h_by_hand(void)
{
  TestCal *tc = tc_new("24h-by-hand");
  tc_week(tc, "0123456", "00:00-24:00");
  return tc_seal(tc);
}

/* (c) 24 h again, from overlapping and touching pieces out of order: merging
 * must leave no period end at 06:00 or 12:00. */
static TestCal *
make_24h_pieces(void)
{
  TestCal *tc = tc_new("24h-pieces");
  tc_week(tc, "0123456", "12:00-24:00 00:00-06:00 05:00-12:00");
  return tc_seal(tc);
}

/* (d) Every day 08:00-16:00 (SP10 641, MDL4 6592). */
static TestCal *
make_seven_day(void)
{
  TestCal *tc = tc_new("seven-day");
  tc_week(tc, "0123456", "08:00-16:00");
  return tc_seal(tc);
}

/* (e) (a) with China's 2016 Spring Festival and National Day: holidays and
 * make-up weekend workdays. */
static TestCal *
make_china_2016(void)
{
  TestCal *tc = tc_new("china-2016");
  tc_week(tc, "12345", SPLIT_DAY);
  tc_exception(tc, "2016-02-06", "2016-02-06", SPLIT_DAY); /* Sat, make-up */
  tc_exception(tc, "2016-02-07", "2016-02-13", "");
  tc_exception(tc, "2016-02-14", "2016-02-14", SPLIT_DAY); /* Sun, make-up */
  tc_exception(tc, "2016-10-01", "2016-10-07", "");
  tc_exception(tc, "2016-10-08", "2016-10-09", SPLIT_DAY); /* Sat, Sun, make-up */
  return tc_seal(tc);
}

/* (f) (a) with partial days, a replaced exception, a whole worked Saturday
 * running into a worked Sunday night, and overlapping exception intervals. */
static TestCal *
make_partial_days(void)
{
  TestCal *tc = tc_new("partial-days");
  tc_week(tc, "12345", SPLIT_DAY);
  tc_exception(tc, "2016-03-01", "2016-03-01", "08:00-10:00");             /* Tue */
  tc_exception(tc, "2016-03-05", "2016-03-05", "08:00-10:00");             /* Sat */
  tc_exception(tc, "2016-03-10", "2016-03-10", "");                        /* Thu */
  tc_exception(tc, "2016-03-11", "2016-03-11", "14:00-15:30 10:00-11:00"); /* Fri */
  tc_exception(tc, "2016-03-15", "2016-03-15", "");                        /* Tue ... */
  tc_exception(tc, "2016-03-15", "2016-03-15", "08:00-10:00 09:00-11:00"); /* ... replaced */
  tc_exception(tc, "2016-04-02", "2016-04-02", "00:00-24:00");             /* Sat */
  tc_exception(tc, "2016-04-03", "2016-04-03", "00:00-02:00");             /* Sun */
  tc_exception(tc, "2016-05-02", "2016-05-02", SPLIT_DAY);                 /* Mon, no-op */
  tc_exception(tc, "2016-06-30", "2016-06-30", "13:00-17:00");             /* Thu */
  return tc_seal(tc);
}

/* (g) Night shifts Sun 22:00 .. Fri 06:00: work across midnight. */
static TestCal *
make_night_shift(void)
{
  TestCal *tc = tc_new("night-shift");
  tc_week(tc, "0", "22:00-24:00");
  tc_week(tc, "1234", "00:00-06:00 22:00-24:00");
  tc_week(tc, "5", "00:00-06:00");
  tc_exception(tc, "2016-05-04", "2016-05-04", "");            /* Wed */
  tc_exception(tc, "2016-05-07", "2016-05-07", "00:00-06:00"); /* Sat */
  tc_exception(tc, "2016-05-08", "2016-05-08", "20:00-24:00"); /* Sun */
  return tc_seal(tc);
}

/* (h) Wednesdays only, 5 h. */
static TestCal *
make_wednesday(void)
{
  TestCal *tc = tc_new("wednesday");
  tc_week(tc, "3", "09:00-12:00 13:00-15:00");
  tc_exception(tc, "2016-07-13", "2016-07-13", "");            /* Wed */
  tc_exception(tc, "2016-07-16", "2016-07-16", "10:00-11:00"); /* Sat */
  return tc_seal(tc);
}

/* A century-wide exception span (1960..2060) reaching before 1970. */
static TestCal *
make_wide_span(void)
{
  TestCal *tc = tc_new("wide-span");
  tc_week(tc, "12345", "07:00-15:30");
  tc_exception(tc, "1960-05-02", "1960-05-02", "");            /* Mon */
  tc_exception(tc, "1960-05-07", "1960-05-07", "08:00-12:00"); /* Sat */
  tc_exception(tc, "2060-05-03", "2060-05-03", "");            /* Mon */
  tc_exception(tc, "2060-05-08", "2060-05-08", "08:00-12:00"); /* Sat */
  return tc_seal(tc);
}

typedef struct {
  const gchar *name;      /* test path component */
  TestCal *(*make)(void); /* builds and seals the calendar */
} CalendarCase;

static const CalendarCase calendar_cases[] = {
  { "split-day", make_split_day },     { "seven-and-a-half", make_seven_and_a_half },
  { "24h-builtin", make_24h_builtin }, { "24h-by-hand", make_24h_by_hand },
  { "24h-pieces", make_24h_pieces },   { "seven-day", make_seven_day },
  { "china-2016", make_china_2016 },   { "partial-days", make_partial_days },
  { "night-shift", make_night_shift }, { "wednesday", make_wednesday },
  { "wide-span", make_wide_span },
};

/* Comparisons, shared by the hand-derived and the random tests. */

static void
check_add(TestCal *tc, CpmTime t, CpmDuration d, CpmTime want)
{
  CpmTime got = cpm_calendar_add_work(tc->cal, t, d);

  if (got != want)
    mismatch("%s: A(%s, %" G_GINT64_FORMAT ") = %s, expected %s", tc->name, fmt(t), d, fmt(got),
             fmt(want));
}

static void
check_subtract(TestCal *tc, CpmTime t, CpmDuration d, CpmTime want)
{
  CpmTime got = cpm_calendar_subtract_work(tc->cal, t, d);

  if (got != want)
    mismatch("%s: S(%s, %" G_GINT64_FORMAT ") = %s, expected %s", tc->name, fmt(t), d, fmt(got),
             fmt(want));
}

static void
check_work(TestCal *tc, CpmTime a, CpmTime b, CpmDuration want)
{
  CpmDuration got = cpm_calendar_work_between(tc->cal, a, b);

  if (got != want)
    mismatch("%s: W(%s, %s) = %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT, tc->name, fmt(a),
             fmt(b), got, want);
}

static void
check_next(TestCal *tc, CpmTime t, CpmTime want)
{
  CpmTime got = cpm_calendar_next_work(tc->cal, t);

  if (got != want)
    mismatch("%s: Next(%s) = %s, expected %s", tc->name, fmt(t), fmt(got), fmt(want));
}

static void
check_prev(TestCal *tc, CpmTime t, CpmTime want)
{
  CpmTime got = cpm_calendar_prev_work(tc->cal, t);

  if (got != want)
    mismatch("%s: Prev(%s) = %s, expected %s", tc->name, fmt(t), fmt(got), fmt(want));
}

static void
check_working(TestCal *tc, CpmTime t, gboolean want)
{
  gboolean got = cpm_calendar_is_working(tc->cal, t);

  if (!got != !want)
    mismatch("%s: Inside(%s) = %d, expected %d", tc->name, fmt(t), got, want);
}

static void
check_period_end(TestCal *tc, CpmTime t, gboolean want)
{
  gboolean got = cpm_calendar_is_period_end(tc->cal, t);

  if (!got != !want)
    mismatch("%s: is_period_end(%s) = %d, expected %d", tc->name, fmt(t), got, want);
}

static gchar *
intervals_to_string(const CpmWorkInterval *iv, guint n)
{
  GString *s = g_string_new("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf(s, "%s%02u:%02u-%02u:%02u", i ? " " : "", iv[i].start / 60u,
                           iv[i].start % 60u, iv[i].finish / 60u, iv[i].finish % 60u);
  g_string_append_c(s, ']');
  return g_string_free(s, FALSE);
}

/* The merged intervals of the reference's day, from its minute bits. */
static guint
ref_merged_intervals(RefCal *ref, gint64 day, CpmWorkInterval *iv)
{
  guint n = 0;

  ref_load(ref, day);
  for (guint m = 0; m < DAY; m++) {
    if (ref->bits[m] && (m == 0 || !ref->bits[m - 1]))
      iv[n].start = (guint16)m;
    if (ref->bits[m] && (m + 1 == DAY || !ref->bits[m + 1]))
      iv[n++].finish = (guint16)(m + 1);
  }
  return n;
}

static void
check_day(TestCal *tc, gint64 day)
{
  CpmWorkInterval want[DAY / 2];
  const CpmWorkInterval *got = NULL;
  guint n_want = ref_merged_intervals(&tc->ref, day, want);
  guint n_got = cpm_calendar_day_intervals(tc->cal, day, &got);
  gboolean same = n_got == n_want && (n_got == 0 || got != NULL);

  for (guint i = 0; same && i < n_got; i++)
    same = got[i].start == want[i].start && got[i].finish == want[i].finish;
  if (!same) {
    g_autofree gchar *s_got = intervals_to_string(got, got != NULL ? n_got : 0);
    g_autofree gchar *s_want = intervals_to_string(want, n_want);
    mismatch("%s: day_intervals(%s) = %s, expected %s", tc->name, fmt(day * DAY), s_got, s_want);
  }
  guint work = cpm_calendar_day_work(tc->cal, day);
  if (work != ref_day_work(&tc->ref, day))
    mismatch("%s: day_work(%s) = %u, expected %u", tc->name, fmt(day * DAY), work,
             ref_day_work(&tc->ref, day));
}

/* Hand-derived expectations: the reference must agree too, or the test (or
 * the hand arithmetic) is wrong. */

static void
ref_agrees(TestCal *tc, const gchar *what, const gchar *at, gint64 ref, gint64 hand)
{
  if (ref != hand)
    mismatch("TEST BUG %s: reference %s(%s) = %" G_GINT64_FORMAT ", hand-derived %" G_GINT64_FORMAT,
             tc->name, what, at, ref, hand);
}

static void
hand_add(TestCal *tc, const gchar *from, CpmDuration d, const gchar *expected)
{
  CpmTime t = parse_or_die(from), want = parse_or_die(expected);

  ref_agrees(tc, "A", from, ref_add(&tc->ref, t, d), want);
  check_add(tc, t, d, want);
  /* The definition itself: W(t, A) == d and, for d > 0, A is minimal. */
  check_work(tc, t, want, d);
  if (d > 0)
    check_work(tc, t, want - 1, d - 1);
}

static void
hand_subtract(TestCal *tc, const gchar *to, CpmDuration d, const gchar *expected)
{
  CpmTime t = parse_or_die(to), want = parse_or_die(expected);

  ref_agrees(tc, "S", to, ref_subtract(&tc->ref, t, d), want);
  check_subtract(tc, t, d, want);
  check_work(tc, want, t, d);
  if (d > 0)
    check_work(tc, want + 1, t, d - 1);
}

static void
hand_work(TestCal *tc, const gchar *a, const gchar *b, CpmDuration expected)
{
  CpmTime ta = parse_or_die(a), tb = parse_or_die(b);

  ref_agrees(tc, "W", a, ref_work(&tc->ref, ta, tb), expected);
  check_work(tc, ta, tb, expected);
}

static void
hand_next(TestCal *tc, const gchar *at, const gchar *expected)
{
  CpmTime t = parse_or_die(at), want = parse_or_die(expected);

  ref_agrees(tc, "Next", at, ref_next(&tc->ref, t), want);
  check_next(tc, t, want);
}

static void
hand_prev(TestCal *tc, const gchar *at, const gchar *expected)
{
  CpmTime t = parse_or_die(at), want = parse_or_die(expected);

  ref_agrees(tc, "Prev", at, ref_prev(&tc->ref, t), want);
  check_prev(tc, t, want);
}

static void
hand_working(TestCal *tc, const gchar *at, gboolean expected)
{
  CpmTime t = parse_or_die(at);

  ref_agrees(tc, "Inside", at, ref_working(&tc->ref, t), expected);
  check_working(tc, t, expected);
}

static void
hand_period_end(TestCal *tc, const gchar *at, gboolean expected)
{
  CpmTime t = parse_or_die(at);

  ref_agrees(tc, "is_period_end", at, ref_period_end(&tc->ref, t), expected);
  check_period_end(tc, t, expected);
}

static void
hand_day_work(TestCal *tc, const gchar *date, guint expected)
{
  gint64 day = day_of_text(date);

  ref_agrees(tc, "day_work", date, ref_day_work(&tc->ref, day), expected);
  if (cpm_calendar_day_work(tc->cal, day) != expected)
    mismatch("%s: day_work(%s) = %u, expected %u", tc->name, date,
             cpm_calendar_day_work(tc->cal, day), expected);
}

/* Hand-derived cases. 2016-04-18 is a Monday. */

static void
test_hand_split_day(void)
{
  g_autoptr(TestCal) tc = make_split_day();

  mismatch_reset();
  /* Fri 16:00-17:00 is 60, the weekend 0, Mon 08:00-09:00 the other 60. */
  hand_add(tc, "2016-04-22T16:00", 120, "2016-04-25T09:00");
  /* 08:00-12:00 is exactly 240: an exact fit ends at the period end, 12:00,
   * not at the next start, 13:00. */
  hand_add(tc, "2016-04-18T08:00", 240, "2016-04-18T12:00");
  /* One more minute is 13:00-13:01. */
  hand_add(tc, "2016-04-18T08:00", 241, "2016-04-18T13:01");
  /* A whole day, 4 h + 4 h: Mon 17:00, not Tue 08:00. */
  hand_add(tc, "2016-04-18T08:00", 480, "2016-04-18T17:00");
  /* Five days of 480: Fri 17:00. */
  hand_add(tc, "2016-04-18T08:00", 2400, "2016-04-22T17:00");
  /* From a Saturday: nothing until Mon 08:00, then 60 minutes. */
  hand_add(tc, "2016-04-23T10:00", 60, "2016-04-25T09:00");
  /* From the lunch break: 13:00-13:30. */
  hand_add(tc, "2016-04-18T12:30", 30, "2016-04-18T13:30");
  /* A(t, 0) == t, even outside working time. */
  hand_add(tc, "2016-04-18T12:00", 0, "2016-04-18T12:00");
  hand_add(tc, "2016-04-23T10:00", 0, "2016-04-23T10:00");
  /* 13:00 back 240: 12:00-08:00; an exact fit lands on the period start. */
  hand_subtract(tc, "2016-04-18T13:00", 240, "2016-04-18T08:00");
  /* Tue 08:00 back 60: Mon 16:00-17:00. */
  hand_subtract(tc, "2016-04-19T08:00", 60, "2016-04-18T16:00");
  /* Mon 09:00 back 120: 60 on Mon, 60 on Fri 16:00-17:00. */
  hand_subtract(tc, "2016-04-25T09:00", 120, "2016-04-22T16:00");
  /* A whole day back from its end or from the next morning: Mon 08:00. */
  hand_subtract(tc, "2016-04-18T17:00", 480, "2016-04-18T08:00");
  hand_subtract(tc, "2016-04-19T08:00", 480, "2016-04-18T08:00");
  /* Mon 08:00 back 1: the last minute of Friday starts at 16:59. */
  hand_subtract(tc, "2016-04-25T08:00", 1, "2016-04-22T16:59");
  hand_subtract(tc, "2016-04-18T13:00", 0, "2016-04-18T13:00");
  /* Next: 12:00 -> 13:00, Fri 17:00 -> Mon 08:00, working instants kept. */
  hand_next(tc, "2016-04-18T12:00", "2016-04-18T13:00");
  hand_next(tc, "2016-04-22T17:00", "2016-04-25T08:00");
  hand_next(tc, "2016-04-18T08:00", "2016-04-18T08:00");
  hand_next(tc, "2016-04-18T11:59", "2016-04-18T11:59");
  hand_next(tc, "2016-04-23T03:00", "2016-04-25T08:00");
  /* Prev: Mon 08:00 -> Fri 17:00; 12:00 is a period end (start < t <=
   * finish), so is kept; 12:30 and 13:00 go back to 12:00; 13:01 is kept. */
  hand_prev(tc, "2016-04-25T08:00", "2016-04-22T17:00");
  hand_prev(tc, "2016-04-18T12:00", "2016-04-18T12:00");
  hand_prev(tc, "2016-04-18T12:30", "2016-04-18T12:00");
  hand_prev(tc, "2016-04-18T13:00", "2016-04-18T12:00");
  hand_prev(tc, "2016-04-18T13:01", "2016-04-18T13:01");
  hand_prev(tc, "2016-04-24T12:00", "2016-04-22T17:00");
  hand_prev(tc, "2016-04-22T17:00", "2016-04-22T17:00");
  /* W over the weekend: 0 from Fri 17:00 to Mon 08:00, 120 from Fri 16:00
   * to Mon 09:00, negative when reversed; a week is 5 x 480. */
  hand_work(tc, "2016-04-22T17:00", "2016-04-25T08:00", 0);
  hand_work(tc, "2016-04-23T00:00", "2016-04-25T00:00", 0);
  hand_work(tc, "2016-04-22T16:00", "2016-04-25T09:00", 120);
  hand_work(tc, "2016-04-25T09:00", "2016-04-22T16:00", -120);
  hand_work(tc, "2016-04-18T00:00", "2016-04-25T00:00", 2400);
  hand_work(tc, "2016-04-18T10:00", "2016-04-18T10:00", 0);
  hand_working(tc, "2016-04-18T08:00", TRUE);
  hand_working(tc, "2016-04-18T11:59", TRUE);
  hand_working(tc, "2016-04-18T12:00", FALSE);
  hand_working(tc, "2016-04-18T17:00", FALSE);
  hand_working(tc, "2016-04-23T10:00", FALSE);
  hand_period_end(tc, "2016-04-18T12:00", TRUE);
  hand_period_end(tc, "2016-04-18T17:00", TRUE);
  hand_period_end(tc, "2016-04-18T13:00", FALSE);
  hand_period_end(tc, "2016-04-18T08:00", FALSE);
  hand_period_end(tc, "2016-04-18T16:59", FALSE);
  hand_period_end(tc, "2016-04-23T00:00", FALSE);
  hand_day_work(tc, "2016-04-18", 480);
  hand_day_work(tc, "2016-04-23", 0);
  mismatch_summary();
}

static void
test_hand_seven_and_a_half(void)
{
  g_autoptr(TestCal) tc = make_seven_and_a_half();

  mismatch_reset();
  /* 08:30-12:00 is 210, 12:30-16:30 is 240: a day is 450. */
  hand_add(tc, "2016-04-18T08:30", 450, "2016-04-18T16:30");
  hand_add(tc, "2016-04-18T08:30", 210, "2016-04-18T12:00");
  hand_add(tc, "2016-04-18T08:30", 211, "2016-04-18T12:31");
  /* Fri 16:00 + 60: 30 on Friday, Mon 08:30-09:00. */
  hand_add(tc, "2016-04-22T16:00", 60, "2016-04-25T09:00");
  hand_subtract(tc, "2016-04-18T12:30", 210, "2016-04-18T08:30");
  hand_subtract(tc, "2016-04-25T08:30", 30, "2016-04-22T16:00");
  hand_next(tc, "2016-04-18T12:00", "2016-04-18T12:30");
  hand_prev(tc, "2016-04-18T12:30", "2016-04-18T12:00");
  hand_prev(tc, "2016-04-18T08:30", "2016-04-15T16:30");
  hand_work(tc, "2016-04-18T00:00", "2016-04-25T00:00", 2250);
  mismatch_summary();
}

static void
test_hand_24h(void)
{
  TestCal *(*const makers[])(void) = { make_24h_builtin, make_24h_by_hand, make_24h_pieces };

  mismatch_reset();
  for (guint i = 0; i < G_N_ELEMENTS(makers); i++) {
    g_autoptr(TestCal) tc = makers[i]();
    /* Every minute works: W(a, b) = b - a, A(t, d) = t + d, S(t, d) = t - d. */
    hand_add(tc, "2016-04-22T16:00", 1440, "2016-04-23T16:00");
    hand_add(tc, "2016-04-23T00:00", 2 * 1440, "2016-04-25T00:00");
    hand_add(tc, "2016-04-18T23:59", 2, "2016-04-19T00:01");
    hand_subtract(tc, "2016-04-25T00:00", 1440, "2016-04-24T00:00");
    hand_subtract(tc, "2016-04-25T00:01", 2, "2016-04-24T23:59");
    hand_work(tc, "2016-04-18T00:00", "2016-04-25T00:00", 7 * 1440);
    hand_work(tc, "2016-12-31T23:00", "2017-01-01T01:00", 120);
    hand_work(tc, "1969-12-31T23:00", "1970-01-01T01:00", 120);
    hand_next(tc, "2016-04-23T13:37", "2016-04-23T13:37");
    hand_next(tc, "2016-04-23T00:00", "2016-04-23T00:00");
    hand_prev(tc, "2016-04-23T13:37", "2016-04-23T13:37");
    hand_prev(tc, "2016-04-23T00:00", "2016-04-23T00:00");
    hand_working(tc, "2016-04-23T00:00", TRUE);
    /* 24:00 of each day is a period end, nothing else is (the pieces merge). */
    hand_period_end(tc, "2016-04-23T00:00", TRUE);
    hand_period_end(tc, "2016-04-23T06:00", FALSE);
    hand_period_end(tc, "2016-04-23T12:00", FALSE);
    hand_day_work(tc, "2016-04-23", 1440);
  }
  mismatch_summary();
}

static void
test_hand_seven_day(void)
{
  g_autoptr(TestCal) tc = make_seven_day();

  mismatch_reset();
  /* Sat 15:00-16:00 is 60, Sun 08:00-09:00 the other 60. */
  hand_add(tc, "2016-04-23T15:00", 120, "2016-04-24T09:00");
  hand_add(tc, "2016-04-23T08:00", 480, "2016-04-23T16:00");
  hand_next(tc, "2016-04-23T16:00", "2016-04-24T08:00");
  hand_prev(tc, "2016-04-24T08:00", "2016-04-23T16:00");
  hand_subtract(tc, "2016-04-24T08:00", 480, "2016-04-23T08:00");
  hand_work(tc, "2016-04-18T00:00", "2016-04-25T00:00", 7 * 480);
  mismatch_summary();
}

static void
test_hand_china_2016(void)
{
  g_autoptr(TestCal) tc = make_china_2016();

  mismatch_reset();
  /* National Day: Fri 2016-09-30 works 8 h; Oct 1-7 are holidays; Sat 8
   * and Sun 9 are make-up workdays of 8 h each: 3 days end Sun 9 17:00. */
  hand_add(tc, "2016-09-30T08:00", 3 * 480, "2016-10-09T17:00");
  /* One more minute: Mon 10th 08:00-08:01. */
  hand_add(tc, "2016-09-30T08:00", 3 * 480 + 1, "2016-10-10T08:01");
  /* Spring Festival: Fri Feb 5 8 h, Sat 6 (make-up) 8 h, Feb 7-13
   * holidays, Sun 14 (make-up) 8 h. */
  hand_add(tc, "2016-02-05T08:00", 3 * 480, "2016-02-14T17:00");
  hand_add(tc, "2016-02-06T17:00", 60, "2016-02-14T09:00");
  /* Back from Mon Oct 10 08:00: Sun 9 and Sat 8 are 960. */
  hand_subtract(tc, "2016-10-10T08:00", 960, "2016-10-08T08:00");
  hand_subtract(tc, "2016-10-10T08:00", 961, "2016-09-30T16:59");
  hand_next(tc, "2016-10-01T00:00", "2016-10-08T08:00");
  hand_next(tc, "2016-09-30T17:00", "2016-10-08T08:00");
  hand_next(tc, "2016-02-06T17:00", "2016-02-14T08:00");
  hand_prev(tc, "2016-10-08T08:00", "2016-09-30T17:00");
  hand_prev(tc, "2016-10-10T08:00", "2016-10-09T17:00");
  hand_prev(tc, "2016-02-14T08:00", "2016-02-06T17:00");
  /* Weeks of Sep 26 (40 h), Oct 1-7 (0), Oct 8-9 (16 h), Oct 10 (40 h). */
  hand_work(tc, "2016-09-26T00:00", "2016-10-17T00:00", 96 * 60);
  hand_working(tc, "2016-10-08T08:00", TRUE);
  hand_working(tc, "2016-10-03T08:00", FALSE);
  hand_day_work(tc, "2016-02-06", 480);
  hand_day_work(tc, "2016-02-08", 0);
  hand_day_work(tc, "2016-02-15", 480);
  hand_day_work(tc, "2016-10-15", 0);
  mismatch_summary();
}

static void
test_hand_partial_days(void)
{
  g_autoptr(TestCal) tc = make_partial_days();

  mismatch_reset();
  /* Tue Mar 1 works 08:00-10:00 only: 120, then Wed 08:00-09:00. */
  hand_add(tc, "2016-03-01T08:00", 180, "2016-03-02T09:00");
  hand_add(tc, "2016-03-01T08:00", 120, "2016-03-01T10:00");
  hand_next(tc, "2016-03-01T10:00", "2016-03-02T08:00");
  hand_prev(tc, "2016-03-02T08:00", "2016-03-01T10:00");
  /* Wed 16:00-17:00 is 60, Thu 10 a holiday, Fri 11 10:00-11:00 is 60. */
  hand_add(tc, "2016-03-09T16:00", 120, "2016-03-11T11:00");
  /* Fri 11 back from 14:30: 14:00-14:30 is 30, 10:00-11:00 is 60. */
  hand_subtract(tc, "2016-03-11T14:30", 90, "2016-03-11T10:00");
  hand_work(tc, "2016-03-11T00:00", "2016-03-12T00:00", 150);
  /* The replacing exception: 08:00-10:00 and 09:00-11:00 merge. */
  hand_day_work(tc, "2016-03-15", 180);
  hand_day_work(tc, "2016-03-05", 120);
  /* Fri Apr 1 16:00-17:00 is 60, Sat 2 is 1440, Sun 3 00:00-02:00 120. */
  hand_add(tc, "2016-04-01T16:00", 60 + 1440 + 120, "2016-04-03T02:00");
  hand_period_end(tc, "2016-04-03T00:00", TRUE);
  hand_prev(tc, "2016-04-03T00:00", "2016-04-03T00:00");
  hand_next(tc, "2016-04-03T02:00", "2016-04-04T08:00");
  mismatch_summary();
}

static void
test_hand_night_shift(void)
{
  g_autoptr(TestCal) tc = make_night_shift();

  mismatch_reset();
  /* Sun 22:00-24:00 is 120, Mon 00:00-06:00 is 360. */
  hand_add(tc, "2016-04-17T22:00", 480, "2016-04-18T06:00");
  /* Mon 05:00-06:00 is 60, Mon 22:00-23:00 the other 60. */
  hand_add(tc, "2016-04-18T05:00", 120, "2016-04-18T23:00");
  /* Across midnight: Mon 23:00-24:00 and Tue 00:00-01:00. */
  hand_add(tc, "2016-04-18T23:00", 120, "2016-04-19T01:00");
  /* Exactly up to midnight: the period end 24:00 is the next 00:00. */
  hand_add(tc, "2016-04-18T22:00", 120, "2016-04-19T00:00");
  hand_subtract(tc, "2016-04-19T01:00", 120, "2016-04-18T23:00");
  hand_subtract(tc, "2016-04-18T22:00", 1, "2016-04-18T05:59");
  hand_next(tc, "2016-04-18T06:00", "2016-04-18T22:00");
  hand_next(tc, "2016-04-22T06:00", "2016-04-24T22:00");
  hand_next(tc, "2016-04-19T00:00", "2016-04-19T00:00");
  /* Tue 00:00 is 24:00 of Monday's 22:00-24:00: kept. */
  hand_prev(tc, "2016-04-19T00:00", "2016-04-19T00:00");
  hand_prev(tc, "2016-04-18T22:00", "2016-04-18T06:00");
  hand_prev(tc, "2016-04-18T00:00", "2016-04-18T00:00");
  /* Sun 22-24 (120), Mon-Thu 8 h each, Fri 00:00-06:00 (360). */
  hand_work(tc, "2016-04-17T00:00", "2016-04-24T00:00", 2400);
  hand_period_end(tc, "2016-04-19T00:00", TRUE);
  hand_period_end(tc, "2016-04-23T00:00", FALSE);
  hand_period_end(tc, "2016-04-22T06:00", TRUE);
  mismatch_summary();
}

static void
test_hand_wednesday(void)
{
  g_autoptr(TestCal) tc = make_wednesday();

  mismatch_reset();
  /* Wed 14:00-15:00 is 60, the next Wednesday 09:00-10:00 the other 60. */
  hand_add(tc, "2016-04-20T14:00", 120, "2016-04-27T10:00");
  /* A whole Wednesday, 5 h. */
  hand_add(tc, "2016-04-20T09:00", 300, "2016-04-20T15:00");
  hand_next(tc, "2016-04-21T00:00", "2016-04-27T09:00");
  hand_prev(tc, "2016-04-20T09:00", "2016-04-13T15:00");
  hand_subtract(tc, "2016-04-27T09:00", 300, "2016-04-20T09:00");
  /* The holiday Wed Jul 13 and the Saturday Jul 16 10:00-11:00. */
  hand_add(tc, "2016-07-06T15:00", 60, "2016-07-16T11:00");
  hand_add(tc, "2016-07-06T15:00", 61, "2016-07-20T09:01");
  hand_work(tc, "2016-04-01T00:00", "2016-05-01T00:00", 4 * 300);
  mismatch_summary();
}

/* Random differential tests. */

typedef struct {
  gint64 first; /* first day */
  gint64 last;  /* last day */
} Window;

/* 1960 (before 1970 and before most exception spans), 1990, 2016 (where the
 * exceptions are), 2090. The 2016 window is drawn half of the time. */
static Window windows[4];

static void
windows_init(void)
{
  windows[0] = (Window){ cpm_days_from_civil(2015, 10, 1), cpm_days_from_civil(2017, 3, 31) };
  windows[1] = (Window){ cpm_days_from_civil(1960, 1, 1), cpm_days_from_civil(1960, 12, 31) };
  windows[2] = (Window){ cpm_days_from_civil(1989, 10, 1), cpm_days_from_civil(1990, 12, 31) };
  windows[3] = (Window){ cpm_days_from_civil(2089, 10, 1), cpm_days_from_civil(2090, 12, 31) };
}

static const Window *
pick_window(GRand *rng)
{
  if (g_rand_boolean(rng))
    return &windows[0];
  return &windows[g_rand_int_range(rng, 1, G_N_ELEMENTS(windows))];
}

static guint32
test_seed(const gchar *name)
{
  const gchar *env = g_getenv("CPM_TEST_SEED");
  guint32 base = env != NULL ? (guint32)strtoul(env, NULL, 0) : 20160418u;

  return base ^ g_str_hash(name);
}

/* A uniform minute, a midnight, or an interval boundary give or take one
 * minute. */
static CpmTime
rand_instant(TestCal *tc, GRand *rng, const Window *w)
{
  gint64 day = w->first + g_rand_int_range(rng, 0, (gint32)(w->last - w->first + 1));
  CpmTime base = day * DAY;
  const CpmWorkInterval *iv;
  guint n;

  switch (g_rand_int_range(rng, 0, 4)) {
    case 0:
      return base + g_rand_int_range(rng, 0, DAY);
    case 1:
      return base;
    default:
      n = ref_raw_intervals(&tc->ref, day, &iv);
      if (n == 0)
        return base + g_rand_int_range(rng, 0, DAY);
      iv += g_rand_int_range(rng, 0, (gint32)n);
      return base + (g_rand_boolean(rng) ? iv->start : iv->finish) + g_rand_int_range(rng, -1, 2);
  }
}

/* Minutes: mostly short, up to 60 days. */
static CpmTime
rand_span(GRand *rng)
{
  switch (g_rand_int_range(rng, 0, 4)) {
    case 0:
      return g_rand_int_range(rng, 0, 181);
    case 1:
      return g_rand_int_range(rng, 0, 2 * DAY + 1);
    case 2:
      return g_rand_int_range(rng, 0, 14 * DAY + 1);
    default:
      return g_rand_int_range(rng, 0, 60 * DAY + 1);
  }
}

/* A duration that fits in `available` minutes of work: all of it (an exact
 * fit when the far end is not working), a little less, or nothing. */
static CpmDuration
rand_work(GRand *rng, CpmDuration available)
{
  switch (g_rand_int_range(rng, 0, 8)) {
    case 0:
      return 0;
    case 1:
    case 2:
    case 3:
      return available - g_rand_int_range(rng, 0, (gint32)MIN(available, 300) + 1);
    default:
      return available;
  }
}

static void
random_check_instant(TestCal *tc, CpmTime t)
{
  check_working(tc, t, ref_working(&tc->ref, t));
  check_period_end(tc, t, ref_period_end(&tc->ref, t));
  check_next(tc, t, ref_next(&tc->ref, t));
  check_prev(tc, t, ref_prev(&tc->ref, t));
  check_day(tc, ref_day_of(t));
}

static void
test_random(gconstpointer data)
{
  const CalendarCase *cc = data;
  g_autoptr(TestCal) tc = cc->make();
  g_autoptr(GRand) rng = g_rand_new_with_seed(test_seed(cc->name));

  mismatch_reset();
  for (guint i = 0; i < N_RANDOM; i++) {
    CpmTime t = rand_instant(tc, rng, pick_window(rng));
    CpmTime u;
    CpmDuration d;

    random_check_instant(tc, t);

    /* W, both ways. */
    u = t + (g_rand_boolean(rng) ? rand_span(rng) : -rand_span(rng));
    check_work(tc, t, u, ref_work(&tc->ref, t, u));

    /* A: a duration that ends no later than t + span. */
    d = rand_work(rng, ref_work(&tc->ref, t, t + rand_span(rng)));
    check_add(tc, t, d, ref_add(&tc->ref, t, d));

    /* S: a duration that starts no earlier than t - span. */
    d = rand_work(rng, ref_work(&tc->ref, t - rand_span(rng), t));
    check_subtract(tc, t, d, ref_subtract(&tc->ref, t, d));

    if (n_mismatches > 4 * MAX_REPORTS)
      break;
  }
  mismatch_summary();
}

/* Every interval boundary (give or take a minute), every midnight and every
 * noon of whole years around the exceptions: the instant functions, and A and
 * S for a few durations. Deterministic. */
static void
test_sweep(gconstpointer data)
{
  const CalendarCase *cc = data;
  g_autoptr(TestCal) tc = cc->make();
  static const CpmDuration works[] = { 1, 60, 240, 481, 2400 };
  static const gchar *const ranges[][2] = {
    { "2015-12-01", "2017-01-31" },
    { "1960-04-15", "1960-05-31" },
    { "2060-04-15", "2060-05-31" },
  };

  mismatch_reset();
  for (guint r = 0; r < G_N_ELEMENTS(ranges); r++) {
    for (gint64 day = day_of_text(ranges[r][0]); day <= day_of_text(ranges[r][1]); day++) {
      CpmTime points[2 + 6 * REF_MAX_INTERVALS];
      const CpmWorkInterval *iv;
      guint n_iv = ref_raw_intervals(&tc->ref, day, &iv);
      guint n = 0;

      points[n++] = day * DAY;
      points[n++] = day * DAY + 720;
      for (guint i = 0; i < n_iv; i++)
        for (gint k = -1; k <= 1; k++) {
          points[n++] = day * DAY + iv[i].start + k;
          points[n++] = day * DAY + iv[i].finish + k;
        }
      for (guint i = 0; i < n; i++) {
        random_check_instant(tc, points[i]);
        for (guint k = 0; k < G_N_ELEMENTS(works); k++) {
          check_add(tc, points[i], works[k], ref_add(&tc->ref, points[i], works[k]));
          check_subtract(tc, points[i], works[k], ref_subtract(&tc->ref, points[i], works[k]));
        }
      }
      if (n_mismatches > 4 * MAX_REPORTS)
        break;
    }
  }
  mismatch_summary();
}

/* Long calls: across the exception span and out of it, over years. Up to a
 * few years the reference still answers; over the century 1990..2090 only W
 * is checked against it, and A and S are checked against W: W(t, A) == d,
 * W(t, A - 1) == d - 1 (A is minimal), W(S, u) == d, W(S + 1, u) == d - 1. */

static void
long_check_consistency(TestCal *tc, CpmTime t, CpmTime u, CpmDuration d)
{
  CpmTime a = cpm_calendar_add_work(tc->cal, t, d);
  CpmTime s = cpm_calendar_subtract_work(tc->cal, u, d);

  check_work(tc, t, a, d);
  check_work(tc, s, u, d);
  if (d > 0) {
    check_work(tc, t, a - 1, d - 1);
    check_work(tc, s + 1, u, d - 1);
    /* d = W(t, u) all fits in [t, u): A ends at or before u, S starts at
     * or after t. */
    if (a > u)
      mismatch("%s: A(%s, %" G_GINT64_FORMAT ") = %s, after %s", tc->name, fmt(t), d, fmt(a),
               fmt(u));
    if (s < t)
      mismatch("%s: S(%s, %" G_GINT64_FORMAT ") = %s, before %s", tc->name, fmt(u), d, fmt(s),
               fmt(t));
  }
}

static void
test_long(gconstpointer data)
{
  const CalendarCase *cc = data;
  g_autoptr(TestCal) tc = cc->make();
  g_autoptr(GRand) rng = g_rand_new_with_seed(test_seed(cc->name) + 1);

  mismatch_reset();
  /* Up to four years either way from any window: brute force. */
  for (guint i = 0; i < N_LONG; i++) {
    CpmTime t = rand_instant(tc, rng, pick_window(rng));
    CpmTime u = t + g_rand_int_range(rng, 0, 4 * 366 * DAY);
    CpmDuration d = ref_work(&tc->ref, t, u);

    if (g_rand_boolean(rng))
      d -= g_rand_int_range(rng, 0, (gint32)MIN(d, 10000) + 1);
    check_work(tc, t, u, ref_work(&tc->ref, t, u));
    check_work(tc, u, t, -ref_work(&tc->ref, t, u));
    check_add(tc, t, d, ref_add(&tc->ref, t, d));
    check_subtract(tc, u, d, ref_subtract(&tc->ref, u, d));
    long_check_consistency(tc, t, u, d);
  }

  /* 1990 to 2090 through the 2016 window: W by brute force, A and S by
   * consistency, and A(t, W(t, u)) == Prev(u), S(u, W(t, u)) == Next(t). */
  CpmTime t = rand_instant(tc, rng, &windows[2]);
  CpmTime u = rand_instant(tc, rng, &windows[3]);
  CpmDuration d = ref_work(&tc->ref, t, u);
  check_work(tc, t, u, d);
  long_check_consistency(tc, t, u, d);
  check_add(tc, t, d, cpm_calendar_prev_work(tc->cal, u));
  check_subtract(tc, u, d, cpm_calendar_next_work(tc->cal, t));

  /* From inside the 2016 window out to 2090 and back to 1960. */
  for (guint i = 0; i < 4; i++) {
    t = rand_instant(tc, rng, &windows[0]);
    u = rand_instant(tc, rng, &windows[3]);
    d = cpm_calendar_work_between(tc->cal, t, u);
    long_check_consistency(tc, t, u, d);
    u = t;
    t = rand_instant(tc, rng, &windows[1]);
    d = cpm_calendar_work_between(tc->cal, t, u);
    long_check_consistency(tc, t, u, d);
    /* W is additive over a split point. */
    CpmTime m = rand_instant(tc, rng, &windows[2]);
    check_work(tc, t, u,
               cpm_calendar_work_between(tc->cal, t, m) + cpm_calendar_work_between(tc->cal, m, u));
  }

  /* The whole range critpath accepts, 1900-01-01 00:00 to 2999-12-31 24:00:
   * consistency and additivity, and brute force over its first and last
   * decades. */
  t = cpm_time_from_civil(CPM_YEAR_MIN, 1, 1, 0, 0);
  u = cpm_time_from_civil(CPM_YEAR_MAX, 12, 31, 0, 0) + DAY;
  d = cpm_calendar_work_between(tc->cal, t, u);
  long_check_consistency(tc, t, u, d);
  check_add(tc, t, d, cpm_calendar_prev_work(tc->cal, u));
  check_subtract(tc, u, d, cpm_calendar_next_work(tc->cal, t));
  {
    CpmTime m = rand_instant(tc, rng, &windows[0]);
    check_work(tc, t, u,
               cpm_calendar_work_between(tc->cal, t, m) + cpm_calendar_work_between(tc->cal, m, u));
  }
  check_work(tc, t, t + 3653 * DAY, ref_work(&tc->ref, t, t + 3653 * DAY));
  check_work(tc, u - 3653 * DAY, u, ref_work(&tc->ref, u - 3653 * DAY, u));
  d = ref_work(&tc->ref, t + 17, t + 400 * DAY);
  check_add(tc, t + 17, d, ref_add(&tc->ref, t + 17, d));
  d = ref_work(&tc->ref, u - 400 * DAY, u - 17);
  check_subtract(tc, u - 17, d, ref_subtract(&tc->ref, u - 17, d));
  check_next(tc, t, ref_next(&tc->ref, t));
  check_prev(tc, u, ref_prev(&tc->ref, u));
  mismatch_summary();
}

/* Daylight saving: times are naive civil minutes, whatever TZ says. */

static void
test_dst(gconstpointer data)
{
  const gchar *tz = data;
  g_autofree gchar *old_tz = g_strdup(g_getenv("TZ"));
  static const gchar *const days[] = {
    "2016-03-27", "2016-10-30", /* Europe/Berlin */
    "2016-03-13", "2016-11-06", /* America/New_York */
    "2021-03-28", "2021-03-14",
  };

  g_setenv("TZ", tz, TRUE);
  tzset();
  {
    time_t july = 1468000000; /* 2016-07-08 */
    struct tm tm;
    localtime_r(&july, &tm);
    if (tm.tm_isdst <= 0)
      g_test_message("TZ=%s shows no summer time here: zoneinfo missing?", tz);
  }

  g_autoptr(TestCal) c24 = make_24h_builtin();
  g_autoptr(TestCal) c24h = make_24h_by_hand();
  g_autoptr(TestCal) split = make_split_day();
  mismatch_reset();
  for (guint i = 0; i < G_N_ELEMENTS(days); i++) {
    CpmTime d0 = day_of_text(days[i]) * DAY, d1 = d0 + DAY;
    TestCal *cals[] = { c24, c24h };

    g_assert_cmpint(d1 - d0, ==, 1440);
    for (guint k = 0; k < G_N_ELEMENTS(cals); k++) {
      check_work(cals[k], d0, d1, 1440);
      check_work(cals[k], d0 + 120, d0 + 180, 60); /* 02:00-03:00 */
      check_add(cals[k], d0, 1440, d1);
      check_subtract(cals[k], d1, 1440, d0);
      check_add(cals[k], d0 + 150, 60, d0 + 210);
    }
    /* The split-day week around the Sunday: Mon..Fri before and after. */
    check_work(split, d0 - 6 * DAY, d0 + DAY, 2400);
    check_work(split, d0 - 6 * DAY, d0 + 8 * DAY, 4800);
    check_add(split, d0 - 2 * DAY + 16 * 60, 120, d0 + DAY + 9 * 60);
    check_next(split, d0 + 150, d0 + DAY + 8 * 60);
    check_prev(split, d0 + 150, d0 - 2 * DAY + 17 * 60);
    check_subtract(split, d0 + DAY + 9 * 60, 120, d0 - 2 * DAY + 16 * 60);
  }
  /* 02:30 does not exist in Berlin on 2016-03-27; here it is just a time. */
  gchar buf[CPM_TIME_FORMAT_LEN];
  CpmTime t = parse_or_die("2016-03-27T02:30");
  g_assert_cmpstr(cpm_time_format(t, buf), ==, "2016-03-27T02:30");
  g_assert_cmpint(t, ==, cpm_time_from_civil(2016, 3, 27, 2, 30));
  g_assert_cmpint(cpm_time_from_civil(2016, 3, 27, 3, 0) - cpm_time_from_civil(2016, 3, 27, 2, 0),
                  ==, 60);
  g_assert_cmpint(cpm_time_from_civil(2016, 10, 30, 3, 0) - cpm_time_from_civil(2016, 10, 30, 2, 0),
                  ==, 60);
  mismatch_summary();

  if (old_tz != NULL)
    g_setenv("TZ", old_tz, TRUE);
  else
    g_unsetenv("TZ");
  tzset();
}

/* Civil time helpers. */

static guint
month_length(gint y, guint m)
{
  static const guint lengths[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

  return m == 2 && leap ? 29 : lengths[m - 1];
}

/* Every day of 1900..2999 counted one by one: days_from_civil,
 * civil_from_days, weekday, time_from_civil, time_day, and a format/parse
 * round trip of a random minute of the day. */
static void
test_civil_round_trip(void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed(test_seed("civil"));
  gint64 day = cpm_days_from_civil(1900, 1, 1);
  gint y = 1900;
  guint m = 1, d = 1;
  guint wd = 1; /* 1900-01-01 was a Monday */

  /* 1900..1969: 70 years of 365 days plus 17 leap days (1904..1968). */
  g_assert_cmpint(day, ==, -(70 * 365 + 17));
  for (;;) {
    gint y2;
    guint m2, d2;
    gchar buf[CPM_TIME_FORMAT_LEN], want[32];
    guint minute = (guint)g_rand_int_range(rng, 0, DAY);
    CpmTime t = day * DAY + minute, back = CPM_TIME_NONE;

    g_assert_cmpint(cpm_days_from_civil(y, m, d), ==, day);
    cpm_civil_from_days(day, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d)
      g_error("civil_from_days(%" G_GINT64_FORMAT ") = %d-%u-%u, expected %d-%u-%u", day, y2, m2,
              d2, y, m, d);
    g_assert_cmpuint(cpm_weekday(day), ==, wd);
    g_assert_cmpint(cpm_time_from_civil(y, m, d, minute / 60, minute % 60), ==, t);
    g_assert_cmpint(cpm_time_day(t), ==, day);
    g_assert_cmpint(cpm_time_day(day * DAY), ==, day);
    g_assert_cmpint(cpm_time_day(day * DAY + DAY - 1), ==, day);
    g_snprintf(want, sizeof want, "%04d-%02u-%02uT%02u:%02u", y, m, d, minute / 60, minute % 60);
    g_assert_cmpstr(cpm_time_format(t, buf), ==, want);
    g_assert_true(cpm_time_parse(want, &back));
    g_assert_cmpint(back, ==, t);

    if (y == 2999 && m == 12 && d == 31)
      break;
    day++;
    wd = (wd + 1) % 7;
    if (++d > month_length(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        y++;
      }
    }
  }
  g_assert_cmpint(day, ==, cpm_days_from_civil(2999, 12, 31));
}

static void
test_civil_known(void)
{
  g_assert_cmpint(cpm_days_from_civil(1970, 1, 1), ==, 0);
  g_assert_cmpint(cpm_days_from_civil(2000, 1, 1), ==, 10957);
  g_assert_cmpint(cpm_days_from_civil(1969, 12, 31), ==, -1);
  g_assert_cmpuint(cpm_weekday(cpm_days_from_civil(2016, 4, 18)), ==, 1); /* Monday */
  g_assert_cmpuint(cpm_weekday(0), ==, 4);                                /* Thursday */
  g_assert_cmpuint(cpm_weekday(-1), ==, 3);
  g_assert_cmpuint(cpm_weekday(cpm_days_from_civil(2000, 1, 1)), ==, 6); /* Saturday */
  g_assert_cmpuint(cpm_weekday(cpm_days_from_civil(2016, 2, 8)), ==, 1);
  /* Rounding towards -inf. */
  g_assert_cmpint(cpm_time_day(0), ==, 0);
  g_assert_cmpint(cpm_time_day(1439), ==, 0);
  g_assert_cmpint(cpm_time_day(1440), ==, 1);
  g_assert_cmpint(cpm_time_day(-1), ==, -1);
  g_assert_cmpint(cpm_time_day(-1440), ==, -1);
  g_assert_cmpint(cpm_time_day(-1441), ==, -2);
}

static void
test_time_parse_good(void)
{
  static const struct {
    const gchar *text;
    gint y;
    guint mo, d, h, mi;
  } cases[] = {
    { "2016-04-18", 2016, 4, 18, 0, 0 },
    { "2016-04-18T08:30", 2016, 4, 18, 8, 30 },
    { "2016-04-18 08:30", 2016, 4, 18, 8, 30 },
    { "2016-04-18T08:30:00", 2016, 4, 18, 8, 30 },
    { "2016-04-18T08:30:59", 2016, 4, 18, 8, 30 }, /* seconds truncated */
    { "2016-04-18 08:30:59", 2016, 4, 18, 8, 30 },
    { "2016-04-18T08:30:00.123", 2016, 4, 18, 8, 30 },
    { "2016-04-18T08:30:59.999", 2016, 4, 18, 8, 30 },
    { "2016-12-31T23:59:59.9", 2016, 12, 31, 23, 59 },
    { "2000-02-29", 2000, 2, 29, 0, 0 },
    { "2016-02-29T12:00", 2016, 2, 29, 12, 0 },
    { "2400-02-29", 2400, 2, 29, 0, 0 },
    { "1900-01-01T00:00", 1900, 1, 1, 0, 0 },
    { "2999-12-31T23:59", 2999, 12, 31, 23, 59 },
    { "1969-12-31T23:59", 1969, 12, 31, 23, 59 },
  };

  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    CpmTime t = CPM_TIME_NONE;
    g_test_message("parse \"%s\"", cases[i].text);
    g_assert_true(cpm_time_parse(cases[i].text, &t));
    g_assert_cmpint(
        t, ==, cpm_time_from_civil(cases[i].y, cases[i].mo, cases[i].d, cases[i].h, cases[i].mi));
  }
}

static void
test_time_parse_bad(void)
{
  static const gchar *const cases[] = {
    "2016-13-01",
    "2016-00-10",
    "2016-02-30",
    "2015-02-29",
    "1900-02-29",
    "2100-02-29",
    "2016-04-31",
    "2016-01-00",
    "2016-01-32",
    "2016-01-01T25:00",
    "2016-01-01T08:60",
    "2016-01-01T08:00:60",
    "abc",
    "",
    "2016-1-1",
    "2016-01-1",
    "16-01-01",
    "20160101",
    "2016/01/01",
    "2016-01-01T08:00:00Z",
    "2016-01-01T08:00Z",
    "2016-01-01T08:00:00+01:00",
    "2016-01-01T8:00",
    "2016-01-01T08",
    "2016-01-01T",
    "2016-01-01T08:",
    "2016-01-01X08:00",
    "2016-01-01T08:00:0",
    "2016-01-01T08:00:00.12a",
    "2016-01-01T08:00,5",
    "1899-12-31",
    "1899-12-31T23:59",
    "3000-01-01",
    "3000-01-01T00:00",
    "0000-01-01",
    "-2016-01-01",
    "+2016-01-01",
    "2016-01-01T-1:00",
    "2016-01-01T08:-1",
    "2016-01-01T08:00 extra",
  };

  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    CpmTime t = CPM_TIME_NONE;
    if (cpm_time_parse(cases[i], &t))
      mismatch("cpm_time_parse(\"%s\") accepted it as %s", cases[i], fmt(t));
  }
}

static void
test_time_format(void)
{
  gchar buf[CPM_TIME_FORMAT_LEN];

  g_assert_cmpstr(cpm_time_format(CPM_TIME_NONE, buf), ==, "");
  g_assert_cmpstr(cpm_time_format(0, buf), ==, "1970-01-01T00:00");
  g_assert_cmpstr(cpm_time_format(-1, buf), ==, "1969-12-31T23:59");
  g_assert_cmpstr(cpm_time_format(cpm_time_from_civil(1900, 1, 1, 0, 0), buf), ==,
                  "1900-01-01T00:00");
  g_assert_cmpstr(cpm_time_format(cpm_time_from_civil(2999, 12, 31, 23, 59), buf), ==,
                  "2999-12-31T23:59");
  g_assert_cmpstr(cpm_time_format(cpm_time_from_civil(2016, 4, 22, 16, 0), buf), ==,
                  "2016-04-22T16:00");
}

/* Setters. */

static void
assert_cpm_error(GError *error)
{
  g_assert_nonnull(error);
  g_assert_cmpstr(g_quark_to_string(error->domain), ==, g_quark_to_string(CPM_ERROR));
  g_assert_nonnull(error->message);
  g_test_message("error %d: %s", error->code, error->message);
}

static void
test_setters_bad_interval(void)
{
  static const CpmWorkInterval bad[] = {
    { 480, 1441 },                /* finish after 24:00 */
    { 1440, 1441 }, { 480, 480 }, /* empty */
    { 0, 0 },       { 720, 480 }, /* backwards */
    { 1440, 1440 },
  };
  static const CpmWorkInterval good[] = { { 0, 1440 }, { 1439, 1440 }, { 0, 1 } };

  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(CpmCalendar) cal = cpm_calendar_new("bad");
    g_autoptr(GError) error = NULL;
    CpmWorkInterval pair[2] = { { 480, 720 }, bad[i] };

    g_test_message("bad interval %u..%u", bad[i].start, bad[i].finish);
    g_assert_false(cpm_calendar_set_weekday(cal, 1, &bad[i], 1, &error));
    assert_cpm_error(error);
    g_clear_error(&error);
    g_assert_false(cpm_calendar_set_weekday(cal, 2, pair, 2, &error));
    assert_cpm_error(error);
    g_clear_error(&error);
    g_assert_false(cpm_calendar_set_exception(cal, 16909, &bad[i], 1, &error));
    assert_cpm_error(error);
    g_clear_error(&error);
    g_assert_false(cpm_calendar_set_exception(cal, -3000, pair, 2, &error));
    assert_cpm_error(error);
  }
  for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
    g_autoptr(CpmCalendar) cal = cpm_calendar_new("good");
    g_autoptr(GError) error = NULL;

    g_assert_true(cpm_calendar_set_weekday(cal, 1, &good[i], 1, &error));
    g_assert_no_error(error);
    g_assert_true(cpm_calendar_set_exception(cal, 16909, &good[i], 1, &error));
    g_assert_no_error(error);
    g_assert_true(cpm_calendar_seal(cal, &error));
    g_assert_no_error(error);
  }
}

static void
test_setters_too_many(void)
{
  CpmWorkInterval iv[CPM_MAX_INTERVALS_PER_DAY + 1];
  g_autoptr(CpmCalendar) cal = cpm_calendar_new("many");
  g_autoptr(GError) error = NULL;
  const CpmWorkInterval *out = NULL;

  for (guint i = 0; i < G_N_ELEMENTS(iv); i++) {
    iv[i].start = (guint16)(i * 20);
    iv[i].finish = (guint16)(i * 20 + 10);
  }
  g_assert_false(cpm_calendar_set_weekday(cal, 1, iv, CPM_MAX_INTERVALS_PER_DAY + 1, &error));
  assert_cpm_error(error);
  g_clear_error(&error);
  g_assert_false(cpm_calendar_set_exception(cal, 16909, iv, CPM_MAX_INTERVALS_PER_DAY + 1, &error));
  assert_cpm_error(error);
  g_clear_error(&error);
  /* Exactly the maximum is fine. */
  g_assert_true(cpm_calendar_set_weekday(cal, 1, iv, CPM_MAX_INTERVALS_PER_DAY, &error));
  g_assert_no_error(error);
  g_assert_true(cpm_calendar_seal(cal, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(cpm_calendar_day_intervals(cal, cpm_days_from_civil(2016, 4, 18), &out), ==,
                   CPM_MAX_INTERVALS_PER_DAY);
  g_assert_cmpuint(out[47].start, ==, 940);
  g_assert_cmpuint(cpm_calendar_day_work(cal, cpm_days_from_civil(2016, 4, 18)), ==, 480);
}

static void
test_setters_no_work_time(void)
{
  static const CpmWorkInterval day_iv[] = { { 480, 960 } };

  {
    g_autoptr(CpmCalendar) cal = cpm_calendar_new("empty");
    g_autoptr(GError) error = NULL;
    g_assert_false(cpm_calendar_seal(cal, &error));
    g_assert_error(error, CPM_ERROR, CPM_ERROR_NO_WORK_TIME);
  }
  {
    g_autoptr(CpmCalendar) cal = cpm_calendar_new("all days off");
    g_autoptr(GError) error = NULL;
    for (guint wd = 0; wd < 7; wd++) {
      g_assert_true(cpm_calendar_set_weekday(cal, wd, NULL, 0, &error));
      g_assert_no_error(error);
    }
    g_assert_false(cpm_calendar_seal(cal, &error));
    g_assert_error(error, CPM_ERROR, CPM_ERROR_NO_WORK_TIME);
  }
  {
    /* A work week that worked, then was cleared. */
    g_autoptr(CpmCalendar) cal = cpm_calendar_new("cleared");
    g_autoptr(GError) error = NULL;
    g_assert_true(cpm_calendar_set_weekday(cal, 3, day_iv, 1, &error));
    g_assert_true(cpm_calendar_set_weekday(cal, 3, NULL, 0, &error));
    g_assert_no_error(error);
    g_assert_false(cpm_calendar_seal(cal, &error));
    g_assert_error(error, CPM_ERROR, CPM_ERROR_NO_WORK_TIME);
  }
  {
    /* The header: "when the work week has no working minute at all", even
     * if some exception works. */
    g_autoptr(CpmCalendar) cal = cpm_calendar_new("exception only");
    g_autoptr(GError) error = NULL;
    g_assert_true(cpm_calendar_set_exception(cal, 16909, day_iv, 1, &error));
    g_assert_no_error(error);
    g_assert_false(cpm_calendar_seal(cal, &error));
    g_assert_error(error, CPM_ERROR, CPM_ERROR_NO_WORK_TIME);
  }
}

static void
assert_intervals(const CpmCalendar *cal, gint64 day, const gchar *expected)
{
  const CpmWorkInterval *iv = NULL;
  guint n = cpm_calendar_day_intervals(cal, day, &iv);
  g_autofree gchar *got = intervals_to_string(iv, iv != NULL ? n : 0);

  g_assert_cmpuint(n == 0 || iv != NULL, ==, TRUE);
  g_assert_cmpstr(got, ==, expected);
}

static void
test_setters_merge(void)
{
  g_autoptr(CpmCalendar) cal = cpm_calendar_new("merge");
  g_autoptr(GError) error = NULL;
  static const CpmWorkInterval overlap[] = { { 780, 1020 }, { 480, 720 }, { 700, 790 } };
  static const CpmWorkInterval touch[] = { { 720, 1020 }, { 480, 720 } };
  static const CpmWorkInterval apart[] = { { 900, 1000 }, { 100, 200 }, { 150, 160 } };
  static const CpmWorkInterval twice[] = { { 480, 720 }, { 480, 720 } };
  static const CpmWorkInterval chain[] = { { 0, 60 }, { 120, 180 }, { 60, 120 }, { 180, 1440 } };
  static const CpmWorkInterval morning[] = { { 480, 720 } };
  gint64 mon = cpm_days_from_civil(2016, 4, 18);

  g_assert_true(cpm_calendar_set_weekday(cal, 1, overlap, G_N_ELEMENTS(overlap), &error));
  g_assert_true(cpm_calendar_set_weekday(cal, 2, touch, G_N_ELEMENTS(touch), &error));
  g_assert_true(cpm_calendar_set_weekday(cal, 3, apart, G_N_ELEMENTS(apart), &error));
  g_assert_true(cpm_calendar_set_weekday(cal, 4, twice, G_N_ELEMENTS(twice), &error));
  g_assert_true(cpm_calendar_set_weekday(cal, 5, chain, G_N_ELEMENTS(chain), &error));
  /* Exceptions merge too; a later one for the same day replaces. */
  g_assert_true(cpm_calendar_set_exception(cal, mon + 7, apart, G_N_ELEMENTS(apart), &error));
  g_assert_true(cpm_calendar_set_exception(cal, mon + 8, touch, G_N_ELEMENTS(touch), &error));
  g_assert_true(cpm_calendar_set_exception(cal, mon + 9, morning, 1, &error));
  g_assert_true(cpm_calendar_set_exception(cal, mon + 9, NULL, 0, &error));
  g_assert_true(cpm_calendar_set_exception(cal, mon + 10, NULL, 0, &error));
  g_assert_true(cpm_calendar_set_exception(cal, mon + 10, overlap, G_N_ELEMENTS(overlap), &error));
  g_assert_no_error(error);
  g_assert_true(cpm_calendar_seal(cal, &error));
  g_assert_no_error(error);

  assert_intervals(cal, mon, "[08:00-17:00]");
  assert_intervals(cal, mon + 1, "[08:00-17:00]");
  assert_intervals(cal, mon + 2, "[01:40-03:20 15:00-16:40]");
  assert_intervals(cal, mon + 3, "[08:00-12:00]");
  assert_intervals(cal, mon + 4, "[00:00-24:00]");
  assert_intervals(cal, mon + 5, "[]");
  assert_intervals(cal, mon + 7, "[01:40-03:20 15:00-16:40]");
  assert_intervals(cal, mon + 8, "[08:00-17:00]");
  assert_intervals(cal, mon + 9, "[]");
  assert_intervals(cal, mon + 10, "[08:00-17:00]");
  /* Far outside the exceptions the work week repeats. */
  assert_intervals(cal, mon - 7 * 5000, "[08:00-17:00]");
  assert_intervals(cal, mon + 7 * 5000 + 2, "[01:40-03:20 15:00-16:40]");
  g_assert_cmpuint(cpm_calendar_day_work(cal, mon), ==, 540);
  g_assert_cmpuint(cpm_calendar_day_work(cal, mon + 2), ==, 200);
  g_assert_cmpuint(cpm_calendar_day_work(cal, mon + 3), ==, 240);
  g_assert_cmpuint(cpm_calendar_day_work(cal, mon + 4), ==, 1440);
  g_assert_cmpuint(cpm_calendar_day_work(cal, mon + 9), ==, 0);
  /* Merged means no period end at the touching point 12:00. */
  g_assert_false(cpm_calendar_is_period_end(cal, mon * DAY + 720));
  g_assert_true(cpm_calendar_is_period_end(cal, mon * DAY + 1020));
  g_assert_cmpint(cpm_calendar_next_work(cal, (mon + 1) * DAY + 720), ==, (mon + 1) * DAY + 720);
  g_assert_cmpint(cpm_calendar_prev_work(cal, (mon + 1) * DAY + 720), ==, (mon + 1) * DAY + 720);
  g_assert_cmpint(cpm_calendar_add_work(cal, mon * DAY + 480, 240), ==, mon * DAY + 720);
}

static void
test_setters_getters(void)
{
  g_autoptr(CpmCalendar) cal = cpm_calendar_new("Standard 5 Day");
  g_autoptr(GError) error = NULL;
  static const CpmWorkInterval iv[] = { { 480, 1020 } };

  g_assert_cmpstr(cpm_calendar_get_name(cal), ==, "Standard 5 Day");
  g_assert_false(cpm_calendar_is_sealed(cal));
  cpm_calendar_set_hours_per_day(cal, 7.5);
  cpm_calendar_set_hours_per_week(cal, 37.5);
  g_assert_cmpfloat(cpm_calendar_get_hours_per_day(cal), ==, 7.5);
  g_assert_cmpfloat(cpm_calendar_get_hours_per_week(cal), ==, 37.5);
  g_assert_true(cpm_calendar_set_weekday(cal, 1, iv, 1, &error));
  g_assert_true(cpm_calendar_seal(cal, &error));
  g_assert_no_error(error);
  g_assert_true(cpm_calendar_is_sealed(cal));
  g_assert_cmpstr(cpm_calendar_get_name(cal), ==, "Standard 5 Day");
  g_assert_cmpfloat(cpm_calendar_get_hours_per_day(cal), ==, 7.5);

  CpmCalendar *extra = cpm_calendar_ref(cal);
  g_assert_true(extra == cal);
  cpm_calendar_unref(extra);
  g_assert_true(cpm_calendar_is_sealed(cal));

  g_autoptr(CpmCalendar) c24 = cpm_calendar_new_24h();
  g_assert_true(cpm_calendar_is_sealed(c24));
  g_assert_cmpuint(cpm_calendar_day_work(c24, 0), ==, 1440);
  g_assert_cmpuint(cpm_calendar_day_work(c24, -30000), ==, 1440);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  windows_init();

  g_test_add_func("/calendar/civil/known", test_civil_known);
  g_test_add_func("/calendar/civil/round-trip", test_civil_round_trip);
  g_test_add_func("/calendar/time/parse-good", test_time_parse_good);
  g_test_add_func("/calendar/time/parse-bad", test_time_parse_bad);
  g_test_add_func("/calendar/time/format", test_time_format);
  g_test_add_func("/calendar/setters/bad-interval", test_setters_bad_interval);
  g_test_add_func("/calendar/setters/too-many", test_setters_too_many);
  g_test_add_func("/calendar/setters/no-work-time", test_setters_no_work_time);
  g_test_add_func("/calendar/setters/merge", test_setters_merge);
  g_test_add_func("/calendar/setters/getters", test_setters_getters);
  g_test_add_func("/calendar/hand/split-day", test_hand_split_day);
  g_test_add_func("/calendar/hand/seven-and-a-half", test_hand_seven_and_a_half);
  g_test_add_func("/calendar/hand/24h", test_hand_24h);
  g_test_add_func("/calendar/hand/seven-day", test_hand_seven_day);
  g_test_add_func("/calendar/hand/china-2016", test_hand_china_2016);
  g_test_add_func("/calendar/hand/partial-days", test_hand_partial_days);
  g_test_add_func("/calendar/hand/night-shift", test_hand_night_shift);
  g_test_add_func("/calendar/hand/wednesday", test_hand_wednesday);
  g_test_add_data_func("/calendar/dst/Europe-Berlin", "Europe/Berlin", test_dst);
  g_test_add_data_func("/calendar/dst/America-New_York", "America/New_York", test_dst);
  for (guint i = 0; i < G_N_ELEMENTS(calendar_cases); i++) {
    g_autofree gchar *path_random = g_strdup_printf("/calendar/random/%s", calendar_cases[i].name);
    g_autofree gchar *path_long = g_strdup_printf("/calendar/long/%s", calendar_cases[i].name);
    g_autofree gchar *path_sweep = g_strdup_printf("/calendar/sweep/%s", calendar_cases[i].name);
    g_test_add_data_func(path_random, &calendar_cases[i], test_random);
    g_test_add_data_func(path_sweep, &calendar_cases[i], test_sweep);
    g_test_add_data_func(path_long, &calendar_cases[i], test_long);
  }
  return g_test_run();
}
