/* SPDX-License-Identifier: MIT
 *
 * cpm-bench.c: import and schedule figures on one P6 XML file, each next to
 * a baseline measured in the same run on the same machine, so that the
 * ratios hold on a shared, noisy machine:
 *   - import against `xmllint --stream --noout` (libxml2's bare streaming
 *     parse of the same file);
 *   - schedule against a bare forward/backward pass over the same network
 *     held in flat arrays (written here: CSR links, one topological order,
 *     the same calendar functions, none of P6's rules);
 *   - peak resident memory after import and schedule.
 * Each figure is the best of --repeat runs. With --check the program exits 1
 * when a ratio or the memory is over its limit.
 */
#include "cpm-import.h"
#include "cpm-scheduler.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static gdouble
now_ms(void)
{
  return g_get_monotonic_time() / 1000.0;
}

static glong
peak_rss_kb(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static gdouble
time_xmllint(const gchar *file)
{
  const gchar *argv[] = { "xmllint", "--stream", "--noout", file, NULL };
  gdouble t0 = now_ms();
  gint status;
  g_autoptr(GError) error = NULL;
  if (!g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, &error)) {
    g_printerr("cpm-bench: xmllint: %s\n", error->message);
    return -1;
  }
  return now_ms() - t0;
}

/* The baseline: a plain CPM over flat arrays. */
typedef struct {
  guint n, m;
  const CpmCalendar **cal; /* per activity */
  CpmDuration *dur;
  guint32 *pred, *succ; /* per link */
  guint8 *type;
  CpmDuration *lag;
  guint32 *in_off, *in_link, *out_off, *out_link, *order;
  CpmTime *es, *ef, *ls, *lf;
  CpmDuration *tf;
  CpmTime start;
} Bare;

static void
bare_init(Bare *b, const CpmSchedule *s)
{
  b->n = cpm_schedule_n_activities(s);
  b->m = cpm_schedule_n_relations(s);
  b->cal = g_new(const CpmCalendar *, b->n);
  b->dur = g_new(CpmDuration, b->n);
  for (guint i = 0; i < b->n; i++) {
    const CpmActivity *a = cpm_schedule_activity(s, i);
    b->cal[i] = cpm_schedule_calendar(s, a->calendar);
    b->dur[i]
        = a->remaining_duration != CPM_DURATION_NONE ? a->remaining_duration : a->planned_duration;
  }
  b->pred = g_new(guint32, b->m);
  b->succ = g_new(guint32, b->m);
  b->type = g_new(guint8, b->m);
  b->lag = g_new(CpmDuration, b->m);
  b->in_off = g_new0(guint32, b->n + 1);
  b->out_off = g_new0(guint32, b->n + 1);
  for (guint r = 0; r < b->m; r++) {
    const CpmRelation *rel = cpm_schedule_relation(s, r);
    b->pred[r] = rel->pred;
    b->succ[r] = rel->succ;
    b->type[r] = rel->type;
    b->lag[r] = rel->lag;
    b->in_off[rel->succ + 1]++;
    b->out_off[rel->pred + 1]++;
  }
  for (guint i = 0; i < b->n; i++) {
    b->in_off[i + 1] += b->in_off[i];
    b->out_off[i + 1] += b->out_off[i];
  }
  b->in_link = g_new(guint32, b->m);
  b->out_link = g_new(guint32, b->m);
  g_autofree guint32 *fi = g_memdup2(b->in_off, sizeof(guint32) * b->n);
  g_autofree guint32 *fo = g_memdup2(b->out_off, sizeof(guint32) * b->n);
  for (guint r = 0; r < b->m; r++) {
    b->in_link[fi[b->succ[r]]++] = r;
    b->out_link[fo[b->pred[r]]++] = r;
  }
  b->order = g_new(guint32, b->n);
  b->es = g_new(CpmTime, b->n);
  b->ef = g_new(CpmTime, b->n);
  b->ls = g_new(CpmTime, b->n);
  b->lf = g_new(CpmTime, b->n);
  b->tf = g_new(CpmDuration, b->n);
  const CpmProject *p = cpm_schedule_project(s, 0);
  b->start = p->data_date != CPM_TIME_NONE ? p->data_date : p->planned_start;
}

static void
bare_pass(Bare *b)
{
  guint n = b->n;
  /* Kahn's order. */
  g_autofree guint32 *deg = g_new(guint32, n);
  guint head = 0, tail = 0;
  for (guint i = 0; i < n; i++) {
    deg[i] = b->in_off[i + 1] - b->in_off[i];
    if (deg[i] == 0)
      b->order[tail++] = i;
  }
  while (head < tail) {
    guint32 v = b->order[head++];
    for (guint32 k = b->out_off[v]; k < b->out_off[v + 1]; k++)
      if (--deg[b->succ[b->out_link[k]]] == 0)
        b->order[tail++] = b->succ[b->out_link[k]];
  }
  CpmTime finish = b->start;
  for (guint k = 0; k < n; k++) {
    guint32 i = b->order[k];
    const CpmCalendar *c = b->cal[i];
    CpmTime x = b->start;
    for (guint32 q = b->in_off[i]; q < b->in_off[i + 1]; q++) {
      guint32 r = b->in_link[q], p = b->pred[r];
      const CpmCalendar *pc = b->cal[p];
      CpmTime t;
      switch (b->type[r]) {
        case CPM_LINK_FS:
          t = cpm_calendar_add_work(pc, b->ef[p], b->lag[r]);
          break;
        case CPM_LINK_SS:
          t = cpm_calendar_add_work(pc, b->es[p], b->lag[r]);
          break;
        case CPM_LINK_FF:
          t = cpm_calendar_subtract_work(c, cpm_calendar_add_work(pc, b->ef[p], b->lag[r]),
                                         b->dur[i]);
          break;
        default:
          t = cpm_calendar_subtract_work(c, cpm_calendar_add_work(pc, b->es[p], b->lag[r]),
                                         b->dur[i]);
          break;
      }
      x = MAX(x, t);
    }
    b->es[i] = cpm_calendar_next_work(c, x);
    b->ef[i] = cpm_calendar_add_work(c, b->es[i], b->dur[i]);
    finish = MAX(finish, b->ef[i]);
  }
  for (guint k = n; k-- > 0;) {
    guint32 i = b->order[k];
    const CpmCalendar *c = b->cal[i];
    CpmTime y = finish;
    for (guint32 q = b->out_off[i]; q < b->out_off[i + 1]; q++) {
      guint32 r = b->out_link[q], j = b->succ[r];
      CpmTime t;
      switch (b->type[r]) {
        case CPM_LINK_FS:
          t = cpm_calendar_subtract_work(c, b->ls[j], b->lag[r]);
          break;
        case CPM_LINK_SS:
          t = cpm_calendar_add_work(c, cpm_calendar_subtract_work(c, b->ls[j], b->lag[r]),
                                    b->dur[i]);
          break;
        case CPM_LINK_FF:
          t = cpm_calendar_subtract_work(c, b->lf[j], b->lag[r]);
          break;
        default:
          t = cpm_calendar_add_work(c, cpm_calendar_subtract_work(c, b->lf[j], b->lag[r]),
                                    b->dur[i]);
          break;
      }
      y = MIN(y, t);
    }
    b->lf[i] = cpm_calendar_prev_work(c, y);
    b->ls[i] = cpm_calendar_subtract_work(c, b->lf[i], b->dur[i]);
    b->tf[i] = cpm_calendar_work_between(c, b->ef[i], b->lf[i]);
  }
}

static void
bare_clear(Bare *b)
{
  g_free(b->cal);
  g_free(b->dur);
  g_free(b->pred);
  g_free(b->succ);
  g_free(b->type);
  g_free(b->lag);
  g_free(b->in_off);
  g_free(b->in_link);
  g_free(b->out_off);
  g_free(b->out_link);
  g_free(b->order);
  g_free(b->es);
  g_free(b->ef);
  g_free(b->ls);
  g_free(b->lf);
  g_free(b->tf);
}

int
main(int argc, char **argv)
{
  gint repeat = 2;
  gboolean check = FALSE;
  gdouble import_limit = 1.5, schedule_limit = 4.0;
  gint rss_limit_mb = 1536;
  GOptionEntry entries[] = {
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Best of N runs (default 2)", "N" },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, "Exit 1 when a limit is exceeded", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("FILE.xml - critpath benchmark");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 2) {
    g_printerr("usage: cpm-bench [--repeat N] [--check] FILE.xml\n");
    return 2;
  }
  const gchar *file = argv[1];
  repeat = MAX(repeat, 1);

  gdouble xml_ms = G_MAXDOUBLE, import_ms = G_MAXDOUBLE, sched_ms = G_MAXDOUBLE,
          bare_ms = G_MAXDOUBLE;
  glong rss = 0;
  guint n = 0, m = 0;
  for (gint k = 0; k < repeat; k++) {
    xml_ms = MIN(xml_ms, time_xmllint(file));

    g_autoptr(CpmSchedule) s = cpm_schedule_new();
    gdouble t0 = now_ms();
    if (!cpm_import_file(s, file, &error)) {
      g_printerr("%s\n", error->message);
      return 1;
    }
    gdouble t1 = now_ms();
    g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
    if (res == NULL) {
      g_printerr("%s\n", error->message);
      return 1;
    }
    gdouble t2 = now_ms();
    import_ms = MIN(import_ms, t1 - t0);
    sched_ms = MIN(sched_ms, t2 - t1);
    rss = MAX(rss, peak_rss_kb());
    n = cpm_schedule_n_activities(s);
    m = cpm_schedule_n_relations(s);
    g_clear_pointer(&res, cpm_result_free);

    Bare b = { 0 };
    bare_init(&b, s);
    gdouble t3 = now_ms();
    bare_pass(&b);
    bare_ms = MIN(bare_ms, now_ms() - t3);
    bare_clear(&b);
  }

  gdouble r_import = import_ms / xml_ms, r_sched = sched_ms / bare_ms;
  printf("file: %s (%u activities, %u relationships), best of %d\n", file, n, m, repeat);
  printf("xmllint --stream --noout: %.0f ms\n", xml_ms);
  printf("import:   %.0f ms  = %.2f x xmllint --stream   (limit %.1f)\n", import_ms, r_import,
         import_limit);
  printf("bare CPM pass over flat arrays: %.0f ms\n", bare_ms);
  printf("schedule: %.0f ms  = %.2f x bare pass          (limit %.1f)\n", sched_ms, r_sched,
         schedule_limit);
  printf("peak RSS after import + schedule: %ld MiB       (limit %d MiB)\n", rss / 1024,
         rss_limit_mb);
  gboolean ok = r_import <= import_limit && r_sched <= schedule_limit && rss / 1024 <= rss_limit_mb;
  printf("%s\n", ok ? "within limits" : "OVER A LIMIT");
  return check && !ok ? 1 : 0;
}
