/* test_html.c: unit tests of the HTML converter on small in-memory pages (cmocka). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "converters/convert.h"
#include "core/doc.h"

/* Converts a NUL-terminated page; the doc must satisfy the model's invariants. */
static gk_doc *convert_len(const char *html, size_t len, int expect_rc) {
  gk_doc *doc = gk_doc_new("test.html");
  assert_non_null(doc);
  int rc = gk_convert_html(doc, (const unsigned char *)html, len);
  assert_int_equal(rc, expect_rc);
  assert_int_equal(gk_doc_validate(doc, stderr), 0);
  return doc;
}

static gk_doc *convert(const char *html) { return convert_len(html, strlen(html), GK_OK); }

static const gk_block *block(const gk_doc *doc, size_t i, gk_block_kind kind) {
  assert_true(i < doc->nblocks);
  assert_int_equal(doc->blocks[i].kind, kind);
  return &doc->blocks[i];
}

static void assert_para(const gk_doc *doc, size_t i, const char *text) {
  assert_string_equal(block(doc, i, GK_BLOCK_PARAGRAPH)->text, text);
}

static const gk_cell *cell(const gk_block *g, size_t r, size_t c) {
  assert_true(r < g->nrows);
  assert_true(c < g->rows[r].ncells);
  return &g->rows[r].cells[c];
}

static void assert_cell(const gk_block *g, size_t r, size_t c, const char *text, int rs, int cs) {
  const gk_cell *x = cell(g, r, c);
  assert_string_equal(x->text, text);
  assert_int_equal(x->rowspan, rs);
  assert_int_equal(x->colspan, cs);
  assert_int_equal(x->covered, 0);
}

static int has_diag(const gk_doc *doc, gk_severity sev, const char *needle) {
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].severity == sev && strstr(doc->diags[i].msg, needle)) return 1;
  return 0;
}

/* The template's t3 head: spans recorded on the cells, cells in source order, no
 * copies of spanned text. */
static void test_merged_cells(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<table border=1>"
      "<tr><td rowspan=3 colspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
      "<td colspan=7>申请人情况</td></tr>"
      "<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>"
      "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
      "<tr><td rowspan=22>三、本年度办理结果</td><td colspan=2>（一）予以公开</td>"
      "<td>3</td><td>1</td><td>4</td><td>1</td><td>5</td><td>9</td><td>23</td></tr>"
      "</table>");
  assert_int_equal(doc->nblocks, 1);
  const gk_block *g = block(doc, 0, GK_BLOCK_GRID);
  assert_int_equal(g->nrows, 4);
  assert_int_equal(g->rows[0].ncells, 2);
  assert_cell(g, 0, 1, "申请人情况", 1, 7);
  assert_int_equal(cell(g, 0, 0)->rowspan, 3);
  assert_int_equal(cell(g, 0, 0)->colspan, 3);
  assert_int_equal(g->rows[1].ncells, 3);
  assert_cell(g, 1, 0, "自然人", 2, 1);
  assert_cell(g, 1, 1, "法人或其他组织", 1, 5);
  assert_cell(g, 1, 2, "总计", 2, 1);
  assert_int_equal(g->rows[2].ncells, 5);
  assert_cell(g, 2, 4, "其他", 1, 1);
  assert_int_equal(g->rows[3].ncells, 9);
  assert_cell(g, 3, 0, "三、本年度办理结果", 22, 1);
  assert_cell(g, 3, 1, "（一）予以公开", 1, 2);
  assert_cell(g, 3, 2, "3", 1, 1);
  assert_cell(g, 3, 8, "23", 1, 1);
  gk_doc_free(doc);
}

/* Cell text from nested <p>, <span>, <font>, <o:p>; <br> and blocks are line breaks;
 * &nbsp;, U+3000 and white space alone are blank; hidden text is no text. */
static void test_cell_text(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<table>"
      "<tr><td><p class=MsoNormal><span style='font-family:宋体'>（二）部分公开</span></p>"
      "<p><span>（区分处理的，</span><font size=2>只计这一情形）</font></p></td>"
      "<td>结果<br>维持</td><td>&nbsp;</td><td><p><o:p>&nbsp;</o:p></p></td>"
      "<td>\n   \t </td><td>&#12288;&#12288;</td>"
      "<td>12<span style=\"display: none\">99</span></td><td> 1 234 </td></tr>"
      "</table>");
  const gk_block *g = block(doc, 0, GK_BLOCK_GRID);
  assert_int_equal(g->rows[0].ncells, 8);
  assert_cell(g, 0, 0, "（二）部分公开\n（区分处理的，只计这一情形）", 1, 1);
  assert_cell(g, 0, 1, "结果\n维持", 1, 1);
  for (int c = 2; c <= 5; c++) assert_cell(g, 0, (size_t)c, "", 1, 1);
  assert_cell(g, 0, 6, "12", 1, 1);
  assert_cell(g, 0, 7, "1 234", 1, 1);
  gk_doc_free(doc);
}

/* A layout table wrapping the page: only the table without a table inside is a
 * grid; the layout table's own text becomes paragraphs in reading order. */
static void test_layout_table(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<table width=1000><tr><td>甲县2023年政府信息公开工作年度报告</td></tr>"
      "<tr><td><p>二、主动公开政府信息情况</p>"
      "<table><tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr></table>"
      "<p>说明文字</p></td></tr></table>");
  assert_int_equal(doc->nblocks, 4);
  assert_para(doc, 0, "甲县2023年政府信息公开工作年度报告");
  assert_para(doc, 1, "二、主动公开政府信息情况");
  const gk_block *g = block(doc, 2, GK_BLOCK_GRID);
  assert_int_equal(g->nrows, 1);
  assert_cell(g, 0, 0, "规章", 1, 1);
  assert_cell(g, 0, 3, "3", 1, 1);
  assert_para(doc, 3, "说明文字");
  gk_doc_free(doc);
}

/* One table split over several <table> elements stays several grids, in order. */
static void test_split_tables(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<p>二、主动公开政府信息情况</p>"
      "<table><tr><td colspan=4>第二十条第（一）项</td></tr><tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr></table>"
      "<table><tr><td colspan=4>第二十条第（五）项</td></tr><tr><td>行政许可</td><td colspan=3>77</td></tr></table>");
  assert_int_equal(doc->nblocks, 3);
  assert_para(doc, 0, "二、主动公开政府信息情况");
  const gk_block *a = block(doc, 1, GK_BLOCK_GRID), *b = block(doc, 2, GK_BLOCK_GRID);
  assert_int_equal(a->index, 1);
  assert_int_equal(b->index, 2);
  assert_cell(a, 0, 0, "第二十条第（一）项", 1, 4);
  assert_cell(b, 1, 1, "77", 1, 3);
  gk_doc_free(doc);
}

/* A part heading printed as a table row is a paragraph: the normalizer finds
 * headings among paragraphs. The table continues as a new grid after it. */
static void test_heading_row(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<table><tr><td colspan=2>四、政府信息公开行政复议、行政诉讼情况</td></tr>"
      "<tr><td>行政复议</td><td>行政诉讼</td></tr><tr><td>1</td><td>2</td></tr></table>");
  assert_int_equal(doc->nblocks, 2);
  assert_para(doc, 0, "四、政府信息公开行政复议、行政诉讼情况");
  const gk_block *g = block(doc, 1, GK_BLOCK_GRID);
  assert_int_equal(g->nrows, 2);
  assert_cell(g, 1, 1, "2", 1, 1);
  gk_doc_free(doc);
}

/* A one-column table is layout: its cells are paragraphs. */
static void test_one_column_table(void **state) {
  (void)state;
  gk_doc *doc = convert("<table><tr><td>第一段</td></tr><tr><td><p>第二段</p><p>第三段</p></td></tr></table>");
  assert_int_equal(doc->nblocks, 3);
  assert_para(doc, 0, "第一段");
  assert_para(doc, 1, "第二段");
  assert_para(doc, 2, "第三段");
  gk_doc_free(doc);
}

/* Blocks and <br> end paragraphs; inline markup does not; white space collapses. */
static void test_paragraphs(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<div>　　第一行<b>加粗</b>\n  续写<br>第二行</div><h2>标题</h2><ul><li>甲</li><li>乙</li></ul>"
      "<pre>一行\n二行</pre>");
  assert_int_equal(doc->nblocks, 7);
  assert_para(doc, 0, "第一行加粗 续写");
  assert_para(doc, 1, "第二行");
  assert_para(doc, 2, "标题");
  assert_para(doc, 3, "甲");
  assert_para(doc, 4, "乙");
  assert_para(doc, 5, "一行");
  assert_para(doc, 6, "二行");
  gk_doc_free(doc);
}

/* Scripts, styles, hidden elements, navigation, footers, share boxes and
 * breadcrumbs stay out. */
static void test_chrome_skipped(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<html><head><title>标题_网站</title><style>p{}</style></head><body>"
      "<div id=header>某市人民政府</div><nav><a>首页</a></nav>"
      "<div class=\"main-menu\"><a>政务公开</a></div>"
      "<div class=position>当前位置：首页 &gt; 政务公开</div>"
      "<script>document.write('脚本文字')</script><noscript>请开启脚本</noscript>"
      "<template><p>模板文字</p></template>"
      "<p hidden>隐藏一</p><p style=\"DISPLAY: NONE\">隐藏二</p><p style='visibility:hidden'>隐藏三</p>"
      "<p>正文</p>"
      "<div class=bdsharebuttonbox>分享到：</div><div>【打印本页】【关闭窗口】</div>"
      "<div class=footer>版权所有 某市人民政府</div><footer>页脚</footer>"
      "<form><input value=输入><select><option>选项</option></select><button>搜索</button></form>"
      "<iframe>框架</iframe><aside>侧栏</aside>"
      "<table class=topnav><tr><td>首页</td><td>政务公开</td></tr></table>"
      "</body></html>");
  assert_int_equal(doc->nblocks, 1);
  assert_para(doc, 0, "正文");
  gk_doc_free(doc);

  /* Inside a data table, class names describe cells: a header cell is kept. */
  doc = convert("<table class=data><thead class=table-head><tr><td class=header>信息内容</td>"
                "<td class=\"header hide-mobile\">本年制发件数</td></tr></thead>"
                "<tr><td>规章</td><td>5</td></tr></table>");
  const gk_block *g = block(doc, 0, GK_BLOCK_GRID);
  assert_int_equal(g->nrows, 2);
  assert_cell(g, 0, 1, "本年制发件数", 1, 1);
  gk_doc_free(doc);
}

/* Chrome that holds the report is kept: an ASP.NET <form> wrapping the page, and an
 * article header holding the title. */
static void test_chrome_protected(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<form id=form1><div class=article-header><h1>乙县2023年政府信息公开工作年度报告</h1></div>"
      "<p>一、总体情况</p><p>概述</p><p>二、主动公开政府信息情况</p></form>");
  assert_int_equal(doc->nblocks, 4);
  assert_para(doc, 0, "乙县2023年政府信息公开工作年度报告");
  assert_para(doc, 1, "一、总体情况");
  assert_para(doc, 3, "二、主动公开政府信息情况");
  gk_doc_free(doc);
}

/* With three or more part headings, only the element holding them all is read,
 * plus the last title-like line before it: unnamed sidebars and footers vanish. */
static void test_report_body(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<div class=left><p>丙县2022年政府信息公开工作年度报告</p><p>共收到政府信息公开申请999件</p></div>"
      "<div class=right><div class=tit>丙县2023年政府信息公开工作年度报告</div>"
      "<div class=meta>发布时间：2024-01-10</div>"
      "<div class=content><p>一、总体情况</p><p>概述</p><p>五、存在的主要问题及改进情况</p><p>问题</p>"
      "<p>六、其他需要报告的事项</p><p>无</p></div>"
      "<p>相关链接</p></div><div class=bottom><p>联系我们</p></div>");
  assert_int_equal(doc->nblocks, 7);
  assert_para(doc, 0, "丙县2023年政府信息公开工作年度报告");
  assert_para(doc, 1, "一、总体情况");
  assert_para(doc, 6, "无");
  gk_doc_free(doc);

  /* The body's own title wins over a title-like line outside it. */
  doc = convert(
      "<div><a>政府信息公开年度报告</a></div><div><h1>丁县2023年政府信息公开工作年度报告</h1>"
      "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p></div>");
  assert_int_equal(doc->nblocks, 4);
  assert_para(doc, 0, "丁县2023年政府信息公开工作年度报告");
  gk_doc_free(doc);
}

/* Encodings: a GBK page declared by <meta http-equiv>, one declared by <meta
 * charset>, a UTF-8 BOM, an undeclared GB18030 page (sniffed), and a page declared
 * UTF-8 that is really GBK. */
static void test_encodings(void **state) {
  (void)state;
  /* 总计 in GBK: D7 DC BC C6 */
  static const char gbk_http[] =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>"
      "<body><p>\xD7\xDC\xBC\xC6</p></body></html>";
  static const char gbk_meta[] = "<meta charset='GBK'><p>\xD7\xDC\xBC\xC6</p>";
  static const char bom[] = "\xEF\xBB\xBF<p>\xE6\x80\xBB\xE8\xAE\xA1</p>";
  static const char sniffed[] = "<p>\xD7\xDC\xBC\xC6\xD7\xDC\xBC\xC6</p>";
  static const char liar[] = "<meta charset=\"utf-8\"><p>\xD7\xDC\xBC\xC6\xD7\xDC\xBC\xC6</p>";
  const char *pages[] = {gbk_http, gbk_meta, bom, sniffed, liar};
  const char *want[] = {"总计", "总计", "总计", "总计总计", "总计总计"};
  for (int i = 0; i < 5; i++) {
    gk_doc *doc = convert(pages[i]);
    assert_int_equal(doc->nblocks, 1);
    assert_para(doc, 0, want[i]);
    gk_doc_free(doc);
  }
}

/* Hostile inputs: deep nesting, unclosed tags, absurd spans, too many cells. */
static void test_deep_nesting(void **state) {
  (void)state;
  size_t n = 100000;
  size_t len = n * 5 + 64;
  char *html = malloc(len);
  assert_non_null(html);
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    memcpy(html + o, "<div>", 5);
    o += 5;
  }
  o += (size_t)snprintf(html + o, len - o, "<p>深处</p>");
  gk_doc *doc = convert_len(html, o, GK_OK);
  assert_int_equal(doc->nblocks, 1);
  assert_para(doc, 0, "深处");
  gk_doc_free(doc);

  /* Unclosed nested tables: the innermost is the only data table. */
  o = 0;
  for (size_t i = 0; i < 20000; i++) o += (size_t)sprintf(html + o, "<table><tr><td>");
  o += (size_t)sprintf(html + o, "<table><tr><td>a</td><td>1</td></tr></table>");
  doc = convert_len(html, o, GK_OK);
  assert_int_equal(doc->nblocks, 1);
  assert_cell(block(doc, 0, GK_BLOCK_GRID), 0, 1, "1", 1, 1);
  gk_doc_free(doc);
  free(html);
}

static void test_limits(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<table><tr><td colspan=99999999999999999999 rowspan=-3>甲</td><td rowspan=abc colspan=0>1</td>"
      "<td rowspan='7px'>2</td></tr></table>");
  const gk_block *g = block(doc, 0, GK_BLOCK_GRID);
  assert_cell(g, 0, 0, "甲", 1, GK_MAX_COLS);
  assert_cell(g, 0, 1, "1", 1, 1);
  assert_cell(g, 0, 2, "2", 7, 1);
  gk_doc_free(doc);

  size_t len = 600 * 16 + 64;
  char *html = malloc(len);
  assert_non_null(html);
  size_t o = (size_t)sprintf(html, "<table><tr>");
  for (int i = 0; i < 600; i++) o += (size_t)sprintf(html + o, "<td>%d</td>", i);
  doc = convert_len(html, o, GK_OK);
  g = block(doc, 0, GK_BLOCK_GRID);
  assert_int_equal(g->rows[0].ncells, GK_MAX_COLS);
  assert_true(has_diag(doc, GK_SEV_WARNING, "cells"));
  gk_doc_free(doc);
  free(html);
}

/* Nothing readable is a clear error, not an empty success. */
static void test_no_text(void **state) {
  (void)state;
  const char *page = "<html><body><div><p>&nbsp;</p><script>var x='一、总体情况';</script></div></body></html>";
  gk_doc *doc = convert_len(page, strlen(page), GK_EFORMAT);
  assert_true(has_diag(doc, GK_SEV_ERROR, "no text"));
  gk_doc_free(doc);
  doc = convert_len("", 0, GK_EFORMAT);
  assert_true(doc->ndiags > 0);
  gk_doc_free(doc);
}

/* A truncated page keeps what came before the cut; errors are counted, not printed. */
static void test_truncated(void **state) {
  (void)state;
  gk_doc *doc = convert("<div><p>一段</p><table><tr><td>规章</td><td>4</td></tr><tr><td>行政许");
  assert_int_equal(doc->nblocks, 2);
  assert_para(doc, 0, "一段");
  const gk_block *g = block(doc, 1, GK_BLOCK_GRID);
  assert_int_equal(g->nrows, 2);
  assert_cell(g, 1, 0, "行政许", 1, 1);
  gk_doc_free(doc);
  doc = convert("<p>甲</b></i><td>乙<p <<>丙");
  assert_true(has_diag(doc, GK_SEV_NOTE, "HTML syntax error"));
  gk_doc_free(doc);
}

/* Source lines survive the single parse: they are recorded with the events and
 * replayed onto paragraphs, grids and rows. */
static void test_lines(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<p>一</p>\n<table>\n<tr><td>规章</td><td>1</td></tr>\n<tr>\n<td>行政许可</td><td>2</td></tr>\n"
      "</table>\n<p>\n  二</p>");
  assert_int_equal(doc->nblocks, 3);
  assert_int_equal(block(doc, 0, GK_BLOCK_PARAGRAPH)->line, 1);
  const gk_block *g = block(doc, 1, GK_BLOCK_GRID);
  assert_int_equal(g->line, 2);
  assert_int_equal(g->rows[0].line, 3);
  assert_int_equal(g->rows[1].line, 4);
  assert_cell(g, 1, 0, "行政许可", 1, 1);
  assert_int_equal(block(doc, 2, GK_BLOCK_PARAGRAPH)->line, 8);
  assert_para(doc, 2, "二");
  gk_doc_free(doc);
}

/* Skipped subtrees are not recorded, yet a skipped block still ends the paragraph
 * before it and a skipped inline element does not; bare text outside every element
 * is text too. */
static void test_skipped_subtrees(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "前言<p>甲<span hidden><b>隐</b><table><tr><td>x</td><td>1</td></tr></table></span>乙</p>"
      "<div>丙<div style=\"display:none\"><p>隐</p></div>丁</div>"
      "<ul><li>戊<script>x</script>己</li></ul>尾");
  assert_int_equal(doc->nblocks, 6);
  assert_para(doc, 0, "前言");
  assert_para(doc, 1, "甲乙");
  assert_para(doc, 2, "丙");
  assert_para(doc, 3, "丁");
  assert_para(doc, 4, "戊己");
  assert_para(doc, 5, "尾");
  gk_doc_free(doc);
}

/* Inline styles: case and white space do not matter; Word's long styles (whose
 * names end in "y" before a colon, like font-family) hide nothing. Repeated class
 * values give the same answer each time. */
static void test_hidden_styles_and_classes(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<p style='COLOR:red; Display : None'>a</p>"
      "<p style='font-family:宋体;mso-font-kerning:1.0pt;text-indent:2em'>b</p>"
      "<p style='visibility\n:\nhidden'>c</p><p style='display:block;width:1pt'>d</p>"
      "<p style='visibility:visible'>e</p><p style='DISPLAY:none'>f</p>"
      "<div class=MsoNormal>甲</div><div class=nav>菜单</div><div class=MsoNormal>乙</div>"
      "<div class=nav>菜单</div><div class=\"MsoNormal hide\">隐</div><div class=MsoNormal>丙</div>");
  assert_int_equal(doc->nblocks, 6);
  assert_para(doc, 0, "b");
  assert_para(doc, 1, "d");
  assert_para(doc, 2, "e");
  assert_para(doc, 3, "甲");
  assert_para(doc, 4, "乙");
  assert_para(doc, 5, "丙");
  gk_doc_free(doc);
}

/* Text far longer than one chunk of the event list, in a paragraph and in a cell,
 * arrives whole and in order. */
static void test_long_text(void **state) {
  (void)state;
  size_t n = 100000; /* 300 KB of 中 */
  size_t len = 2 * n * 3 + 256;
  char *html = malloc(len);
  assert_non_null(html);
  size_t o = (size_t)sprintf(html, "<p>");
  for (size_t i = 0; i < n; i++) o += (size_t)sprintf(html + o, "中");
  o += (size_t)sprintf(html + o, "</p><table><tr><td>");
  for (size_t i = 0; i < n; i++) o += (size_t)sprintf(html + o, "%c", (char)('a' + i % 26));
  o += (size_t)sprintf(html + o, "</td><td>7</td></tr></table>");
  gk_doc *doc = convert_len(html, o, GK_OK);
  assert_int_equal(doc->nblocks, 2);
  const char *p = block(doc, 0, GK_BLOCK_PARAGRAPH)->text;
  assert_int_equal(strlen(p), n * 3);
  assert_memory_equal(p + (n - 1) * 3, "中", 3);
  const gk_block *g = block(doc, 1, GK_BLOCK_GRID);
  const char *c = cell(g, 0, 0)->text;
  assert_int_equal(strlen(c), n);
  for (size_t i = 0; i < n; i++)
    if (c[i] != (char)('a' + i % 26)) fail_msg("cell text differs at byte %zu", i);
  assert_cell(g, 0, 1, "7", 1, 1);
  gk_doc_free(doc);
  free(html);
}

/* CSS grids: the child elements of a display:grid element with fixed columns are
 * its cells, rows made by the columns (a rowspan from above takes its column, a
 * cell too wide for the rest of a row starts the next), and an empty or &nbsp;
 * cell keeps its column. A grid whose columns the page's CSS decides is no table. */
static void test_css_grid(void **state) {
  (void)state;
  gk_doc *doc = convert(
      "<div style='display: grid; grid-template-columns: [a] 8em repeat(2, minmax(0, 1fr)) [b] 1fr'>"
      "<div style='grid-row: span 2'>行政复议</div><div style='grid-column: span 3'>结果</div>"
      "<span>维持</span><div>&nbsp;</div><div></div>"
      "<div>总计</div><div>1</div><div style='grid-column: 1 / 4'>宽</div>"
      "<div>2</div><script>x()</script><div hidden>隐</div>"
      "</div>"
      "<div style='display:grid;grid-template-columns:repeat(auto-fill, 10em)'><div>甲</div><div>乙</div></div>");
  assert_int_equal(doc->nblocks, 3);
  const gk_block *g = block(doc, 0, GK_BLOCK_GRID);
  assert_int_equal(g->nrows, 4);
  assert_int_equal(g->rows[0].ncells, 2);
  assert_cell(g, 0, 0, "行政复议", 2, 1);
  assert_cell(g, 0, 1, "结果", 1, 3);
  /* Row 2: column 0 is the rowspan's; the &nbsp; and the empty cell stay cells. */
  assert_int_equal(g->rows[1].ncells, 3);
  assert_cell(g, 1, 0, "维持", 1, 1);
  assert_cell(g, 1, 1, "", 1, 1); /* &nbsp;: a blank, as in <td> */
  assert_cell(g, 1, 2, "", 1, 1);
  /* Row 3: a span of three does not fit after two cells: the next row. */
  assert_int_equal(g->rows[2].ncells, 2);
  assert_cell(g, 2, 0, "总计", 1, 1);
  assert_cell(g, 2, 1, "1", 1, 1);
  assert_int_equal(g->rows[3].ncells, 2);
  assert_cell(g, 3, 0, "宽", 1, 3);
  assert_cell(g, 3, 1, "2", 1, 1);
  assert_para(doc, 1, "甲");
  assert_para(doc, 2, "乙");
  gk_doc_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_merged_cells),    cmocka_unit_test(test_cell_text),
      cmocka_unit_test(test_layout_table),    cmocka_unit_test(test_split_tables),
      cmocka_unit_test(test_heading_row),     cmocka_unit_test(test_one_column_table),
      cmocka_unit_test(test_paragraphs),      cmocka_unit_test(test_chrome_skipped),
      cmocka_unit_test(test_chrome_protected), cmocka_unit_test(test_report_body),
      cmocka_unit_test(test_encodings),       cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_limits),          cmocka_unit_test(test_no_text),
      cmocka_unit_test(test_truncated),       cmocka_unit_test(test_lines),
      cmocka_unit_test(test_skipped_subtrees), cmocka_unit_test(test_hidden_styles_and_classes),
      cmocka_unit_test(test_long_text),       cmocka_unit_test(test_css_grid),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
