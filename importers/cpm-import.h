/* SPDX-License-Identifier: MIT
 *
 * cpm-import.h: reading schedules. Each format has a detector and a reader in
 * a static table; cpm_import_file() recognises a file by its content (not its
 * extension) and appends what it holds to a CpmSchedule. Every error is a
 * GError of CPM_IMPORT_ERROR whose message starts with `FILE:LINE: ` and is a
 * single line. Readers never modify their input and never touch the network;
 * XML readers load no DTD and expand no entity.
 */
#pragma once

#include "cpm-schedule.h"

G_BEGIN_DECLS

#define CPM_IMPORT_ERROR (cpm_import_error_quark())
GQuark cpm_import_error_quark(void);

typedef enum {
  CPM_IMPORT_ERROR_IO,        /* cannot open or read the file */
  CPM_IMPORT_ERROR_FORMAT,    /* not a format critpath reads */
  CPM_IMPORT_ERROR_SYNTAX,    /* malformed or truncated file */
  CPM_IMPORT_ERROR_SECURITY,  /* DTD, entity declaration, external reference */
  CPM_IMPORT_ERROR_LIMIT,     /* absurd nesting, oversized value */
  CPM_IMPORT_ERROR_VALUE,     /* bad value: unknown enum, invalid date or number */
  CPM_IMPORT_ERROR_REFERENCE, /* a reference to something absent from the file */
  CPM_IMPORT_ERROR_DUPLICATE, /* two objects with the same Id or ObjectId */
} CpmImportError;

typedef enum {
  CPM_FORMAT_UNKNOWN = 0,
  CPM_FORMAT_P6XML, /* Primavera P6 XML (PMXML) */
  CPM_FORMAT_XER,   /* Primavera XER */
  CPM_FORMAT_MSPDI, /* Microsoft Project XML */
  CPM_FORMAT_CSV,   /* critpath CSV activity list */
  CPM_FORMAT_IPS,   /* integrated-schedule manifest */
} CpmFormat;

const gchar *cpm_format_to_string(CpmFormat format);

/* Recognises a file by its first bytes. CPM_FORMAT_UNKNOWN with error set
 * when the file cannot be read. */
CpmFormat cpm_import_detect(const gchar *filename, GError **error);

/* Reads a file of any supported format into schedule (appending projects,
 * calendars, activities ...). On error the schedule may hold part of the
 * file: discard it. */
gboolean cpm_import_file(CpmSchedule *schedule, const gchar *filename, GError **error);

/* Readers of each format. */
gboolean cpm_import_p6xml(CpmSchedule *schedule, const gchar *filename, GError **error);
gboolean cpm_import_xer(CpmSchedule *schedule, const gchar *filename, GError **error);
gboolean cpm_import_mspdi(CpmSchedule *schedule, const gchar *filename, GError **error);

G_END_DECLS
