/* test_pdf.c: unit tests of the PDF converter's geometry (pdf_layout.h) on glyph
 * boxes placed by hand, and of gk_convert_pdf on inputs poppler cannot read. */
/* clang-format off: cmocka.h needs these headers before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "converters/convert.h"
#include "converters/pdf_layout.h"
#include "core/doc.h"
#include "core/utf8.h"

/* A page being set: glyphs of `size` pt text, CJK one em wide, ASCII half an em,
 * boxes 1.3 em tall as poppler gives them for CJK fonts. */
typedef struct {
  gk_pdf_glyph g[4096];
  size_t n;
} sheet;

/* Places `s` with its left edge at x and top at y; returns the right edge. */
static double put(sheet *sh, const char *s, double x, double y, double size) {
  size_t i = 0, len = strlen(s);
  while (i < len) {
    uint32_t cp = gk_utf8_next(s, len, &i);
    double w = cp < 0x80 ? size * 0.5 : size;
    if (cp != ' ') sh->g[sh->n++] = (gk_pdf_glyph){x, y, x + w, y + size * 1.3, cp};
    x += w;
  }
  return x;
}

/* Places `s` so that its right edge is at x (right-aligned numbers). */
static void put_right(sheet *sh, const char *s, double x, double y, double size) {
  double w = 0;
  size_t i = 0, len = strlen(s);
  while (i < len) w += gk_utf8_next(s, len, &i) < 0x80 ? size * 0.5 : size;
  put(sh, s, x - w, y, size);
}

static gk_doc *emit(sheet *pages, size_t npages) {
  gk_doc *doc = gk_doc_new("test.pdf");
  assert_non_null(doc);
  gk_pdf_layout *lay = gk_pdf_layout_new(doc);
  assert_non_null(lay);
  for (size_t i = 0; i < npages; i++)
    assert_int_equal(gk_pdf_layout_add_page(lay, pages[i].g, pages[i].n, 595, 842), GK_OK);
  assert_int_equal(gk_pdf_layout_finish(lay), GK_OK);
  gk_pdf_layout_free(lay);
  assert_int_equal(gk_doc_validate(doc, stderr), 0);
  return doc;
}

static const gk_block *nth_grid(const gk_doc *doc, int k) {
  for (size_t i = 0; i < doc->nblocks; i++)
    if (doc->blocks[i].kind == GK_BLOCK_GRID && k-- == 0) return &doc->blocks[i];
  return NULL;
}

/* The row of `grid` whose first cell is `label`, or NULL. */
static const gk_row *row_with(const gk_block *grid, const char *label) {
  for (size_t r = 0; r < grid->nrows; r++)
    if (grid->rows[r].ncells && strcmp(grid->rows[r].cells[0].text, label) == 0)
      return &grid->rows[r];
  return NULL;
}

static void test_value_kind(void **state) {
  (void)state;
  static const struct {
    const char *s;
    int kind;
  } cases[] = {
      {"12", 2},
      {"1,234", 2},
      {"6432.466", 2},
      {"-4", 2},
      {"１２", 2},
      {"35%", 2},
      {"22（其中修订16件）", 2},
      {"/", 1},
      {"—", 1},
      {"--", 1},
      {"无", 1},
      {"1.属于国家秘密", 0},
      {"1.", 0},
      {"规章", 0},
      {"2024年", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int k = gk_pdf_value_kind(cases[i].s, strlen(cases[i].s));
    if (k != cases[i].kind) fail_msg("%s: kind %d, expected %d", cases[i].s, k, cases[i].kind);
  }
}

/* A small table: header, three rows of labels and right-aligned numbers; one label
 * wrapped over two lines with its numbers on the first; one row with a blank cell. */
static void build_table(sheet *sh, double y) {
  const double sz = 10, pitch = 20, cols[3] = {300, 360, 420};
  put(sh, "信息内容", 80, y, sz);
  put(sh, "甲类", cols[0] - 20, y, sz);
  put(sh, "乙类", cols[1] - 20, y, sz);
  put(sh, "丙类", cols[2] - 20, y, sz);
  y += pitch;
  put(sh, "规章", 80, y, sz);
  put_right(sh, "3", cols[0], y, sz);
  put_right(sh, "12", cols[1], y, sz);
  put_right(sh, "1 2", cols[2], y, sz); /* a word gap: two values in one cell */
  y += pitch;
  put(sh, "部分公开（区分", 80, y, sz);
  put_right(sh, "45", cols[0], y, sz);
  put_right(sh, "6", cols[1], y, sz);
  put_right(sh, "789", cols[2], y, sz);
  put(sh, "处理）", 80, y + sz * 1.3 + 1, sz); /* wrapped: 1 pt under the first line */
  y += pitch + sz * 1.3 + 1;
  put(sh, "行政许可", 80, y, sz);
  put_right(sh, "7", cols[0], y, sz);
  put_right(sh, "10", cols[2], y, sz);
}

static void test_table_grid(void **state) {
  (void)state;
  static sheet page;
  memset(&page, 0, sizeof page);
  put(&page, "二、主动公开政府信息情况", 80, 100, 12);
  build_table(&page, 140);
  gk_doc *doc = emit(&page, 1);
  /* The heading stays a paragraph; the table is one grid. */
  assert_int_equal(doc->blocks[0].kind, GK_BLOCK_PARAGRAPH);
  assert_string_equal(doc->blocks[0].text, "二、主动公开政府信息情况");
  const gk_block *g = nth_grid(doc, 0);
  assert_non_null(g);
  assert_int_equal(g->page, 1);
  const gk_row *h = row_with(g, "信息内容");
  assert_non_null(h);
  assert_int_equal(h->ncells, 4);
  assert_string_equal(h->cells[2].text, "乙类");

  const gk_row *r = row_with(g, "规章");
  assert_non_null(r);
  assert_int_equal(r->ncells, 4);
  assert_string_equal(r->cells[1].text, "3");
  assert_string_equal(r->cells[2].text, "12");  /* glyphs touching: one number */
  assert_string_equal(r->cells[3].text, "1 2"); /* a gap: kept apart */

  /* The wrapped label is one cell, in the row of its numbers. */
  r = row_with(g, "部分公开（区分处理）");
  assert_non_null(r);
  assert_int_equal(r->ncells, 4);
  assert_string_equal(r->cells[3].text, "789");

  /* The blank cell stays an empty cell in its column. */
  r = row_with(g, "行政许可");
  assert_non_null(r);
  assert_int_equal(r->ncells, 4);
  assert_string_equal(r->cells[1].text, "7");
  assert_string_equal(r->cells[2].text, "");
  assert_string_equal(r->cells[3].text, "10");
  gk_doc_free(doc);
}

/* A top-aligned table with even line spacing and no gap between rows: each row's
 * numbers sit on its label's first line and the label runs on below them. */
static void test_top_aligned(void **state) {
  (void)state;
  static sheet page;
  memset(&page, 0, sizeof page);
  const double sz = 10, lh = 14, y = 140;
  put(&page, "二、主动公开政府信息情况", 80, 100, 12);
  put(&page, "信息内容", 80, y, sz);
  put(&page, "甲类", 280, y, sz);
  put(&page, "乙类", 340, y, sz);
  static const char *lines[] = {"行政规", "范性文", "件", "行政许", "可", "行政处罚"};
  static const char *vals[] = {"3", NULL, NULL, "5", NULL, "7"};
  for (int i = 0; i < 6; i++) {
    put(&page, lines[i], 80, y + lh * (i + 1), sz);
    if (vals[i]) {
      put_right(&page, vals[i], 300, y + lh * (i + 1), sz);
      put_right(&page, "4", 360, y + lh * (i + 1), sz);
    }
  }
  gk_doc *doc = emit(&page, 1);
  const gk_block *g = nth_grid(doc, 0);
  assert_non_null(g);
  const gk_row *r = row_with(g, "行政规范性文件");
  assert_non_null(r);
  assert_int_equal(r->ncells, 3);
  assert_string_equal(r->cells[1].text, "3");
  r = row_with(g, "行政许可");
  assert_non_null(r);
  assert_string_equal(r->cells[1].text, "5");
  r = row_with(g, "行政处罚");
  assert_non_null(r);
  assert_string_equal(r->cells[1].text, "7");
  assert_non_null(row_with(g, "信息内容"));
  gk_doc_free(doc);
}

/* One row of values under a two-level header: the blank column comes from the
 * header cells; the merged header spans its columns. */
static void test_header_columns(void **state) {
  (void)state;
  static sheet page;
  memset(&page, 0, sizeof page);
  const double sz = 10;
  put(&page, "行政复议", 130, 100, sz); /* centred over the three columns */
  put(&page, "维持", 90, 120, sz);
  put(&page, "纠正", 140, 120, sz);
  put(&page, "总计", 190, 120, sz);
  put(&page, "4", 97, 140, sz);
  put(&page, "7", 197, 140, sz);
  gk_doc *doc = emit(&page, 1);
  const gk_block *g = nth_grid(doc, 0);
  assert_non_null(g);
  assert_int_equal(g->nrows, 3);
  assert_string_equal(g->rows[0].cells[0].text, "行政复议");
  assert_int_equal(g->rows[0].cells[0].colspan, 3);
  const gk_row *v = &g->rows[2];
  assert_int_equal(v->ncells, 3);
  assert_string_equal(v->cells[0].text, "4");
  assert_string_equal(v->cells[1].text, "");
  assert_string_equal(v->cells[2].text, "7");
  gk_doc_free(doc);
}

/* Prose: wrapped CJK lines join without spaces, page numbers and a running header
 * repeated on every page go, a paragraph runs on over the page break. */
static void test_paragraphs_and_markers(void **state) {
  (void)state;
  static sheet pages[2];
  memset(pages, 0, sizeof pages);
  const char *l1 = "本年新收政府信息公开申请十件，均已按期答复，办理情况良好";
  for (int p = 0; p < 2; p++) {
    put(&pages[p], "某县人民政府", 250, 30, 9);
    put(&pages[p], p == 0 ? "- 1 -" : "- 2 -", 280, 800, 9);
  }
  double right = put(&pages[0], l1, 100, 100, 12);
  put(&pages[0], "年度报告。", 76, 116, 12);
  put(&pages[0], "（一）主动公开情况", 76, 140, 12);
  double r2 = put(&pages[0], l1, 100, 770 - 16, 12);
  assert_true(r2 == right);
  put(&pages[1], "继续推进。", 76, 80, 12);
  gk_doc *doc = emit(pages, 2);
  assert_int_equal(doc->nblocks, 3);
  assert_string_equal(doc->blocks[0].text,
                      "本年新收政府信息公开申请十件，均已按期答复，办理情况良好年度报告。");
  assert_string_equal(doc->blocks[1].text, "（一）主动公开情况");
  assert_string_equal(doc->blocks[2].text,
                      "本年新收政府信息公开申请十件，均已按期答复，办理情况良好继续推进。");
  assert_int_equal(doc->blocks[2].page, 1);
  for (size_t i = 0; i < doc->nblocks; i++) {
    assert_null(strstr(doc->blocks[i].text, "某县人民政府"));
    assert_null(strstr(doc->blocks[i].text, "- 1 -"));
  }
  gk_doc_free(doc);
}

/* A table continued on the next page without its header: a further grid. */
static void test_continued_table(void **state) {
  (void)state;
  static sheet pages[2];
  memset(pages, 0, sizeof pages);
  build_table(&pages[0], 600);
  put(&pages[1], "重复申请", 80, 80, 10);
  put_right(&pages[1], "8", 300, 80, 10);
  put_right(&pages[1], "9", 360, 80, 10);
  put_right(&pages[1], "11", 420, 80, 10);
  gk_doc *doc = emit(pages, 2);
  const gk_block *g2 = nth_grid(doc, 1);
  assert_non_null(g2);
  assert_int_equal(g2->page, 2);
  const gk_row *r = row_with(g2, "重复申请");
  assert_non_null(r);
  assert_int_equal(r->ncells, 4);
  assert_string_equal(r->cells[3].text, "11");
  gk_doc_free(doc);
}

static void expect_error(const char *bytes, size_t len, const char *msg) {
  gk_doc *doc = gk_doc_new("bad.pdf");
  assert_int_equal(gk_convert_pdf(doc, (const unsigned char *)bytes, len), GK_EFORMAT);
  assert_true(doc->ndiags > 0);
  if (!strstr(doc->diags[0].msg, msg)) fail_msg("\"%s\" lacks \"%s\"", doc->diags[0].msg, msg);
  gk_doc_free(doc);
}

static void test_unreadable(void **state) {
  (void)state;
  static const char junk[] =
      "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer\n";
  expect_error(junk, sizeof junk - 1, "damaged PDF");
  expect_error("%PDF", 4, "damaged PDF");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_value_kind),      cmocka_unit_test(test_table_grid),
      cmocka_unit_test(test_header_columns),  cmocka_unit_test(test_paragraphs_and_markers),
      cmocka_unit_test(test_continued_table), cmocka_unit_test(test_unreadable),
      cmocka_unit_test(test_top_aligned),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
