/* seed.c: shared helpers of the pipeline unit tests: the real report
 * testdata/text/000-seed-zhenping.txt as a base text, edits of it, and a run of the
 * whole pipeline over a text. */
#include "seed.h"

#include "../cli/gktab.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define SEED "text/000-seed-zhenping.txt"

char *seed;

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  size_t len = 0, cap = 0, n;
  char chunk[8192];
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (len + n + 1 > cap) {
      cap = (len + n + 1) * 2;
      char *nb = realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = nb;
    }
    memcpy(buf + len, chunk, n);
    len += n;
  }
  fclose(f);
  if (buf) buf[len] = '\0';
  return buf;
}

/* meson passes the testdata directory in GK_TESTDATA (tests/meson.build). */
static char *load_seed(void) {
  const char *dir = getenv("GK_TESTDATA");
  if (!dir) dir = "testdata";
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, SEED);
  return read_file(path);
}

int group_setup(void **state) {
  (void)state;
  seed = load_seed();
  if (!seed) fprintf(stderr, "cannot read $GK_TESTDATA/%s\n", SEED);
  return seed ? 0 : -1;
}

int group_teardown(void **state) {
  (void)state;
  free(seed);
  return 0;
}

/* A copy of `base` with its first `old` replaced by `new`; `old` must occur. */
char *edit(const char *base, const char *old, const char *new) {
  const char *p = strstr(base, old);
  if (!p) fail_msg("edit: \"%s\" not in the text", old);
  size_t lb = strlen(base), lo = strlen(old), ln = strlen(new);
  char *r = malloc(lb - lo + ln + 1);
  assert_non_null(r);
  memcpy(r, base, (size_t)(p - base));
  memcpy(r + (p - base), new, ln);
  memcpy(r + (p - base) + ln, p + lo, lb - (size_t)(p - base) - lo + 1);
  return r;
}

/* Applies edits pairwise (old, new, …, NULL) to the seed. Caller frees. */
char *edits(const char *first, ...) {
  va_list ap;
  va_start(ap, first);
  char *cur = NULL;
  const char *old = first;
  while (old) {
    const char *new = va_arg(ap, const char *);
    char *next = edit(cur ? cur : seed, old, new);
    free(cur);
    cur = next;
    old = va_arg(ap, const char *);
  }
  va_end(ap);
  return cur ? cur : strdup(seed);
}

/* Replaces the text from `from` (inclusive) to `to` (exclusive) with `repl`. */
char *replace_range(const char *base, const char *from, const char *to, const char *repl) {
  const char *a = strstr(base, from);
  assert_non_null(a);
  const char *b = strstr(a, to);
  assert_non_null(b);
  char *old = strndup(a, (size_t)(b - a));
  char *r = edit(base, old, repl);
  free(old);
  return r;
}

gk_doc *run_pipeline(const char *text, const char *schema, int *errors) {
  gk_doc *doc = gk_doc_new("test.txt");
  assert_non_null(doc);
  assert_int_equal(gk_convert(doc, (const unsigned char *)text, strlen(text)), GK_OK);
  assert_int_equal(gk_normalize(doc, schema), GK_OK);
  int e = gk_check(doc);
  assert_true(e >= 0);
  assert_true(doc->checked);
  if (errors) *errors = e;
  return doc;
}

int count(const gk_doc *doc, const char *id) {
  int n = 0;
  for (size_t i = 0; i < doc->nchecks; i++) n += strcmp(doc->checks[i].id, id) == 0;
  return n;
}

void dump(const gk_doc *doc) {
  for (size_t i = 0; i < doc->nchecks; i++)
    print_message("  check %s %s.%s.%s: %s\n", doc->checks[i].id, doc->checks[i].table ? doc->checks[i].table : "*",
                  doc->checks[i].row ? doc->checks[i].row : "*", doc->checks[i].col ? doc->checks[i].col : "*",
                  doc->checks[i].message);
  for (size_t i = 0; i < doc->ndiags; i++)
    print_message("  diag %s [%s] %s: %s\n", gk_severity_name(doc->diags[i].severity), doc->diags[i].code,
                  doc->diags[i].pos ? doc->diags[i].pos : "-", doc->diags[i].msg);
}

const gk_value *value(gk_doc *doc, const char *tk, const char *rk, const char *ck) {
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    if (strcmp(st->key, tk) != 0) continue;
    int r = gk_schema_row_index(st, rk), c = gk_schema_col_index(st, ck);
    if (r < 0 || c < 0) fail_msg("no cell %s.%s.%s in %s", tk, rk, ck, doc->schema->id);
    int p = gk_schema_row_col_pos(&st->rows[r], c);
    assert_true(p >= 0);
    return gk_doc_value(doc, t, r, p);
  }
  fail_msg("no table %s", tk);
  return NULL;
}
