/* index.h: the corpus index of review pages (--out DIR -f html): index.html. */
#ifndef GK_INDEX_H
#define GK_INDEX_H

#include <stdio.h>

#include "record.h"

/** Writes index.html for records recs[0 .. n): failures per rule id (a table and an
 *  inline SVG bar chart), then a table of the documents (organ, year, kind, verdict,
 *  failing rule ids) linking to pages[i] (a file name in the same directory, or NULL
 *  when the input has no page), sortable by a small inline script and readable
 *  without it. Returns GK_OK, GK_ENOMEM or GK_EIO. */
int gk_index_write(const gk_record *recs, char *const *pages, size_t n, FILE *f);

#endif
