/* map.h: mapping the model's paragraphs and grids onto the canonical tables. */
#ifndef GK_MAP_H
#define GK_MAP_H

struct gk_doc;

#include "../core/schema.h"

/** Sets doc's schema (`forced`, or else the generation whose header labels table 2
 *  has most of; xxgk-2021 when nothing decides) and fills the values of t2, t3, t4
 *  from the blocks of parts 二–四 (found by gk_narr_find_parts), matching rows by
 *  label. Returns GK_OK or GK_ENOMEM. */
int gk_map_tables(struct gk_doc *doc, const gk_schema *forced);

#endif
