/* test_lex.c: unit tests of the leaf lexicon (core/lex.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../core/lex.h"

static void cn(int v, gk_cn_style st, const char *want) {
  char buf[64];
  size_t n = gk_lex_cn_format(v, st, buf, sizeof buf);
  if (strcmp(buf, want) != 0) fail_msg("%d formats as \"%s\", want \"%s\"", v, buf, want);
  assert_int_equal(n, strlen(want));
}

static void test_cn_format(void **state) {
  (void)state;
  cn(0, GK_CN_PLAIN, "〇");
  cn(1, GK_CN_PLAIN, "一");
  cn(10, GK_CN_PLAIN, "十");
  cn(11, GK_CN_PLAIN, "十一");
  cn(20, GK_CN_PLAIN, "二十");
  cn(105, GK_CN_PLAIN, "一百零五");
  cn(110, GK_CN_PLAIN, "一百一十");
  cn(1001, GK_CN_PLAIN, "一千零一");
  cn(11, GK_CN_LEGAL, "壹拾壹");
  cn(3, GK_CN_LEGAL_TRAD, "參");
  cn(12345, GK_CN_PLAIN, "12345");
  cn(-4, GK_CN_PLAIN, "〇");
  /* A short buffer is cut, never overrun, and stays terminated. */
  char small[4];
  gk_lex_cn_format(105, GK_CN_PLAIN, small, sizeof small);
  assert_true(strlen(small) < sizeof small);
}

static void test_part_numeral(void **state) {
  (void)state;
  size_t after = 0;
  assert_int_equal(gk_lex_part_numeral("三、收到和处理", &after), 3);
  assert_int_equal(after, strlen("三、"));
  assert_int_equal(gk_lex_part_numeral("4. 政府信息", &after), 4);
  assert_int_equal(after, 3);
  assert_int_equal(gk_lex_part_numeral("六 其他", &after), 6);
  assert_int_equal(gk_lex_part_numeral("（一）予以公开", &after), 0);
  assert_int_equal(gk_lex_part_numeral("二十条", &after), 0);
  assert_int_equal(gk_lex_part_numeral("12、", &after), 0);
  assert_int_equal(gk_lex_part_numeral("三本年度", &after), 0);
  assert_int_equal(gk_lex_part_numeral("", &after), 0);
}

static void test_digits(void **state) {
  (void)state;
  assert_int_equal(gk_lex_digit('7'), 7);
  assert_int_equal(gk_lex_digit(0xFF19), 9);
  assert_int_equal(gk_lex_digit('a'), -1);
  assert_int_equal(gk_lex_cn_digit(0x96F6), 0);
  assert_int_equal(gk_lex_cn_digit(0x5341), 10);
  assert_int_equal(gk_lex_cn_digit('1'), -1);
}

/* Kangxi radicals (a font's ToUnicode map) fold to the ideographs, numerals too. */
static void test_radicals(void **state) {
  (void)state;
  assert_int_equal(gk_lex_fold_radical(0x2F06), 0x4E8C); /* ⼆ 二 */
  assert_int_equal(gk_lex_fold_radical(0x2F17), 0x5341); /* ⼗ 十 */
  assert_int_equal(gk_lex_fold_radical(0x2F00), 0x4E00); /* ⼀ 一 */
  assert_int_equal(gk_lex_fold_radical(0x2FD5), 0x9FA0); /* ⿕ 龠 */
  assert_int_equal(gk_lex_fold_radical(0x2EF3), 0x9F9F); /* ⻳ 龟 */
  assert_int_equal(gk_lex_fold_radical(0x4E8C), 0x4E8C);
  assert_int_equal(gk_lex_fold_radical('a'), 'a');
  assert_int_equal(gk_lex_cn_digit(0x2F06), 2);
  size_t after = 0;
  assert_int_equal(gk_lex_part_numeral("⼆、主动公开", &after), 2);
  assert_int_equal(gk_lex_part_numeral("⼆⼗条", &after), 0);
}

static void test_blank(void **state) {
  (void)state;
  static const char *blank[] = {"", " ", "/", "／", "\\", "-", "--", "—", "——", "– ", "─", "―",
                                "－", "−", "无", "-/-", "x", "×", "&nbsp;", "&#160;", "— —",
                                "------------------------------------------", NULL};
  static const char *not_blank[] = {"0", "-3", "无效", "/3", "x1", "12", "--a", NULL};
  for (int i = 0; blank[i]; i++)
    if (!gk_lex_is_blank(blank[i], strlen(blank[i]))) fail_msg("\"%s\" should be blank", blank[i]);
  for (int i = 0; not_blank[i]; i++)
    if (gk_lex_is_blank(not_blank[i], strlen(not_blank[i])))
      fail_msg("\"%s\" should not be blank", not_blank[i]);
}

static void test_page_marker(void **state) {
  (void)state;
  static const char *yes[] = {"- 4 -", "— 12 —", "第 4 页", "第4页 共10页", "共10页 第4页",
                              "4/10", "Page 3", "－ ４ －", NULL};
  static const char *no[] = {"12", "-3", "-", "", "2024年", "第二十条第（一）项", "第3条",
                             "行政许可 12", "6432.466", "- 123456789 -", NULL};
  for (int i = 0; yes[i]; i++)
    if (!gk_lex_is_page_marker(yes[i])) fail_msg("\"%s\" should be a page marker", yes[i]);
  for (int i = 0; no[i]; i++)
    if (gk_lex_is_page_marker(no[i])) fail_msg("\"%s\" should not be a page marker", no[i]);
}

static void test_parts(void **state) {
  (void)state;
  assert_string_equal(gk_lex_part_title(2), "主动公开政府信息情况");
  assert_null(gk_lex_part_title(0));
  assert_null(gk_lex_part_title(GK_LEX_NPARTS + 1));
  for (int p = 1; p <= GK_LEX_NPARTS; p++) {
    /* The national wording comes first among the variants and holds the part's word. */
    const char *t = gk_lex_part_title(p), *v = gk_lex_part_variants(p);
    assert_int_equal(strncmp(v, t, strlen(t)), 0);
    assert_non_null(strstr(t, gk_lex_part_word(p)));
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cn_format), cmocka_unit_test(test_part_numeral),
      cmocka_unit_test(test_digits),    cmocka_unit_test(test_blank),
      cmocka_unit_test(test_radicals),
      cmocka_unit_test(test_page_marker), cmocka_unit_test(test_parts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
