/* test_docx.c: unit tests of the DOCX converter on small packages built in memory with libzip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zip.h>

#include "../converters/convert.h"
#include "../converters/docx_numbering.h"
#include "../core/doc.h"

/* GK_DOCX_MAX_ENTRY_BYTES of docx.c (the default build's per-entry limit). */
#define ENTRY_LIMIT ((size_t)64 << 20)

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NSDECL                                                                           \
  "xmlns:w=\"" W_NS "\" "                                                                \
  "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "            \
  "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "     \
  "xmlns:v=\"urn:schemas-microsoft-com:vml\""

static const char content_types[] =
    "<?xml version=\"1.0\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
static const char root_rels[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
    "Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";

typedef struct {
  const char *name;
  const void *data;
  size_t len; /* 0: strlen(data) */
} part;

/* Zips `parts` in memory; returns a malloc'd buffer and its length. */
static unsigned char *zip_parts(const part *parts, size_t n, size_t *outlen) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  assert_non_null(src);
  zip_source_keep(src);
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  assert_non_null(za);
  for (size_t i = 0; i < n; i++) {
    size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
    zip_source_t *s = zip_source_buffer(za, parts[i].data, len, 0);
    assert_non_null(s);
    assert_true(zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
  }
  assert_int_equal(zip_close(za), 0);
  assert_int_equal(zip_source_open(src), 0);
  assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
  zip_int64_t len = zip_source_tell(src);
  assert_true(len > 0);
  assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
  unsigned char *buf = malloc((size_t)len);
  assert_non_null(buf);
  assert_int_equal(zip_source_read(src, buf, (zip_uint64_t)len), len);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&ze);
  *outlen = (size_t)len;
  return buf;
}

/* A DOCX whose body is `body`, with optional numbering.xml and styles.xml. */
static unsigned char *make_docx(const char *body, const char *numbering, const char *styles,
                                size_t *len) {
  char *doc = malloc(strlen(body) + 1024);
  char *num = NULL, *sty = NULL;
  sprintf(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " NSDECL
               "><w:body>%s</w:body></w:document>",
          body);
  part parts[6] = {{"[Content_Types].xml", content_types, 0},
                   {"_rels/.rels", root_rels, 0},
                   {"word/document.xml", doc, 0}};
  size_t n = 3;
  if (numbering) {
    num = malloc(strlen(numbering) + 512);
    sprintf(num, "<?xml version=\"1.0\"?><w:numbering " NSDECL ">%s</w:numbering>", numbering);
    parts[n++] = (part){"word/numbering.xml", num, 0};
  }
  if (styles) {
    sty = malloc(strlen(styles) + 512);
    sprintf(sty, "<?xml version=\"1.0\"?><w:styles " NSDECL ">%s</w:styles>", styles);
    parts[n++] = (part){"word/styles.xml", sty, 0};
  }
  unsigned char *buf = zip_parts(parts, n, len);
  free(doc);
  free(num);
  free(sty);
  return buf;
}

/* Converts and checks the model's invariants. Returns the status. */
static int convert(gk_doc *doc, const unsigned char *buf, size_t len) {
  int rc = gk_convert_docx(doc, buf, len);
  assert_int_equal(gk_doc_validate(doc, stderr), 0);
  return rc;
}

static gk_doc *convert_body(const char *body, const char *numbering, const char *styles) {
  size_t len;
  unsigned char *buf = make_docx(body, numbering, styles, &len);
  gk_doc *doc = gk_doc_new("test.docx");
  assert_non_null(doc);
  assert_int_equal(convert(doc, buf, len), GK_OK);
  free(buf);
  return doc;
}

static const char *first_error(const gk_doc *doc) {
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].severity == GK_SEV_ERROR) return doc->diags[i].msg;
  return "";
}

static void expect_error(const unsigned char *buf, size_t len, int status, const char *needle) {
  gk_doc *doc = gk_doc_new("bad");
  assert_int_equal(convert(doc, buf, len), status);
  const char *msg = first_error(doc);
  if (!strstr(msg, needle)) fail_msg("error \"%s\" lacks \"%s\"", msg, needle);
  gk_doc_free(doc);
}

static void assert_para(const gk_doc *doc, size_t i, const char *text) {
  assert_true(i < doc->nblocks);
  assert_int_equal(doc->blocks[i].kind, GK_BLOCK_PARAGRAPH);
  assert_string_equal(doc->blocks[i].text, text);
}

static const gk_cell *cell_at(const gk_doc *doc, size_t b, size_t r, size_t c) {
  assert_true(b < doc->nblocks);
  assert_int_equal(doc->blocks[b].kind, GK_BLOCK_GRID);
  assert_true(r < doc->blocks[b].nrows);
  assert_true(c < doc->blocks[b].rows[r].ncells);
  return &doc->blocks[b].rows[r].cells[c];
}

#define P(x) "<w:p><w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r></w:p>"
#define R(x) "<w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r>"
#define TC(x) "<w:tc>" P(x) "</w:tc>"

/* A row wider than the model holds: the first GK_MAX_COLS cells kept, the model's one
 * warning naming the table and row, and the rows after it still read. */
static void test_wide_row(void **state) {
  (void)state;
  size_t cap = (GK_MAX_COLS + 40) * 96 + 256;
  char *body = malloc(cap);
  assert_non_null(body);
  size_t o = (size_t)sprintf(body, "<w:tbl><w:tr>");
  for (int i = 0; i < GK_MAX_COLS + 40; i++) o += (size_t)sprintf(body + o, TC("%d"), i);
  o += (size_t)sprintf(body + o, "</w:tr><w:tr>" TC("next") "</w:tr></w:tbl>");
  gk_doc *doc = convert_body(body, NULL, NULL);
  free(body);
  assert_int_equal(doc->blocks[0].rows[0].ncells, GK_MAX_COLS);
  assert_string_equal(cell_at(doc, 0, 1, 0)->text, "next");
  int limits = 0;
  for (size_t i = 0; i < doc->ndiags; i++) {
    if (strcmp(doc->diags[i].code, "limit") != 0) continue;
    limits++;
    assert_int_equal(doc->diags[i].severity, GK_SEV_WARNING);
    assert_string_equal(doc->diags[i].pos, "table 1:row 1");
  }
  assert_int_equal(limits, 1);
  gk_doc_free(doc);
}

/* Runs, tabs, breaks, hyphens, symbols; a line break splits a body paragraph. */
static void test_text(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      "<w:p>" R("一、总体情况") "<w:r><w:br/></w:r>" R("本年度") "<w:r><w:tab/></w:r>" R("A")
      "<w:r><w:noBreakHyphen/></w:r>" R("B") "<w:r><w:sym w:font=\"Symbol\" w:char=\"F0B4\"/>"
      "</w:r><w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FE\"/></w:r></w:p>"
      "<w:p/><w:p>" R("　 ") "</w:p>" P("end"),
      NULL, NULL);
  assert_int_equal(doc->nblocks, 3);
  assert_para(doc, 0, "一、总体情况");
  assert_para(doc, 1, "本年度\tA-B×");
  assert_para(doc, 2, "end");
  gk_doc_free(doc);
}

/* gridSpan → colspan; vMerge → rowspan on the restart cell and a covered, empty
 * continuation; gridBefore shifts the grid columns the merge is matched on. */
static void test_spans(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      "<w:tbl>"
      "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" P("三、办理结果") "</w:tc>"
      "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" P("（一）予以公开") "</w:tc>" TC("5") "</w:tr>"
      "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
      "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" P("（三）不予公开") "</w:tc>"
      TC("1.属于国家秘密") TC("6") "</w:tr>"
      "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"continue\"/></w:tcPr><w:p/></w:tc>"
      "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" TC("2.其他") TC("7") "</w:tr>"
      "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>"
      "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" TC("3.危及") TC("8") "</w:tr>"
      "<w:tr>" TC("x") "<w:tc><w:tcPr><w:hMerge w:val=\"restart\"/></w:tcPr>" P("wide") "</w:tc>"
      "<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>" TC("9") "</w:tr>"
      "</w:tbl>",
      NULL, NULL);
  assert_int_equal(doc->nblocks, 1);
  const gk_block *g = &doc->blocks[0];
  assert_int_equal(g->nrows, 5);
  const gk_cell *top = cell_at(doc, 0, 0, 0);
  assert_string_equal(top->text, "三、办理结果");
  assert_int_equal(top->rowspan, 3); /* the gridBefore row has no cell in column 0 */
  assert_int_equal(cell_at(doc, 0, 0, 1)->colspan, 2);
  assert_int_equal(g->rows[0].ncells, 3);
  /* Continuations: covered, empty, one per source cell. */
  assert_int_equal(g->rows[1].ncells, 4);
  assert_true(cell_at(doc, 0, 1, 0)->covered);
  assert_string_equal(cell_at(doc, 0, 1, 0)->text, "");
  const gk_cell *sub = cell_at(doc, 0, 1, 1);
  assert_string_equal(sub->text, "（三）不予公开");
  assert_int_equal(sub->rowspan, 3); /* rows 2..4: the gridBefore row continues column 1 */
  assert_int_equal(g->rows[2].ncells, 4);
  assert_true(cell_at(doc, 0, 2, 1)->covered);
  assert_string_equal(cell_at(doc, 0, 2, 2)->text, "2.其他");
  assert_int_equal(g->rows[3].ncells, 3);
  assert_true(cell_at(doc, 0, 3, 0)->covered);
  assert_string_equal(cell_at(doc, 0, 3, 1)->text, "3.危及");
  /* Legacy hMerge: one cell two columns wide. */
  assert_int_equal(g->rows[4].ncells, 3);
  assert_string_equal(cell_at(doc, 0, 4, 1)->text, "wide");
  assert_int_equal(cell_at(doc, 0, 4, 1)->colspan, 2);
  assert_string_equal(cell_at(doc, 0, 4, 2)->text, "9");
  gk_doc_free(doc);
}

/* A continuation at the top of a table (an author-split table) is an ordinary cell. */
static void test_orphan_continuation(void **state) {
  (void)state;
  gk_doc *doc = convert_body("<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
                             TC("4") "</w:tr></w:tbl>",
                             NULL, NULL);
  assert_false(cell_at(doc, 0, 0, 0)->covered);
  assert_string_equal(cell_at(doc, 0, 0, 0)->text, "");
  assert_string_equal(cell_at(doc, 0, 0, 1)->text, "4");
  gk_doc_free(doc);
}

#define DEL(x)                                                                             \
  "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>" x "</w:delText></w:r></w:del>"
#define INS(x) "<w:ins w:id=\"2\" w:author=\"a\">" R(x) "</w:ins>"

/* Tracked changes: deletions (text, moved-from text, rows) are gone, insertions kept. */
static void test_tracked(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      "<w:p>" R("共收到") DEL("99") INS("12") "<w:moveFrom>" R("旧") "</w:moveFrom>"
      "<w:moveTo>" R("件") "</w:moveTo></w:p>"
      "<w:tbl><w:tr>" TC("a") TC("1") "</w:tr>"
      "<w:tr><w:trPr><w:del w:id=\"3\" w:author=\"a\"/></w:trPr>" TC("gone") TC("9") "</w:tr>"
      "<w:tr>" TC("b") "<w:tc><w:p>" DEL("3") INS("2") "</w:p></w:tc></w:tr></w:tbl>",
      NULL, NULL);
  assert_para(doc, 0, "共收到12件");
  assert_int_equal(doc->blocks[1].nrows, 2);
  assert_string_equal(cell_at(doc, 1, 1, 0)->text, "b");
  assert_string_equal(cell_at(doc, 1, 1, 1)->text, "2");
  gk_doc_free(doc);
}

#define FLD(type) "<w:r><w:fldChar w:fldCharType=\"" type "\"/></w:r>"
#define INSTR(x) "<w:r><w:instrText xml:space=\"preserve\">" x "</w:instrText></w:r>"

/* Fields: the displayed result stays, the instructions go, nested fields too. */
static void test_fields(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      "<w:p>" R("合计") FLD("begin") INSTR(" =SUM(ABOVE) ") FLD("separate") R("42") FLD("end")
      R("件") "</w:p>"
      "<w:p>" FLD("begin") INSTR(" IF ") FLD("begin") INSTR(" PAGE ") FLD("separate") R("3")
      FLD("end") INSTR(" = 3 \"yes\" ") FLD("separate") R("shown") FLD("end") "</w:p>"
      "<w:p><w:fldSimple w:instr=\" =1+2 \">" R("3") "</w:fldSimple>" R("项") "</w:p>",
      NULL, NULL);
  assert_para(doc, 0, "合计42件");
  assert_para(doc, 1, "shown");
  assert_para(doc, 2, "3项");
  gk_doc_free(doc);
}

/* Content controls, hyperlinks, smart tags, custom XML wrap text, rows and cells. */
static void test_wrappers(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      "<w:sdt><w:sdtPr/><w:sdtContent>" P("二、主动公开") "</w:sdtContent></w:sdt>"
      "<w:p><w:hyperlink w:anchor=\"x\">" R("行政") "</w:hyperlink><w:smartTag w:element=\"p\">"
      R("许可") "</w:smartTag><w:customXml w:element=\"n\">" R("7") "</w:customXml>"
      "<w:sdt><w:sdtContent>" R("件") "</w:sdtContent></w:sdt></w:p>"
      "<w:tbl><w:sdt><w:sdtContent><w:tr>" TC("a")
      "<w:sdt><w:sdtContent>" TC("1") "</w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt>"
      "<w:customXml><w:tr>" TC("b") TC("2") "</w:tr></w:customXml></w:tbl>",
      NULL, NULL);
  assert_para(doc, 0, "二、主动公开");
  assert_para(doc, 1, "行政许可7件");
  assert_int_equal(doc->blocks[2].nrows, 2);
  assert_string_equal(cell_at(doc, 2, 0, 1)->text, "1");
  assert_string_equal(cell_at(doc, 2, 1, 0)->text, "b");
  gk_doc_free(doc);
}

/* A text box follows its anchoring paragraph, once (mc:Fallback repeats it). */
static void test_textbox(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      "<w:p>" R("before") "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
      "<wps:wsp><wps:txbx><w:txbxContent>" P("四、复议诉讼") "</w:txbxContent></wps:txbx></wps:wsp>"
      "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
      P("四、复议诉讼") "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
      "</mc:AlternateContent></w:r>" R(" after") "</w:p>" P("next")
      "<w:tbl><w:tr><w:tc><w:p>" R("cell") "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
      P("boxed") "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p></w:tc>" TC("1")
      "</w:tr></w:tbl>",
      NULL, NULL);
  assert_int_equal(doc->nblocks, 4);
  assert_para(doc, 0, "before after");
  assert_para(doc, 1, "四、复议诉讼");
  assert_para(doc, 2, "next");
  assert_string_equal(cell_at(doc, 3, 0, 0)->text, "cell\nboxed");
  gk_doc_free(doc);
}

/* Paragraphs of a cell are lines of the cell; empty cells stay, as empty cells. */
static void test_cell_lines(void **state) {
  (void)state;
  gk_doc *doc = convert_body("<w:tbl><w:tr><w:tc>" P("结果") P("纠正") "</w:tc><w:tc><w:p/></w:tc>"
                             "<w:tc></w:tc>" TC("0") "</w:tr></w:tbl>",
                             NULL, NULL);
  assert_int_equal(doc->blocks[0].rows[0].ncells, 4);
  assert_string_equal(cell_at(doc, 0, 0, 0)->text, "结果\n纠正");
  assert_string_equal(cell_at(doc, 0, 0, 1)->text, "");
  assert_string_equal(cell_at(doc, 0, 0, 2)->text, "");
  gk_doc_free(doc);
}

/* Layout tables are unwrapped: a one-cell frame, and a table whose cells hold tables. */
static void test_nested(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      "<w:tbl><w:tr><w:tc>" P("一、总体情况") P("text") "</w:tc></w:tr></w:tbl>"
      "<w:tbl><w:tr>" TC("三、申请情况") "<w:tc><w:tbl><w:tr>" TC("一、本年新收") TC("5")
      "</w:tr><w:tr>" TC("二、上年结转") TC("6") "</w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>",
      NULL, NULL);
  assert_int_equal(doc->nblocks, 4);
  assert_para(doc, 0, "一、总体情况");
  assert_para(doc, 1, "text");
  assert_para(doc, 2, "三、申请情况");
  assert_int_equal(doc->blocks[3].nrows, 2);
  assert_string_equal(cell_at(doc, 3, 1, 1)->text, "6");
  assert_int_equal(doc->ngrids, 1);
  gk_doc_free(doc);
}

static const char numbering_xml[] =
    "<w:abstractNum w:abstractNumId=\"0\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
    "<w:lvlText w:val=\"%1、\"/><w:suff w:val=\"nothing\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
    "<w:lvlText w:val=\"（%2）\"/><w:suff w:val=\"nothing\"/></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%3.\"/></w:lvl></w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"9\"/>"
    "<w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1\"/><w:suff w:val=\"space\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"2\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/>"
    "<w:lvlText w:val=\"\xef\x82\xb7\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"3\"/>"
    "<w:numFmt w:val=\"decimalEnclosedCircle\"/><w:lvlText w:val=\"%2\"/></w:lvl></w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride w:ilvl=\"0\">"
    "<w:startOverride w:val=\"5\"/></w:lvlOverride></w:num>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/></w:num>"
    "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"2\"/></w:num>";

#define NUMP(num, lvl, x)                                                                  \
  "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #num               \
  "\"/></w:numPr></w:pPr>" R(x) "</w:p>"

/* Auto-numbered labels are rebuilt from numbering.xml: formats, levels, restarts. */
static void test_numbering(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      NUMP(1, 0, "总体情况") NUMP(1, 0, "主动公开") NUMP(1, 1, "予以公开") NUMP(1, 1, "部分公开")
      NUMP(1, 2, "国家秘密") NUMP(1, 2, "其他法律") NUMP(1, 1, "不予公开") NUMP(1, 2, "restarted")
      NUMP(1, 0, "收到和处理") NUMP(2, 0, "override") NUMP(2, 0, "next")
      NUMP(3, 0, "nine") NUMP(3, 0, "ten") NUMP(3, 0, "eleven") NUMP(4, 0, "bullet")
      NUMP(4, 1, "circled") NUMP(0, 0, "none")
      "<w:tbl><w:tr><w:tc>" NUMP(1, 1, "in a cell") "</w:tc>" TC("1") "</w:tr></w:tbl>",
      numbering_xml, NULL);
  const char *want[] = {"一、总体情况", "二、主动公开", "（一）予以公开", "（二）部分公开",
                        "1.\t国家秘密", "2.\t其他法律", "（三）不予公开", "1.\trestarted",
                        "三、收到和处理", "五、override", "六、next", "九 nine", "十 ten",
                        "十一 eleven", "bullet", "③\tcircled", "none"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) assert_para(doc, i, want[i]);
  /* Level 1 of list 0 restarted when level 0 went on to 六、. */
  assert_string_equal(cell_at(doc, 17, 0, 0)->text, "（一）in a cell");
  gk_doc_free(doc);
}

/* A heading style linked to a list: the numeral comes through the style's numPr. */
static void test_style_numbering(void **state) {
  (void)state;
  const char *styles =
      "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"h\"><w:basedOn w:val=\"a\"/>"
      "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"h2\"><w:basedOn w:val=\"h\"/></w:style>";
  gk_doc *doc = convert_body("<w:p><w:pPr><w:pStyle w:val=\"h\"/></w:pPr>" R("总体情况") "</w:p>"
                             P("text")
                             "<w:p><w:pPr><w:pStyle w:val=\"h2\"/></w:pPr>" R("主动公开") "</w:p>",
                             numbering_xml, styles);
  assert_para(doc, 0, "一、总体情况");
  assert_para(doc, 1, "text");
  assert_para(doc, 2, "二、主动公开");
  gk_doc_free(doc);
}

/* ISO/IEC 29500 strict namespaces read the same. */
static void test_strict(void **state) {
  (void)state;
  const char *xml = "<?xml version=\"1.0\"?><w:document "
                    "xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\"><w:body>"
                    "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:body></w:document>";
  part parts[] = {{"[Content_Types].xml", content_types, 0},
                  {"_rels/.rels", root_rels, 0},
                  {"word/document.xml", xml, 0}};
  size_t len;
  unsigned char *buf = zip_parts(parts, 3, &len);
  gk_doc *doc = gk_doc_new("strict");
  assert_int_equal(convert(doc, buf, len), GK_OK);
  assert_para(doc, 0, "一、总体情况");
  gk_doc_free(doc);
  free(buf);
}

/* DOCTYPEs (external entities, entity bombs) and broken XML are refused. */
static void test_xml_attacks(void **state) {
  (void)state;
  const char *xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>"
      "</w:document>";
  const char *lol =
      "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
      "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
      "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body>"
      "</w:document>";
  const char *broken = "<?xml version=\"1.0\"?><w:document xmlns:w=\"" W_NS "\"><w:body><w:p>";
  const char *docs[] = {xxe, lol, broken};
  const char *needles[] = {"DOCTYPE", "DOCTYPE", "not well-formed"};
  for (int i = 0; i < 3; i++) {
    part parts[] = {{"[Content_Types].xml", content_types, 0},
                    {"_rels/.rels", root_rels, 0},
                    {"word/document.xml", docs[i], 0}};
    size_t len;
    unsigned char *buf = zip_parts(parts, 3, &len);
    expect_error(buf, len, GK_EFORMAT, needles[i]);
    free(buf);
  }
}

/* Zip bombs are refused from the central directory: per-entry size, ratio, count. */
static void test_zip_limits(void **state) {
  (void)state;
  size_t big = ENTRY_LIMIT + 1;
  char *zeros = calloc(1, big);
  assert_non_null(zeros);
  const char *doc = "<?xml version=\"1.0\"?><w:document xmlns:w=\"" W_NS "\"><w:body/></w:document>";
  /* One entry over the per-entry limit. */
  part p1[] = {{"[Content_Types].xml", content_types, 0},
               {"_rels/.rels", root_rels, 0},
               {"word/document.xml", doc, 0},
               {"word/media/big.bin", zeros, big}};
  size_t len;
  unsigned char *buf = zip_parts(p1, 4, &len);
  assert_true(len < big / 100);
  expect_error(buf, len, GK_ELIMIT, "per entry");
  free(buf);
  /* Under the size limit, but compressed 1000:1. */
  part p2[] = {{"[Content_Types].xml", content_types, 0},
               {"_rels/.rels", root_rels, 0},
               {"word/document.xml", doc, 0},
               {"word/media/zeros.bin", zeros, 4u << 20}};
  buf = zip_parts(p2, 4, &len);
  expect_error(buf, len, GK_ELIMIT, "compression ratio");
  free(buf);
  free(zeros);
  /* Too many entries. */
  size_t n = 10002;
  part *many = calloc(n, sizeof *many);
  char (*names)[32] = calloc(n, sizeof *names);
  assert_true(many && names);
  many[0] = (part){"word/document.xml", doc, 0};
  for (size_t i = 1; i < n; i++) {
    snprintf(names[i], sizeof names[i], "x/%zu", i);
    many[i] = (part){names[i], "x", 1};
  }
  buf = zip_parts(many, n, &len);
  expect_error(buf, len, GK_ELIMIT, "entries");
  free(buf);
  free(many);
  free(names);
}

/* What is not a DOCX says what it is and how to convert it. */
static void test_not_docx(void **state) {
  (void)state;
  unsigned char ole[4096] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  const char *name = "WordDocument";
  for (size_t i = 0; name[i]; i++) ole[1024 + 2 * i] = (unsigned char)name[i];
  expect_error(ole, sizeof ole, GK_EFORMAT, "soffice --headless --convert-to docx");
  expect_error(ole, sizeof ole, GK_EFORMAT, "legacy Word 97-2003 document (.doc");

  const char *wb = "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>";
  part xlsx[] = {{"[Content_Types].xml", content_types, 0}, {"xl/workbook.xml", wb, 0}};
  size_t len;
  unsigned char *buf = zip_parts(xlsx, 2, &len);
  expect_error(buf, len, GK_EFORMAT, "Excel workbook (.xlsx)");
  free(buf);

  part odt[] = {{"mimetype", "application/vnd.oasis.opendocument.text", 0},
                {"content.xml", "<x/>", 0}};
  buf = zip_parts(odt, 2, &len);
  expect_error(buf, len, GK_EFORMAT, "OpenDocument text (.odt); convert it with `soffice");
  free(buf);

  part plain[] = {{"a.txt", "hello", 0}};
  buf = zip_parts(plain, 1, &len);
  expect_error(buf, len, GK_EFORMAT, "without a Word document");
  /* Every prefix of a valid ZIP fails cleanly (truncated downloads). */
  for (size_t cut = 0; cut < len; cut += 7) {
    gk_doc *doc = gk_doc_new("cut");
    assert_true(convert(doc, buf, cut) < 0);
    assert_true(gk_diag_has_error(doc));
    gk_doc_free(doc);
  }
  free(buf);

  /* A DOCX whose main part is not a Word document. */
  part wrong[] = {{"_rels/.rels", root_rels, 0}, {"word/document.xml", "<html/>", 0}};
  buf = zip_parts(wrong, 2, &len);
  expect_error(buf, len, GK_EFORMAT, "not a Word document");
  free(buf);
}

/* Character and entity references, CDATA and math text arrive in pieces; a w:t keeps
 * them all, in order, and text outside w:t and m:t is not displayed. */
static void test_references(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      P("a&amp;b<![CDATA[<c>]]>&#x4E00;&lt;&#38;d")
      "<w:p><w:r>stray<w:t>ok</w:t>stray</w:r></w:p>"
      "<w:p><m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\">"
      "<m:r><m:t>x&amp;y</m:t></m:r></m:oMath></w:p>"
      "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
      R("item") "</w:p>",
      "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
      "<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"&#37;1&amp;&#x3001;\"/>"
      "<w:suff w:val=\"nothing\"/></w:lvl></w:abstractNum>"
      "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>",
      NULL);
  assert_int_equal(doc->nblocks, 4);
  assert_para(doc, 0, "a&b<c>一<&d");
  assert_para(doc, 1, "ok");
  assert_para(doc, 2, "x&y");
  assert_para(doc, 3, "1&、item");
  gk_doc_free(doc);
}

/* Attributes are read with no namespace or the W one; another namespace's val is not
 * w:val, and an element whose prefix is undeclared is none of Word's. */
static void test_attribute_namespaces(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      "<w:tbl><w:tr>"
      "<w:tc><w:tcPr><w:gridSpan x:val=\"3\" xmlns:x=\"urn:x\"/></w:tcPr>" P("a") "</w:tc>"
      "<w:tc><w:tcPr><w:gridSpan val=\"2\"/></w:tcPr>" P("b") "</w:tc>"
      "<w:tc><w:tcPr><w:gridSpan w:val=\"4\" val=\"9\"/></w:tcPr>" P("c") "</w:tc>"
      "</w:tr></w:tbl>",
      NULL, NULL);
  assert_int_equal(cell_at(doc, 0, 0, 0)->colspan, 1);
  assert_int_equal(cell_at(doc, 0, 0, 1)->colspan, 2);
  assert_int_equal(cell_at(doc, 0, 0, 2)->colspan, 4);
  gk_doc_free(doc);

  const char *xml = "<?xml version=\"1.0\"?><w:document><w:body><w:p><w:r><w:t>x</w:t>"
                    "</w:r></w:p></w:body></w:document>";
  part parts[] = {{"[Content_Types].xml", content_types, 0},
                  {"_rels/.rels", root_rels, 0},
                  {"word/document.xml", xml, 0}};
  size_t len;
  unsigned char *buf = zip_parts(parts, 3, &len);
  expect_error(buf, len, GK_EFORMAT, "root element <w:document>");
  free(buf);
}

/* Tables nested deeper than GK_MAX_NESTING: bounded, with a warning, no crash. */
static void test_deep_nesting(void **state) {
  (void)state;
  size_t cap = 200000;
  char *body = malloc(cap);
  size_t o = 0;
  for (int i = 0; i < 60; i++) o += (size_t)snprintf(body + o, cap - o, "<w:tbl><w:tr><w:tc>");
  o += (size_t)snprintf(body + o, cap - o, P("deep"));
  for (int i = 0; i < 60; i++) o += (size_t)snprintf(body + o, cap - o, "</w:tc></w:tr></w:tbl>");
  gk_doc *doc = convert_body(body, NULL, NULL);
  int warned = 0;
  for (size_t i = 0; i < doc->ndiags; i++) warned |= strcmp(doc->diags[i].code, "limit") == 0;
  assert_true(warned);
  gk_doc_free(doc);
  free(body);
}

/* Namespace prefixes are bound by scope: a redeclaration holds inside its element
 * only, the default namespace applies to elements, xmlns="" undeclares it, and a
 * prefix used outside its declaration matches nothing. */
static void test_namespace_scope(void **state) {
  (void)state;
  gk_doc *doc = convert_body(
      "<w:p xmlns:w=\"urn:other\"><w:r><w:t>foreign</w:t></w:r></w:p>"
      P("after")
      "<p xmlns=\"" W_NS "\"><r><t>a</t></r><r xmlns=\"\"><t>gone</t></r><r><t>b</t></r></p>"
      "<w:p><w:r xmlns:y=\"" W_NS "\"><y:t>in</y:t></w:r><w:r><y:t>out</y:t></w:r></w:p>"
      "<w:p><w:r><w:t>x</w:t></w:r><z:r><w:t>undeclared</w:t></z:r></w:p>",
      NULL, NULL);
  assert_int_equal(doc->nblocks, 4);
  assert_para(doc, 0, "after");
  assert_para(doc, 1, "ab");
  assert_para(doc, 2, "in");
  assert_para(doc, 3, "x");
  gk_doc_free(doc);
}

/* Thousands of distinct prefixes and names (the lookup tables grow), each prefix
 * declared on its own paragraph and used inside it. */
static void test_many_prefixes(void **state) {
  (void)state;
  size_t cap = 1 << 20, o = 0;
  char *body = malloc(cap);
  assert_non_null(body);
  for (int i = 0; i < 5000; i++)
    o += (size_t)snprintf(body + o, cap - o,
                          "<w:p xmlns:p%d=\"urn:%d\"><p%d:e p%d:a=\"1\"/>" R("t") "</w:p>", i, i, i, i);
  gk_doc *doc = convert_body(body, NULL, NULL);
  assert_int_equal(doc->nblocks, 5000);
  assert_para(doc, 4999, "t");
  gk_doc_free(doc);
  free(body);
}

static void assert_format(const char *fmt, int v, const char *want) {
  gk_strbuf b = {0};
  gk_docx_numbering_format(&b, fmt, v);
  assert_false(b.oom);
  assert_string_equal(b.p ? b.p : "", want);
  gk_strbuf_free(&b);
}

/* Counter values in Word's number formats (values written by hand). */
static void test_number_formats(void **state) {
  (void)state;
  assert_format("chineseCounting", 0, "〇");
  assert_format("chineseCounting", 10, "十");
  assert_format("chineseCounting", 11, "十一");
  assert_format("chineseCounting", 20, "二十");
  assert_format("chineseCounting", 105, "一百零五");
  assert_format("chineseCounting", 1010, "一千零一十");
  assert_format("chineseLegalSimplified", 11, "壹拾壹");
  assert_format("ideographLegalTraditional", 3, "參");
  assert_format("ideographTraditional", 3, "丙");
  assert_format("ideographTraditional", 11, "11");
  assert_format("ideographZodiac", 12, "亥");
  assert_format("upperRoman", 14, "XIV");
  assert_format("lowerLetter", 28, "bb");
  assert_format("decimalEnclosedCircle", 20, "⑳");
  assert_format("decimalEnclosedCircle", 21, "21");
  assert_format("decimalFullWidth", 12, "１２");
  assert_format("decimalZero", 5, "05");
  assert_format("bullet", 5, "");
  assert_format(NULL, 7, "7");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_text),
      cmocka_unit_test(test_spans),
      cmocka_unit_test(test_wide_row),
      cmocka_unit_test(test_orphan_continuation),
      cmocka_unit_test(test_tracked),
      cmocka_unit_test(test_fields),
      cmocka_unit_test(test_wrappers),
      cmocka_unit_test(test_textbox),
      cmocka_unit_test(test_cell_lines),
      cmocka_unit_test(test_nested),
      cmocka_unit_test(test_numbering),
      cmocka_unit_test(test_style_numbering),
      cmocka_unit_test(test_strict),
      cmocka_unit_test(test_xml_attacks),
      cmocka_unit_test(test_zip_limits),
      cmocka_unit_test(test_not_docx),
      cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_references),
      cmocka_unit_test(test_attribute_namespaces),
      cmocka_unit_test(test_namespace_scope),
      cmocka_unit_test(test_many_prefixes),
      cmocka_unit_test(test_number_formats),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
