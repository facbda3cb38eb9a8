/* test_digitrun.c: unit tests of normalizer/digitrun.c on hand-made runs: a unique
 * split, a run ambiguous alone but decided by column sums, a truly ambiguous run
 * (null cells, readings listed), a whole t3 decoded under the template's rules, and
 * pathological 300-digit runs that end within the bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../normalizer/digitrows.h"
#include "../normalizer/digitrun.h"

static int setup(void **state) {
  *state = gk_arena_new();
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  gk_arena_free(*state);
  return 0;
}

#define A ((gk_arena *)*state)

static const gk_drun_kind counts[400]; /* zero: GK_DRUN_COUNT */

/* "000" into three counts: 0|0|0 is the only reading (no leading zeros). */
static void unique_zeros(void **state) {
  gk_drun_run run = {"000", 3, 0, 3};
  gk_drun_problem p = {3, counts, &run, 1, NULL, 0, 0, NULL, NULL};
  gk_drun_result r;
  assert_int_equal(gk_drun_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_UNIQUE);
  for (int v = 0; v < 3; v++) {
    assert_true(r.agreed[v]);
    assert_int_equal(r.val[v], 0);
  }
}

/* A row total alone decides "25 0 0 0 1 0 26" written 2500 01026 with a stray space
 * (2|50|0|0|1|0 sums to 53, tails 6, 026 and 1026 leave no valid prefix); it does not
 * decide 123001016, read 12|3|0|0|1|0|16 or 1|2|3|0|0|10|16, where only the fourth
 * and the total agree. */
static void unique_row_total(void **state) {
  gk_drun_run run = {"2500 01026", 10, 0, 7};
  gk_drun_term t[7];
  for (int i = 0; i < 6; i++) t[i] = (gk_drun_term){i, 1};
  t[6] = (gk_drun_term){6, -1};
  gk_drun_eq eq = {t, 7, 0, "row_total"};
  gk_drun_problem p = {7, counts, &run, 1, &eq, 1, 0, NULL, NULL};
  gk_drun_result r;
  assert_int_equal(gk_drun_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_UNIQUE);
  const long long want[7] = {25, 0, 0, 0, 1, 0, 26};
  for (int v = 0; v < 7; v++) assert_int_equal(r.val[v], want[v]);
  gk_drun_run amb = {"123001016", 9, 0, 7};
  p.runs = &amb;
  assert_int_equal(gk_drun_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_AMBIGUOUS);
  assert_int_equal(r.readings, 2);
  const unsigned char agreed[7] = {0, 0, 0, 1, 0, 0, 1};
  for (int v = 0; v < 7; v++) assert_int_equal(r.agreed[v], agreed[v]);
  assert_int_equal(r.val[3], 0);
  assert_int_equal(r.val[6], 16);
}

/* Row a "123" (1|23 or 12|3) is ambiguous alone; with row b "11" and the column
 * totals "134" only 12|3 + 1|1 = 13|4 holds. */
static void decided_by_columns(void **state) {
  gk_drun_run runs[3] = {{"123", 3, 0, 2}, {"11", 2, 2, 2}, {"134", 3, 4, 2}};
  gk_drun_term c0[3] = {{0, 1}, {2, 1}, {4, -1}}, c1[3] = {{1, 1}, {3, 1}, {5, -1}};
  gk_drun_eq eqs[2] = {{c0, 3, 0, "col0"}, {c1, 3, 0, "col1"}};
  gk_drun_result r;
  gk_drun_problem alone = {2, counts, runs, 1, NULL, 0, 0, NULL, NULL};
  assert_int_equal(gk_drun_solve(A, &alone, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_AMBIGUOUS);
  assert_int_equal(r.readings, 2);
  gk_drun_problem p = {6, counts, runs, 3, eqs, 2, 0, NULL, NULL};
  assert_int_equal(gk_drun_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_UNIQUE);
  const long long want[6] = {12, 3, 1, 1, 13, 4};
  for (int v = 0; v < 6; v++) assert_int_equal(r.val[v], want[v]);
}

/* t2's "1245376" into three counts has no arithmetic: many readings, no cell agrees,
 * and the readings are kept for the diagnostic. A following "0" agrees everywhere. */
static void truly_ambiguous(void **state) {
  gk_drun_run runs[2] = {{"1245376", 7, 0, 3}, {"0", 1, 3, 1}};
  gk_drun_problem p = {4, counts, runs, 2, NULL, 0, 0, NULL, NULL};
  gk_drun_result r;
  assert_int_equal(gk_drun_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_AMBIGUOUS);
  assert_int_equal(r.readings, 15); /* C(6, 2) cut pairs, no zero in the run */
  assert_false(r.agreed[0]);
  assert_false(r.agreed[1]);
  assert_false(r.agreed[2]);
  assert_true(r.agreed[3]);
  assert_int_equal(r.nkept, r.readings < GK_DRUN_KEEP ? r.readings : GK_DRUN_KEEP);
  /* The first kept reading is 1|2|45376, the shortest cuts first. */
  assert_int_equal(r.kept_len[0], 1);
  assert_int_equal(r.kept_len[1], 1);
  assert_int_equal(r.kept_len[2], 5);
}

/* Signed and decimal cells: "30+1248" as prev_items 30, change +12, decisions 48 is
 * one of the readings; "51.37" with a unit stripped is one decimal. */
static void signed_and_decimal(void **state) {
  gk_drun_kind kinds[3] = {GK_DRUN_COUNT, GK_DRUN_SIGNED, GK_DRUN_COUNT};
  gk_drun_run run = {"30+1248", 7, 0, 3};
  /* prev_items + change = in_force, here stated as var0 + var1 - 42 = 0. */
  gk_drun_term t[2] = {{0, 1}, {1, 1}};
  gk_drun_eq eq = {t, 2, -42, "prev_plus_change"};
  gk_drun_problem p = {3, kinds, &run, 1, &eq, 1, 0, NULL, NULL};
  gk_drun_result r;
  assert_int_equal(gk_drun_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_UNIQUE);
  assert_int_equal(r.val[0], 30);
  assert_int_equal(r.val[1], 12);
  assert_int_equal(r.val[2], 48);
  gk_drun_kind dk[1] = {GK_DRUN_DECIMAL};
  gk_drun_run d = {"51.37", 5, 0, 1};
  gk_drun_problem pd = {1, dk, &d, 1, NULL, 0, 0, NULL, NULL};
  assert_int_equal(gk_drun_solve(A, &pd, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_UNIQUE);
  assert_int_equal(r.len[0], 5);
  assert_int_equal(r.val[0], 51);
}

/* ---- a whole t3 under the engine's rules ---- */

typedef struct {
  const gk_stable *st;
  int var[64][GK_MAX_ROW_COLS + 1]; /* per row and column: var, or -1 */
} t3map;

static int t3_var_of(void *ctx, int row, int col, long long *known) {
  (void)known;
  t3map *m = ctx;
  int v = m->var[row][col];
  return v >= 0 ? v : -2;
}

/* Values consistent with every t3 rule of xxgk-2021's printed layout, each row's
 * digits run together, decode to the same values with every rule at once. */
static void whole_t3(void **state) {
  const gk_schema *s = gk_schema_get("xxgk-2021");
  const gk_stable *st = s->tables[GK_T3];
  int results_total = gk_schema_row_index(st, "results_total");
  int carried_out = gk_schema_row_index(st, "carried_out");
  int carried_in = gk_schema_row_index(st, "carried_in");
  int nw = gk_schema_row_index(st, "new");
  long long val[64][8] = {{0}};
  unsigned seed = 7;
  /* Result rows: small counts, mostly zero, as reports have them. */
  for (int r = 0; r < st->nrows; r++) {
    if (!(st->rows[r].flags & GK_ROW_RESULT) || !gk_schema_row_active(&st->rows[r], 0)) continue;
    for (int c = 0; c < 6; c++) {
      seed = seed * 1103515245u + 12345u;
      unsigned x = (seed >> 16) % 23;
      val[r][c] = x < 14 ? 0 : x - 9;
      val[results_total][c] += val[r][c];
    }
  }
  for (int c = 0; c < 6; c++) {
    val[carried_out][c] = c == 0 ? 3 : 0;
    val[carried_in][c] = c == 1 ? 2 : 0;
    val[nw][c] = val[results_total][c] + val[carried_out][c] - val[carried_in][c];
  }
  for (int r = 0; r < st->nrows; r++)
    for (int c = 0; c < 6; c++) val[r][6] += val[r][c];
  /* One run per row, one var per cell. */
  static t3map m;
  memset(&m, 0xff, sizeof m);
  m.st = st;
  static char text[64][128];
  static gk_drun_run runs[64];
  int nruns = 0, nv = 0;
  for (int r = 0; r < st->nrows; r++) {
    if (!gk_schema_row_active(&st->rows[r], 0)) continue;
    int n = 0;
    for (int c = 0; c < 7; c++) n += snprintf(text[r] + n, sizeof text[r] - (size_t)n, "%lld", val[r][c]);
    runs[nruns++] = (gk_drun_run){text[r], n, nv, 7};
    for (int c = 0; c < 7; c++) m.var[r][c] = nv++;
  }
  gk_rule_set set;
  assert_int_equal(gk_rules_expand(A, s, GK_T3, 0, &set), GK_OK);
  gk_drun_eq *eqs;
  int neqs;
  assert_int_equal(gk_drun_eqs_from_rules(A, &set, t3_var_of, &m, &eqs, &neqs), GK_OK);
  assert_int_equal(neqs, 39);
  gk_drun_problem p = {nv, counts, runs, nruns, eqs, neqs, 0, NULL, NULL};
  gk_drun_result res;
  assert_int_equal(gk_drun_solve(A, &p, &res), GK_OK);
  assert_int_equal(res.status, GK_DRUN_UNIQUE);
  for (int r = 0; r < st->nrows; r++)
    for (int c = 0; c < 7; c++)
      if (m.var[r][c] >= 0) assert_int_equal(res.val[m.var[r][c]], val[r][c]);
}

/* ---- pathological runs ---- */

/* 300 digits into 100 cells with no arithmetic: astronomically many readings; the
 * search stops at its bound, reports it (as ambiguous to the caller), and sets nothing. */
static void bound_300_digits(void **state) {
  static char digits[301];
  for (int i = 0; i < 300; i++) digits[i] = (char)('1' + i % 9);
  gk_drun_run run = {digits, 300, 0, 100};
  gk_drun_problem p = {100, counts, &run, 1, NULL, 0, 0, NULL, NULL};
  gk_drun_result r;
  assert_int_equal(gk_drun_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_BOUND);
  assert_true(r.steps <= GK_DRUN_MAX_STEPS + 1);
  for (int v = 0; v < 100; v++) assert_false(r.agreed[v]);
}

/* 300 digits into one t3 row of seven counts cannot be read (no count has that many
 * digits) and ends at once. */
static void none_300_digits(void **state) {
  static char digits[301];
  for (int i = 0; i < 300; i++) digits[i] = (char)('1' + i % 9);
  gk_drun_run run = {digits, 300, 0, 7};
  gk_drun_problem p = {7, counts, &run, 1, NULL, 0, 0, NULL, NULL};
  gk_drun_result r;
  assert_int_equal(gk_drun_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_NONE);
  assert_true(r.steps < 1000);
}

/* A blank cell (GK_DRUN_BLANK, an &nbsp; the textContent kept) is a cell of its own:
 * "24__10117" as a t3 row of seven cells under its total reads 2|4|_|_|10|1|17 only. */
static void blank_cells(void **state) {
  gk_drun_run run = {"24__10117", 9, 0, 7};
  gk_drun_term tm[7] = {{0, 1}, {1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}, {6, -1}};
  gk_drun_eq eq = {tm, 7, 0, "t3.row_total"};
  gk_drun_problem p = {7, counts, &run, 1, &eq, 1, 0, NULL, NULL};
  gk_drun_result r;
  assert_int_equal(gk_drun_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_UNIQUE);
  const long long want[7] = {2, 4, 0, 0, 10, 1, 17};
  for (int v = 0; v < 7; v++) assert_int_equal(r.val[v], want[v]);
  assert_int_equal(r.len[2], 1);
  assert_int_equal(run.s[r.off[2]], GK_DRUN_BLANK);
}

/* ---- one reading per row (digitrows) ---- */

/* Two rows of two cells (a, b), each with two readings alone, and a column rule per
 * cell: a0 + a1 = 5, b0 + b1 = 7. Only one choice satisfies both. */
static const gk_drun_term col_a[2] = {{0, 1}, {2, 1}}, col_b[2] = {{1, 1}, {3, 1}};
static const gk_drun_eq cols[2] = {{col_a, 2, -5, "a"}, {col_b, 2, -7, "b"}};

static void rows_decided_by_columns(void **state) {
  static const long long r0[4] = {1, 2, /**/ 3, 4};
  static const long long r1[4] = {4, 5, /**/ 2, 5};
  gk_drows_group g[2] = {{0, 2, 2, r0}, {2, 2, 2, r1}};
  gk_drows_problem p = {g, 2, cols, 2, 0};
  gk_drows_result r;
  assert_int_equal(gk_drows_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_UNIQUE);
  assert_int_equal(r.readings, 1);
  assert_true(r.viable[0][0]); /* 1+4 = 5, 2+5 = 7 */
  assert_false(r.viable[0][1]);
  assert_true(r.viable[1][0]);
  assert_false(r.viable[1][1]);
}

/* Both choices add up: ambiguous, every candidate viable, none picked. */
static void rows_ambiguous(void **state) {
  static const long long r0[4] = {1, 2, /**/ 3, 4};
  static const long long r1[4] = {4, 5, /**/ 2, 3};
  gk_drows_group g[2] = {{0, 2, 2, r0}, {2, 2, 2, r1}};
  gk_drows_problem p = {g, 2, cols, 2, 0};
  gk_drows_result r;
  assert_int_equal(gk_drows_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_AMBIGUOUS);
  assert_int_equal(r.readings, 2);
  for (int k = 0; k < 2; k++) assert_true(r.viable[0][k] && r.viable[1][k]);
}

/* No choice adds up: the document's arithmetic fails; nothing is viable. */
static void rows_none(void **state) {
  static const long long r0[4] = {1, 2, /**/ 3, 4};
  static const long long r1[4] = {9, 9, /**/ 8, 8};
  gk_drows_group g[2] = {{0, 2, 2, r0}, {2, 2, 2, r1}};
  gk_drows_problem p = {g, 2, cols, 2, 0};
  gk_drows_result r;
  assert_int_equal(gk_drows_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_NONE);
  assert_int_equal(r.readings, 0);
  assert_false(r.viable[0][0] || r.viable[0][1] || r.viable[1][0] || r.viable[1][1]);
}

/* Forty rows of one cell with readings 1 or 2 (2^40 choices) under one rule that
 * sums them to 60: the partial sums are few (at most 81), so it is solved exactly
 * with every candidate viable and 40-choose-20 readings. */
static void rows_many_few_sums(void **state) {
  static gk_drows_group g[40];
  static const long long two[2] = {1, 2};
  static gk_drun_term tm[40];
  for (int i = 0; i < 40; i++) {
    g[i] = (gk_drows_group){i, 1, 2, two};
    tm[i] = (gk_drun_term){i, 1};
  }
  gk_drun_eq eq = {tm, 40, -60, "sum"};
  gk_drows_problem p = {g, 40, &eq, 1, 0};
  gk_drows_result r;
  assert_int_equal(gk_drows_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_AMBIGUOUS);
  assert_int_equal(r.readings, 137846528820LL);
  assert_true(r.states < 2000);
}

/* Rows whose readings give ever new sums under two rules at once exceed a small
 * bound on states: reported as BOUND, nothing viable. */
static void rows_bound(void **state) {
  static gk_drows_group g[24];
  static long long vals[24][4];
  static gk_drun_term ta[24], tb[24];
  for (int i = 0; i < 24; i++) {
    vals[i][0] = 1LL << i, vals[i][1] = 0, vals[i][2] = 0, vals[i][3] = 1LL << i;
    g[i] = (gk_drows_group){2 * i, 2, 2, vals[i]};
    ta[i] = (gk_drun_term){2 * i, 1};
    tb[i] = (gk_drun_term){2 * i + 1, 1};
  }
  gk_drun_eq eqs[2] = {{ta, 24, -(1LL << 23), "a"}, {tb, 24, -((1LL << 24) - 1 - (1LL << 23)), "b"}};
  gk_drows_problem p = {g, 24, eqs, 2, 5000};
  gk_drows_result r;
  assert_int_equal(gk_drows_solve(A, &p, &r), GK_OK);
  assert_int_equal(r.status, GK_DRUN_BOUND);
  assert_true(r.states <= 5000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(unique_zeros, setup, teardown),
      cmocka_unit_test_setup_teardown(unique_row_total, setup, teardown),
      cmocka_unit_test_setup_teardown(decided_by_columns, setup, teardown),
      cmocka_unit_test_setup_teardown(truly_ambiguous, setup, teardown),
      cmocka_unit_test_setup_teardown(signed_and_decimal, setup, teardown),
      cmocka_unit_test_setup_teardown(whole_t3, setup, teardown),
      cmocka_unit_test_setup_teardown(bound_300_digits, setup, teardown),
      cmocka_unit_test_setup_teardown(none_300_digits, setup, teardown),
      cmocka_unit_test_setup_teardown(blank_cells, setup, teardown),
      cmocka_unit_test_setup_teardown(rows_decided_by_columns, setup, teardown),
      cmocka_unit_test_setup_teardown(rows_ambiguous, setup, teardown),
      cmocka_unit_test_setup_teardown(rows_none, setup, teardown),
      cmocka_unit_test_setup_teardown(rows_many_few_sums, setup, teardown),
      cmocka_unit_test_setup_teardown(rows_bound, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
