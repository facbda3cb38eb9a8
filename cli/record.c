/* record.c: one corpus input through the pipeline into a record, and the record's
 * wire form between a worker and the parent. */
#include "record.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../converters/convert.h"
#include "../core/doc.h"
#include "../core/check_pair.h"
#include "../normalizer/normalize.h"
#include "gktab.h"

static const char *const status_names[] = {"ok", "failed_checks", "unreadable", "timeout",
                                           "crashed"};

const char *gk_status_name(gk_status st) { return status_names[st]; }

int gk_status_exit(gk_status st) { return st == GK_ST_OK ? 0 : st == GK_ST_FAILED_CHECKS ? 1 : 2; }

int gk_status_parse(const char *name) {
  for (int i = 0; i <= GK_ST_CRASHED; i++)
    if (strcmp(name, status_names[i]) == 0) return i;
  return -1;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

void gk_record_clear(gk_record *rec) {
  if (!rec) return;
  free(rec->error);
  free(rec->source);
  free(rec->format);
  free(rec->schema);
  free(rec->organ);
  free(rec->output);
  free(rec->errtext);
  for (size_t i = 0; i < rec->nchecks; i++) {
    gk_rcheck *c = &rec->checks[i];
    free(c->id);
    free(c->table);
    free(c->row);
    free(c->col);
    free(c->message);
  }
  free(rec->checks);
  for (int k = 0; k < GK_RECORD_MAX_CELLS; k++) free(rec->cells[k].alts);
  for (size_t i = 0; i < rec->nsettle; i++) {
    free(rec->settle[i].table);
    free(rec->settle[i].row);
    free(rec->settle[i].reading);
    free(rec->settle[i].why);
  }
  free(rec->settle);
  memset(rec, 0, sizeof *rec);
}

int gk_record_add_settle(gk_record *rec, const char *table, const char *row, const char *reading,
                         const char *why) {
  gk_settle *n = realloc(rec->settle, (rec->nsettle + 1) * sizeof *n);
  if (!n) return GK_ENOMEM;
  rec->settle = n;
  gk_settle *x = &n[rec->nsettle];
  x->table = strdup(table);
  x->row = strdup(row);
  x->reading = strdup(reading);
  x->why = strdup(why);
  rec->nsettle++;
  return x->table && x->row && x->reading && x->why ? GK_OK : GK_ENOMEM;
}

int gk_record_add_check(gk_record *rec, const char *id, gk_severity sev, const char *table,
                        const char *row, const char *col, const char *message) {
  gk_rcheck *c = realloc(rec->checks, (rec->nchecks + 1) * sizeof *c);
  if (!c) return GK_ENOMEM;
  rec->checks = c;
  c = &rec->checks[rec->nchecks];
  c->id = strdup(id);
  c->severity = sev;
  c->table = dup_or_null(table);
  c->row = dup_or_null(row);
  c->col = dup_or_null(col);
  c->message = strdup(message ? message : "");
  if (!c->id || !c->message || (table && !c->table) || (row && !c->row) || (col && !c->col)) {
    free(c->id);
    free(c->table);
    free(c->row);
    free(c->col);
    free(c->message);
    return GK_ENOMEM;
  }
  rec->nchecks++;
  return GK_OK;
}

/* Reads a whole stream into a malloc'd buffer. Returns 0, or an errno value;
 * EFBIG when the input passes the size limit. */
static int read_all(FILE *f, unsigned char **buf, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  unsigned char *b = malloc(cap);
  if (!b) return ENOMEM;
  for (;;) {
    if (n == cap) {
      if (cap > GK_MAX_INPUT_BYTES) {
        free(b);
        return EFBIG;
      }
      unsigned char *nb = realloc(b, cap * 2);
      if (!nb) {
        free(b);
        return ENOMEM;
      }
      b = nb;
      cap *= 2;
    }
    size_t r = fread(b + n, 1, cap - n, f);
    n += r;
    if (r == 0) {
      if (ferror(f)) {
        int e = errno ? errno : EIO;
        free(b);
        return e;
      }
      break;
    }
  }
  *buf = b;
  *len = n;
  return 0;
}

/* The first error diagnostic's message, for the one-line failure reason. */
static const char *first_error(const gk_doc *doc) {
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].severity == GK_SEV_ERROR) return doc->diags[i].msg;
  return "conversion failed";
}

/* Copies the cells the cross-year rules read out of the model. */
static void take_cells(gk_record *rec, const gk_doc *doc) {
  const char *const *list = gk_pair_cells();
  for (int k = 0; list[k] && k < GK_RECORD_MAX_CELLS; k++) {
    char tk[8], rk[64], ck[64];
    rec->cells[k].state = GK_RC_ABSENT;
    if (sscanf(list[k], "%7[^.].%63[^.].%63s", tk, rk, ck) != 3) continue;
    for (int t = 0; t < GK_NTABLES; t++) {
      const gk_stable *st = doc->schema->tables[t];
      if (strcmp(st->key, tk) != 0 || !doc->table_found[t]) continue;
      int r = gk_schema_row_index(st, rk), c = gk_schema_col_index(st, ck);
      if (r < 0 || c < 0 || !doc->row_found[t][r]) break;
      int p = gk_schema_row_col_pos(&st->rows[r], c);
      if (p < 0) break;
      const gk_value *v = gk_doc_value_get(doc, t, r, p);
      if (v->state == GK_VAL_BLANK) {
        rec->cells[k].state = GK_RC_BLANK;
      } else if (v->state == GK_VAL_NUMBER && v->is_int) {
        rec->cells[k].state = GK_RC_INT;
        rec->cells[k].v = v->i;
      } else if (v->state == GK_VAL_AMBIGUOUS && v->alts) {
        rec->cells[k].alts = strdup(v->alts);
        rec->cells[k].alt_pos = v->alt_pos;
        rec->cells[k].state = rec->cells[k].alts ? GK_RC_AMBIG : GK_RC_OTHER;
      } else if (v->state != GK_VAL_MISSING) {
        rec->cells[k].state = GK_RC_OTHER;
      }
      break;
    }
  }
}

/* Runs the writer into a malloc'd buffer. Returns GK_OK or GK_ENOMEM/GK_EIO. */
static int render(const gk_doc *doc, gk_output out, char **buf, size_t *len) {
  FILE *m = open_memstream(buf, len);
  if (!m) return GK_ENOMEM;
  /* The CSV header is the parent's, written once for the whole corpus. */
  int rc = gk_write(doc, out, m, /*first*/ 0);
  if (fclose(m) != 0 && rc == GK_OK) rc = GK_ENOMEM;
  return rc;
}

/* What the CLI prints on stderr for a converted document: diagnostics and checks. */
static int render_err(const gk_doc *doc, const gk_run_opts *o, char **buf, size_t *len) {
  FILE *m = open_memstream(buf, len);
  if (!m) return GK_ENOMEM;
  if (!o->quiet) {
    gk_diag_print(doc, o->verbose ? GK_SEV_NOTE : GK_SEV_WARNING, m);
    if (o->out != GK_OUT_CHECKS)
      for (size_t i = 0; i < doc->nchecks; i++) {
        const gk_check_result *c = &doc->checks[i];
        fprintf(m, "%s: %s: %s: %s\n", doc->source, gk_severity_name(c->severity), c->id,
                c->message);
      }
  }
  return fclose(m) == 0 ? GK_OK : GK_ENOMEM;
}

int gk_record_set_failure(gk_record *rec, const gk_run_opts *o, const char *source,
                          gk_status st, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  free(rec->error);
  free(rec->output);
  rec->output = NULL;
  rec->output_len = 0;
  rec->status = st;
  rec->error = strdup(msg);
  /* The output of an empty document: the JSON record's keys, no CSV rows; its
   * source is the name as the model shows it (non-UTF-8 bytes as \xHH). */
  gk_doc *doc = gk_doc_new(source);
  if (!doc) return GK_ENOMEM;
  if (!rec->source) rec->source = strdup(doc->source);
  if (!rec->format) rec->format = strdup("unknown");
  if (!rec->error || !rec->source || !rec->format) {
    gk_doc_free(doc);
    return GK_ENOMEM;
  }
  int rc = render(doc, o->out, &rec->output, &rec->output_len);
  gk_doc_free(doc);
  return rc == GK_OK ? GK_OK : GK_ENOMEM;
}

int gk_record_run(gk_record *rec, const gk_run_opts *o, const char *path, FILE *in) {
  memset(rec, 0, sizeof *rec);
  const char *label = strcmp(path, "-") == 0 ? "<stdin>" : path;
  unsigned char *buf = NULL;
  size_t len = 0;
  FILE *f = in;
  if (strcmp(path, "-") != 0) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
      return gk_record_set_failure(rec, o, label, GK_ST_UNREADABLE, "is a directory");
    f = fopen(path, "rb");
    if (!f) return gk_record_set_failure(rec, o, label, GK_ST_UNREADABLE, "%s", strerror(errno));
  }
  int e = read_all(f, &buf, &len);
  if (f != in) fclose(f);
  if (e)
    return gk_record_set_failure(rec, o, label, GK_ST_UNREADABLE, "%s",
                                 e == EFBIG    ? "input larger than the 256 MiB limit"
                                 : e == ENOMEM ? "out of memory"
                                               : strerror(e));
  gk_doc *doc = gk_doc_new(label);
  if (!doc) {
    free(buf);
    return gk_record_set_failure(rec, o, label, GK_ST_UNREADABLE, "out of memory");
  }
  doc->want_pictures = o->out == GK_OUT_HTML;
  int rc = gk_convert(doc, buf, len);
  free(buf);
  if (rc == GK_OK) rc = gk_normalize(doc, o->schema);
  for (size_t i = 0; rc == GK_OK && i < o->nsettle; i++) {
    const gk_settle *x = &o->settle[i];
    int s = gk_normalize_settle(doc, x->table, x->row, x->reading, x->why);
    if (s == GK_ENOMEM) rc = s;
  }
  if (rc == GK_OK) rc = gk_normalize_views(doc, gk_write_views(o->out));
  int errors = rc == GK_OK ? gk_check(doc) : rc;
  rec->source = strdup(doc->source);
  rec->format = strdup(gk_format_name(doc->format));
  if (!rec->source || !rec->format) goto nomem;
  if (errors < 0) {
    /* Not converted: the record still carries the document's diagnostics. */
    rec->status = GK_ST_UNREADABLE;
    rec->error = strdup(errors == GK_ENOMEM ? "out of memory" : first_error(doc));
    if (!rec->error) goto nomem;
  } else {
    rec->status = errors > 0 ? GK_ST_FAILED_CHECKS : GK_ST_OK;
    rec->schema = dup_or_null(doc->schema ? doc->schema->id : NULL);
    rec->organ = dup_or_null(doc->organ);
    rec->year = doc->year;
    for (size_t i = 0; i < doc->nchecks; i++) {
      const gk_check_result *c = &doc->checks[i];
      if (gk_record_add_check(rec, c->id, c->severity, c->table, c->row, c->col, c->message))
        goto nomem;
    }
    if (doc->schema) take_cells(rec, doc);
  }
  if (render(doc, o->out, &rec->output, &rec->output_len) != GK_OK) goto nomem;
  /* A document that was not converted has its one-line reason (rec->error) only, as
   * the single-input CLI prints it. */
  if (errors >= 0 && render_err(doc, o, &rec->errtext, &rec->errtext_len) != GK_OK) goto nomem;
  gk_doc_free(doc);
  return GK_OK;
nomem:
  gk_doc_free(doc);
  rec->status = GK_ST_UNREADABLE;
  return GK_ENOMEM;
}

/* The wire form: fields in a fixed order; strings as a u32 length (UINT32_MAX for
 * NULL) and the bytes; numbers in host order (both ends are the same executable). */
static void put_u32(FILE *m, uint32_t v) { fwrite(&v, sizeof v, 1, m); }
static void put_bytes(FILE *m, const char *s, size_t n) {
  if (!s) {
    put_u32(m, UINT32_MAX);
    return;
  }
  put_u32(m, (uint32_t)n);
  fwrite(s, 1, n, m);
}
static void put_str(FILE *m, const char *s) { put_bytes(m, s, s ? strlen(s) : 0); }

int gk_record_encode(const gk_record *rec, unsigned char **buf, size_t *len) {
  char *b = NULL;
  FILE *m = open_memstream(&b, len);
  if (!m) return GK_ENOMEM;
  put_u32(m, (uint32_t)rec->status);
  put_u32(m, (uint32_t)rec->year);
  fwrite(&rec->seconds, sizeof rec->seconds, 1, m);
  put_str(m, rec->error);
  put_str(m, rec->source);
  put_str(m, rec->format);
  put_str(m, rec->schema);
  put_str(m, rec->organ);
  put_bytes(m, rec->output, rec->output_len);
  put_bytes(m, rec->errtext, rec->errtext_len);
  put_u32(m, (uint32_t)rec->nchecks);
  for (size_t i = 0; i < rec->nchecks; i++) {
    const gk_rcheck *c = &rec->checks[i];
    put_u32(m, (uint32_t)c->severity);
    put_str(m, c->id);
    put_str(m, c->table);
    put_str(m, c->row);
    put_str(m, c->col);
    put_str(m, c->message);
  }
  for (int k = 0; k < GK_RECORD_MAX_CELLS; k++) {
    put_u32(m, (uint32_t)rec->cells[k].state);
    fwrite(&rec->cells[k].v, sizeof rec->cells[k].v, 1, m);
    put_u32(m, (uint32_t)rec->cells[k].alt_pos);
    put_str(m, rec->cells[k].alts);
  }
  if (fclose(m) != 0) {
    free(b);
    return GK_ENOMEM;
  }
  *buf = (unsigned char *)b;
  return GK_OK;
}

typedef struct {
  const unsigned char *p, *end;
  int bad;
} dec;

static void get(dec *d, void *out, size_t n) {
  if (d->bad || (size_t)(d->end - d->p) < n) {
    d->bad = 1;
    memset(out, 0, n);
    return;
  }
  memcpy(out, d->p, n);
  d->p += n;
}

static uint32_t get_u32(dec *d) {
  uint32_t v;
  get(d, &v, sizeof v);
  return v;
}

/* A string of the wire form, NUL-terminated; *n gets its length. NULL for a NULL
 * string, or when the bytes run out or memory does (d->bad is then set). */
static char *get_bytes(dec *d, size_t *n) {
  uint32_t len = get_u32(d);
  if (n) *n = 0;
  if (d->bad || len == UINT32_MAX) return NULL;
  if ((size_t)(d->end - d->p) < len) {
    d->bad = 1;
    return NULL;
  }
  char *s = malloc((size_t)len + 1);
  if (!s) {
    d->bad = 1;
    return NULL;
  }
  memcpy(s, d->p, len);
  s[len] = '\0';
  d->p += len;
  if (n) *n = len;
  return s;
}

int gk_record_decode(gk_record *rec, const unsigned char *buf, size_t len) {
  memset(rec, 0, sizeof *rec);
  dec d = {buf, buf + len, 0};
  rec->status = (gk_status)get_u32(&d);
  rec->year = (int)get_u32(&d);
  get(&d, &rec->seconds, sizeof rec->seconds);
  rec->error = get_bytes(&d, NULL);
  rec->source = get_bytes(&d, NULL);
  rec->format = get_bytes(&d, NULL);
  rec->schema = get_bytes(&d, NULL);
  rec->organ = get_bytes(&d, NULL);
  rec->output = get_bytes(&d, &rec->output_len);
  rec->errtext = get_bytes(&d, &rec->errtext_len);
  uint32_t nc = get_u32(&d);
  if (!d.bad && nc > (size_t)(d.end - d.p)) d.bad = 1; /* each check takes bytes */
  if (!d.bad && nc) {
    rec->checks = calloc(nc, sizeof *rec->checks);
    if (!rec->checks) d.bad = 1;
  }
  for (uint32_t i = 0; i < nc && !d.bad; i++) {
    gk_rcheck *c = &rec->checks[i];
    rec->nchecks = i + 1;
    c->severity = (gk_severity)get_u32(&d);
    c->id = get_bytes(&d, NULL);
    c->table = get_bytes(&d, NULL);
    c->row = get_bytes(&d, NULL);
    c->col = get_bytes(&d, NULL);
    c->message = get_bytes(&d, NULL);
    if (!c->id || !c->message) d.bad = 1;
  }
  for (int k = 0; k < GK_RECORD_MAX_CELLS; k++) {
    rec->cells[k].state = (gk_rcell_state)get_u32(&d);
    get(&d, &rec->cells[k].v, sizeof rec->cells[k].v);
    rec->cells[k].alt_pos = (int)get_u32(&d);
    rec->cells[k].alts = get_bytes(&d, NULL);
    if (rec->cells[k].state > GK_RC_AMBIG || (rec->cells[k].state == GK_RC_AMBIG && !rec->cells[k].alts))
      d.bad = 1;
  }
  if (d.bad || d.p != d.end || rec->status > GK_ST_CRASHED || !rec->source) {
    gk_record_clear(rec);
    return GK_EFORMAT;
  }
  return GK_OK;
}
