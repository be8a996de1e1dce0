/* SPDX-License-Identifier: MIT
 *
 * test-differential.c: critpath against a deliberately simple CPM. The
 * standard synthetic workload (../shared/bench/gen_p6xml.py) is generated on
 * one continuous 24x7 calendar without constraints, so working time equals
 * elapsed time and the CPM reduces to integer arithmetic on minutes. The
 * generator also writes the bare network (durations and links) as text; a
 * forward/backward pass written here from the textbook definitions, reading
 * that text and nothing of critpath's, must agree with critpath's import and
 * schedule of the P6 XML file on every date and float, to the minute.
 *
 * Skips when python3 or the generator is absent.
 */
#include "cpm-import.h"
#include "cpm-scheduler.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  guint32 pred, succ;
  CpmLinkType type;
  gint64 lag;
} RefLink;

typedef struct {
  guint n;
  gint64 *dur;
  GArray *links; /* RefLink */
  gint64 *es, *ef, *ls, *lf, *tf, *ff;
} RefNet;

static void
ref_free(RefNet *r)
{
  g_free(r->dur);
  g_array_unref(r->links);
  g_free(r->es);
  g_free(r->ef);
  g_free(r->ls);
  g_free(r->lf);
  g_free(r->tf);
  g_free(r->ff);
  g_free(r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RefNet, ref_free)

static RefNet *
ref_read(const gchar *path)
{
  g_autofree gchar *text = NULL;
  g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
  RefNet *r = g_new0(RefNet, 1);
  r->links = g_array_new(FALSE, FALSE, sizeof(RefLink));
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (guint k = 0; lines[k] != NULL; k++) {
    g_auto(GStrv) f = g_strsplit(lines[k], " ", -1);
    if (f[0] == NULL || f[0][0] == '\0')
      continue;
    if (g_str_equal(f[0], "n")) {
      r->n = (guint)g_ascii_strtoull(f[1], NULL, 10);
      r->dur = g_new0(gint64, r->n);
    } else if (g_str_equal(f[0], "dur")) {
      r->dur[g_ascii_strtoull(f[1], NULL, 10)] = g_ascii_strtoll(f[2], NULL, 10);
    } else if (g_str_equal(f[0], "rel")) {
      RefLink l
          = { (guint32)g_ascii_strtoull(f[1], NULL, 10), (guint32)g_ascii_strtoull(f[2], NULL, 10),
              CPM_LINK_FS, g_ascii_strtoll(f[4], NULL, 10) };
      if (g_str_equal(f[3], "SS"))
        l.type = CPM_LINK_SS;
      else if (g_str_equal(f[3], "FF"))
        l.type = CPM_LINK_FF;
      else if (g_str_equal(f[3], "SF"))
        l.type = CPM_LINK_SF;
      g_array_append_val(r->links, l);
    }
  }
  return r;
}

/* The textbook CPM, minutes from the project start. The generator numbers
 * activities in topological order, so one sweep forwards and one backwards
 * suffice. O(n * m) at worst is avoided by bucketing links per activity. */
static void
ref_schedule(RefNet *r)
{
  guint n = r->n;
  r->es = g_new0(gint64, n);
  r->ef = g_new0(gint64, n);
  r->ls = g_new0(gint64, n);
  r->lf = g_new0(gint64, n);
  r->tf = g_new0(gint64, n);
  r->ff = g_new0(gint64, n);
  g_autoptr(GPtrArray) in = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  for (guint i = 0; i < n; i++) {
    g_ptr_array_add(in, g_array_new(FALSE, FALSE, sizeof(guint)));
    g_ptr_array_add(out, g_array_new(FALSE, FALSE, sizeof(guint)));
  }
  for (guint k = 0; k < r->links->len; k++) {
    const RefLink *l = &g_array_index(r->links, RefLink, k);
    g_assert_cmpuint(l->pred, <, l->succ);
    g_array_append_val(g_ptr_array_index(in, l->succ), k);
    g_array_append_val(g_ptr_array_index(out, l->pred), k);
  }
  gint64 finish = 0;
  for (guint i = 0; i < n; i++) {
    gint64 es = 0; /* the data date */
    GArray *preds = g_ptr_array_index(in, i);
    for (guint k = 0; k < preds->len; k++) {
      const RefLink *l = &g_array_index(r->links, RefLink, g_array_index(preds, guint, k));
      gint64 c;
      switch (l->type) {
        case CPM_LINK_FS:
          c = r->ef[l->pred] + l->lag;
          break;
        case CPM_LINK_SS:
          c = r->es[l->pred] + l->lag;
          break;
        case CPM_LINK_FF:
          c = r->ef[l->pred] + l->lag - r->dur[i];
          break;
        default:
          c = r->es[l->pred] + l->lag - r->dur[i];
          break;
      }
      es = MAX(es, c);
    }
    r->es[i] = es;
    r->ef[i] = es + r->dur[i];
    finish = MAX(finish, r->ef[i]);
  }
  for (guint i = n; i-- > 0;) {
    gint64 lf = G_MAXINT64, ff = G_MAXINT64;
    GArray *succs = g_ptr_array_index(out, i);
    for (guint k = 0; k < succs->len; k++) {
      const RefLink *l = &g_array_index(r->links, RefLink, g_array_index(succs, guint, k));
      gint64 c, gap;
      switch (l->type) {
        case CPM_LINK_FS:
          c = r->ls[l->succ] - l->lag;
          gap = r->es[l->succ] - (r->ef[i] + l->lag);
          break;
        case CPM_LINK_SS:
          c = r->ls[l->succ] - l->lag + r->dur[i];
          gap = r->es[l->succ] - (r->es[i] + l->lag);
          break;
        case CPM_LINK_FF:
          c = r->lf[l->succ] - l->lag;
          gap = r->ef[l->succ] - (r->ef[i] + l->lag);
          break;
        default:
          c = r->lf[l->succ] - l->lag + r->dur[i];
          gap = r->ef[l->succ] - (r->es[i] + l->lag);
          break;
      }
      lf = MIN(lf, c);
      ff = MIN(ff, gap);
    }
    if (succs->len == 0) {
      lf = finish;
      ff = finish - r->ef[i];
    }
    /* As in P6, no late finish passes the project finish, even when an SS
     * or SF successor would allow it. */
    lf = MIN(lf, finish);
    r->lf[i] = lf;
    r->ls[i] = lf - r->dur[i];
    r->tf[i] = lf - r->ef[i];
    r->ff[i] = MAX(0, ff);
  }
}

static gchar *
find_generator(void)
{
  const gchar *shared = g_getenv("CPM_SHARED");
  g_autofree gchar *path
      = g_build_filename(shared != NULL ? shared : "../shared", "bench", "gen_p6xml.py", NULL);
  if (!g_file_test(path, G_FILE_TEST_EXISTS))
    return NULL;
  return g_steal_pointer(&path);
}

static guint total_compared;

static void
check_network(gconstpointer data)
{
  const guint *spec = data; /* activities, seed */
  g_autofree gchar *gen = find_generator();
  g_autofree gchar *python = g_find_program_in_path("python3");
  if (gen == NULL || python == NULL) {
    g_test_skip("python3 or ../shared/bench/gen_p6xml.py is missing");
    return;
  }
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp("cpm-diff-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree gchar *xml = g_build_filename(dir, "net.xml", NULL);
  g_autofree gchar *tsv = g_build_filename(dir, "net.tsv", NULL);
  g_autofree gchar *n_arg = g_strdup_printf("%u", spec[0]);
  g_autofree gchar *seed_arg = g_strdup_printf("%u", spec[1]);
  const gchar *argv[]
      = { python,       gen,    "--activities",     n_arg,   "--seed", seed_arg,
          "--calendar", "24x7", "--no-constraints", "--out", xml,      "--edges-tsv",
          tsv,          NULL };
  gint status = 0;
  g_assert_true(g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                             &status, &error));
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));

  g_autoptr(RefNet) ref = ref_read(tsv);
  ref_schedule(ref);

  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_assert_true(cpm_import_file(s, xml, &error));
  g_assert_no_error(error);
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(cpm_schedule_n_activities(s), ==, ref->n);

  CpmTime origin = cpm_time_from_civil(2016, 4, 18, 0, 0);
  for (guint i = 0; i < ref->n; i++) {
    gchar id[16];
    g_snprintf(id, sizeof id, "A%07u", i);
    guint32 k = cpm_schedule_find_activity(s, 0, id);
    g_assert_cmpuint(k, !=, CPM_NO_INDEX);
    const CpmActivityResult *a = cpm_result_activity(res, k);
    if (a->early_start - origin != ref->es[i] || a->early_finish - origin != ref->ef[i]
        || a->late_start - origin != ref->ls[i] || a->late_finish - origin != ref->lf[i]
        || a->total_float != ref->tf[i] || a->free_float != ref->ff[i]) {
      g_test_message("%s: critpath ES %" G_GINT64_FORMAT " EF %" G_GINT64_FORMAT
                     " LS %" G_GINT64_FORMAT " LF %" G_GINT64_FORMAT " TF %" G_GINT64_FORMAT
                     " FF %" G_GINT64_FORMAT "; reference %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                     " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                     " %" G_GINT64_FORMAT,
                     id, a->early_start - origin, a->early_finish - origin, a->late_start - origin,
                     a->late_finish - origin, a->total_float, a->free_float, ref->es[i], ref->ef[i],
                     ref->ls[i], ref->lf[i], ref->tf[i], ref->ff[i]);
      g_test_fail();
      break;
    }
    g_assert_cmpint(((a->flags & CPM_FLAG_CRITICAL) != 0), ==, ref->tf[i] <= 0);
  }
  total_compared += ref->n;
  g_test_message("%u activities equal; %u in all so far", ref->n, total_compared);

  g_unlink(xml);
  g_unlink(tsv);
  g_rmdir(dir);
}

/* At least 50,000 activities in all, over several sizes and seeds. */
static const guint networks[][2] = {
  { 1000, 1 }, { 1000, 2 }, { 1000, 3 }, { 1000, 4 },  { 1000, 5 },
  { 5000, 1 }, { 5000, 2 }, { 5000, 3 }, { 20000, 1 }, { 20000, 7 },
};

static void
check_total(void)
{
  if (total_compared == 0) {
    g_test_skip("no network was generated");
    return;
  }
  g_assert_cmpuint(total_compared, >=, 50000);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (guint k = 0; k < G_N_ELEMENTS(networks); k++) {
    g_autofree gchar *name
        = g_strdup_printf("/differential/24x7/n%u-seed%u", networks[k][0], networks[k][1]);
    g_test_add_data_func(name, networks[k], check_network);
  }
  g_test_add_func("/differential/total", check_total);
  return g_test_run();
}
