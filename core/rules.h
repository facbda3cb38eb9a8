/* rules.h: the one engine over the template's arithmetic: expands the rules of
 * schema.c (gk_stable.rules) into linear constraints over cells and evaluates them.
 *
 * Users: the checker (core/check.c) evaluates every instance on a doc's values;
 * the value resolver (normalizer/resolve.c) tests candidate readings of some rows
 * before they are in a doc; a reader that decodes digit runs may enumerate the
 * readings under which every instance of a table holds at once, across rows and
 * columns. */
#ifndef GK_RULES_H
#define GK_RULES_H

#include "arena.h"
#include "schema.h"

/* One term of an instance: coef · (the value at row, col of the instance's table).
 * row and col index gk_stable.rows and gk_stable.cols. */
typedef struct gk_rule_term {
  int row, col;
  int coef;  /* +1 on the left side of the rule, -1 on the right */
  int named; /* the row was named by the rule (or is the row it is stated for), not
                chosen by a flag. The checker evaluates an instance only when every
                row of it, named or chosen, was found in the document */
  int prev;  /* a pair rule's term read from the earlier year's report */
} gk_rule_term;

/* A rule stated for one row or one column: sum of coef · cell over terms = 0.
 * terms[0 .. nlhs) are the rule's left side (coef +1) in the rule's key order (or
 * table order for a flag-selected side), terms[nlhs .. nterms) its right side. */
typedef struct gk_rule_inst {
  const gk_rule *rule;
  gk_table table;
  int row; /* the row it is stated for (GK_RULE_EACH_ROW), else -1 */
  int col; /* the column it is stated for (GK_RULE_EACH_COL), else -1 */
  const gk_rule_term *terms;
  int nterms, nlhs;
} gk_rule_inst;

/* Every instance of one table's rules in one layout, rule by rule in the table's
 * order and, within a rule, by row or column in template order. */
typedef struct gk_rule_set {
  const gk_rule_inst *insts;
  int ninsts;
} gk_rule_set;

/** Expands the rules of table `t` of `s` for the layout `variant` (1: the one-row
 *  （六） layout, gk_doc.variant_other). Rows not active in the layout take part in
 *  no instance. Fills *out (arrays owned by `a`; an empty set for a table without
 *  rules). Returns GK_OK or GK_ENOMEM. */
int gk_rules_expand(gk_arena *a, const gk_schema *s, gk_table t, int variant, gk_rule_set *out);

/** As gk_rules_expand, but the set is expanded once per schema, table and layout and
 *  kept for the process (it is a function of the const template alone): the checker
 *  asks for it for every document of a batch. The arrays are the cache's, never
 *  freed (still reachable at exit); the caller must not free or change them.
 *  Returns GK_OK or GK_ENOMEM. */
int gk_rules_for(const gk_schema *s, gk_table t, int variant, gk_rule_set *out);

/** Expands the pair rules of table `t` of `s` (gk_stable.pair_rules, over two years of
 *  one organ; terms with `prev` read the earlier year) into *out, as above. */
int gk_rules_expand_pairs(gk_arena *a, const gk_schema *s, gk_table t, gk_rule_set *out);

/* The value of a cell for evaluation: ctx is the caller's. */
typedef long long (*gk_rule_get)(void *ctx, gk_table t, int row, int col);

/** Sums the instance's left side into *lhs and its right side into *rhs (both may
 *  not be NULL) with values from `get`. */
void gk_rule_inst_eval(const gk_rule_inst *in, gk_rule_get get, void *ctx, long long *lhs,
                       long long *rhs);

/** 1 when the instance holds with values from `get`, else 0. */
int gk_rule_inst_holds(const gk_rule_inst *in, gk_rule_get get, void *ctx);

/* A reading of consecutive rows row0 .. row0+nrows-1 of one table, before it is in a
 * doc: their numeric cells (GK_VK_TEXT columns have no value) one after another,
 * each row's in its gk_srow.cols order; nvals values in all. The instances it must
 * satisfy are those whose every term lies in these rows. The layout is the one in
 * which row0 takes part (a row being read is in the document's layout). */
#define GK_RULE_ROWS_MAX 32 /* instances a gk_rule_rows lists; past it every one is searched */

/* Where an instance is: its rule's index in gk_stable.rules and the row or column
 * it is stated for. */
typedef struct gk_rule_at {
  short rule, at;
} gk_rule_at;

typedef struct gk_rule_rows {
  const gk_schema *schema;
  gk_table table;
  int row0, nrows;
  int variant;
  int nvals;
  /* The instances within the rows, as (rule index, row or column it is stated for),
     so that testing a reading does not search the whole table; ninsts -1: more
     than GK_RULE_ROWS_MAX, searched at every test. */
  int ninsts;
  gk_rule_at insts[GK_RULE_ROWS_MAX];
} gk_rule_rows;

/** Fills *rr for the rows row0 .. row0+nrows-1 of table `t` and returns rr, or
 *  returns NULL when no instance lies within those rows (no arithmetic to test)
 *  or the rows are out of range. Needs no memory beyond *rr. */
const gk_rule_rows *gk_rules_rows(gk_rule_rows *rr, const gk_schema *s, gk_table t, int row0,
                                  int nrows);

/** Index in a reading of the cell (row, col), or -1 when it has no value there. */
int gk_rule_rows_index(const gk_rule_rows *rr, int row, int col);

/** 1 when every instance within the rows holds for the reading vals[0 .. n),
 *  0 when one fails or n is not rr->nvals. */
int gk_rule_rows_holds(const gk_rule_rows *rr, const long long *vals, int n);

#endif
