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

#endif
