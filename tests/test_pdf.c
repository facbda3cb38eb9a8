/* test_pdf.c: unit tests of the PDF converter's geometry (pdf_layout.h) on glyph
 * boxes placed by hand, and of gk_convert_pdf on inputs poppler cannot read. */
/* cmocka.h needs these headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "converters/convert.h"
#include "converters/pdf_grid.h"
#include "converters/pdf_layout.h"
#include "converters/pdf_lines.h"
#include "core/doc.h"
#include "core/write_dump.h"
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

/* Places `s` with its left edge at x and its ink's top at y, in boxes `ratio` em
 * tall centred on the ink (Chromium's boxes are 2.6 em: the font's bounding box). */
static void put_tall(sheet *sh, const char *s, double x, double y, double size, double ratio) {
  size_t i = 0, len = strlen(s);
  double c = y + size / 2;
  while (i < len) {
    uint32_t cp = gk_utf8_next(s, len, &i);
    double w = cp < 0x80 ? size * 0.5 : size;
    if (cp != ' ')
      sh->g[sh->n++] = (gk_pdf_glyph){x, c - ratio * size / 2, x + w, c + ratio * size / 2, cp};
    x += w;
  }
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
      {"‒", 1}, /* every blank token of the lexicon (core/lex.h) */
      {"×", 1},
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

static void test_page_number(void **state) {
  (void)state;
  static const char *yes[] = {"3",           "- 3 -", "— 12 —", "第 3 页",
                              "第3页 共9页", "3/9",   "Page 3", "1234"};
  static const char *no[] = {"12345", "3 件", "第三章", "2024年", "-3"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
    if (!gk_pdf_is_page_number(yes[i], strlen(yes[i]))) fail_msg("%s: not a page number", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
    if (gk_pdf_is_page_number(no[i], strlen(no[i]))) fail_msg("%s: a page number", no[i]);
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

/* Boxes 2.6 em tall (Chromium) on a table whose labels wrap at a pitch of 1.25 em:
 * each box covers the next line's centre. The page's boxes are shrunk, so the two
 * lines of a label stay two lines of one cell, centred on their row's numbers, and
 * the neighbouring rows keep their own numbers. */
/* Three rows of grid g, each its label and the two values va[i], vb[i] (the model
 * dumped to stderr when a label has no row of its own). */
static void assert_label_rows(gk_doc *doc, const gk_block *g, const char *const *labels,
                              const char *const *va, const char *const *vb) {
  for (int i = 0; i < 3; i++) {
    const gk_row *r = row_with(g, labels[i]);
    if (!r) {
      gk_write_dump_doc(doc, stderr);
      fail_msg("no row %s", labels[i]);
    }
    assert_int_equal(r->ncells, 3);
    assert_string_equal(r->cells[1].text, va[i]);
    assert_string_equal(r->cells[2].text, vb[i]);
  }
}

static void test_tall_boxes(void **state) {
  (void)state;
  static sheet page;
  memset(&page, 0, sizeof page);
  const double sz = 10, lh = 12.5, pad = 4;
  double y = 140;
  put_tall(&page, "二、主动公开政府信息情况", 80, 100, 12, 2.6);
  put_tall(&page, "信息内容", 80, y, sz, 2.6);
  put_tall(&page, "甲类", 280, y, sz, 2.6);
  put_tall(&page, "乙类", 340, y, sz, 2.6);
  static const char *first[] = {"行政规范", "行政许可", "行政处罚"};
  static const char *second[] = {"性文件", "事项", "决定"};
  static const char *va[] = {"3", "5", "7"}, *vb[] = {"4", "6", "8"};
  y += lh + pad;
  for (int i = 0; i < 3; i++) {
    put_tall(&page, first[i], 80, y, sz, 2.6);
    put_tall(&page, second[i], 80, y + lh, sz, 2.6);
    put_tall(&page, va[i], 295, y + lh / 2, sz, 2.6);
    put_tall(&page, vb[i], 355, y + lh / 2, sz, 2.6);
    y += 2 * lh + pad;
  }
  gk_doc *doc = emit(&page, 1);
  const gk_block *g = nth_grid(doc, 0);
  assert_non_null(g);
  static const char *labels[] = {"行政规范性文件", "行政许可事项", "行政处罚决定"};
  assert_label_rows(doc, g, labels, va, vb);
  gk_doc_free(doc);
}

/* Places `s` with its left edge at x in boxes from `top` down `h` points (one box
 * height for the whole word, as poppler gives a word begun in another font). */
static void put_box(sheet *sh, const char *s, double x, double top, double size, double h) {
  size_t i = 0, len = strlen(s);
  while (i < len) {
    uint32_t cp = gk_utf8_next(s, len, &i);
    double w = cp < 0x80 ? size * 0.5 : size;
    if (cp != ' ') sh->g[sh->n++] = (gk_pdf_glyph){x, top, x + w, top + h, cp};
    x += w;
  }
}

/* A Ghostscript re-distil of a WPS table (fixture 043): its fonts re-embedded, a word
 * begun in the Latin font (the labels' "1." and the numbers) has boxes 0.756 em tall,
 * the ideographs' 1.0 em, at the pitches of the first PDF. Each row's label wraps,
 * its second line alone in its cell. Without evening the two heights, the wrapped
 * lines' gaps read as gaps between rows, and each row's second line became a row. */
static void test_two_box_heights(void **state) {
  (void)state;
  static sheet page;
  memset(&page, 0, sizeof page);
  const double sz = 10, shortbox = 7.56, pitch = 32.7;
  put_box(&page, "二、主动公开政府信息情况", 80, 100, 12, 12);
  put_box(&page, "信息内容", 80, 130, sz, sz);
  put_box(&page, "甲类", 280, 130, sz, sz);
  put_box(&page, "乙类", 340, 130, sz, sz);
  static const char *first[] = {"1.属于国家秘", "2.其他法律行", "3.危及三安"};
  static const char *second[] = {"密", "政法规禁止", "全稳定"};
  static const char *va[] = {"3", "5", "7"}, *vb[] = {"4", "6", "8"};
  double y = 150;
  for (int i = 0; i < 3; i++) {
    put_box(&page, first[i], 80, y + 0.9, sz, shortbox);
    put_box(&page, second[i], 80, y + 15.1, sz, sz);
    put_box(&page, va[i], 290, y, sz, shortbox);
    put_box(&page, vb[i], 350, y, sz, shortbox);
    y += pitch;
  }
  gk_doc *doc = emit(&page, 1);
  const gk_block *g = nth_grid(doc, 0);
  assert_non_null(g);
  static const char *labels[] = {"1.属于国家秘密", "2.其他法律行政法规禁止", "3.危及三安全稳定"};
  assert_label_rows(doc, g, labels, va, vb);
  assert_int_equal(g->nrows, 4);
  gk_doc_free(doc);
}

/* Rows aligned in different ways in one table, their lines at an even pitch inside
 * a cell and 0.15 em more between rows (less than the gap the grouping takes for one
 * cell, so the rows run together until they are cut apart): a label with its numbers on its middle line
 * next to one with its numbers on its first line (whose first line lies right under
 * the row above), one with its numbers on its last line, a one-line row. No row
 * takes a neighbour's numbers or label lines. */
static void test_mixed_alignment(void **state) {
  (void)state;
  static sheet page;
  memset(&page, 0, sizeof page);
  const double sz = 10, lh = 13, pad = 2;
  double y = 140;
  put(&page, "二、主动公开政府信息情况", 80, 100, 12);
  put(&page, "信息内容", 80, y, sz);
  put(&page, "甲类", 280, y, sz);
  put(&page, "乙类", 340, y, sz);
  y += lh + pad;
  static const struct {
    const char *l[3];
    int on; /* the line its numbers are on */
    const char *a, *b, *label;
  } rows[] = {
      {{"部分公开区", "分处理的只", "计这一情形"}, 1, "11", "12", "部分公开区分处理的只计这一情形"},
      {{"属于国家秘", "密或其他法", "律禁止公开"}, 0, "21", "22", "属于国家秘密或其他法律禁止公开"},
      {{"本机关不掌", "握相关信息", NULL}, 1, "31", "32", "本机关不掌握相关信息"},
      {{"重复申请", NULL, NULL}, 0, "41", "42", "重复申请"},
      {{"要求提供公", "开出版物", "不予处理"}, 0, "51", "52", "要求提供公开出版物不予处理"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    int n = 0;
    for (; n < 3 && rows[i].l[n]; n++) put(&page, rows[i].l[n], 80, y + lh * n, sz);
    put_right(&page, rows[i].a, 300, y + lh * rows[i].on, sz);
    put_right(&page, rows[i].b, 360, y + lh * rows[i].on, sz);
    y += lh * n + pad;
  }
  gk_doc *doc = emit(&page, 1);
  const gk_block *g = nth_grid(doc, 0);
  assert_non_null(g);
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const gk_row *r = row_with(g, rows[i].label);
    if (!r) {
      gk_write_dump_doc(doc, stderr);
      fail_msg("no row %s", rows[i].label);
    }
    assert_int_equal(r->ncells, 3);
    assert_string_equal(r->cells[1].text, rows[i].a);
    assert_string_equal(r->cells[2].text, rows[i].b);
  }
  gk_doc_free(doc);
}

/* LibreOffice's spacing: boxes 1.3 em, 2.6 pt between the lines of a cell and 4.1 pt
 * between rows, one-line rows' values right under each other (what the value lines
 * tell of a cell's gap is too tight): the labels' own gaps keep each wrapped label
 * one cell, beside its centred values. */
static void test_label_leading(void **state) {
  (void)state;
  static sheet page;
  memset(&page, 0, sizeof page);
  const double sz = 10, h = 13, in = 2.6, row = 4.1;
  double y = 140;
  put(&page, "二、主动公开政府信息情况", 80, 100, 12);
  put(&page, "信息内容", 80, y, sz);
  put(&page, "甲类", 280, y, sz);
  put(&page, "乙类", 340, y, sz);
  y += h + row;
  static const struct {
    const char *l[3];
    const char *a, *b, *label;
  } rows[] = {
      {{"规章", NULL, NULL}, "1", "2", "规章"},
      {{"行政规范", NULL, NULL}, "3", "4", "行政规范"},
      {{"申请人无正当", "理由逾期不补", "正的申请"}, "5", "6", "申请人无正当理由逾期不补正的申请"},
      {{"申请人逾期未", "按收费通知要", "求缴纳费用"}, "7", "8", "申请人逾期未按收费通知要求缴纳费用"},
      {{"其他", NULL, NULL}, "9", "10", "其他"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    int n = 0;
    for (; n < 3 && rows[i].l[n]; n++) put(&page, rows[i].l[n], 80, y + (h + in) * n, sz);
    double mid = y + (h + in) * (n - 1) / 2.0;
    put_right(&page, rows[i].a, 300, mid, sz);
    put_right(&page, rows[i].b, 360, mid, sz);
    y += (h + in) * n - in + row;
  }
  gk_doc *doc = emit(&page, 1);
  const gk_block *g = nth_grid(doc, 0);
  assert_non_null(g);
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const gk_row *r = row_with(g, rows[i].label);
    if (!r) {
      gk_write_dump_doc(doc, stderr);
      fail_msg("no row %s", rows[i].label);
    }
    assert_int_equal(r->ncells, 3);
    assert_string_equal(r->cells[1].text, rows[i].a);
    assert_string_equal(r->cells[2].text, rows[i].b);
  }
  gk_doc_free(doc);
}

/* The table of test_table_grid set sideways on an upright A4 page, turned 90°
 * clockwise (its lines run down the page) and counter-clockwise (up): the page is
 * turned back and reads as the upright one. */
static void test_sideways(void **state) {
  (void)state;
  static sheet up, page;
  memset(&up, 0, sizeof up);
  put(&up, "二、主动公开政府信息情况", 80, 100, 12);
  build_table(&up, 140);
  const double W = 595, H = 842;
  for (int dir = 0; dir < 2; dir++) {
    memset(&page, 0, sizeof page);
    for (size_t i = 0; i < up.n; i++) {
      const gk_pdf_glyph *u = &up.g[i];
      page.g[page.n++] = dir == 0
                             ? (gk_pdf_glyph){W - u->y1, u->x0, W - u->y0, u->x1, u->cp}
                             : (gk_pdf_glyph){u->y0, H - u->x1, u->y1, H - u->x0, u->cp};
    }
    gk_doc *doc = emit(&page, 1);
    assert_int_equal(doc->blocks[0].kind, GK_BLOCK_PARAGRAPH);
    assert_string_equal(doc->blocks[0].text, "二、主动公开政府信息情况");
    const gk_block *g = nth_grid(doc, 0);
    assert_non_null(g);
    const gk_row *r = row_with(g, "规章");
    assert_non_null(r);
    assert_int_equal(r->ncells, 4);
    assert_string_equal(r->cells[1].text, "3");
    assert_string_equal(r->cells[2].text, "12");
    r = row_with(g, "部分公开（区分处理）");
    assert_non_null(r);
    assert_string_equal(r->cells[3].text, "789");
    gk_doc_free(doc);
  }
}

/* The upright table of test_table_grid in boxes 0.7 em tall (cairo's font
 * descriptors: an ideograph's box wider than tall) under a line of prose, with a
 * few single-digit values read down a column after it: its lines advance across the page, so it is not
 * turned, whatever its boxes' shape. */
static void test_short_boxes_upright(void **state) {
  (void)state;
  static sheet page;
  memset(&page, 0, sizeof page);
  put(&page, "二、主动公开政府信息情况", 80, 100, 12);
  put(&page, "本年度，本机关认真贯彻落实政府信息公开条例，持续推进政务公开。", 80, 120, 10);
  build_table(&page, 140);
  for (int k = 0; k < 8; k++) put_right(&page, "7", 500, 300 + 20 * k, 10);
  for (size_t i = 0; i < page.n; i++) {
    gk_pdf_glyph *g = &page.g[i];
    double c = (g->y0 + g->y1) / 2, h = (g->y1 - g->y0) / 1.3 * 0.7;
    g->y0 = c - h / 2;
    g->y1 = c + h / 2;
  }
  gk_doc *doc = emit(&page, 1);
  assert_int_equal(doc->blocks[0].kind, GK_BLOCK_PARAGRAPH);
  assert_string_equal(doc->blocks[0].text, "二、主动公开政府信息情况");
  const gk_row *r = row_with(nth_grid(doc, 0), "规章");
  assert_non_null(r);
  assert_string_equal(r->cells[1].text, "3");
  assert_string_equal(r->cells[2].text, "12");
  gk_doc_free(doc);
}

/* cairo's two fonts on one baseline: ideographs in boxes 2.6 em tall whose centre
 * stands 0.3 em above the ink's, ASCII in boxes 1.4 em tall whose centre stands
 * 0.4 em below it. Shrunk about their own centres, a row's label and its numbers
 * would stand 0.7 em apart, on two lines; the digits that touch ideographs in the
 * text (2024年) tell where the ASCII boxes stand to the ideographs'. */
static void test_two_fonts_one_baseline(void **state) {
  (void)state;
  static sheet page;
  memset(&page, 0, sizeof page);
  put(&page, "二、主动公开政府信息情况", 80, 100, 12);
  put(&page, "本机关2024年收到申请12件，2024年办结11件，2024年结转1件。", 80, 120, 10);
  build_table(&page, 140);
  for (size_t i = 0; i < page.n; i++) {
    gk_pdf_glyph *g = &page.g[i];
    double s = (g->y1 - g->y0) / 1.3, c = (g->y0 + g->y1) / 2;
    double top = g->cp < 0x80 ? 0.3 : 1.6, bottom = g->cp < 0x80 ? 1.1 : 1.0;
    g->y0 = c - top * s;
    g->y1 = c + bottom * s;
  }
  gk_doc *doc = emit(&page, 1);
  const gk_row *r = row_with(nth_grid(doc, 0), "规章");
  assert_non_null(r);
  assert_string_equal(r->cells[1].text, "3");
  assert_string_equal(r->cells[2].text, "12");
  r = row_with(nth_grid(doc, 0), "行政许可");
  assert_non_null(r);
  assert_string_equal(r->cells[1].text, "7");
  gk_doc_free(doc);
}

/* Whether the doc has a diagnostic with `code`. */
static int has_diag(const gk_doc *doc, const char *code) {
  for (size_t i = 0; i < doc->ndiags; i++)
    if (strcmp(doc->diags[i].code, code) == 0) return 1;
  return 0;
}

/* A table whose last column ends at the paper's edge (a page printed wider than its
 * crop box) is said to be cut off; one that keeps the margin is not. */
static void test_cut_at_edge(void **state) {
  (void)state;
  static sheet page;
  for (int edge = 0; edge < 2; edge++) {
    memset(&page, 0, sizeof page);
    double right = edge ? 590 : 520;
    put(&page, "二、主动公开政府信息情况", 80, 100, 12);
    build_table(&page, 140);
    put_right(&page, "99", right, 160, 10);
    gk_doc *doc = emit(&page, 1);
    assert_int_equal(has_diag(doc, "cut-off"), edge);
    gk_doc_free(doc);
  }
}

/* Which cells of a table at the page's edge are cut off: a column ending within
 * GK_PDF_GLYPH_CUT em of the edge (590 of 595) in every row, blank or not, and in a
 * table within GK_PDF_EDGE_CUT em (578) one more blank cell per row standing for the
 * columns past the edge; a table that keeps its margin (520) has none. */
static void test_cut_off_cells(void **state) {
  (void)state;
  static sheet page;
  static const struct {
    double right;
    int cut_col; /* the 4th value column (the 99) cut */
    int past;    /* a cell for the columns past the edge */
  } cases[] = {{590, 1, 1}, {578, 0, 1}, {520, 0, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    memset(&page, 0, sizeof page);
    put(&page, "二、主动公开政府信息情况", 80, 100, 12);
    build_table(&page, 140);
    put_right(&page, "99", cases[i].right, 160, 10);
    gk_doc *doc = emit(&page, 1);
    const gk_block *g = nth_grid(doc, 0);
    assert_non_null(g);
    const char *labels[] = {"规章", "行政许可"};
    for (int l = 0; l < 2; l++) {
      const gk_row *r = row_with(g, labels[l]);
      assert_non_null(r);
      /* The label, three values, the 99's column (blank in 行政许可), the past cell. */
      assert_int_equal(r->ncells, 5 + (size_t)cases[i].past);
      for (size_t c = 0; c < 4; c++) assert_int_equal(r->cells[c].src.cut_off, 0);
      assert_string_equal(r->cells[4].text, l == 0 ? "99" : "");
      assert_int_equal(r->cells[4].src.cut_off, cases[i].cut_col);
      if (cases[i].past) {
        assert_string_equal(r->cells[5].text, "");
        assert_int_equal(r->cells[5].src.cut_off, 1);
        assert_int_equal(r->cells[5].src.kind, GK_SRC_PDF);
        assert_int_equal(r->cells[5].src.page, 1);
      }
    }
    assert_int_equal(has_diag(doc, "cut-off"), cases[i].past);
    gk_doc_free(doc);
  }
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

/* ------------------------------------------------------------------ thresholds
 * Each test below places glyphs a hair under and a hair over one named threshold
 * and shows the reading flip. put() makes glyphs 1.3 x size tall, so with size 10
 * a line's em is 13 pt. */

#define EPS 0.02 /* em: how far under or over a threshold the glyphs are placed */

static const double H = 13; /* em of 10 pt text */

/* Builds page `sh` (no 1) with gk_pdf_page_build and classifies its lines. */
static void build_page(gk_pdf_page *p, sheet *sh) {
  memset(p, 0, sizeof *p);
  p->width = 595;
  p->height = 842;
  p->no = 1;
  assert_int_equal(gk_pdf_page_build(p, sh->g, sh->n), GK_OK);
  gk_pdf_classify_lines(p);
}

/* Words of the line `1` + gap + `2`. */
static size_t words_at_gap(double gap_em) {
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  double x = put(&sh, "1", 100, 100, 10);
  put(&sh, "2", x + gap_em * H, 100, 10);
  gk_pdf_page p;
  build_page(&p, &sh);
  size_t n = p.nw;
  gk_pdf_page_free(&p);
  return n;
}

static void test_word_gap(void **state) {
  (void)state;
  assert_int_equal(words_at_gap(GK_PDF_WORD_GAP - EPS), 1); /* `12` */
  assert_int_equal(words_at_gap(GK_PDF_WORD_GAP + EPS), 2); /* `1 2` */
}

/* The page text of sheet sh built with its glyphs in the order perm gives
 * (perm[i] is the glyph put i-th), lines joined by '|'. */
static void text_in_order(const sheet *sh, const size_t *perm, char *out, size_t cap) {
  static sheet q;
  memset(&q, 0, sizeof q);
  for (size_t i = 0; i < sh->n; i++) q.g[q.n++] = sh->g[perm[i]];
  gk_pdf_page p;
  build_page(&p, &q);
  size_t o = 0;
  for (size_t l = 0; l < p.nl && o + 2 < cap; l++) {
    char line[512];
    gk_pdf_line_text(&p, &p.l[l], line, sizeof line);
    o += (size_t)snprintf(out + o, cap - o, "%s%s", l ? "|" : "", line);
  }
  gk_pdf_page_free(&p);
}

/* Lines and words do not depend on the order the content stream draws the glyphs
 * in: a label's ideographs and the digits beside it (a font of their own, boxed
 * lower) given in reading order, reversed, and interleaved give one page text. */
static void test_glyph_order(void **state) {
  (void)state;
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  for (int r = 0; r < 6; r++) {
    double y = 100 + r * 20;
    put(&sh, r % 2 ? "行政许可" : "其他对外管理服务事项", 60, y, 10);
    put_right(&sh, r % 2 ? "1,024" : "38.97", 300, y + 1.5, 10);
    put_right(&sh, "7", 360, y + 1.5, 10);
  }
  size_t n = sh.n, perm[4096] = {0};
  char want[2048], got[2048];
  for (size_t i = 0; i < n; i++) perm[i] = i;
  text_in_order(&sh, perm, want, sizeof want);
  assert_string_equal(want, "其他对外管理服务事项 38.97 7|行政许可 1,024 7|其他对外管理服务事项 38.97 7|"
                            "行政许可 1,024 7|其他对外管理服务事项 38.97 7|行政许可 1,024 7");
  for (size_t i = 0; i < n; i++) perm[i] = n - 1 - i;
  text_in_order(&sh, perm, got, sizeof got);
  assert_string_equal(got, want);
  for (size_t i = 0; i < n; i++) perm[i] = (i * 7 + 3) % n; /* 7 is prime to n */
  assert_int_not_equal(n % 7, 0);
  text_in_order(&sh, perm, got, sizeof got);
  assert_string_equal(got, want);
}

/* Glyphs of `1` drawn twice, the copy offset by `off` glyph heights in x and y. */
static size_t glyphs_double_struck(double off) {
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  put(&sh, "1", 100, 100, 10);
  put(&sh, "1", 100 + off * H, 100 + off * H, 10);
  gk_pdf_page p;
  build_page(&p, &sh);
  size_t n = p.tlen; /* one byte per glyph kept */
  gk_pdf_page_free(&p);
  return n;
}

static void test_double_strike(void **state) {
  (void)state;
  assert_int_equal(glyphs_double_struck(GK_PDF_DOUBLE_STRIKE - EPS), 1);
  assert_int_equal(glyphs_double_struck(GK_PDF_DOUBLE_STRIKE + EPS), 2);
}

/* The line of a group cell's 开 and a sub-row label 、其他 whose numeral 2 is boxed
 * shorter and lower than its mark (Ghostscript's re-distils), its left edge `gap_em`
 * ems short of the mark: 开 sets the band, the numeral's centre falls below it but
 * inside the mark's height. Returns the number of lines. */
static size_t lines_numeral_at_gap(double gap_em) {
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  put(&sh, "开", 60, 100, 10);
  double x = 100 + 0.5 * 10;
  put(&sh, "、其他", x, 102, 10);
  x -= gap_em * H;
  sh.g[sh.n++] = (gk_pdf_glyph){x - 5, 111, x, 116, '2'};
  gk_pdf_page p;
  build_page(&p, &sh);
  size_t n = 0;
  for (size_t i = 0; i < p.nl; i++) n += p.l[i].w1 > p.l[i].w0;
  gk_pdf_page_free(&p);
  return n;
}

static void test_numeral_joins_its_mark(void **state) {
  (void)state;
  /* edge to edge: one line, 开 2、其他 (without the join, "2" is a line of its own) */
  assert_int_equal(lines_numeral_at_gap(0), 1);
  /* set apart by more than GK_PDF_ABUT_GAP of its width: the boxes decide */
  assert_int_equal(lines_numeral_at_gap(2 * GK_PDF_ABUT_GAP * 5 / H), 2);
}

/* A decimal point in a font of its own: a re-distil boxes it small and low, and its
 * centre falls in the band of the wrapped label's next line (费 under 行政事业性收)
 * while it lies inside the digits' height. `gap` (pt) sets it apart from the digit
 * before it. Returns 1 when the page has the word 38.97, 0 when it has 38 and 97. */
static int amount_is_one_word(double gap) {
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  put(&sh, "行政事业性收", 60, 96, 10); /* band 96-109 */
  double x = put(&sh, "38", 200, 104, 10); /* band 104-117: a line of its own */
  put(&sh, "费", 60, 112, 10);            /* band 112-125 */
  /* the point as wide as a word gap, so that 38 and 97 are two words without it */
  sh.g[sh.n++] = (gk_pdf_glyph){x + gap, 113, x + gap + 4.5, 116, '.'};
  put(&sh, "97", x + gap + 4.5, 104, 10);
  gk_pdf_page p;
  build_page(&p, &sh);
  int one = -1;
  for (size_t k = 0; k < p.nw; k++) {
    const char *t = p.text + p.w[k].t0;
    if (p.w[k].tlen == 5 && memcmp(t, "38.97", 5) == 0) one = 1;
    if (p.w[k].tlen == 2 && memcmp(t, "38", 2) == 0 && one < 0) one = 0;
  }
  gk_pdf_page_free(&p);
  assert_true(one >= 0);
  return one;
}

static void test_decimal_point_joins_digits(void **state) {
  (void)state;
  /* edge to edge between 38 and 97: the digits' point (without the join, 费 .) */
  assert_int_equal(amount_is_one_word(0), 1);
  /* set apart from 38 by more than GK_PDF_ABUT_GAP of its width: the boxes decide */
  assert_int_equal(amount_is_one_word(2 * GK_PDF_ABUT_GAP * 5), 0);
}

/* Wrapped numbers. A table of three value columns whose row 行政许可 has its total
 * split over two lines as `shape` says; returns the grid's text of that row's total
 * (arena of *doc) and how many rows the grid has. */
enum { WRAP_CENTRED, WRAP_TOP, WRAP_SAME_COLUMNS, WRAP_EITHER };

static const char *wrapped_total(int shape, gk_doc **doc, size_t *nrows) {
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  put(&sh, "信息内容", 80, 100, 10);
  put(&sh, "甲类", 280, 100, 10);
  put(&sh, "乙类", 340, 100, 10);
  put(&sh, "合计", 400, 100, 10);
  put(&sh, "规章", 80, 120, 10);
  put_right(&sh, "3", 300, 120, 10);
  put_right(&sh, "4", 360, 120, 10);
  put_right(&sh, "7", 420, 120, 10);
  /* lines of one cell 14 pt apart (gap 1 pt), rows 16 (gap 3 pt) */
  double yc = 180;
  switch (shape) {
    case WRAP_CENTRED: /* `194` above the row's line, `1` below */
      put_right(&sh, "194", 420, 136, 10);
      put(&sh, "行政许可", 80, 150, 10);
      put_right(&sh, "5", 300, 150, 10);
      put_right(&sh, "6", 360, 150, 10);
      put_right(&sh, "1", 420, 164, 10);
      break;
    case WRAP_TOP:          /* the row's line ends with `194`, `1` on the next line */
    case WRAP_SAME_COLUMNS: /* ... or a line of three values under it: a row */
      put(&sh, "行政许可", 80, 136, 10);
      put_right(&sh, "5", 300, 136, 10);
      put_right(&sh, "6", 360, 136, 10);
      put_right(&sh, "194", 420, 136, 10);
      if (shape == WRAP_SAME_COLUMNS) {
        put_right(&sh, "0", 300, 150, 10);
        put_right(&sh, "0", 360, 150, 10);
      }
      put_right(&sh, "1", 420, 150, 10);
      yc = 166;
      break;
    case WRAP_EITHER: /* one-digit totals: `1` ends 行政许可's `9` or starts 行政处罚's */
      put(&sh, "行政许可", 80, 136, 10);
      put_right(&sh, "5", 300, 136, 10);
      put_right(&sh, "6", 360, 136, 10);
      put_right(&sh, "9", 420, 136, 10);
      put_right(&sh, "1", 420, 150, 10);
      yc = 166;
      break;
  }
  put(&sh, "行政处罚", 80, yc, 10);
  put_right(&sh, "1", 300, yc, 10);
  put_right(&sh, "2", 360, yc, 10);
  put_right(&sh, "3", 420, yc, 10);
  *doc = emit(&sh, 1);
  const gk_block *g = nth_grid(*doc, 0);
  assert_non_null(g);
  *nrows = g->nrows;
  const gk_row *r = row_with(g, "行政许可");
  assert_non_null(r);
  assert_int_equal(r->ncells, 4);
  assert_string_equal(r->cells[1].text, "5");
  assert_string_equal(r->cells[2].text, "6");
  return r->cells[3].text;
}

static void test_wrapped_number(void **state) {
  (void)state;
  gk_doc *doc;
  size_t n;
  /* header, 规章, 行政许可, 行政处罚: the pieces' lines are no rows of their own */
  assert_string_equal(wrapped_total(WRAP_CENTRED, &doc, &n), "1941");
  assert_int_equal(n, 4);
  gk_doc_free(doc);
  assert_string_equal(wrapped_total(WRAP_TOP, &doc, &n), "1941");
  assert_int_equal(n, 4);
  gk_doc_free(doc);
  /* a line with as many values as the row is a row (its label lost), not pieces */
  assert_string_equal(wrapped_total(WRAP_SAME_COLUMNS, &doc, &n), "194");
  assert_int_equal(n, 5);
  gk_doc_free(doc);
  /* both rows' totals fill their cells and no label reaches the line: not decided */
  assert_string_equal(wrapped_total(WRAP_EITHER, &doc, &n), "9");
  assert_int_equal(n, 5);
  gk_doc_free(doc);
}


/* The line `规章` + gap + `74`, alone on its page: whether its value is set off from
 * the label (cand) and whether it is a table row on its own (numeric). */
static void label_value(double gap_em, int *cand, int *numeric) {
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  double x = put(&sh, "规章", 80, 100, 10);
  put(&sh, "74", x + gap_em * H, 100, 10);
  gk_pdf_page p;
  build_page(&p, &sh);
  assert_int_equal(p.nl, 1);
  *cand = p.l[0].cand;
  *numeric = p.l[0].numeric;
  gk_pdf_page_free(&p);
}

static void test_value_gap(void **state) {
  (void)state;
  int cand, numeric;
  label_value(GK_PDF_VALUE_GAP - EPS, &cand, &numeric); /* `申请 74 件` is prose */
  assert_false(cand);
  label_value(GK_PDF_VALUE_GAP + EPS, &cand, &numeric);
  assert_true(cand);
  assert_false(numeric); /* one value near its label: only if others align with it */
  label_value(GK_PDF_FAR_LABEL - EPS, &cand, &numeric);
  assert_false(numeric);
  label_value(GK_PDF_FAR_LABEL + EPS, &cand, &numeric);
  assert_true(numeric); /* one value far from its label: a row */
}

/* A table whose first row's label is `部分` + gap + `公开`: the row's cells. */
static gk_doc *label_words(double gap_em) {
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  put(&sh, "信息内容", 80, 100, 10);
  put(&sh, "甲类", 280, 100, 10);
  put(&sh, "乙类", 340, 100, 10);
  double x = put(&sh, "部分", 80, 120, 10);
  put(&sh, "公开", x + gap_em * H, 120, 10);
  put_right(&sh, "3", 300, 120, 10);
  put_right(&sh, "4", 360, 120, 10);
  put(&sh, "规章", 80, 140, 10);
  put_right(&sh, "5", 300, 140, 10);
  put_right(&sh, "6", 360, 140, 10);
  return emit(&sh, 1);
}

static void test_cell_gap(void **state) {
  (void)state;
  gk_doc *doc = label_words(GK_PDF_CELL_GAP - EPS);
  const gk_row *r = row_with(nth_grid(doc, 0), "部分公开"); /* one cell, CJK run on */
  assert_non_null(r);
  assert_int_equal(r->ncells, 3);
  gk_doc_free(doc);
  doc = label_words(GK_PDF_CELL_GAP + EPS);
  r = row_with(nth_grid(doc, 0), "部分");
  assert_non_null(r);
  assert_int_equal(r->ncells, 4);
  assert_string_equal(r->cells[1].text, "公开");
  gk_doc_free(doc);
}

/* Two rows of values `gap_em` apart: the number of grids. */
static size_t grids_at_gap(double gap_em) {
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  double y = 100;
  put(&sh, "规章", 80, y, 10);
  put_right(&sh, "3", 300, y, 10);
  put_right(&sh, "4", 360, y, 10);
  y += H + gap_em * H;
  put(&sh, "行政许可", 80, y, 10);
  put_right(&sh, "5", 300, y, 10);
  put_right(&sh, "6", 360, y, 10);
  gk_doc *doc = emit(&sh, 1);
  size_t n = 0;
  while (nth_grid(doc, (int)n)) n++;
  gk_doc_free(doc);
  return n;
}

static void test_region_gap(void **state) {
  (void)state;
  assert_int_equal(grids_at_gap(GK_PDF_REGION_GAP - EPS), 1);
  assert_int_equal(grids_at_gap(GK_PDF_REGION_GAP + EPS), 2);
}

/* Whether `needle` is in any paragraph of doc. */
static int doc_has(const gk_doc *doc, const char *needle) {
  for (size_t i = 0; i < doc->nblocks; i++)
    if (doc->blocks[i].kind == GK_BLOCK_PARAGRAPH && strstr(doc->blocks[i].text, needle)) return 1;
  return 0;
}

static size_t paragraphs(const gk_doc *doc) {
  size_t n = 0;
  for (size_t i = 0; i < doc->nblocks; i++) n += doc->blocks[i].kind == GK_BLOCK_PARAGRAPH;
  return n;
}

/* Two pages with the same top line, `gap_em` above the body: whether it survives. */
static int header_kept(double gap_em) {
  static sheet pages[2];
  memset(pages, 0, sizeof pages);
  static const char *body[] = {"第一页的正文从这里开始", "第二页的正文从这里开始"};
  for (int k = 0; k < 2; k++) {
    put(&pages[k], "某县人民政府", 250, 30, 10);
    put(&pages[k], body[k], 76, 30 + H + gap_em * H, 10);
    put(&pages[k], "正文的第二行。", 76, 400, 10);
  }
  gk_doc *doc = emit(pages, 2);
  int kept = doc_has(doc, "某县人民政府");
  gk_doc_free(doc);
  return kept;
}

static void test_margin_apart(void **state) {
  (void)state;
  assert_true(header_kept(GK_PDF_MARGIN_APART - EPS));  /* a table header repeated */
  assert_false(header_kept(GK_PDF_MARGIN_APART + EPS)); /* a running header */
}

/* A page number whose centre is `d` points above the bottom margin zone's edge. */
static int page_number_kept(double d) {
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  put(&sh, "本年度共收到申请十件。", 76, 400, 10);
  double cy = 842 * (1 - GK_PDF_MARGIN_ZONE) - d;
  put(&sh, "- 3 -", 280, cy - H / 2, 10);
  gk_doc *doc = emit(&sh, 1);
  int kept = doc_has(doc, "3 -");
  gk_doc_free(doc);
  return kept;
}

static void test_margin_zone(void **state) {
  (void)state;
  assert_true(page_number_kept(0.5));   /* above the zone: text */
  assert_false(page_number_kept(-0.5)); /* in the zone: a page number */
}

/* Two lines of prose, the second `gap_em` below and `indent_em` right of the first:
 * the number of paragraphs. */
static size_t paras_at(double gap_em, double indent_em) {
  static sheet sh;
  memset(&sh, 0, sizeof sh);
  put(&sh, "本年新收政府信息公开申请十件，均已按期答复，办理情况良好", 76, 100, 10);
  put(&sh, "年度报告。", 76 + indent_em * H, 100 + H + gap_em * H, 10);
  gk_doc *doc = emit(&sh, 1);
  size_t n = paragraphs(doc);
  gk_doc_free(doc);
  return n;
}

static void test_paragraph_thresholds(void **state) {
  (void)state;
  assert_int_equal(paras_at(GK_PDF_PARA_LEADING - EPS, 0), 1);
  assert_int_equal(paras_at(GK_PDF_PARA_LEADING + EPS, 0), 2);
  assert_int_equal(paras_at(0.2, GK_PDF_PARA_INDENT - EPS), 1);
  assert_int_equal(paras_at(0.2, GK_PDF_PARA_INDENT + EPS), 2);
}

/* A running header on page 1 and page 1 + `dist` of six pages: whether it survives. */
static int header_kept_over(int dist) {
  static sheet pages[6];
  memset(pages, 0, sizeof pages);
  for (int k = 0; k < 6; k++) put(&pages[k], "正文从这里开始，一页一行。", 76, 300, 10);
  put(&pages[0], "某县人民政府", 250, 30, 10);
  put(&pages[dist], "某县人民政府", 250, 30, 10);
  gk_doc *doc = emit(pages, 6);
  int kept = doc_has(doc, "某县人民政府");
  gk_doc_free(doc);
  return kept;
}

static void test_marker_reach(void **state) {
  (void)state;
  assert_false(header_kept_over(GK_PDF_MARKER_REACH));
  assert_true(header_kept_over(GK_PDF_MARKER_REACH + 1));
}

/* Pages leave the layout as soon as their furniture is settled: a page without
 * margin lines at once, a page with a lone top line when the next page repeats it. */
static void test_streaming(void **state) {
  (void)state;
  static sheet pages[2];
  memset(pages, 0, sizeof pages);
  build_table(&pages[0], 300);
  gk_doc *doc = gk_doc_new("test.pdf");
  gk_pdf_layout *lay = gk_pdf_layout_new(doc);
  assert_int_equal(gk_pdf_layout_add_page(lay, pages[0].g, pages[0].n, 595, 842), GK_OK);
  assert_non_null(nth_grid(doc, 0));
  gk_pdf_layout_free(lay);
  gk_doc_free(doc);

  memset(pages, 0, sizeof pages);
  for (int k = 0; k < 2; k++) {
    put(&pages[k], "某县人民政府", 250, 30, 10);
    build_table(&pages[k], 300);
  }
  doc = gk_doc_new("test.pdf");
  lay = gk_pdf_layout_new(doc);
  assert_int_equal(gk_pdf_layout_add_page(lay, pages[0].g, pages[0].n, 595, 842), GK_OK);
  assert_null(nth_grid(doc, 0)); /* waits: the top line may repeat */
  assert_int_equal(gk_pdf_layout_add_page(lay, pages[1].g, pages[1].n, 595, 842), GK_OK);
  /* Page 2 repeats it: both pages are settled and out. */
  assert_non_null(nth_grid(doc, 0));
  assert_non_null(nth_grid(doc, 1));
  assert_int_equal(gk_pdf_layout_finish(lay), GK_OK);
  assert_false(doc_has(doc, "某县人民政府"));
  gk_pdf_layout_free(lay);
  gk_doc_free(doc);
}

/* A page of `n` digit glyphs in rows of 200 touching glyphs, plus `spaces` spaces. */
static gk_pdf_glyph *glyph_page(size_t n, size_t spaces) {
  gk_pdf_glyph *g = malloc((n + spaces) * sizeof *g);
  assert_non_null(g);
  for (size_t i = 0; i < n; i++) {
    double x = 10 + (double)(i % 200) * 0.5, y = 10 + (double)(i / 200) * 0.8;
    g[i] = (gk_pdf_glyph){x, y, x + 0.5, y + 0.7, '7'};
  }
  for (size_t i = 0; i < spaces; i++) g[n + i] = (gk_pdf_glyph){5, 5, 6, 6, ' '};
  return g;
}

/* n with a comma every three digits, written here apart from the converter's code. */
static const char *grouped(long n, char *buf) {
  if (n >= 1000) {
    grouped(n / 1000, buf);
    sprintf(buf + strlen(buf), ",%03ld", n % 1000);
  } else {
    sprintf(buf, "%ld", n);
  }
  return buf;
}

static void test_page_glyph_limit(void **state) {
  (void)state;
  /* At the limit (white space is not counted): read. */
  gk_pdf_glyph *g = glyph_page(GK_MAX_PDF_PAGE_GLYPHS, 10);
  gk_doc *doc = gk_doc_new("bomb.pdf");
  gk_pdf_layout *lay = gk_pdf_layout_new(doc);
  assert_int_equal(gk_pdf_layout_add_page(lay, g, GK_MAX_PDF_PAGE_GLYPHS + 10, 595, 842), GK_OK);
  assert_int_equal(gk_pdf_layout_glyphs(lay), GK_MAX_PDF_PAGE_GLYPHS);
  gk_pdf_layout_free(lay);
  gk_doc_free(doc);
  free(g);
  /* One more: refused with one error naming the page and the limit. */
  g = glyph_page(GK_MAX_PDF_PAGE_GLYPHS + 1, 0);
  doc = gk_doc_new("bomb.pdf");
  lay = gk_pdf_layout_new(doc);
  assert_int_equal(gk_pdf_layout_add_page(lay, g, GK_MAX_PDF_PAGE_GLYPHS + 1, 595, 842), GK_ELIMIT);
  assert_int_equal(doc->ndiags, 1);
  assert_int_equal(doc->diags[0].severity, GK_SEV_ERROR);
  char a[32], b[32], want[128];
  snprintf(want, sizeof want, "page 1 has %s glyphs; the limit is %s a page",
           grouped(GK_MAX_PDF_PAGE_GLYPHS + 1, a), grouped(GK_MAX_PDF_PAGE_GLYPHS, b));
  if (strcmp(doc->diags[0].msg, want) != 0)
    fail_msg("\"%s\", expected \"%s\"", doc->diags[0].msg, want);
  gk_pdf_layout_free(lay);
  gk_doc_free(doc);
  free(g);
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
      cmocka_unit_test(test_value_kind),
      cmocka_unit_test(test_table_grid),
      cmocka_unit_test(test_header_columns),
      cmocka_unit_test(test_paragraphs_and_markers),
      cmocka_unit_test(test_continued_table),
      cmocka_unit_test(test_unreadable),
      cmocka_unit_test(test_top_aligned),
      cmocka_unit_test(test_tall_boxes),
      cmocka_unit_test(test_mixed_alignment),
      cmocka_unit_test(test_two_box_heights),
      cmocka_unit_test(test_cut_at_edge),
      cmocka_unit_test(test_cut_off_cells),
      cmocka_unit_test(test_label_leading),
      cmocka_unit_test(test_sideways),
      cmocka_unit_test(test_short_boxes_upright),
      cmocka_unit_test(test_two_fonts_one_baseline),
      cmocka_unit_test(test_word_gap),
      cmocka_unit_test(test_glyph_order),
      cmocka_unit_test(test_double_strike),
      cmocka_unit_test(test_value_gap),
      cmocka_unit_test(test_cell_gap),
      cmocka_unit_test(test_region_gap),
      cmocka_unit_test(test_margin_apart),
      cmocka_unit_test(test_margin_zone),
      cmocka_unit_test(test_paragraph_thresholds),
      cmocka_unit_test(test_marker_reach),
      cmocka_unit_test(test_streaming),
      cmocka_unit_test(test_page_glyph_limit),
      cmocka_unit_test(test_page_number),
      cmocka_unit_test(test_numeral_joins_its_mark),
      cmocka_unit_test(test_decimal_point_joins_digits),
      cmocka_unit_test(test_wrapped_number),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
