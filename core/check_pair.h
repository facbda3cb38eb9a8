/* check_pair.h: the corpus rules, over two reports of one organ for consecutive years
 * (gk_stable.pair_rules: corpus.carry, corpus.in_force). The rule engine expands them
 * like a document's rules; the cells come from the caller (a corpus holds records,
 * not documents), and each failure is worded here, as the checker words its own. */
#ifndef GK_CHECK_PAIR_H
#define GK_CHECK_PAIR_H

#include "arena.h"
#include "schema.h"

/* One report of the pair. */
typedef struct gk_pair_report {
  const gk_schema *schema; /* its template */
  int year;
  const char *source;
} gk_pair_report;

/** Reads a cell of the earlier (later = 0) or the later (later = 1) report: 1 with *v
 *  set (a blank cell reads 0: the report's own check already says value.blank), or
 *  0 when the cell cannot take part (absent, a decimal, text, invalid, ambiguous):
 *  then the instance is not evaluated. */
typedef int (*gk_pair_get)(void *ctx, int later, const char *table, const char *row,
                           const char *col, long long *v);

/** Takes one failure: its rule, the later report's cell it is reported at, and the
 *  message naming both years and sources (in the arena given to gk_check_pair).
 *  Returns 0 to go on, or a status that stops the check. */
typedef int (*gk_pair_fail)(void *ctx, const gk_rule *rule, const char *table, const char *row,
                            const char *col, const char *msg);

/** Evaluates the pair rules of the later report's template on the two reports (a rule
 *  marked GK_PAIR_SAME_TEMPLATE only when both are of one template). Messages and the
 *  rules' expansion go to arena `a` (the caller's, released when it likes). Returns
 *  the number of failures (>= 0), GK_ENOMEM, or the first non-zero status of `fail`. */
int gk_check_pair(gk_arena *a, const gk_pair_report *earlier, const gk_pair_report *later,
                  gk_pair_get get, gk_pair_fail fail, void *ctx);

/* Cells the pair rules of all templates read together, at most (a record keeps this many). */
#define GK_PAIR_MAX_CELLS 32

/** The cells the pair rules of every template read, as "table.row.col",
 *  NULL-terminated (at most GK_PAIR_MAX_CELLS). Built from the rule table on the
 *  first call; static data. */
const char *const *gk_pair_cells(void);

#endif
