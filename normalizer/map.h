/* map.h: mapping the model's paragraphs and grids onto the canonical tables. */
#ifndef GK_MAP_H
#define GK_MAP_H

struct gk_doc;

/** Detects the template generation from the labels of table 2 (and 3). Returns the
 *  schema (static); xxgk-2021 when nothing decides. */
const gk_schema *gk_map_detect_schema(struct gk_doc *doc);

/** Fills doc's values for t2, t3, t4 from the blocks of parts 二–四 (found by
 *  gk_narr_find_parts), matching rows by label. Requires gk_doc_set_schema().
 *  Returns GK_OK or GK_ENOMEM. */
int gk_map_tables(struct gk_doc *doc);

#endif
