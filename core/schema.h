/* schema.h: the canonical templates (xxgk-2021, xxgk-2019) described as data. */
#ifndef GK_SCHEMA_H
#define GK_SCHEMA_H

#include "base.h"
#include "diag.h"

/* The template's tables, as indexes into gk_schema.tables and the doc's per-table arrays. */
typedef enum { GK_T2, GK_T3, GK_T4 } gk_table;

typedef enum {
  GK_VK_COUNT,   /* non-negative integer */
  GK_VK_SIGNED,  /* integer that may be negative (本年增/减) */
  GK_VK_DECIMAL, /* non-negative decimal (amounts) */
  GK_VK_TEXT,    /* free text (a unit such as 万元) */
} gk_vkind;

enum {
  GK_ROW_RESULT = 1,       /* counts in t3.results_sum */
  GK_ROW_VARIANT_ONLY = 2, /* exists only in the variant layout (2021's one-row （六）) */
  GK_ROW_VARIANT_ALT = 4,  /* replaced by the variant row in the variant layout */
};

#define GK_MAX_ROW_COLS 8

/* ---- the template's arithmetic (勾稽关系) as data; core/rules.h expands it ---- */

/* What a rule is stated for: every row of its table, or every column. */
typedef enum { GK_RULE_EACH_ROW, GK_RULE_EACH_COL } gk_rule_over;

/* One side of a rule: a sum along the other axis (the columns of the row a
 * GK_RULE_EACH_ROW rule is stated for, the rows of the column of a GK_RULE_EACH_COL
 * rule). Either `keys` names them, or (keys NULL, GK_RULE_EACH_COL only) every row
 * with `row_flag` that is active in the layout is summed. */
typedef struct gk_rule_side {
  const char *keys; /* '|'-separated column or row keys, summed in this order */
  int row_flag;     /* GK_ROW_* when keys is NULL */
  const char *what; /* how messages name a flag-selected side ("the result rows") */
} gk_rule_side;

/* How the checker words a failure; the texts are fixed by the fixtures. */
typedef enum {
  GK_RULE_MSG_SIDES,  /* column X: new 74 + carried_in 0 = 74, but results_total 73 + … = 73 */
  GK_RULE_MSG_PARTS,  /* column X: results_total is N, but the result rows sum to S (granted 3 …) */
  GK_RULE_MSG_VALUES, /* row new: 1 + 0 + … = N, but total is M */
  GK_RULE_MSG_TERMS,  /* row review: upheld 1 + corrected 0 + … = N, but total is M */
  /* Pair rules (over two years, see gk_rule.pair): */
  GK_RULE_MSG_PAIR_CELLS, /* carried_in.total of 2020 is 4 (a), but carried_out.total of 2019 is 5 (b) */
  GK_RULE_MSG_PAIR_SUM,   /* x.in_force of 2024 is 336 (a), but in_force 300 of 2023 (b) + issued 35 … = 333 */
} gk_rule_msg;

/* Pair rules: their terms are read from two reports of one organ, of years y and
 * y+1, and their failures go to the later report. A key "prev:KEY" reads year y;
 * a plain key reads y+1. gk_rule.pair says which reports may be paired. */
enum {
  GK_PAIR_ANY_TEMPLATES = 1, /* the two reports may be of either template */
  GK_PAIR_SAME_TEMPLATE = 2, /* both of one template, never across the change */
};
#define GK_RULE_PREV "prev:"

/* A rule of a table: for every row (or column), sum(lhs) = sum(rhs). It is stated
 * at a row (column) where every keyed column (row) exists, is active in the layout
 * and has the cell; elsewhere it does not apply. In the checker, cells that are
 * blank, missing or not integers count as 0 (other checks report them). */
typedef struct gk_rule {
  const char *id; /* the spec's rule id, e.g. "t3.balance" */
  gk_severity severity;
  gk_rule_over over;
  gk_rule_side lhs, rhs;
  gk_rule_msg msg;
  const char *at; /* '|'-separated keys of the rows (columns) it is stated for; NULL: all */
  int pair;       /* 0: over one document; GK_PAIR_*: over two years (gk_stable.pair_rules) */
} gk_rule;

typedef struct gk_scol {
  const char *key;
  const char *labels; /* '|'-separated label variants used to match headers */
  gk_vkind kind;
} gk_scol;

typedef struct gk_srow {
  const char *key;
  const char *labels; /* '|'-separated variants of the row's own (leaf) label */
  int flags;
  int ncols;
  int cols[GK_MAX_ROW_COLS]; /* indexes into the table's cols */
} gk_srow;

typedef struct gk_stable {
  const char *key;   /* "t2", "t3", "t4" */
  const char *title; /* the part heading without its number */
  const gk_scol *cols;
  int ncols;
  const gk_srow *rows;
  int nrows;
  const gk_rule *rules; /* the table's arithmetic, in the order the checker reports it */
  int nrules;
  const gk_rule *pair_rules; /* the corpus rules over two years of one organ */
  int npair_rules;
} gk_stable;

#define GK_NTABLES 3 /* GK_T2, GK_T3, GK_T4 */

struct gk_schema {
  const char *id;
  const gk_stable *tables[GK_NTABLES];
  const char *markers; /* '|'-separated header labels that identify this generation */
};

/** Index of the row `key` in `t`, or -1. */
int gk_schema_row_index(const gk_stable *t, const char *key);

/** Index of the column `key` in `t`, or -1. */
int gk_schema_col_index(const gk_stable *t, const char *key);

/** Position of table column `col` within row `r`'s columns, or -1. */
int gk_schema_row_col_pos(const gk_srow *r, int col);

/** Whether row `r` takes part in the layout (variant = the one-row （六） layout). */
int gk_schema_row_active(const gk_srow *r, int variant);

/** Every known template, NULL-terminated. Static data. */
extern const gk_schema *const gk_schemas[];

#endif
