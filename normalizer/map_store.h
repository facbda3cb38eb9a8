/* map_store.h: storing a matched row's values (private to the map_*.c files). */
#ifndef GK_MAP_STORE_H
#define GK_MAP_STORE_H

#include "map_keys.h"

/** Writes a row's resolved values (vals[0, e), NULL for a blank) into the doc's
 *  table t, row r, its text columns skipped, and marks the row found. Returns GK_OK
 *  or GK_ENOMEM (a value's text did not fit the doc's arena). */
int gk_map_store_values(gk_doc *doc, int t, int r, const char *const *vals, int e);

/** The words that say how a row's values were resolved (GK_RES_*), or NULL. */
const char *gk_map_res_words(int kind);

/** The items as one string, '|' between cells, ' ' between soft-split parts, ∅ for a
 *  blank; in arena a (NULL when it is full). */
char *gk_map_items_text(gk_arena *a, const gk_vitem *it, int n);

/** As gk_map_store_values, with each value's provenance and the rules that decided
 *  it (srcs, by: e entries each, or NULL). */
int gk_map_store_traced(gk_doc *doc, int t, int r, const char *const *vals, const gk_src *srcs,
                        const char *const *by, int e);

/** Traces resolved values vals[0 .. e) back to the items it[0 .. n) they were read
 *  from: srcs[k] their provenance (a blank's when it was a blank cell), ambig[k] 1
 *  when the value was joined from several groups or stands by a soft boundary (its
 *  reading was open). */
void gk_map_trace_values(const gk_vitem *it, int n, const char *const *vals, int e, gk_src *srcs,
                         unsigned char *ambig);

/** The ids of the rules with an instance in rr, space-separated (doc arena), or NULL. */
const char *gk_map_rule_ids(gk_doc *doc, const gk_rule_rows *rr);

/** Which values of a resolution (kind, gk_res_kind) the arithmetic of `rule` decided:
 *  by[k] the rule ids, else NULL. */
void gk_map_decide_values(gk_doc *doc, int kind, const gk_rule_rows *rule,
                          const char *const *vals, int e, const unsigned char *ambig,
                          const char **by);

/** Marks the numeric cells k of row r of table t with open[k] (e entries, in the
 *  template's column order) as undecided (GK_VAL_AMBIGUOUS, null): candidates
 *  `cands` ('|'-separated values, or "" when the text cannot list them) and the
 *  readings `why` for the checker's value.ambiguous. Returns GK_OK or GK_ENOMEM. */
int gk_map_mark_undecided(gk_doc *doc, int t, int r, const unsigned char *open, int e,
                          const char *cands, const char *why);

/** Whether a row's items it[0 .. n) hold a cell cut off at a PDF page's right edge
 *  (src.cut_off, set by the PDF converter on the cells of the column at the edge).
 *  Then its e cells in document order: the cells before the first cut one as
 *  printed, one item each (vals[k], srcs[k], cut[k] 0), and every cell from it on
 *  cut[k] 1 with vals[k] NULL (the template's columns past the row's cells are past
 *  the edge too). More cells than columns left of the edge holding exactly e values
 *  are the whole row (merged cells). Otherwise, when the items before the cut do not
 *  give one value per cell (a cell of two groups, more cells than columns), which is
 *  which is not known and every cell is cut. Returns 1 so, 0 when no item is cut off. */
int gk_map_cut_values(const gk_vitem *it, int n, int e, const char **vals, gk_src *srcs,
                      unsigned char *cut);

/** Marks the numeric cells k of row r of table t with cut[k] (e entries, in the
 *  template's column order) as cut off (GK_VAL_CUT_OFF, null, for the checker's
 *  value.cut_off), with srcs[k] (the page) as their source. */
void gk_map_mark_cut_off(gk_doc *doc, int t, int r, const unsigned char *cut, const gk_src *srcs,
                         int e);

#endif
