/* test_rules.c: unit tests of core/rules.c, the engine over the template's
 * arithmetic: how many instances each template and layout expands to, the terms of
 * single instances, evaluation on hand-made tables, readings of some rows, and the
 * value resolver deciding with an engine row rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../core/check_pair.h"
#include "../core/rules.h"
#include "../normalizer/resolve.h"

static int setup(void **state) {
  *state = gk_arena_new();
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  gk_arena_free(*state);
  return 0;
}

#define A ((gk_arena *)*state)

static const gk_schema *s2021(void) { return gk_schema_get("xxgk-2021"); }
static const gk_schema *s2019(void) { return gk_schema_get("xxgk-2019"); }

static int row_of(const gk_schema *s, gk_table t, const char *key) {
  int r = gk_schema_row_index(s->tables[t], key);
  if (r < 0) fail_msg("no row %s", key);
  return r;
}

static int col_of(const gk_schema *s, gk_table t, const char *key) {
  int c = gk_schema_col_index(s->tables[t], key);
  if (c < 0) fail_msg("no column %s", key);
  return c;
}

/* Instances of rule `id` in a set. */
static int count_rule(const gk_rule_set *set, const char *id) {
  int n = 0;
  for (int i = 0; i < set->ninsts; i++) n += strcmp(set->insts[i].rule->id, id) == 0;
  return n;
}

static const gk_rule_inst *find_inst(const gk_rule_set *set, const char *id, int row, int col) {
  for (int i = 0; i < set->ninsts; i++) {
    const gk_rule_inst *in = &set->insts[i];
    if (strcmp(in->rule->id, id) == 0 && in->row == row && in->col == col) return in;
  }
  fail_msg("no instance of %s at row %d col %d", id, row, col);
  return NULL;
}

static void expect_term(const gk_rule_term *tm, int row, int col, int coef, int named) {
  if (tm->row != row || tm->col != col || tm->coef != coef || tm->named != named)
    fail_msg("term (%d, %d, %+d, named %d), expected (%d, %d, %+d, named %d)", tm->row, tm->col,
             tm->coef, tm->named, row, col, coef, named);
}

/* ---- expansion ---- */

static void counts_2021(void **state) {
  gk_rule_set set;
  /* t2: no rules. */
  assert_int_equal(gk_rules_expand(A, s2021(), GK_T2, 0, &set), GK_OK);
  assert_int_equal(set.ninsts, 0);
  /* t3, printed layout: 7 columns twice, and 25 rows (26 less the one-row （六）). */
  assert_int_equal(gk_rules_expand(A, s2021(), GK_T3, 0, &set), GK_OK);
  assert_int_equal(count_rule(&set, "t3.balance"), 7);
  assert_int_equal(count_rule(&set, "t3.results_sum"), 7);
  assert_int_equal(count_rule(&set, "t3.row_total"), 25);
  assert_int_equal(set.ninsts, 39);
  /* The one-row （六） layout: its row replaces the three other_* rows. */
  assert_int_equal(gk_rules_expand(A, s2021(), GK_T3, 1, &set), GK_OK);
  assert_int_equal(count_rule(&set, "t3.row_total"), 23);
  assert_int_equal(set.ninsts, 37);
  /* t4: one rule for each of its three groups (rows). */
  assert_int_equal(gk_rules_expand(A, s2021(), GK_T4, 0, &set), GK_OK);
  assert_int_equal(set.ninsts, 3);
  assert_int_equal(count_rule(&set, "t4.row_total"), 3);
}

static void counts_2019(void **state) {
  gk_rule_set set;
  /* 23 rows, none of them layout-dependent: both layouts expand alike. */
  for (int variant = 0; variant <= 1; variant++) {
    assert_int_equal(gk_rules_expand(A, s2019(), GK_T3, variant, &set), GK_OK);
    assert_int_equal(count_rule(&set, "t3.balance"), 7);
    assert_int_equal(count_rule(&set, "t3.results_sum"), 7);
    assert_int_equal(count_rule(&set, "t3.row_total"), 23);
    assert_int_equal(set.ninsts, 37);
    assert_int_equal(gk_rules_expand(A, s2019(), GK_T4, variant, &set), GK_OK);
    assert_int_equal(set.ninsts, 3);
    assert_int_equal(gk_rules_expand(A, s2019(), GK_T2, variant, &set), GK_OK);
    assert_int_equal(set.ninsts, 0);
  }
}

/* gk_rules_for expands once per schema, table and layout, and gives what
 * gk_rules_expand gives: the same instances, terms and order. */
static void cached_sets(void **state) {
  const gk_schema *schemas[] = {s2021(), s2019()};
  for (int k = 0; k < 2; k++)
    for (gk_table t = GK_T2; t < GK_NTABLES; t++)
      for (int variant = 0; variant <= 1; variant++) {
        gk_rule_set fresh, first, again;
        assert_int_equal(gk_rules_expand(A, schemas[k], t, variant, &fresh), GK_OK);
        assert_int_equal(gk_rules_for(schemas[k], t, variant, &first), GK_OK);
        assert_int_equal(gk_rules_for(schemas[k], t, variant, &again), GK_OK);
        assert_ptr_equal(first.insts, again.insts); /* expanded once */
        assert_int_equal(first.ninsts, fresh.ninsts);
        for (int i = 0; i < fresh.ninsts; i++) {
          const gk_rule_inst *a = &fresh.insts[i], *b = &first.insts[i];
          assert_ptr_equal(a->rule, b->rule);
          assert_int_equal(a->row, b->row);
          assert_int_equal(a->col, b->col);
          assert_int_equal(a->nterms, b->nterms);
          assert_int_equal(a->nlhs, b->nlhs);
          for (int j = 0; j < a->nterms; j++)
            expect_term(&b->terms[j], a->terms[j].row, a->terms[j].col, a->terms[j].coef,
                        a->terms[j].named);
        }
      }
  (void)state;
}

/* Expansion keeps the table's rule order, and within a rule template order. */
static void expansion_order(void **state) {
  gk_rule_set set;
  assert_int_equal(gk_rules_expand(A, s2021(), GK_T3, 0, &set), GK_OK);
  assert_string_equal(set.insts[0].rule->id, "t3.balance");
  assert_int_equal(set.insts[0].col, 0);
  assert_int_equal(set.insts[6].col, 6);
  assert_string_equal(set.insts[7].rule->id, "t3.results_sum");
  assert_string_equal(set.insts[14].rule->id, "t3.row_total");
  assert_int_equal(set.insts[14].row, 0);
  assert_int_equal(set.insts[14].col, -1);
}

static void balance_terms(void **state) {
  const gk_schema *s = s2021();
  gk_rule_set set;
  assert_int_equal(gk_rules_expand(A, s, GK_T3, 0, &set), GK_OK);
  int legal = col_of(s, GK_T3, "legal");
  const gk_rule_inst *in = find_inst(&set, "t3.balance", -1, legal);
  assert_int_equal(in->table, GK_T3);
  assert_int_equal(in->nterms, 4);
  assert_int_equal(in->nlhs, 2);
  expect_term(&in->terms[0], row_of(s, GK_T3, "new"), legal, +1, 1);
  expect_term(&in->terms[1], row_of(s, GK_T3, "carried_in"), legal, +1, 1);
  expect_term(&in->terms[2], row_of(s, GK_T3, "results_total"), legal, -1, 1);
  expect_term(&in->terms[3], row_of(s, GK_T3, "carried_out"), legal, -1, 1);
}

/* The result rows are those active in the layout, chosen by flag (not named). */
static void results_sum_terms_by_layout(void **state) {
  const gk_schema *s = s2021();
  int total = col_of(s, GK_T3, "total");
  for (int variant = 0; variant <= 1; variant++) {
    gk_rule_set set;
    assert_int_equal(gk_rules_expand(A, s, GK_T3, variant, &set), GK_OK);
    const gk_rule_inst *in = find_inst(&set, "t3.results_sum", -1, total);
    int nres = variant ? 19 : 21; /* 18 common rows + （六） as one row or three */
    assert_int_equal(in->nlhs, nres);
    assert_int_equal(in->nterms, nres + 1);
    expect_term(&in->terms[0], row_of(s, GK_T3, "granted"), total, +1, 0);
    expect_term(&in->terms[nres - 1], row_of(s, GK_T3, variant ? "other" : "other_other"), total,
                +1, 0);
    expect_term(&in->terms[nres], row_of(s, GK_T3, "results_total"), total, -1, 1);
  }
}

static void t4_row_terms(void **state) {
  const gk_schema *s = s2019();
  gk_rule_set set;
  assert_int_equal(gk_rules_expand(A, s, GK_T4, 0, &set), GK_OK);
  int r = row_of(s, GK_T4, "suit_direct");
  const gk_rule_inst *in = find_inst(&set, "t4.row_total", r, -1);
  assert_int_equal(in->nterms, 5);
  assert_int_equal(in->nlhs, 4);
  static const char *cols[] = {"upheld", "corrected", "other", "pending"};
  for (int i = 0; i < 4; i++) expect_term(&in->terms[i], r, col_of(s, GK_T4, cols[i]), +1, 1);
  expect_term(&in->terms[4], r, col_of(s, GK_T4, "total"), -1, 1);
}

/* ---- evaluation on a hand-made t3 (xxgk-2019, 23 rows × 7 columns) ---- */

typedef struct {
  long long v[32][8];
} table;

static long long get(void *ctx, gk_table t, int row, int col) {
  (void)t;
  return ((table *)ctx)->v[row][col];
}

static void put(table *tb, const char *row, const char *col, long long v) {
  tb->v[row_of(s2019(), GK_T3, row)][col_of(s2019(), GK_T3, col)] = v;
}

/* new 5+1 = 6 and carried_in 1 come in; granted 4+1 and deny_secret 2 go out as
 * results_total 6+1 = 7; nothing is carried out. Every rule holds. */
static table consistent(void) {
  table tb;
  memset(&tb, 0, sizeof tb);
  put(&tb, "new", "natural", 5), put(&tb, "new", "commercial", 1), put(&tb, "new", "total", 6);
  put(&tb, "carried_in", "natural", 1), put(&tb, "carried_in", "total", 1);
  put(&tb, "granted", "natural", 4), put(&tb, "granted", "commercial", 1);
  put(&tb, "granted", "total", 5);
  put(&tb, "deny_secret", "natural", 2), put(&tb, "deny_secret", "total", 2);
  put(&tb, "results_total", "natural", 6), put(&tb, "results_total", "commercial", 1);
  put(&tb, "results_total", "total", 7);
  return tb;
}

static void eval_passing_table(void **state) {
  gk_rule_set set;
  assert_int_equal(gk_rules_expand(A, s2019(), GK_T3, 0, &set), GK_OK);
  table tb = consistent();
  for (int i = 0; i < set.ninsts; i++)
    if (!gk_rule_inst_holds(&set.insts[i], get, &tb))
      fail_msg("instance %d (%s) fails", i, set.insts[i].rule->id);
}

static void eval_failing_table(void **state) {
  const gk_schema *s = s2019();
  gk_rule_set set;
  assert_int_equal(gk_rules_expand(A, s, GK_T3, 0, &set), GK_OK);
  table tb = consistent();
  /* granted.natural 4 → 3 with its row total 5 → 4: the row still adds up, but the
     result rows no longer sum to results_total in columns natural and total. */
  put(&tb, "granted", "natural", 3), put(&tb, "granted", "total", 4);
  int nfail = 0;
  for (int i = 0; i < set.ninsts; i++) {
    const gk_rule_inst *in = &set.insts[i];
    if (gk_rule_inst_holds(in, get, &tb)) continue;
    nfail++;
    assert_string_equal(in->rule->id, "t3.results_sum");
    assert_true(in->col == col_of(s, GK_T3, "natural") || in->col == col_of(s, GK_T3, "total"));
  }
  assert_int_equal(nfail, 2);
  long long lhs, rhs;
  gk_rule_inst_eval(find_inst(&set, "t3.results_sum", -1, col_of(s, GK_T3, "natural")), get, &tb,
                    &lhs, &rhs);
  assert_int_equal(lhs, 5); /* granted 3 + deny_secret 2 */
  assert_int_equal(rhs, 6); /* results_total */
}

/* ---- readings of some rows ---- */

static void rows_single_t3_row(void **state) {
  (void)state;
  gk_rule_rows rr;
  const gk_schema *s = s2021();
  int r = row_of(s, GK_T3, "granted");
  assert_ptr_equal(gk_rules_rows(&rr, s, GK_T3, r, 1), &rr);
  assert_int_equal(rr.nvals, 7);
  assert_int_equal(rr.ninsts, 1); /* t3.row_total of the row; the column rules span rows */
  assert_int_equal(gk_rule_rows_index(&rr, r, col_of(s, GK_T3, "total")), 6);
  assert_int_equal(gk_rule_rows_index(&rr, r + 1, 0), -1);
  long long ok[7] = {3, 1, 0, 0, 0, 0, 4}, bad[7] = {3, 1, 0, 0, 0, 0, 5};
  assert_true(gk_rule_rows_holds(&rr, ok, 7));
  assert_false(gk_rule_rows_holds(&rr, bad, 7));
  assert_false(gk_rule_rows_holds(&rr, ok, 6));
  /* Each layout's own rows: the one-row （六） and the three it replaces. */
  assert_non_null(gk_rules_rows(&rr, s, GK_T3, row_of(s, GK_T3, "other"), 1));
  assert_non_null(gk_rules_rows(&rr, s, GK_T3, row_of(s, GK_T3, "other_no_fee"), 1));
  /* t2 has no arithmetic; rows out of range have none either. */
  assert_null(gk_rules_rows(&rr, s, GK_T2, 0, 1));
  assert_null(gk_rules_rows(&rr, s, GK_T4, 2, 2));
}

static void rows_t4_all_three(void **state) {
  (void)state;
  gk_rule_rows rr;
  const gk_schema *s = s2021();
  assert_non_null(gk_rules_rows(&rr, s, GK_T4, 0, 3));
  assert_int_equal(rr.nvals, 15);
  assert_int_equal(rr.ninsts, 3);
  assert_int_equal(gk_rule_rows_index(&rr, 2, col_of(s, GK_T4, "total")), 14);
  long long ok[15] = {14, 2, 5, 10, 31, 1, 4, 2, 0, 7, 1, 0, 3, 0, 4};
  assert_true(gk_rule_rows_holds(&rr, ok, 15));
  ok[14] = 5;
  assert_false(gk_rule_rows_holds(&rr, ok, 15));
}

/* The whole of t3 read at once (a decoder's view): more instances than a
 * gk_rule_rows lists, so every one is searched; the verdicts agree with the
 * expansion's. */
static void rows_whole_table_agrees_with_expansion(void **state) {
  (void)state;
  const gk_schema *s = s2019();
  const gk_stable *st = s->tables[GK_T3];
  gk_rule_rows rr;
  assert_non_null(gk_rules_rows(&rr, s, GK_T3, 0, st->nrows));
  assert_int_equal(rr.ninsts, -1);
  assert_int_equal(rr.nvals, st->nrows * 7);
  table tb = consistent();
  long long flat[32 * 8];
  for (int r = 0; r < st->nrows; r++)
    for (int c = 0; c < 7; c++) flat[gk_rule_rows_index(&rr, r, c)] = tb.v[r][c];
  assert_true(gk_rule_rows_holds(&rr, flat, rr.nvals));
  flat[gk_rule_rows_index(&rr, row_of(s, GK_T3, "deny_secret"), 0)] = 3;
  flat[gk_rule_rows_index(&rr, row_of(s, GK_T3, "deny_secret"), 6)] = 3;
  assert_false(gk_rule_rows_holds(&rr, flat, rr.nvals));
}

/* Every key a rule names exists in every template that lists it: each rule
 * expands to at least one instance. */
static void every_rule_applies(void **state) {
  for (int k = 0; gk_schemas[k]; k++)
    for (gk_table t = GK_T2; t < GK_NTABLES; t++) {
      const gk_stable *st = gk_schemas[k]->tables[t];
      gk_rule_set set;
      assert_int_equal(gk_rules_expand(A, gk_schemas[k], t, 0, &set), GK_OK);
      for (int i = 0; i < st->nrules; i++)
        if (count_rule(&set, st->rules[i].id) == 0)
          fail_msg("%s: rule %s has no instance", gk_schemas[k]->id, st->rules[i].id);
    }
}

/* ---- the resolver deciding with an engine row rule ---- */

/* t4's fifteen values with two soft boundaries, one of which must split: `3 1`
 * (review.total 31, or 3 and 1) and `0 4` (suit_after_review.pending 0 and total 4,
 * or 04). Only 31 and 0, 4 make every group add up. */
static void resolve_t4_by_engine_rule(void **state) {
  gk_vitem it[] = {{.g = "14", .soft = 0}, {.g = "2", .soft = 0}, {.g = "5", .soft = 0}, {.g = "10", .soft = 0}, {.g = "3", .soft = 0}, {.g = "1", .soft = 1},
                   {.g = "1", .soft = 0},  {.g = "4", .soft = 0}, {.g = "2", .soft = 0}, {.g = "0", .soft = 0},  {.g = "7", .soft = 0}, {.g = "1", .soft = 0},
                   {.g = "0", .soft = 0},  {.g = "3", .soft = 0}, {.g = "0", .soft = 0}, {.g = "4", .soft = 1}};
  const char *out[15];
  gk_rule_rows rr;
  gk_row_rule rule = gk_rules_rows(&rr, s2021(), GK_T4, 0, 3);
  assert_int_equal(gk_resolve_values(A, it, 16, 15, rule, out), GK_RES_CHOSEN);
  static const char *want[15] = {"14", "2", "5", "10", "31", "1", "4", "2",
                                 "0",  "7", "1", "0",  "3",  "0", "4"};
  for (int i = 0; i < 15; i++) assert_string_equal(out[i], want[i]);
  /* Without the rule the text alone cannot tell. */
  assert_int_equal(gk_resolve_values(A, it, 16, 15, NULL, out), GK_RES_GUESSED);
}

/* ---- pair rules (the corpus rules over two years) ---- */

/* carry at t3's total column only; in_force for the two rows that have its columns
 * (2021) or the five that have prev_items (2019); none in the doc rules' sets. */
static void pair_counts(void **state) {
  gk_rule_set set;
  assert_int_equal(gk_rules_expand_pairs(A, s2021(), GK_T3, &set), GK_OK);
  assert_int_equal(count_rule(&set, "corpus.carry"), 1);
  const gk_rule_inst *in = &set.insts[0];
  assert_int_equal(in->col, col_of(s2021(), GK_T3, "total"));
  assert_int_equal(in->nterms, 2);
  assert_int_equal(in->terms[0].row, row_of(s2021(), GK_T3, "carried_in"));
  assert_int_equal(in->terms[0].prev, 0);
  assert_int_equal(in->terms[1].row, row_of(s2021(), GK_T3, "carried_out"));
  assert_int_equal(in->terms[1].prev, 1);
  assert_int_equal(gk_rules_expand_pairs(A, s2021(), GK_T2, &set), GK_OK);
  assert_int_equal(count_rule(&set, "corpus.in_force"), 2);
  assert_int_equal(gk_rules_expand_pairs(A, s2019(), GK_T2, &set), GK_OK);
  assert_int_equal(count_rule(&set, "corpus.in_force"), 5);
  assert_int_equal(gk_rules_expand_pairs(A, s2019(), GK_T4, &set), GK_OK);
  assert_int_equal(set.ninsts, 0);
  assert_int_equal(gk_rules_expand(A, s2021(), GK_T3, 0, &set), GK_OK);
  assert_int_equal(count_rule(&set, "corpus.carry"), 0);
}

/* Two reports as address → value lists; a value of -1 is a blank, -2 is absent. */
typedef struct {
  const char *addr[8];
  long long v[8];
} report_cells;

typedef struct {
  const report_cells *cells[2]; /* earlier, later */
  char got[4][400];
  int n;
} pair_ctx;

static int pair_get(void *ctx, int later, const char *t, const char *r, const char *c,
                    long long *v) {
  const report_cells *rc = ((pair_ctx *)ctx)->cells[later];
  char a[128];
  snprintf(a, sizeof a, "%s.%s.%s", t, r, c);
  for (int i = 0; i < 8 && rc->addr[i]; i++) {
    if (strcmp(rc->addr[i], a) != 0) continue;
    if (rc->v[i] == -2) return 0;
    *v = rc->v[i] == -1 ? 0 : rc->v[i];
    return 1;
  }
  return 0;
}

static int pair_fail(void *ctx, const gk_rule *rule, const char *t, const char *r, const char *c,
                     const char *msg) {
  pair_ctx *p = ctx;
  if (p->n < 4) snprintf(p->got[p->n], sizeof p->got[0], "%s %s.%s.%s: %s", rule->id, t, r, c, msg);
  p->n++;
  return 0;
}

/* The wording names both years and sources; blanks read 0, absent cells skip. */
static void pair_check_messages(void **state) {
  report_cells y23 = {{"t3.carried_out.total", "t2.rules.in_force", "t2.normative.in_force"},
                      {5, 10, 300}};
  report_cells y24 = {{"t3.carried_in.total", "t2.rules.in_force", "t2.rules.issued",
                       "t2.rules.repealed", "t2.normative.in_force", "t2.normative.issued",
                       "t2.normative.repealed"},
                      {4, 10, -1, -1, 336, 35, 2}};
  pair_ctx p = {{&y23, &y24}, {{0}}, 0};
  gk_pair_report a = {s2021(), 2023, "a.txt"}, b = {s2021(), 2024, "b.txt"};
  assert_int_equal(gk_check_pair(A, &a, &b, pair_get, pair_fail, &p), 2);
  assert_string_equal(p.got[0],
                      "corpus.in_force t2.normative.in_force: normative.in_force of 2024 is 336 "
                      "(b.txt), but in_force 300 of 2023 (a.txt) + issued 35 - repealed 2 of "
                      "2024 = 333");
  assert_string_equal(p.got[1],
                      "corpus.carry t3.carried_in.total: carried_in.total of 2024 is 4 (b.txt), "
                      "but carried_out.total of 2023 is 5 (a.txt)");
  /* An absent term: the instance is not evaluated. */
  y24.v[0] = -2;
  p.n = 0;
  assert_int_equal(gk_check_pair(A, &a, &b, pair_get, pair_fail, &p), 1);
  /* Across the template change, in_force is never compared; carry still is. */
  y24.v[0] = 4;
  gk_pair_report a19 = {s2019(), 2023, "a.txt"};
  p.n = 0;
  assert_int_equal(gk_check_pair(A, &a19, &b, pair_get, pair_fail, &p), 1);
  assert_non_null(strstr(p.got[0], "corpus.carry"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(counts_2021, setup, teardown),
      cmocka_unit_test_setup_teardown(counts_2019, setup, teardown),
      cmocka_unit_test_setup_teardown(cached_sets, setup, teardown),
      cmocka_unit_test_setup_teardown(expansion_order, setup, teardown),
      cmocka_unit_test_setup_teardown(balance_terms, setup, teardown),
      cmocka_unit_test_setup_teardown(results_sum_terms_by_layout, setup, teardown),
      cmocka_unit_test_setup_teardown(t4_row_terms, setup, teardown),
      cmocka_unit_test_setup_teardown(eval_passing_table, setup, teardown),
      cmocka_unit_test_setup_teardown(eval_failing_table, setup, teardown),
      cmocka_unit_test(rows_single_t3_row),
      cmocka_unit_test(rows_t4_all_three),
      cmocka_unit_test(rows_whole_table_agrees_with_expansion),
      cmocka_unit_test_setup_teardown(every_rule_applies, setup, teardown),
      cmocka_unit_test_setup_teardown(resolve_t4_by_engine_rule, setup, teardown),
      cmocka_unit_test_setup_teardown(pair_counts, setup, teardown),
      cmocka_unit_test_setup_teardown(pair_check_messages, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
