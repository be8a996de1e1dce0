/* SPDX-License-Identifier: MIT
 *
 * cpm-error.h: the error domain of the engine. Bad schedules (a logic loop,
 * an activity that cannot be placed) are errors in this domain; bad files are
 * errors of the importers' domain (cpm-import.h).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CPM_ERROR (cpm_error_quark())
GQuark cpm_error_quark(void);

typedef enum {
  CPM_ERROR_LOOP,         /* the relationships form a cycle */
  CPM_ERROR_DUPLICATE_ID, /* two activities of one project share an Id */
  CPM_ERROR_NO_WORK_TIME, /* a calendar has no working time to place work on */
  CPM_ERROR_OUT_OF_RANGE, /* a date or duration outside what critpath handles */
  CPM_ERROR_INVALID,      /* an inconsistent model (bad index, missing calendar) */
} CpmError;

G_END_DECLS
