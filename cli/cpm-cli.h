/* SPDX-License-Identifier: MIT
 *
 * cpm-cli.h: what the files of the command-line tool share: the command
 * table entry, the exit codes of the output contract, the CLI error domain,
 * the atomic output file (cpm-output.c) and the helpers that print errors
 * and notes the same way for every command.
 */
#pragma once

#include <stdio.h>

#include "cpm-schedule.h"

G_BEGIN_DECLS

/* Exit codes of the output contract. */
#define CPM_EXIT_OK      0 /* success */
#define CPM_EXIT_FAILURE 1 /* bad input, failed check, failed write */
#define CPM_EXIT_USAGE   2 /* bad command line */

#define CPM_CLI_ERROR (cpm_cli_error_quark())
GQuark cpm_cli_error_quark(void);

typedef enum {
  CPM_CLI_ERROR_USAGE, /* the command line is wrong (exit 2) */
  CPM_CLI_ERROR_IO,    /* the output cannot be created or written (exit 1) */
} CpmCliError;

/* One subcommand: `critpath NAME ...` calls run() with argv[0] == NAME. */
typedef struct {
  const gchar *name;                 /* "schedule" */
  const gchar *summary;              /* one line for `critpath --help` */
  int (*run)(int argc, char **argv); /* returns the exit status */
} CpmCommand;

/* A name an option accepts and the enum value it stands for; a table of
 * them ends with { NULL, 0 }. */
typedef struct {
  const gchar *name;
  gint value;
} CpmCliChoice;

/* Looks value up in choices; on failure sets a CPM_CLI_ERROR_USAGE error
 * naming the option and the accepted values. */
gboolean cpm_cli_parse_choice(const gchar *option, const gchar *value, const CpmCliChoice *choices,
                              gint *value_out, GError **error);

int cpm_cmd_schedule(int argc, char **argv);
int cpm_cmd_parity(int argc, char **argv);

/* The scheduling options of the command line (cpm-cli-options.c), shared
 * by the commands that schedule. Zero-initialise, add the entries to the
 * command's context, parse, check, then resolve once the schedule is read;
 * clear with g_auto(). */
typedef struct {
  gchar *progress;             /* --progress RULE, owned, or NULL */
  gchar *lag_calendar;         /* --lag-calendar CAL, owned, or NULL */
  gchar *float_type;           /* --float TYPE, owned, or NULL */
  gchar *critical_float;       /* --critical-float HOURS, owned, or NULL */
  gboolean longest_path;       /* --longest-path */
  gboolean open_ends_critical; /* --open-ends-critical */
  gboolean expected_finish;    /* --expected-finish */
  gboolean no_expected_finish; /* --no-expected-finish */
  gboolean float_per_project;  /* --float-per-project */
  gboolean float_integrated;   /* --float-integrated */
  CpmOptions changes;          /* the parsed values, set by _check() */
  gboolean override;           /* any option was given, set by _check() */
} CpmCliSchedOptions;

/* Adds the options to context's main group; they write into self. */
void cpm_cli_sched_options_add_entries(CpmCliSchedOptions *self, GOptionContext *context);
/* Validates the values given: CPM_CLI_ERROR_USAGE on a bad one. */
gboolean cpm_cli_sched_options_check(CpmCliSchedOptions *self, GError **error);
/* NULL when no option was given (each project keeps its stored options),
 * else options_out: the first project's options with the overrides, for
 * every project. */
const CpmOptions *cpm_cli_sched_options_resolve(const CpmCliSchedOptions *self,
                                                const CpmSchedule *schedule,
                                                CpmOptions *options_out);
void cpm_cli_sched_options_clear(CpmCliSchedOptions *self);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(CpmCliSchedOptions, cpm_cli_sched_options_clear)

/* An output destination: stdout, or a temporary file beside the target
 * that cpm_output_commit() flushes, syncs and renames over the target.
 * Freeing an output that was not committed deletes the temporary file, so
 * an error never leaves a partial file; so does SIGINT, SIGTERM or SIGHUP
 * while the output is open. */
typedef struct _CpmOutput CpmOutput;

/* Opens path for writing, or stdout when path is NULL or "-". Fails with
 * CPM_CLI_ERROR_USAGE when path names one of the inputs (which would be
 * replaced) and with CPM_CLI_ERROR_IO when the temporary file cannot be
 * created. (transfer full) */
CpmOutput *cpm_output_open(const gchar *path,          /* (nullable) */
                           const gchar *const *inputs, /* (nullable) NULL-terminated */
                           GError **error);
/* The stream to write to. (transfer none) */
FILE *cpm_output_stream(CpmOutput *self);
/* Flushes, syncs and closes the stream and renames the temporary file over
 * the target. On failure the temporary file is removed. */
gboolean cpm_output_commit(CpmOutput *self, GError **error);
void cpm_output_free(CpmOutput *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CpmOutput, cpm_output_free)

/* Prints error as one line on stderr: as it is when it starts with one of
 * the inputs (`FILE:LINE: ...`), else prefixed with `critpath: `. Returns
 * the exit status for it (CPM_EXIT_USAGE for CPM_CLI_ERROR_USAGE, else
 * CPM_EXIT_FAILURE). */
int cpm_cli_report_error(const GError *error, const gchar *const *inputs /* (nullable) */);
/* Prints a usage error and the hint `Try 'critpath COMMAND --help'.` on
 * stderr and returns CPM_EXIT_USAGE. */
int cpm_cli_usage_error(const gchar *command, const gchar *format, ...) G_GNUC_PRINTF(2, 3);
/* Prints each note of the schedule on stderr as `note: TEXT`. */
void cpm_cli_print_notes(const CpmSchedule *schedule);

G_END_DECLS
