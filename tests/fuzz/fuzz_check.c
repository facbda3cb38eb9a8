/* fuzz_check.c: the checks every fuzz target runs after building a model (see
 * fuzz_check.h). */
#include "fuzz_check.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/gktab.h"
#include "core/utf8.h"
#include "core/write.h"

/* Fields of a checks line: severity, rule, cell, message, source. */
#define CHECKS_FIELDS 5
/* Fields of a CSV record: table, row, col, value, source. */
#define CSV_FIELDS 5

int gk_fuzz_csv_fields(const char *s, size_t len) {
  int want = -1, fields = 1;
  size_t i = 0;
  if (len == 0) return 0;
  while (i < len) {
    if (s[i] == '"') {
      /* A quoted field: up to the closing quote, "" is a quote inside. */
      for (i++;; i++) {
        if (i >= len) return -1;
        if (s[i] == '"') {
          if (i + 1 < len && s[i + 1] == '"') {
            i++;
            continue;
          }
          i++;
          break;
        }
      }
      if (i < len && s[i] != ',' && s[i] != '\n') return -1;
    } else {
      /* A plain field holds no quote and ends at a comma or the record end. */
      while (i < len && s[i] != ',' && s[i] != '\n') {
        if (s[i] == '"') return -1;
        i++;
      }
    }
    if (i >= len) return -1; /* the last record lacks its LF */
    if (s[i] == ',') {
      fields++;
      i++;
      continue;
    }
    /* Record end. */
    if (want < 0) want = fields;
    else if (fields != want) return -1;
    fields = 1;
    i++;
  }
  return want;
}

/* Every line of the checks TSV has CHECKS_FIELDS tab-separated fields. */
static int checks_ok(const char *s, size_t len) {
  int fields = 1;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '\t') fields++;
    else if (s[i] == '\n') {
      if (fields != CHECKS_FIELDS) return 0;
      fields = 1;
    }
  }
  return len == 0 || s[len - 1] == '\n';
}

static int json_ok(const char *s, size_t len) {
  JsonParser *p = json_parser_new();
  GError *err = NULL;
  int ok = json_parser_load_from_data(p, s, (gssize)len, &err);
  if (ok) {
    JsonNode *root = json_parser_get_root(p);
    ok = root && JSON_NODE_HOLDS_OBJECT(root);
  } else {
    fprintf(stderr, "fuzz: JSON does not parse: %s\n", err ? err->message : "?");
  }
  if (err) g_error_free(err);
  g_object_unref(p);
  return ok;
}

/* Runs one writer into memory and checks what it wrote. */
static void check_writer(gk_doc *doc, gk_output kind) {
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  if (!mem) return;
  int rc = gk_write(doc, kind, mem, /*first*/ 1);
  if (fclose(mem) != 0) rc = GK_EIO;
  if (rc == GK_ENOMEM) {
    free(buf);
    return;
  }
  if (rc != GK_OK) {
    fprintf(stderr, "fuzz: writer %d failed (%d)\n", (int)kind, rc);
    abort();
  }
  const char *what = NULL;
  if (!gk_utf8_valid(buf, len)) what = "invalid UTF-8";
  else if (kind == GK_OUT_JSON && !json_ok(buf, len)) what = "JSON that does not parse";
  else if (kind == GK_OUT_CSV && gk_fuzz_csv_fields(buf, len) != CSV_FIELDS)
    what = "CSV records of different widths";
  else if (kind == GK_OUT_CHECKS && !checks_ok(buf, len)) what = "checks lines without 5 fields";
  else if (kind == GK_OUT_HTML && (strstr(buf, "<script") || strstr(buf, "<SCRIPT")))
    what = "a script element in the review page";
  if (what) {
    fprintf(stderr, "fuzz: writer %d wrote %s:\n%.*s\n", (int)kind, what,
            (int)(len > 4000 ? 4000 : len), buf);
    abort();
  }
  free(buf);
}

const char *gk_fuzz_schema(size_t size) {
  static const char *const ids[] = {NULL, "xxgk-2021", NULL, "xxgk-2019"};
  return ids[size % 4];
}

void gk_fuzz_pipeline(gk_doc *doc, int rc, const char *schema_id) {
  if (rc == GK_OK) {
    if (gk_doc_validate(doc, stderr) != 0) abort();
    rc = gk_normalize(doc, schema_id);
  }
  if (rc == GK_OK) rc = gk_normalize_views(doc, GK_VIEW_SECTIONS | GK_VIEW_TEXT);
  if (rc == GK_OK) {
    if (gk_check(doc) < 0) return; /* out of memory: nothing to check */
    if (gk_doc_validate(doc, stderr) != 0) abort();
    /* Every writer, as cmark's fuzzer renders every format. */
    for (int k = GK_OUT_JSON; k <= GK_OUT_HTML; k++) check_writer(doc, (gk_output)k);
  } else {
    /* A refused model still dumps: the dump is how one looks at it. */
    check_writer(doc, GK_OUT_DUMP);
  }
}

void gk_fuzz_convert(gk_format fmt, int (*convert)(struct gk_doc *, const unsigned char *, size_t),
                     const unsigned char *data, size_t size) {
  size_t live0 = gk_arena_live();
  gk_doc *doc = gk_doc_new("fuzz");
  if (!doc) return;
  /* What gk_convert would record before dispatching. */
  doc->format = fmt;
  gk_fuzz_pipeline(doc, convert(doc, data, size), gk_fuzz_schema(size));
  gk_doc_free(doc);
  if (gk_arena_live() != live0) {
    fprintf(stderr, "fuzz: %zu arena blocks live before, %zu after gk_doc_free\n", live0,
            gk_arena_live());
    abort();
  }
}
