/* test_provenance.c: each input kind's provenance of a few values against
 * positions read by hand from the fixtures (an editor's line and column, the
 * tables as Python's html.parser and the DOCX's XML count them, pdftotext -bbox's
 * word boxes), and decided_by on numbers the row's arithmetic joined. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../cli/gktab.h"
#include "../core/doc.h"
#include "seed.h"

/* Reads testdata/NAME into a malloc'd buffer (NUL-terminated); *n its length. */
static unsigned char *load(const char *name, size_t *n) {
  const char *dir = getenv("GK_TESTDATA");
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir ? dir : "testdata", name);
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc((size_t)len + 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
  fclose(f);
  buf[len] = 0;
  *n = (size_t)len;
  return buf;
}

static gk_doc *run_buf(const char *name, const unsigned char *buf, size_t n) {
  gk_doc *doc = gk_doc_new(name);
  assert_non_null(doc);
  assert_int_equal(gk_convert(doc, buf, n), GK_OK);
  assert_int_equal(gk_normalize(doc, NULL), GK_OK);
  return doc;
}

/* Converts and normalizes testdata/NAME. Caller frees with gk_doc_free(). */
static gk_doc *run_file(const char *name) {
  size_t n;
  unsigned char *buf = load(name, &n);
  gk_doc *doc = run_buf(name, buf, n);
  free(buf);
  return doc;
}

static const gk_src *src_of(gk_doc *doc, const char *t, const char *r, const char *c) {
  const gk_value *v = value(doc, t, r, c);
  assert_true(v->state == GK_VAL_NUMBER);
  return &v->src;
}

static void want_text(gk_doc *doc, const char *t, const char *r, const char *c, int line, int col) {
  const gk_src *s = src_of(doc, t, r, c);
  if (s->kind != GK_SRC_TEXT || s->line != line || s->column != col)
    fail_msg("%s.%s.%s: kind %d line %d column %d, want line %d column %d", t, r, c, s->kind,
             s->line, s->column, line, col);
}

static void want_table(gk_doc *doc, const char *t, const char *r, const char *c, int table,
                       int row, int col, long offset) {
  const gk_src *s = src_of(doc, t, r, c);
  if (s->kind != GK_SRC_TABLE || s->table != table || s->row != row || s->col != col ||
      s->offset != offset)
    fail_msg("%s.%s.%s: kind %d table %d row %d col %d offset %ld, want %d %d %d %ld", t, r, c,
             s->kind, s->table, s->row, s->col, (long)s->offset, table, row, col, offset);
}

/* Tab rows: 规章<TAB>0… is line 33, its first value the 4th character; the t3 row
 * 一、本年新收…数量<TAB><TAB>74 (16 characters, two tabs) puts 74 at column 19. */
static void text_tabs(void **state) {
  (void)state;
  gk_doc *doc = run_file("text/000-seed-zhenping.txt");
  want_text(doc, "t2", "rules", "issued", 33, 4);
  want_text(doc, "t2", "rules", "in_force", 33, 8);
  want_text(doc, "t3", "new", "natural", 51, 19);
  want_text(doc, "t3", "new", "total", 51, 32);
  gk_doc_free(doc);
}

/* pdftotext -layout: values after runs of spaces, inside one paragraph line. */
static void text_layout(void **state) {
  (void)state;
  gk_doc *doc = run_file("text/031-pdftotext-layout-2019.txt");
  want_text(doc, "t3", "new", "natural", 40, 30);
  want_text(doc, "t3", "new", "research", 40, 42);
  want_text(doc, "t3", "new", "total", 40, 70);
  gk_doc_free(doc);
}

/* Numbers wrapped onto the next line and joined because the row then adds up. */
static void text_decided(void **state) {
  (void)state;
  gk_doc *doc = run_file("text/024-number-broken-lines.txt");
  const gk_value *v = value(doc, "t3", "new", "natural");
  assert_non_null(v->decided_by);
  assert_string_equal(v->decided_by, "t3.row_total");
  want_text(doc, "t3", "new", "natural", 63, 19);
  /* A value the join left alone was not decided by it. */
  assert_null(value(doc, "t3", "new", "research")->decided_by);
  gk_doc_free(doc);
}

/* Table 0 row 2 is 规章 | 3 | 1 | 27, its second <td> at byte 3395; in table 1 the
 * label spans three columns, so natural is column 3 and the total column 9. */
static void html_cells(void **state) {
  (void)state;
  gk_doc *doc = run_file("html/001-template-utf8.html");
  want_table(doc, "t2", "rules", "issued", 0, 2, 1, 3395);
  want_table(doc, "t3", "new", "natural", 1, 3, 3, 16239);
  want_table(doc, "t3", "new", "total", 1, 3, 9, 18243);
  gk_doc_free(doc);
}

/* A hidden table and a one-column layout table before the report's: the report's
 * tables are the page's third and fourth <table>, and every offset moves by the
 * bytes put in front. */
static void html_hidden_tables(void **state) {
  (void)state;
  static const char pre[] = "<div style=\"display:none\"><table><tr><td>x</td><td>y</td></tr></table></div>"
                            "<table class=\"nav\"><tr><td>a</td></tr></table>";
  size_t n;
  unsigned char *page = load("html/001-template-utf8.html", &n);
  const char *at = strstr((const char *)page, "<table");
  assert_non_null(at);
  size_t head = (size_t)(at - (const char *)page), lp = strlen(pre);
  unsigned char *buf = malloc(n + lp);
  assert_non_null(buf);
  memcpy(buf, page, head);
  memcpy(buf + head, pre, lp);
  memcpy(buf + head + lp, page + head, n - head);
  gk_doc *doc = run_buf("hidden.html", buf, n + lp);
  want_table(doc, "t2", "rules", "issued", 2, 2, 1, 3395 + (long)lp);
  want_table(doc, "t3", "new", "total", 3, 3, 9, 18243 + (long)lp);
  gk_doc_free(doc);
  free(buf);
  free(page);
}

/* DOCX: table 1's rows 0–2 are headers with vertical merges, row 3's label has
 * gridSpan 3. No byte offsets. */
static void docx_cells(void **state) {
  (void)state;
  gk_doc *doc = run_file("docx/010-handmade-spans.docx");
  want_table(doc, "t2", "rules", "issued", 0, 2, 1, -1);
  want_table(doc, "t3", "new", "natural", 1, 3, 3, -1);
  want_table(doc, "t3", "new", "total", 1, 3, 9, -1);
  gk_doc_free(doc);
}

/* pdftotext -bbox: the word 3 right of 规章 on page 1 spans 252.8–257.795 × 487.75–499.45. */
static void pdf_boxes(void **state) {
  (void)state;
  gk_doc *doc = run_file("pdf/001-xxgk2021-libreoffice.pdf");
  const gk_src *s = src_of(doc, "t2", "rules", "issued");
  assert_int_equal(s->kind, GK_SRC_PDF);
  assert_int_equal(s->page, 1);
  assert_true(s->has_box);
  const double want[4] = {252.8, 487.75, 257.795, 499.45};
  const float got[4] = {s->x0, s->y0, s->x1, s->y1};
  for (int i = 0; i < 4; i++)
    if (got[i] < want[i] - 0.01 || got[i] > want[i] + 0.01)
      fail_msg("bbox[%d] = %.3f, want %.3f", i, got[i], want[i]);
  gk_doc_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(text_tabs), cmocka_unit_test(text_layout), cmocka_unit_test(text_decided),
      cmocka_unit_test(html_cells), cmocka_unit_test(html_hidden_tables),
      cmocka_unit_test(docx_cells), cmocka_unit_test(pdf_boxes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
