/* crossyear.h: the corpus rules that need two reports of one organ (corpus.carry and
 * corpus.in_force: rows of the rule table, core/schema.c, checked by core/check_pair.c)
 * run over the records of one run: records paired by organ and consecutive years,
 * each keeping the few cells the rules read (gk_pair_cells, core/check_pair.h), failures added to the
 * later year's record. */
#ifndef GK_CROSSYEAR_H
#define GK_CROSSYEAR_H

#include <stddef.h>

#include "record.h"

/** The organ's key for matching across years: crawler labels (标题：, 来源: …),
 *  markup marks (#) and spaces dropped, 人民政府 read as 政府 (镇平县人民政府 ≡
 *  镇平县政府). Returns a malloc'd string the caller frees with free(), or NULL when
 *  nothing of an organ is left (or out of memory). */
char *gk_xyear_organ_key(const char *organ);

/** Settles undecided rows (GK_RC_AMBIG cells, value.ambiguous) by the cross-year
 *  rules: for every pair as gk_xyear_check forms them, each reading of such a row
 *  is tried, and when exactly one makes the rules over that row hold (and the rules
 *  do read the row: a reading changed far off must fail them), the record takes it
 *  as a settlement (gk_record_add_settle, naming the rule and the other year) and
 *  its cells become that reading's. Returns the number of rows settled (>= 0), or
 *  GK_ENOMEM. The caller re-reads those documents with the settlements. */
int gk_xyear_settle(gk_record *recs, size_t n);

/** Runs the cross-year rules over records `recs[0..n)`: for every pair of records
 *  of one organ (by key) and consecutive years y, y+1 with usable statuses, the
 *  failures are added to the record of y+1, naming both sources. Returns the number
 *  of year pairs compared (>= 0), or GK_ENOMEM. */
int gk_xyear_check(gk_record *recs, size_t n);

#endif
