/* test_number.c: unit tests of normalizer/number.c: blank markers, digit groups,
 * separators, remarks, numbers at the end of a label, and value kinds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../core/doc.h"
#include "../normalizer/number.h"
#include "../normalizer/textfix.h"

static int setup(void **state) {
  *state = gk_arena_new();
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  gk_arena_free(*state);
  return 0;
}

#define A ((gk_arena *)*state)

/* Classifies `raw` the way the mapper does: fold first (full-width → ASCII). */
static gk_numcell classify(gk_arena *a, const char *raw) {
  gk_numcell nc;
  char *f = gk_text_fold(a, raw);
  assert_non_null(f);
  assert_int_equal(gk_num_classify(a, f, &nc), GK_OK);
  return nc;
}

/* ---- blanks ---- */

static void blank_markers(void **state) {
  (void)state;
  const char *blanks[] = {"", "/", "—", "-", "无", "——", "--", "／", "\\", "–", " ", "— —", "\xc2\xa0",
                          "\xe3\x80\x80/\xe3\x80\x80", NULL};
  for (int i = 0; blanks[i]; i++) {
    if (!gk_num_is_blank(blanks[i])) fail_msg("\"%s\" should be blank", blanks[i]);
  }
  const char *not_blank[] = {"0", "无法提供", "-3", "1", "/1", "其他", "———————————————————————————————", NULL};
  for (int i = 0; not_blank[i]; i++) {
    if (gk_num_is_blank(not_blank[i])) fail_msg("\"%s\" should not be blank", not_blank[i]);
  }
}

static void classify_blank(void **state) {
  const char *blanks[] = {"", "/", "—", "-", "无", "／", "－", " \t ", NULL};
  for (int i = 0; blanks[i]; i++) {
    gk_numcell nc = classify(A, blanks[i]);
    if (nc.kind != GK_NC_BLANK) fail_msg("\"%s\" classified as %d, not blank", blanks[i], nc.kind);
    assert_int_equal(nc.ngroups, 0);
  }
}

/* ---- numbers ---- */

static void classify_plain_and_zero(void **state) {
  gk_numcell nc = classify(A, "0");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 1);
  assert_string_equal(nc.groups[0], "0");
  assert_null(nc.remark);

  nc = classify(A, "  87962 ");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 1);
  assert_string_equal(nc.groups[0], "87962");
}

static void classify_thousands(void **state) {
  gk_numcell nc = classify(A, "1,234");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 1);
  assert_string_equal(nc.groups[0], "1234");

  /* Full-width comma and digits, after folding. */
  nc = classify(A, "1，234");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 1);
  assert_string_equal(nc.groups[0], "1234");

  nc = classify(A, "１２，３４５，６７８");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 1);
  assert_string_equal(nc.groups[0], "12345678");
}

static void classify_bad_thousands_is_text(void **state) {
  /* A comma not followed by exactly three digits is no thousands separator. */
  gk_numcell nc = classify(A, "1,23");
  assert_int_not_equal(nc.kind, GK_NC_NUMBER);
  nc = classify(A, "1,2345");
  assert_int_not_equal(nc.kind, GK_NC_NUMBER);
}

static void classify_space_groups(void **state) {
  /* `6 564`: two groups; only the table's arithmetic can tell 6564 from 6 and 564. */
  gk_numcell nc = classify(A, "6 564");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 2);
  assert_string_equal(nc.groups[0], "6");
  assert_string_equal(nc.groups[1], "564");

  nc = classify(A, "3001 53 0 0 61 4 3119");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 7);
  assert_string_equal(nc.groups[0], "3001");
  assert_string_equal(nc.groups[6], "3119");
}

static void classify_decimal_signed_unit(void **state) {
  gk_numcell nc = classify(A, "6432.466");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 1);
  assert_string_equal(nc.groups[0], "6432.466");

  nc = classify(A, "-12");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_string_equal(nc.groups[0], "-12");

  nc = classify(A, "+5");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_string_equal(nc.groups[0], "5");

  /* A unit after the number belongs to it. */
  nc = classify(A, "12件");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 1);
  assert_string_equal(nc.groups[0], "12");
  nc = classify(A, "38.25 万元");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_string_equal(nc.groups[0], "38.25");
}

static void classify_remark(void **state) {
  gk_numcell nc = classify(A, "22（其中修订16件）");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 1);
  assert_string_equal(nc.groups[0], "22");
  assert_non_null(nc.remark);
  assert_non_null(strstr(nc.remark, "其中修订16件"));

  nc = classify(A, "5 (含2件转办)");
  assert_int_equal(nc.kind, GK_NC_NUMBER);
  assert_int_equal(nc.ngroups, 1);
  assert_string_equal(nc.groups[0], "5");
  assert_non_null(nc.remark);
}

static void classify_text(void **state) {
  /* Numbered labels are labels, not numbers. */
  const char *texts[] = {"1. 属于国家秘密", "2、重复申请", "行政许可", "2024年", "第二十条第（一）项",
                         "12 属于", "3.其他", NULL};
  for (int i = 0; texts[i]; i++) {
    gk_numcell nc = classify(A, texts[i]);
    if (nc.kind != GK_NC_TEXT) fail_msg("\"%s\" classified as %d, not text", texts[i], nc.kind);
    assert_int_equal(nc.ngroups, 0);
  }
}

static void classify_absurd_digits_is_text(void **state) {
  char big[200];
  memset(big, '9', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  gk_numcell nc = classify(A, big);
  assert_int_not_equal(nc.kind, GK_NC_NUMBER);
}

/* ---- gk_num_split_tail ---- */

static void split_tail_t3_row(void **state) {
  const char *s = "一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119";
  gk_numcell tail;
  long cut = gk_num_split_tail(A, s, &tail);
  assert_int_equal(cut, (long)strlen("一、本年新收政府信息公开申请数量"));
  assert_int_equal(tail.kind, GK_NC_NUMBER);
  assert_int_equal(tail.ngroups, 7);
  const char *want[] = {"3001", "53", "0", "0", "61", "4", "3119"};
  for (int i = 0; i < 7; i++) assert_string_equal(tail.groups[i], want[i]);
}

static void split_tail_blanks_and_separators(void **state) {
  gk_numcell tail;
  long cut = gk_num_split_tail(A, "行政事业性收费 / 1,234", &tail);
  assert_int_equal(cut, (long)strlen("行政事业性收费"));
  assert_int_equal(tail.ngroups, 2);
  assert_null(tail.groups[0]); /* the blank marker is kept as a blank */
  assert_string_equal(tail.groups[1], "1234");

  cut = gk_num_split_tail(A, "行政规范性文件  35\t2   336", &tail);
  assert_int_equal(cut, (long)strlen("行政规范性文件"));
  assert_int_equal(tail.ngroups, 3);
  assert_string_equal(tail.groups[2], "336");
}

static void split_tail_none(void **state) {
  gk_numcell tail;
  /* No numbers at the end. */
  assert_int_equal(gk_num_split_tail(A, "三、本年度办理结果", &tail), -1);
  assert_int_equal(gk_num_split_tail(A, "2024年工作报告", &tail), -1);
  /* Only numbers: nothing is a label. */
  assert_int_equal(gk_num_split_tail(A, "1 2 3", &tail), -1);
  assert_int_equal(gk_num_split_tail(A, "", &tail), -1);
}

static void split_tail_ocr_misread(void **state) {
  gk_numcell tail;
  /* An OCR token that is not a number keeps its cell's place inside a run of numbers. */
  long cut = gk_num_split_tail(A, "属于四类过程性信息 9 42 1s 11 115", &tail);
  assert_true(cut > 0);
  assert_int_equal(tail.ngroups, 5);
  assert_string_equal(tail.groups[2], "1s");
  /* At the run's end it is text: `100%` ends a sentence, it is no cell. */
  assert_int_equal(gk_num_split_tail(A, "办结率 100%", &tail), -1);
  assert_int_equal(gk_num_split_tail(A, "结果 3 4 5%", &tail), -1);
}

/* ---- gk_num_to_value ---- */

static void to_value_count(void **state) {
  gk_value v;
  assert_int_equal(gk_num_to_value(A, "74", GK_VK_COUNT, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_NUMBER);
  assert_true(v.is_int);
  assert_int_equal(v.i, 74);
  assert_string_equal(v.text, "74");

  /* A count with leading zeros is a misread (issue 9, family 6): invalid, its text kept. */
  assert_int_equal(gk_num_to_value(A, "007", GK_VK_COUNT, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_INVALID);
  assert_string_equal(v.text, "007");
  assert_int_equal(gk_num_to_value(A, "0000000", GK_VK_COUNT, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_INVALID);
  assert_int_equal(gk_num_to_value(A, "0", GK_VK_COUNT, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_NUMBER);
  assert_string_equal(v.text, "0");

  assert_int_equal(gk_num_to_value(A, "0", GK_VK_COUNT, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_NUMBER);
  assert_int_equal(v.i, 0);
}

static void to_value_count_invalid(void **state) {
  gk_value v;
  /* An OCR token (`1s`, `1o4`) is never coerced to the number it starts with. */
  assert_int_equal(gk_num_to_value(A, "1s", GK_VK_COUNT, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_INVALID);
  assert_string_equal(v.text, "1s");
  assert_int_equal(gk_num_to_value(A, "1o4", GK_VK_DECIMAL, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_INVALID);
  /* A negative count is invalid, its text kept for the message. */
  assert_int_equal(gk_num_to_value(A, "-3", GK_VK_COUNT, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_INVALID);
  assert_string_equal(v.text, "-3");
  /* So is a fraction. */
  assert_int_equal(gk_num_to_value(A, "1.5", GK_VK_COUNT, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_INVALID);
  assert_string_equal(v.text, "1.5");
  /* And a number too long to be a count. */
  assert_int_equal(gk_num_to_value(A, "12345678901234567", GK_VK_COUNT, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_INVALID);
}

static void to_value_signed(void **state) {
  gk_value v;
  assert_int_equal(gk_num_to_value(A, "-3", GK_VK_SIGNED, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_NUMBER);
  assert_true(v.is_int);
  assert_int_equal(v.i, -3);
  assert_string_equal(v.text, "-3");
  assert_int_equal(gk_num_to_value(A, "12", GK_VK_SIGNED, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_NUMBER);
  assert_int_equal(v.i, 12);
  /* A fraction is no integer. */
  assert_int_equal(gk_num_to_value(A, "-1.5", GK_VK_SIGNED, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_INVALID);
}

static void to_value_decimal(void **state) {
  gk_value v;
  assert_int_equal(gk_num_to_value(A, "6432.466", GK_VK_DECIMAL, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_NUMBER);
  assert_false(v.is_int);
  assert_true(v.d > 6432.4659 && v.d < 6432.4661);
  assert_string_equal(v.text, "6432.466");
  /* A whole amount is a decimal too. */
  assert_int_equal(gk_num_to_value(A, "38", GK_VK_DECIMAL, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_NUMBER);
  assert_true(v.d == 38.0);
  /* Amounts are non-negative. */
  assert_int_equal(gk_num_to_value(A, "-1.5", GK_VK_DECIMAL, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_INVALID);
}

static void to_value_text(void **state) {
  gk_value v;
  assert_int_equal(gk_num_to_value(A, "12", GK_VK_TEXT, &v), GK_OK);
  assert_int_equal(v.state, GK_VAL_TEXT);
  assert_string_equal(v.text, "12");
}

/* A list numeral cut from its label (Ghostscript's re-distil boxes the 2 of
 * 2、其他法律 onto the line below, beside the group label's 结) stands left of every
 * value cell of its row: no value. Rows that hold a value, or a label's own
 * numbering, are never taken for one. */
static void cut_numeral(void **state) {
  (void)state;
  const char *cut[] = {"结", "2", "", "", "", "", "", "", ""};
  assert_int_equal(gk_num_cut_numeral(cut, 9, 7), 1);
  assert_int_equal(gk_num_cut_numeral(cut, 9, 8), -1); /* fewer empty cells than values above */
  const char *two[] = {"办", " 12 ", "", "", "", ""};
  assert_int_equal(gk_num_cut_numeral(two, 6, 0), 1);
  /* A digit wrapped below a value (no text beside it) is that value's rest. */
  const char *wrapped[] = {"", "", "4", "", "", "", "", "", ""};
  assert_int_equal(gk_num_cut_numeral(wrapped, 9, 0), -1);
  /* A t2 row with one value and blanks; a row whose only value is 0. */
  const char *t2[] = {"规章", "5", "", ""};
  assert_int_equal(gk_num_cut_numeral(t2, 4, 0), -1);
  const char *zero[] = {"结", "0", "", "", "", "", "", ""};
  assert_int_equal(gk_num_cut_numeral(zero, 8, 0), -1);
  /* Three digits are a count, not a list numeral; a second number is a value. */
  const char *big[] = {"结", "120", "", "", "", "", "", ""};
  assert_int_equal(gk_num_cut_numeral(big, 8, 0), -1);
  const char *more[] = {"结", "2", "3", "", "", "", "", ""};
  assert_int_equal(gk_num_cut_numeral(more, 8, 0), -1);
  const char *after[] = {"结", "2", "", "", "", "", "其他", ""};
  assert_int_equal(gk_num_cut_numeral(after, 8, 0), -1);
  /* Labels with their numbering stay labels: a sub-row mark 1、, spaced numerals. */
  const char *mark[] = {"结", "1、", "", "", "", "", "", ""};
  assert_int_equal(gk_num_cut_numeral(mark, 8, 0), -1);
  const char *spaced[] = {"结", "1 . 2", "", "", "", "", "", ""};
  assert_int_equal(gk_num_cut_numeral(spaced, 8, 0), -1);
  const char *label[] = {"开", "2、其他法律", "", "120", "0", "2", "5", "0", "34", "161"};
  assert_int_equal(gk_num_cut_numeral(label, 10, 0), -1);
}

/* A PDF whose label and value cells touch: the digits after the last CJK
 * character are the value; digits after ASCII text or a year are not split off. */
static void split_tail_glued_to_label(void **state) {
  gk_numcell t;
  assert_int_equal(gk_num_split_tail(A, "行政规范性文件9", &t), (long)strlen("行政规范性文件"));
  assert_int_equal(t.ngroups, 1);
  assert_string_equal(t.groups[0], "9");
  assert_int_equal(gk_num_split_tail(A, "行政事业性收费8.2", &t), (long)strlen("行政事业性收费"));
  assert_string_equal(t.groups[0], "8.2");
  assert_int_equal(gk_num_split_tail(A, "2024年", &t), -1);
  assert_int_equal(gk_num_split_tail(A, "abc12", &t), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(split_tail_glued_to_label, setup, teardown),
      cmocka_unit_test(cut_numeral),
      cmocka_unit_test_setup_teardown(blank_markers, setup, teardown),
      cmocka_unit_test_setup_teardown(classify_blank, setup, teardown),
      cmocka_unit_test_setup_teardown(classify_plain_and_zero, setup, teardown),
      cmocka_unit_test_setup_teardown(classify_thousands, setup, teardown),
      cmocka_unit_test_setup_teardown(classify_bad_thousands_is_text, setup, teardown),
      cmocka_unit_test_setup_teardown(classify_space_groups, setup, teardown),
      cmocka_unit_test_setup_teardown(classify_decimal_signed_unit, setup, teardown),
      cmocka_unit_test_setup_teardown(classify_remark, setup, teardown),
      cmocka_unit_test_setup_teardown(classify_text, setup, teardown),
      cmocka_unit_test_setup_teardown(classify_absurd_digits_is_text, setup, teardown),
      cmocka_unit_test_setup_teardown(split_tail_t3_row, setup, teardown),
      cmocka_unit_test_setup_teardown(split_tail_blanks_and_separators, setup, teardown),
      cmocka_unit_test_setup_teardown(split_tail_none, setup, teardown),
      cmocka_unit_test_setup_teardown(split_tail_ocr_misread, setup, teardown),
      cmocka_unit_test_setup_teardown(to_value_count, setup, teardown),
      cmocka_unit_test_setup_teardown(to_value_count_invalid, setup, teardown),
      cmocka_unit_test_setup_teardown(to_value_signed, setup, teardown),
      cmocka_unit_test_setup_teardown(to_value_decimal, setup, teardown),
      cmocka_unit_test_setup_teardown(to_value_text, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
