/* summary.c: the corpus report over records, and records read back from JSONL. */
#include "summary.h"

#include "../converters/module.h"
#include "jsonl_read.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../core/write_fmt.h"
#include "crossyear.h"

/* How many organs, files and slowest files the report lists. */
#define GK_SUMMARY_TOP 10

/* How many documents without organ or year the text report names (JSON: all). */
#define GK_SUMMARY_UNKNOWN_SHOWN 20

typedef struct {
  char *key;        /* rule id, organ key, kind … (owned by the table) */
  const char *show; /* what the report prints for it (borrowed from a record) */
  long docs, errors, warnings;
  size_t last_doc; /* the last document counted in docs, +1 */
} tally;

static tally *count(GHashTable *h, const char *key, const char *show) {
  tally *t = g_hash_table_lookup(h, key);
  if (!t) {
    t = g_new0(tally, 1);
    t->key = g_strdup(key);
    t->show = show ? show : t->key;
    g_hash_table_insert(h, t->key, t);
  }
  return t;
}

static void tally_free(gpointer p) {
  tally *t = p;
  g_free(t->key);
  g_free(t);
}

static GHashTable *table_new(void) {
  return g_hash_table_new_full(g_str_hash, g_str_equal, NULL, tally_free);
}

/* Most errors (then documents) first; ties by key, so the report is stable. */
static int by_errors(const void *a, const void *b) {
  const tally *x = *(tally *const *)a, *y = *(tally *const *)b;
  if (x->errors != y->errors) return x->errors > y->errors ? -1 : 1;
  if (x->docs != y->docs) return x->docs > y->docs ? -1 : 1;
  return strcmp(x->key, y->key);
}

static int by_docs(const void *a, const void *b) {
  const tally *x = *(tally *const *)a, *y = *(tally *const *)b;
  if (x->docs != y->docs) return x->docs > y->docs ? -1 : 1;
  return strcmp(x->key, y->key);
}

/* The table's entries sorted; *n gets their number. Caller frees with g_free(). */
static tally **sorted(GHashTable *h, int (*cmp)(const void *, const void *), size_t *n) {
  GList *vals = g_hash_table_get_values(h);
  guint len = g_list_length(vals);
  tally **arr = g_new(tally *, len + 1);
  size_t i = 0;
  for (GList *l = vals; l; l = l->next) arr[i++] = l->data;
  g_list_free(vals);
  qsort(arr, len, sizeof *arr, cmp);
  *n = len;
  return arr;
}

/* A document's failures: its error-severity checks, and 1 when it was not converted. */
static long doc_failures(const gk_record *r) {
  long f = r->status >= GK_ST_UNREADABLE;
  for (size_t k = 0; k < r->nchecks; k++) f += r->checks[k].severity == GK_SEV_ERROR;
  return f;
}

static int by_seconds(const void *a, const void *b) {
  const gk_record *x = *(const gk_record *const *)a, *y = *(const gk_record *const *)b;
  if (x->seconds != y->seconds) return x->seconds > y->seconds ? -1 : 1;
  return 0;
}

static int by_file_failures(const void *a, const void *b) {
  const gk_record *x = *(const gk_record *const *)a, *y = *(const gk_record *const *)b;
  long fx = doc_failures(x), fy = doc_failures(y);
  if (fx != fy) return fx > fy ? -1 : 1;
  return x < y ? -1 : x > y;
}

static void json_counts(FILE *f, const char *name, GHashTable *h, const char *const *order) {
  fprintf(f, "  \"%s\": {", name);
  int first = 1;
  /* The fixed names first, in their order (0 included), then any other. */
  for (int i = 0; order && order[i]; i++) {
    tally *t = g_hash_table_lookup(h, order[i]);
    fprintf(f, "%s\"%s\": %ld", first ? "" : ", ", order[i], t ? t->docs : 0);
    first = 0;
  }
  size_t n;
  tally **v = sorted(h, by_docs, &n);
  for (size_t i = 0; i < n; i++) {
    int fixed = 0;
    for (int j = 0; order && order[j]; j++) fixed |= strcmp(order[j], v[i]->key) == 0;
    if (fixed) continue;
    fputs(first ? "" : ", ", f);
    gk_write_json_string(f, v[i]->key);
    fprintf(f, ": %ld", v[i]->docs);
    first = 0;
  }
  g_free(v);
  fputs("},\n", f);
}

static void text_counts(FILE *f, const char *name, GHashTable *h, const char *const *order) {
  fprintf(f, "  %-9s", name);
  int first = 1;
  for (int i = 0; order && order[i]; i++) {
    tally *t = g_hash_table_lookup(h, order[i]);
    fprintf(f, "%s%s %ld", first ? " " : ", ", order[i], t ? t->docs : 0);
    first = 0;
  }
  size_t n;
  tally **v = sorted(h, by_docs, &n);
  for (size_t i = 0; i < n; i++) {
    int fixed = 0;
    for (int j = 0; order && order[j]; j++) fixed |= strcmp(order[j], v[i]->key) == 0;
    if (!fixed) fprintf(f, "%s%s %ld", first ? " " : ", ", v[i]->key, v[i]->docs), first = 0;
  }
  g_free(v);
  fputc('\n', f);
}

int gk_summary_write(const gk_record *recs, size_t n, const gk_summary_info *info, int json,
                     FILE *f) {
  static const char *const statuses[] = {"ok", "failed_checks", "unreadable", "timeout",
                                         "crashed", NULL};
  static const char *const kinds[] = {"text", "html", "docx", "pdf", "unknown", NULL};
  GHashTable *by_status = table_new(), *by_kind = table_new(), *by_schema = table_new();
  GHashTable *rules = table_new(), *organs = table_new();
  GPtrArray *unknown = g_ptr_array_new();
  const gk_record **files = g_new(const gk_record *, n + 1);
  size_t nok = 0;
  for (size_t i = 0; i < n; i++) {
    const gk_record *r = &recs[i];
    files[i] = r;
    count(by_status, gk_status_name(r->status), NULL)->docs++;
    count(by_kind, r->format ? r->format : "unknown", NULL)->docs++;
    count(by_schema, r->schema ? r->schema : "none", NULL)->docs++;
    nok += r->status == GK_ST_OK;
    for (size_t k = 0; k < r->nchecks; k++) {
      tally *t = count(rules, r->checks[k].id, NULL);
      if (r->checks[k].severity == GK_SEV_ERROR) t->errors++;
      else t->warnings++;
      if (t->last_doc != i + 1) t->docs++, t->last_doc = i + 1;
    }
    int converted = r->status == GK_ST_OK || r->status == GK_ST_FAILED_CHECKS;
    char *key = gk_xyear_organ_key(r->organ);
    if (converted && (!key || r->year <= 0)) g_ptr_array_add(unknown, (gpointer)r);
    if (key) {
      tally *t = count(organs, key, r->organ);
      t->docs++;
      t->errors += doc_failures(r);
    }
    free(key);
  }
  size_t nrules, norgans;
  tally **rv = sorted(rules, by_errors, &nrules), **ov = sorted(organs, by_errors, &norgans);
  qsort(files, n, sizeof *files, by_file_failures);
  size_t nfiles = 0;
  while (nfiles < n && nfiles < GK_SUMMARY_TOP && doc_failures(files[nfiles]) > 0) nfiles++;
  double rate = n ? (double)nok / (double)n : 0;
  if (json) {
    fprintf(f, "{\n  \"documents\": %zu,\n", n);
    json_counts(f, "by_status", by_status, statuses);
    json_counts(f, "by_format", by_kind, kinds);
    json_counts(f, "by_schema", by_schema, NULL);
    fprintf(f, "  \"pass_rate\": %.4f,\n  \"failures_by_rule\": [", rate);
    for (size_t i = 0; i < nrules; i++) {
      fputs(i ? ",\n    {\"id\": " : "\n    {\"id\": ", f);
      gk_write_json_string(f, rv[i]->key);
      fprintf(f, ", \"documents\": %ld, \"errors\": %ld, \"warnings\": %ld}", rv[i]->docs,
              rv[i]->errors, rv[i]->warnings);
    }
    fputs(nrules ? "\n  ],\n  \"organs_most_failures\": [" : "],\n  \"organs_most_failures\": [", f);
    size_t shown = 0;
    for (size_t i = 0; i < norgans && shown < GK_SUMMARY_TOP; i++) {
      if (ov[i]->errors == 0) break;
      fputs(shown++ ? ",\n    {\"organ\": " : "\n    {\"organ\": ", f);
      gk_write_json_string(f, ov[i]->show);
      fprintf(f, ", \"documents\": %ld, \"failures\": %ld}", ov[i]->docs, ov[i]->errors);
    }
    fputs(shown ? "\n  ],\n  \"files_most_failures\": [" : "],\n  \"files_most_failures\": [", f);
    for (size_t i = 0; i < nfiles; i++) {
      fputs(i ? ",\n    {\"source\": " : "\n    {\"source\": ", f);
      gk_write_json_string(f, files[i]->source);
      fprintf(f, ", \"status\": \"%s\", \"failures\": %ld}", gk_status_name(files[i]->status),
              doc_failures(files[i]));
    }
    fputs(nfiles ? "\n  ],\n  \"organ_or_year_unknown\": [" : "],\n  \"organ_or_year_unknown\": [", f);
    for (guint i = 0; i < unknown->len; i++) {
      const gk_record *r = unknown->pdata[i];
      char *key = gk_xyear_organ_key(r->organ);
      fputs(i ? ",\n    {\"source\": " : "\n    {\"source\": ", f);
      gk_write_json_string(f, r->source);
      fprintf(f, ", \"missing\": \"%s\"}",
              !key && r->year <= 0 ? "organ and year" : !key ? "organ" : "year");
      free(key);
    }
    fputs(unknown->len ? "\n  ],\n" : "],\n", f);
    if (info->pairs >= 0) fprintf(f, "  \"cross_year_pairs\": %d,\n", info->pairs);
    else fputs("  \"cross_year_pairs\": null,\n", f);
    if (info->timed) {
      fprintf(f, "  \"timing\": {\"seconds\": %.3f, \"docs_per_second\": %.2f, \"jobs\": %d, "
                 "\"worker_peak_rss_mb\": %.1f, \"slowest\": [",
              info->elapsed, info->elapsed > 0 ? (double)n / info->elapsed : 0, info->jobs,
              info->peak_rss_kb / 1024.0);
      qsort(files, n, sizeof *files, by_seconds);
      for (size_t i = 0; i < n && i < GK_SUMMARY_TOP; i++) {
        fputs(i ? ", {\"source\": " : "{\"source\": ", f);
        gk_write_json_string(f, files[i]->source);
        fprintf(f, ", \"seconds\": %.3f}", files[i]->seconds);
      }
      fputs("]}\n}\n", f);
    } else {
      fputs("  \"timing\": null\n}\n", f);
    }
  } else {
    fprintf(f, "gktab summary: %zu documents, pass rate %.1f%% (%zu ok)\n", n, 100 * rate, nok);
    text_counts(f, "status:", by_status, statuses);
    text_counts(f, "kind:", by_kind, kinds);
    text_counts(f, "template:", by_schema, NULL);
    if (nrules) fputs("  failures per rule: documents, errors, warnings\n", f);
    for (size_t i = 0; i < nrules; i++)
      fprintf(f, "    %-20s %6ld %6ld %6ld\n", rv[i]->key, rv[i]->docs, rv[i]->errors,
              rv[i]->warnings);
    size_t shown = 0;
    for (size_t i = 0; i < norgans && shown < GK_SUMMARY_TOP && ov[i]->errors; i++, shown++)
      fprintf(f, "%s    %s: %ld failures in %ld documents\n",
              shown ? "" : "  organs with most failures:\n", ov[i]->show, ov[i]->errors,
              ov[i]->docs);
    for (size_t i = 0; i < nfiles; i++)
      fprintf(f, "%s    %s: %ld (%s)\n", i ? "" : "  files with most failures:\n",
              files[i]->source, doc_failures(files[i]), gk_status_name(files[i]->status));
    if (unknown->len)
      fprintf(f, "  organ or year unknown (%u documents, not paired across years):\n", unknown->len);
    for (guint i = 0; i < unknown->len && i < GK_SUMMARY_UNKNOWN_SHOWN; i++) {
      const gk_record *r = unknown->pdata[i];
      char *key = gk_xyear_organ_key(r->organ);
      fprintf(f, "    %s: no %s\n", r->source,
              !key && r->year <= 0 ? "organ and no year" : !key ? "organ" : "year");
      free(key);
    }
    if (unknown->len > GK_SUMMARY_UNKNOWN_SHOWN)
      fprintf(f, "    … and %u more (summary.json with --out lists them all)\n",
              unknown->len - GK_SUMMARY_UNKNOWN_SHOWN);
    if (info->pairs >= 0)
      fprintf(f, "  cross-year: %d pairs of consecutive years of one organ compared\n", info->pairs);
    if (info->timed) {
      fprintf(f, "  timing: %.2f s, %.1f docs/s with %d worker%s, peak RSS of a worker %.1f MB; "
                 "slowest:",
              info->elapsed, info->elapsed > 0 ? (double)n / info->elapsed : 0, info->jobs,
              info->jobs == 1 ? "" : "s", info->peak_rss_kb / 1024.0);
      qsort(files, n, sizeof *files, by_seconds);
      for (size_t i = 0; i < n && i < 3; i++)
        fprintf(f, "%s %s (%.3f s)", i ? "," : "", files[i]->source, files[i]->seconds);
      fputc('\n', f);
    }
  }
  g_free(rv);
  g_free(ov);
  g_free(files);
  g_ptr_array_free(unknown, TRUE);
  g_hash_table_destroy(by_status);
  g_hash_table_destroy(by_kind);
  g_hash_table_destroy(by_schema);
  g_hash_table_destroy(rules);
  g_hash_table_destroy(organs);
  return ferror(f) ? GK_EIO : GK_OK;
}

int gk_summary_from_jsonl(const char *path, FILE *in, int json, FILE *out, FILE *err) {
  FILE *f = strcmp(path, "-") == 0 ? in : fopen(path, "r");
  if (!f) {
    fprintf(err, "gktab: %s: cannot open: %s\n", path, g_strerror(errno));
    return 2;
  }
  char why[512];
  gk_jsonl_read_fn read_records;
  *(void **)(&read_records) = gk_module_symbol("gkcli_jsonl", "gk_jsonl_read_records", why, sizeof why);
  if (!read_records) {
    fprintf(err, "gktab: %s: cannot load the JSONL reader: %s\n", path, why);
    if (f != in) fclose(f);
    return 2;
  }
  gk_record *recs = NULL;
  size_t n = 0;
  int code = read_records(f, path, &recs, &n, err);
  if (f != in) fclose(f);
  if (code == 0) {
    gk_summary_info info = {0, 0, -1, 0, 0};
    if (gk_summary_write(recs, n, &info, json, out) != GK_OK) code = 2;
  }
  for (size_t i = 0; i < n; i++) gk_record_clear(&recs[i]);
  g_free(recs);
  return code;
}
