/* SPDX-License-Identifier: MIT
 *
 * cpm-import.c: the importers' front door. Recognises a file by its first
 * bytes (never by its extension) and dispatches to the reader of its format
 * through a static table of {format, name, detector, reader}. Detection looks
 * at most at the first CPM_IMPORT_SNIFF_SIZE bytes: an XER file starts with
 * `ERMHDR`; an XML file is P6 XML when its root element is
 * `APIBusinessObjects` or `BusinessObjects` and MSPDI when it uses the
 * Microsoft Project namespace; an IPS manifest is INI text opening with a
 * `[section]`; a CSV activity list is text whose first line is a delimited
 * header. A format without a reader yet fails with a clean
 * CPM_IMPORT_ERROR_FORMAT error.
 */
#include "cpm-import.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define CPM_IMPORT_SNIFF_SIZE 4096

GQuark
cpm_import_error_quark(void)
{
  return g_quark_from_static_string("cpm-import-error-quark");
}

/* What detection learnt from the first bytes of a file. */
typedef struct {
  const gchar *data; /* the bytes after any byte-order mark, UTF-8; borrowed */
  gsize len;         /* length of data in bytes */
  gboolean is_xml;   /* the first non-blank character is '<' */
  gchar root[64];    /* local name of the XML root element, or "" */
  gboolean mspdi_ns; /* the Microsoft Project namespace appears before the
                        end of the root start tag */
} ImportSniff;

typedef gboolean (*ImportDetectFunc)(const ImportSniff *sniff);
typedef gboolean (*ImportReadFunc)(CpmSchedule *schedule, const gchar *filename, GError **error);

/* One row of the format table. */
typedef struct {
  CpmFormat format;        /* the format this row describes */
  const gchar *name;       /* human name used in messages ("P6 XML") */
  ImportDetectFunc detect; /* TRUE when the sniffed bytes are this format */
  ImportReadFunc read;     /* the reader, or NULL while unsupported */
} ImportFormat;

static gboolean
import_detect_xer(const ImportSniff *sniff)
{
  return sniff->len >= 6 && memcmp(sniff->data, "ERMHDR", 6) == 0;
}

static gboolean
import_detect_p6xml(const ImportSniff *sniff)
{
  return sniff->is_xml
         && (strcmp(sniff->root, "APIBusinessObjects") == 0
             || strcmp(sniff->root, "BusinessObjects") == 0);
}

static gboolean
import_detect_mspdi(const ImportSniff *sniff)
{
  return sniff->is_xml && sniff->mspdi_ns;
}

/* An INI manifest: blank lines and `#`/`;` comments, then a `[section]`. */
static gboolean
import_detect_ips(const ImportSniff *sniff)
{
  const gchar *p = sniff->data;
  const gchar *end = p + sniff->len;

  if (sniff->is_xml)
    return FALSE;

  while (p < end) {
    while (p < end && g_ascii_isspace(*p))
      p++;
    if (p < end && (*p == '#' || *p == ';')) {
      while (p < end && *p != '\n')
        p++;
      continue;
    }
    break;
  }
  if (p >= end || *p != '[')
    return FALSE;
  const gchar *close = memchr(p, ']', (gsize)(end - p));
  const gchar *eol = memchr(p, '\n', (gsize)(end - p));
  return close != NULL && (eol == NULL || close < eol);
}

/* Delimited text: valid UTF-8 without NUL, a first line with at least two
 * fields separated by ',', ';' or TAB, and a second line. */
static gboolean
import_detect_csv(const ImportSniff *sniff)
{
  const gchar *eol = memchr(sniff->data, '\n', sniff->len);
  if (sniff->is_xml || eol == NULL || eol == sniff->data
      || memchr(sniff->data, '\0', sniff->len) != NULL)
    return FALSE;
  /* The sniff may cut a multibyte character: validate up to the cut. */
  const gchar *bad = NULL;
  if (!g_utf8_validate(sniff->data, (gssize)sniff->len, &bad) && sniff->data + sniff->len - bad > 3)
    return FALSE;
  for (const gchar *p = sniff->data; p < eol; p++)
    if (*p == ',' || *p == ';' || *p == '\t')
      return TRUE;
  return FALSE;
}

static const ImportFormat import_formats[] = {
  { CPM_FORMAT_XER, "XER", import_detect_xer, cpm_import_xer },
  { CPM_FORMAT_P6XML, "P6 XML", import_detect_p6xml, cpm_import_p6xml },
  { CPM_FORMAT_MSPDI, "MS Project XML (MSPDI)", import_detect_mspdi, cpm_import_mspdi },
  { CPM_FORMAT_IPS, "IPS manifest", import_detect_ips, NULL },
  { CPM_FORMAT_CSV, "CSV activity list", import_detect_csv, NULL },
};

static const ImportFormat *
import_format_row(CpmFormat format)
{
  for (gsize i = 0; i < G_N_ELEMENTS(import_formats); i++)
    if (import_formats[i].format == format)
      return &import_formats[i];
  return NULL;
}

const gchar *
cpm_format_to_string(CpmFormat format)
{
  const ImportFormat *row = import_format_row(format);
  return row != NULL ? row->name : "unknown";
}

/* Skips `<?...?>`, `<!--...-->`, `<!DOCTYPE ...>` (with an internal subset)
 * and blanks; returns the position of the root start tag or NULL. */
static const gchar *
import_xml_skip_prolog(const gchar *p, const gchar *end)
{
  while (p < end) {
    if (g_ascii_isspace(*p)) {
      p++;
    } else if (end - p >= 2 && p[0] == '<' && p[1] == '?') {
      p = g_strstr_len(p, end - p, "?>");
      if (p == NULL)
        return NULL;
      p += 2;
    } else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
      p = g_strstr_len(p + 4, end - p - 4, "-->");
      if (p == NULL)
        return NULL;
      p += 3;
    } else if (end - p >= 2 && p[0] == '<' && p[1] == '!') {
      /* DOCTYPE: up to the '>' that is outside the internal subset. */
      gint brackets = 0;
      for (p += 2; p < end && (*p != '>' || brackets > 0); p++) {
        if (*p == '[')
          brackets++;
        else if (*p == ']')
          brackets--;
      }
      if (p >= end)
        return NULL;
      p++;
    } else if (*p == '<') {
      return p;
    } else {
      return NULL;
    }
  }
  return NULL;
}

static void
import_sniff_xml(ImportSniff *sniff)
{
  const gchar *end = sniff->data + sniff->len;
  const gchar *p = import_xml_skip_prolog(sniff->data, end);
  if (p == NULL)
    return;
  p++;
  const gchar *name = p;
  while (p < end && !g_ascii_isspace(*p) && *p != '>' && *p != '/')
    p++;
  const gchar *colon = memchr(name, ':', (gsize)(p - name));
  if (colon != NULL)
    name = colon + 1;
  gsize n = MIN((gsize)(p - name), sizeof sniff->root - 1);
  memcpy(sniff->root, name, n);
  sniff->root[n] = '\0';
  const gchar *tag_end = memchr(p, '>', (gsize)(end - p));
  if (tag_end == NULL)
    tag_end = end;
  sniff->mspdi_ns = g_strstr_len(p, tag_end - p, "http://schemas.microsoft.com/project") != NULL;
}

/* Reads up to CPM_IMPORT_SNIFF_SIZE bytes; FALSE with error on I/O failure. */
static gboolean
import_read_head(const gchar *filename, gchar *buf, gsize *len_out, GError **error)
{
  int fd = g_open(filename, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) {
    int saved = errno;
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot open: %s", filename,
                g_strerror(saved));
    return FALSE;
  }
  gsize len = 0;
  while (len < CPM_IMPORT_SNIFF_SIZE) {
    gssize n = read(fd, buf + len, CPM_IMPORT_SNIFF_SIZE - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int saved = errno;
      close(fd);
      g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot read: %s", filename,
                  g_strerror(saved));
      return FALSE;
    }
    if (n == 0)
      break;
    len += (gsize)n;
  }
  close(fd);
  *len_out = len;
  return TRUE;
}

/* Detection proper; root_out receives the XML root's local name ("" when the
 * file is not XML). */
static CpmFormat
import_detect_root(const gchar *filename, gchar root_out[64], GError **error)
{
  root_out[0] = '\0';

  gchar buf[CPM_IMPORT_SNIFF_SIZE];
  gsize len = 0;
  if (!import_read_head(filename, buf, &len, error))
    return CPM_FORMAT_UNKNOWN;

  ImportSniff sniff = { 0 };
  sniff.data = buf;
  sniff.len = len;
  g_autofree gchar *converted = NULL;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
    sniff.data += 3;
    sniff.len -= 3;
  } else if (len >= 2 && (memcmp(buf, "\xFF\xFE", 2) == 0 || memcmp(buf, "\xFE\xFF", 2) == 0)) {
    /* UTF-16: look at a UTF-8 copy of the whole characters read. */
    gsize even = (len - 2) & ~(gsize)1;
    gsize written = 0;
    converted = g_convert(buf + 2, (gssize)even, "UTF-8",
                          buf[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", NULL, &written, NULL);
    if (converted == NULL)
      return CPM_FORMAT_UNKNOWN;
    sniff.data = converted;
    sniff.len = written;
  }

  const gchar *p = sniff.data;
  const gchar *end = sniff.data + sniff.len;
  while (p < end && g_ascii_isspace(*p))
    p++;
  if (p < end && *p == '<') {
    sniff.is_xml = TRUE;
    import_sniff_xml(&sniff);
  }

  memcpy(root_out, sniff.root, sizeof sniff.root);
  for (gsize i = 0; i < G_N_ELEMENTS(import_formats); i++)
    if (import_formats[i].detect(&sniff))
      return import_formats[i].format;
  return CPM_FORMAT_UNKNOWN;
}

CpmFormat
cpm_import_detect(const gchar *filename, GError **error)
{
  g_return_val_if_fail(filename != NULL, CPM_FORMAT_UNKNOWN);

  gchar root[64];
  return import_detect_root(filename, root, error);
}

gboolean
cpm_import_file(CpmSchedule *schedule, const gchar *filename, GError **error)
{
  g_return_val_if_fail(schedule != NULL, FALSE);
  g_return_val_if_fail(filename != NULL, FALSE);

  GError *local_error = NULL;
  gchar root[64];
  CpmFormat format = import_detect_root(filename, root, &local_error);
  if (local_error != NULL) {
    g_propagate_error(error, local_error);
    return FALSE;
  }
  if (format == CPM_FORMAT_UNKNOWN) {
    GStatBuf st;
    if (g_stat(filename, &st) == 0 && st.st_size == 0)
      g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_FORMAT, "%s:1: the file is empty",
                  filename);
    else if (root[0] != '\0')
      g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_FORMAT,
                  "%s:1: XML with root element <%s> is neither P6 XML (APIBusinessObjects) nor "
                  "MS Project XML",
                  filename, root);
    else
      g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_FORMAT,
                  "%s:1: not a schedule critpath can read (expected P6 XML, XER, MS Project XML, "
                  "a CSV activity list or an IPS manifest)",
                  filename);
    return FALSE;
  }
  const ImportFormat *row = import_format_row(format);
  g_return_val_if_fail(row != NULL, FALSE);
  if (row->read == NULL) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_FORMAT,
                "%s:1: %s files are not supported yet", filename, row->name);
    return FALSE;
  }
  return row->read(schedule, filename, error);
}
