/* corpus.c: the corpus driver: collects the records (any order), keeps their
 * bulky parts on a spool file, runs the cross-year rules, writes the records in
 * input order, and reports progress and the summary. */
#include "corpus.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/utf8.h"
#include "../core/write_fmt.h"
#include "crossyear.h"
#include "index.h"
#include "summary.h"

/* How often the progress line is redrawn at most (seconds). */
#define GK_PROGRESS_EVERY 0.25

/* Longest file name --out derives from a path (bytes, before "~N.json"). */
#define GK_OUT_NAME_MAX 180

typedef struct {
  int have;
  size_t nchecks_doc; /* checks the document's own run found; later ones are corpus checks */
  off_t out_off, err_off;
} slot;

typedef struct {
  const gk_corpus_opts *o;
  const gk_inputs *in;
  gk_record *recs;
  slot *slots;
  FILE *spool;
  FILE *out, *err;
  int hold;          /* write nothing before the corpus is read */
  size_t next_write; /* records [0, next_write) are written */
  size_t done, failures;
  double t0, last_draw;
  int csv_header;
  int status;         /* worst exit code so far */
  int failed;         /* a spool or output error: GK_E* */
  GHashTable *names;  /* --out file names taken */
  char **pages;       /* --out with -f html: each input's page (g_free), or NULL */
} corpus;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Moves output and errtext of a record to the end of the spool. */
static int spool_put(corpus *c, size_t i) {
  gk_record *r = &c->recs[i];
  if (fseeko(c->spool, 0, SEEK_END) != 0) return GK_EIO;
  c->slots[i].out_off = ftello(c->spool);
  if (r->output_len && fwrite(r->output, 1, r->output_len, c->spool) != r->output_len) return GK_EIO;
  c->slots[i].err_off = ftello(c->spool);
  if (r->errtext_len && fwrite(r->errtext, 1, r->errtext_len, c->spool) != r->errtext_len)
    return GK_EIO;
  free(r->output);
  free(r->errtext);
  r->output = r->errtext = NULL;
  return GK_OK;
}

/* Reads len bytes at off back from the spool into a malloc'd, NUL-terminated buffer. */
static char *spool_get(corpus *c, off_t off, size_t len) {
  char *b = malloc(len + 1);
  if (!b) return NULL;
  if (fseeko(c->spool, off, SEEK_SET) != 0 || (len && fread(b, 1, len, c->spool) != len)) {
    free(b);
    return NULL;
  }
  b[len] = '\0';
  return b;
}

/* One check object, as the JSON writer writes them. */
static void json_check(FILE *f, const gk_rcheck *k) {
  fputs("{\"id\": ", f);
  gk_write_json_string(f, k->id);
  fputs(", \"severity\": ", f);
  gk_write_json_string(f, gk_severity_name(k->severity));
  fputs(", \"table\": ", f);
  gk_write_json_string(f, k->table);
  fputs(", \"row\": ", f);
  gk_write_json_string(f, k->row);
  fputs(", \"col\": ", f);
  gk_write_json_string(f, k->col);
  fputs(", \"message\": ", f);
  gk_write_json_string(f, k->message);
  fputs("}", f);
}

/* Writes the JSON writer's document `json` to f with the record's corpus checks
 * appended to its "checks" and, when `status`, the keys status and error first.
 * The writer puts each top-level key on its own line, two spaces in, and a JSON
 * string never holds a raw line break, so "\n  \"checks\": [" is found only there. */
static void json_record(FILE *f, const char *json, const gk_record *r, size_t from, int status) {
  const char *p = json;
  if (status && strncmp(p, "{\n", 2) == 0) {
    fputs("{\n  \"status\": ", f);
    gk_write_json_string(f, gk_status_name(r->status));
    fputs(",\n  \"error\": ", f);
    gk_write_json_string(f, r->error);
    fputs(",\n", f);
    p += 2;
  }
  const char *key = "\n  \"checks\": [";
  const char *at = from < r->nchecks ? strstr(p, key) : NULL;
  if (!at) {
    fputs(p, f);
    return;
  }
  const char *open = at + strlen(key);
  const char *end = open[0] == ']' ? open : strstr(open, "\n  ]");
  if (!end) {
    fputs(p, f);
    return;
  }
  fwrite(p, 1, (size_t)(end - p), f);
  for (size_t i = from; i < r->nchecks; i++) {
    fputs(i == from && open[0] == ']' ? "\n    " : ",\n    ", f);
    json_check(f, &r->checks[i]);
  }
  if (open[0] == ']') fputs("\n  ", f);
  fputs(end, f);
}

/* The same on one line: the writer's line breaks and the indentation after them
 * dropped (they are never inside a string). */
static int jsonl_record(FILE *f, const char *json, const gk_record *r, size_t from) {
  char *b = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&b, &len);
  if (!m) return GK_ENOMEM;
  json_record(m, json, r, from, 1);
  if (fclose(m) != 0) return GK_ENOMEM;
  for (size_t i = 0; i < len; i++) {
    if (b[i] != '\n') {
      putc(b[i], f);
      continue;
    }
    while (i + 1 < len && b[i + 1] == ' ') i++;
  }
  putc('\n', f);
  free(b);
  return GK_OK;
}

/* A file name for the record of `path` in --out: the path's bytes that are safe in
 * a name (letters, digits, . - _, and UTF-8 when the path is UTF-8), others as _,
 * no leading dot, then `ext` (".json", ".html"); a name already taken gets ~2, ~3 …
 * Caller frees with g_free(). */
static char *out_name(corpus *c, const char *path, const char *ext) {
  size_t n = strlen(path);
  int utf8 = gk_utf8_valid(path, n);
  GString *s = g_string_new(NULL);
  if (strncmp(path, "./", 2) == 0) path += 2;
  for (const unsigned char *p = (const unsigned char *)path; *p && s->len < GK_OUT_NAME_MAX; p++) {
    int keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
               *p == '.' || *p == '-' || *p == '_' || (*p >= 0x80 && utf8);
    g_string_append_c(s, keep ? (char)*p : '_');
  }
  /* Cut back to a character boundary when the length cap fell inside one. */
  while (s->len && !gk_utf8_valid(s->str, s->len)) g_string_truncate(s, s->len - 1);
  if (s->len == 0 || s->str[0] == '.') g_string_prepend_c(s, '_');
  char *name = g_strdup_printf("%s%s", s->str, ext);
  for (int k = 2; g_hash_table_contains(c->names, name) || strcmp(name, "summary.json") == 0 ||
                  strcmp(name, "index.html") == 0;
       k++) {
    g_free(name);
    name = g_strdup_printf("%s~%d%s", s->str, k, ext);
  }
  g_string_free(s, TRUE);
  g_hash_table_add(c->names, name);
  return g_strdup(name);
}

static int write_out_file(corpus *c, size_t i, const char *json) {
  const gk_record *r = &c->recs[i];
  /* A review page only for a converted document; index.html gives the others' reasons. */
  int html = c->o->run.out == GK_OUT_HTML;
  if (html && r->status != GK_ST_OK && r->status != GK_ST_FAILED_CHECKS) return GK_OK;
  char *name = out_name(c, c->in->v[i].path, html ? ".html" : ".json");
  char *file = g_build_filename(c->o->out_dir, name, NULL);
  FILE *f = fopen(file, "w");
  int rc = GK_OK;
  if (!f) {
    fprintf(c->err, "gktab: %s: %s\n", file, strerror(errno));
    rc = GK_EIO;
  } else {
    if (html) fwrite(json, 1, r->output_len, f);
    else json_record(f, json, r, c->slots[i].nchecks_doc, 1);
    if (fclose(f) != 0) rc = GK_EIO;
  }
  g_free(file);
  if (html && rc == GK_OK) c->pages[i] = name;
  else g_free(name);
  return rc;
}

/* Writes record i: its output, its diagnostics, the corpus checks it carries. */
static int write_record(corpus *c, size_t i) {
  gk_record *r = &c->recs[i];
  const gk_corpus_opts *o = c->o;
  size_t from = c->slots[i].nchecks_doc;
  char *output = spool_get(c, c->slots[i].out_off, r->output_len);
  char *errtext = spool_get(c, c->slots[i].err_off, r->errtext_len);
  int rc = output && errtext ? GK_OK : GK_EIO;
  if (rc == GK_OK && !o->run.quiet) {
    fwrite(errtext, 1, r->errtext_len, c->err);
    if (o->run.out != GK_OUT_CHECKS)
      for (size_t k = from; k < r->nchecks; k++)
        fprintf(c->err, "%s: %s: %s: %s\n", r->source, gk_severity_name(r->checks[k].severity),
                r->checks[k].id, r->checks[k].message);
  }
  if (rc == GK_OK && r->error) fprintf(c->err, "gktab: %s: %s\n", r->source, r->error);
  int converted = r->status == GK_ST_OK || r->status == GK_ST_FAILED_CHECKS;
  if (rc != GK_OK) {
  } else if (o->out_dir) {
    rc = write_out_file(c, i, output);
  } else if (o->jsonl) {
    rc = jsonl_record(c->out, output, r, from);
  } else if (o->run.out == GK_OUT_JSON) {
    if (converted) json_record(c->out, output, r, from, 0);
  } else {
    if (o->run.out == GK_OUT_CSV && !c->csv_header) {
      fputs("table,row,col,value,source\n", c->out);
      c->csv_header = 1;
    }
    /* A review page only of a converted document: an empty one would read as passed. */
    if (o->run.out != GK_OUT_HTML || converted) fwrite(output, 1, r->output_len, c->out);
    if (o->run.out == GK_OUT_CHECKS)
      for (size_t k = from; k < r->nchecks; k++) {
        const gk_rcheck *x = &r->checks[k];
        fprintf(c->out, "%s\t%s\t%s.%s.%s\t%s\t%s\n", gk_severity_name(x->severity), x->id,
                x->table ? x->table : "*", x->row ? x->row : "*", x->col ? x->col : "*",
                x->message, r->source);
      }
  }
  free(output);
  free(errtext);
  return rc;
}

static void progress(corpus *c, int last) {
  double t = now();
  if (!last && t - c->last_draw < GK_PROGRESS_EVERY) return;
  c->last_draw = t;
  if (last) {
    fputs("\r\033[K", c->err);
    return;
  }
  double rate = c->done / (t - c->t0 > 1e-6 ? t - c->t0 : 1e-6);
  double eta = rate > 0 ? (double)(c->in->n - c->done) / rate : 0;
  fprintf(c->err, "\r\033[K%zu/%zu documents, %.1f docs/s, ETA %d:%02d, %zu failed", c->done,
          c->in->n, rate, (int)eta / 60, (int)eta % 60, c->failures);
  fflush(c->err);
}

/* Whether a record has a cell the cross-year rules read left undecided with its
 * readings known (value.ambiguous): the rules of a neighbour year may settle it. */
static int undecided(const gk_record *r) {
  for (int k = 0; k < GK_RECORD_MAX_CELLS; k++)
    if (r->cells[k].state == GK_RC_AMBIG) return 1;
  return 0;
}

/* Reads again, with their settlements, the documents whose undecided rows the
 * cross-year rules settled: their output, checks and cells become the new reading's. */
static int reread_settled(corpus *c, FILE *in_stream) {
  for (size_t i = 0; i < c->in->n; i++) {
    gk_record *r = &c->recs[i];
    if (!r->nsettle || strcmp(c->in->v[i].path, "-") == 0) continue;
    gk_run_opts ro = c->o->run;
    ro.settle = r->settle;
    ro.nsettle = r->nsettle;
    gk_record nr;
    int rc = gk_record_run(&nr, &ro, c->in->v[i].path, in_stream);
    if (rc) {
      gk_record_clear(&nr);
      return rc;
    }
    nr.seconds = r->seconds;
    nr.settle = r->settle;
    nr.nsettle = r->nsettle;
    r->settle = NULL;
    r->nsettle = 0;
    gk_record_clear(r);
    *r = nr;
    c->slots[i].nchecks_doc = r->nchecks;
    if ((rc = spool_put(c, i)) != GK_OK) return rc;
  }
  /* The status is the worst of the records as they now stand. */
  c->status = 0;
  c->failures = 0;
  for (size_t i = 0; i < c->in->n; i++) {
    int code = gk_status_exit(c->recs[i].status);
    if (code > c->status) c->status = code;
    c->failures += c->recs[i].status != GK_ST_OK;
  }
  return GK_OK;
}

static void deliver(void *ctx, size_t i, gk_record *rec) {
  corpus *c = ctx;
  if (i >= c->in->n || c->slots[i].have) {
    gk_record_clear(rec);
    return;
  }
  c->recs[i] = *rec;
  c->slots[i].have = 1;
  c->slots[i].nchecks_doc = rec->nchecks;
  c->done++;
  if (rec->status != GK_ST_OK) c->failures++;
  int code = gk_status_exit(rec->status);
  if (code > c->status) c->status = code;
  int rc = spool_put(c, i);
  if (rc && !c->failed) c->failed = rc;
  /* Streaming formats go out as soon as every earlier input is written; a record
     with an undecided row the cross-year rules may settle waits for the end (it may
     be read again), and the records after it with it, to keep the input order. */
  while (!c->hold && !c->failed && c->next_write < c->in->n && c->slots[c->next_write].have &&
         !undecided(&c->recs[c->next_write])) {
    if (c->o->progress) fputs("\r\033[K", c->err);
    if ((rc = write_record(c, c->next_write)) != GK_OK) c->failed = rc;
    c->next_write++;
  }
  if (c->o->progress) progress(c, 0);
}

int gk_corpus_run(const gk_corpus_opts *o, const gk_inputs *in, FILE *in_stream, FILE *out,
                  FILE *err) {
  corpus c = {0};
  c.o = o;
  c.in = in;
  c.out = out;
  c.err = err;
  c.hold = o->out_dir || o->run.out == GK_OUT_JSON || o->run.out == GK_OUT_CHECKS;
  c.t0 = now();
  c.recs = calloc(in->n ? in->n : 1, sizeof *c.recs);
  c.slots = calloc(in->n ? in->n : 1, sizeof *c.slots);
  c.spool = tmpfile();
  c.names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  int html = o->out_dir && o->run.out == GK_OUT_HTML;
  if (html) c.pages = calloc(in->n ? in->n : 1, sizeof *c.pages);
  int rc = GK_OK;
  if (!c.recs || !c.slots || (html && !c.pages)) rc = GK_ENOMEM;
  else if (!c.spool) rc = GK_EIO;
  if (rc == GK_OK && o->out_dir && mkdir(o->out_dir, 0777) != 0 && errno != EEXIST) {
    fprintf(err, "gktab: %s: %s\n", o->out_dir, strerror(errno));
    rc = GK_EIO;
  }
  if (rc == GK_OK)
    rc = o->in_process ? gk_inprocess_run(in, &o->run, in_stream, deliver, &c)
                       : gk_pool_run(in, &o->run, &o->pool, in_stream, deliver, &c);
  double elapsed = now() - c.t0;
  if (o->progress) progress(&c, 1);
  if (rc == GK_OK && c.failed) rc = c.failed;
  /* Cross-year checks need every record: the later year's gets them. Undecided rows
     they settle first, and those documents are read again with the readings. */
  int pairs = 0;
  if (rc == GK_OK) {
    int settled = gk_xyear_settle(c.recs, in->n);
    if (settled < 0) rc = settled;
    else if (settled > 0) rc = reread_settled(&c, in_stream);
  }
  if (rc == GK_OK) {
    pairs = gk_xyear_check(c.recs, in->n);
    if (pairs < 0) rc = pairs;
  }
  for (size_t i = c.next_write; rc == GK_OK && i < in->n; i++) rc = write_record(&c, i);
  if (rc == GK_OK && html) {
    char *file = g_build_filename(o->out_dir, "index.html", NULL);
    FILE *f = fopen(file, "w");
    rc = f ? gk_index_write(c.recs, c.pages, in->n, f) : GK_EIO;
    if (f && fclose(f) != 0 && rc == GK_OK) rc = GK_EIO;
    if (rc) fprintf(err, "gktab: %s: cannot write the index\n", file);
    g_free(file);
  }
  if (rc == GK_OK && o->summary) {
    /* The workers are reaped: RUSAGE_CHILDREN's maxrss is the largest of them. */
    struct rusage ru;
    getrusage(o->in_process ? RUSAGE_SELF : RUSAGE_CHILDREN, &ru);
    int jobs = o->in_process ? 1 : (size_t)o->pool.jobs < in->n ? o->pool.jobs : (int)in->n;
    gk_summary_info info = {elapsed, 1, pairs, jobs, ru.ru_maxrss};
    if (o->out_dir) {
      char *file = g_build_filename(o->out_dir, "summary.json", NULL);
      FILE *f = fopen(file, "w");
      if (!f || gk_summary_write(c.recs, in->n, &info, 1, f) != GK_OK) rc = GK_EIO;
      if (f && fclose(f) != 0) rc = GK_EIO;
      if (rc) fprintf(err, "gktab: %s: cannot write the summary\n", file);
      g_free(file);
    } else {
      rc = gk_summary_write(c.recs, in->n, &info, 0, err);
    }
  }
  fflush(out);
  if (ferror(out) && rc == GK_OK) rc = GK_EIO;
  if (rc != GK_OK)
    fprintf(err, "gktab: corpus run failed: %s\n",
            rc == GK_ENOMEM ? "out of memory" : "cannot write, fork or spool");
  for (size_t i = 0; c.recs && i < in->n; i++) gk_record_clear(&c.recs[i]);
  free(c.recs);
  free(c.slots);
  for (size_t i = 0; c.pages && i < in->n; i++) g_free(c.pages[i]);
  free(c.pages);
  if (c.spool) fclose(c.spool);
  g_hash_table_destroy(c.names);
  return rc != GK_OK ? 2 : c.status;
}
