/* test_html_script.c: unit tests of the report search in page scripts (cmocka): the
 * JavaScript literal decoder, literal chains, the report score, the script scan, and
 * the choice among several candidate reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "converters/convert.h"
#include "converters/html_script.h"
#include "core/doc.h"

/* Decodes the literal at the start of src; returns the GK_LIT_* status, the text in
 * out (cap bytes) and the offset past the literal in *end. */
static int decode(const char *src, size_t max, char *out, size_t cap, size_t *end) {
  gk_strbuf b;
  memset(&b, 0, sizeof b);
  *end = 0;
  int rc = gk_html_lit_decode(src, strlen(src), end, &b, max);
  snprintf(out, cap, "%.*s", (int)b.len, b.p ? b.p : "");
  gk_strbuf_free(&b);
  return rc;
}

static void test_lit_quotes(void **state) {
  (void)state;
  char out[256];
  size_t end;
  assert_int_equal(decode("\"a\\\"b\\/c\\\\d\" + x", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "a\"b/c\\d");
  assert_int_equal(end, 12); /* just past the closing quote, not the rest */
  assert_int_equal(decode("'it\\'s \"q\"'", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "it's \"q\"");
  /* The other quote characters are text. */
  assert_int_equal(decode("\"a'b`c\"", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "a'b`c");
  assert_int_equal(decode("\"\\n\\t\\r\"", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "\n\t\r");
  /* A backslash before a line break continues the line. */
  assert_int_equal(decode("\"ab\\\ncd\"", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "abcd");
}

static void test_lit_template(void **state) {
  (void)state;
  char out[256];
  size_t end;
  /* Raw line breaks stay (CR LF read as LF); a $ without { is text. */
  assert_int_equal(decode("`<p>a</p>\r\n<p>$5</p>`;", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "<p>a</p>\n<p>$5</p>");
  assert_int_equal(end, 21);
  /* An escaped ${ is text; ${…} is code, not a constant. */
  assert_int_equal(decode("`a\\${b}`", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "a${b}");
  assert_int_equal(decode("`a${b}c`", 100, out, sizeof out, &end), GK_LIT_SUBST);
}

static void test_lit_escapes(void **state) {
  (void)state;
  char out[256];
  size_t end;
  /* \uXXXX, \u{…}, \xHH; a surrogate pair is one character, a lone one U+FFFD. */
  assert_int_equal(decode("\"\\u4e2d\\u6587\\x41\\u{1F600}\"", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "中文A\xF0\x9F\x98\x80");
  assert_int_equal(decode("\"\\ud83d\\ude00\"", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "\xF0\x9F\x98\x80");
  assert_int_equal(decode("\"\\ud83dx\"", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "\xEF\xBF\xBDx");
  assert_int_equal(decode("\"\\ude00\"", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "\xEF\xBF\xBD");
  /* \0 would end the HTML parser's input: dropped. Legacy octal \101 is A. */
  assert_int_equal(decode("\"a\\0b\\101\"", 100, out, sizeof out, &end), GK_LIT_OK);
  assert_string_equal(out, "abA");
  /* Malformed escapes give no value. */
  assert_int_equal(decode("\"\\u12\"", 100, out, sizeof out, &end), GK_LIT_UNTERMINATED);
  assert_int_equal(decode("\"\\xZ1\"", 100, out, sizeof out, &end), GK_LIT_UNTERMINATED);
  assert_int_equal(decode("\"\\u{110000\"", 100, out, sizeof out, &end), GK_LIT_UNTERMINATED);
}

static void test_lit_truncated_and_bounds(void **state) {
  (void)state;
  char out[256];
  size_t end;
  assert_int_equal(decode("\"abc", 100, out, sizeof out, &end), GK_LIT_UNTERMINATED);
  assert_int_equal(decode("\"abc\\", 100, out, sizeof out, &end), GK_LIT_UNTERMINATED);
  assert_int_equal(decode("\"\\u4e", 100, out, sizeof out, &end), GK_LIT_UNTERMINATED);
  assert_int_equal(decode("`abc", 100, out, sizeof out, &end), GK_LIT_UNTERMINATED);
  assert_int_equal(decode("", 100, out, sizeof out, &end), GK_LIT_UNTERMINATED);
  assert_int_equal(decode("abc", 100, out, sizeof out, &end), GK_LIT_UNTERMINATED);
  /* A raw line break ends '…' and "…" unclosed. */
  assert_int_equal(decode("\"ab\ncd\"", 100, out, sizeof out, &end), GK_LIT_UNTERMINATED);
  /* The limit counts decoded bytes, plain runs and escapes alike. */
  assert_int_equal(decode("\"abcdefgh\"", 8, out, sizeof out, &end), GK_LIT_OK);
  assert_int_equal(decode("\"abcdefghi\"", 8, out, sizeof out, &end), GK_LIT_TOO_LONG);
  assert_int_equal(decode("\"\\u4e2d\\u4e2d\\u4e2d\"", 8, out, sizeof out, &end), GK_LIT_TOO_LONG);
}

static int chain(const char *src, char *out, size_t cap, size_t *end, int *other) {
  gk_strbuf b;
  memset(&b, 0, sizeof b);
  int rc = gk_html_lit_chain(src, strlen(src), end, &b, 1000, other);
  snprintf(out, cap, "%.*s", (int)b.len, b.p ? b.p : "");
  gk_strbuf_free(&b);
  return rc;
}

static void test_lit_chain(void **state) {
  (void)state;
  char out[256];
  size_t end;
  int other;
  const char *src = "\"<p>a\" +\n 'b' /* c */ + // d\n `e</p>`; f()";
  assert_int_equal(chain(src, out, sizeof out, &end, &other), GK_LIT_OK);
  assert_string_equal(out, "<p>abe</p>");
  assert_int_equal(other, 0);
  assert_int_equal(src[end], ';');
  /* Joined to a variable: decoded as far as the literals go, and said so. */
  assert_int_equal(chain("\"a\" + x + \"b\"", out, sizeof out, &end, &other), GK_LIT_OK);
  assert_string_equal(out, "a");
  assert_int_equal(other, 1);
  /* `+=` and `++` are no joins. */
  assert_int_equal(chain("\"a\" += \"b\"", out, sizeof out, &end, &other), GK_LIT_OK);
  assert_string_equal(out, "a");
  assert_int_equal(other, 0);
  /* One bad literal spoils the chain. */
  assert_int_equal(chain("\"a\" + `${x}`", out, sizeof out, &end, &other), GK_LIT_SUBST);
  assert_int_equal(chain("\"a\" + \"b", out, sizeof out, &end, &other), GK_LIT_UNTERMINATED);
}

static void test_report_score(void **state) {
  (void)state;
  const char *two = "<p>一、总体情况</p><p>二、主动公开政府信息情况</p>";
  assert_int_equal(gk_html_report_score(two, strlen(two)), 2);
  const char *table = "<p>二、主动公开政府信息情况</p><table><tr><td>规章</td></tr></table>";
  assert_int_equal(gk_html_report_score(table, strlen(table)), 1);
  const char *prose = "<p>本机关认真落实政务公开工作要求</p><table><tr><td>日期</td></tr></table>";
  assert_int_equal(gk_html_report_score(prose, strlen(prose)), 0);
  const char *one = "<p>一、总体情况</p>";
  assert_int_equal(gk_html_report_score(one, strlen(one)), 0);
}

/* A report body of at least GK_HTML_MIN_REPORT bytes, titled `title`. */
static char *report_html(const char *title) {
  static const char body[] =
      "<p>一、总体情况</p><p>本年度，本机关坚持以习近平新时代中国特色社会主义思想为指导，"
      "认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。</p>"
      "<p>二、主动公开政府信息情况</p><table><tr><td>信息内容</td><td>本年制发件数</td>"
      "<td>本年废止件数</td><td>现行有效件数</td></tr><tr><td>规章</td><td>1</td><td>0</td>"
      "<td>3</td></tr></table><p>五、存在的主要问题及改进情况</p><p>公开的及时性有待提高，"
      "下一步将加强培训，完善制度，提升公开质量和实效。</p>";
  size_t n = strlen(title) + sizeof body + 16;
  char *h = malloc(n);
  assert_non_null(h);
  snprintf(h, n, "<p>%s</p>%s", title, body);
  return h;
}

/* Escapes s as the body of a JSON string ( \" \\ \/ ). */
static void json_escape(const char *s, char *out, size_t cap) {
  size_t o = 0;
  for (; *s && o + 3 < cap; s++) {
    if (*s == '"' || *s == '\\' || *s == '/') out[o++] = '\\';
    out[o++] = *s;
  }
  out[o] = '\0';
}

static void test_script_search_json(void **state) {
  (void)state;
  char *h = report_html("甲市乙局2024年政府信息公开工作年度报告");
  char esc[8192], body[9000];
  json_escape(h, esc, sizeof esc);
  snprintf(body, sizeof body,
           "{\"props\":{\"pageProps\":{\"nav\":[{\"t\":\"首页\"},{\"t\":\"[x]\"}],"
           "\"article\":{\"title\":\"甲市乙局2024年年报\",\"source\":\"甲市乙局\","
           "\"publishDate\":\"2025-01-20\",\"content\":\"%s\"}}},\"page\":\"/a\"}",
           esc);
  gk_html_cands c;
  memset(&c, 0, sizeof c);
  assert_int_equal(gk_html_script_search(body, strlen(body), 0, /*json*/ 1, &c), GK_OK);
  assert_int_equal(c.n, 1);
  assert_string_equal(c.v[0].path, "props.pageProps.article.content");
  assert_int_equal(c.v[0].json, 1);
  assert_string_equal(c.v[0].html, h);
  assert_string_equal(c.v[0].title, "甲市乙局2024年年报");
  assert_string_equal(c.v[0].organ, "甲市乙局");
  assert_string_equal(c.v[0].date, "2025-01-20");
  gk_html_cands_free(&c);

  /* The same JSON broken after the value: json-glib refuses the container, and the
     value is not taken on the lexer's word alone. */
  char *cut = strstr(body, "}}},");
  assert_non_null(cut);
  memcpy(cut, "],}}", 4);
  memset(&c, 0, sizeof c);
  assert_int_equal(gk_html_script_search(body, strlen(body), 0, 1, &c), GK_OK);
  assert_int_equal(c.n, 0);
  assert_int_equal(c.rejected, 1);
  assert_non_null(strstr(c.why, "props.pageProps.article.content"));
  gk_html_cands_free(&c);
  free(h);
}

static void test_script_search_js(void **state) {
  (void)state;
  char *h = report_html("甲市乙局2024年政府信息公开工作年度报告");
  char esc[8192], body[9000];
  json_escape(h, esc, sizeof esc);
  /* A regular expression holding a quote, and a comment, before the variable. */
  snprintf(body, sizeof body,
           "var re = /\"[a-z]+'/g; // it's\nvar content = \"%.*s\" +\n  \"%s\";\n"
           "document.getElementById('zoom').innerHTML = content;",
           40, esc, esc + 40);
  gk_html_cands c;
  memset(&c, 0, sizeof c);
  assert_int_equal(gk_html_script_search(body, strlen(body), 3, /*json*/ 0, &c), GK_OK);
  assert_int_equal(c.n, 1);
  assert_string_equal(c.v[0].path, "content");
  assert_int_equal(c.v[0].script, 3);
  assert_int_equal(c.v[0].json, 0);
  assert_string_equal(c.v[0].html, h);
  gk_html_cands_free(&c);

  /* A template literal with ${…}: a report that is not a constant is rejected. */
  snprintf(body, sizeof body, "var content = `%s${year}`;", h);
  memset(&c, 0, sizeof c);
  assert_int_equal(gk_html_script_search(body, strlen(body), 0, 0, &c), GK_OK);
  assert_int_equal(c.n, 0);
  assert_int_equal(c.rejected, 1);
  assert_non_null(strstr(c.why, "${"));
  gk_html_cands_free(&c);

  /* Joined with + to a variable. */
  snprintf(body, sizeof body, "var content = \"%s\" + footer;", esc);
  memset(&c, 0, sizeof c);
  assert_int_equal(gk_html_script_search(body, strlen(body), 0, 0, &c), GK_OK);
  assert_int_equal(c.n, 0);
  assert_non_null(strstr(c.why, "not a string literal"));
  gk_html_cands_free(&c);

  /* An unclosed literal before the report stops the scan: nothing after it is read. */
  snprintf(body, sizeof body, "var a = 'x\nvar content = \"%s\";", esc);
  memset(&c, 0, sizeof c);
  assert_int_equal(gk_html_script_search(body, strlen(body), 0, 0, &c), GK_OK);
  assert_int_equal(c.n, 0);
  gk_html_cands_free(&c);
  free(h);
}

/* A page with an empty body whose JSON script holds two articles. */
static char *two_report_page(const char *page_title, const char *t1, const char *t2) {
  char *h1 = report_html(t1), *h2 = report_html(t2);
  size_t cap = 20000;
  char *e1 = malloc(cap), *e2 = malloc(cap), *page = malloc(2 * cap + 1024);
  assert_true(e1 && e2 && page);
  json_escape(h1, e1, cap);
  json_escape(h2, e2, cap);
  snprintf(page, 2 * cap + 1024,
           "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s</title></head>"
           "<body><div id=\"app\"></div><script id=\"__NEXT_DATA__\" type=\"application/json\">"
           "{\"list\":[{\"title\":\"%s\",\"content\":\"%s\"},{\"title\":\"%s\",\"content\":\"%s\"}]}"
           "</script></body></html>",
           page_title, t1, e1, t2, e2);
  free(h1);
  free(h2);
  free(e1);
  free(e2);
  return page;
}

static int has_diag(const gk_doc *doc, gk_severity sev, const char *a, const char *b) {
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].severity == sev && strstr(doc->diags[i].msg, a) &&
        (!b || strstr(doc->diags[i].msg, b)))
      return 1;
  return 0;
}

/* Whether some paragraph of the doc contains s. */
static int has_para(const gk_doc *doc, const char *s) {
  for (size_t i = 0; i < doc->nblocks; i++)
    if (doc->blocks[i].kind == GK_BLOCK_PARAGRAPH && strstr(doc->blocks[i].text, s)) return 1;
  return 0;
}

static void test_choice_by_title(void **state) {
  (void)state;
  /* A list page's neighbour: the same organ's report of the year before. */
  char *page = two_report_page("甲市乙局2024年政府信息公开工作年度报告",
                               "甲市乙局2023年政府信息公开工作年度报告",
                               "甲市乙局2024年政府信息公开工作年度报告");
  gk_doc *doc = gk_doc_new("two.html");
  assert_int_equal(gk_convert_html(doc, (const unsigned char *)page, strlen(page)), GK_OK);
  assert_int_equal(gk_doc_validate(doc, stderr), 0);
  assert_true(has_diag(doc, GK_SEV_WARNING, "2 reports in the page's scripts: took the one at list[1].content", NULL));
  assert_true(has_para(doc, "甲市乙局2024年"));
  assert_false(has_para(doc, "甲市乙局2023年"));
  gk_doc_free(doc);
  free(page);

  /* Neither titled as the page: none is taken, and the diagnostic says why. */
  page = two_report_page("甲市乙局2025年政府信息公开工作年度报告",
                         "甲市乙局2023年政府信息公开工作年度报告",
                         "甲市乙局2024年政府信息公开工作年度报告");
  doc = gk_doc_new("none.html");
  gk_convert_html(doc, (const unsigned char *)page, strlen(page));
  assert_true(has_diag(doc, GK_SEV_WARNING, "none is titled as the page: none taken", NULL));
  assert_false(has_para(doc, "二、主动公开政府信息情况"));
  gk_doc_free(doc);
  free(page);
}

static void test_decoy_rejected(void **state) {
  (void)state;
  /* A related article of another organ beside the page's own report. */
  char *page = two_report_page("甲市乙局2024年政府信息公开工作年度报告",
                               "丙县丁镇人民政府2024年政府信息公开工作年度报告",
                               "甲市乙局2024年政府信息公开工作年度报告");
  gk_doc *doc = gk_doc_new("decoy.html");
  assert_int_equal(gk_convert_html(doc, (const unsigned char *)page, strlen(page)), GK_OK);
  assert_true(has_diag(doc, GK_SEV_WARNING, "list[0].content is of 丙县丁镇人民政府",
                       "not of this page's organ 甲市乙局: not used"));
  assert_true(has_diag(doc, GK_SEV_NOTE, "report found in <script id=\"__NEXT_DATA__\"> at list[1].content", NULL));
  assert_true(has_para(doc, "甲市乙局2024年"));
  assert_false(has_para(doc, "丙县丁镇"));
  gk_doc_free(doc);
  free(page);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lit_quotes),         cmocka_unit_test(test_lit_template),
      cmocka_unit_test(test_lit_escapes),        cmocka_unit_test(test_lit_truncated_and_bounds),
      cmocka_unit_test(test_lit_chain),          cmocka_unit_test(test_report_score),
      cmocka_unit_test(test_script_search_json), cmocka_unit_test(test_script_search_js),
      cmocka_unit_test(test_choice_by_title),    cmocka_unit_test(test_decoy_rejected),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
