/* SPDX-License-Identifier: MIT
 *
 * cpm-scheduler.c: the critical path method with Primavera P6's rules.
 *
 * Steps: (1) per-activity set-up (calendar, data date, remaining duration,
 * options); (2) adjacency as offset tables (CSR) and a topological order by
 * Kahn's algorithm, a loop being reported with every activity in it;
 * (3) forward pass; (4) backward pass; (5) As Late As Possible placement;
 * (6) level-of-effort and WBS-summary spans; (7) floats, driving links,
 * critical and longest-path flags; (8) findings (exclusion conflicts,
 * out-of-sequence progress). Each rule cites the section of the P6 rules
 * reference (docs/p6-semantics.md) it reproduces.
 *
 * Complexity: O(n + m) passes, each step doing O(1) calendar calls of
 * O(log d): O((n + m) log d) in all, and O(n + m) memory.
 */
#include "cpm-arena.h"
#include "cpm-error.h"
#include "cpm-schedule-private.h"
#include "cpm-scheduler.h"

#include <string.h>

struct _CpmResult {
  CpmArena arena;              /* owns the arrays below */
  guint n;                     /* activities */
  guint m;                     /* relations of the model */
  CpmActivityResult *acts;     /* n entries, owned */
  guint8 *rel_driving;         /* m entries, owned */
  CpmDuration *rel_free_float; /* m entries, owned */
  guint n_projects;
  CpmTime *project_finish; /* n_projects entries, owned */
  GArray *findings;        /* CpmFinding */
  GStringChunk *strings;   /* finding messages */
};

/* The working state of one run. Arrays indexed by activity unless said. */
typedef struct {
  const CpmSchedule *s;
  CpmArena arena;               /* owns every array below */
  guint n;                      /* activities */
  guint m;                      /* relations, model's + extra */
  const CpmActivity *act;       /* the model's activities */
  const CpmRelation *rels;      /* the model's relations, or a copy with extra ones */
  const CpmCalendar **cal;      /* activity calendar (borrowed) */
  const CpmOptions **opt;       /* options of the activity's project (borrowed) */
  CpmCalendar *cal24;           /* the 24-hour lag calendar (owned) */
  CpmTime *dd;                  /* data date of the activity's project */
  CpmDuration *rd;              /* remaining duration, working minutes */
  guint8 *status;               /* CpmStatus */
  guint8 *ignored;              /* per relation: TRUE when the link takes no part */
  guint32 *pred_off, *pred_rel; /* CSR of incoming relations (n + 1, m) */
  guint32 *succ_off, *succ_rel; /* CSR of outgoing relations */
  guint32 *order;               /* topological order */
  CpmTime *es, *ef, *ls, *lf;   /* early and late dates (remaining when started) */
  guint8 *alap_moved;           /* ALAP dates were moved */
  CpmTime *project_finish;      /* per project: the backward pass's finish */
  CpmTime *project_early;       /* per project: the latest early finish it is measured by */
} Sched;

static void
sched_clear(Sched *c)
{
  g_clear_pointer(&c->cal24, cpm_calendar_unref);
  cpm_arena_clear(&c->arena);
  memset(c, 0, sizeof *c);
}

static inline CpmTime
tmax(CpmTime a, CpmTime b)
{
  return a > b ? a : b;
}

static inline CpmTime
tmin(CpmTime a, CpmTime b)
{
  return a < b ? a : b;
}

static inline const CpmRelation *
sched_rel(const Sched *c, guint32 r)
{
  return &c->rels[r];
}

static inline gboolean
sched_is_milestone(const CpmActivity *a)
{
  return a->type == CPM_ACT_START_MILESTONE || a->type == CPM_ACT_FINISH_MILESTONE;
}

/* LOE and WBS summary activities are spans: they drive nothing and are
 * placed after the passes (rules §4). */
static inline gboolean
sched_is_span(const CpmActivity *a)
{
  return a->type == CPM_ACT_LOE || a->type == CPM_ACT_WBS_SUMMARY;
}

/* The calendar a relationship's lag is counted on (rules §2.2). */
static const CpmCalendar *
sched_lag_cal(const Sched *c, const CpmRelation *r)
{
  switch (c->opt[r->succ]->lag_calendar) {
    case CPM_LAG_CAL_SUCCESSOR:
      return c->cal[r->succ];
    case CPM_LAG_CAL_24H:
      return c->cal24;
    case CPM_LAG_CAL_PROJECT: {
      const CpmProject *p = cpm_schedule_project(c->s, c->act[r->succ].project);
      if (p->default_calendar != CPM_NO_INDEX)
        return cpm_schedule_calendar(c->s, p->default_calendar);
      return c->cal[r->succ];
    }
    case CPM_LAG_CAL_PREDECESSOR:
    default:
      return c->cal[r->pred];
  }
}

/* L(t, lag): a lag forwards on the lag calendar; a lead backwards, never
 * before the data date (rules §0, §2.3). */
static inline CpmTime
sched_lag(const CpmCalendar *lc, CpmTime t, CpmDuration lag, CpmTime dd)
{
  if (lag > 0)
    return cpm_calendar_add_work(lc, t, lag);
  if (lag < 0)
    return tmax(cpm_calendar_subtract_work(lc, t, -lag), dd);
  return t;
}

/* L⁻(t, lag): the backward pass's reverse of L. */
static inline CpmTime
sched_lag_back(const CpmCalendar *lc, CpmTime t, CpmDuration lag)
{
  if (lag > 0)
    return cpm_calendar_subtract_work(lc, t, lag);
  if (lag < 0)
    return cpm_calendar_add_work(lc, t, -lag);
  return t;
}

/* ---- Set-up --------------------------------------------------------- */

static gboolean
sched_setup(Sched *c, const CpmSchedule *s, const CpmOptions *overrides, const GArray *extra,
            GError **error)
{
  c->s = s;
  c->n = s->activities->len;
  c->act = (const CpmActivity *)s->activities->data;
  guint n = c->n, np = s->projects->len, m0 = s->relations->len;
  guint n_extra = extra != NULL ? extra->len : 0;
  c->m = m0 + n_extra;

  /* One arena for every working array of the run: about 100 bytes per
   * activity and 40 per relationship (cpm-arena.h says why). */
  cpm_arena_init(&c->arena, (gsize)n * 128 + (gsize)c->m * (64 + (n_extra > 0 ? 24 : 0))
                                + (gsize)np * 16 + 64 * 1024);
  if (n_extra > 0) {
    CpmRelation *copy = cpm_arena_new(&c->arena, CpmRelation, c->m);
    memcpy(copy, s->relations->data, sizeof(CpmRelation) * m0);
    memcpy(copy + m0, extra->data, sizeof(CpmRelation) * n_extra);
    c->rels = copy;
  } else {
    c->rels = (const CpmRelation *)s->relations->data;
  }
  c->cal24 = cpm_calendar_new_24h();

  c->cal = cpm_arena_new(&c->arena, const CpmCalendar *, n);
  c->opt = cpm_arena_new(&c->arena, const CpmOptions *, n);
  c->dd = cpm_arena_new(&c->arena, CpmTime, n);
  c->rd = cpm_arena_new(&c->arena, CpmDuration, n);
  c->status = cpm_arena_new(&c->arena, guint8, n);
  c->es = cpm_arena_new(&c->arena, CpmTime, n);
  c->ef = cpm_arena_new(&c->arena, CpmTime, n);
  c->ls = cpm_arena_new(&c->arena, CpmTime, n);
  c->lf = cpm_arena_new(&c->arena, CpmTime, n);
  c->alap_moved = cpm_arena_new(&c->arena, guint8, n);
  c->project_finish = cpm_arena_new(&c->arena, CpmTime, np);
  c->project_early = cpm_arena_new(&c->arena, CpmTime, np);

  /* Data date of each project: its data date, else its planned start, else
   * the earliest date any of its activities mentions. */
  CpmTime *pdd = cpm_arena_new(&c->arena, CpmTime, np);
  for (guint p = 0; p < np; p++) {
    const CpmProject *proj = cpm_schedule_project(s, p);
    pdd[p] = proj->data_date != CPM_TIME_NONE ? proj->data_date : proj->planned_start;
  }
  for (guint i = 0; i < n; i++) {
    const CpmActivity *a = &c->act[i];
    if (a->project >= np) {
      g_set_error(error, CPM_ERROR, CPM_ERROR_INVALID, "activity '%s' has no project", a->id);
      return FALSE;
    }
    if (pdd[a->project] == CPM_TIME_NONE) {
      CpmTime t = a->actual_start != CPM_TIME_NONE ? a->actual_start : a->planned_start;
      if (t != CPM_TIME_NONE && (pdd[a->project] == CPM_TIME_NONE || t < pdd[a->project]))
        pdd[a->project] = t;
    }
  }
  for (guint p = 0; p < np; p++) {
    if (pdd[p] == CPM_TIME_NONE) {
      const CpmProject *proj = cpm_schedule_project(s, p);
      g_set_error(error, CPM_ERROR, CPM_ERROR_INVALID,
                  "%s%sproject '%s' has neither a data date nor a planned start",
                  proj->source_file != NULL ? proj->source_file : "",
                  proj->source_file != NULL ? ": " : "", proj->id);
      return FALSE;
    }
  }

  for (guint i = 0; i < n; i++) {
    const CpmActivity *a = &c->act[i];
    const CpmProject *proj = cpm_schedule_project(s, a->project);
    if (a->calendar >= s->calendars->len
        || !cpm_calendar_is_sealed(cpm_schedule_calendar(s, a->calendar))) {
      g_set_error(error, CPM_ERROR, CPM_ERROR_INVALID, "activity '%s' has no usable calendar",
                  a->id);
      return FALSE;
    }
    c->cal[i] = cpm_schedule_calendar(s, a->calendar);
    c->opt[i] = overrides != NULL ? overrides : &proj->options;
    c->dd[i] = pdd[a->project];
    c->status[i] = cpm_activity_status(a);
    CpmDuration rd = a->remaining_duration;
    if (rd == CPM_DURATION_NONE) {
      /* Remaining duration from the percent complete (rules §6). */
      gdouble pct = CLAMP(a->percent_complete, 0.0, 100.0);
      rd = c->status[i] == CPM_STATUS_NOT_STARTED
               ? a->planned_duration
               : (CpmDuration)(a->planned_duration * (100.0 - pct) / 100.0 + 0.5);
    }
    if (sched_is_milestone(a) || c->status[i] == CPM_STATUS_COMPLETED || rd < 0)
      rd = 0;
    c->rd[i] = rd;
  }

  /* Relationships that take no part: external ones when the options say
   * so. Self-links are loops and are reported by the sort. */
  c->ignored = cpm_arena_new(&c->arena, guint8, c->m);
  for (guint r = 0; r < c->m; r++) {
    const CpmRelation *rel = sched_rel(c, r);
    if (rel->pred >= n || rel->succ >= n) {
      g_set_error(error, CPM_ERROR, CPM_ERROR_INVALID, "relationship %u has a bad activity index",
                  r);
      return FALSE;
    }
    if (c->act[rel->pred].project != c->act[rel->succ].project
        && c->opt[rel->succ]->ignore_external_links)
      c->ignored[r] = TRUE;
  }
  return TRUE;
}

/* ---- Adjacency and order -------------------------------------------- */

static void
sched_build_csr(Sched *c)
{
  guint n = c->n, m = c->m;
  c->pred_off = cpm_arena_new(&c->arena, guint32, n + 1);
  c->succ_off = cpm_arena_new(&c->arena, guint32, n + 1);
  c->pred_rel = cpm_arena_new(&c->arena, guint32, m);
  c->succ_rel = cpm_arena_new(&c->arena, guint32, m);
  for (guint r = 0; r < m; r++) {
    if (c->ignored[r])
      continue;
    const CpmRelation *rel = sched_rel(c, r);
    c->pred_off[rel->succ + 1]++;
    c->succ_off[rel->pred + 1]++;
  }
  for (guint i = 0; i < n; i++) {
    c->pred_off[i + 1] += c->pred_off[i];
    c->succ_off[i + 1] += c->succ_off[i];
  }
  guint32 *pfill = cpm_arena_new(&c->arena, guint32, n);
  guint32 *sfill = cpm_arena_new(&c->arena, guint32, n);
  memcpy(pfill, c->pred_off, sizeof(guint32) * n);
  memcpy(sfill, c->succ_off, sizeof(guint32) * n);
  for (guint r = 0; r < m; r++) {
    if (c->ignored[r])
      continue;
    const CpmRelation *rel = sched_rel(c, r);
    c->pred_rel[pfill[rel->succ]++] = r;
    c->succ_rel[sfill[rel->pred]++] = r;
  }
}

static const gchar *
sched_label(const Sched *c, guint32 i, GString *buf)
{
  const CpmActivity *a = &c->act[i];
  g_string_truncate(buf, 0);
  if (c->s->projects->len > 1)
    g_string_append_printf(buf, "%s/", cpm_schedule_project(c->s, a->project)->id);
  g_string_append(buf, a->id);
  return buf->str;
}

/* Reports one loop among the activities Kahn's algorithm could not order:
 * each of them has an unordered predecessor, so walking back from any of
 * them must revisit an activity; the walk from there is a loop. */
static void
sched_report_loop(const Sched *c, const guint32 *indeg, GError **error)
{
  guint n = c->n;
  guint32 start = 0;
  while (start < n && indeg[start] == 0)
    start++;
  g_autofree guint32 *seen_at = g_new(guint32, n); /* step of first visit + 1 */
  memset(seen_at, 0, sizeof(guint32) * n);
  g_autoptr(GArray) walk = g_array_new(FALSE, FALSE, sizeof(guint32)); /* activities */
  g_autoptr(GArray) via = g_array_new(FALSE, FALSE, sizeof(guint32));  /* relations */
  guint32 v = start;
  while (seen_at[v] == 0) {
    g_array_append_val(walk, v);
    seen_at[v] = walk->len;
    guint32 next_rel = G_MAXUINT32;
    for (guint32 k = c->pred_off[v]; k < c->pred_off[v + 1]; k++) {
      guint32 r = c->pred_rel[k];
      if (indeg[sched_rel(c, r)->pred] > 0) {
        next_rel = r;
        break;
      }
    }
    g_assert(next_rel != G_MAXUINT32);
    g_array_append_val(via, next_rel);
    v = sched_rel(c, next_rel)->pred;
  }
  /* walk[seen_at[v]-1 ..] is the loop, walked backwards. */
  guint first = seen_at[v] - 1;
  g_autoptr(GString) msg = g_string_new(NULL);
  g_autoptr(GString) label = g_string_new(NULL);
  const CpmRelation *where = sched_rel(c, g_array_index(via, guint32, walk->len - 1));
  const CpmProject *proj = cpm_schedule_project(c->s, c->act[where->succ].project);
  if (proj->source_file != NULL)
    g_string_append_printf(msg, "%s:%u: ", proj->source_file, where->line);
  g_string_append(msg, "logic loop: ");
  for (guint k = walk->len; k-- > first;) {
    g_string_append(msg, sched_label(c, g_array_index(walk, guint32, k), label));
    g_string_append(msg, " -> ");
  }
  g_string_append(msg, sched_label(c, g_array_index(walk, guint32, walk->len - 1), label));
  g_set_error_literal(error, CPM_ERROR, CPM_ERROR_LOOP, msg->str);
}

static gboolean
sched_sort(Sched *c, GError **error)
{
  guint n = c->n;
  guint32 *indeg = cpm_arena_new(&c->arena, guint32, n);
  c->order = cpm_arena_new(&c->arena, guint32, n);
  guint head = 0, tail = 0;
  for (guint i = 0; i < n; i++) {
    indeg[i] = c->pred_off[i + 1] - c->pred_off[i];
    if (indeg[i] == 0)
      c->order[tail++] = i;
  }
  while (head < tail) {
    guint32 v = c->order[head++];
    for (guint32 k = c->succ_off[v]; k < c->succ_off[v + 1]; k++) {
      guint32 w = sched_rel(c, c->succ_rel[k])->succ;
      if (--indeg[w] == 0)
        c->order[tail++] = w;
    }
  }
  if (tail < n) {
    sched_report_loop(c, indeg, error);
    return FALSE;
  }
  return TRUE;
}

/* ---- Forward pass ---------------------------------------------------- */

/* Where a finish milestone sits: x if it is working time or a period end,
 * else the next period start (rules §1). */
static CpmTime
sched_place_finish_milestone(const CpmCalendar *cal, CpmTime x)
{
  if (cpm_calendar_is_working(cal, x) || cpm_calendar_is_period_end(cal, x))
    return x;
  return cpm_calendar_next_work(cal, x);
}

/* The start-side date of predecessor p that an SS or SF link counts from
 * (rules §2.3): its early start, or for started work the actual start
 * (or, with "SS lag from early start", the remaining start, with the lag
 * already elapsed since the actual start taken off). */
static CpmTime
sched_pred_start_lagged(const Sched *c, const CpmRelation *r, const CpmCalendar *lc,
                        CpmTime dd_succ)
{
  guint32 p = r->pred;
  if (c->status[p] == CPM_STATUS_NOT_STARTED)
    return sched_lag(lc, c->es[p], r->lag, dd_succ);
  CpmTime as = c->act[p].actual_start;
  if (c->opt[r->succ]->ss_lag_from_early_start && c->status[p] == CPM_STATUS_IN_PROGRESS) {
    CpmDuration left = r->lag - cpm_calendar_work_between(lc, as, c->dd[p]);
    return sched_lag(lc, c->es[p], MAX(0, left), dd_succ);
  }
  return tmax(sched_lag(lc, as, r->lag, dd_succ), dd_succ);
}

/* The finish-side date of predecessor p with the lag applied. A completed
 * predecessor's lag runs from its actual finish (rules §2.3). */
static CpmTime
sched_pred_finish_lagged(const Sched *c, const CpmRelation *r, const CpmCalendar *lc,
                         CpmTime dd_succ)
{
  guint32 p = r->pred;
  if (c->status[p] == CPM_STATUS_COMPLETED && r->lag > 0)
    return tmax(c->ef[p], cpm_calendar_add_work(lc, c->act[p].actual_finish, r->lag));
  return sched_lag(lc, c->ef[p], r->lag, dd_succ);
}

/* The latest start that the predecessors impose on activity i, as an
 * unsnapped instant; CPM_TIME_NONE when none does. When the winner is a
 * negative-lag FF link, *finish_out receives its finish date, which P6
 * keeps as the early finish (rules §1, exception 2). */
static CpmTime
sched_start_candidate(const Sched *c, guint32 i, CpmTime *finish_out)
{
  const CpmCalendar *cs = c->cal[i];
  CpmTime best = CPM_TIME_NONE;
  *finish_out = CPM_TIME_NONE;
  for (guint32 k = c->pred_off[i]; k < c->pred_off[i + 1]; k++) {
    const CpmRelation *r = sched_rel(c, c->pred_rel[k]);
    if (sched_is_span(&c->act[r->pred]))
      continue;
    const CpmCalendar *lc = sched_lag_cal(c, r);
    CpmTime cand, fin = CPM_TIME_NONE;
    switch (r->type) {
      case CPM_LINK_FS:
        cand = sched_pred_finish_lagged(c, r, lc, c->dd[i]);
        break;
      case CPM_LINK_SS:
        cand = sched_pred_start_lagged(c, r, lc, c->dd[i]);
        break;
      case CPM_LINK_FF:
        fin = sched_pred_finish_lagged(c, r, lc, c->dd[i]);
        cand = cpm_calendar_subtract_work(cs, fin, c->rd[i]);
        /* P6 keeps the finish of a driving FF link only for a lead;
         * MS Project keeps it always. */
        if (r->lag >= 0 && c->opt[i]->rules != CPM_RULES_MSP)
          fin = CPM_TIME_NONE;
        break;
      case CPM_LINK_SF:
      default:
        fin = sched_pred_start_lagged(c, r, lc, c->dd[i]);
        cand = cpm_calendar_subtract_work(cs, fin, c->rd[i]);
        /* MS Project keeps the finish an SF link sets, even at a period
         * start; P6 places the finish from the start. */
        if (c->opt[i]->rules != CPM_RULES_MSP)
          fin = CPM_TIME_NONE;
        break;
    }
    if (best == CPM_TIME_NONE || cand > best) {
      best = cand;
      *finish_out = fin;
    }
  }
  return best;
}

static void
sched_forward_one(Sched *c, guint32 i)
{
  const CpmActivity *a = &c->act[i];
  const CpmCalendar *cs = c->cal[i];
  const CpmOptions *opt = c->opt[i];
  CpmTime dd = c->dd[i];
  CpmTime ff_finish;
  CpmTime x = sched_start_candidate(c, i, &ff_finish);

  if (c->status[i] == CPM_STATUS_COMPLETED) {
    /* Completed work stays in the pass with no duration: at the data date
     * or later when its own predecessors push it (rules §2.3). */
    CpmTime t = dd;
    if (opt->progress == CPM_PROGRESS_RETAINED_LOGIC && x != CPM_TIME_NONE)
      t = tmax(t, x);
    else if (opt->progress == CPM_PROGRESS_ACTUAL_DATES)
      t = tmax(t, a->actual_finish);
    c->es[i] = c->ef[i] = t;
    return;
  }

  if (c->status[i] == CPM_STATUS_IN_PROGRESS) {
    /* Remaining work resumes at the data date, after a resume date, and
     * under Retained Logic after its predecessors (rules §6). */
    CpmTime t = dd;
    if (a->suspend_date != CPM_TIME_NONE && a->resume_date != CPM_TIME_NONE)
      t = tmax(t, a->resume_date);
    if (opt->progress == CPM_PROGRESS_RETAINED_LOGIC && x != CPM_TIME_NONE)
      t = tmax(t, x);
    CpmTime res = cpm_calendar_next_work(cs, t);
    if (opt->use_expected_finish && a->expected_finish != CPM_TIME_NONE) {
      /* Expected Finish sets the remaining duration (rules §5). */
      if (a->expected_finish <= dd) {
        c->rd[i] = 0;
        res = cpm_calendar_next_work(cs, dd);
      } else {
        CpmTime ef = cpm_calendar_prev_work(cs, a->expected_finish);
        c->rd[i] = MAX(0, cpm_calendar_work_between(cs, res, ef));
      }
    }
    c->es[i] = res;
    c->ef[i] = cpm_calendar_add_work(cs, res, c->rd[i]);
    return;
  }

  /* Not started. */
  CpmTime lower = dd;
  const CpmProject *proj = cpm_schedule_project(c->s, a->project);
  if (proj->planned_start != CPM_TIME_NONE && proj->data_date == CPM_TIME_NONE)
    lower = tmax(lower, proj->planned_start);
  if (x == CPM_TIME_NONE || x < lower) {
    x = lower;
    ff_finish = CPM_TIME_NONE;
  }

  /* Early-side constraints (rules §5). */
  CpmConstraintType cons[2] = { a->constraint, a->constraint2 };
  CpmTime cdates[2] = { a->constraint_date, a->constraint2_date };
  gboolean mandatory = FALSE;
  for (guint k = 0; k < 2; k++) {
    CpmTime cd = cdates[k];
    if (cons[k] == CPM_CSTR_NONE || cons[k] == CPM_CSTR_ALAP || cd == CPM_TIME_NONE)
      continue;
    switch (cons[k]) {
      case CPM_CSTR_START_ON:
      case CPM_CSTR_START_ON_OR_AFTER:
        if (cd > x) {
          x = cd;
          ff_finish = CPM_TIME_NONE;
        }
        break;
      case CPM_CSTR_FINISH_ON:
      case CPM_CSTR_FINISH_ON_OR_AFTER: {
        CpmTime s = a->type == CPM_ACT_FINISH_MILESTONE
                        ? cd
                        : cpm_calendar_subtract_work(cs, cd, c->rd[i]);
        if (s > x) {
          x = s;
          ff_finish = CPM_TIME_NONE;
        }
        break;
      }
      case CPM_CSTR_MANDATORY_START:
        x = tmax(cd, dd);
        ff_finish = CPM_TIME_NONE;
        mandatory = TRUE;
        break;
      case CPM_CSTR_MANDATORY_FINISH: {
        CpmTime f = tmax(cd, dd);
        c->ef[i] = f;
        c->es[i]
            = sched_is_milestone(a)
                  ? f
                  : tmax(dd,
                         cpm_calendar_next_work(cs, cpm_calendar_subtract_work(cs, f, c->rd[i])));
        if (a->type == CPM_ACT_START_MILESTONE)
          c->es[i] = c->ef[i] = cpm_calendar_next_work(cs, f);
        return;
      }
      default:
        break;
    }
  }
  (void)mandatory;

  switch (a->type) {
    case CPM_ACT_FINISH_MILESTONE:
      c->es[i] = c->ef[i] = sched_place_finish_milestone(cs, x);
      return;
    case CPM_ACT_START_MILESTONE:
      c->es[i] = c->ef[i] = cpm_calendar_next_work(cs, x);
      return;
    default:
      break;
  }

  CpmTime es = cpm_calendar_next_work(cs, x);
  if (opt->use_expected_finish && a->expected_finish != CPM_TIME_NONE) {
    CpmTime ef = cpm_calendar_prev_work(cs, a->expected_finish);
    if (ef >= es) {
      c->rd[i] = cpm_calendar_work_between(cs, es, ef);
      c->es[i] = es;
      c->ef[i] = ef;
      return;
    }
  }
  c->es[i] = es;
  if (ff_finish != CPM_TIME_NONE && cpm_calendar_next_work(cs, x) == es)
    c->ef[i] = tmax(ff_finish, es);
  else
    c->ef[i] = cpm_calendar_add_work(cs, es, c->rd[i]);
}

/* Resource-dependent work finishes when its last assignment does: each
 * assignment with units works the remaining duration on its resource's
 * calendar (rules §4; MDL4D's C2100: an equipment assignment on a 24-hour
 * calendar does not shorten the labour's 40 h). */
static void
sched_apply_resources(Sched *c, const GPtrArray *by_activity, guint32 i)
{
  const GArray *list = g_ptr_array_index(by_activity, i);
  if (list == NULL || c->status[i] == CPM_STATUS_COMPLETED)
    return;
  CpmTime finish = CPM_TIME_NONE;
  for (guint k = 0; k < list->len; k++) {
    const CpmAssignment *as = cpm_schedule_assignment(c->s, g_array_index(list, guint32, k));
    if (as->units_per_minute <= 0)
      continue;
    const CpmResource *res = cpm_schedule_resource(c->s, as->resource);
    const CpmCalendar *rc
        = res->calendar != CPM_NO_INDEX ? cpm_schedule_calendar(c->s, res->calendar) : c->cal[i];
    CpmTime f = cpm_calendar_add_work(rc, cpm_calendar_next_work(rc, c->es[i]), c->rd[i]);
    finish = finish == CPM_TIME_NONE ? f : tmax(finish, f);
  }
  if (finish != CPM_TIME_NONE) {
    c->ef[i] = tmax(finish, c->es[i]);
    c->rd[i] = cpm_calendar_work_between(c->cal[i], c->es[i], c->ef[i]);
  }
}

/* ---- Backward pass --------------------------------------------------- */

/* Progress Override (and Actual Dates): links into completed work, and
 * start-side links into work in progress, take no part in the backward
 * pass nor in free float (rules §6). Under Retained Logic they all do. */
static inline gboolean
sched_override_skips(const Sched *c, const CpmRelation *r)
{
  if (c->opt[r->succ]->progress == CPM_PROGRESS_RETAINED_LOGIC)
    return FALSE;
  return c->status[r->succ] == CPM_STATUS_COMPLETED
         || (c->status[r->succ] == CPM_STATUS_IN_PROGRESS
             && (r->type == CPM_LINK_FS || r->type == CPM_LINK_SS));
}

/* The latest finish the successors allow activity i, as an unsnapped
 * instant, or CPM_TIME_NONE. *ss_start_out receives the late start an SS
 * link sets when that link is the one that decides (rules §3). */
static CpmTime
sched_finish_candidate(const Sched *c, guint32 i, CpmTime *ss_start_out, gboolean *has_succ_out)
{
  const CpmCalendar *cp = c->cal[i];
  CpmTime best = CPM_TIME_NONE;
  *ss_start_out = CPM_TIME_NONE;
  *has_succ_out = FALSE;
  for (guint32 k = c->succ_off[i]; k < c->succ_off[i + 1]; k++) {
    const CpmRelation *r = sched_rel(c, c->succ_rel[k]);
    guint32 j = r->succ;
    if (sched_is_span(&c->act[j]))
      continue;
    if (sched_override_skips(c, r))
      continue;
    *has_succ_out = TRUE;
    const CpmCalendar *lc = sched_lag_cal(c, r);
    CpmTime cand, ss = CPM_TIME_NONE;
    switch (r->type) {
      case CPM_LINK_FS:
        cand = sched_lag_back(lc, c->ls[j], r->lag);
        break;
      case CPM_LINK_FF:
        cand = sched_lag_back(lc, c->lf[j], r->lag);
        break;
      case CPM_LINK_SS: {
        CpmDuration lag = r->lag;
        if (c->status[i] == CPM_STATUS_IN_PROGRESS && lag > 0)
          lag = MAX(0, lag - cpm_calendar_work_between(lc, c->act[i].actual_start, c->dd[i]));
        CpmTime y = sched_lag_back(lc, c->ls[j], lag);
        if (!cpm_calendar_is_working(cp, y))
          y = cpm_calendar_prev_work(cp, y);
        ss = y;
        cand = cpm_calendar_add_work(cp, y, c->rd[i]);
        break;
      }
      case CPM_LINK_SF:
      default:
        cand = cpm_calendar_add_work(cp, sched_lag_back(lc, c->lf[j], r->lag), c->rd[i]);
        break;
    }
    if (best == CPM_TIME_NONE || cand < best) {
      best = cand;
      *ss_start_out = ss;
    } else if (cand == best && ss == CPM_TIME_NONE) {
      *ss_start_out = CPM_TIME_NONE;
    }
  }
  return best;
}

static void
sched_backward_one(Sched *c, guint32 i)
{
  const CpmActivity *a = &c->act[i];
  const CpmCalendar *cp = c->cal[i];
  CpmTime ss_start;
  gboolean has_succ;
  CpmTime y = sched_finish_candidate(c, i, &ss_start, &has_succ);
  /* Every late finish is bounded by the project's finish (rules §3, §8):
   * open ends start from it, and an SS or SF successor never pushes a late
   * finish past it. */
  CpmTime bound = c->project_finish[a->project];
  if (!has_succ || y == CPM_TIME_NONE || y > bound) {
    y = bound;
    ss_start = CPM_TIME_NONE;
  }

  /* Mandatory finish ignores the successors (rules §5). Completed work has
   * no constraint left. */
  gboolean done = c->status[i] == CPM_STATUS_COMPLETED;
  CpmConstraintType cons[2]
      = { done ? CPM_CSTR_NONE : a->constraint, done ? CPM_CSTR_NONE : a->constraint2 };
  CpmTime cdates[2]
      = { done ? CPM_TIME_NONE : a->constraint_date, done ? CPM_TIME_NONE : a->constraint2_date };
  for (guint k = 0; k < 2; k++) {
    if (cons[k] == CPM_CSTR_MANDATORY_FINISH && cdates[k] != CPM_TIME_NONE) {
      y = cdates[k];
      ss_start = CPM_TIME_NONE;
    }
  }

  CpmTime lf, ls;
  if (a->type == CPM_ACT_START_MILESTONE) {
    ls = ss_start != CPM_TIME_NONE ? ss_start : y;
    if (!cpm_calendar_is_working(cp, ls))
      ls = cpm_calendar_prev_work(cp, ls);
    lf = ls;
  } else if (a->type == CPM_ACT_FINISH_MILESTONE) {
    lf = ls = cpm_calendar_prev_work(cp, y);
  } else if (ss_start != CPM_TIME_NONE) {
    ls = ss_start;
    lf = cpm_calendar_prev_work(cp, y);
  } else {
    lf = cpm_calendar_prev_work(cp, y);
    /* No remaining work: the late start is the late finish itself. */
    ls = c->rd[i] == 0 ? lf
                       : cpm_calendar_next_work(cp, cpm_calendar_subtract_work(cp, lf, c->rd[i]));
  }

  /* Late-side constraints, primary then secondary (rules §5). */
  for (guint k = 0; k < 2; k++) {
    CpmTime cd = cdates[k];
    if (cd == CPM_TIME_NONE)
      continue;
    switch (cons[k]) {
      case CPM_CSTR_START_ON:
      case CPM_CSTR_START_ON_OR_BEFORE:
      case CPM_CSTR_MANDATORY_START:
        if (cd < ls || cons[k] == CPM_CSTR_MANDATORY_START) {
          ls = cd;
          if (a->type == CPM_ACT_START_MILESTONE || a->type == CPM_ACT_FINISH_MILESTONE) {
            if (!cpm_calendar_is_working(cp, ls))
              ls = cpm_calendar_prev_work(cp, ls);
            lf = ls;
          } else {
            lf = cpm_calendar_add_work(cp, ls, c->rd[i]);
            ls = cpm_calendar_next_work(cp, ls);
          }
        }
        break;
      case CPM_CSTR_FINISH_ON:
      case CPM_CSTR_FINISH_ON_OR_BEFORE:
        if (cd < lf) {
          lf = cpm_calendar_prev_work(cp, cd);
          if (sched_is_milestone(a))
            ls = lf;
          else
            ls = cpm_calendar_next_work(cp, cpm_calendar_subtract_work(cp, lf, c->rd[i]));
        }
        break;
      default:
        break;
    }
  }
  c->lf[i] = lf;
  c->ls[i] = ls;
}

/* ---- As Late As Possible -------------------------------------------- */

/* Moves ALAP activities as late as their successors' early dates allow,
 * consuming free float only; successors keep their dates (rules §5). */
static void
sched_alap(Sched *c)
{
  for (guint k = c->n; k-- > 0;) {
    guint32 i = c->order[k];
    const CpmActivity *a = &c->act[i];
    if ((a->constraint != CPM_CSTR_ALAP && a->constraint2 != CPM_CSTR_ALAP)
        || c->status[i] != CPM_STATUS_NOT_STARTED || sched_is_span(a))
      continue;
    const CpmCalendar *cp = c->cal[i];
    CpmTime latest = CPM_TIME_NONE;
    gboolean any = FALSE;
    for (guint32 q = c->succ_off[i]; q < c->succ_off[i + 1]; q++) {
      const CpmRelation *r = sched_rel(c, c->succ_rel[q]);
      guint32 j = r->succ;
      if (sched_is_span(&c->act[j]) || c->status[j] == CPM_STATUS_COMPLETED)
        continue;
      any = TRUE;
      const CpmCalendar *lc = sched_lag_cal(c, r);
      CpmTime cand;
      switch (r->type) {
        case CPM_LINK_FS:
          cand = cpm_calendar_subtract_work(cp, sched_lag_back(lc, c->es[j], r->lag), c->rd[i]);
          break;
        case CPM_LINK_SS:
          cand = sched_lag_back(lc, c->es[j], r->lag);
          break;
        case CPM_LINK_FF:
          cand = cpm_calendar_subtract_work(cp, sched_lag_back(lc, c->ef[j], r->lag), c->rd[i]);
          break;
        case CPM_LINK_SF:
        default:
          cand = sched_lag_back(lc, c->ef[j], r->lag);
          break;
      }
      latest = latest == CPM_TIME_NONE ? cand : tmin(latest, cand);
    }
    if (!any)
      latest = c->ls[i];
    if (latest == CPM_TIME_NONE || latest <= c->es[i])
      continue;
    CpmTime es, ef;
    if (a->type == CPM_ACT_FINISH_MILESTONE) {
      es = ef = sched_place_finish_milestone(cp, cpm_calendar_prev_work(cp, latest));
    } else {
      es = cpm_calendar_next_work(cp, latest);
      ef = sched_is_milestone(a) ? es : cpm_calendar_add_work(cp, es, c->rd[i]);
    }
    if (es > c->es[i]) {
      c->es[i] = es;
      c->ef[i] = ef;
      c->alap_moved[i] = TRUE;
    }
  }
}

/* ---- Level of effort and WBS summary -------------------------------- */

/* A level-of-effort activity spans from the earliest start-side date of its
 * links to the latest finish-side date, early and late alike (rules §4). */
static void
sched_loe(Sched *c, guint32 i)
{
  const CpmCalendar *cal = c->cal[i];
  CpmTime es = CPM_TIME_NONE, ef = CPM_TIME_NONE, ls = CPM_TIME_NONE, lf = CPM_TIME_NONE;
#define LOE_MIN(v, t) ((v) = ((v) == CPM_TIME_NONE || (t) < (v)) ? (t) : (v))
#define LOE_MAX(v, t) ((v) = ((v) == CPM_TIME_NONE || (t) > (v)) ? (t) : (v))
  for (guint32 k = c->pred_off[i]; k < c->pred_off[i + 1]; k++) {
    const CpmRelation *r = sched_rel(c, c->pred_rel[k]);
    guint32 p = r->pred;
    if (sched_is_span(&c->act[p]))
      continue;
    gboolean done = c->status[p] == CPM_STATUS_COMPLETED;
    switch (r->type) {
      case CPM_LINK_SS:
        LOE_MIN(es, c->es[p]);
        if (!done)
          LOE_MIN(ls, c->ls[p]);
        break;
      case CPM_LINK_FS:
        LOE_MIN(es, c->ef[p]);
        if (!done)
          LOE_MIN(ls, c->lf[p]);
        break;
      case CPM_LINK_FF:
        LOE_MAX(ef, c->ef[p]);
        if (!done)
          LOE_MAX(lf, c->lf[p]);
        break;
      default:
        break;
    }
  }
  for (guint32 k = c->succ_off[i]; k < c->succ_off[i + 1]; k++) {
    const CpmRelation *r = sched_rel(c, c->succ_rel[k]);
    guint32 j = r->succ;
    if (sched_is_span(&c->act[j]))
      continue;
    gboolean done = c->status[j] == CPM_STATUS_COMPLETED;
    switch (r->type) {
      case CPM_LINK_SS:
        LOE_MIN(es, c->es[j]);
        if (!done)
          LOE_MIN(ls, c->ls[j]);
        break;
      case CPM_LINK_FS:
        LOE_MAX(ef, c->es[j]);
        if (!done)
          LOE_MAX(lf, c->ls[j]);
        break;
      case CPM_LINK_FF:
        LOE_MAX(ef, c->ef[j]);
        if (!done)
          LOE_MAX(lf, c->lf[j]);
        break;
      default:
        break;
    }
  }
#undef LOE_MIN
#undef LOE_MAX
  CpmTime dd = c->dd[i];
  if (es == CPM_TIME_NONE)
    es = dd;
  if (c->status[i] == CPM_STATUS_IN_PROGRESS)
    es = tmax(es, dd);
  es = cpm_calendar_next_work(cal, es);
  if (ef == CPM_TIME_NONE)
    ef = cpm_calendar_add_work(cal, es, c->rd[i]);
  ef = tmax(cpm_calendar_prev_work(cal, ef), es);
  if (ls == CPM_TIME_NONE)
    ls = es;
  if (lf == CPM_TIME_NONE)
    lf = ef;
  ls = cpm_calendar_next_work(cal, ls);
  lf = cpm_calendar_prev_work(cal, lf);
  c->es[i] = es;
  c->ef[i] = ef;
  c->ls[i] = ls;
  c->lf[i] = lf;
  c->rd[i] = cpm_calendar_work_between(cal, es, ef);
}

/* A WBS summary spans the open activities of its WBS node and the nodes
 * below it: earliest start, latest finish (rules §4). O(n * depth). */
static void
sched_wbs_summaries(Sched *c)
{
  guint nw = c->s->wbs->len;
  gboolean any = FALSE;
  for (guint i = 0; i < c->n && !any; i++)
    any = c->act[i].type == CPM_ACT_WBS_SUMMARY;
  if (!any || nw == 0)
    return;
  g_autofree CpmTime *span = g_new(CpmTime, 4 * nw); /* es, ef, ls, lf per node */
  for (guint w = 0; w < 4 * nw; w++)
    span[w] = CPM_TIME_NONE;
  for (guint i = 0; i < c->n; i++) {
    const CpmActivity *a = &c->act[i];
    if (a->type == CPM_ACT_WBS_SUMMARY || c->status[i] == CPM_STATUS_COMPLETED)
      continue;
    guint depth = 0;
    for (guint32 w = a->wbs; w != CPM_NO_INDEX && depth < nw;
         w = cpm_schedule_wbs(c->s, w)->parent, depth++) {
      CpmTime *s = &span[4 * w];
      s[0] = s[0] == CPM_TIME_NONE ? c->es[i] : tmin(s[0], c->es[i]);
      s[1] = s[1] == CPM_TIME_NONE ? c->ef[i] : tmax(s[1], c->ef[i]);
      s[2] = s[2] == CPM_TIME_NONE ? c->ls[i] : tmin(s[2], c->ls[i]);
      s[3] = s[3] == CPM_TIME_NONE ? c->lf[i] : tmax(s[3], c->lf[i]);
    }
  }
  for (guint i = 0; i < c->n; i++) {
    const CpmActivity *a = &c->act[i];
    if (a->type != CPM_ACT_WBS_SUMMARY)
      continue;
    if (a->wbs == CPM_NO_INDEX || span[4 * a->wbs] == CPM_TIME_NONE) {
      c->es[i] = c->ls[i] = c->ef[i] = c->lf[i] = cpm_calendar_next_work(c->cal[i], c->dd[i]);
      continue;
    }
    const CpmTime *s = &span[4 * a->wbs];
    c->es[i] = s[0];
    c->ef[i] = s[1];
    c->ls[i] = s[2];
    c->lf[i] = s[3];
    c->rd[i] = cpm_calendar_work_between(c->cal[i], c->es[i], c->ef[i]);
  }
}

/* ---- Floats, driving links, flags ----------------------------------- */

/* Free float of one link: the gap between the lagged predecessor date and
 * the successor date (rules §7). */
static CpmDuration
sched_link_free_float(const Sched *c, const CpmRelation *r)
{
  guint32 p = r->pred, j = r->succ;
  const CpmCalendar *lc = sched_lag_cal(c, r);
  CpmTime from;
  switch (r->type) {
    case CPM_LINK_SS:
    case CPM_LINK_SF:
      from = sched_pred_start_lagged(c, r, lc, c->dd[j]);
      break;
    default:
      from = sched_pred_finish_lagged(c, r, lc, c->dd[j]);
      break;
  }
  CpmTime to = (r->type == CPM_LINK_FS || r->type == CPM_LINK_SS) ? c->es[j] : c->ef[j];
  /* On the predecessor's calendar; a link with a lag on its lag calendar
   * (JAG A3660: FF +480 h on the successor calendar, which has holidays the
   * predecessor's has not). */
  return cpm_calendar_work_between(r->lag != 0 ? lc : c->cal[p], from, to);
}

static CpmResult *
sched_result(Sched *c)
{
  CpmResult *res = g_new0(CpmResult, 1);
  guint n = c->n, m0 = c->s->relations->len;
  res->n = n;
  res->m = m0;
  res->n_projects = c->s->projects->len;
  cpm_arena_init(&res->arena, (gsize)n * sizeof(CpmActivityResult) + (gsize)m0 * 9
                                  + res->n_projects * sizeof(CpmTime) + 4 * 64);
  res->acts = cpm_arena_new(&res->arena, CpmActivityResult, n);
  res->rel_driving = cpm_arena_new(&res->arena, guint8, m0);
  res->rel_free_float = cpm_arena_new(&res->arena, CpmDuration, m0);
  res->project_finish = cpm_arena_new(&res->arena, CpmTime, res->n_projects);
  memcpy(res->project_finish, c->project_finish, sizeof(CpmTime) * res->n_projects);
  res->findings = g_array_new(FALSE, FALSE, sizeof(CpmFinding));
  res->strings = g_string_chunk_new(1024);

  /* Driving links and per-link free float, computed once. */
  guint8 *driving = cpm_arena_new(&c->arena, guint8, c->m);
  CpmDuration *link_ff = cpm_arena_new(&c->arena, CpmDuration, c->m);
  for (guint r = 0; r < c->m; r++) {
    const CpmRelation *rel = sched_rel(c, r);
    CpmDuration ff = CPM_DURATION_NONE;
    if (!c->ignored[r] && !sched_is_span(&c->act[rel->pred]) && !sched_is_span(&c->act[rel->succ])
        && c->status[rel->succ] != CPM_STATUS_COMPLETED
        && c->status[rel->pred] != CPM_STATUS_COMPLETED && !sched_override_skips(c, rel)) {
      ff = sched_link_free_float(c, rel);
      driving[r] = ff <= 0;
    }
    link_ff[r] = ff;
    if (r < m0) {
      res->rel_free_float[r] = ff;
      res->rel_driving[r] = driving[r];
    }
  }

  for (guint i = 0; i < n; i++) {
    const CpmActivity *a = &c->act[i];
    CpmActivityResult *out = &res->acts[i];
    const CpmCalendar *cal = c->cal[i];
    const CpmOptions *opt = c->opt[i];
    if (c->pred_off[i] == c->pred_off[i + 1])
      out->flags |= CPM_FLAG_OPEN_START;
    if (c->succ_off[i] == c->succ_off[i + 1])
      out->flags |= CPM_FLAG_OPEN_FINISH;
    if (c->status[i] == CPM_STATUS_COMPLETED) {
      out->early_start = a->actual_start != CPM_TIME_NONE ? a->actual_start : a->actual_finish;
      out->early_finish = a->actual_finish;
      out->late_start = out->late_finish = CPM_TIME_NONE;
      out->total_float = out->free_float = CPM_DURATION_NONE;
      continue;
    }
    out->early_start = c->es[i];
    out->early_finish = c->ef[i];
    out->late_start = c->ls[i];
    out->late_finish = c->lf[i];

    /* Total float on the activity's own calendar (rules §7). */
    CpmDuration finish_float = cpm_calendar_work_between(cal, c->ef[i], c->lf[i]);
    CpmDuration tf = finish_float;
    if (c->status[i] == CPM_STATUS_NOT_STARTED && !c->alap_moved[i]) {
      CpmDuration start_float = cpm_calendar_work_between(cal, c->es[i], c->ls[i]);
      if (opt->float_type == CPM_FLOAT_START)
        tf = start_float;
      else if (opt->float_type == CPM_FLOAT_SMALLEST)
        tf = MIN(start_float, finish_float);
    }
    out->total_float = tf;

    /* Free float (rules §7). */
    CpmDuration ff;
    gboolean has_mandatory_finish
        = a->constraint == CPM_CSTR_MANDATORY_FINISH || a->constraint2 == CPM_CSTR_MANDATORY_FINISH;
    if (sched_is_span(a) || c->alap_moved[i] || has_mandatory_finish
        || (opt->use_expected_finish && a->expected_finish != CPM_TIME_NONE)) {
      ff = 0;
    } else {
      ff = CPM_DURATION_NONE;
      for (guint32 k = c->succ_off[i]; k < c->succ_off[i + 1]; k++) {
        CpmDuration lff = link_ff[c->succ_rel[k]];
        if (lff != CPM_DURATION_NONE)
          ff = ff == CPM_DURATION_NONE ? lff : MIN(ff, lff);
      }
      /* No successor: the gap to the project's early finish, not to a
       * must-finish-by date (TERM's A5800). */
      if (ff == CPM_DURATION_NONE)
        ff = cpm_calendar_work_between(cal, c->ef[i], c->project_early[a->project]);
      ff = MAX(0, ff);
    }
    out->free_float = ff;
    if (tf < 0)
      out->flags |= CPM_FLAG_NEGATIVE_FLOAT;
  }

  /* Longest path: from the activities with the latest early finish of each
   * project, back through driving links (rules §7). */
  CpmTime *latest = cpm_arena_new(&c->arena, CpmTime, res->n_projects);
  for (guint p = 0; p < res->n_projects; p++)
    latest[p] = CPM_TIME_NONE;
  for (guint i = 0; i < n; i++)
    if (c->status[i] != CPM_STATUS_COMPLETED && !sched_is_span(&c->act[i]))
      latest[c->act[i].project] = tmax(latest[c->act[i].project], c->ef[i]);
  guint32 *stack = cpm_arena_new(&c->arena, guint32, n);
  guint top = 0;
  for (guint i = 0; i < n; i++) {
    if (c->status[i] != CPM_STATUS_COMPLETED && !sched_is_span(&c->act[i])
        && c->ef[i] == latest[c->act[i].project]) {
      res->acts[i].flags |= CPM_FLAG_LONGEST_PATH;
      stack[top++] = i;
    }
  }
  while (top > 0) {
    guint32 v = stack[--top];
    for (guint32 k = c->pred_off[v]; k < c->pred_off[v + 1]; k++) {
      guint32 r = c->pred_rel[k];
      guint32 p = sched_rel(c, r)->pred;
      if (!driving[r] || (res->acts[p].flags & CPM_FLAG_LONGEST_PATH)
          || c->status[p] == CPM_STATUS_COMPLETED)
        continue;
      res->acts[p].flags |= CPM_FLAG_LONGEST_PATH;
      stack[top++] = p;
    }
  }

  /* Critical flags. */
  for (guint i = 0; i < n; i++) {
    CpmActivityResult *out = &res->acts[i];
    const CpmOptions *opt = c->opt[i];
    if (c->status[i] == CPM_STATUS_COMPLETED)
      continue;
    gboolean critical;
    if (opt->critical_mode == CPM_CRITICAL_LONGEST_PATH)
      critical = (out->flags & CPM_FLAG_LONGEST_PATH) != 0;
    else
      critical = out->total_float <= opt->critical_float;
    if (opt->open_ends_critical && (out->flags & CPM_FLAG_OPEN_FINISH))
      critical = TRUE;
    if (critical)
      out->flags |= CPM_FLAG_CRITICAL;
  }
  return res;
}

static void
result_add_finding(CpmResult *res, CpmFindingKind kind, guint32 a, guint32 b, const gchar *message)
{
  CpmFinding f = { kind, a, b, g_string_chunk_insert(res->strings, message) };
  g_array_append_val(res->findings, f);
}

/* Out-of-sequence progress: started work with a finish-to-start
 * predecessor that has not finished. */
static void
sched_find_out_of_sequence(const Sched *c, CpmResult *res)
{
  g_autoptr(GString) la = g_string_new(NULL);
  g_autoptr(GString) lb = g_string_new(NULL);
  for (guint i = 0; i < c->n; i++) {
    if (c->status[i] == CPM_STATUS_NOT_STARTED)
      continue;
    for (guint32 k = c->pred_off[i]; k < c->pred_off[i + 1]; k++) {
      const CpmRelation *r = sched_rel(c, c->pred_rel[k]);
      gboolean broken = FALSE;
      if (r->type == CPM_LINK_FS)
        broken = c->status[r->pred] != CPM_STATUS_COMPLETED;
      else if (r->type == CPM_LINK_SS)
        broken = c->status[r->pred] == CPM_STATUS_NOT_STARTED;
      if (!broken || sched_is_span(&c->act[r->pred]))
        continue;
      res->acts[i].flags |= CPM_FLAG_OUT_OF_SEQUENCE;
      g_autofree gchar *msg = g_strdup_printf(
          "%s progressed before its %s predecessor %s allowed", sched_label(c, i, la),
          cpm_link_type_to_string(r->type), sched_label(c, r->pred, lb));
      result_add_finding(res, CPM_FINDING_OUT_OF_SEQUENCE, i, r->pred, msg);
    }
  }
}

/* Start and finish of an activity as it stands (actual dates for finished
 * work) for the overlap test. */
static void
sched_span_of(const Sched *c, const CpmResult *res, guint32 i, CpmTime *s_out, CpmTime *f_out)
{
  const CpmActivity *a = &c->act[i];
  *s_out = a->actual_start != CPM_TIME_NONE ? a->actual_start : res->acts[i].early_start;
  *f_out = res->acts[i].early_finish;
}

/* Pairs of mutually exclusive activities whose early dates overlap. */
static guint
sched_find_exclusions(const Sched *c, CpmResult *res, GArray *order_links)
{
  guint conflicts = 0;
  g_autoptr(GString) la = g_string_new(NULL);
  g_autoptr(GString) lb = g_string_new(NULL);
  for (guint k = 0; k < c->s->exclusions->len; k++) {
    const CpmExclusion *e = cpm_schedule_exclusion(c->s, k);
    CpmTime as, af, bs, bf;
    sched_span_of(c, res, e->a, &as, &af);
    sched_span_of(c, res, e->b, &bs, &bf);
    if (!(as < bf && bs < af))
      continue;
    conflicts++;
    gchar t1[CPM_TIME_FORMAT_LEN], t2[CPM_TIME_FORMAT_LEN];
    g_autofree gchar *msg
        = g_strdup_printf("%s and %s must not overlap but both run between %s and %s",
                          sched_label(c, e->a, la), sched_label(c, e->b, lb),
                          cpm_time_format(tmax(as, bs), t1), cpm_time_format(tmin(af, bf), t2));
    result_add_finding(res, CPM_FINDING_EXCLUSION_CONFLICT, e->a, e->b, msg);
    if (order_links != NULL) {
      /* The one that starts first goes first (ties: the first named). */
      gboolean a_first = as <= bs;
      CpmRelation link = { a_first ? e->a : e->b, a_first ? e->b : e->a, CPM_LINK_FS, 0, 0 };
      if (cpm_activity_status(&c->act[link.succ]) == CPM_STATUS_NOT_STARTED)
        g_array_append_val(order_links, link);
    }
  }
  return conflicts;
}

static void
sched_free_array(gpointer array)
{
  if (array != NULL)
    g_array_unref(array);
}

static CpmResult *
sched_run(const CpmSchedule *schedule, const CpmOptions *overrides, const GArray *extra,
          GError **error)
{
  Sched c = { 0 };
  if (!sched_setup(&c, schedule, overrides, extra, error)) {
    sched_clear(&c);
    return NULL;
  }
  sched_build_csr(&c);
  if (!sched_sort(&c, error)) {
    sched_clear(&c);
    return NULL;
  }

  /* Assignments by activity, for resource-dependent activities. */
  g_autoptr(GPtrArray) by_activity = NULL;
  if (schedule->assignments->len > 0) {
    by_activity = g_ptr_array_new_full(c.n, sched_free_array);
    g_ptr_array_set_size(by_activity, c.n);
    for (guint k = 0; k < schedule->assignments->len; k++) {
      const CpmAssignment *as = cpm_schedule_assignment(schedule, k);
      if (c.act[as->activity].type != CPM_ACT_RESOURCE)
        continue;
      GArray *list = g_ptr_array_index(by_activity, as->activity);
      if (list == NULL) {
        list = g_array_new(FALSE, FALSE, sizeof(guint32));
        g_ptr_array_index(by_activity, as->activity) = list;
      }
      guint32 kk = k;
      g_array_append_val(list, kk);
    }
  }

  /* Forward pass in topological order. */
  for (guint k = 0; k < c.n; k++) {
    guint32 i = c.order[k];
    if (sched_is_span(&c.act[i]))
      continue;
    sched_forward_one(&c, i);
    if (by_activity != NULL && c.act[i].type == CPM_ACT_RESOURCE)
      sched_apply_resources(&c, by_activity, i);
  }

  /* The finish each project's backward pass starts from: its must-finish-by
   * date, else its own latest early finish (float per project) or the
   * latest of all (rules §3, §8). */
  guint np = schedule->projects->len;
  CpmTime all_latest = CPM_TIME_NONE;
  g_autofree CpmTime *own_latest = g_new(CpmTime, np > 0 ? np : 1);
  for (guint p = 0; p < np; p++)
    own_latest[p] = CPM_TIME_NONE;
  for (guint i = 0; i < c.n; i++) {
    if (sched_is_span(&c.act[i]))
      continue;
    guint32 p = c.act[i].project;
    own_latest[p] = tmax(own_latest[p], c.ef[i]);
    all_latest = tmax(all_latest, c.ef[i]);
  }
  for (guint p = 0; p < np; p++) {
    const CpmProject *proj = cpm_schedule_project(schedule, p);
    const CpmOptions *opt = overrides != NULL ? overrides : &proj->options;
    if (opt->float_per_project && own_latest[p] != CPM_TIME_NONE)
      c.project_early[p] = own_latest[p];
    else
      c.project_early[p] = all_latest != CPM_TIME_NONE ? all_latest : c.dd[0];
    c.project_finish[p]
        = proj->must_finish_by != CPM_TIME_NONE ? proj->must_finish_by : c.project_early[p];
  }

  /* Backward pass in reverse topological order. */
  for (guint k = c.n; k-- > 0;) {
    guint32 i = c.order[k];
    if (sched_is_span(&c.act[i])) {
      c.ls[i] = c.lf[i] = CPM_TIME_NONE;
      continue;
    }
    /* Completed work takes part with no duration, as in the forward pass:
     * its late dates bind its predecessors (rules §2.3), though they are not
     * reported. */
    sched_backward_one(&c, i);
  }

  sched_alap(&c);
  for (guint i = 0; i < c.n; i++)
    if (c.act[i].type == CPM_ACT_LOE)
      sched_loe(&c, i);
  sched_wbs_summaries(&c);

  CpmResult *res = sched_result(&c);
  sched_find_out_of_sequence(&c, res);
  sched_clear(&c);
  return res;
}

CpmResult *
cpm_schedule_compute(const CpmSchedule *schedule, const CpmOptions *overrides,
                     gboolean serialize_exclusions, GError **error)
{
  g_return_val_if_fail(schedule != NULL, NULL);
  g_autoptr(GArray) extra = g_array_new(FALSE, FALSE, sizeof(CpmRelation));
  CpmResult *res = sched_run(schedule, overrides, NULL, error);
  if (res == NULL)
    return NULL;

  /* Exclusions: report overlaps; when asked, order each overlapping pair
   * and reschedule, until none overlaps (at most one round per pair). */
  Sched probe = { 0 };
  probe.s = schedule;
  probe.act = (const CpmActivity *)schedule->activities->data;
  probe.n = schedule->activities->len;
  for (guint round = 0; round <= schedule->exclusions->len; round++) {
    GArray *links = serialize_exclusions ? g_array_new(FALSE, FALSE, sizeof(CpmRelation)) : NULL;
    guint conflicts = sched_find_exclusions(&probe, res, links);
    if (!serialize_exclusions || conflicts == 0 || links->len == 0) {
      if (links != NULL)
        g_array_unref(links);
      break;
    }
    g_array_append_vals(extra, links->data, links->len);
    g_array_unref(links);
    g_autoptr(GError) local = NULL;
    CpmResult *next = sched_run(schedule, overrides, extra, &local);
    if (next == NULL) {
      /* Ordering the pairs closed a loop: keep the unordered result. */
      break;
    }
    cpm_result_free(res);
    res = next;
  }
  return res;
}

void
cpm_result_free(CpmResult *self)
{
  if (self == NULL)
    return;
  cpm_arena_clear(&self->arena);
  g_array_unref(self->findings);
  g_string_chunk_free(self->strings);
  g_free(self);
}

guint
cpm_result_n_activities(const CpmResult *self)
{
  return self->n;
}

const CpmActivityResult *
cpm_result_activity(const CpmResult *self, guint32 index)
{
  g_return_val_if_fail(index < self->n, NULL);
  return &self->acts[index];
}

gboolean
cpm_result_relation_driving(const CpmResult *self, guint32 relation)
{
  g_return_val_if_fail(relation < self->m, FALSE);
  return self->rel_driving[relation];
}

CpmDuration
cpm_result_relation_free_float(const CpmResult *self, guint32 relation)
{
  g_return_val_if_fail(relation < self->m, CPM_DURATION_NONE);
  return self->rel_free_float[relation];
}

CpmTime
cpm_result_project_finish(const CpmResult *self, guint32 project)
{
  g_return_val_if_fail(project < self->n_projects, CPM_TIME_NONE);
  return self->project_finish[project];
}

guint
cpm_result_n_findings(const CpmResult *self)
{
  return self->findings->len;
}

const CpmFinding *
cpm_result_finding(const CpmResult *self, guint32 index)
{
  g_return_val_if_fail(index < self->findings->len, NULL);
  return &g_array_index(self->findings, CpmFinding, index);
}
