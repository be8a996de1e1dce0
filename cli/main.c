/* SPDX-License-Identifier: MIT
 *
 * main.c: the `critpath` executable. `critpath <command> [options]` looks
 * the command up in a static table and hands it the rest of the command
 * line; `critpath --help` lists the commands, `critpath --version` prints
 * the version. An unknown command is a usage error (exit 2).
 */
#include "cpm-cli.h"
#include "cpm-config.h"

#include <locale.h>
#include <string.h>

static const CpmCommand main_commands[] = {
  { "schedule", "compute early and late dates, float and the critical path", cpm_cmd_schedule },
  { "parity", "compare critpath's schedule of a P6 or MS Project file with the tool's results",
    cpm_cmd_parity },
};

static void
main_print_help(FILE *out)
{
  fprintf(out, "Usage: critpath <command> [options]\n"
               "       critpath <command> --help\n"
               "\n"
               "critpath schedules P6 XML and XER work programmes with the critical path method,\n"
               "as Primavera P6 does.\n"
               "\n"
               "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS(main_commands); i++)
    fprintf(out, "  %-12s %s\n", main_commands[i].name, main_commands[i].summary);
  fprintf(out, "\n"
               "Options:\n"
               "  -h, --help     show this help\n"
               "  --version      print the version\n"
               "\n"
               "Exit status: 0 success, 1 bad input or failed output, 2 usage error.\n");
}

static const CpmCommand *
main_find_command(const gchar *name)
{
  for (guint i = 0; i < G_N_ELEMENTS(main_commands); i++)
    if (strcmp(main_commands[i].name, name) == 0)
      return &main_commands[i];
  return NULL;
}

int
main(int argc, char **argv)
{
  const CpmCommand *command;

  setlocale(LC_CTYPE, "");
  g_set_prgname("critpath");

  if (argc < 2) {
    main_print_help(stderr);
    return CPM_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    main_print_help(stdout);
    return CPM_EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("critpath %s\n", CPM_VERSION);
    return CPM_EXIT_OK;
  }
  if (strcmp(argv[1], "help") == 0) {
    if (argc < 3) {
      main_print_help(stdout);
      return CPM_EXIT_OK;
    }
    command = main_find_command(argv[2]);
    if (command == NULL)
      return cpm_cli_usage_error(NULL, "unknown command '%s'", argv[2]);
    char *help_argv[] = { argv[2], (char *)"--help", NULL };
    return command->run(2, help_argv);
  }
  if (argv[1][0] == '-')
    return cpm_cli_usage_error(NULL, "unknown option '%s'", argv[1]);
  command = main_find_command(argv[1]);
  if (command == NULL)
    return cpm_cli_usage_error(NULL, "unknown command '%s'", argv[1]);
  return command->run(argc - 1, argv + 1);
}
