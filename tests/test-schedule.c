/* SPDX-License-Identifier: MIT
 *
 * test-schedule.c: one test per scheduling rule of the CPM, each on a small
 * network whose answer is derived by hand in the comment above it.
 *
 * Calendars (cpm-test-net.h): "5d" is Mon-Fri 08:00-12:00 + 13:00-17:00,
 * "7d" is every day 08:00-16:00. Unless said otherwise the data date (DD) is
 * Mon 2024-01-08 08:00. Week of 8-12 January 2024: Mon 8, Tue 9, Wed 10,
 * Thu 11, Fri 12, Sat 13, Sun 14, Mon 15.
 */
#include "cpm-error.h"
#include "cpm-test-net.h"

#include <math.h>

#define DD "2024-01-08T08:00"

/* FS chain A(16h) -> B(8h) -> C(4h), and D(8h) after A with no successor.
 * Forward: A Mon 08:00 - Tue 17:00; B starts at Next(Tue 17:00) = Wed 08:00,
 * ends Wed 17:00; C Thu 08:00 - Thu 12:00; D Wed 08:00 - Wed 17:00.
 * Project finish = latest EF = Thu 12:00. Backward: C LF 12:00, LS 08:00;
 * B LF = Prev(Thu 08:00) = Wed 17:00; D (open end) LF = Thu 12:00, LS =
 * Next(S(Thu 12:00, 8h)) = Wed 13:00; A LF = Prev(min(Wed 08:00, Wed 13:00))
 * = Tue 17:00. TF: A, B, C 0; D = W(Wed 17:00, Thu 12:00) = 4h = its FF. */
static TestNet *
fs_chain(guint32 ids[4])
{
  TestNet *net = test_net_new(DD);
  ids[0] = test_net_task(net, "A", 16);
  ids[1] = test_net_task(net, "B", 8);
  ids[2] = test_net_task(net, "C", 4);
  ids[3] = test_net_task(net, "D", 8);
  test_net_link(net, ids[0], ids[1], CPM_LINK_FS, 0);
  test_net_link(net, ids[1], ids[2], CPM_LINK_FS, 0);
  test_net_link(net, ids[0], ids[3], CPM_LINK_FS, 0);
  return net;
}

static void
test_fs_chain(void)
{
  guint32 id[4];
  g_autoptr(TestNet) net = fs_chain(id);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, id[0], "2024-01-08T08:00", "2024-01-09T17:00", "2024-01-08T08:00",
                    "2024-01-09T17:00");
  test_assert_dates(res, id[1], "2024-01-10T08:00", "2024-01-10T17:00", "2024-01-10T08:00",
                    "2024-01-10T17:00");
  test_assert_dates(res, id[2], "2024-01-11T08:00", "2024-01-11T12:00", "2024-01-11T08:00",
                    "2024-01-11T12:00");
  test_assert_dates(res, id[3], "2024-01-10T08:00", "2024-01-10T17:00", "2024-01-10T13:00",
                    "2024-01-11T12:00");
  test_assert_floats(res, id[0], 0, 0);
  test_assert_floats(res, id[1], 0, 0);
  test_assert_floats(res, id[2], 0, 0);
  test_assert_floats(res, id[3], 4, 4);
  g_assert_true(test_critical(res, id[0]) && test_critical(res, id[1])
                && test_critical(res, id[2]));
  g_assert_false(test_critical(res, id[3]));
}

/* Open ends: D has no successor, so its late finish is the project finish
 * (Thu 12:00) and it is flagged as an open finish; A has no predecessor. */
static void
test_open_ends(void)
{
  guint32 id[4];
  g_autoptr(TestNet) net = fs_chain(id);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  g_assert_true(cpm_result_activity(res, id[3])->flags & CPM_FLAG_OPEN_FINISH);
  g_assert_true(cpm_result_activity(res, id[0])->flags & CPM_FLAG_OPEN_START);
  g_assert_false(cpm_result_activity(res, id[1])->flags
                 & (CPM_FLAG_OPEN_START | CPM_FLAG_OPEN_FINISH));
  g_assert_cmpint(cpm_result_project_finish(res, 0), ==, test_time("2024-01-11T12:00"));

  /* "Make open-ended activities critical": D becomes critical. */
  CpmOptions o;
  cpm_options_init_default(&o);
  o.open_ends_critical = TRUE;
  g_autoptr(CpmResult) res2 = test_net_run(net, &o);
  g_assert_true(test_critical(res2, id[3]));
}

/* Where a start sits (rules §1): on the successor's own calendar.
 * 7d task Mon 08:00-16:00 -> 5d successor: 16:00 is inside 13:00-17:00, so it
 * starts at 16:00 and 8h later ends Tue 16:00 (1h Mon + 7h Tue).
 * 5d task ending Mon 17:00 -> 7d successor: Next_7d(17:00) = Tue 08:00.
 * 5d task ending Mon 12:00 -> 5d successor starts at 13:00.
 * 5d task ending Fri 17:00 -> successor Mon 08:00.
 * 7d 48h task ends Sat 16:00 -> 5d successor Mon 08:00. */
static void
test_start_placement(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 p1 = test_net_add(net, 0, "P1", 8, net->cal_7d);
  guint32 s1 = test_net_add(net, 0, "S1", 8, net->cal_5d);
  guint32 p2 = test_net_add(net, 0, "P2", 8, net->cal_5d);
  guint32 s2 = test_net_add(net, 0, "S2", 8, net->cal_7d);
  guint32 p3 = test_net_add(net, 0, "P3", 4, net->cal_5d);
  guint32 s3 = test_net_add(net, 0, "S3", 4, net->cal_5d);
  guint32 p4 = test_net_add(net, 0, "P4", 40, net->cal_5d);
  guint32 s4 = test_net_add(net, 0, "S4", 8, net->cal_5d);
  guint32 p5 = test_net_add(net, 0, "P5", 48, net->cal_7d);
  guint32 s5 = test_net_add(net, 0, "S5", 8, net->cal_5d);
  test_net_link(net, p1, s1, CPM_LINK_FS, 0);
  test_net_link(net, p2, s2, CPM_LINK_FS, 0);
  test_net_link(net, p3, s3, CPM_LINK_FS, 0);
  test_net_link(net, p4, s4, CPM_LINK_FS, 0);
  test_net_link(net, p5, s5, CPM_LINK_FS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, s1, "2024-01-08T16:00", "2024-01-09T16:00", NULL, NULL);
  test_assert_dates(res, s2, "2024-01-09T08:00", "2024-01-09T16:00", NULL, NULL);
  test_assert_dates(res, s3, "2024-01-08T13:00", "2024-01-08T17:00", NULL, NULL);
  test_assert_dates(res, s4, "2024-01-15T08:00", "2024-01-15T17:00", NULL, NULL);
  test_assert_dates(res, p5, "2024-01-08T08:00", "2024-01-13T16:00", NULL, NULL);
  test_assert_dates(res, s5, "2024-01-15T08:00", NULL, NULL, NULL);
}

/* SS +4h: A(8h) Mon 08:00 - 17:00; B(16h) starts at Next(A(Mon 08:00, 4h) =
 * Mon 12:00) = Mon 13:00 and ends A(Mon 13:00, 16h) = Wed 12:00, the project
 * finish. Backward: B LF Wed 12:00, LS Mon 13:00. A: y = S(LS_B, 4h) = Mon
 * 08:00 (working), LS = y, LF = A(y, 8h) = Mon 17:00: all critical. */
static void
test_ss_lag(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 a = test_net_task(net, "A", 8);
  guint32 b = test_net_task(net, "B", 16);
  test_net_link(net, a, b, CPM_LINK_SS, 4);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-08T08:00", "2024-01-08T17:00", "2024-01-08T08:00",
                    "2024-01-08T17:00");
  test_assert_dates(res, b, "2024-01-08T13:00", "2024-01-10T12:00", "2024-01-08T13:00",
                    "2024-01-10T12:00");
  test_assert_floats(res, a, 0, 0);
  test_assert_floats(res, b, 0, 0);

  /* An SS predecessor whose late finish would pass the project finish is
   * bounded by it (SP10 P1EWCC-PWP02-3830). */
  guint32 c = test_net_task(net, "C", 40);
  test_net_link(net, c, b, CPM_LINK_SS, 4);
  g_autoptr(CpmResult) res2 = test_net_run(net, NULL);
  /* C(40h) ends Fri 17:00, the new project finish; B (open) now has LS Thu
   * 08:00, so C's SS candidate is A(S(Thu 08:00, 4h) = Wed 13:00, 40h) = Wed
   * 17 12:00, past the finish: C's LF is the finish, Fri 17:00, TF 0. */
  test_assert_dates(res2, c, "2024-01-08T08:00", "2024-01-12T17:00", "2024-01-08T08:00",
                    "2024-01-12T17:00");
  test_assert_floats(res2, c, 0, NAN);
}

/* SS-driven late start at a period end (rules §1, exception 1): P (5d, 8h)
 * SS-> S (7d, 9h); S must finish on or before Sun 14 16:00, so its LF is Sun
 * 16:00 and LS = S_7d(Sun 16:00, 9h) = Sat 15:00. For P, y = Sat 15:00 is not
 * working on 5d, so LS_P = Prev_5d(y) = Fri 17:00 and LF_P = A(Fri 17:00, 8h)
 * = Mon 15 17:00. X (80h) keeps the project finish at Fri 19 17:00. */
static void
test_ss_late_start_period_end(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 p = test_net_add(net, 0, "P", 8, net->cal_5d);
  guint32 s = test_net_add(net, 0, "S", 9, net->cal_7d);
  test_net_add(net, 0, "X", 80, net->cal_5d);
  test_net_act(net, s)->constraint = CPM_CSTR_FINISH_ON_OR_BEFORE;
  test_net_act(net, s)->constraint_date = test_time("2024-01-14T16:00");
  test_net_link(net, p, s, CPM_LINK_SS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, s, "2024-01-08T08:00", "2024-01-09T09:00", "2024-01-13T15:00",
                    "2024-01-14T16:00");
  test_assert_dates(res, p, "2024-01-08T08:00", "2024-01-08T17:00", "2024-01-12T17:00",
                    "2024-01-15T17:00");
}

/* FF +8h: A(16h) ends Tue 17:00; B's finish >= A(Tue 17:00, 8h) = Wed 17:00,
 * so B(8h) starts S(Wed 17:00, 8h) = Wed 08:00. Backward: A's LF =
 * Prev(S(LF_B = Wed 17:00, 8h) = Wed 08:00) = Tue 17:00: all critical. */
static void
test_ff_lag(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 a = test_net_task(net, "A", 16);
  guint32 b = test_net_task(net, "B", 8);
  test_net_link(net, a, b, CPM_LINK_FF, 8);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, b, "2024-01-10T08:00", "2024-01-10T17:00", "2024-01-10T08:00",
                    "2024-01-10T17:00");
  test_assert_dates(res, a, "2024-01-08T08:00", "2024-01-09T17:00", "2024-01-08T08:00",
                    "2024-01-09T17:00");
  test_assert_floats(res, a, 0, 0);
}

/* FF with a lead that drives (rules §1, exception 2): A(40h) ends Fri 17:00;
 * FF -16h gives B's finish S(Fri 17:00, 16h) = Thu 08:00, a period start,
 * which P6 keeps as the early finish; B(8h) starts S(Thu 08:00, 8h) = Wed
 * 08:00. */
static void
test_ff_negative_lag(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 a = test_net_task(net, "A", 40);
  guint32 b = test_net_task(net, "B", 8);
  test_net_link(net, a, b, CPM_LINK_FF, -16);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, b, "2024-01-10T08:00", "2024-01-11T08:00", NULL, NULL);
}

/* SF: A(8h) Start On or After Wed 08:00; B must finish when A starts, so B
 * (8h) starts S(Wed 08:00, 8h) = Tue 08:00. B must finish on or before Wed
 * 17:00, and C(40h) keeps the project finish at Fri 17:00: B's LF Wed
 * 17:00, TF 8h; A's LF = A(LF_B = Wed 17:00, 8h) = Thu 17:00, TF 8h. */
static void
test_sf(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 a = test_net_task(net, "A", 8);
  test_net_act(net, a)->constraint = CPM_CSTR_START_ON_OR_AFTER;
  test_net_act(net, a)->constraint_date = test_time("2024-01-10T08:00");
  guint32 b = test_net_task(net, "B", 8);
  test_net_act(net, b)->constraint = CPM_CSTR_FINISH_ON_OR_BEFORE;
  test_net_act(net, b)->constraint_date = test_time("2024-01-10T17:00");
  test_net_task(net, "C", 40);
  test_net_link(net, a, b, CPM_LINK_SF, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-10T08:00", "2024-01-10T17:00", "2024-01-11T08:00",
                    "2024-01-11T17:00");
  test_assert_dates(res, b, "2024-01-09T08:00", "2024-01-09T17:00", "2024-01-10T08:00",
                    "2024-01-10T17:00");
  test_assert_floats(res, a, 8, NAN);
  test_assert_floats(res, b, 8, NAN);

  /* MS Project keeps the finish the SF link sets, a period start: B runs
   * Tue 08:00 to Wed 08:00 (8h of work), as in MPXJ's mspdirelations.xml. */
  CpmOptions o;
  cpm_options_init_default(&o);
  o.rules = CPM_RULES_MSP;
  g_autoptr(CpmResult) msp = test_net_run(net, &o);
  test_assert_dates(msp, b, "2024-01-09T08:00", "2024-01-10T08:00", NULL, NULL);
}

/* Leads: A(24h) Mon 08:00 - Wed 17:00. FS -8h: B starts S(Wed 17:00, 8h) =
 * Wed 08:00. FS -40h would reach back to Thu 4 Jan, before the data date:
 * C starts at the data date. */
static void
test_lead_clamped(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 a = test_net_task(net, "A", 24);
  guint32 b = test_net_task(net, "B", 8);
  guint32 c = test_net_task(net, "C", 8);
  test_net_link(net, a, b, CPM_LINK_FS, -8);
  test_net_link(net, a, c, CPM_LINK_FS, -40);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, b, "2024-01-10T08:00", "2024-01-10T17:00", NULL, NULL);
  test_assert_dates(res, c, "2024-01-08T08:00", "2024-01-08T17:00", NULL, NULL);
}

/* Lag calendar (rules §2.2): P (7d, 8h) ends Mon 16:00; FS +48h to S (5d).
 * Predecessor calendar: 6 x 8h on 7d -> Sun 16:00 -> S starts Mon 15 08:00.
 * Successor calendar: 1h Mon + 32h Tue-Fri + 8h Mon 15 + 7h Tue 16 -> Tue
 * 16 16:00 (inside 13:00-17:00). 24-hour: Wed 16:00. Project default
 * calendar (set to the 24-hour one here): Wed 16:00 too. */
static void
test_lag_calendar(void)
{
  struct {
    CpmLagCalendar lc;
    const gchar *es;
  } cases[] = {
    { CPM_LAG_CAL_PREDECESSOR, "2024-01-15T08:00" },
    { CPM_LAG_CAL_SUCCESSOR, "2024-01-16T16:00" },
    { CPM_LAG_CAL_24H, "2024-01-10T16:00" },
    { CPM_LAG_CAL_PROJECT, "2024-01-10T16:00" },
  };
  g_autoptr(TestNet) net = test_net_new(DD);
  cpm_schedule_project_mut(net->schedule, 0)->default_calendar = net->cal_24h;
  guint32 p = test_net_add(net, 0, "P", 8, net->cal_7d);
  guint32 s = test_net_add(net, 0, "S", 8, net->cal_5d);
  test_net_link(net, p, s, CPM_LINK_FS, 48);
  for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
    CpmOptions o;
    cpm_options_init_default(&o);
    o.lag_calendar = cases[k].lc;
    g_autoptr(CpmResult) res = test_net_run(net, &o);
    test_assert_dates(res, s, cases[k].es, NULL, NULL, NULL);
  }
}

/* The data date bounds every start: with DD Sat 13 00:00 an activity with
 * no predecessor starts Mon 15 08:00. */
static void
test_data_date_bound(void)
{
  g_autoptr(TestNet) net = test_net_new("2024-01-13T00:00");
  guint32 a = test_net_task(net, "A", 8);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-15T08:00", "2024-01-15T17:00", NULL, NULL);
}

/* Progress at DD Wed 10 08:00. A completed Mon 08:00 - Tue 17:00: reported
 * with its actual dates and no late dates or floats; B(8h) FS A starts at
 * the data date. C in progress (actual start Tue 08:00, 12h left) resumes at
 * Next(DD) = Wed 08:00 and ends A(Wed 08:00, 12h) = Thu 12:00. D FS +16h
 * from completed A: the lag runs from A's actual finish, A(Tue 17:00, 16h)
 * = Thu 17:00, so D starts Fri 08:00 (rules §2.3). */
static void
test_progress_basic(void)
{
  g_autoptr(TestNet) net = test_net_new("2024-01-10T08:00");
  guint32 a = test_net_task(net, "A", 16);
  test_net_act(net, a)->actual_start = test_time("2024-01-08T08:00");
  test_net_act(net, a)->actual_finish = test_time("2024-01-09T17:00");
  test_net_act(net, a)->remaining_duration = 0;
  guint32 b = test_net_task(net, "B", 8);
  guint32 c = test_net_task(net, "C", 20);
  test_net_act(net, c)->actual_start = test_time("2024-01-09T08:00");
  test_net_act(net, c)->remaining_duration = 12 * 60;
  guint32 d = test_net_task(net, "D", 8);
  test_net_link(net, a, b, CPM_LINK_FS, 0);
  test_net_link(net, a, d, CPM_LINK_FS, 16);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-08T08:00", "2024-01-09T17:00", "", "");
  const CpmActivityResult *ra = cpm_result_activity(res, a);
  g_assert_cmpint(ra->total_float, ==, CPM_DURATION_NONE);
  g_assert_cmpint(ra->free_float, ==, CPM_DURATION_NONE);
  g_assert_false(ra->flags & CPM_FLAG_CRITICAL);
  test_assert_dates(res, b, "2024-01-10T08:00", "2024-01-10T17:00", NULL, NULL);
  test_assert_dates(res, c, "2024-01-10T08:00", "2024-01-11T12:00", NULL, NULL);
  test_assert_dates(res, d, "2024-01-12T08:00", "2024-01-12T17:00", NULL, NULL);
}

/* Out-of-sequence progress, DD Wed 10 08:00: D (16h) not started, E started
 * Tue (8h left) although it follows D (FS).
 * Retained Logic: E's remaining work waits for D: D Wed 08:00 - Thu 17:00,
 * E Fri 08:00 - 17:00; all on the critical path.
 * Progress Override: E ignores D and resumes Wed 08:00 - 17:00; in the
 * backward pass the FS link into started E is ignored, so D is an open end
 * with LF = project finish Thu 17:00 (TF 0) and E gets TF 8h.
 * Actual Dates treats started work as Progress Override does. */
static void
test_progress_policies(void)
{
  g_autoptr(TestNet) net = test_net_new("2024-01-10T08:00");
  guint32 d = test_net_task(net, "D", 16);
  guint32 e = test_net_task(net, "E", 16);
  test_net_act(net, e)->actual_start = test_time("2024-01-09T08:00");
  test_net_act(net, e)->remaining_duration = 8 * 60;
  test_net_link(net, d, e, CPM_LINK_FS, 0);

  CpmOptions o;
  cpm_options_init_default(&o);
  g_autoptr(CpmResult) rl = test_net_run(net, &o);
  test_assert_dates(rl, d, "2024-01-10T08:00", "2024-01-11T17:00", "2024-01-10T08:00",
                    "2024-01-11T17:00");
  test_assert_dates(rl, e, "2024-01-12T08:00", "2024-01-12T17:00", "2024-01-12T08:00",
                    "2024-01-12T17:00");
  g_assert_true(cpm_result_activity(rl, e)->flags & CPM_FLAG_OUT_OF_SEQUENCE);
  g_assert_cmpuint(cpm_result_n_findings(rl), ==, 1);
  g_assert_cmpint(cpm_result_finding(rl, 0)->kind, ==, CPM_FINDING_OUT_OF_SEQUENCE);

  CpmProgressPolicy others[] = { CPM_PROGRESS_OVERRIDE, CPM_PROGRESS_ACTUAL_DATES };
  for (guint k = 0; k < G_N_ELEMENTS(others); k++) {
    o.progress = others[k];
    g_autoptr(CpmResult) po = test_net_run(net, &o);
    test_assert_dates(po, e, "2024-01-10T08:00", "2024-01-10T17:00", "2024-01-11T08:00",
                      "2024-01-11T17:00");
    test_assert_dates(po, d, "2024-01-10T08:00", "2024-01-11T17:00", "2024-01-10T08:00",
                      "2024-01-11T17:00");
    test_assert_floats(po, e, 8, NAN);
    test_assert_floats(po, d, 0, NAN);
  }
}

/* SS lag from a started predecessor counts from its actual start (rules
 * §2.3): P started Mon 08:00 (DD Wed 10 08:00); S SS +24h: A(Mon 08:00, 24h)
 * = Wed 17:00, so S starts Thu 08:00. */
static void
test_ss_from_actual_start(void)
{
  g_autoptr(TestNet) net = test_net_new("2024-01-10T08:00");
  guint32 p = test_net_task(net, "P", 40);
  test_net_act(net, p)->actual_start = test_time("2024-01-08T08:00");
  test_net_act(net, p)->remaining_duration = 24 * 60;
  guint32 s = test_net_task(net, "S", 8);
  test_net_link(net, p, s, CPM_LINK_SS, 24);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, s, "2024-01-11T08:00", "2024-01-11T17:00", NULL, NULL);
}

/* Percent complete gives the remaining duration when none is stated: 40h
 * planned, 25% complete -> 30h left from Wed 08:00 (DD): Wed, Thu, Fri (24h)
 * and 6h on Mon 15 -> 15:00. */
static void
test_percent_complete(void)
{
  g_autoptr(TestNet) net = test_net_new("2024-01-10T08:00");
  guint32 a = test_net_task(net, "A", 40);
  test_net_act(net, a)->actual_start = test_time("2024-01-08T08:00");
  test_net_act(net, a)->remaining_duration = CPM_DURATION_NONE;
  test_net_act(net, a)->percent_complete = 25;
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-10T08:00", "2024-01-15T15:00", NULL, NULL);
}

/* Suspend and resume: started Mon, suspended Tue, resuming Thu 08:00; at DD
 * Wed 08:00 the remaining 8h run Thu 08:00 - 17:00. */
static void
test_suspend_resume(void)
{
  g_autoptr(TestNet) net = test_net_new("2024-01-10T08:00");
  guint32 a = test_net_task(net, "A", 16);
  test_net_act(net, a)->actual_start = test_time("2024-01-08T08:00");
  test_net_act(net, a)->suspend_date = test_time("2024-01-09T08:00");
  test_net_act(net, a)->resume_date = test_time("2024-01-11T08:00");
  test_net_act(net, a)->remaining_duration = 8 * 60;
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-11T08:00", "2024-01-11T17:00", NULL, NULL);
}

/* Actual Dates schedules successors from actual dates after the data date:
 * A completed with an actual finish Thu 17:00 after DD Wed 08:00. Under
 * Retained Logic its successor B starts at the data date; under Actual
 * Dates it starts after A's actual finish, Fri 08:00. */
static void
test_actual_dates(void)
{
  g_autoptr(TestNet) net = test_net_new("2024-01-10T08:00");
  guint32 a = test_net_task(net, "A", 16);
  test_net_act(net, a)->actual_start = test_time("2024-01-09T08:00");
  test_net_act(net, a)->actual_finish = test_time("2024-01-11T17:00");
  guint32 b = test_net_task(net, "B", 8);
  test_net_link(net, a, b, CPM_LINK_FS, 0);
  CpmOptions o;
  cpm_options_init_default(&o);
  g_autoptr(CpmResult) rl = test_net_run(net, &o);
  test_assert_dates(rl, b, "2024-01-10T08:00", NULL, NULL, NULL);
  o.progress = CPM_PROGRESS_ACTUAL_DATES;
  g_autoptr(CpmResult) ad = test_net_run(net, &o);
  test_assert_dates(ad, b, "2024-01-12T08:00", NULL, NULL, NULL);
}

/* Completed work keeps binding its predecessors in the backward pass under
 * Retained Logic (SP10 PWP01-7340 -> 7310 -> 7320). DD Wed 08:00: P in
 * progress (8h left: Wed 08:00 - 17:00); Q completed out of sequence after
 * P (FS), so inside the passes Q sits at P's finish, Wed 17:00; R(8h) after
 * Q must finish on or before Wed 17:00: LF_R Wed 17:00, LS_R Wed 08:00, Q's
 * LF = LS = Prev(Wed 08:00) = Tue 17:00, and P's LF Tue 17:00: TF(P) = -8h.
 * Under Progress Override links into completed work take no part: P is an
 * open end with LF at the project finish, Wed 17:00: TF 0. */
static void
test_completed_successor(void)
{
  g_autoptr(TestNet) net = test_net_new("2024-01-10T08:00");
  guint32 p = test_net_task(net, "P", 16);
  test_net_act(net, p)->actual_start = test_time("2024-01-08T08:00");
  test_net_act(net, p)->remaining_duration = 8 * 60;
  guint32 q = test_net_task(net, "Q", 8);
  test_net_act(net, q)->actual_start = test_time("2024-01-09T08:00");
  test_net_act(net, q)->actual_finish = test_time("2024-01-09T17:00");
  guint32 r = test_net_task(net, "R", 8);
  test_net_act(net, r)->constraint = CPM_CSTR_FINISH_ON_OR_BEFORE;
  test_net_act(net, r)->constraint_date = test_time("2024-01-10T17:00");
  test_net_link(net, p, q, CPM_LINK_FS, 0);
  test_net_link(net, q, r, CPM_LINK_FS, 0);
  CpmOptions o;
  cpm_options_init_default(&o);
  g_autoptr(CpmResult) rl = test_net_run(net, &o);
  test_assert_dates(rl, p, "2024-01-10T08:00", "2024-01-10T17:00", NULL, "2024-01-09T17:00");
  test_assert_floats(rl, p, -8, NAN);
  test_assert_dates(rl, q, "2024-01-09T08:00", "2024-01-09T17:00", "", "");
  o.progress = CPM_PROGRESS_OVERRIDE;
  g_autoptr(CpmResult) po = test_net_run(net, &o);
  test_assert_floats(po, p, 0, NAN);
}

/* No remaining work: the late start is the late finish (SP10 PWP04-1330).
 * DD Wed 08:00; A started with nothing left sits at Next(DD); B(16h) makes
 * the project finish Thu 17:00, A's late start and finish. */
static void
test_zero_remaining(void)
{
  g_autoptr(TestNet) net = test_net_new("2024-01-10T08:00");
  guint32 a = test_net_task(net, "A", 16);
  test_net_act(net, a)->actual_start = test_time("2024-01-08T08:00");
  test_net_act(net, a)->remaining_duration = 0;
  test_net_task(net, "B", 16);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-10T08:00", "2024-01-10T08:00", "2024-01-11T17:00",
                    "2024-01-11T17:00");
}

/* A network for the constraint tests: A(8h) -> B(8h) FS, and C(40h) alone
 * so that the project finishes Fri 17:00. Without constraints: A Mon, B Tue;
 * B (open) LF Fri 17:00; A LF Thu 17:00, LS Thu 08:00. */
static TestNet *
constraint_net(guint32 *a, guint32 *b, gdouble a_hours, CpmConstraintType type, const gchar *date)
{
  TestNet *net = test_net_new(DD);
  *a = test_net_task(net, "A", a_hours);
  *b = test_net_task(net, "B", 8);
  test_net_task(net, "C", 40);
  test_net_link(net, *a, *b, CPM_LINK_FS, 0);
  test_net_act(net, *a)->constraint = type;
  test_net_act(net, *a)->constraint_date = date != NULL ? test_time(date) : CPM_TIME_NONE;
  return net;
}

/* Start On Wed 08:00: ES = Next(max(logic, cd)) = Wed 08:00; LS = min(logic
 * Thu 08:00, cd) = Wed 08:00, LF = A(LS, 8h) = Wed 17:00: TF 0. */
static void
test_constraint_start_on(void)
{
  guint32 a, b;
  g_autoptr(TestNet) net = constraint_net(&a, &b, 8, CPM_CSTR_START_ON, "2024-01-10T08:00");
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-10T08:00", "2024-01-10T17:00", "2024-01-10T08:00",
                    "2024-01-10T17:00");
  test_assert_dates(res, b, "2024-01-11T08:00", "2024-01-11T17:00", NULL, NULL);
  test_assert_floats(res, a, 0, 0);
}

/* Start On or After Wed 08:00: early dates Wed; late dates untouched (LS Thu
 * 08:00, LF Thu 17:00), TF 8h. A date at 00:00 moves to the next work
 * period start: cd Wed 00:00 gives ES Wed 08:00 too. */
static void
test_constraint_snet(void)
{
  const gchar *dates[] = { "2024-01-10T08:00", "2024-01-10T00:00" };
  for (guint k = 0; k < G_N_ELEMENTS(dates); k++) {
    guint32 a, b;
    g_autoptr(TestNet) net = constraint_net(&a, &b, 8, CPM_CSTR_START_ON_OR_AFTER, dates[k]);
    g_autoptr(CpmResult) res = test_net_run(net, NULL);
    test_assert_dates(res, a, "2024-01-10T08:00", "2024-01-10T17:00", "2024-01-11T08:00",
                      "2024-01-11T17:00");
    test_assert_floats(res, a, 8, 0);
  }
}

/* Start On or Before Mon 13:00: early untouched (Mon 08:00 - 17:00); LS =
 * min(Thu 08:00, Mon 13:00) = Mon 13:00, LF = A(Mon 13:00, 8h) = Tue 12:00:
 * TF = W(Mon 17:00, Tue 12:00) = 4h. */
static void
test_constraint_snlt(void)
{
  guint32 a, b;
  g_autoptr(TestNet) net
      = constraint_net(&a, &b, 8, CPM_CSTR_START_ON_OR_BEFORE, "2024-01-08T13:00");
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-08T08:00", "2024-01-08T17:00", "2024-01-08T13:00",
                    "2024-01-09T12:00");
  test_assert_floats(res, a, 4, NAN);
}

/* Finish On Tue 17:00: early: ES >= S(Tue 17:00, 8h) = Tue 08:00, so A runs
 * Tue; B Wed. Late: LF = Prev(min(logic Thu 17:00, cd)) = Tue 17:00: TF 0,
 * and B keeps TF = W(Wed 17:00, Fri 17:00) = 16h. */
static void
test_constraint_finish_on(void)
{
  guint32 a, b;
  g_autoptr(TestNet) net = constraint_net(&a, &b, 8, CPM_CSTR_FINISH_ON, "2024-01-09T17:00");
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-09T08:00", "2024-01-09T17:00", "2024-01-09T08:00",
                    "2024-01-09T17:00");
  test_assert_floats(res, a, 0, 0);
  test_assert_floats(res, b, 16, 16);
}

/* Finish On or After Wed 12:00: ES = max(ES, S(Wed 12:00, 8h) = Tue 13:00);
 * A Tue 13:00 - Wed 12:00; late untouched (LF Thu 17:00): TF 12h. */
static void
test_constraint_fnet(void)
{
  guint32 a, b;
  g_autoptr(TestNet) net
      = constraint_net(&a, &b, 8, CPM_CSTR_FINISH_ON_OR_AFTER, "2024-01-10T12:00");
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-09T13:00", "2024-01-10T12:00", "2024-01-11T08:00",
                    "2024-01-11T17:00");
  test_assert_floats(res, a, 12, NAN);
}

/* Finish On or Before Mon 17:00 on a 16h A: early Mon 08:00 - Tue 17:00;
 * LF = Mon 17:00, LS = S(Mon 17:00, 16h) = Fri 5 08:00: TF = -8h. */
static void
test_constraint_fnlt(void)
{
  guint32 a, b;
  g_autoptr(TestNet) net
      = constraint_net(&a, &b, 16, CPM_CSTR_FINISH_ON_OR_BEFORE, "2024-01-08T17:00");
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-08T08:00", "2024-01-09T17:00", "2024-01-05T08:00",
                    "2024-01-08T17:00");
  test_assert_floats(res, a, -8, NAN);
  g_assert_true(cpm_result_activity(res, a)->flags & CPM_FLAG_NEGATIVE_FLOAT);
  g_assert_true(test_critical(res, a));
}

/* Mandatory Start Tue 08:00 on A(8h) whose FS predecessor X(24h) ends Wed
 * 17:00: A starts Tue 08:00 regardless, LS = cd; X's LF = Prev(Tue 08:00) =
 * Mon 17:00, so TF(X) = W(Wed 17:00, Mon 17:00) = -16h. */
static void
test_constraint_mandatory_start(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 x = test_net_task(net, "X", 24);
  guint32 a = test_net_task(net, "A", 8);
  test_net_act(net, a)->constraint = CPM_CSTR_MANDATORY_START;
  test_net_act(net, a)->constraint_date = test_time("2024-01-09T08:00");
  test_net_link(net, x, a, CPM_LINK_FS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-09T08:00", "2024-01-09T17:00", "2024-01-09T08:00", NULL);
  test_assert_dates(res, x, NULL, "2024-01-10T17:00", NULL, "2024-01-08T17:00");
  test_assert_floats(res, x, -16, NAN);
}

/* Mandatory Finish (rules §5, JAG M1040): DD Mon 09:40; finish milestone M
 * after X(24h, Mon 09:40 - Thu 09:40) with Mandatory Finish Mon 07:00: EF =
 * max(cd, DD) = Mon 09:40 whatever the logic; LF = Prev(Mon 07:00) = Fri 5
 * 17:00: TF = -W(Fri 17:00, Mon 09:40) = -100 min. */
static void
test_constraint_mandatory_finish(void)
{
  g_autoptr(TestNet) net = test_net_new("2024-01-08T09:40");
  guint32 x = test_net_task(net, "X", 24);
  guint32 m = test_net_task(net, "M", 0);
  test_net_act(net, m)->type = CPM_ACT_FINISH_MILESTONE;
  test_net_act(net, m)->constraint = CPM_CSTR_MANDATORY_FINISH;
  test_net_act(net, m)->constraint_date = test_time("2024-01-08T07:00");
  test_net_link(net, x, m, CPM_LINK_FS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, x, "2024-01-08T09:40", "2024-01-11T09:40", NULL, NULL);
  test_assert_dates(res, m, "2024-01-08T09:40", "2024-01-08T09:40", "2024-01-05T17:00",
                    "2024-01-05T17:00");
  test_assert_floats(res, m, -100.0 / 60, 0);
}

/* As Late As Possible: A(8h, ALAP) -> B(8h); B also follows C(24h), so B
 * starts Thu 08:00. A moves as late as B's early start allows: S(Thu 08:00,
 * 8h) = Wed 08:00, A Wed 08:00 - 17:00, free float 0, TF = W(Wed 17:00, LF
 * Wed 17:00) = 0. B keeps its dates. */
static void
test_constraint_alap(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 a = test_net_task(net, "A", 8);
  guint32 b = test_net_task(net, "B", 8);
  guint32 c = test_net_task(net, "C", 24);
  test_net_act(net, a)->constraint = CPM_CSTR_ALAP;
  test_net_link(net, a, b, CPM_LINK_FS, 0);
  test_net_link(net, c, b, CPM_LINK_FS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-10T08:00", "2024-01-10T17:00", "2024-01-10T08:00",
                    "2024-01-10T17:00");
  test_assert_dates(res, b, "2024-01-11T08:00", "2024-01-11T17:00", NULL, NULL);
  test_assert_floats(res, a, 0, 0);
}

/* Secondary constraint: A(8h) Start On or After Tue 08:00 and, secondary,
 * Finish On or Before Tue 17:00: A runs Tue; LF = min(project finish Fri
 * 17:00, Tue 17:00): TF 0 instead of 24h. */
static void
test_constraint_secondary(void)
{
  guint32 a, b;
  g_autoptr(TestNet) net
      = constraint_net(&a, &b, 8, CPM_CSTR_START_ON_OR_AFTER, "2024-01-09T08:00");
  g_autoptr(CpmResult) without = test_net_run(net, NULL);
  test_assert_floats(without, a, 16, NAN);
  test_net_act(net, a)->constraint2 = CPM_CSTR_FINISH_ON_OR_BEFORE;
  test_net_act(net, a)->constraint2_date = test_time("2024-01-09T17:00");
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, a, "2024-01-09T08:00", "2024-01-09T17:00", "2024-01-09T08:00",
                    "2024-01-09T17:00");
  test_assert_floats(res, a, 0, NAN);
}

/* Expected Finish Wed 13:00 (with the option on): EF = Prev(Wed 13:00) =
 * Wed 12:00 (a period start is stored as the previous end), the remaining
 * duration becomes W(Mon 08:00, Wed 12:00) = 20h, free float 0. Without the
 * option the planned 8h stands. */
static void
test_expected_finish(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 a = test_net_task(net, "A", 8);
  test_net_task(net, "C", 40);
  test_net_act(net, a)->expected_finish = test_time("2024-01-10T13:00");
  CpmOptions o;
  cpm_options_init_default(&o);
  g_autoptr(CpmResult) off = test_net_run(net, &o);
  test_assert_dates(off, a, "2024-01-08T08:00", "2024-01-08T17:00", NULL, NULL);
  o.use_expected_finish = TRUE;
  g_autoptr(CpmResult) on = test_net_run(net, &o);
  test_assert_dates(on, a, "2024-01-08T08:00", "2024-01-10T12:00", "2024-01-10T13:00",
                    "2024-01-12T17:00");
  test_assert_floats(on, a, 20, 0);
}

/* Project must-finish-by: A(16h) ends Tue 17:00. MFB Fri 17:00 -> LF Fri
 * 17:00, TF 24h. MFB Sat 00:00 -> LF = Prev(Sat 00:00) = Fri 17:00 too
 * (TERM's 8h). MFB Mon 17:00 -> TF -8h: it applies even when earlier than
 * the early finish. */
static void
test_must_finish_by(void)
{
  struct {
    const gchar *mfb;
    const gchar *lf;
    gdouble tf;
  } cases[] = {
    { "2024-01-12T17:00", "2024-01-12T17:00", 24 },
    { "2024-01-13T00:00", "2024-01-12T17:00", 24 },
    { "2024-01-08T17:00", "2024-01-08T17:00", -8 },
  };
  for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
    g_autoptr(TestNet) net = test_net_new(DD);
    cpm_schedule_project_mut(net->schedule, 0)->must_finish_by = test_time(cases[k].mfb);
    guint32 a = test_net_task(net, "A", 16);
    g_autoptr(CpmResult) res = test_net_run(net, NULL);
    test_assert_dates(res, a, "2024-01-08T08:00", "2024-01-09T17:00", NULL, cases[k].lf);
    /* Free float of an open end runs to the project's early finish, not to
     * the must-finish-by date (TERM's A5800): 0 here. */
    test_assert_floats(res, a, cases[k].tf, 0);
  }
}

/* Milestones (rules §1). After a 5d task ending Fri 17:00: a start
 * milestone sits at Next = Mon 15 08:00, a finish milestone stays at Fri
 * 17:00 (a period end). After a 7d task ending Sat 16:00: a finish
 * milestone on 5d moves to Mon 08:00; on 7d it stays at Sat 16:00. */
static void
test_milestones(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 t = test_net_add(net, 0, "T", 40, net->cal_5d);
  guint32 sm = test_net_add(net, 0, "SM", 0, net->cal_5d);
  guint32 fm = test_net_add(net, 0, "FM", 0, net->cal_5d);
  guint32 t7 = test_net_add(net, 0, "T7", 48, net->cal_7d);
  guint32 fm5 = test_net_add(net, 0, "FM5", 0, net->cal_5d);
  guint32 fm7 = test_net_add(net, 0, "FM7", 0, net->cal_7d);
  test_net_act(net, sm)->type = CPM_ACT_START_MILESTONE;
  test_net_act(net, fm)->type = CPM_ACT_FINISH_MILESTONE;
  test_net_act(net, fm5)->type = CPM_ACT_FINISH_MILESTONE;
  test_net_act(net, fm7)->type = CPM_ACT_FINISH_MILESTONE;
  test_net_link(net, t, sm, CPM_LINK_FS, 0);
  test_net_link(net, t, fm, CPM_LINK_FS, 0);
  test_net_link(net, t7, fm5, CPM_LINK_FS, 0);
  test_net_link(net, t7, fm7, CPM_LINK_FS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, sm, "2024-01-15T08:00", "2024-01-15T08:00", NULL, NULL);
  test_assert_dates(res, fm, "2024-01-12T17:00", "2024-01-12T17:00", NULL, NULL);
  test_assert_dates(res, fm5, "2024-01-15T08:00", "2024-01-15T08:00", NULL, NULL);
  test_assert_dates(res, fm7, "2024-01-13T16:00", "2024-01-13T16:00", NULL, NULL);
}

/* A Finish On milestone at Mon 15 08:00 (SP10 PWP02-7110): early dates stay
 * at Mon 08:00 (a working instant); late dates are Prev(Mon 08:00) = Fri
 * 17:00; TF = W(Mon 08:00, Fri 17:00) = 0. A long task keeps the project
 * finish later. A start milestone whose 7d successor has LS Sat 08:00 gets
 * LS = LF = Prev_5d(Sat 08:00) = Fri 17:00. */
static void
test_milestone_late_dates(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  cpm_schedule_project_mut(net->schedule, 0)->must_finish_by = test_time("2024-01-19T17:00");
  guint32 fm = test_net_add(net, 0, "FM", 0, net->cal_5d);
  test_net_act(net, fm)->type = CPM_ACT_FINISH_MILESTONE;
  test_net_act(net, fm)->constraint = CPM_CSTR_FINISH_ON;
  test_net_act(net, fm)->constraint_date = test_time("2024-01-15T08:00");
  guint32 sm = test_net_add(net, 0, "SM", 0, net->cal_5d);
  test_net_act(net, sm)->type = CPM_ACT_START_MILESTONE;
  guint32 s7 = test_net_add(net, 0, "S7", 8, net->cal_7d);
  test_net_act(net, s7)->constraint = CPM_CSTR_FINISH_ON_OR_BEFORE;
  test_net_act(net, s7)->constraint_date = test_time("2024-01-13T16:00");
  test_net_link(net, sm, s7, CPM_LINK_FS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, fm, "2024-01-15T08:00", "2024-01-15T08:00", "2024-01-12T17:00",
                    "2024-01-12T17:00");
  test_assert_floats(res, fm, 0, NAN);
  test_assert_dates(res, s7, NULL, NULL, "2024-01-13T08:00", "2024-01-13T16:00");
  test_assert_dates(res, sm, "2024-01-08T08:00", "2024-01-08T08:00", "2024-01-12T17:00",
                    "2024-01-12T17:00");
}

/* Level of effort (rules §4): A(16h) -> B(16h) FS; L is LOE with SS from A
 * and FF to B. L spans ES_A = Mon 08:00 to EF_B = Thu 17:00 (32h), late
 * dates LS_A .. LF_B, TF 0, FF 0, and drives nothing: B still starts from A
 * (Wed 08:00) and a task C after L (FS) starts at the data date. */
static void
test_loe(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 a = test_net_task(net, "A", 16);
  guint32 b = test_net_task(net, "B", 16);
  guint32 l = test_net_task(net, "L", 0);
  guint32 c = test_net_task(net, "C", 4);
  test_net_act(net, l)->type = CPM_ACT_LOE;
  test_net_link(net, a, b, CPM_LINK_FS, 0);
  test_net_link(net, a, l, CPM_LINK_SS, 0);
  guint32 lb = test_net_link(net, l, b, CPM_LINK_FF, 0);
  test_net_link(net, l, c, CPM_LINK_FS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, l, "2024-01-08T08:00", "2024-01-11T17:00", "2024-01-08T08:00",
                    "2024-01-11T17:00");
  test_assert_floats(res, l, 0, 0);
  test_assert_dates(res, b, "2024-01-10T08:00", "2024-01-11T17:00", NULL, NULL);
  test_assert_dates(res, c, "2024-01-08T08:00", NULL, NULL, NULL);
  g_assert_false(cpm_result_relation_driving(res, lb));
}

/* WBS summary: node W holds A(16h) and B(8h, FS A); the summary activity S
 * in W spans Mon 08:00 - Wed 17:00, early and late. */
static void
test_wbs_summary(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  CpmWbs w = { "W", "Work", 0, CPM_NO_INDEX, -1 };
  guint32 wi = cpm_schedule_add_wbs(net->schedule, &w);
  guint32 a = test_net_task(net, "A", 16);
  test_net_act(net, a)->wbs = wi;
  guint32 b = test_net_task(net, "B", 8);
  test_net_act(net, b)->wbs = wi;
  guint32 s = test_net_task(net, "S", 0);
  test_net_act(net, s)->wbs = wi;
  test_net_act(net, s)->type = CPM_ACT_WBS_SUMMARY;
  test_net_link(net, a, b, CPM_LINK_FS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_dates(res, s, "2024-01-08T08:00", "2024-01-10T17:00", "2024-01-08T08:00",
                    "2024-01-10T17:00");
}

/* Resource dependent: R (5d calendar, 16h) with one full-time resource on
 * the 7d calendar: 16h of work runs Mon 08:00 - Tue 16:00 on 7d. Adding a
 * half-time resource on the 5d calendar with 8h of work (16h of time) ends
 * Tue 17:00, the later of the two. */
static void
test_resource_dependent(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 r = test_net_task(net, "R", 16);
  test_net_act(net, r)->type = CPM_ACT_RESOURCE;
  CpmResource crew = { "CREW", NULL, -1, net->cal_7d };
  guint32 ci = cpm_schedule_add_resource(net->schedule, &crew);
  CpmAssignment as = { r, ci, 1.0, 16 * 60 };
  cpm_schedule_add_assignment(net->schedule, &as);
  g_autoptr(CpmResult) one = test_net_run(net, NULL);
  test_assert_dates(one, r, "2024-01-08T08:00", "2024-01-09T16:00", NULL, NULL);

  CpmResource half = { "HALF", NULL, -1, net->cal_5d };
  guint32 hi = cpm_schedule_add_resource(net->schedule, &half);
  CpmAssignment as2 = { r, hi, 0.5, 8 * 60 };
  cpm_schedule_add_assignment(net->schedule, &as2);
  g_autoptr(CpmResult) two = test_net_run(net, NULL);
  test_assert_dates(two, r, "2024-01-08T08:00", "2024-01-09T17:00", NULL, NULL);
}

/* Total float as finish, start or smallest: a LOE L with SS from B(40h,
 * critical) and FF to D(8h, FS after A(16h), TF 16h). L: ES = LS = Mon
 * 08:00 (start float 0), EF = Wed 17:00, LF = Fri 17:00 (finish float 16h).
 * In-progress work always uses finish float. */
static void
test_float_types(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 a = test_net_task(net, "A", 16);
  guint32 b = test_net_task(net, "B", 40);
  guint32 d = test_net_task(net, "D", 8);
  guint32 l = test_net_task(net, "L", 0);
  test_net_act(net, l)->type = CPM_ACT_LOE;
  test_net_link(net, a, d, CPM_LINK_FS, 0);
  test_net_link(net, b, l, CPM_LINK_SS, 0);
  test_net_link(net, l, d, CPM_LINK_FF, 0);
  struct {
    CpmFloatType type;
    gdouble tf;
  } cases[] = { { CPM_FLOAT_FINISH, 16 }, { CPM_FLOAT_START, 0 }, { CPM_FLOAT_SMALLEST, 0 } };
  for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
    CpmOptions o;
    cpm_options_init_default(&o);
    o.float_type = cases[k].type;
    g_autoptr(CpmResult) res = test_net_run(net, &o);
    test_assert_dates(res, l, "2024-01-08T08:00", "2024-01-10T17:00", "2024-01-08T08:00",
                      "2024-01-12T17:00");
    test_assert_floats(res, l, cases[k].tf, 0);
    test_assert_floats(res, d, 16, 16);
  }
}

/* Free float is counted on the predecessor's calendar (rules §7): P (7d,
 * 8h) Mon 08:00 - 16:00 -> S (5d) held to Wed 08:00: FF = W_7d(Mon 16:00,
 * Wed 08:00) = 8h (on the 5d calendar it would be 9h). */
static void
test_free_float_calendar(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 p = test_net_add(net, 0, "P", 8, net->cal_7d);
  guint32 s = test_net_add(net, 0, "S", 8, net->cal_5d);
  test_net_act(net, s)->constraint = CPM_CSTR_START_ON_OR_AFTER;
  test_net_act(net, s)->constraint_date = test_time("2024-01-10T08:00");
  guint32 r = test_net_link(net, p, s, CPM_LINK_FS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  test_assert_floats(res, p, NAN, 8);
  g_assert_cmpint(cpm_result_relation_free_float(res, r), ==, 8 * 60);
  g_assert_false(cpm_result_relation_driving(res, r));

  /* A link with a lag is measured on its lag calendar (JAG A3660): FS +8h on
   * the successor's calendar ends A_5d(Mon 16:00, 8h) = Tue 16:00, and
   * W_5d(Tue 16:00, Wed 08:00) = 1h (on 7d it would be 0). */
  cpm_schedule_project_mut(net->schedule, 0)->options.lag_calendar = CPM_LAG_CAL_SUCCESSOR;
  g_autoptr(TestNet) net2 = test_net_new(DD);
  guint32 p2 = test_net_add(net2, 0, "P", 8, net2->cal_7d);
  guint32 s2 = test_net_add(net2, 0, "S", 8, net2->cal_5d);
  test_net_act(net2, s2)->constraint = CPM_CSTR_START_ON_OR_AFTER;
  test_net_act(net2, s2)->constraint_date = test_time("2024-01-10T08:00");
  guint32 r2 = test_net_link(net2, p2, s2, CPM_LINK_FS, 8);
  CpmOptions o;
  cpm_options_init_default(&o);
  o.lag_calendar = CPM_LAG_CAL_SUCCESSOR;
  g_autoptr(CpmResult) res2 = test_net_run(net2, &o);
  g_assert_cmpint(cpm_result_relation_free_float(res2, r2), ==, 60);
  test_assert_floats(res2, p2, NAN, 1);
}

/* Critical by a float threshold: with threshold 4h, D (TF 4h) of the FS
 * chain becomes critical; with 3h it does not. */
static void
test_critical_threshold(void)
{
  guint32 id[4];
  g_autoptr(TestNet) net = fs_chain(id);
  CpmOptions o;
  cpm_options_init_default(&o);
  o.critical_float = 4 * 60;
  g_autoptr(CpmResult) res = test_net_run(net, &o);
  g_assert_true(test_critical(res, id[3]));
  o.critical_float = 3 * 60;
  g_autoptr(CpmResult) res2 = test_net_run(net, &o);
  g_assert_false(test_critical(res2, id[3]));
}

/* Driving links and the longest path: in the FS chain plus a link A -> C
 * (A ends Tue 17:00, C starts Thu 08:00: 8h of link free float, not
 * driving). Longest path: C (latest EF) back through driving links B, A;
 * D is not on it although A -> D drives. With must-finish-by Thu 17:00 every
 * float is +4h, so nothing is critical by float, but the longest path is
 * unchanged and becomes the critical path when critical = longest path. */
static void
test_driving_and_longest_path(void)
{
  guint32 id[4];
  g_autoptr(TestNet) net = fs_chain(id);
  guint32 ac = test_net_link(net, id[0], id[2], CPM_LINK_FS, 0);
  g_autoptr(CpmResult) res = test_net_run(net, NULL);
  g_assert_true(cpm_result_relation_driving(res, 0));   /* A -> B */
  g_assert_true(cpm_result_relation_driving(res, 1));   /* B -> C */
  g_assert_true(cpm_result_relation_driving(res, 2));   /* A -> D */
  g_assert_false(cpm_result_relation_driving(res, ac)); /* A -> C */
  g_assert_cmpint(cpm_result_relation_free_float(res, ac), ==, 8 * 60);
  g_assert_true(test_longest(res, id[0]) && test_longest(res, id[1]) && test_longest(res, id[2]));
  g_assert_false(test_longest(res, id[3]));

  cpm_schedule_project_mut(net->schedule, 0)->must_finish_by = test_time("2024-01-11T17:00");
  g_autoptr(CpmResult) late = test_net_run(net, NULL);
  test_assert_floats(late, id[0], 4, NAN);
  g_assert_false(test_critical(late, id[0]));
  g_assert_true(test_longest(late, id[0]) && test_longest(late, id[2]));
  CpmOptions o;
  cpm_options_init_default(&o);
  o.critical_mode = CPM_CRITICAL_LONGEST_PATH;
  g_autoptr(CpmResult) lp = test_net_run(net, &o);
  g_assert_true(test_critical(lp, id[0]) && test_critical(lp, id[1]) && test_critical(lp, id[2]));
  g_assert_false(test_critical(lp, id[3]));
}

/* Several projects with a cross-project link: P has A(16h) -> B(8h); Q has
 * X(40h) and Z(8h) after A (cross-project FS). Z Wed 08:00 - 17:00.
 * Float against each project's own finish: P ends Wed 17:00, so B's TF 0
 * and A's TF 0; Q ends Fri 17:00, Z's TF 16h.
 * Float against the integrated finish (Fri 17:00): B's TF 16h, A's 16h.
 * Q's data date is Tue 08:00: X starts then. */
static void
test_multi_project(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 q = test_net_project(net, "Q", "2024-01-09T08:00");
  guint32 a = test_net_task(net, "A", 16);
  guint32 b = test_net_task(net, "B", 8);
  guint32 x = test_net_add(net, q, "X", 32, net->cal_5d);
  guint32 z = test_net_add(net, q, "Z", 8, net->cal_5d);
  test_net_link(net, a, b, CPM_LINK_FS, 0);
  test_net_link(net, a, z, CPM_LINK_FS, 0);

  CpmOptions o;
  cpm_options_init_default(&o);
  o.float_per_project = TRUE;
  g_autoptr(CpmResult) own = test_net_run(net, &o);
  test_assert_dates(own, x, "2024-01-09T08:00", "2024-01-12T17:00", NULL, NULL);
  test_assert_dates(own, z, "2024-01-10T08:00", "2024-01-10T17:00", NULL, "2024-01-12T17:00");
  test_assert_floats(own, b, 0, NAN);
  test_assert_floats(own, a, 0, NAN);
  test_assert_floats(own, z, 16, NAN);

  o.float_per_project = FALSE;
  g_autoptr(CpmResult) all = test_net_run(net, &o);
  test_assert_floats(all, b, 16, NAN);
  test_assert_floats(all, a, 16, NAN);
  test_assert_floats(all, z, 16, NAN);

  /* Ignoring links to other projects frees Z from A. */
  o.ignore_external_links = TRUE;
  g_autoptr(CpmResult) alone = test_net_run(net, &o);
  test_assert_dates(alone, z, "2024-01-09T08:00", NULL, NULL, NULL);
}

/* A loop A -> B -> C -> A (D -> A hangs off it) is an error naming A, B and
 * C, not D, with the file and line of one of its relationships. */
static void
test_loop(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  cpm_schedule_project_mut(net->schedule, 0)->source_file = "net.xml";
  guint32 a = test_net_task(net, "A", 8);
  guint32 b = test_net_task(net, "B", 8);
  guint32 c = test_net_task(net, "C", 8);
  guint32 d = test_net_task(net, "D", 8);
  CpmRelation rels[] = { { d, a, CPM_LINK_FS, 0, 10 },
                         { a, b, CPM_LINK_FS, 0, 11 },
                         { b, c, CPM_LINK_SS, 0, 12 },
                         { c, a, CPM_LINK_FF, 0, 13 } };
  for (guint k = 0; k < G_N_ELEMENTS(rels); k++)
    cpm_schedule_add_relation(net->schedule, &rels[k]);
  g_autoptr(GError) error = NULL;
  g_autoptr(CpmResult) res = cpm_schedule_compute(net->schedule, NULL, FALSE, &error);
  g_assert_null(res);
  g_assert_error(error, CPM_ERROR, CPM_ERROR_LOOP);
  g_assert_true(g_str_has_prefix(error->message, "net.xml:1"));
  g_assert_nonnull(strstr(error->message, "logic loop"));
  g_auto(GStrv) parts = g_strsplit(strstr(error->message, "loop: ") + 6, " -> ", -1);
  /* Four names: the loop closed on its first activity. */
  g_assert_cmpuint(g_strv_length(parts), ==, 4);
  g_assert_cmpstr(parts[0], ==, parts[3]);
  for (guint k = 0; k < 3; k++)
    g_assert_true(g_str_equal(parts[k], "A") || g_str_equal(parts[k], "B")
                  || g_str_equal(parts[k], "C"));
  g_assert_null(strstr(error->message, "D"));

  /* A self-link is a loop too. */
  g_autoptr(TestNet) net2 = test_net_new(DD);
  guint32 s = test_net_task(net2, "S", 8);
  test_net_link(net2, s, s, CPM_LINK_FS, 0);
  g_autoptr(GError) error2 = NULL;
  g_autoptr(CpmResult) res2 = cpm_schedule_compute(net2->schedule, NULL, FALSE, &error2);
  g_assert_error(error2, CPM_ERROR, CPM_ERROR_LOOP);
}

/* Mutual exclusion: A(16h) and B(8h) both start Mon 08:00 and must not
 * overlap: a finding names both. Serialised, the one that starts first (A,
 * tie -> the first named) goes first: B starts Wed 08:00. */
static void
test_exclusion(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  guint32 a = test_net_task(net, "A", 16);
  guint32 b = test_net_task(net, "B", 8);
  guint32 c = test_net_task(net, "C", 8);
  test_net_link(net, a, c, CPM_LINK_FS, 0);
  cpm_schedule_add_exclusion(net->schedule, a, b);
  g_autoptr(GError) error = NULL;
  g_autoptr(CpmResult) res = cpm_schedule_compute(net->schedule, NULL, FALSE, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(cpm_result_n_findings(res), ==, 1);
  const CpmFinding *f = cpm_result_finding(res, 0);
  g_assert_cmpint(f->kind, ==, CPM_FINDING_EXCLUSION_CONFLICT);
  g_assert_true((f->a == a && f->b == b) || (f->a == b && f->b == a));
  test_assert_dates(res, b, "2024-01-08T08:00", NULL, NULL, NULL);

  g_autoptr(CpmResult) ser = cpm_schedule_compute(net->schedule, NULL, TRUE, &error);
  g_assert_no_error(error);
  test_assert_dates(ser, b, "2024-01-10T08:00", "2024-01-10T17:00", NULL, NULL);
  g_assert_cmpuint(cpm_result_n_findings(ser), ==, 0);
}

/* Duplicate activity Ids in one project are refused by the model. */
static void
test_duplicate_id(void)
{
  g_autoptr(TestNet) net = test_net_new(DD);
  test_net_task(net, "A", 8);
  CpmActivity a;
  cpm_activity_init(&a);
  a.id = "A";
  a.calendar = net->cal_5d;
  g_autoptr(GError) error = NULL;
  g_assert_cmpuint(cpm_schedule_add_activity(net->schedule, &a, &error), ==, CPM_NO_INDEX);
  g_assert_error(error, CPM_ERROR, CPM_ERROR_DUPLICATE_ID);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/schedule/fs-chain", test_fs_chain);
  g_test_add_func("/schedule/open-ends", test_open_ends);
  g_test_add_func("/schedule/start-placement", test_start_placement);
  g_test_add_func("/schedule/ss-lag", test_ss_lag);
  g_test_add_func("/schedule/ss-late-start-period-end", test_ss_late_start_period_end);
  g_test_add_func("/schedule/ff-lag", test_ff_lag);
  g_test_add_func("/schedule/ff-negative-lag", test_ff_negative_lag);
  g_test_add_func("/schedule/sf", test_sf);
  g_test_add_func("/schedule/lead-clamped", test_lead_clamped);
  g_test_add_func("/schedule/lag-calendar", test_lag_calendar);
  g_test_add_func("/schedule/data-date-bound", test_data_date_bound);
  g_test_add_func("/schedule/progress/basic", test_progress_basic);
  g_test_add_func("/schedule/progress/policies", test_progress_policies);
  g_test_add_func("/schedule/progress/ss-from-actual-start", test_ss_from_actual_start);
  g_test_add_func("/schedule/progress/percent-complete", test_percent_complete);
  g_test_add_func("/schedule/progress/suspend-resume", test_suspend_resume);
  g_test_add_func("/schedule/progress/actual-dates", test_actual_dates);
  g_test_add_func("/schedule/progress/completed-successor", test_completed_successor);
  g_test_add_func("/schedule/progress/zero-remaining", test_zero_remaining);
  g_test_add_func("/schedule/constraint/start-on", test_constraint_start_on);
  g_test_add_func("/schedule/constraint/start-on-or-after", test_constraint_snet);
  g_test_add_func("/schedule/constraint/start-on-or-before", test_constraint_snlt);
  g_test_add_func("/schedule/constraint/finish-on", test_constraint_finish_on);
  g_test_add_func("/schedule/constraint/finish-on-or-after", test_constraint_fnet);
  g_test_add_func("/schedule/constraint/finish-on-or-before", test_constraint_fnlt);
  g_test_add_func("/schedule/constraint/mandatory-start", test_constraint_mandatory_start);
  g_test_add_func("/schedule/constraint/mandatory-finish", test_constraint_mandatory_finish);
  g_test_add_func("/schedule/constraint/alap", test_constraint_alap);
  g_test_add_func("/schedule/constraint/secondary", test_constraint_secondary);
  g_test_add_func("/schedule/constraint/expected-finish", test_expected_finish);
  g_test_add_func("/schedule/constraint/must-finish-by", test_must_finish_by);
  g_test_add_func("/schedule/milestones", test_milestones);
  g_test_add_func("/schedule/milestone-late-dates", test_milestone_late_dates);
  g_test_add_func("/schedule/type/loe", test_loe);
  g_test_add_func("/schedule/type/wbs-summary", test_wbs_summary);
  g_test_add_func("/schedule/type/resource-dependent", test_resource_dependent);
  g_test_add_func("/schedule/float/types", test_float_types);
  g_test_add_func("/schedule/float/free-float-calendar", test_free_float_calendar);
  g_test_add_func("/schedule/critical/threshold", test_critical_threshold);
  g_test_add_func("/schedule/critical/driving-longest-path", test_driving_and_longest_path);
  g_test_add_func("/schedule/multi-project", test_multi_project);
  g_test_add_func("/schedule/loop", test_loop);
  g_test_add_func("/schedule/exclusion", test_exclusion);
  g_test_add_func("/schedule/duplicate-id", test_duplicate_id);
  return g_test_run();
}
