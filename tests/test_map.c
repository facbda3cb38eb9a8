/* test_map.c: unit tests of normalizer/map.c through the pipeline: label variants,
 * brackets, numbering, spaced-out labels, values on the next line, cell forms, and
 * template detection (xxgk-2019 vs xxgk-2021) or forcing. Inputs are edits of the
 * real report testdata/text/000-seed-zhenping.txt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../cli/gktab.h"
#include "../core/doc.h"
#include "../normalizer/map_score.h"
#include "../normalizer/map_store.h"
#include "../normalizer/narrative_parts.h"
#include "../normalizer/textfix.h"
#include "seed.h"


/* ---- helpers ---- */

static gk_doc *run_schema(const char *text, const char *schema) {
  return run_pipeline(text, schema, NULL);
}

static gk_doc *run(const char *text) { return run_schema(text, NULL); }

static int count_diag(const gk_doc *doc, const char *code) {
  int n = 0;
  for (size_t i = 0; i < doc->ndiags; i++) n += strcmp(doc->diags[i].code, code) == 0;
  return n;
}

/* No error-severity check: every row found, every rule holds. */
static void expect_clean(const gk_doc *doc) {
  for (size_t i = 0; i < doc->nchecks; i++)
    if (doc->checks[i].severity == GK_SEV_ERROR) {
      dump(doc);
      fail_msg("unexpected %s: %s", doc->checks[i].id, doc->checks[i].message);
    }
}


static void expect_int(gk_doc *doc, const char *t, const char *r, const char *c, long long want) {
  const gk_value *v = value(doc, t, r, c);
  if (v->state != GK_VAL_NUMBER || !v->is_int || v->i != want) {
    dump(doc);
    fail_msg("%s.%s.%s: state %d value %lld, expected %lld", t, r, c, v->state, v->i, want);
  }
}

/* The seed's t3 values of one row as a check of the whole row. */
static void expect_row7(gk_doc *doc, const char *row, const long long *want) {
  static const char *cols[] = {"natural", "commercial", "research", "social", "legal", "other", "total"};
  for (int c = 0; c < 7; c++) expect_int(doc, "t3", row, cols[c], want[c]);
}

/* ---- the seed ---- */

static void seed_detected_2021(void **state) {
  (void)state;
  gk_doc *doc = run(seed);
  assert_string_equal(doc->schema->id, "xxgk-2021");
  expect_clean(doc);
  expect_int(doc, "t2", "normative", "issued", 35);
  expect_int(doc, "t2", "normative", "in_force", 336);
  expect_int(doc, "t2", "licensing", "decisions", 87962);
  const gk_value *v = value(doc, "t2", "fees", "amount");
  assert_int_equal(v->state, GK_VAL_NUMBER);
  assert_string_equal(v->text, "6432.466");
  expect_row7(doc, "granted", (const long long[]){45, 0, 0, 0, 0, 0, 45});
  gk_doc_free(doc);
}

/* ---- label variants ---- */

static void label_normative_short(void **state) {
  (void)state;
  /* 规范性文件 for 行政规范性文件, common in 2021-era reports. */
  char *t = edits("行政规范性文件\t35\t2\t336", "规范性文件\t35\t2\t336", NULL);
  gk_doc *doc = run(t);
  assert_string_equal(doc->schema->id, "xxgk-2021");
  expect_clean(doc);
  expect_int(doc, "t2", "normative", "issued", 35);
  expect_int(doc, "t2", "normative", "repealed", 2);
  expect_int(doc, "t2", "normative", "in_force", 336);
  expect_int(doc, "t2", "rules", "in_force", 0);
  gk_doc_free(doc);
  free(t);
}

static void label_fullwidth_brackets(void **state) {
  (void)state;
  char *t = edits("(一) 予以公开", "（一）予以公开", "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)",
                  "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(三) 不予公开", "（三）不予公开",
                  "(七) 总计", "（七）总计", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  assert_int_equal(doc->nchecks, 0);
  expect_row7(doc, "granted", (const long long[]){45, 0, 0, 0, 0, 0, 45});
  expect_row7(doc, "partial", (const long long[]){2, 0, 0, 0, 0, 0, 2});
  expect_int(doc, "t3", "deny_secret", "total", 0);
  expect_int(doc, "t3", "results_total", "total", 74);
  gk_doc_free(doc);
  free(t);
}

static void label_without_numbering(void **state) {
  (void)state;
  char *t = edits("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量", "1. 属于国家秘密", "属于国家秘密",
                  "4. 保护第三方合法权益", "保护第三方合法权益", "7. 属于行政执法案卷", "属于行政执法案卷",
                  "四、结转下年度继续办理", "结转下年度继续办理", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  assert_int_equal(doc->nchecks, 0);
  expect_int(doc, "t3", "new", "natural", 74);
  expect_int(doc, "t3", "deny_third_party", "natural", 2);
  expect_int(doc, "t3", "deny_enforcement", "total", 12);
  expect_int(doc, "t3", "carried_out", "total", 0);
  gk_doc_free(doc);
  free(t);
}

static void label_spaced_out(void **state) {
  (void)state;
  char *t = edits("行政许可\t87962", "行 政 许 可\t87962", "行政处罚\t8772", "行　政　处　罚\t8772",
                  "7. 属于行政执法案卷", "7. 属 于 行 政 执 法 案 卷", "一、本年新收政府信息公开申请数量",
                  "一、本 年 新 收 政 府 信 息 公 开 申 请 数 量", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  expect_int(doc, "t2", "licensing", "decisions", 87962);
  expect_int(doc, "t2", "penalty", "decisions", 8772);
  expect_int(doc, "t3", "deny_enforcement", "natural", 12);
  expect_int(doc, "t3", "new", "total", 74);
  gk_doc_free(doc);
  free(t);
}

/* A row short of a value: the blank goes where the row adds up; where no place does,
 * the text does not say which cell is missing and the row is left undecided. */
static void padded_row_adds_up_or_undecided(void **state) {
  (void)state;
  char *t = edits("予以公开\t45\t0\t0\t0\t0\t0\t45\t", "予以公开 45 0 0 0 0 45", NULL);
  gk_doc *doc = run(t);
  expect_int(doc, "t3", "granted", "natural", 45);
  expect_int(doc, "t3", "granted", "total", 45);
  gk_doc_free(doc);
  free(t);
  t = edits("予以公开\t45\t0\t0\t0\t0\t0\t45\t", "予以公开 45 0 0 0 0 46", NULL);
  doc = run(t);
  assert_int_equal(value(doc, "t3", "granted", "natural")->state, GK_VAL_AMBIGUOUS);
  assert_int_equal(value(doc, "t3", "granted", "total")->state, GK_VAL_AMBIGUOUS);
  gk_doc_free(doc);
  free(t);
}

static void label_typo(void **state) {
  (void)state;
  /* A typo seen in real reports: 其他法律行政止公开. */
  char *t = edits("2. 其他法律行政法规禁止公开\t0", "2. 其他法律行政止公开\t3", "予以公开\t45\t0\t0\t0\t0\t0\t45",
                  "予以公开\t42\t0\t0\t0\t0\t0\t42", NULL);
  gk_doc *doc = run(t);
  expect_int(doc, "t3", "deny_law", "natural", 3);
  expect_int(doc, "t3", "granted", "natural", 42);
  gk_doc_free(doc);
  free(t);
}

/* ---- where the values are ---- */

static void values_on_next_line(void **state) {
  (void)state;
  char *t = edits("行政许可\t87962\t\t", "行政许可\n\t87962\t\t", "一、本年新收政府信息公开申请数量\t\t74",
                  "一、本年新收政府信息公开申请数量\n\t\t74", "行政规范性文件\t35", "行政规范性\n文件\t35", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  expect_int(doc, "t2", "licensing", "decisions", 87962);
  expect_int(doc, "t2", "normative", "issued", 35);
  expect_int(doc, "t2", "normative", "in_force", 336);
  expect_row7(doc, "new", (const long long[]){74, 0, 0, 0, 0, 0, 74});
  /* The next row is still its own row. */
  expect_row7(doc, "carried_in", (const long long[]){0, 0, 0, 0, 0, 0, 0});
  gk_doc_free(doc);
  free(t);
}

static void values_after_label_with_spaces(void **state) {
  (void)state;
  /* PDF copy-paste: label and values on one line, separated by spaces only. */
  char *t = edits("一、本年新收政府信息公开申请数量\t\t74\t0\t0\t0\t0\t0\t74\t",
                  "一、本年新收政府信息公开申请数量 74 0 0 0 0 0 74", "行政处罚\t8772\t\t", "行政处罚 8772", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  expect_row7(doc, "new", (const long long[]){74, 0, 0, 0, 0, 0, 74});
  expect_int(doc, "t2", "penalty", "decisions", 8772);
  gk_doc_free(doc);
  free(t);
}

static void value_forms(void **state) {
  (void)state;
  /* Thousands separators, full-width digits, a split group, a remark. */
  char *t = edits("行政许可\t87962", "行政许可\t87,962", "行政处罚\t8772", "行政处罚\t８７７２", "行政强制\t3369",
                  "行政强制\t3 369", "行政规范性文件\t35", "行政规范性文件\t35（其中修订16件）", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  expect_int(doc, "t2", "licensing", "decisions", 87962);
  expect_int(doc, "t2", "penalty", "decisions", 8772);
  expect_int(doc, "t2", "coercion", "decisions", 3369);
  expect_int(doc, "t2", "normative", "issued", 35);
  expect_int(doc, "t2", "normative", "repealed", 2);
  assert_true(count_diag(doc, "remark") >= 1);
  gk_doc_free(doc);
  free(t);
}

static void page_footer_ignored(void **state) {
  (void)state;
  /* A page footer between table rows is not a row and not a value. */
  char *t = edits("\t\t5. 属于三类内部事务信息", "- 4 -\n\t\t5. 属于三类内部事务信息", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  assert_int_equal(doc->nchecks, 0);
  expect_int(doc, "t3", "deny_internal", "natural", 1);
  expect_int(doc, "t3", "deny_third_party", "total", 2);
  gk_doc_free(doc);
  free(t);
}

static void ambiguous_digits_resolved_by_rule(void **state) {
  (void)state;
  /* `7 4 0 0 0 0 0 74`: eight groups for seven columns; only 74 (not 7|40 …) adds up. */
  char *t = edits("一、本年新收政府信息公开申请数量\t\t74\t0\t0\t0\t0\t0\t74\t",
                  "一、本年新收政府信息公开申请数量 7 4 0 0 0 0 0 74", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  expect_row7(doc, "new", (const long long[]){74, 0, 0, 0, 0, 0, 74});
  /* The choice is reported as a note on the values. */
  int noted = 0;
  for (size_t i = 0; i < doc->ndiags; i++)
    if (strcmp(doc->diags[i].code, "values") == 0 && strstr(doc->diags[i].msg, "t3.new")) noted = 1;
  assert_true(noted);
  gk_doc_free(doc);
  free(t);
}

static void results_total_as_heji(void **state) {
  (void)state;
  char *t = edits("(七) 总计", "(七) 合计", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  expect_row7(doc, "results_total", (const long long[]){74, 0, 0, 0, 0, 0, 74});
  gk_doc_free(doc);
  free(t);
}

static void t4_labelled_rows(void **state) {
  (void)state;
  /* Some layouts print t4 as three labelled rows of five. */
  char *t = edits("14\t2\t5\t10\t31\t1\t4\t2\t0\t7\t1\t0\t3\t0\t4\n",
                  "行政复议\t14\t2\t5\t10\t31\n未经复议直接起诉\t1\t4\t2\t0\t7\n复议后起诉\t1\t0\t3\t0\t4\n", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  expect_int(doc, "t4", "review", "upheld", 14);
  expect_int(doc, "t4", "review", "total", 31);
  expect_int(doc, "t4", "suit_direct", "corrected", 4);
  expect_int(doc, "t4", "suit_direct", "total", 7);
  expect_int(doc, "t4", "suit_after_review", "other", 3);
  expect_int(doc, "t4", "suit_after_review", "total", 4);
  gk_doc_free(doc);
  free(t);
}

static void t4_split_over_lines(void **state) {
  (void)state;
  /* The 15 numbers wrapped onto two lines, space-separated. */
  char *t = edits("14\t2\t5\t10\t31\t1\t4\t2\t0\t7\t1\t0\t3\t0\t4\n", "14 2 5 10 31 1 4 2 0 7\n1 0 3 0 4\n",
                  NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  expect_int(doc, "t4", "review", "pending", 10);
  expect_int(doc, "t4", "suit_direct", "total", 7);
  expect_int(doc, "t4", "suit_after_review", "upheld", 1);
  expect_int(doc, "t4", "suit_after_review", "total", 4);
  gk_doc_free(doc);
  free(t);
}

/* BUG (normalizer/resolve.c): a cell with a group that cannot be glued to the one
 * before it (`87962 -3`, `1.5 3`) makes gk_resolve_values return -1, which the
 * mapper takes for GK_ENOMEM: gk_normalize fails and gktab prints "out of memory".
 * Input: the seed with `行政许可<TAB>87962` changed to `行政许可<TAB>87962 -3`.
 * Expected: normalization succeeds and the cell gets a value (a warning at most). */
static void unjoinable_groups_not_enomem(void **state) {
  (void)state;
  char *t = edits("行政许可\t87962", "行政许可\t87962 -3", NULL);
  gk_doc *doc = gk_doc_new("test.txt");
  assert_non_null(doc);
  assert_int_equal(gk_convert(doc, (const unsigned char *)t, strlen(t)), GK_OK);
  int rc = gk_normalize(doc, NULL);
  gk_doc_free(doc);
  free(t);
  assert_int_equal(rc, GK_OK);
}

/* ---- templates ---- */

#define T2_2019                                                         \
  "第二十条第（一）项\n"                                                \
  "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"         \
  "规章\t0\t0\t0\n"                                                     \
  "规范性文件\t5\t5\t120\n"                                             \
  "第二十条第（五）项\n"                                                \
  "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"                \
  "行政许可\t30\t-2\t500\n"                                             \
  "其他对外管理服务事项\t10\t1\t40\n"                                   \
  "第二十条第（六）项\n"                                                \
  "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"                \
  "行政处罚\t20\t0\t300\n"                                              \
  "行政强制\t5\t0\t12\n"                                                \
  "第二十条第（八）项\n"                                                \
  "信息内容\t上一年项目数量\t本年增/减\n"                              \
  "行政事业性收费\t3\t0\n"                                              \
  "第二十条第（九）项\n"                                                \
  "信息内容\t采购项目数量\t采购总金额（万元）\n"                       \
  "政府集中采购\t4\t123.5\n"

/* The seed turned into a 2020 report on the 2019 template. */
static char *report_2019(void) {
  char *a = replace_range(seed, "第二十条第（一）项", "\n三、收到和处理政府信息公开申请情况", T2_2019);
  char *b = replace_range(a, "\t(六) 其他处理", "(七) 总计", "\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0\n");
  free(a);
  return b;
}

/* ---- rows whose text is spread over lines ---- */

/* A top-aligned cell: the numbers on the label's first line, the rest of the
 * label on the lines below (as a PDF with wrapped labels gives). */
static void label_wrapped_below_values(void **state) {
  (void)state;
  char *t = edits("7. 属于行政执法案卷\t12", "7. 属于行政\t12", "\t0\t12\n", "\t0\t12\n执法案卷\n", NULL);
  gk_doc *doc = run(t);
  expect_clean(doc);
  expect_row7(doc, "deny_enforcement", (const long long[]){12, 0, 0, 0, 0, 0, 12});
  gk_doc_free(doc);
  free(t);
}

/* A row printed with its label but no cells at all is a row of blanks: null
 * values and value.blank warnings, not a missing row. */
static void label_without_values_is_blank_row(void **state) {
  (void)state;
  char *t = replace_range(seed, "\t\t8. 属于行政查询事项", "\n\t(四)", "\t\t8. 属于行政查询事项");
  gk_doc *doc = run(t);
  assert_int_equal(count(doc, "table.missing"), 0);
  assert_int_equal(count(doc, "value.blank"), 7);
  const gk_value *v = value(doc, "t3", "deny_query", "natural");
  assert_int_equal(v->state, GK_VAL_BLANK);
  gk_doc_free(doc);
  free(t);
}

/* Numbers wrapped inside a narrow cell (74 as 7 / 4 in one column, the total column
 * wide enough): the row does not add up on its own; joined with the line below
 * it does, and that reading is taken. */
static void numbers_broken_over_two_lines(void **state) {
  (void)state;
  char *t = edit(seed, "一、本年新收政府信息公开申请数量\t\t74\t0\t0\t0\t0\t0\t74\t",
                 "一、本年新收政府信息公开申请数量\t\t7\t0\t0\t0\t0\t0\t74\t\n\t\t4\t\t\t\t\t\t\t");
  gk_doc *doc = run(t);
  expect_clean(doc);
  expect_row7(doc, "new", (const long long[]){74, 0, 0, 0, 0, 0, 74});
  expect_row7(doc, "carried_in", (const long long[]){0, 0, 0, 0, 0, 0, 0});
  gk_doc_free(doc);
  free(t);
}

/* A row that does not add up and is followed by a real row stays as printed:
 * the join is only for a continuation line (no label of its own). */
static void wrong_row_not_joined_with_next_row(void **state) {
  (void)state;
  char *t = edit(seed, "一、本年新收政府信息公开申请数量\t\t74\t0\t0\t0\t0\t0\t74\t",
                 "一、本年新收政府信息公开申请数量\t\t7\t0\t0\t0\t0\t0\t74\t");
  gk_doc *doc = run(t);
  expect_int(doc, "t3", "new", "natural", 7);
  assert_true(count(doc, "t3.row_total") >= 1);
  expect_row7(doc, "carried_in", (const long long[]){0, 0, 0, 0, 0, 0, 0});
  gk_doc_free(doc);
  free(t);
}

static void detect_2019(void **state) {
  (void)state;
  char *t = report_2019();
  gk_doc *doc = run(t);
  assert_string_equal(doc->schema->id, "xxgk-2019");
  expect_clean(doc);
  expect_int(doc, "t2", "normative", "made", 5);
  expect_int(doc, "t2", "normative", "in_force", 120);
  expect_int(doc, "t2", "licensing", "prev_items", 30);
  expect_int(doc, "t2", "licensing", "change", -2); /* signed: no value.type */
  expect_int(doc, "t2", "other_services", "decisions", 40);
  expect_int(doc, "t2", "coercion", "decisions", 12);
  expect_int(doc, "t2", "fees", "prev_items", 3);
  expect_int(doc, "t2", "procurement", "items", 4);
  const gk_value *amt = value(doc, "t2", "procurement", "amount");
  assert_int_equal(amt->state, GK_VAL_NUMBER);
  assert_true(amt->d == 123.5);
  const gk_value *unit = value(doc, "t2", "procurement", "unit");
  assert_int_equal(unit->state, GK_VAL_TEXT);
  assert_string_equal(unit->text, "万元");
  /* （六）其他处理 is one row by design in 2019: no layout.variant. */
  expect_int(doc, "t3", "other", "total", 0);
  assert_int_equal(count(doc, "layout.variant"), 0);
  assert_int_equal(count(doc, "value.type"), 0);
  /* t3 and t4 are the same in both generations. */
  expect_row7(doc, "granted", (const long long[]){45, 0, 0, 0, 0, 0, 45});
  expect_int(doc, "t4", "review", "total", 31);
  gk_doc_free(doc);
  free(t);
}

static void detect_2019_negative_change_invalid_in_count(void **state) {
  (void)state;
  /* `change` may be negative, `prev_items` may not. */
  char *a = report_2019();
  char *t = edit(a, "行政许可\t30\t-2\t500", "行政许可\t-30\t-2\t500");
  gk_doc *doc = run(t);
  assert_string_equal(doc->schema->id, "xxgk-2019");
  assert_int_equal(value(doc, "t2", "licensing", "prev_items")->state, GK_VAL_INVALID);
  expect_int(doc, "t2", "licensing", "change", -2);
  assert_int_equal(count(doc, "value.type"), 1);
  gk_doc_free(doc);
  free(t);
  free(a);
}

static void force_2019_on_2021_report(void **state) {
  (void)state;
  gk_doc *doc = run_schema(seed, "xxgk-2019");
  assert_string_equal(doc->schema->id, "xxgk-2019");
  /* 行政规范性文件 is a label variant of the 2019 row too. */
  expect_int(doc, "t2", "normative", "made", 35);
  /* t3 reads the same. */
  expect_int(doc, "t3", "new", "total", 74);
  expect_int(doc, "t4", "suit_direct", "total", 7);
  gk_doc_free(doc);
}

static void force_2021_on_2019_report(void **state) {
  (void)state;
  char *t = report_2019();
  gk_doc *doc = run_schema(t, "xxgk-2021");
  assert_string_equal(doc->schema->id, "xxgk-2021");
  expect_int(doc, "t2", "normative", "issued", 5);
  /* （六） as one row in a 2021 document: the known variant. */
  assert_true(doc->variant_other);
  assert_int_equal(count(doc, "layout.variant"), 1);
  gk_doc_free(doc);
  free(t);
}

static void force_unknown_schema(void **state) {
  (void)state;
  gk_doc *doc = gk_doc_new("test.txt");
  assert_int_equal(gk_convert(doc, (const unsigned char *)seed, strlen(seed)), GK_OK);
  assert_int_equal(gk_normalize(doc, "xxgk-1999"), GK_EFORMAT);
  assert_true(gk_diag_has_error(doc));
  assert_int_equal(count_diag(doc, "schema"), 1);
  gk_doc_free(doc);
}

/* ---- thresholds: the behaviour flips where the named threshold says ---- */

/* Dice similarity of two labels' keys, to check that an edit lands where meant. */
static double label_sim(const char *x, const char *y) {
  gk_arena *a = gk_arena_new();
  uint32_t kx[GK_KEY_MAX], ky[GK_KEY_MAX];
  size_t nx = gk_text_cps(gk_text_key(a, x), kx, GK_KEY_MAX);
  size_t ny = gk_text_cps(gk_text_key(a, y), ky, GK_KEY_MAX);
  gk_arena_free(a);
  return gk_text_sim(kx, nx, ky, ny);
}

/* 行政许可 garbled so that its key scores exactly GK_MAP_SIM_MATCH (LCS 3 of 4 + 6)
 * is still matched; one more stray character (3 of 4 + 7, under the threshold even
 * with the template-order bonus) leaves the row unmatched, with a warning. */
static void match_threshold_flip(void **state) {
  (void)state;
  assert_true(label_sim("行政许甲乙丙", "行政许可") >= GK_MAP_SIM_MATCH);
  assert_true(label_sim("行政许甲乙丙丁", "行政许可") + GK_MAP_ORDER_BONUS < GK_MAP_SIM_MATCH);
  char *t = edit(seed, "行政许可\t87962", "行政许甲乙丙\t87962");
  gk_doc *doc = run(t);
  expect_int(doc, "t2", "licensing", "decisions", 87962);
  assert_int_equal(count_diag(doc, "unmatched-row"), 0);
  gk_doc_free(doc);
  free(t);
  t = edit(seed, "行政许可\t87962", "行政许甲乙丙丁\t87962");
  doc = run(t);
  assert_int_equal(value(doc, "t2", "licensing", "decisions")->state, GK_VAL_MISSING);
  assert_int_equal(count_diag(doc, "unmatched-row"), 1);
  gk_doc_free(doc);
  free(t);
}

/* A row's keys built by hand: leaf, own and full from code-point strings. */
static gk_keyref keyref_of(gk_arena *a, const char *s) {
  uint32_t *cp = gk_arena_alloc(a, GK_KEY_MAX * sizeof *cp);
  gk_keyref k = {cp, gk_text_cps(s, cp, GK_KEY_MAX)};
  return k;
}

/* The leaf key decides alone at GK_MAP_SIM_LEAF_SURE: a leaf scoring 0.95 (19 of 20)
 * is the score even when the row's own key fits exactly; just under it (18 of 19)
 * the own key is tried and wins. */
static void leaf_sure_threshold_flip(void **state) {
  (void)state;
  gk_arena *a = gk_arena_new();
  gk_variants v;
  const char *word = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉";
  assert_int_equal(gk_text_variants_load(a, word, &v), 0);
  gk_rowkeys r;
  memset(&r, 0, sizeof r);
  r.own = r.tail_own = r.full = keyref_of(a, word);
  r.leaf = keyref_of(a, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申戌"); /* 19 of 20 */
  assert_true(gk_map_key_sim(&v, &r.leaf, 0) >= GK_MAP_SIM_LEAF_SURE);
  assert_true(gk_map_row_score(&v, &r) < 1.0);
  r.leaf = keyref_of(a, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午戌"); /* 18 of 20 + 18 */
  assert_true(gk_map_key_sim(&v, &r.leaf, 0) < GK_MAP_SIM_LEAF_SURE);
  assert_true(gk_map_row_score(&v, &r) == 1.0);
  gk_arena_free(a);
}

/* The full key (everything pending) counts GK_MAP_FULL_WEIGHT of its similarity,
 * and only when the row's own keys score under GK_MAP_SIM_OWN_SURE. */
static void full_key_weighed(void **state) {
  (void)state;
  gk_arena *a = gk_arena_new();
  gk_variants v;
  assert_int_equal(gk_text_variants_load(a, "甲乙丙丁戊己庚辛壬癸", &v), 0);
  gk_rowkeys r;
  memset(&r, 0, sizeof r);
  r.leaf = r.own = r.tail_own = keyref_of(a, "甲乙丙丁戊己庚辛"); /* 8 of 10: 0.889 */
  r.full = keyref_of(a, "甲乙丙丁戊己庚辛壬癸");
  double own = gk_map_key_sim(&v, &r.own, 0);
  assert_true(own < GK_MAP_SIM_OWN_SURE);
  assert_true(gk_map_row_score(&v, &r) == GK_MAP_FULL_WEIGHT * 1.0);
  r.leaf = r.own = r.tail_own = keyref_of(a, "甲乙丙丁戊己庚辛壬"); /* 9 of 10: 0.947 */
  assert_true(gk_map_key_sim(&v, &r.own, 0) >= GK_MAP_SIM_OWN_SURE);
  assert_true(gk_map_row_score(&v, &r) == gk_map_key_sim(&v, &r.own, 0));
  gk_arena_free(a);
}

/* A heading is part p's when its key scores GK_NARR_PART_SIM_OWN against p's
 * wordings (here 7 of 10 + 10: exactly the threshold); one stray character more and
 * it is not, and t2 is read from the grid that has its anchor instead. */
static void part_heading_threshold_flip(void **state) {
  (void)state;
  assert_true(label_sim("主动公开政府信甲乙丙", "主动公开政府信息情况") >= GK_NARR_PART_SIM_OWN);
  assert_true(label_sim("主动公开政府信甲乙丙丁", "主动公开政府信息情况") < GK_NARR_PART_SIM_OWN);
  char *t = edit(seed, "二、主动公开政府信息情况", "二、主动公开政府信甲乙丙");
  gk_doc *doc = run(t);
  assert_non_null(doc->parts[1].title);
  assert_string_equal(doc->parts[1].title, "二、主动公开政府信甲乙丙");
  assert_int_equal(count_diag(doc, "heading"), 0);
  gk_doc_free(doc);
  free(t);
  t = edit(seed, "二、主动公开政府信息情况", "二、主动公开政府信甲乙丙丁");
  doc = run(t);
  assert_null(doc->parts[1].title);
  assert_int_equal(count_diag(doc, "heading"), 1);
  expect_int(doc, "t2", "licensing", "decisions", 87962);
  gk_doc_free(doc);
  free(t);
}

/* ---- title, organ, year (narrative_title.c) ---- */

static void title_organ_year(void **state) {
  (void)state;
  gk_doc *doc = run(seed);
  assert_string_equal(doc->title, "镇平县人民政府 2024 年政府信息公开工作年度报告");
  assert_string_equal(doc->organ, "镇平县人民政府");
  assert_int_equal(doc->year, 2024);
  gk_doc_free(doc);
}

/* A title that starts with its year names no organ: the short line above it is the
 * organ's name on a line of its own (as 003-seed-linyou prints it), joined to it. */
static void title_organ_on_its_own_line(void **state) {
  (void)state;
  char *t = edit(seed, "镇平县人民政府 2024 年政府信息公开工作年度报告",
                 "镇平县人民政府\n2024 年政府信息公开工作年度报告");
  gk_doc *doc = run(t);
  assert_string_equal(doc->title, "镇平县人民政府2024 年政府信息公开工作年度报告");
  assert_string_equal(doc->organ, "镇平县人民政府");
  assert_int_equal(doc->year, 2024);
  gk_doc_free(doc);
  free(t);
}

/* A label line above (发布日期：…) is no organ: the title stays as printed, and with
 * nothing before its year it names no organ. */
static void title_label_line_not_joined(void **state) {
  (void)state;
  char *t = edit(seed, "镇平县人民政府 2024 年政府信息公开工作年度报告",
                 "发布日期：2025-01-20\n2024 年政府信息公开工作年度报告");
  gk_doc *doc = run(t);
  assert_string_equal(doc->title, "2024 年政府信息公开工作年度报告");
  assert_null(doc->organ);
  assert_int_equal(doc->year, 2024);
  gk_doc_free(doc);
  free(t);
}

/* A row of a PDF table cut off at the page's edge: the cells before its first cut
 * one as printed, the rest (and the template's columns past the row) lost; when a
 * cell before the cut holds two groups, which is which is unknown and all are lost. */
static void cut_off_row_values(void **state) {
  (void)state;
  gk_src at = {0}, edge = {0};
  at.kind = edge.kind = GK_SRC_PDF;
  at.page = edge.page = 2;
  edge.cut_off = 1;
  gk_vitem it[] = {{"5", 0, 0, at}, {NULL, 0, 1, at}, {"12", 0, 0, at}, {"3", 0, 0, edge},
                   {NULL, 0, 1, edge}};
  const char *vals[7];
  gk_src srcs[7];
  unsigned char cut[7];
  assert_int_equal(gk_map_cut_values(it, 3, 7, vals, srcs, cut), 0); /* none cut */
  assert_int_equal(gk_map_cut_values(it, 5, 7, vals, srcs, cut), 1);
  assert_string_equal(vals[0], "5");
  assert_null(vals[1]);
  assert_string_equal(vals[2], "12");
  for (int k = 0; k < 7; k++) assert_int_equal(cut[k], k >= 3);
  for (int k = 3; k < 7; k++) {
    assert_null(vals[k]); /* the `3` left of the edge is not the cell's value */
    assert_int_equal(srcs[k].page, 2);
  }
  it[2].soft = 1; /* `5 12` in one cell */
  assert_int_equal(gk_map_cut_values(it, 5, 7, vals, srcs, cut), 1);
  for (int k = 0; k < 7; k++) assert_int_equal(cut[k], 1);
  it[2].soft = 0; /* three cells before the cut, two values, for a row of one column */
  assert_int_equal(gk_map_cut_values(it, 5, 1, vals, srcs, cut), 1);
  assert_int_equal(cut[0], 1);
  /* … for a row of two columns: the values, the blank a merged cell's other column. */
  assert_int_equal(gk_map_cut_values(it, 5, 2, vals, srcs, cut), 1);
  assert_int_equal(cut[0] || cut[1], 0);
  assert_string_equal(vals[0], "5");
  assert_string_equal(vals[1], "12");
  /* A blank first cell before the cut: the row's first column printed blank, or a
     column of another table's in the same grid; which, no count says: all cut. */
  gk_vitem lead[] = {{NULL, 0, 1, at}, {"569", 0, 0, at}, {"443", 0, 0, at}, {"3", 0, 0, edge}};
  assert_int_equal(gk_map_cut_values(lead, 4, 7, vals, srcs, cut), 1);
  for (int k = 0; k < 7; k++) assert_int_equal(cut[k], 1);
}

/* ---- grids built in place: a table across pages (map.c continuation), a line of
 * column heads after numbers (map_keys.c head_line) ---- */

/* Adds a grid on `page` with rows split at '\n' and cells at '\t'. */
static void add_tsv_grid(gk_doc *doc, int page, const char *tsv) {
  gk_block *g = gk_doc_add_grid(doc, 0);
  assert_non_null(g);
  g->page = page;
  for (const char *r = tsv; *r;) {
    const char *eol = strchr(r, '\n');
    if (!eol) eol = r + strlen(r);
    gk_row *row = gk_grid_add_row(doc, g);
    assert_non_null(row);
    for (const char *c = r;;) {
      const char *tab = memchr(c, '\t', (size_t)(eol - c));
      const char *end = tab ? tab : eol;
      assert_non_null(gk_row_add_cell(doc, row, c, (size_t)(end - c)));
      if (!tab) break;
      c = tab + 1;
    }
    r = *eol ? eol + 1 : eol;
  }
}

static const char t3_page_one[] =
    "\t申请人情况\t\t\t\t\t\t\n"
    "\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
    "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n"
    "一、本年新收政府信息公开申请数量\t74\t1\t0\t0\t0\t0\t75\n"
    "二、上年结转政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3";
static const char t3_page_two[] =
    "三、本年度办理结果\t(一) 予以公开\t45\t1\t0\t0\t0\t0\t46\n"
    "\t(二) 部分公开\t2\t0\t0\t0\t0\t0\t2";

/* Adds a grid on `page`: t3_page_one's header and first rows, then `rows` (each
 * starting with '\n'). */
static void add_t3_grid(gk_doc *doc, int page, const char *rows) {
  char *tsv = malloc(sizeof t3_page_one + strlen(rows));
  assert_non_null(tsv);
  strcpy(tsv, t3_page_one);
  strcat(tsv, rows);
  add_tsv_grid(doc, page, tsv);
  free(tsv);
}

/* Table 3 found by its labels (no part heading) and printed over two pages: the
 * next page's grid that starts with values goes on with it; one two pages on does not. */
static void table_continues_on_next_page(void **state) {
  (void)state;
  for (int gap = 1; gap <= 2; gap++) {
    gk_doc *doc = gk_doc_new("test.pdf");
    assert_non_null(doc);
    add_tsv_grid(doc, 1, t3_page_one);
    add_tsv_grid(doc, 1 + gap, t3_page_two);
    assert_int_equal(gk_normalize(doc, "xxgk-2021"), GK_OK);
    expect_int(doc, "t3", "new", "natural", 74);
    expect_int(doc, "t3", "new", "total", 75);
    expect_int(doc, "t3", "carried_in", "natural", 3);
    if (gap == 1) {
      expect_int(doc, "t3", "granted", "total", 46);
    } else {
      const gk_value *v = value(doc, "t3", "granted", "total");
      assert_int_not_equal(v->state, GK_VAL_NUMBER); /* not read as t3's */
    }
    gk_doc_free(doc);
  }
}

/* The next page's grid may start with the last line of a label wrapped across the
 * page break, its values on the line below: it goes on with the table. A grid that
 * starts with a column head (a table's header) does not. */
static void table_continues_after_label_lines(void **state) {
  (void)state;
  static const char *const page_two[] = {
      "三、本年度办理结果\t(一) 予以\n"
      "\t公开\t45\t1\t0\t0\t0\t0\t46\n"
      "\t(二) 部分公开\t2\t0\t0\t0\t0\t0\t2",
      "\t总计\n"
      "三、本年度办理结果\t(一) 予以公开\t45\t1\t0\t0\t0\t0\t46\n"
      "\t(二) 部分公开\t2\t0\t0\t0\t0\t0\t2",
  };
  for (int k = 0; k < 2; k++) {
    gk_doc *doc = gk_doc_new("test.pdf");
    assert_non_null(doc);
    add_tsv_grid(doc, 1, t3_page_one);
    add_tsv_grid(doc, 2, page_two[k]);
    assert_int_equal(gk_normalize(doc, "xxgk-2021"), GK_OK);
    expect_int(doc, "t3", "new", "total", 75);
    if (k == 0) {
      expect_int(doc, "t3", "granted", "total", 46);
      expect_int(doc, "t3", "partial", "natural", 2);
    } else {
      assert_int_not_equal(value(doc, "t3", "granted", "total")->state, GK_VAL_NUMBER);
    }
    gk_doc_free(doc);
  }
}

/* A label wrapped across the page break whose last line is left between the two
 * grids, as a paragraph (a PDF cuts 3.危及“三安 | 全一稳定” so): it is the table's
 * too, and the row keeps its values. Without it the row's first line alone
 * matches no row. */
static void label_tail_between_grids(void **state) {
  (void)state;
  static const char page_one[] = "\n三、本年度办理结果\t(三)不予公开\t3.危及“三\t2\t0\t0\t0\t0\t0\t2";
  static const char page_two[] =
      "\t4.保护第三方合法权益\t1\t0\t0\t0\t0\t0\t1\n"
      "\t5.属于三类内部事务信息\t4\t0\t0\t0\t0\t0\t4";
  gk_doc *doc = gk_doc_new("test.pdf");
  assert_non_null(doc);
  add_t3_grid(doc, 1, page_one);
  gk_block *p = gk_doc_add_paragraph(doc, "安全一稳定”", strlen("安全一稳定”"), 0);
  assert_non_null(p);
  p->page = 1;
  add_tsv_grid(doc, 2, page_two);
  assert_int_equal(gk_normalize(doc, "xxgk-2021"), GK_OK);
  expect_int(doc, "t3", "deny_safety", "natural", 2);
  expect_int(doc, "t3", "deny_third_party", "total", 1);
  expect_int(doc, "t3", "deny_internal", "total", 4);
  gk_doc_free(doc);
}

/* Labels centred over three lines in a narrow column, the values on the middle line
 * beside only the row's numbering and the group label (a re-distilled PDF whose
 * boxes split the label cell into lines): the line above and the line below are
 * the label. */
static void label_centred_on_values(void **state) {
  (void)state;
  static const char rows[] =
      "\n\t\t没有现成信息\n"
      "\t无法提\t2.\t1\t2\t5\t13\t34\t120\t175\n"
      "\t\t需要另行制作\n"
      "\t供\t补正后申请内\n"
      "\t\t3.\t1\t3\t8\t34\t5\t5\t56\n"
      "\t\t容仍不明确";
  gk_doc *doc = gk_doc_new("test.pdf");
  assert_non_null(doc);
  add_t3_grid(doc, 1, rows);
  assert_int_equal(gk_normalize(doc, "xxgk-2021"), GK_OK);
  expect_int(doc, "t3", "unable_create", "total", 175);
  expect_int(doc, "t3", "unable_unclear", "total", 56);
  gk_doc_free(doc);
}

/* A line whose label cells hold two rows' labels (the next row's first line beside
 * this row's last, in columns too narrow): both rows undecided, never the values
 * given to the leaf's row. A label split over two cells of one row is one label. */
static void two_labels_on_one_line(void **state) {
  (void)state;
  static const char rows[] =
      "\n三、本年度办理结果\t(一) 予以公开\t45\t1\t0\t0\t0\t0\t46\n"
      "\t1.属于国家秘密\t2.其他法律行政法规禁止公开\t3\t0\t34\t8\t0\t0\t45\n"
      "\t本机关不掌握\t相关政府信息\t2\t0\t0\t0\t0\t0\t2";
  gk_doc *doc = gk_doc_new("test.pdf");
  assert_non_null(doc);
  add_t3_grid(doc, 1, rows);
  assert_int_equal(gk_normalize(doc, "xxgk-2021"), GK_OK);
  expect_int(doc, "t3", "granted", "total", 46);
  assert_int_equal(value(doc, "t3", "deny_secret", "natural")->state, GK_VAL_AMBIGUOUS);
  assert_int_equal(value(doc, "t3", "deny_law", "natural")->state, GK_VAL_AMBIGUOUS);
  expect_int(doc, "t3", "unable_not_held", "total", 2);
  gk_doc_free(doc);
}

/* t3 read from a grid whose rows of values come after t2's (one grid, no part
 * headings) and whose column heads a PDF gave a row each where printed lower:
 * the line of heads after t2's numbers opens t3's header band again, so 其他 and
 * 总计 alone on their rows are heads, not rows of blanks. */
static const char t2_t3_one_grid[] =
    "第二十条第（五）项\t\t\n"
    "信息内容\t本年处理决定数量\n"
    "行政许可\t87962\n"
    "\t申请人情况\n"
    "\t自然人\t法人或其他组织\n"
    "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\n"
    "\t其他\n"
    "\t总计\n"
    "一、本年新收政府信息公开申请数量\t74\t1\t0\t0\t0\t2\t77\n"
    "二、上年结转政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3";

static void head_line_after_numbers(void **state) {
  (void)state;
  gk_doc *doc = gk_doc_new("test.pdf");
  assert_non_null(doc);
  add_tsv_grid(doc, 1, t2_t3_one_grid);
  assert_int_equal(gk_normalize(doc, "xxgk-2021"), GK_OK);
  expect_int(doc, "t3", "new", "natural", 74);
  expect_int(doc, "t3", "new", "other", 2);
  expect_int(doc, "t3", "new", "total", 77);
  expect_int(doc, "t3", "carried_in", "total", 3);
  const gk_value *v = value(doc, "t3", "other_other", "total");
  assert_int_equal(v->state, GK_VAL_MISSING); /* no row 其他 of blanks */
  gk_doc_free(doc);
}

/* t2 and t3 in one grid (no part heading read): t2 ends at the row with t3's
 * anchor, and t3 starts after t2's last row of numbers, so neither is offered the
 * other's rows (each was a warning that a table had a row it could not match). */
static void table_ends_where_next_starts(void **state) {
  (void)state;
  gk_doc *doc = gk_doc_new("test.pdf");
  assert_non_null(doc);
  add_tsv_grid(doc, 1, t2_t3_one_grid);
  assert_int_equal(gk_normalize(doc, "xxgk-2021"), GK_OK);
  expect_int(doc, "t2", "licensing", "decisions", 87962);
  expect_int(doc, "t3", "new", "total", 77);
  for (size_t i = 0; i < doc->ndiags; i++)
    if (strcmp(doc->diags[i].code, "unmatched-row") == 0 && strstr(doc->diags[i].msg, "t2:"))
      fail_msg("t2 was offered t3's row: %s", doc->diags[i].msg);
  for (size_t i = 0; i < doc->ndiags; i++)
    if (strcmp(doc->diags[i].code, "unmatched-row") == 0 && strstr(doc->diags[i].msg, "t3:"))
      fail_msg("t3 was offered t2's row: %s", doc->diags[i].msg);
  gk_doc_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(seed_detected_2021),
      cmocka_unit_test(cut_off_row_values),
      cmocka_unit_test(label_normative_short),
      cmocka_unit_test(label_fullwidth_brackets),
      cmocka_unit_test(label_without_numbering),
      cmocka_unit_test(label_spaced_out),
      cmocka_unit_test(label_typo),
      cmocka_unit_test(padded_row_adds_up_or_undecided),
      cmocka_unit_test(values_on_next_line),
      cmocka_unit_test(values_after_label_with_spaces),
      cmocka_unit_test(value_forms),
      cmocka_unit_test(page_footer_ignored),
      cmocka_unit_test(ambiguous_digits_resolved_by_rule),
      cmocka_unit_test(results_total_as_heji),
      cmocka_unit_test(t4_labelled_rows),
      cmocka_unit_test(t4_split_over_lines),
      cmocka_unit_test(unjoinable_groups_not_enomem),
      cmocka_unit_test(label_wrapped_below_values),
      cmocka_unit_test(label_without_values_is_blank_row),
      cmocka_unit_test(numbers_broken_over_two_lines),
      cmocka_unit_test(wrong_row_not_joined_with_next_row),
      cmocka_unit_test(detect_2019),
      cmocka_unit_test(detect_2019_negative_change_invalid_in_count),
      cmocka_unit_test(force_2019_on_2021_report),
      cmocka_unit_test(force_2021_on_2019_report),
      cmocka_unit_test(force_unknown_schema),
      cmocka_unit_test(match_threshold_flip),
      cmocka_unit_test(leaf_sure_threshold_flip),
      cmocka_unit_test(full_key_weighed),
      cmocka_unit_test(part_heading_threshold_flip),
      cmocka_unit_test(title_organ_year),
      cmocka_unit_test(title_organ_on_its_own_line),
      cmocka_unit_test(title_label_line_not_joined),
      cmocka_unit_test(table_continues_on_next_page),
      cmocka_unit_test(table_continues_after_label_lines),
      cmocka_unit_test(label_tail_between_grids),
      cmocka_unit_test(label_centred_on_values),
      cmocka_unit_test(two_labels_on_one_line),
      cmocka_unit_test(head_line_after_numbers),
      cmocka_unit_test(table_ends_where_next_starts),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
