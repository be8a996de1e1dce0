/* SPDX-License-Identifier: MIT
 *
 * cpm-scheduler.h: the critical path method with Primavera P6's semantics.
 * cpm_schedule_compute() reads a CpmSchedule and returns a CpmResult: early
 * and late dates (remaining dates for started work), total and free float,
 * critical and longest-path flags, driving relationships, and the findings
 * that are not errors (exclusion conflicts, constraint conflicts).
 *
 * The rules it follows, with the P6 behaviour each reproduces, are listed in
 * docs/p6-semantics.md. Complexity: O((n + m) log d) for n activities, m
 * relationships and d the days a calendar call spans.
 */
#pragma once

#include "cpm-schedule.h"

G_BEGIN_DECLS

typedef enum {
  CPM_FLAG_CRITICAL = 1 << 0,     /* critical by the project's definition */
  CPM_FLAG_LONGEST_PATH = 1 << 1, /* on the longest path */
  CPM_FLAG_NEGATIVE_FLOAT = 1 << 2,
  CPM_FLAG_OPEN_START = 1 << 3,          /* no predecessor */
  CPM_FLAG_OPEN_FINISH = 1 << 4,         /* no successor */
  CPM_FLAG_OUT_OF_SEQUENCE = 1 << 5,     /* progressed before a predecessor allowed */
  CPM_FLAG_CONSTRAINT_CONFLICT = 1 << 6, /* a hard constraint overrode the logic */
} CpmActivityFlags;

typedef struct {
  CpmTime early_start;     /* remaining early start when started; actual start when complete */
  CpmTime early_finish;    /* remaining early finish; actual finish when complete */
  CpmTime late_start;      /* remaining late start; CPM_TIME_NONE when complete */
  CpmTime late_finish;     /* remaining late finish; CPM_TIME_NONE when complete */
  CpmDuration total_float; /* working minutes on the activity's calendar; NONE when complete */
  CpmDuration free_float;  /* working minutes on the activity's calendar; NONE when complete */
  guint32 flags;           /* CpmActivityFlags */
} CpmActivityResult;

typedef enum {
  CPM_FINDING_EXCLUSION_CONFLICT,  /* two mutually exclusive activities overlap */
  CPM_FINDING_CONSTRAINT_CONFLICT, /* a mandatory constraint broke the logic */
  CPM_FINDING_OUT_OF_SEQUENCE,     /* progress against the logic */
} CpmFindingKind;

typedef struct {
  CpmFindingKind kind;
  guint32 a;            /* activity index */
  guint32 b;            /* second activity index, or CPM_NO_INDEX */
  const gchar *message; /* human-readable, owned by the result */
} CpmFinding;

typedef struct _CpmResult CpmResult;

/* Computes the schedule. `overrides`, when not NULL, replaces the options of
 * every project. `serialize_exclusions` orders each overlapping exclusion
 * pair (the one with the earlier early start first) and reschedules.
 * Fails with CPM_ERROR_LOOP (the message lists every activity of one loop,
 * with FILE:LINE of a relationship in it) and CPM_ERROR_OUT_OF_RANGE. */
CpmResult *cpm_schedule_compute(const CpmSchedule *schedule,
                                const CpmOptions *overrides, /* (nullable) */
                                gboolean serialize_exclusions,
                                GError **error); /* (transfer full) */
void cpm_result_free(CpmResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CpmResult, cpm_result_free)

guint cpm_result_n_activities(const CpmResult *self);
const CpmActivityResult *cpm_result_activity(const CpmResult *self, guint32 index);
/* Whether a relationship drives its successor's early dates. */
gboolean cpm_result_relation_driving(const CpmResult *self, guint32 relation);
/* Free float of one relationship, working minutes on the predecessor's
 * calendar (may be negative), or CPM_DURATION_NONE when it does not apply. */
CpmDuration cpm_result_relation_free_float(const CpmResult *self, guint32 relation);
/* The finish the backward pass started from for a project. */
CpmTime cpm_result_project_finish(const CpmResult *self, guint32 project);
guint cpm_result_n_findings(const CpmResult *self);
const CpmFinding *cpm_result_finding(const CpmResult *self, guint32 index);

G_END_DECLS
