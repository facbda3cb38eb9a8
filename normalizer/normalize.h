/* normalize.h: the normalizer's entry points: the model's blocks mapped onto the
 * canonical tables, and the cleaned views the writers print. */
#ifndef GK_NORMALIZE_H
#define GK_NORMALIZE_H

#include "../core/base.h"

/** Maps the model onto the canonical tables: parts, template, tables, the figures
 *  the prose states. `schema_id` forces a template ("xxgk-2021" or "xxgk-2019");
 *  NULL detects it. Returns GK_OK, GK_ENOMEM, or GK_EFORMAT for an unknown id;
 *  problems of the document are diagnostics and checks, not failures. */
int gk_normalize(gk_doc *doc, const char *schema_id);

/** Builds the views `views` (GK_VIEW_* bits) into the model, after gk_normalize.
 *  Returns GK_OK or GK_ENOMEM. */
int gk_normalize_views(gk_doc *doc, unsigned views);

/** A decision from outside the document (the corpus's rules over two years of one
 *  organ): row `row` of table `table` reads `reading` ('|' between its numeric
 *  cells), which must be one of the readings its text admits (gk_value.alts of its
 *  undecided cells). Its undecided cells take their values, with decided_by `why`.
 *  Returns GK_OK, GK_ENOMEM, or GK_EFORMAT when the row has no such reading (then
 *  nothing changes: an outside rule never puts a number the text does not have). */
int gk_normalize_settle(gk_doc *doc, const char *table, const char *row, const char *reading,
                        const char *why);

#endif
