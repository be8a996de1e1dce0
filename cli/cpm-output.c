/* SPDX-License-Identifier: MIT
 *
 * cpm-output.c: the output file of a command, written atomically. Without
 * -o the command writes to stdout. With -o FILE it writes to a temporary
 * file created with g_mkstemp() in FILE's directory (so that the final
 * rename stays on one file system), then flushes, fsyncs and renames it
 * over FILE. Any failure, an early return that frees the output, or a
 * SIGINT/SIGTERM/SIGHUP unlinks the temporary file, so neither a partial
 * file nor a clobbered target is ever left behind. A target that is one of
 * the inputs is refused: an input is never modified.
 */
#include "cpm-cli.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes of stdio buffer: a million-row CSV is about 150 MB. */
#define OUTPUT_BUFFER_SIZE (256 * 1024)

struct _CpmOutput {
  FILE *stream;     /* stdout (borrowed), the temporary file or a device (owned) */
  gchar *target;    /* the regular file given with -o, or NULL; owned */
  gchar *tmp_path;  /* the temporary file, or NULL once renamed or removed; owned */
  gboolean is_open; /* stream is owned and still needs closing */
};

/* The temporary file a signal handler must remove: at most one output is
 * open at a time. Written before the handlers are installed. */
static char output_signal_path[4096];
static volatile sig_atomic_t output_signal_armed;

static void
output_on_signal(int signo)
{
  if (output_signal_armed)
    unlink(output_signal_path);
  signal(signo, SIG_DFL);
  raise(signo);
}

static void
output_arm_signals(const gchar *tmp_path)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction action;

  if (strlen(tmp_path) >= sizeof output_signal_path)
    return;
  memcpy(output_signal_path, tmp_path, strlen(tmp_path) + 1);
  output_signal_armed = 1;
  memset(&action, 0, sizeof action);
  action.sa_handler = output_on_signal;
  sigemptyset(&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS(signals); i++)
    sigaction(signals[i], &action, NULL);
}

static void
output_disarm_signals(void)
{
  output_signal_armed = 0;
}

/* Whether a and b name the same existing file. */
static gboolean
output_same_file(const gchar *a, const gchar *b)
{
  GStatBuf sa, sb;

  if (g_strcmp0(a, b) == 0)
    return TRUE;
  if (g_stat(a, &sa) != 0 || g_stat(b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

CpmOutput *
cpm_output_open(const gchar *path, const gchar *const *inputs, GError **error)
{
  g_autoptr(CpmOutput) self = g_new0(CpmOutput, 1);

  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  if (path == NULL || g_strcmp0(path, "-") == 0) {
    self->stream = stdout;
    /* Large writes for a pipe or a file; line buffering for a terminal. */
    if (!isatty(fileno(stdout)))
      setvbuf(stdout, NULL, _IOFBF, OUTPUT_BUFFER_SIZE);
    return g_steal_pointer(&self);
  }
  for (guint i = 0; inputs != NULL && inputs[i] != NULL; i++) {
    if (output_same_file(path, inputs[i])) {
      g_set_error(error, CPM_CLI_ERROR, CPM_CLI_ERROR_USAGE,
                  "the output %s is also an input; it would be overwritten", path);
      return NULL;
    }
  }

  /* A device or a pipe (-o /dev/stdout, a FIFO) is written in place: it
   * cannot be replaced, and must not be. */
  GStatBuf st;
  if (g_stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    g_set_error(error, CPM_CLI_ERROR, CPM_CLI_ERROR_IO, "cannot write the output %s: %s", path,
                g_strerror(EISDIR));
    return NULL;
  }
  if (g_stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    self->stream = fopen(path, "w");
    if (self->stream == NULL) {
      int saved = errno;
      g_set_error(error, CPM_CLI_ERROR, CPM_CLI_ERROR_IO, "cannot write the output %s: %s", path,
                  g_strerror(saved));
      return NULL;
    }
    self->is_open = TRUE;
    return g_steal_pointer(&self);
  }

  g_autofree gchar *dir = g_path_get_dirname(path);
  g_autofree gchar *base = g_path_get_basename(path);
  g_autofree gchar *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
  int fd = g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0) {
    int saved = errno;
    g_set_error(error, CPM_CLI_ERROR, CPM_CLI_ERROR_IO, "cannot create the output %s: %s", path,
                g_strerror(saved));
    return NULL;
  }
  self->tmp_path = g_steal_pointer(&tmpl);
  self->target = g_strdup(path);
  output_arm_signals(self->tmp_path);
  self->stream = fdopen(fd, "w");
  if (self->stream == NULL) {
    int saved = errno;
    close(fd);
    g_set_error(error, CPM_CLI_ERROR, CPM_CLI_ERROR_IO, "cannot write the output %s: %s", path,
                g_strerror(saved));
    return NULL; /* the autoptr removes the temporary file */
  }
  self->is_open = TRUE;
  setvbuf(self->stream, NULL, _IOFBF, OUTPUT_BUFFER_SIZE);
  return g_steal_pointer(&self);
}

FILE *
cpm_output_stream(CpmOutput *self)
{
  g_return_val_if_fail(self != NULL, NULL);
  return self->stream;
}

/* Removes the temporary file, if any. */
static void
output_discard(CpmOutput *self)
{
  if (self->is_open) {
    fclose(self->stream);
    self->is_open = FALSE;
  }
  if (self->tmp_path != NULL) {
    g_unlink(self->tmp_path);
    g_clear_pointer(&self->tmp_path, g_free);
    output_disarm_signals();
  }
}

gboolean
cpm_output_commit(CpmOutput *self, GError **error)
{
  const gchar *name;
  int saved = 0;

  g_return_val_if_fail(self != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  name = self->target != NULL ? self->target : "output";
  errno = 0;
  if (fflush(self->stream) != 0 || ferror(self->stream))
    saved = errno != 0 ? errno : EIO;
  if (self->target == NULL) {
    if (self->is_open) {
      self->is_open = FALSE;
      if (fclose(self->stream) != 0 && saved == 0)
        saved = errno != 0 ? errno : EIO;
    }
    if (saved != 0) {
      g_set_error(error, CPM_CLI_ERROR, CPM_CLI_ERROR_IO, "cannot write the %s: %s", name,
                  g_strerror(saved));
      return FALSE;
    }
    return TRUE;
  }
  if (saved == 0 && fsync(fileno(self->stream)) != 0)
    saved = errno;
  if (saved == 0) {
    self->is_open = FALSE;
    if (fclose(self->stream) != 0)
      saved = errno != 0 ? errno : EIO;
  }
  if (saved == 0 && g_rename(self->tmp_path, self->target) != 0)
    saved = errno;
  if (saved != 0) {
    output_discard(self);
    g_set_error(error, CPM_CLI_ERROR, CPM_CLI_ERROR_IO, "cannot write the output %s: %s", name,
                g_strerror(saved));
    return FALSE;
  }
  g_clear_pointer(&self->tmp_path, g_free);
  output_disarm_signals();
  return TRUE;
}

void
cpm_output_free(CpmOutput *self)
{
  if (self == NULL)
    return;
  output_discard(self);
  g_free(self->target);
  g_free(self);
}
