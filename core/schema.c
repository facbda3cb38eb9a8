/* schema.c: the canonical templates (xxgk-2021, xxgk-2019) described as data.
 * Everything the normalizer and checker know of a template is here: row and column
 * keys (the public cell addresses), label variants for matching, value kinds, and
 * the arithmetic the tables must satisfy (expanded by core/rules.c). */
#include "schema.h"

#include <string.h>

/* ---- t3: identical in both generations except for （六）其他处理 ---- */

static const gk_scol t3_cols[] = {
    {"natural", "自然人", GK_VK_COUNT},
    {"commercial", "商业企业", GK_VK_COUNT},
    {"research", "科研机构", GK_VK_COUNT},
    {"social", "社会公益组织|社会组织|公益组织", GK_VK_COUNT},
    {"legal", "法律服务机构", GK_VK_COUNT},
    {"other", "其他", GK_VK_COUNT},
    {"total", "总计|合计", GK_VK_COUNT},
};

#define T3_ALL 7, {0, 1, 2, 3, 4, 5, 6}

#define T3_HEAD_ROWS                                                                   \
  {"new", "本年新收政府信息公开申请数量|本年新收政府信息公开申请|本年新收申请数量", 0, T3_ALL}, \
  {"carried_in", "上年结转政府信息公开申请数量|上年结转政府信息公开申请|上年结转申请数量", 0, T3_ALL}, \
  {"granted", "予以公开", GK_ROW_RESULT, T3_ALL},                                    \
  {"partial", "部分公开(区分处理的,只计这一情形,不计其他情形)|部分公开", GK_ROW_RESULT, T3_ALL}, \
  {"deny_secret", "属于国家秘密", GK_ROW_RESULT, T3_ALL},                            \
  {"deny_law", "其他法律行政法规禁止公开", GK_ROW_RESULT, T3_ALL},                   \
  {"deny_safety", "危及“三安全一稳定”|危及三安全一稳定", GK_ROW_RESULT, T3_ALL},    \
  {"deny_third_party", "保护第三方合法权益", GK_ROW_RESULT, T3_ALL},                 \
  {"deny_internal", "属于三类内部事务信息", GK_ROW_RESULT, T3_ALL},                  \
  {"deny_process", "属于四类过程性信息", GK_ROW_RESULT, T3_ALL},                     \
  {"deny_enforcement", "属于行政执法案卷", GK_ROW_RESULT, T3_ALL},                   \
  {"deny_query", "属于行政查询事项", GK_ROW_RESULT, T3_ALL},                         \
  {"unable_not_held", "本机关不掌握相关政府信息", GK_ROW_RESULT, T3_ALL},            \
  {"unable_create", "没有现成信息需要另行制作", GK_ROW_RESULT, T3_ALL},              \
  {"unable_unclear", "补正后申请内容仍不明确", GK_ROW_RESULT, T3_ALL},               \
  {"reject_petition", "信访举报投诉类申请", GK_ROW_RESULT, T3_ALL},                  \
  {"reject_repeat", "重复申请", GK_ROW_RESULT, T3_ALL},                              \
  {"reject_publication", "要求提供公开出版物", GK_ROW_RESULT, T3_ALL},               \
  {"reject_mass", "无正当理由大量反复申请", GK_ROW_RESULT, T3_ALL},                  \
  {"reject_confirm", "要求行政机关确认或重新出具已获取信息", GK_ROW_RESULT, T3_ALL}

#define T3_TAIL_ROWS                                                      \
  {"results_total", "总计|合计", 0, T3_ALL},                              \
  {"carried_out", "结转下年度继续办理|结转下年度继续办理数量", 0, T3_ALL}

static const gk_srow t3_rows_2021[] = {
    T3_HEAD_ROWS,
    {"other_no_correction",
     "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|申请人无正当理由逾期不补正",
     GK_ROW_RESULT | GK_ROW_VARIANT_ALT, T3_ALL},
    {"other_no_fee",
     "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|"
     "申请人逾期未按收费通知要求缴纳费用",
     GK_ROW_RESULT | GK_ROW_VARIANT_ALT, T3_ALL},
    {"other_other", "其他", GK_ROW_RESULT | GK_ROW_VARIANT_ALT, T3_ALL},
    {"other", "其他处理", GK_ROW_RESULT | GK_ROW_VARIANT_ONLY, T3_ALL},
    T3_TAIL_ROWS,
};

static const gk_srow t3_rows_2019[] = {
    T3_HEAD_ROWS,
    {"other", "其他处理", GK_ROW_RESULT, T3_ALL},
    T3_TAIL_ROWS,
};

/* ---- t4: one data row of 15 numbers addressed as three rows of five ---- */

static const gk_scol t4_cols[] = {
    {"upheld", "结果维持", GK_VK_COUNT},   {"corrected", "结果纠正", GK_VK_COUNT},
    {"other", "其他结果", GK_VK_COUNT},    {"pending", "尚未审结", GK_VK_COUNT},
    {"total", "总计|合计", GK_VK_COUNT},
};

static const gk_srow t4_rows[] = {
    {"review", "行政复议", 0, 5, {0, 1, 2, 3, 4}},
    {"suit_direct", "未经复议直接起诉", 0, 5, {0, 1, 2, 3, 4}},
    {"suit_after_review", "复议后起诉", 0, 5, {0, 1, 2, 3, 4}},
};

/* ---- the rules (spec: "The checker's rules"), in the order they are reported ---- */

static const gk_rule t3_rules[] = {
    {"t3.balance", GK_SEV_ERROR, GK_RULE_EACH_COL, {"new|carried_in", 0, NULL},
     {"results_total|carried_out", 0, NULL}, GK_RULE_MSG_SIDES, NULL, 0},
    {"t3.results_sum", GK_SEV_ERROR, GK_RULE_EACH_COL, {NULL, GK_ROW_RESULT, "the result rows"},
     {"results_total", 0, NULL}, GK_RULE_MSG_PARTS, NULL, 0},
    {"t3.row_total", GK_SEV_ERROR, GK_RULE_EACH_ROW,
     {"natural|commercial|research|social|legal|other", 0, NULL}, {"total", 0, NULL},
     GK_RULE_MSG_VALUES, NULL, 0},
};

/* One rule for each of t4's groups (行政复议, 未经复议直接起诉, 复议后起诉): its rows. */
static const gk_rule t4_rules[] = {
    {"t4.row_total", GK_SEV_ERROR, GK_RULE_EACH_ROW, {"upheld|corrected|other|pending", 0, NULL},
     {"total", 0, NULL}, GK_RULE_MSG_TERMS, NULL, 0},
};

/* ---- the corpus rules (spec: corpus.carry, corpus.in_force), over years y and y+1 ---- */

/* What a year carried out is what the next carried in. */
static const gk_rule t3_pair_rules[] = {
    {"corpus.carry", GK_SEV_WARNING, GK_RULE_EACH_COL, {"carried_in", 0, NULL},
     {GK_RULE_PREV "carried_out", 0, NULL}, GK_RULE_MSG_PAIR_CELLS, "total", GK_PAIR_ANY_TEMPLATES},
};

/* 2021: the documents in force are last year's, plus those issued, less those repealed. */
static const gk_rule t2_pair_rules_2021[] = {
    {"corpus.in_force", GK_SEV_WARNING, GK_RULE_EACH_ROW, {"in_force|repealed", 0, NULL},
     {GK_RULE_PREV "in_force|issued", 0, NULL}, GK_RULE_MSG_PAIR_SUM, NULL, GK_PAIR_SAME_TEMPLATE},
};

/* 2019: this year's count of items is last year's plus last year's change. */
static const gk_rule t2_pair_rules_2019[] = {
    {"corpus.in_force", GK_SEV_WARNING, GK_RULE_EACH_ROW, {"prev_items", 0, NULL},
     {GK_RULE_PREV "prev_items|" GK_RULE_PREV "change", 0, NULL}, GK_RULE_MSG_PAIR_SUM, NULL,
     GK_PAIR_SAME_TEMPLATE},
};

/* ---- t2 ---- */

static const gk_scol t2_cols_2021[] = {
    {"issued", "本年制发件数|本年新制发件数", GK_VK_COUNT},
    {"repealed", "本年废止件数", GK_VK_COUNT},
    {"in_force", "现行有效件数", GK_VK_COUNT},
    {"decisions", "本年处理决定数量|处理决定数量", GK_VK_COUNT},
    {"amount", "本年收费金额", GK_VK_DECIMAL},
};

static const gk_srow t2_rows_2021[] = {
    {"rules", "规章", 0, 3, {0, 1, 2}},
    {"normative", "行政规范性文件|规范性文件", 0, 3, {0, 1, 2}},
    {"licensing", "行政许可", 0, 1, {3}},
    {"penalty", "行政处罚", 0, 1, {3}},
    {"coercion", "行政强制", 0, 1, {3}},
    {"fees", "行政事业性收费", 0, 1, {4}},
};

static const gk_scol t2_cols_2019[] = {
    {"made", "本年新制作数量", GK_VK_COUNT},
    {"published", "本年新公开数量", GK_VK_COUNT},
    {"in_force", "对外公开总数量", GK_VK_COUNT},
    {"prev_items", "上一年项目数量", GK_VK_COUNT},
    {"change", "本年增/减|本年增减", GK_VK_SIGNED},
    {"decisions", "处理决定数量", GK_VK_COUNT},
    {"items", "采购项目数量", GK_VK_COUNT},
    {"amount", "采购总金额", GK_VK_DECIMAL},
    {"unit", "单位", GK_VK_TEXT},
};

static const gk_srow t2_rows_2019[] = {
    {"rules", "规章", 0, 3, {0, 1, 2}},
    {"normative", "规范性文件|行政规范性文件", 0, 3, {0, 1, 2}},
    {"licensing", "行政许可", 0, 3, {3, 4, 5}},
    {"other_services", "其他对外管理服务事项", 0, 3, {3, 4, 5}},
    {"penalty", "行政处罚", 0, 3, {3, 4, 5}},
    {"coercion", "行政强制", 0, 3, {3, 4, 5}},
    {"fees", "行政事业性收费", 0, 2, {3, 4}},
    {"procurement", "政府集中采购", 0, 3, {6, 7, 8}},
};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* t2 has no arithmetic of its own: its corpus.in_force rule spans two years. */
static const gk_stable t2_2021 = {"t2", "主动公开政府信息情况", t2_cols_2021, NELEM(t2_cols_2021),
                                  t2_rows_2021, NELEM(t2_rows_2021), NULL, 0,
                                  t2_pair_rules_2021, NELEM(t2_pair_rules_2021)};
static const gk_stable t2_2019 = {"t2", "主动公开政府信息情况", t2_cols_2019, NELEM(t2_cols_2019),
                                  t2_rows_2019, NELEM(t2_rows_2019), NULL, 0,
                                  t2_pair_rules_2019, NELEM(t2_pair_rules_2019)};
static const gk_stable t3_2021 = {"t3", "收到和处理政府信息公开申请情况", t3_cols, NELEM(t3_cols),
                                  t3_rows_2021, NELEM(t3_rows_2021), t3_rules, NELEM(t3_rules),
                                  t3_pair_rules, NELEM(t3_pair_rules)};
static const gk_stable t3_2019 = {"t3", "收到和处理政府信息公开申请情况", t3_cols, NELEM(t3_cols),
                                  t3_rows_2019, NELEM(t3_rows_2019), t3_rules, NELEM(t3_rules),
                                  t3_pair_rules, NELEM(t3_pair_rules)};
static const gk_stable t4_all = {"t4", "政府信息公开行政复议、行政诉讼情况", t4_cols, NELEM(t4_cols),
                                 t4_rows, NELEM(t4_rows), t4_rules, NELEM(t4_rules), NULL, 0};

static const gk_schema schema_2021 = {
    "xxgk-2021", {[GK_T2] = &t2_2021, [GK_T3] = &t3_2021, [GK_T4] = &t4_all},
    "本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额"};
static const gk_schema schema_2019 = {
    "xxgk-2019", {[GK_T2] = &t2_2019, [GK_T3] = &t3_2019, [GK_T4] = &t4_all},
    "本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|本年增/减|其他对外管理服务事项|"
    "政府集中采购|采购项目数量|采购总金额"};

const gk_schema *const gk_schemas[] = {&schema_2021, &schema_2019, NULL};

const gk_schema *gk_schema_get(const char *id) {
  for (int i = 0; gk_schemas[i]; i++)
    if (id && strcmp(gk_schemas[i]->id, id) == 0) return gk_schemas[i];
  return NULL;
}

int gk_schema_row_index(const gk_stable *t, const char *key) {
  for (int i = 0; i < t->nrows; i++)
    if (strcmp(t->rows[i].key, key) == 0) return i;
  return -1;
}

int gk_schema_col_index(const gk_stable *t, const char *key) {
  for (int i = 0; i < t->ncols; i++)
    if (strcmp(t->cols[i].key, key) == 0) return i;
  return -1;
}

int gk_schema_row_col_pos(const gk_srow *r, int col) {
  for (int i = 0; i < r->ncols; i++)
    if (r->cols[i] == col) return i;
  return -1;
}

int gk_schema_row_active(const gk_srow *r, int variant) {
  if (r->flags & GK_ROW_VARIANT_ONLY) return variant;
  if (r->flags & GK_ROW_VARIANT_ALT) return !variant;
  return 1;
}
