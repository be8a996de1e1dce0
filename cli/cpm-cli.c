/* SPDX-License-Identifier: MIT
 *
 * cpm-cli.c: helpers every command shares: the CLI error domain, printing
 * an error as the one stderr line of the output contract (`FILE:LINE: ...`
 * as the importer wrote it, or `critpath: ...` when no file is named), usage
 * errors with a hint, and the `note:` lines of a schedule.
 */
#include "cpm-cli.h"

#include <stdarg.h>
#include <string.h>

GQuark
cpm_cli_error_quark(void)
{
  return g_quark_from_static_string("cpm-cli-error-quark");
}

/* Whether message starts with one of the inputs followed by ':'. */
static gboolean
cli_names_input(const gchar *message, const gchar *const *inputs)
{
  for (guint i = 0; inputs != NULL && inputs[i] != NULL; i++) {
    gsize len = strlen(inputs[i]);
    if (len > 0 && strncmp(message, inputs[i], len) == 0 && message[len] == ':')
      return TRUE;
  }
  return FALSE;
}

int
cpm_cli_report_error(const GError *error, const gchar *const *inputs)
{
  g_autofree gchar *line = NULL;

  g_return_val_if_fail(error != NULL, CPM_EXIT_FAILURE);

  /* One line, whatever the message holds. */
  line = g_strdelimit(g_strdup(error->message), "\r\n", ' ');
  if (cli_names_input(line, inputs))
    g_printerr("%s\n", line);
  else
    g_printerr("critpath: %s\n", line);
  if (g_error_matches(error, CPM_CLI_ERROR, CPM_CLI_ERROR_USAGE))
    return CPM_EXIT_USAGE;
  return CPM_EXIT_FAILURE;
}

int
cpm_cli_usage_error(const gchar *command, const gchar *format, ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start(args, format);
  message = g_strdup_vprintf(format, args);
  va_end(args);
  if (command != NULL)
    g_printerr("critpath %s: %s\nTry 'critpath %s --help'.\n", command, message, command);
  else
    g_printerr("critpath: %s\nTry 'critpath --help'.\n", message);
  return CPM_EXIT_USAGE;
}

void
cpm_cli_print_notes(const CpmSchedule *schedule)
{
  const GPtrArray *notes = cpm_schedule_notes(schedule);

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    g_printerr("note: %s\n", (const gchar *)g_ptr_array_index(notes, i));
}
