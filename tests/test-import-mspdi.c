/* SPDX-License-Identifier: MIT
 *
 * test-import-mspdi.c: the MS Project XML reader. Bad inputs are written by
 * the test; the real MS Project exports of ../shared/realcases/mspdi are all
 * read, and two of them are scheduled from copies whose computed values
 * (Start, Finish, early and late dates, slacks, critical flags) are removed
 * and compared with what MS Project stored: every task must match.
 */
#include "cpm-import.h"
#include "cpm-scheduler.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

static gchar *tmpdir;

static gchar *
shared_file(const gchar *name)
{
  const gchar *shared = g_getenv("CPM_SHARED");
  return g_build_filename(shared != NULL ? shared : "../shared", "realcases", "mspdi", name, NULL);
}

#define MSP_HEAD                                                                                   \
  "<?xml version=\"1.0\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n"            \
  "<Name>t</Name><StartDate>2024-01-08T08:00:00</StartDate><CalendarUID>1</CalendarUID>\n"         \
  "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><WeekDays>"                               \
  "<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime>"             \
  "<FromTime>08:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes>"            \
  "</WeekDay></WeekDays></Calendar></Calendars>\n<Tasks>\n"

typedef struct {
  const gchar *name;
  const gchar *text;
  CpmImportError code;
  const gchar *substring;
} BadMsp;

static const BadMsp bad_msp[] = {
  { "doctype.xml",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE Project [<!ENTITY a \"aaaa\">]>\n"
    "<Project xmlns=\"http://schemas.microsoft.com/project\"><Name>&a;</Name></Project>\n",
    CPM_IMPORT_ERROR_SECURITY, "DOCTYPE" },
  { "truncated.xml", MSP_HEAD "<Task><UID>1</UID>", CPM_IMPORT_ERROR_SYNTAX, "malformed XML" },
  { "bad-duration.xml",
    MSP_HEAD "<Task><UID>1</UID><OutlineLevel>1</OutlineLevel><Duration>8 hours</Duration></Task>"
             "</Tasks></Project>",
    CPM_IMPORT_ERROR_VALUE, "invalid duration '8 hours'" },
  { "bad-constraint.xml",
    MSP_HEAD "<Task><UID>1</UID><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>"
             "<ConstraintType>9</ConstraintType></Task></Tasks></Project>",
    CPM_IMPORT_ERROR_VALUE, "unknown ConstraintType 9" },
  { "bad-link.xml",
    MSP_HEAD "<Task><UID>1</UID><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration></Task>"
             "<Task><UID>2</UID><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>"
             "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>4</Type></PredecessorLink>"
             "</Task></Tasks></Project>",
    CPM_IMPORT_ERROR_VALUE, "unknown link Type 4" },
  { "duplicate.xml",
    MSP_HEAD "<Task><UID>1</UID><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration></Task>"
             "<Task><UID>1</UID><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration></Task>"
             "</Tasks></Project>",
    CPM_IMPORT_ERROR_DUPLICATE, "duplicate task UID 1" },
  { "bad-date.xml",
    MSP_HEAD "<Task><UID>1</UID><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>"
             "<ActualStart>2024-13-01T08:00:00</ActualStart></Task></Tasks></Project>",
    CPM_IMPORT_ERROR_VALUE, "invalid date" },
};

static void
test_bad(void)
{
  for (gsize i = 0; i < G_N_ELEMENTS(bad_msp); i++) {
    g_autofree gchar *path = g_build_filename(tmpdir, bad_msp[i].name, NULL);
    g_assert_true(g_file_set_contents(path, bad_msp[i].text, -1, NULL));
    g_autoptr(CpmSchedule) s = cpm_schedule_new();
    g_autoptr(GError) error = NULL;
    g_test_message("%s", bad_msp[i].name);
    g_assert_false(cpm_import_file(s, path, &error));
    g_assert_error(error, CPM_IMPORT_ERROR, (gint)bad_msp[i].code);
    g_test_message("  %s", error->message);
    g_autofree gchar *prefix = g_strdup_printf("%s:", path);
    g_assert_true(g_str_has_prefix(error->message, prefix));
    g_assert_true(g_ascii_isdigit(error->message[strlen(prefix)]));
    g_assert_nonnull(strstr(error->message, bad_msp[i].substring));
    g_assert_null(strchr(error->message, '\n'));
  }
}

/* Every real MS Project export reads. */
static void
test_realcases(void)
{
  static const gchar *const files[] = {
    "asposejava__DefaultProjectProperties_project.xml",
    "mpxj__caltest.xml",
    "mpxj__mspdirelations.xml",
    "mpxj__mspdisplittask.xml",
    "mpxj__mspditimephased.xml",
    "mpxj__sample.xml",
    "mpxj__task-links-project2003-mspdi.xml",
    "mpxj__task-links-project2019-mspdi.xml",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree gchar *path = shared_file(files[i]);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
      g_test_skip("../shared/realcases is absent");
      return;
    }
    g_autoptr(CpmSchedule) s = cpm_schedule_new();
    g_autoptr(GError) error = NULL;
    g_assert_cmpint(cpm_import_detect(path, &error), ==, CPM_FORMAT_MSPDI);
    g_assert_true(cpm_import_file(s, path, &error));
    g_assert_no_error(error);
    g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
    g_assert_no_error(error);
    g_assert_true(cpm_schedule_project(s, 0)->options.rules == CPM_RULES_MSP);
  }
  /* mspdirelations: 5 tasks (the project summary is not one), one link of
   * each type. */
  g_autofree gchar *rel = shared_file("mpxj__mspdirelations.xml");
  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_assert_true(cpm_import_file(s, rel, NULL));
  g_assert_cmpuint(cpm_schedule_n_activities(s), ==, 5);
  g_assert_cmpuint(cpm_schedule_n_relations(s), ==, 4);
  guint seen = 0;
  for (guint k = 0; k < 4; k++)
    seen |= 1u << cpm_schedule_relation(s, k)->type;
  g_assert_cmpuint(seen, ==, 0xf);
}

/* Computed values MS Project stores on tasks: removed from the copy. */
static const gchar *const computed[] = {
  "Start",      "Finish",    "EarlyStart", "EarlyFinish", "LateStart", "LateFinish",
  "TotalSlack", "FreeSlack", "StartSlack", "FinishSlack", "Critical",  NULL,
};

static gchar *
node_text(const xmlNode *task, const gchar *name)
{
  for (const xmlNode *c = task->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal((const gchar *)c->name, name)) {
      xmlChar *t = xmlNodeGetContent(c);
      gchar *s = g_strdup((const gchar *)t);
      xmlFree(t);
      return s;
    }
  return g_strdup("");
}

/* MS Project's stored values of each task, keyed by UID: ES EF LS LF (16
 * characters) and the two slacks in minutes, as "ES|EF|LS|LF|TS|FS". */
static GHashTable *
blank_copy(const gchar *in, const gchar *out)
{
  xmlDocPtr doc = xmlReadFile(in, NULL, XML_PARSE_NONET);
  g_assert_nonnull(doc);
  GHashTable *stored = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  xmlNode *root = xmlDocGetRootElement(doc);
  for (xmlNode *ts = root->children; ts != NULL; ts = ts->next) {
    if (ts->type != XML_ELEMENT_NODE || !g_str_equal((const gchar *)ts->name, "Tasks"))
      continue;
    for (xmlNode *t = ts->children; t != NULL; t = t->next) {
      if (t->type != XML_ELEMENT_NODE)
        continue;
      g_autofree gchar *uid = node_text(t, "UID");
      g_autofree gchar *es = node_text(t, "EarlyStart");
      g_autofree gchar *ef = node_text(t, "EarlyFinish");
      g_autofree gchar *ls = node_text(t, "LateStart");
      g_autofree gchar *lf = node_text(t, "LateFinish");
      g_autofree gchar *tsl = node_text(t, "TotalSlack");
      g_autofree gchar *fsl = node_text(t, "FreeSlack");
      g_hash_table_insert(stored, g_strdup(uid),
                          g_strdup_printf("%.16s|%.16s|%.16s|%.16s|%" G_GINT64_FORMAT
                                          "|%" G_GINT64_FORMAT,
                                          es, ef, ls, lf, g_ascii_strtoll(tsl, NULL, 10) / 10,
                                          g_ascii_strtoll(fsl, NULL, 10) / 10));
      for (xmlNode *c = t->children, *next; c != NULL; c = next) {
        next = c->next;
        if (c->type == XML_ELEMENT_NODE && g_strv_contains(computed, (const gchar *)c->name)) {
          xmlUnlinkNode(c);
          xmlFreeNode(c);
        }
      }
    }
  }
  g_assert_cmpint(xmlSaveFile(out, doc), >, 0);
  xmlFreeDoc(doc);
  return stored;
}

static void
test_parity(gconstpointer data)
{
  const gchar *name = data;
  g_autofree gchar *in = shared_file(name);
  if (!g_file_test(in, G_FILE_TEST_EXISTS)) {
    g_test_skip("../shared/realcases is absent");
    return;
  }
  g_autofree gchar *out = g_build_filename(tmpdir, name, NULL);
  g_autoptr(GHashTable) stored = blank_copy(in, out);
  g_autofree gchar *copy = NULL;
  g_assert_true(g_file_get_contents(out, &copy, NULL, NULL));
  g_assert_null(strstr(copy, "<LateStart>"));

  g_autoptr(CpmSchedule) s = cpm_schedule_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(cpm_import_file(s, out, &error));
  g_assert_no_error(error);
  g_autoptr(CpmResult) res = cpm_schedule_compute(s, NULL, FALSE, &error);
  g_assert_no_error(error);
  guint compared = 0, matched = 0;
  for (guint i = 0; i < cpm_schedule_n_activities(s); i++) {
    const CpmActivity *a = cpm_schedule_activity(s, i);
    const CpmActivityResult *r = cpm_result_activity(res, i);
    gchar es[CPM_TIME_FORMAT_LEN], ef[CPM_TIME_FORMAT_LEN], ls[CPM_TIME_FORMAT_LEN],
        lf[CPM_TIME_FORMAT_LEN];
    g_autofree gchar *mine = g_strdup_printf(
        "%s|%s|%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT, cpm_time_format(r->early_start, es),
        cpm_time_format(r->early_finish, ef), cpm_time_format(r->late_start, ls),
        cpm_time_format(r->late_finish, lf), r->total_float, r->free_float);
    const gchar *theirs = g_hash_table_lookup(stored, a->id);
    g_assert_nonnull(theirs);
    compared++;
    if (g_str_equal(mine, theirs))
      matched++;
    else
      g_test_message("  mismatch %s: critpath %s, MS Project %s", a->id, mine, theirs);
  }
  g_test_message("parity %s: %u tasks compared, %u match on all six values", name, compared,
                 matched);
  g_assert_cmpuint(compared, >, 0);
  g_assert_cmpuint(matched, ==, compared);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp("cpm-msp-XXXXXX", NULL);
  g_test_add_func("/import-mspdi/bad", test_bad);
  g_test_add_func("/import-mspdi/realcases", test_realcases);
  g_test_add_data_func("/import-mspdi/parity/mspdirelations", "mpxj__mspdirelations.xml",
                       test_parity);
  g_test_add_data_func("/import-mspdi/parity/task-links-project2003",
                       "mpxj__task-links-project2003-mspdi.xml", test_parity);
  int rc = g_test_run();
  g_autoptr(GDir) dir = g_dir_open(tmpdir, 0, NULL);
  for (const gchar *n; dir != NULL && (n = g_dir_read_name(dir)) != NULL;) {
    g_autofree gchar *p = g_build_filename(tmpdir, n, NULL);
    g_unlink(p);
  }
  g_rmdir(tmpdir);
  g_free(tmpdir);
  return rc;
}
