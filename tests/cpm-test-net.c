/* SPDX-License-Identifier: MIT
 *
 * cpm-test-net.c: the graph-building helper of the engine tests.
 */
#include "cpm-test-net.h"

#include <math.h>

CpmTime
test_time(const gchar *text)
{
  CpmTime t = CPM_TIME_NONE;
  if (!cpm_time_parse(text, &t))
    g_error("bad test date '%s'", text);
  return t;
}

static guint32
net_calendar(CpmSchedule *s, const gchar *name, const CpmWorkInterval *ivs, guint n,
             gboolean weekend)
{
  g_autoptr(CpmCalendar) cal = cpm_calendar_new(name);
  for (guint d = 0; d < 7; d++) {
    gboolean works = weekend || (d >= 1 && d <= 5);
    g_assert_true(cpm_calendar_set_weekday(cal, d, ivs, works ? n : 0, NULL));
  }
  g_assert_true(cpm_calendar_seal(cal, NULL));
  return cpm_schedule_add_calendar(s, cal);
}

TestNet *
test_net_new(const gchar *data_date)
{
  TestNet *net = g_new0(TestNet, 1);
  net->schedule = cpm_schedule_new();
  static const CpmWorkInterval split[] = { { 480, 720 }, { 780, 1020 } };
  static const CpmWorkInterval day8[] = { { 480, 960 } };
  net->cal_5d = net_calendar(net->schedule, "5d", split, 2, FALSE);
  net->cal_7d = net_calendar(net->schedule, "7d", day8, 1, TRUE);
  g_autoptr(CpmCalendar) c24 = cpm_calendar_new_24h();
  net->cal_24h = cpm_schedule_add_calendar(net->schedule, c24);
  net->project = test_net_project(net, "P", data_date);
  return net;
}

guint32
test_net_project(TestNet *net, const gchar *id, const gchar *data_date)
{
  CpmProject p = { 0 };
  p.id = id;
  p.object_id = -1;
  p.data_date = test_time(data_date);
  p.planned_start = CPM_TIME_NONE;
  p.must_finish_by = CPM_TIME_NONE;
  p.default_calendar = net->cal_5d;
  cpm_options_init_default(&p.options);
  return cpm_schedule_add_project(net->schedule, &p);
}

void
test_net_free(TestNet *net)
{
  cpm_schedule_unref(net->schedule);
  g_free(net);
}

guint32
test_net_add(TestNet *net, guint32 project, const gchar *id, gdouble hours, guint32 cal)
{
  CpmActivity a;
  cpm_activity_init(&a);
  a.id = id;
  a.project = project;
  a.calendar = cal;
  a.planned_duration = a.remaining_duration = (CpmDuration)llround(hours * 60);
  g_autoptr(GError) error = NULL;
  guint32 i = cpm_schedule_add_activity(net->schedule, &a, &error);
  g_assert_no_error(error);
  return i;
}

guint32
test_net_task(TestNet *net, const gchar *id, gdouble hours)
{
  return test_net_add(net, net->project, id, hours, net->cal_5d);
}

CpmActivity *
test_net_act(TestNet *net, guint32 index)
{
  return cpm_schedule_activity_mut(net->schedule, index);
}

guint32
test_net_link(TestNet *net, guint32 pred, guint32 succ, CpmLinkType type, gdouble lag_hours)
{
  CpmRelation r = { pred, succ, type, (CpmDuration)llround(lag_hours * 60), 0 };
  return cpm_schedule_add_relation(net->schedule, &r);
}

CpmResult *
test_net_run(TestNet *net, const CpmOptions *overrides)
{
  g_autoptr(GError) error = NULL;
  CpmResult *res = cpm_schedule_compute(net->schedule, overrides, FALSE, &error);
  g_assert_no_error(error);
  g_assert_nonnull(res);
  return res;
}

static void
check_one(const gchar *what, const gchar *id, CpmTime got, const gchar *want, const gchar *file,
          int line)
{
  if (want == NULL)
    return;
  gchar buf[CPM_TIME_FORMAT_LEN];
  cpm_time_format(got, buf);
  if (g_strcmp0(buf, want) != 0) {
    g_autofree gchar *msg
        = g_strdup_printf("%s of %s: got '%s', expected '%s'", what, id, buf, want);
    g_assertion_message(G_LOG_DOMAIN, file, line, "test_assert_dates", msg);
  }
}

static const gchar *
check_id(const CpmResult *res, guint32 i)
{
  static gchar buf[32];
  g_snprintf(buf, sizeof buf, "activity #%u", i);
  return buf;
}

void
test_check_dates(const CpmResult *res, guint32 i, const gchar *es, const gchar *ef, const gchar *ls,
                 const gchar *lf, const gchar *file, int line)
{
  const CpmActivityResult *a = cpm_result_activity(res, i);
  check_one("early start", check_id(res, i), a->early_start, es, file, line);
  check_one("early finish", check_id(res, i), a->early_finish, ef, file, line);
  check_one("late start", check_id(res, i), a->late_start, ls, file, line);
  check_one("late finish", check_id(res, i), a->late_finish, lf, file, line);
}

void
test_check_floats(const CpmResult *res, guint32 i, gdouble tf_hours, gdouble ff_hours,
                  const gchar *file, int line)
{
  const CpmActivityResult *a = cpm_result_activity(res, i);
  CpmDuration tf = (CpmDuration)llround(tf_hours * 60), ff = (CpmDuration)llround(ff_hours * 60);
  if (!isnan(tf_hours) && a->total_float != tf) {
    g_autofree gchar *msg = g_strdup_printf("total float of %s: got %" G_GINT64_FORMAT
                                            " min, expected %" G_GINT64_FORMAT " min",
                                            check_id(res, i), a->total_float, tf);
    g_assertion_message(G_LOG_DOMAIN, file, line, "test_assert_floats", msg);
  }
  if (!isnan(ff_hours) && a->free_float != ff) {
    g_autofree gchar *msg = g_strdup_printf("free float of %s: got %" G_GINT64_FORMAT
                                            " min, expected %" G_GINT64_FORMAT " min",
                                            check_id(res, i), a->free_float, ff);
    g_assertion_message(G_LOG_DOMAIN, file, line, "test_assert_floats", msg);
  }
}

gboolean
test_critical(const CpmResult *res, guint32 i)
{
  return (cpm_result_activity(res, i)->flags & CPM_FLAG_CRITICAL) != 0;
}

gboolean
test_longest(const CpmResult *res, guint32 i)
{
  return (cpm_result_activity(res, i)->flags & CPM_FLAG_LONGEST_PATH) != 0;
}
