/* SPDX-License-Identifier: MIT
 *
 * cpm-reference.c: the results a scheduling tool stored in a file, the
 * blanked copy critpath schedules, and the comparison of both
 * (cpm-reference.h).
 *
 * XER is text: the reader loads it (Windows-1252 unless valid UTF-8, as the
 * XER importer does) and reads the TASK rows; the blanker copies it line by
 * line, byte for byte, emptying the computed columns. XML (P6 XML, MSPDI)
 * is streamed through libxml2's xmlTextReader with the importers' safety
 * rules: no DTD (a DOCTYPE ends the read), no entity (none is declared or
 * substituted), no network, bounded nesting. The blanker writes the XML
 * back with xmlTextWriter, node by node, skipping the computed elements, so
 * memory stays O(1) whatever the size of the file. Reading and comparing are
 * O(file size + activities).
 */
#include "cpm-import.h"
#include "cpm-reference.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <math.h>
#include <string.h>

#define REF_MAX_DEPTH 64   /* deepest element nesting accepted */
#define REF_PRESCAN   4096 /* bytes searched for a DOCTYPE before parsing */

static const gchar *const ref_field_names[CPM_REF_N_FIELDS] = {
  "early_start", "early_finish", "late_start", "late_finish", "total_float", "free_float",
};

const gchar *
cpm_ref_field_to_string(CpmRefField field)
{
  g_return_val_if_fail(field < CPM_REF_N_FIELDS, "");
  return ref_field_names[field];
}

/* ---- the reference ------------------------------------------------------ */

struct _CpmReference {
  CpmFormat format;    /* format of the file read, or CPM_FORMAT_UNKNOWN */
  GStringChunk *chunk; /* strings of the rows, owned */
  GArray *rows;        /* CpmRefRow, strings in chunk */
  GHashTable *by_key;  /* "PROJECT\tACTIVITY" (owned) -> row index + 1 */
};

CpmReference *
cpm_reference_new(void)
{
  CpmReference *self = g_new0(CpmReference, 1);
  self->chunk = g_string_chunk_new(4096);
  self->rows = g_array_new(FALSE, FALSE, sizeof(CpmRefRow));
  self->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
cpm_reference_free(CpmReference *self)
{
  if (self == NULL)
    return;
  g_string_chunk_free(self->chunk);
  g_array_unref(self->rows);
  g_hash_table_unref(self->by_key);
  g_free(self);
}

static gchar *
ref_key(const gchar *project, const gchar *activity)
{
  return g_strconcat(project != NULL ? project : "", "\t", activity, NULL);
}

void
cpm_reference_add(CpmReference *self, const CpmRefRow *row)
{
  g_return_if_fail(self != NULL && row != NULL && row->activity != NULL);

  CpmRefRow copy = *row;
  copy.project = g_string_chunk_insert_const(self->chunk, row->project != NULL ? row->project : "");
  copy.activity = g_string_chunk_insert_const(self->chunk, row->activity);
  g_autofree gchar *key = ref_key(copy.project, copy.activity);
  guint index = GPOINTER_TO_UINT(g_hash_table_lookup(self->by_key, key));
  if (index > 0) {
    g_array_index(self->rows, CpmRefRow, index - 1) = copy;
    return;
  }
  g_array_append_val(self->rows, copy);
  g_hash_table_insert(self->by_key, g_steal_pointer(&key), GUINT_TO_POINTER(self->rows->len));
}

guint
cpm_reference_n_rows(const CpmReference *self)
{
  return self->rows->len;
}

const CpmRefRow *
cpm_reference_row(const CpmReference *self, guint index)
{
  g_return_val_if_fail(index < self->rows->len, NULL);
  return &g_array_index(self->rows, CpmRefRow, index);
}

/* Index of a row, or -1. */
static gint
ref_find(const CpmReference *self, const gchar *project, const gchar *activity)
{
  g_autofree gchar *key = ref_key(project, activity);
  return (gint)GPOINTER_TO_UINT(g_hash_table_lookup(self->by_key, key)) - 1;
}

const CpmRefRow *
cpm_reference_lookup(const CpmReference *self, const gchar *project, const gchar *activity)
{
  gint index = ref_find(self, project, activity);
  return index >= 0 ? cpm_reference_row(self, (guint)index) : NULL;
}

CpmFormat
cpm_reference_format(const CpmReference *self)
{
  return self->format;
}

/* Times and floats of a row, in CpmRefField order. */
static void
ref_row_values(const CpmRefRow *row, gint64 values_out[CPM_REF_N_FIELDS])
{
  values_out[CPM_REF_EARLY_START] = row->early_start;
  values_out[CPM_REF_EARLY_FINISH] = row->early_finish;
  values_out[CPM_REF_LATE_START] = row->late_start;
  values_out[CPM_REF_LATE_FINISH] = row->late_finish;
  values_out[CPM_REF_TOTAL_FLOAT] = row->total_float;
  values_out[CPM_REF_FREE_FLOAT] = row->free_float;
}

guint
cpm_reference_n_values(const CpmReference *self)
{
  guint n = 0;
  for (guint i = 0; i < self->rows->len; i++) {
    gint64 v[CPM_REF_N_FIELDS];
    ref_row_values(&g_array_index(self->rows, CpmRefRow, i), v);
    for (guint f = 0; f < CPM_REF_N_FIELDS; f++)
      n += v[f] != G_MININT64; /* CPM_TIME_NONE == CPM_DURATION_NONE */
  }
  return n;
}

static void
ref_row_init(CpmRefRow *row)
{
  memset(row, 0, sizeof *row);
  row->status = CPM_STATUS_NOT_STARTED;
  row->early_start = row->early_finish = row->late_start = row->late_finish = CPM_TIME_NONE;
  row->total_float = row->free_float = CPM_DURATION_NONE;
}

/* ---- values ------------------------------------------------------------- */

/* A stored date: "" is none. */
static gboolean
ref_parse_time(const gchar *filename, guint line, const gchar *field, const gchar *text,
               CpmTime *time_out, GError **error)
{
  if (text == NULL || *text == '\0') {
    *time_out = CPM_TIME_NONE;
    return TRUE;
  }
  if (!cpm_time_parse(text, time_out)) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_VALUE, "%s:%u: invalid date '%s' in %s",
                filename, line, text, field);
    return FALSE;
  }
  return TRUE;
}

/* A stored float: a number (decimal point or comma) times scale, rounded
 * to the minute; "" is none. */
static gboolean
ref_parse_minutes(const gchar *filename, guint line, const gchar *field, const gchar *text,
                  gdouble scale, CpmDuration *minutes_out, GError **error)
{
  if (text == NULL || *text == '\0') {
    *minutes_out = CPM_DURATION_NONE;
    return TRUE;
  }
  g_autofree gchar *copy = g_strdelimit(g_strstrip(g_strdup(text)), ",", '.');
  gchar *end = NULL;
  gdouble value = g_ascii_strtod(copy, &end);
  if (end == copy || *end != '\0' || !isfinite(value) || fabs(value * scale) > 1e12) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_VALUE,
                "%s:%u: '%s' in %s is not a number", filename, line, text, field);
    return FALSE;
  }
  *minutes_out = (CpmDuration)llround(value * scale);
  return TRUE;
}

/* ---- XER ---------------------------------------------------------------- */

/* The TASK fields read, in CpmRefField order. */
static const gchar *const xer_value_fields[CPM_REF_N_FIELDS] = {
  "early_start_date", "early_end_date",     "late_start_date",
  "late_end_date",    "total_float_hr_cnt", "free_float_hr_cnt",
};

/* A TASK row waiting for its project's short name. */
typedef struct {
  gchar *proj_id; /* proj_id, owned */
  CpmRefRow row;  /* project unset; activity owned */
} XerPending;

static void
xer_pending_clear(gpointer data)
{
  XerPending *p = data;
  g_free(p->proj_id);
  g_free((gchar *)p->row.activity);
}

/* Column of a field in a %F line, or -1. */
static gint
xer_column(gchar **fields, const gchar *name)
{
  for (gint c = 0; fields != NULL && fields[c] != NULL; c++)
    if (strcmp(fields[c], name) == 0)
      return c;
  return -1;
}

static const gchar *
xer_cell(gchar **row, guint n, gint column)
{
  return column >= 0 && (guint)column < n ? row[column] : NULL;
}

static gboolean
xer_read(CpmReference *self, const gchar *filename, GError **error)
{
  g_autofree gchar *raw = NULL;
  gsize len = 0;
  g_autoptr(GError) io = NULL;
  if (!g_file_get_contents(filename, &raw, &len, &io)) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot read: %s", filename,
                io->message);
    return FALSE;
  }
  /* Windows-1252 unless the text is valid UTF-8 already (as the importer). */
  g_autofree gchar *converted = NULL;
  if (!g_utf8_validate(raw, (gssize)len, NULL)) {
    converted
        = g_convert_with_fallback(raw, (gssize)len, "UTF-8", "WINDOWS-1252", "?", NULL, NULL, NULL);
    if (converted == NULL) {
      g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_VALUE,
                  "%s:1: the text is neither UTF-8 nor Windows-1252", filename);
      return FALSE;
    }
  }
  g_auto(GStrv) lines = g_strsplit(converted != NULL ? converted : raw, "\n", -1);
  g_autoptr(GHashTable) projects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) pending = g_array_new(FALSE, FALSE, sizeof(XerPending));
  g_array_set_clear_func(pending, xer_pending_clear);
  g_auto(GStrv) fields = NULL;
  gchar table[64] = "";
  gint col_value[CPM_REF_N_FIELDS] = { 0 };
  gint col_code = -1, col_proj = -1, col_status = -1, col_short = -1;

  for (guint k = 0; lines[k] != NULL; k++) {
    gchar *line = lines[k];
    guint lineno = k + 1;
    g_strchomp(line);
    if (g_str_has_prefix(line, "%T\t")) {
      g_strlcpy(table, line + 3, sizeof table);
      g_clear_pointer(&fields, g_strfreev);
    } else if (g_str_has_prefix(line, "%F\t")) {
      g_strfreev(fields);
      fields = g_strsplit(line + 3, "\t", -1);
      col_proj = xer_column(fields, "proj_id");
      col_short = xer_column(fields, "proj_short_name");
      col_code = xer_column(fields, "task_code");
      col_status = xer_column(fields, "status_code");
      for (guint f = 0; f < CPM_REF_N_FIELDS; f++)
        col_value[f] = xer_column(fields, xer_value_fields[f]);
    } else if (g_str_has_prefix(line, "%R\t") && fields != NULL) {
      g_auto(GStrv) row = g_strsplit(line + 3, "\t", -1);
      guint n = g_strv_length(row);
      const gchar *proj = xer_cell(row, n, col_proj);
      if (strcmp(table, "PROJECT") == 0 && proj != NULL) {
        const gchar *short_name = xer_cell(row, n, col_short);
        g_hash_table_replace(projects, g_strdup(proj), g_strdup(short_name ? short_name : ""));
      } else if (strcmp(table, "TASK") == 0 && xer_cell(row, n, col_code) != NULL) {
        XerPending p = { 0 };
        ref_row_init(&p.row);
        gint64 v[CPM_REF_N_FIELDS];
        for (guint f = 0; f < CPM_REF_N_FIELDS; f++) {
          const gchar *text = xer_cell(row, n, col_value[f]);
          gboolean ok
              = f < CPM_REF_TOTAL_FLOAT
                    ? ref_parse_time(filename, lineno, xer_value_fields[f], text, &v[f], error)
                    : ref_parse_minutes(filename, lineno, xer_value_fields[f], text, 60.0, &v[f],
                                        error);
          if (!ok)
            return FALSE;
        }
        p.row.early_start = v[CPM_REF_EARLY_START];
        p.row.early_finish = v[CPM_REF_EARLY_FINISH];
        p.row.late_start = v[CPM_REF_LATE_START];
        p.row.late_finish = v[CPM_REF_LATE_FINISH];
        p.row.total_float = v[CPM_REF_TOTAL_FLOAT];
        p.row.free_float = v[CPM_REF_FREE_FLOAT];
        const gchar *status = xer_cell(row, n, col_status);
        if (g_strcmp0(status, "TK_Complete") == 0)
          p.row.status = CPM_STATUS_COMPLETED;
        else if (g_strcmp0(status, "TK_Active") == 0)
          p.row.status = CPM_STATUS_IN_PROGRESS;
        p.proj_id = g_strdup(proj != NULL ? proj : "");
        p.row.activity = g_strdup(xer_cell(row, n, col_code));
        g_array_append_val(pending, p);
      }
    }
  }
  for (guint i = 0; i < pending->len; i++) {
    XerPending *p = &g_array_index(pending, XerPending, i);
    p->row.project = g_hash_table_lookup(projects, p->proj_id);
    cpm_reference_add(self, &p->row);
  }
  return TRUE;
}

/* The computed fields emptied in a blanked XER: TASK ... */
static const gchar *const xer_blank_task[] = {
  "early_start_date",   "early_end_date",    "late_start_date",     "late_end_date",
  "restart_date",       "reend_date",        "rem_late_start_date", "rem_late_end_date",
  "total_float_hr_cnt", "free_float_hr_cnt", "driving_path_flag",   "float_path",
  "float_path_order",   "target_start_date", "target_end_date",     NULL,
};
/* ... TASKPRED ... */
static const gchar *const xer_blank_taskpred[] = { "aref", "arls", NULL };
/* ... and PROJECT. */
static const gchar *const xer_blank_project[] = { "scd_end_date", NULL };

static const gchar *const *
xer_blank_fields(const gchar *table)
{
  if (strcmp(table, "TASK") == 0)
    return xer_blank_task;
  if (strcmp(table, "TASKPRED") == 0)
    return xer_blank_taskpred;
  if (strcmp(table, "PROJECT") == 0)
    return xer_blank_project;
  return NULL;
}

/* Writes one %R row with the marked columns emptied. row excludes "%R\t"
 * and the line end. */
static void
xer_write_blanked_row(FILE *out, const gchar *row, gsize len, const GArray *blank)
{
  fputs("%R\t", out);
  guint column = 0;
  const gchar *p = row;
  const gchar *end = row + len;
  while (p <= end) {
    const gchar *tab = memchr(p, '\t', (gsize)(end - p));
    const gchar *cell_end = tab != NULL ? tab : end;
    gboolean empty = column < blank->len && g_array_index(blank, gboolean, column);
    if (!empty)
      fwrite(p, 1, (gsize)(cell_end - p), out);
    if (tab == NULL)
      break;
    fputc('\t', out);
    p = tab + 1;
    column++;
  }
}

static gboolean
xer_blank_copy(const gchar *in, const gchar *out, GError **error)
{
  FILE *src = fopen(in, "rb");
  if (src == NULL) {
    int saved = errno;
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot open: %s", in,
                g_strerror(saved));
    return FALSE;
  }
  FILE *dst = fopen(out, "wb");
  if (dst == NULL) {
    int saved = errno;
    fclose(src);
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot write: %s", out,
                g_strerror(saved));
    return FALSE;
  }
  g_autoptr(GArray) blank = g_array_new(FALSE, TRUE, sizeof(gboolean));
  gchar table[64] = "";
  gchar *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, src)) > 0) {
    gsize len = (gsize)n;
    gsize body = len;
    while (body > 0 && (line[body - 1] == '\n' || line[body - 1] == '\r'))
      body--;
    if (body >= 3 && memcmp(line, "%T\t", 3) == 0) {
      gsize tlen = MIN(body - 3, sizeof table - 1);
      memcpy(table, line + 3, tlen);
      table[tlen] = '\0';
      g_array_set_size(blank, 0);
    } else if (body >= 3 && memcmp(line, "%F\t", 3) == 0) {
      g_array_set_size(blank, 0);
      const gchar *const *names = xer_blank_fields(table);
      if (names != NULL) {
        g_autofree gchar *text = g_strndup(line + 3, body - 3);
        g_auto(GStrv) fields = g_strsplit(text, "\t", -1);
        for (guint c = 0; fields[c] != NULL; c++) {
          gboolean b = g_strv_contains(names, fields[c]);
          g_array_append_val(blank, b);
        }
      }
    } else if (body >= 3 && memcmp(line, "%R\t", 3) == 0 && blank->len > 0) {
      xer_write_blanked_row(dst, line + 3, body - 3, blank);
      fwrite(line + body, 1, len - body, dst);
      continue;
    }
    fwrite(line, 1, len, dst);
  }
  free(line);
  gboolean read_failed = ferror(src) != 0;
  fclose(src);
  gboolean write_failed = ferror(dst) != 0;
  write_failed |= fclose(dst) != 0;
  if (read_failed || write_failed) {
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot %s",
                read_failed ? in : out, read_failed ? "read" : "write the blanked copy");
    return FALSE;
  }
  return TRUE;
}

/* ---- XML: a safe streaming walk ----------------------------------------- */

typedef struct _RefXml RefXml;

/* Called at an element start (name at depth d, its ancestors in names[]). */
typedef gboolean (*RefXmlStart)(RefXml *x, guint depth);
/* Called at the end of a leaf element with its trimmed text. */
typedef gboolean (*RefXmlField)(RefXml *x, guint depth, const gchar *text);
/* Called at an element end. */
typedef gboolean (*RefXmlEnd)(RefXml *x, guint depth);

/* One streaming read of an XML file. */
struct _RefXml {
  const gchar *filename;                 /* for messages, borrowed */
  xmlTextReaderPtr reader;               /* the reader, owned */
  GError *error;                         /* the first error, owned */
  const gchar *names[REF_MAX_DEPTH + 1]; /* local names of the open elements (reader's dict) */
  gboolean has_child[REF_MAX_DEPTH + 1]; /* the open element has an element child */
  GString *text;                         /* text of the current leaf */
  RefXmlStart on_start;                  /* or NULL */
  RefXmlField on_field;                  /* or NULL */
  RefXmlEnd on_end;                      /* or NULL */
  gpointer data;                         /* the caller's state, borrowed */
};

static void ref_xml_fail(RefXml *x, CpmImportError code, guint line, const gchar *format, ...)
    G_GNUC_PRINTF(4, 5);

static void
ref_xml_fail(RefXml *x, CpmImportError code, guint line, const gchar *format, ...)
{
  if (x->error != NULL)
    return;
  va_list args;
  va_start(args, format);
  g_autofree gchar *message = g_strdup_vprintf(format, args);
  va_end(args);
  g_strdelimit(message, "\r\n", ' ');
  x->error
      = g_error_new(CPM_IMPORT_ERROR, code, "%s:%u: %s", x->filename, line > 0 ? line : 1, message);
}

static guint
ref_xml_line(RefXml *x)
{
  int line = x->reader != NULL ? xmlTextReaderGetParserLineNumber(x->reader) : 0;
  return line > 0 ? (guint)line : 1;
}

static void
ref_xml_on_error(void *data, xmlErrorPtr error)
{
  RefXml *x = data;
  if (error == NULL || error->level < XML_ERR_ERROR)
    return;
  g_autofree gchar *message = g_strstrip(g_strdup(error->message != NULL ? error->message : ""));
  ref_xml_fail(x, CPM_IMPORT_ERROR_SYNTAX, error->line > 0 ? (guint)error->line : 1,
               "malformed XML: %s", message);
}

/* Refuses a DOCTYPE in the prolog before libxml2 reads it (as the P6 XML
 * importer does); a later one is refused when the reader reports it. */
static gboolean
ref_xml_prescan(RefXml *x)
{
  gchar buf[REF_PRESCAN];
  FILE *f = fopen(x->filename, "rb");
  if (f == NULL) {
    int saved = errno;
    ref_xml_fail(x, CPM_IMPORT_ERROR_IO, 1, "cannot open: %s", g_strerror(saved));
    return FALSE;
  }
  gsize n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  const gchar *p = buf;
  const gchar *end = buf + n;
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end) {
    if (g_ascii_isspace(*p)) {
      p++;
    } else if (end - p >= 2 && p[0] == '<' && p[1] == '?') {
      const gchar *q = g_strstr_len(p, end - p, "?>");
      p = q != NULL ? q + 2 : end;
    } else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
      const gchar *q = g_strstr_len(p + 4, end - p - 4, "-->");
      p = q != NULL ? q + 3 : end;
    } else if (end - p >= 2 && p[0] == '<' && p[1] == '!') {
      guint line = 1;
      for (const gchar *q = buf; q < p; q++)
        line += *q == '\n';
      ref_xml_fail(x, CPM_IMPORT_ERROR_SECURITY, line, "DOCTYPE declarations are not allowed");
      return FALSE;
    } else {
      break;
    }
  }
  return TRUE;
}

/* Opens the reader: no entity substitution, no DTD loading, no network. */
static gboolean
ref_xml_open(RefXml *x)
{
  if (!ref_xml_prescan(x))
    return FALSE;
  x->reader = xmlReaderForFile(x->filename, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
  if (x->reader == NULL) {
    ref_xml_fail(x, CPM_IMPORT_ERROR_IO, 1, "cannot open the XML file");
    return FALSE;
  }
  xmlTextReaderSetStructuredErrorHandler(x->reader, ref_xml_on_error, x);
  return TRUE;
}

static void
ref_xml_clear(RefXml *x)
{
  g_clear_pointer(&x->reader, xmlFreeTextReader);
  g_clear_error(&x->error);
  if (x->text != NULL)
    g_string_free(x->text, TRUE);
  x->text = NULL;
}

/* Checks a node for what the readers refuse; records the error. */
static gboolean
ref_xml_check_node(RefXml *x, int type, int depth)
{
  if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
    ref_xml_fail(x, CPM_IMPORT_ERROR_SECURITY, ref_xml_line(x),
                 "DOCTYPE declarations are not allowed");
    return FALSE;
  }
  if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY) {
    ref_xml_fail(x, CPM_IMPORT_ERROR_SECURITY, ref_xml_line(x), "entities are not allowed");
    return FALSE;
  }
  if (depth < 0 || depth >= REF_MAX_DEPTH) {
    ref_xml_fail(x, CPM_IMPORT_ERROR_LIMIT, ref_xml_line(x),
                 "elements nested deeper than %d levels", REF_MAX_DEPTH);
    return FALSE;
  }
  return TRUE;
}

/* Streams the whole file through the callbacks. O(file size). */
static gboolean
ref_xml_walk(RefXml *x)
{
  if (!ref_xml_open(x))
    return FALSE;
  x->text = g_string_new(NULL);
  int ret;
  while ((ret = xmlTextReaderRead(x->reader)) == 1 && x->error == NULL) {
    int type = xmlTextReaderNodeType(x->reader);
    int depth = xmlTextReaderDepth(x->reader);
    if (!ref_xml_check_node(x, type, depth))
      break;
    guint d = (guint)depth;
    switch (type) {
      case XML_READER_TYPE_ELEMENT:
        x->names[d] = (const gchar *)xmlTextReaderConstLocalName(x->reader);
        x->has_child[d] = FALSE;
        if (d > 0)
          x->has_child[d - 1] = TRUE;
        g_string_truncate(x->text, 0);
        if (x->on_start != NULL && !x->on_start(x, d))
          break;
        if (xmlTextReaderIsEmptyElement(x->reader)) {
          if (x->on_field != NULL && !x->on_field(x, d, ""))
            break;
          if (x->on_end != NULL)
            x->on_end(x, d);
        }
        break;
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      case XML_READER_TYPE_WHITESPACE:
        if (d > 0 && !x->has_child[d - 1]) {
          const xmlChar *value = xmlTextReaderConstValue(x->reader);
          if (value != NULL)
            g_string_append(x->text, (const gchar *)value);
        }
        break;
      case XML_READER_TYPE_END_ELEMENT:
        if (!x->has_child[d] && x->on_field != NULL && !x->on_field(x, d, g_strstrip(x->text->str)))
          break;
        g_string_truncate(x->text, 0);
        if (x->on_end != NULL)
          x->on_end(x, d);
        break;
      default:
        break;
    }
  }
  if (ret < 0 && x->error == NULL)
    ref_xml_fail(x, CPM_IMPORT_ERROR_SYNTAX, ref_xml_line(x), "malformed XML");
  return x->error == NULL;
}

static gboolean
ref_xml_is(const RefXml *x, guint depth, const gchar *name)
{
  return x->names[depth] != NULL && strcmp(x->names[depth], name) == 0;
}

/* ---- P6 XML ------------------------------------------------------------- */

/* A project element of a P6 XML file. */
typedef struct {
  gint64 object_id; /* ObjectId, or -1 */
  gchar *id;        /* Id, owned, "" when absent */
} P6refProject;

/* An activity as read; its project is resolved once the file is read. */
typedef struct {
  CpmRefRow row;        /* activity owned; project unset */
  gint project;         /* index in projects of the enclosing Project, or -1 */
  gint64 project_oid;   /* ProjectObjectId, or -1 */
  CpmTime early[4];     /* EarlyStart/EarlyFinish/LateStart/LateFinishDate */
  CpmTime remaining[4]; /* the Remaining* dates */
} P6refActivity;

/* State of a P6 XML read. */
typedef struct {
  GArray *projects;     /* P6refProject */
  GArray *activities;   /* P6refActivity */
  gint cur_project;     /* index of the open Project, or -1 */
  guint project_depth;  /* its depth */
  guint skip_depth;     /* depth of an open BaselineProject / external Project, or 0 */
  gboolean in_activity; /* an Activity is open */
  guint activity_depth; /* its depth */
  P6refActivity act;    /* the open Activity */
} P6ref;

static const gchar *const p6ref_date_fields[4]
    = { "EarlyStartDate", "EarlyFinishDate", "LateStartDate", "LateFinishDate" };
static const gchar *const p6ref_remaining_fields[4]
    = { "RemainingEarlyStartDate", "RemainingEarlyFinishDate", "RemainingLateStartDate",
        "RemainingLateFinishDate" };

static gboolean
p6ref_start(RefXml *x, guint depth)
{
  P6ref *st = x->data;
  if (st->skip_depth > 0)
    return TRUE;
  if (depth == 1 && ref_xml_is(x, 1, "BaselineProject")) {
    st->skip_depth = depth;
    return TRUE;
  }
  if (depth == 1 && ref_xml_is(x, 1, "Project")) {
    xmlChar *external = xmlTextReaderGetAttribute(x->reader, BAD_CAST "external");
    gboolean skip = external != NULL
                    && (strcmp((const gchar *)external, "true") == 0
                        || strcmp((const gchar *)external, "1") == 0);
    xmlFree(external);
    if (skip) {
      st->skip_depth = depth;
      return TRUE;
    }
    P6refProject p = { -1, g_strdup("") };
    g_array_append_val(st->projects, p);
    st->cur_project = (gint)st->projects->len - 1;
    st->project_depth = depth;
    return TRUE;
  }
  if (ref_xml_is(x, depth, "Activity")
      && (depth == 1 || (st->cur_project >= 0 && depth == st->project_depth + 1))) {
    st->in_activity = TRUE;
    st->activity_depth = depth;
    memset(&st->act, 0, sizeof st->act);
    ref_row_init(&st->act.row);
    st->act.project = depth == 1 ? -1 : st->cur_project;
    st->act.project_oid = -1;
    for (guint k = 0; k < 4; k++)
      st->act.early[k] = st->act.remaining[k] = CPM_TIME_NONE;
  }
  return TRUE;
}

static gboolean
p6ref_parse_oid(RefXml *x, const gchar *text, gint64 *out)
{
  gchar *end = NULL;
  gint64 v = g_ascii_strtoll(text, &end, 10);
  if (*text == '\0' || end == NULL || *end != '\0') {
    ref_xml_fail(x, CPM_IMPORT_ERROR_VALUE, ref_xml_line(x), "invalid ObjectId '%s'", text);
    return FALSE;
  }
  *out = v;
  return TRUE;
}

static gboolean
p6ref_field(RefXml *x, guint depth, const gchar *text)
{
  P6ref *st = x->data;
  const gchar *name = x->names[depth];
  if (st->skip_depth > 0)
    return TRUE;
  if (st->cur_project >= 0 && !st->in_activity && depth == st->project_depth + 1) {
    P6refProject *p = &g_array_index(st->projects, P6refProject, st->cur_project);
    if (strcmp(name, "Id") == 0) {
      g_free(p->id);
      p->id = g_strdup(text);
    } else if (strcmp(name, "ObjectId") == 0 && *text != '\0') {
      return p6ref_parse_oid(x, text, &p->object_id);
    }
    return TRUE;
  }
  if (!st->in_activity || depth != st->activity_depth + 1)
    return TRUE;
  P6refActivity *a = &st->act;
  guint line = ref_xml_line(x);
  if (strcmp(name, "Id") == 0) {
    g_free((gchar *)a->row.activity);
    a->row.activity = g_strdup(text);
  } else if (strcmp(name, "ProjectObjectId") == 0 && *text != '\0') {
    return p6ref_parse_oid(x, text, &a->project_oid);
  } else if (strcmp(name, "Status") == 0) {
    if (strcmp(text, "Completed") == 0)
      a->row.status = CPM_STATUS_COMPLETED;
    else if (strcmp(text, "In Progress") == 0)
      a->row.status = CPM_STATUS_IN_PROGRESS;
  } else if (strcmp(name, "TotalFloat") == 0 || strcmp(name, "FreeFloat") == 0) {
    CpmDuration *target = name[0] == 'T' ? &a->row.total_float : &a->row.free_float;
    if (!ref_parse_minutes(x->filename, line, name, text, 60.0, target, &x->error))
      return FALSE;
  } else {
    for (guint k = 0; k < 4; k++) {
      if (strcmp(name, p6ref_date_fields[k]) == 0)
        return ref_parse_time(x->filename, line, name, text, &a->early[k], &x->error);
      if (strcmp(name, p6ref_remaining_fields[k]) == 0)
        return ref_parse_time(x->filename, line, name, text, &a->remaining[k], &x->error);
    }
  }
  return TRUE;
}

static gboolean
p6ref_end(RefXml *x, guint depth)
{
  P6ref *st = x->data;
  if (st->skip_depth > 0) {
    if (depth == st->skip_depth)
      st->skip_depth = 0;
    return TRUE;
  }
  if (st->in_activity && depth == st->activity_depth) {
    st->in_activity = FALSE;
    if (st->act.row.activity == NULL || st->act.row.activity[0] == '\0') {
      g_free((gchar *)st->act.row.activity);
      return TRUE;
    }
    g_array_append_val(st->activities, st->act);
    return TRUE;
  }
  if (st->cur_project >= 0 && depth == st->project_depth)
    st->cur_project = -1;
  return TRUE;
}

static gboolean
p6ref_read(CpmReference *self, const gchar *filename, GError **error)
{
  P6ref st = { 0 };
  st.projects = g_array_new(FALSE, FALSE, sizeof(P6refProject));
  st.activities = g_array_new(FALSE, FALSE, sizeof(P6refActivity));
  st.cur_project = -1;
  RefXml x = { 0 };
  x.filename = filename;
  x.on_start = p6ref_start;
  x.on_field = p6ref_field;
  x.on_end = p6ref_end;
  x.data = &st;
  gboolean ok = ref_xml_walk(&x);
  if (!ok)
    g_propagate_error(error, g_steal_pointer(&x.error));
  for (guint i = 0; i < st.activities->len; i++) {
    P6refActivity *a = &g_array_index(st.activities, P6refActivity, i);
    if (ok) {
      /* The project: the enclosing one, else the one its ProjectObjectId
       * names ("" when absent, as the importer's stub). */
      a->row.project = "";
      if (a->project >= 0)
        a->row.project = g_array_index(st.projects, P6refProject, a->project).id;
      else
        for (guint p = 0; p < st.projects->len; p++)
          if (g_array_index(st.projects, P6refProject, p).object_id == a->project_oid)
            a->row.project = g_array_index(st.projects, P6refProject, p).id;
      /* Remaining dates when the file has them (started work), else the
       * early/late dates. */
      CpmTime *t[4]
          = { &a->row.early_start, &a->row.early_finish, &a->row.late_start, &a->row.late_finish };
      for (guint k = 0; k < 4; k++)
        *t[k] = a->remaining[k] != CPM_TIME_NONE ? a->remaining[k] : a->early[k];
      cpm_reference_add(self, &a->row);
    }
    g_free((gchar *)a->row.activity);
  }
  if (st.in_activity)
    g_free((gchar *)st.act.row.activity);
  for (guint p = 0; p < st.projects->len; p++)
    g_free(g_array_index(st.projects, P6refProject, p).id);
  g_array_unref(st.projects);
  g_array_unref(st.activities);
  ref_xml_clear(&x);
  return ok;
}

/* ---- MSPDI -------------------------------------------------------------- */

/* State of an MSPDI read. */
typedef struct {
  gchar *title;               /* Project/Title, owned, or NULL */
  gchar *name;                /* Project/Name, owned, or NULL */
  GArray *rows;               /* CpmRefRow, activity owned, project unset */
  gboolean in_task;           /* a Tasks/Task is open */
  CpmRefRow row;              /* the open task */
  CpmTime start;              /* its Start (used when EarlyStart is absent) */
  CpmTime finish;             /* its Finish */
  gboolean has_actual_start;  /* ActualStart given */
  gboolean has_actual_finish; /* ActualFinish given */
} Msref;

static gboolean
msref_start(RefXml *x, guint depth)
{
  Msref *st = x->data;
  if (depth == 2 && ref_xml_is(x, 1, "Tasks") && ref_xml_is(x, 2, "Task")) {
    st->in_task = TRUE;
    ref_row_init(&st->row);
    st->start = st->finish = CPM_TIME_NONE;
    st->has_actual_start = st->has_actual_finish = FALSE;
  }
  return TRUE;
}

static gboolean
msref_field(RefXml *x, guint depth, const gchar *text)
{
  Msref *st = x->data;
  const gchar *name = x->names[depth];
  guint line = ref_xml_line(x);
  if (depth == 1 && (strcmp(name, "Title") == 0 || strcmp(name, "Name") == 0)) {
    gchar **target = name[0] == 'T' ? &st->title : &st->name;
    g_free(*target);
    *target = g_strdup(text);
    return TRUE;
  }
  if (!st->in_task || depth != 3)
    return TRUE;
  CpmRefRow *r = &st->row;
  if (strcmp(name, "UID") == 0) {
    g_free((gchar *)r->activity);
    r->activity = g_strdup(text);
  } else if (strcmp(name, "EarlyStart") == 0) {
    return ref_parse_time(x->filename, line, name, text, &r->early_start, &x->error);
  } else if (strcmp(name, "EarlyFinish") == 0) {
    return ref_parse_time(x->filename, line, name, text, &r->early_finish, &x->error);
  } else if (strcmp(name, "LateStart") == 0) {
    return ref_parse_time(x->filename, line, name, text, &r->late_start, &x->error);
  } else if (strcmp(name, "LateFinish") == 0) {
    return ref_parse_time(x->filename, line, name, text, &r->late_finish, &x->error);
  } else if (strcmp(name, "Start") == 0) {
    return ref_parse_time(x->filename, line, name, text, &st->start, &x->error);
  } else if (strcmp(name, "Finish") == 0) {
    return ref_parse_time(x->filename, line, name, text, &st->finish, &x->error);
  } else if (strcmp(name, "TotalSlack") == 0) {
    /* Tenths of minutes. */
    return ref_parse_minutes(x->filename, line, name, text, 0.1, &r->total_float, &x->error);
  } else if (strcmp(name, "FreeSlack") == 0) {
    return ref_parse_minutes(x->filename, line, name, text, 0.1, &r->free_float, &x->error);
  } else if (strcmp(name, "ActualStart") == 0) {
    st->has_actual_start = *text != '\0';
  } else if (strcmp(name, "ActualFinish") == 0) {
    st->has_actual_finish = *text != '\0';
  }
  return TRUE;
}

static gboolean
msref_end(RefXml *x, guint depth)
{
  Msref *st = x->data;
  if (!st->in_task || depth != 2)
    return TRUE;
  st->in_task = FALSE;
  CpmRefRow *r = &st->row;
  if (r->activity == NULL || r->activity[0] == '\0') {
    g_clear_pointer((gchar **)&r->activity, g_free);
    return TRUE;
  }
  if (r->early_start == CPM_TIME_NONE)
    r->early_start = st->start;
  if (r->early_finish == CPM_TIME_NONE)
    r->early_finish = st->finish;
  r->status = st->has_actual_finish  ? CPM_STATUS_COMPLETED
              : st->has_actual_start ? CPM_STATUS_IN_PROGRESS
                                     : CPM_STATUS_NOT_STARTED;
  g_array_append_val(st->rows, *r);
  r->activity = NULL;
  return TRUE;
}

static gboolean
msref_read(CpmReference *self, const gchar *filename, GError **error)
{
  Msref st = { 0 };
  st.rows = g_array_new(FALSE, FALSE, sizeof(CpmRefRow));
  RefXml x = { 0 };
  x.filename = filename;
  x.on_start = msref_start;
  x.on_field = msref_field;
  x.on_end = msref_end;
  x.data = &st;
  gboolean ok = ref_xml_walk(&x);
  if (!ok)
    g_propagate_error(error, g_steal_pointer(&x.error));
  /* The project Id the MSPDI importer gives: Title, else Name, else the
   * file's basename. */
  g_autofree gchar *base = g_path_get_basename(filename);
  const gchar *project = st.title != NULL && *st.title != '\0' ? st.title
                         : st.name != NULL && *st.name != '\0' ? st.name
                                                               : base;
  for (guint i = 0; i < st.rows->len; i++) {
    CpmRefRow *r = &g_array_index(st.rows, CpmRefRow, i);
    r->project = project;
    if (ok)
      cpm_reference_add(self, r);
    g_free((gchar *)r->activity);
  }
  g_free((gchar *)st.row.activity);
  g_array_unref(st.rows);
  g_free(st.title);
  g_free(st.name);
  ref_xml_clear(&x);
  return ok;
}

CpmReference *
cpm_reference_read(const gchar *filename, GError **error)
{
  g_return_val_if_fail(filename != NULL, NULL);

  GError *local_error = NULL;
  CpmFormat format = cpm_import_detect(filename, &local_error);
  if (local_error != NULL) {
    g_propagate_error(error, local_error);
    return NULL;
  }
  g_autoptr(CpmReference) self = cpm_reference_new();
  self->format = format;
  gboolean ok;
  switch (format) {
    case CPM_FORMAT_XER:
      ok = xer_read(self, filename, error);
      break;
    case CPM_FORMAT_P6XML:
      ok = p6ref_read(self, filename, error);
      break;
    case CPM_FORMAT_MSPDI:
      ok = msref_read(self, filename, error);
      break;
    default:
      g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_FORMAT,
                  "%s:1: parity checks read XER, P6 XML and MS Project XML files; this file is %s",
                  filename, cpm_format_to_string(format));
      ok = FALSE;
      break;
  }
  return ok ? g_steal_pointer(&self) : NULL;
}

/* ---- the blanked copy of an XML file ------------------------------------ */

/* Elements removed from the children of P6 XML activities and
 * relationships, and of MSPDI tasks. */
static const gchar *const p6_blank_activity[] = {
  "EarlyStartDate",
  "EarlyFinishDate",
  "LateStartDate",
  "LateFinishDate",
  "RemainingEarlyStartDate",
  "RemainingEarlyFinishDate",
  "RemainingLateStartDate",
  "RemainingLateFinishDate",
  "StartDate",
  "FinishDate",
  "PlannedStartDate",
  "PlannedFinishDate",
  "TotalFloat",
  "FreeFloat",
  "RemainingFloat",
  "IsCritical",
  "IsLongestPath",
  "FloatPath",
  "FloatPathOrder",
  "Driving",
  NULL,
};

static const gchar *const msp_blank_task[] = {
  "Start",      "Finish",    "EarlyStart", "EarlyFinish", "LateStart", "LateFinish",
  "TotalSlack", "FreeSlack", "StartSlack", "FinishSlack", "Critical",  NULL,
};

/* Whether an element (local name, parent's local name) is a computed
 * value to drop. */
static gboolean
ref_blank_drops(CpmFormat format, const gchar *parent, const gchar *name)
{
  if (format == CPM_FORMAT_MSPDI)
    return strcmp(parent, "Task") == 0 && g_strv_contains(msp_blank_task, name);
  if (strcmp(parent, "Activity") == 0)
    return g_strv_contains(p6_blank_activity, name);
  if (strcmp(parent, "Relationship") == 0) {
    /* The denormalised Predecessor and Successor fields (names, Ids,
     * dates...), but not the ObjectIds the link is made of. */
    if ((g_str_has_prefix(name, "Predecessor") || g_str_has_prefix(name, "Successor"))
        && !g_str_has_suffix(name, "ObjectId"))
      return TRUE;
    return g_strv_contains(p6_blank_activity, name);
  }
  return FALSE;
}

/* Copies the reader's current element start tag to the writer. */
static int
ref_copy_start_tag(xmlTextReaderPtr reader, xmlTextWriterPtr writer)
{
  if (xmlTextWriterStartElement(writer, xmlTextReaderConstName(reader)) < 0)
    return -1;
  while (xmlTextReaderMoveToNextAttribute(reader) == 1)
    if (xmlTextWriterWriteAttribute(writer, xmlTextReaderConstName(reader),
                                    xmlTextReaderConstValue(reader))
        < 0)
      return -1;
  xmlTextReaderMoveToElement(reader);
  if (xmlTextReaderIsEmptyElement(reader))
    return xmlTextWriterEndElement(writer);
  return 0;
}

static gboolean
xml_blank_copy(CpmFormat format, const gchar *in, const gchar *out, GError **error)
{
  RefXml x = { 0 };
  x.filename = in;
  if (!ref_xml_open(&x)) {
    g_propagate_error(error, g_steal_pointer(&x.error));
    return FALSE;
  }
  xmlTextWriterPtr writer = xmlNewTextWriterFilename(out, 0);
  if (writer == NULL) {
    ref_xml_clear(&x);
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot write", out);
    return FALSE;
  }
  int wrote = 0;
  gboolean started = FALSE;
  int ret = xmlTextReaderRead(x.reader);
  while (ret == 1 && x.error == NULL && wrote >= 0) {
    xmlTextReaderPtr r = x.reader;
    int type = xmlTextReaderNodeType(r);
    int depth = xmlTextReaderDepth(r);
    if (!ref_xml_check_node(&x, type, depth))
      break;
    if (!started) {
      /* The declaration: the version and standalone of the original; the
       * copy is UTF-8. */
      const xmlChar *version = xmlTextReaderConstXmlVersion(r);
      int standalone = xmlTextReaderStandalone(r);
      wrote = xmlTextWriterStartDocument(writer, version != NULL ? (const char *)version : "1.0",
                                         "UTF-8",
                                         standalone == 1   ? "yes"
                                         : standalone == 0 ? "no"
                                                           : NULL);
      started = TRUE;
      if (wrote < 0)
        break;
    }
    switch (type) {
      case XML_READER_TYPE_ELEMENT:
        x.names[depth] = (const gchar *)xmlTextReaderConstLocalName(r);
        if (depth > 0 && ref_blank_drops(format, x.names[depth - 1], x.names[depth])) {
          ret = xmlTextReaderNext(r); /* the element and its subtree */
          continue;
        }
        wrote = ref_copy_start_tag(r, writer);
        break;
      case XML_READER_TYPE_END_ELEMENT:
        wrote = xmlTextWriterFullEndElement(writer);
        break;
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      case XML_READER_TYPE_WHITESPACE:
        wrote = xmlTextWriterWriteString(writer, xmlTextReaderConstValue(r));
        break;
      case XML_READER_TYPE_CDATA:
        wrote = xmlTextWriterWriteCDATA(writer, xmlTextReaderConstValue(r));
        break;
      case XML_READER_TYPE_COMMENT:
        wrote = xmlTextWriterWriteComment(writer, xmlTextReaderConstValue(r));
        break;
      case XML_READER_TYPE_PROCESSING_INSTRUCTION:
        wrote = xmlTextWriterWritePI(writer, xmlTextReaderConstName(r), xmlTextReaderConstValue(r));
        break;
      default:
        break;
    }
    ret = xmlTextReaderRead(r);
  }
  if (ret < 0 && x.error == NULL)
    ref_xml_fail(&x, CPM_IMPORT_ERROR_SYNTAX, ref_xml_line(&x), "malformed XML");
  if (wrote >= 0 && x.error == NULL)
    wrote = xmlTextWriterEndDocument(writer);
  xmlFreeTextWriter(writer); /* flushes and closes */
  gboolean ok = x.error == NULL && wrote >= 0;
  if (x.error != NULL)
    g_propagate_error(error, g_steal_pointer(&x.error));
  else if (wrote < 0)
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "%s:1: cannot write the blanked copy",
                out);
  ref_xml_clear(&x);
  return ok;
}

gboolean
cpm_reference_blank_copy(const gchar *in, const gchar *out, GError **error)
{
  g_return_val_if_fail(in != NULL && out != NULL, FALSE);

  GError *local_error = NULL;
  CpmFormat format = cpm_import_detect(in, &local_error);
  if (local_error != NULL) {
    g_propagate_error(error, local_error);
    return FALSE;
  }
  switch (format) {
    case CPM_FORMAT_XER:
      return xer_blank_copy(in, out, error);
    case CPM_FORMAT_P6XML:
    case CPM_FORMAT_MSPDI:
      return xml_blank_copy(format, in, out, error);
    default:
      g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_FORMAT,
                  "%s:1: parity checks read XER, P6 XML and MS Project XML files; this file is %s",
                  in, cpm_format_to_string(format));
      return FALSE;
  }
}

/* ---- comparison ---------------------------------------------------------- */

struct _CpmParityReport {
  CpmFormat format;      /* format of the reference */
  GStringChunk *chunk;   /* project and activity Ids, owned */
  CpmParityCounts total; /* the whole file */
  GArray *projects;      /* CpmParityCounts per schedule project */
  GArray *mismatches;    /* CpmParityMismatch, in schedule order */
  guint mismatching;     /* activities with at least one mismatch */
  guint missing;         /* reference rows critpath does not have */
  guint unreferenced;    /* critpath activities the reference does not have */
};

void
cpm_parity_report_free(CpmParityReport *self)
{
  if (self == NULL)
    return;
  g_string_chunk_free(self->chunk);
  g_array_unref(self->projects);
  g_array_unref(self->mismatches);
  g_free(self);
}

/* A float in hundredths of an hour, rounded. */
static gint64
ref_centihours(CpmDuration minutes)
{
  return (gint64)llround((gdouble)minutes / 60.0 * 100.0);
}

static gboolean
ref_same(CpmRefField field, gint64 mine, gint64 stored)
{
  if (mine == G_MININT64 || stored == G_MININT64)
    return mine == stored;
  if (field >= CPM_REF_TOTAL_FLOAT)
    return ref_centihours(mine) == ref_centihours(stored);
  return mine == stored;
}

CpmParityReport *
cpm_reference_compare(const CpmReference *ref, const CpmSchedule *schedule, const CpmResult *result)
{
  g_return_val_if_fail(ref != NULL && schedule != NULL && result != NULL, NULL);

  CpmParityReport *self = g_new0(CpmParityReport, 1);
  self->format = ref->format;
  self->chunk = g_string_chunk_new(1024);
  self->projects = g_array_new(FALSE, TRUE, sizeof(CpmParityCounts));
  self->mismatches = g_array_new(FALSE, FALSE, sizeof(CpmParityMismatch));
  guint np = cpm_schedule_n_projects(schedule);
  g_array_set_size(self->projects, np);
  for (guint p = 0; p < np; p++)
    g_array_index(self->projects, CpmParityCounts, p).project
        = g_string_chunk_insert_const(self->chunk, cpm_schedule_project(schedule, p)->id);
  g_autofree gboolean *seen = g_new0(gboolean, ref->rows->len + 1);

  for (guint i = 0; i < cpm_schedule_n_activities(schedule); i++) {
    const CpmActivity *a = cpm_schedule_activity(schedule, i);
    const CpmProject *proj = cpm_schedule_project(schedule, a->project);
    gint index = ref_find(ref, proj->id, a->id);
    if (index < 0) {
      self->unreferenced++;
      continue;
    }
    seen[index] = TRUE;
    const CpmRefRow *row = cpm_reference_row(ref, (guint)index);
    CpmParityCounts *pc = &g_array_index(self->projects, CpmParityCounts, a->project);
    if (row->status == CPM_STATUS_COMPLETED) {
      pc->completed++;
      self->total.completed++;
      continue;
    }
    const CpmActivityResult *r = cpm_result_activity(result, i);
    gint64 mine[CPM_REF_N_FIELDS] = { r->early_start, r->early_finish, r->late_start,
                                      r->late_finish, r->total_float,  r->free_float };
    gint64 stored[CPM_REF_N_FIELDS];
    ref_row_values(row, stored);
    gboolean all = TRUE;
    for (guint f = 0; f < CPM_REF_N_FIELDS; f++) {
      if (stored[f] == G_MININT64)
        continue; /* the file does not store it: not compared */
      gboolean same = ref_same(f, mine[f], stored[f]);
      pc->field_compared[f]++;
      self->total.field_compared[f]++;
      pc->field_matched[f] += same;
      self->total.field_matched[f] += same;
      if (!same) {
        CpmParityMismatch m = { 0 };
        m.project = g_string_chunk_insert_const(self->chunk, proj->id);
        m.activity = g_string_chunk_insert_const(self->chunk, a->id);
        m.field = (CpmRefField)f;
        m.is_float = f >= CPM_REF_TOTAL_FLOAT;
        m.critpath = mine[f];
        m.reference = stored[f];
        g_array_append_val(self->mismatches, m);
      }
      all &= same;
    }
    pc->compared++;
    self->total.compared++;
    pc->fully_matching += all;
    self->total.fully_matching += all;
    self->mismatching += !all;
  }
  for (guint k = 0; k < ref->rows->len; k++)
    self->missing += !seen[k];
  return self;
}

const CpmParityCounts *
cpm_parity_report_total(const CpmParityReport *self)
{
  return &self->total;
}

guint
cpm_parity_report_n_projects(const CpmParityReport *self)
{
  return self->projects->len;
}

const CpmParityCounts *
cpm_parity_report_project(const CpmParityReport *self, guint index)
{
  g_return_val_if_fail(index < self->projects->len, NULL);
  return &g_array_index(self->projects, CpmParityCounts, index);
}

guint
cpm_parity_report_n_missing(const CpmParityReport *self)
{
  return self->missing;
}

guint
cpm_parity_report_n_unreferenced(const CpmParityReport *self)
{
  return self->unreferenced;
}

guint
cpm_parity_report_n_mismatches(const CpmParityReport *self)
{
  return self->mismatches->len;
}

const CpmParityMismatch *
cpm_parity_report_mismatch(const CpmParityReport *self, guint index)
{
  g_return_val_if_fail(index < self->mismatches->len, NULL);
  return &g_array_index(self->mismatches, CpmParityMismatch, index);
}

guint
cpm_parity_report_n_mismatching_activities(const CpmParityReport *self)
{
  return self->mismatching;
}

gdouble
cpm_parity_counts_percent(const CpmParityCounts *counts)
{
  return counts->compared > 0 ? 100.0 * counts->fully_matching / counts->compared : 0.0;
}

/* ---- writers ------------------------------------------------------------- */

/* The name of the tool whose results the file holds. */
static const gchar *
ref_tool(CpmFormat format)
{
  return format == CPM_FORMAT_MSPDI ? "MSP" : "P6";
}

/* A percentage rounded down to 0.1 (99.96 is not "100.0"). */
static gdouble
ref_percent_floor(const CpmParityCounts *counts)
{
  return floor(cpm_parity_counts_percent(counts) * 10.0 + 1e-9) / 10.0;
}

/* A value as text: `YYYY-MM-DDTHH:MM`, hours with two decimals, or "-". */
static const gchar *
ref_format_value(gboolean is_float, gint64 value, gchar buf[32])
{
  if (value == G_MININT64) {
    g_strlcpy(buf, "-", 32);
    return buf;
  }
  if (!is_float) {
    gchar tbuf[CPM_TIME_FORMAT_LEN];
    g_strlcpy(buf, cpm_time_format(value, tbuf), 32);
    return buf;
  }
  gint64 c = ref_centihours(value);
  g_snprintf(buf, 32, "%s%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, c < 0 ? "-" : "", ABS(c) / 100,
             ABS(c) % 100);
  return buf;
}

/* "early_start, late_start, ..." of the fields the counts compared. */
static gchar *
ref_compared_fields(const CpmParityCounts *counts, guint *n_out)
{
  g_autoptr(GString) s = g_string_new(NULL);
  guint n = 0;
  for (guint f = 0; f < CPM_REF_N_FIELDS; f++) {
    if (counts->field_compared[f] == 0)
      continue;
    g_string_append_printf(s, "%s%s", n > 0 ? ", " : "", ref_field_names[f]);
    n++;
  }
  *n_out = n;
  return g_string_free(g_steal_pointer(&s), FALSE);
}

static void
ref_write_counts_row(FILE *out, int width, const gchar *label, const CpmParityCounts *c)
{
  fprintf(out, "%-*s %8u %9u %8u %6.1f", width, label, c->compared, c->completed, c->fully_matching,
          ref_percent_floor(c));
  for (guint f = 0; f < CPM_REF_N_FIELDS; f++) {
    g_autofree gchar *cell
        = c->field_compared[f] > 0
              ? g_strdup_printf("%u/%u", c->field_matched[f], c->field_compared[f])
              : g_strdup("-");
    fprintf(out, " %12s", cell);
  }
  fputc('\n', out);
}

static void
ref_write_text(const CpmParityReport *self, const gchar *label, guint max_mismatches, FILE *out)
{
  const CpmParityCounts *t = &self->total;
  guint n_fields = 0;
  g_autofree gchar *fields = ref_compared_fields(t, &n_fields);
  g_autofree gchar *values = n_fields == CPM_REF_N_FIELDS
                                 ? g_strdup("all six values")
                                 : g_strdup_printf("all %u stored values", n_fields);
  fprintf(out, "%s: %u activities compared (%u completed not compared), %u match on %s (%.1f%%)\n",
          label, t->compared, t->completed, t->fully_matching, values, ref_percent_floor(t));
  fprintf(out, "values compared: %s\n",
          n_fields > 0 ? fields : "none (the file stores no results)");
  if (self->missing > 0 || self->unreferenced > 0)
    fprintf(out,
            "not compared: %u activities of the file critpath does not have, %u activities "
            "critpath has that the file does not list\n",
            self->missing, self->unreferenced);
  int width = 16;
  for (guint p = 0; p < self->projects->len; p++)
    width = MAX(width,
                (int)g_utf8_strlen(g_array_index(self->projects, CpmParityCounts, p).project, -1));
  fprintf(out, "%-*s %8s %9s %8s %6s", width, "project", "compared", "completed", "matching", "%");
  for (guint f = 0; f < CPM_REF_N_FIELDS; f++)
    fprintf(out, " %12s", ref_field_names[f]);
  fputc('\n', out);
  for (guint p = 0; p < self->projects->len; p++) {
    const CpmParityCounts *c = &g_array_index(self->projects, CpmParityCounts, p);
    ref_write_counts_row(out, width, c->project[0] != '\0' ? c->project : "(no Id)", c);
  }
  if (self->projects->len > 1)
    ref_write_counts_row(out, width, "(total)", t);

  const gchar *tool = ref_tool(self->format);
  guint shown = 0;
  const gchar *last_project = NULL;
  const gchar *last_activity = NULL;
  for (guint k = 0; k < self->mismatches->len; k++) {
    const CpmParityMismatch *m = &g_array_index(self->mismatches, CpmParityMismatch, k);
    if (m->activity != last_activity || m->project != last_project) {
      if (shown == max_mismatches)
        break;
      if (shown == 0)
        fprintf(out, "first mismatches:\n");
      shown++;
      last_project = m->project;
      last_activity = m->activity;
    }
    gchar a[32], b[32];
    fprintf(out, "  %s %s %s: critpath %s, %s %s\n", m->project, m->activity,
            ref_field_names[m->field], ref_format_value(m->is_float, m->critpath, a), tool,
            ref_format_value(m->is_float, m->reference, b));
  }
  if (self->mismatching > shown)
    fprintf(out, "  (%u more mismatching activities)\n", self->mismatching - shown);
}

/* RFC 4180 quoting of one CSV field. */
static void
ref_csv_field(FILE *out, const gchar *text)
{
  if (strpbrk(text, ",\"\r\n") == NULL) {
    fputs(text, out);
    return;
  }
  fputc('"', out);
  for (const gchar *p = text; *p != '\0'; p++) {
    if (*p == '"')
      fputc('"', out);
    fputc(*p, out);
  }
  fputc('"', out);
}

static void
ref_csv_row(FILE *out, const gchar *label, const gchar *project, const CpmParityCounts *c)
{
  ref_csv_field(out, label);
  fputc(',', out);
  ref_csv_field(out, project);
  fprintf(out, ",%u,%u,%u,%.1f", c->compared, c->completed, c->fully_matching,
          ref_percent_floor(c));
  for (guint f = 0; f < CPM_REF_N_FIELDS; f++)
    fprintf(out, ",%u,%u", c->field_compared[f], c->field_matched[f]);
  fputc('\n', out);
}

static void
ref_write_csv(const CpmParityReport *self, const gchar *label, FILE *out)
{
  fputs("file,project,compared,completed,fully_matching,percent", out);
  for (guint f = 0; f < CPM_REF_N_FIELDS; f++)
    fprintf(out, ",%s_compared,%s_matched", ref_field_names[f], ref_field_names[f]);
  fputc('\n', out);
  for (guint p = 0; p < self->projects->len; p++) {
    const CpmParityCounts *c = &g_array_index(self->projects, CpmParityCounts, p);
    ref_csv_row(out, label, c->project, c);
  }
  ref_csv_row(out, label, "(total)", &self->total);
}

static void
ref_json_counts(JsonBuilder *b, const CpmParityCounts *c)
{
  json_builder_begin_object(b);
  if (c->project != NULL) {
    json_builder_set_member_name(b, "project");
    json_builder_add_string_value(b, c->project);
  }
  json_builder_set_member_name(b, "compared");
  json_builder_add_int_value(b, c->compared);
  json_builder_set_member_name(b, "completed");
  json_builder_add_int_value(b, c->completed);
  json_builder_set_member_name(b, "fully_matching");
  json_builder_add_int_value(b, c->fully_matching);
  json_builder_set_member_name(b, "percent");
  json_builder_add_double_value(b, ref_percent_floor(c));
  json_builder_set_member_name(b, "fields");
  json_builder_begin_object(b);
  for (guint f = 0; f < CPM_REF_N_FIELDS; f++) {
    json_builder_set_member_name(b, ref_field_names[f]);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "compared");
    json_builder_add_int_value(b, c->field_compared[f]);
    json_builder_set_member_name(b, "matched");
    json_builder_add_int_value(b, c->field_matched[f]);
    json_builder_end_object(b);
  }
  json_builder_end_object(b);
  json_builder_end_object(b);
}

static void
ref_json_value(JsonBuilder *b, const gchar *member, gboolean is_float, gint64 value)
{
  json_builder_set_member_name(b, member);
  if (value == G_MININT64) {
    json_builder_add_null_value(b);
  } else if (is_float) {
    json_builder_add_double_value(b, (gdouble)ref_centihours(value) / 100.0);
  } else {
    gchar buf[CPM_TIME_FORMAT_LEN];
    json_builder_add_string_value(b, cpm_time_format(value, buf));
  }
}

static void
ref_write_json(const CpmParityReport *self, const gchar *label, guint max_mismatches, FILE *out)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "file");
  json_builder_add_string_value(b, label);
  json_builder_set_member_name(b, "tool");
  json_builder_add_string_value(b, ref_tool(self->format));
  json_builder_set_member_name(b, "total");
  ref_json_counts(b, &self->total);
  json_builder_set_member_name(b, "projects");
  json_builder_begin_array(b);
  for (guint p = 0; p < self->projects->len; p++)
    ref_json_counts(b, &g_array_index(self->projects, CpmParityCounts, p));
  json_builder_end_array(b);
  json_builder_set_member_name(b, "missing");
  json_builder_add_int_value(b, self->missing);
  json_builder_set_member_name(b, "unreferenced");
  json_builder_add_int_value(b, self->unreferenced);
  json_builder_set_member_name(b, "mismatching_activities");
  json_builder_add_int_value(b, self->mismatching);
  json_builder_set_member_name(b, "mismatches");
  json_builder_begin_array(b);
  guint shown = 0;
  const gchar *last_project = NULL;
  const gchar *last_activity = NULL;
  for (guint k = 0; k < self->mismatches->len; k++) {
    const CpmParityMismatch *m = &g_array_index(self->mismatches, CpmParityMismatch, k);
    if (m->activity != last_activity || m->project != last_project) {
      if (shown == max_mismatches)
        break;
      shown++;
      last_project = m->project;
      last_activity = m->activity;
    }
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "project");
    json_builder_add_string_value(b, m->project);
    json_builder_set_member_name(b, "activity");
    json_builder_add_string_value(b, m->activity);
    json_builder_set_member_name(b, "field");
    json_builder_add_string_value(b, ref_field_names[m->field]);
    ref_json_value(b, "critpath", m->is_float, m->critpath);
    ref_json_value(b, "reference", m->is_float, m->reference);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);

  g_autoptr(JsonGenerator) gen = json_generator_new();
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  json_generator_set_root(gen, root);
  json_generator_set_pretty(gen, TRUE);
  g_autofree gchar *text = json_generator_to_data(gen, NULL);
  fputs(text, out);
  fputc('\n', out);
}

gboolean
cpm_parity_report_write(const CpmParityReport *self, CpmParityFormat format, const gchar *label,
                        guint max_mismatches, FILE *out, GError **error)
{
  g_return_val_if_fail(self != NULL && label != NULL && out != NULL, FALSE);

  switch (format) {
    case CPM_PARITY_CSV:
      ref_write_csv(self, label, out);
      break;
    case CPM_PARITY_JSON:
      ref_write_json(self, label, max_mismatches, out);
      break;
    case CPM_PARITY_TEXT:
    default:
      ref_write_text(self, label, max_mismatches, out);
      break;
  }
  if (fflush(out) != 0 || ferror(out)) {
    int saved = errno;
    g_set_error(error, CPM_IMPORT_ERROR, CPM_IMPORT_ERROR_IO, "cannot write the parity report: %s",
                g_strerror(saved));
    return FALSE;
  }
  return TRUE;
}
