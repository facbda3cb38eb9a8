/* test_encoding.c: unit tests of normalizer/encoding.c: BOMs, UTF-16, GB18030,
 * invalid bytes and NULs, always ending in valid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>

#include "../core/doc.h"
#include "../core/utf8.h"
#include "../core/encoding.h"

#define SAMPLE "镇平县人民政府 2024 年政府信息公开工作年度报告\n一、总体情况\t74\t０\n"

static int setup(void **state) {
  *state = gk_doc_new("test");
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  gk_doc_free(*state);
  return 0;
}

#define DOC ((gk_doc *)*state)

/* Encodes UTF-8 `s` into `to` with iconv, optionally behind `bom`. Caller frees. */
static unsigned char *encode(const char *to, const char *bom, size_t bomlen, const char *s, size_t *len) {
  iconv_t cd = iconv_open(to, "UTF-8");
  assert_true(cd != (iconv_t)-1);
  size_t inleft = strlen(s), cap = inleft * 4 + 16;
  unsigned char *buf = malloc(cap);
  assert_non_null(buf);
  memcpy(buf, bom, bomlen);
  char *in = (char *)s, *out = (char *)buf + bomlen;
  size_t outleft = cap - bomlen;
  assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
  iconv_close(cd);
  *len = cap - outleft;
  return buf;
}

/* Number of diagnostics of `sev` whose code is `code`. */
static int count_diags(const gk_doc *doc, gk_severity sev, const char *code) {
  int n = 0;
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].severity == sev && strcmp(doc->diags[i].code, code) == 0) n++;
  return n;
}

/* Decodes and checks the result is valid, NUL-terminated UTF-8 of the stated length. */
static char *decode(gk_doc *doc, const unsigned char *b, size_t len, const char *cs, const char **used) {
  char *out = NULL;
  size_t outlen = 0;
  assert_int_equal(gk_enc_decode(doc, b, len, cs, &out, &outlen, used), GK_OK);
  assert_non_null(out);
  assert_int_equal(strlen(out), outlen);
  assert_true(gk_utf8_valid(out, outlen));
  return out;
}

/* ---- UTF-8 ---- */

static void utf8_plain(void **state) {
  const char *used = NULL;
  char *out = decode(DOC, (const unsigned char *)SAMPLE, strlen(SAMPLE), NULL, &used);
  assert_string_equal(out, SAMPLE);
  assert_string_equal(used, "UTF-8");
  assert_int_equal(count_diags(DOC, GK_SEV_WARNING, "encoding"), 0);
}

static void utf8_bom_stripped(void **state) {
  size_t len = strlen(SAMPLE) + 3;
  unsigned char *b = malloc(len);
  memcpy(b, "\xEF\xBB\xBF", 3);
  memcpy(b + 3, SAMPLE, len - 3);
  const char *used = NULL;
  char *out = decode(DOC, b, len, NULL, &used);
  assert_string_equal(out, SAMPLE);
  assert_string_equal(used, "UTF-8");
  /* The BOM outranks a wrong declaration. */
  out = decode(DOC, b, len, "gbk", &used);
  assert_string_equal(out, SAMPLE);
  assert_string_equal(used, "UTF-8");
  free(b);
}

static void empty_input(void **state) {
  const char *used = NULL;
  char *out = decode(DOC, (const unsigned char *)"", 0, NULL, &used);
  assert_string_equal(out, "");
  out = decode(DOC, (const unsigned char *)"\xEF\xBB\xBF", 3, NULL, &used);
  assert_string_equal(out, "");
}

/* ---- UTF-16 ---- */

static void utf16le_bom(void **state) {
  size_t len;
  unsigned char *b = encode("UTF-16LE", "\xFF\xFE", 2, SAMPLE, &len);
  assert_string_equal(gk_enc_sniff(b, len), "UTF-16LE");
  const char *used = NULL;
  char *out = decode(DOC, b, len, NULL, &used);
  assert_string_equal(out, SAMPLE);
  assert_string_equal(used, "UTF-16LE");
  assert_int_equal(count_diags(DOC, GK_SEV_WARNING, "encoding"), 0);
  free(b);
}

static void utf16be_bom(void **state) {
  size_t len;
  unsigned char *b = encode("UTF-16BE", "\xFE\xFF", 2, SAMPLE, &len);
  assert_string_equal(gk_enc_sniff(b, len), "UTF-16BE");
  const char *used = NULL;
  char *out = decode(DOC, b, len, NULL, &used);
  assert_string_equal(out, SAMPLE);
  assert_string_equal(used, "UTF-16BE");
  free(b);
}

static void utf16le_no_bom_ascii_heavy(void **state) {
  /* Mostly-ASCII UTF-16 without a BOM shows NULs in every other byte. */
  const char *s = "Table 3: new 74, carried 0, total 74. 总计\n";
  size_t len;
  unsigned char *b = encode("UTF-16LE", "", 0, s, &len);
  assert_string_equal(gk_enc_sniff(b, len), "UTF-16LE");
  const char *used = NULL;
  char *out = decode(DOC, b, len, NULL, &used);
  assert_string_equal(out, s);
  free(b);
}

static void utf16_truncated(void **state) {
  /* An odd trailing byte is an invalid sequence: U+FFFD and a warning. */
  size_t len;
  unsigned char *b = encode("UTF-16LE", "\xFF\xFE", 2, "总计", &len);
  const char *used = NULL;
  char *out = decode(DOC, b, len - 1, NULL, &used);
  assert_int_equal(strncmp(out, "总", strlen("总")), 0);
  assert_non_null(strstr(out, "\xEF\xBF\xBD"));
  assert_int_equal(count_diags(DOC, GK_SEV_WARNING, "encoding"), 1);
  free(b);
}

/* ---- GB18030 ---- */

static void gb18030_sniffed(void **state) {
  size_t len;
  unsigned char *b = encode("GB18030", "", 0, SAMPLE, &len);
  assert_true(len < strlen(SAMPLE)); /* two bytes per ideograph: really re-encoded */
  assert_string_equal(gk_enc_sniff(b, len), "GB18030");
  const char *used = NULL;
  char *out = decode(DOC, b, len, NULL, &used);
  assert_string_equal(out, SAMPLE);
  assert_string_equal(used, "GB18030");
  assert_int_equal(count_diags(DOC, GK_SEV_WARNING, "encoding"), 0);
  free(b);
}

static void gbk_declared(void **state) {
  size_t len;
  unsigned char *b = encode("GBK", "", 0, "行政规范性文件 35", &len);
  const char *used = NULL;
  char *out = decode(DOC, b, len, "gb2312", &used);
  assert_string_equal(out, "行政规范性文件 35");
  assert_string_equal(used, "GB18030");
  free(b);
}

static void declared_gbk_but_utf8(void **state) {
  /* A page that says GBK but is valid UTF-8 (re-saved sites) is read as UTF-8. */
  const char *used = NULL;
  char *out = decode(DOC, (const unsigned char *)SAMPLE, strlen(SAMPLE), "GBK", &used);
  assert_string_equal(out, SAMPLE);
  assert_string_equal(used, "UTF-8");
}

/* ---- invalid bytes, NULs ---- */

static void invalid_utf8_replaced(void **state) {
  const unsigned char b[] = "\xe6\x80\xbb\xe8\xae\xa1\xff\x37\x34\xe6\x80"; /* 总计 FF 74 + cut 总 */
  const char *used = NULL;
  char *out = decode(DOC, b, sizeof b - 1, "utf-8", &used);
  assert_string_equal(out, "总计\xEF\xBF\xBD" "74\xEF\xBF\xBD\xEF\xBF\xBD");
  assert_int_equal(count_diags(DOC, GK_SEV_WARNING, "encoding"), 1);
  /* The message counts them. */
  for (size_t i = 0; i < DOC->ndiags; i++)
    if (strcmp(DOC->diags[i].code, "encoding") == 0) assert_non_null(strstr(DOC->diags[i].msg, "3"));
}

/* BUG: without a declared charset, one stray byte in an otherwise UTF-8 document
 * makes the sniffer pick GB18030 (valid_utf8_prefix() demands the whole buffer be
 * valid), so every CJK character becomes mojibake: gktab then finds none of the
 * tables (testdata/text/000-seed-zhenping.txt with one 0xFF inserted → three
 * table.missing errors and "127 invalid GB18030 sequences"). Expected: text that
 * is overwhelmingly valid UTF-8 is decoded as UTF-8 with the bad byte as U+FFFD. */
static void utf8_with_one_bad_byte_sniffed(void **state) {
  char b[4096] = "";
  for (int i = 0; i < 20; i++) strcat(b, SAMPLE);
  size_t len = strlen(b);
  b[len / 2 - (len / 2) % strlen(SAMPLE)] = '\xff'; /* replaces the first byte of a line's 镇 */
  const char *used = NULL;
  char *out = decode(DOC, (const unsigned char *)b, len, NULL, &used);
  assert_string_equal(used, "UTF-8");
  assert_non_null(strstr(out, "\xEF\xBF\xBD"));
  assert_non_null(strstr(out, "一、总体情况"));
  assert_int_equal(count_diags(DOC, GK_SEV_WARNING, "encoding"), 1);
}

static void overlong_and_surrogate_replaced(void **state) {
  /* Overlong `/` (C0 AF) and an encoded surrogate (ED A0 80) are not valid UTF-8. */
  const unsigned char b[] = "a\xc0\xaf" "b\xed\xa0\x80" "c";
  const char *used = NULL;
  char *out = decode(DOC, b, sizeof b - 1, "utf-8", &used);
  assert_int_equal(strncmp(out, "a\xEF\xBF\xBD", 4), 0);
  assert_null(strchr(out, '/'));
  assert_non_null(strchr(out, 'b'));
  assert_non_null(strchr(out, 'c'));
  assert_int_equal(count_diags(DOC, GK_SEV_WARNING, "encoding"), 1);
}

static void nul_dropped(void **state) {
  const unsigned char b[] = {'a', 'b', 0, 'c', 0, 0, 'd'};
  const char *used = NULL;
  char *out = decode(DOC, b, sizeof b, NULL, &used);
  assert_string_equal(out, "abcd");
  out = decode(DOC, b, sizeof b, "utf-8", &used);
  assert_string_equal(out, "abcd");
}

static void utf16_nul_dropped(void **state) {
  /* U+0000 inside UTF-16 text is dropped too. */
  const unsigned char b[] = {0xFF, 0xFE, 'a', 0, 0, 0, 'b', 0};
  const char *used = NULL;
  char *out = decode(DOC, b, sizeof b, NULL, &used);
  assert_string_equal(out, "ab");
}

static void random_bytes_valid_output(void **state) {
  /* Whatever the bytes and whatever is declared, the output is valid UTF-8. */
  const char *charsets[] = {NULL, "utf-8", "gbk", "utf-16le", "utf-16be", "big5", "iso-8859-1"};
  unsigned int seed = 12345;
  unsigned char b[301];
  for (int round = 0; round < 400; round++) {
    size_t len = (size_t)(rand_r(&seed) % 300) + 1;
    for (size_t i = 0; i < len; i++) b[i] = (unsigned char)rand_r(&seed);
    if (round % 5 == 0) b[0] = 0xFF, b[1 % len] = 0xFE; /* sometimes a UTF-16 BOM */
    const char *cs = charsets[round % 7];
    char *out = NULL;
    size_t outlen = 0;
    const char *used = NULL;
    int rc = gk_enc_decode(DOC, b, len, cs, &out, &outlen, &used);
    assert_int_equal(rc, GK_OK);
    assert_non_null(used);
    if (!gk_utf8_valid(out, outlen)) fail_msg("round %d (%s): output is not valid UTF-8", round, cs ? cs : "sniff");
    assert_int_equal(strlen(out), outlen);
  }
}

/* ---- sniffing ---- */

static void sniff_names(void **state) {
  (void)state;
  assert_string_equal(gk_enc_sniff((const unsigned char *)"", 0), "UTF-8");
  assert_string_equal(gk_enc_sniff((const unsigned char *)"plain ascii", 11), "UTF-8");
  assert_string_equal(gk_enc_sniff((const unsigned char *)"\xEF\xBB\xBFx", 4), "UTF-8");
  assert_string_equal(gk_enc_sniff((const unsigned char *)"\xFF\xFEx\0", 4), "UTF-16LE");
  assert_string_equal(gk_enc_sniff((const unsigned char *)"\xFE\xFF\0x", 4), "UTF-16BE");
  /* GBK 总计 (D7 DC BC C6) is not UTF-8. */
  assert_string_equal(gk_enc_sniff((const unsigned char *)"\xD7\xDC\xBC\xC6", 4), "GB18030");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(utf8_plain, setup, teardown),
      cmocka_unit_test_setup_teardown(utf8_bom_stripped, setup, teardown),
      cmocka_unit_test_setup_teardown(empty_input, setup, teardown),
      cmocka_unit_test_setup_teardown(utf16le_bom, setup, teardown),
      cmocka_unit_test_setup_teardown(utf16be_bom, setup, teardown),
      cmocka_unit_test_setup_teardown(utf16le_no_bom_ascii_heavy, setup, teardown),
      cmocka_unit_test_setup_teardown(utf16_truncated, setup, teardown),
      cmocka_unit_test_setup_teardown(gb18030_sniffed, setup, teardown),
      cmocka_unit_test_setup_teardown(gbk_declared, setup, teardown),
      cmocka_unit_test_setup_teardown(declared_gbk_but_utf8, setup, teardown),
      cmocka_unit_test_setup_teardown(invalid_utf8_replaced, setup, teardown),
      cmocka_unit_test_setup_teardown(utf8_with_one_bad_byte_sniffed, setup, teardown),
      cmocka_unit_test_setup_teardown(overlong_and_surrogate_replaced, setup, teardown),
      cmocka_unit_test_setup_teardown(nul_dropped, setup, teardown),
      cmocka_unit_test_setup_teardown(utf16_nul_dropped, setup, teardown),
      cmocka_unit_test_setup_teardown(random_bytes_valid_output, setup, teardown),
      cmocka_unit_test_setup_teardown(sniff_names, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
