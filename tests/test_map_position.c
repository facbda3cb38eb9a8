/* test_map_position.c: unit tests of normalizer/map_position.c on hand-made grids
 * whose labels are noise: t3 and t4 mapped by position when the template's shape is
 * there and the sums hold, and left alone otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../core/arena.h"
#include "../core/base.h"
#include "../core/doc.h"
#include "../core/schema.h"
#include "../normalizer/map_position.h"

static const gk_schema *schema_2021(void) {
  for (int i = 0; gk_schemas[i]; i++)
    if (strcmp(gk_schemas[i]->id, "xxgk-2021") == 0) return gk_schemas[i];
  return NULL;
}

/* Adds a grid row: a noise label, then the numbers (NULL-terminated texts). */
static void add_row(gk_doc *doc, gk_block *g, const char *label, const char *const *nums) {
  gk_row *row = gk_grid_add_row(doc, g);
  assert_non_null(row);
  assert_non_null(gk_row_add_cell(doc, row, label, strlen(label)));
  for (int k = 0; nums && nums[k]; k++) {
    gk_cell *c = gk_row_add_cell(doc, row, nums[k], strlen(nums[k]));
    assert_non_null(c);
    gk_cell_set_table_pos(c, 0, (int)g->nrows - 1, k + 1, -1);
  }
}

/* A t3 that balances: 3 new (2 natural, 1 legal), 1 carried in (natural); results:
 * the first result row 2 natural + 1 legal, the second 1 natural; carried out 0. */
static const char *const T3_NEW[] = {"2", "0", "0", "0", "1", "0", "3", NULL};
static const char *const T3_IN[] = {"1", "0", "0", "0", "0", "0", "1", NULL};
static const char *const T3_R1[] = {"2", "0", "0", "0", "1", "0", "3", NULL};
static const char *const T3_R2[] = {"1", "0", "0", "0", "0", "0", "1", NULL};
static const char *const T3_ZERO[] = {"0", "0", "0", "0", "0", "0", "0", NULL};
static const char *const T3_TOTAL[] = {"3", "0", "0", "0", "1", "0", "4", NULL};
static const char *const T3_R2_BAD[] = {"1", "0", "0", "0", "0", "0", "2", NULL}; /* 1 ≠ 2 */

/* Fills grid g with t3's plain rows of the schema, in template order, a noise row
 * without numbers between every two; `drop` rows are left out at the end; `r2` is
 * the second result row. */
static void add_t3(gk_doc *doc, gk_block *g, const char *const *r2, int drop) {
  const gk_stable *st = doc->schema->tables[GK_T3];
  int results = 0, n = 0;
  for (int r = 0; r < st->nrows; r++) n += gk_schema_row_active(&st->rows[r], 0);
  add_row(doc, g, "ÿ±¾ÁÐÊý¾Ý", NULL); /* the header: noise */
  for (int r = 0; r < st->nrows && n > drop; r++) {
    const gk_srow *sr = &st->rows[r];
    if (!gk_schema_row_active(sr, 0)) continue;
    n--;
    const char *const *v = T3_ZERO;
    if (strcmp(sr->key, "new") == 0)
      v = T3_NEW;
    else if (strcmp(sr->key, "carried_in") == 0)
      v = T3_IN;
    else if (strcmp(sr->key, "results_total") == 0)
      v = T3_TOTAL;
    else if (sr->flags & GK_ROW_RESULT)
      v = results++ == 0 ? T3_R1 : results == 2 ? r2 : T3_ZERO;
    add_row(doc, g, "Ò»¡¢±¾Äê", v);
    add_row(doc, g, "ÐÅÏ¢", NULL); /* a wrapped label's second line */
  }
}

static gk_doc *new_doc(void) {
  gk_doc *doc = gk_doc_new("hand-made");
  assert_non_null(doc);
  assert_int_equal(gk_doc_set_schema(doc, schema_2021()), 0);
  return doc;
}

static long long cell(gk_doc *doc, int t, const char *row, int pos) {
  int r = gk_schema_row_index(doc->schema->tables[t], row);
  assert_true(r >= 0);
  const gk_value *v = gk_doc_value_get(doc, t, r, pos);
  assert_int_equal(v->state, GK_VAL_NUMBER);
  return v->i;
}

static int has_check(const gk_doc *doc, const char *id) {
  for (size_t i = 0; i < doc->nchecks; i++)
    if (strcmp(doc->checks[i].id, id) == 0) return 1;
  return 0;
}

static void map(gk_doc *doc) {
  gk_arena *tmp = gk_arena_new();
  assert_non_null(tmp);
  assert_int_equal(gk_map_position(doc, tmp), 0);
  gk_arena_free(tmp);
}

static void t3_exact_shape_is_mapped(void **state) {
  (void)state;
  gk_doc *doc = new_doc();
  gk_block *g = gk_doc_add_grid(doc, 0);
  add_t3(doc, g, T3_R2, 0);
  map(doc);
  assert_true(doc->table_found[GK_T3]);
  assert_true(doc->position_mapped[GK_T3]);
  assert_false(doc->table_found[GK_T4]);
  assert_int_equal(cell(doc, GK_T3, "new", 0), 2);
  assert_int_equal(cell(doc, GK_T3, "new", 4), 1);
  assert_int_equal(cell(doc, GK_T3, "new", 6), 3);
  assert_int_equal(cell(doc, GK_T3, "carried_in", 6), 1);
  assert_int_equal(cell(doc, GK_T3, "granted", 6), 3);
  assert_int_equal(cell(doc, GK_T3, "partial", 0), 1);
  assert_int_equal(cell(doc, GK_T3, "results_total", 6), 4);
  assert_int_equal(cell(doc, GK_T3, "carried_out", 6), 0);
  /* The value keeps where it was read. */
  int r = gk_schema_row_index(doc->schema->tables[GK_T3], "new");
  assert_int_equal(gk_doc_value_get(doc, GK_T3, r, 0)->src.kind, GK_SRC_TABLE);
  gk_check(doc);
  assert_true(has_check(doc, "layout.variant"));
  assert_true(has_check(doc, "table.missing")); /* t2 and t4 */
  assert_false(has_check(doc, "t3.results_sum"));
  gk_doc_free(doc);
}

static void t3_failing_sum_is_not_mapped(void **state) {
  (void)state;
  gk_doc *doc = new_doc();
  add_t3(doc, gk_doc_add_grid(doc, 0), T3_R2_BAD, 0);
  map(doc);
  assert_false(doc->table_found[GK_T3]);
  assert_false(doc->position_mapped[GK_T3]);
  int r = gk_schema_row_index(doc->schema->tables[GK_T3], "new");
  assert_int_equal(gk_doc_value_get(doc, GK_T3, r, 0)->state, GK_VAL_MISSING);
  gk_check(doc);
  assert_false(has_check(doc, "layout.variant"));
  gk_doc_free(doc);
}

static void t3_a_row_short_is_not_mapped(void **state) {
  (void)state;
  gk_doc *doc = new_doc();
  add_t3(doc, gk_doc_add_grid(doc, 0), T3_R2, 1);
  map(doc);
  assert_false(doc->table_found[GK_T3]);
  gk_doc_free(doc);
}

static void t3_two_places_is_not_mapped(void **state) {
  (void)state;
  gk_doc *doc = new_doc();
  gk_block *g = gk_doc_add_grid(doc, 0);
  add_t3(doc, g, T3_R2, 0);
  static const char *const three[] = {"1", "2", "3", NULL}; /* ends the first run */
  add_row(doc, g, "¹æÕÂ", three);
  add_t3(doc, g, T3_R2, 0);
  map(doc);
  assert_false(doc->table_found[GK_T3]);
  gk_doc_free(doc);
}

static void table_found_by_labels_is_untouched(void **state) {
  (void)state;
  gk_doc *doc = new_doc();
  add_t3(doc, gk_doc_add_grid(doc, 0), T3_R2, 0);
  doc->table_found[GK_T3] = 1; /* as gk_map_tables leaves a table its labels found */
  map(doc);
  assert_false(doc->position_mapped[GK_T3]);
  int r = gk_schema_row_index(doc->schema->tables[GK_T3], "new");
  assert_int_equal(gk_doc_value_get(doc, GK_T3, r, 0)->state, GK_VAL_MISSING);
  gk_doc_free(doc);
}

static void t4_one_line_of_fifteen(void **state) {
  (void)state;
  static const char *const ok[] = {"1", "0", "0", "0", "1", "0", "0", "0",
                                   "0", "0", "2", "1", "0", "0", "3", NULL};
  static const char *const bad[] = {"1", "0", "0", "0", "1", "0", "0", "0",
                                    "0", "0", "2", "1", "0", "0", "4", NULL}; /* 2+1 ≠ 4 */
  gk_doc *doc = new_doc();
  add_row(doc, gk_doc_add_grid(doc, 0), "ÐÐÕþ¸´Òé", ok);
  map(doc);
  assert_true(doc->position_mapped[GK_T4]);
  assert_int_equal(cell(doc, GK_T4, "review", 4), 1);
  assert_int_equal(cell(doc, GK_T4, "suit_after_review", 0), 2);
  assert_int_equal(cell(doc, GK_T4, "suit_after_review", 4), 3);
  gk_doc_free(doc);
  doc = new_doc();
  add_row(doc, gk_doc_add_grid(doc, 0), "ÐÐÕþ¸´Òé", bad);
  map(doc);
  assert_false(doc->table_found[GK_T4]);
  gk_doc_free(doc);
}

/* The search alone, on lines: a line of other numbers ends a run, lines without
 * numbers do not; numbers past the line's store are still counted. */
static void find_on_lines(void **state) {
  (void)state;
  gk_doc *doc = new_doc();
  const gk_stable *st = doc->schema->tables[GK_T3];
  int want = 0;
  for (int r = 0; r < st->nrows; r++) want += gk_schema_row_active(&st->rows[r], 0);
  gk_pos_line lines[80];
  memset(lines, 0, sizeof lines);
  int n = 0;
  lines[n++].nnum = 1; /* a year in a heading */
  for (int i = 0; i < want; i++) {
    lines[n++].nnum = 7;
    lines[n++].nnum = 0;
  }
  lines[n++].nnum = 20; /* more than t4's fifteen: not t4 */
  int first = -1, last = -1;
  assert_int_equal(gk_map_pos_find(doc, GK_T3, lines, n, &first, &last), 1);
  assert_int_equal(first, 1);
  assert_int_equal(last, 2 * want - 1);
  assert_int_equal(gk_map_pos_find(doc, GK_T4, lines, n, &first, &last), 0);
  lines[3].nnum = 6; /* a row short of a number splits the run */
  assert_int_equal(gk_map_pos_find(doc, GK_T3, lines, n, &first, &last), 0);
  gk_doc_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(t3_exact_shape_is_mapped),
      cmocka_unit_test(t3_failing_sum_is_not_mapped),
      cmocka_unit_test(t3_a_row_short_is_not_mapped),
      cmocka_unit_test(t3_two_places_is_not_mapped),
      cmocka_unit_test(table_found_by_labels_is_untouched),
      cmocka_unit_test(t4_one_line_of_fifteen),
      cmocka_unit_test(find_on_lines),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
