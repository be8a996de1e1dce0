/* SPDX-License-Identifier: MIT
 *
 * cpm-schedule-private.h: the layout of CpmSchedule, for the engine's own
 * modules (the scheduler reads the arrays directly on its hot path).
 */
#pragma once

#include "cpm-schedule.h"

struct _CpmSchedule {
  grefcount ref;
  GStringChunk *strings;    /* owns every string of the model */
  GPtrArray *calendars;     /* CpmCalendar*, each holding one reference */
  GArray *projects;         /* CpmProject */
  GArray *wbs;              /* CpmWbs */
  GArray *activities;       /* CpmActivity */
  GArray *relations;        /* CpmRelation */
  GArray *resources;        /* CpmResource */
  GArray *assignments;      /* CpmAssignment */
  GArray *code_types;       /* CpmCodeType */
  GArray *code_values;      /* CpmCodeValue */
  GArray *code_assignments; /* CpmCodeAssignment */
  GArray *exclusions;       /* CpmExclusion */
  GPtrArray *notes;         /* gchar*, owned */
  GPtrArray *activity_ids;  /* per project: GHashTable (Id -> index + 1), owned */
};
