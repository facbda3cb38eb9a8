/* crossyear.h: the corpus rules that need two reports of one organ (corpus.carry and
 * corpus.in_force: rows of the rule table, core/schema.c, checked by core/check_pair.c)
 * run over the records of one run: records paired by organ and consecutive years,
 * each keeping the few cells the rules read (gk_xyear_cells), failures added to the
 * later year's record. */
#ifndef GK_CROSSYEAR_H
#define GK_CROSSYEAR_H

#include <stddef.h>

#include "record.h"

/** The cells the pair rules of every template read, as "table.row.col",
 *  NULL-terminated; gk_record.cells is indexed like this list (at most
 *  GK_RECORD_MAX_CELLS). Built from the rule table on the first call; static data. */
const char *const *gk_xyear_cells(void);

/** The organ's key for matching across years: crawler labels (标题：, 来源: …),
 *  markup marks (#) and spaces dropped, 人民政府 read as 政府 (镇平县人民政府 ≡
 *  镇平县政府). Returns a malloc'd string the caller frees with free(), or NULL when
 *  nothing of an organ is left (or out of memory). */
char *gk_xyear_organ_key(const char *organ);

/** Runs the cross-year rules over records `recs[0..n)`: for every pair of records
 *  of one organ (by key) and consecutive years y, y+1 with usable statuses, the
 *  failures are added to the record of y+1, naming both sources. Returns the number
 *  of year pairs compared (>= 0), or GK_ENOMEM. */
int gk_xyear_check(gk_record *recs, size_t n);

#endif
