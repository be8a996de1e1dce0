/* SPDX-License-Identifier: MIT
 *
 * cpm-test-net.h: a tiny graph-building helper for engine tests. Builds one
 * project on calendars modelled on real P6 files (a split-day five-day week
 * and a seven-day week), adds activities and links in hours, schedules, and
 * checks dates written as "YYYY-MM-DDTHH:MM".
 */
#pragma once

#include "cpm-scheduler.h"

typedef struct {
  CpmSchedule *schedule; /* owned */
  guint32 project;       /* first project */
  guint32 cal_5d;        /* Mon-Fri 08:00-12:00, 13:00-17:00 (like P6 SP10's 640) */
  guint32 cal_7d;        /* every day 08:00-16:00 (like SP10's 641) */
  guint32 cal_24h;       /* every minute */
} TestNet;

/* A schedule with one project "P" whose data date is `data_date`. */
TestNet *test_net_new(const gchar *data_date);
void test_net_free(TestNet *net);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TestNet, test_net_free)

CpmTime test_time(const gchar *text);
/* A second project "Q" with its own data date; returns its index. */
guint32 test_net_project(TestNet *net, const gchar *id, const gchar *data_date);
/* A task of `hours` on calendar `cal` in project `project`; returns its index
 * and, when not NULL, a pointer to tweak (valid until the next add). */
guint32 test_net_add(TestNet *net, guint32 project, const gchar *id, gdouble hours, guint32 cal);
guint32 test_net_task(TestNet *net, const gchar *id, gdouble hours);
CpmActivity *test_net_act(TestNet *net, guint32 index);
guint32 test_net_link(TestNet *net, guint32 pred, guint32 succ, CpmLinkType type,
                      gdouble lag_hours);
CpmResult *test_net_run(TestNet *net, const CpmOptions *overrides);

/* Asserts the four dates of activity i (NULL skips one; "" means none). */
#define test_assert_dates(res, i, es, ef, ls, lf)                                                  \
  test_check_dates((res), (i), (es), (ef), (ls), (lf), __FILE__, __LINE__)
void test_check_dates(const CpmResult *res, guint32 i, const gchar *es, const gchar *ef,
                      const gchar *ls, const gchar *lf, const gchar *file, int line);
/* Total/free float in hours (exact to the minute). */
#define test_assert_floats(res, i, tf, ff)                                                         \
  test_check_floats((res), (i), (tf), (ff), __FILE__, __LINE__)
void test_check_floats(const CpmResult *res, guint32 i, gdouble tf_hours, gdouble ff_hours,
                       const gchar *file, int line);
gboolean test_critical(const CpmResult *res, guint32 i);
gboolean test_longest(const CpmResult *res, guint32 i);
