/* text_inner.h: innerText dumps of web pages whose table cells hold <p> elements. */
#ifndef GK_TEXT_INNER_H
#define GK_TEXT_INNER_H

#include <stddef.h>

#include "../core/doc.h"

/** Joins the table rows of an innerText dump that a browser broke over several
 *  lines (each cell's paragraphs apart by a blank line, a line of a lone tab
 *  between cells, rows apart by two or more blank lines) into one tab-separated
 *  line each, at the row's first line, followed by as many empty lines as it took,
 *  so every later line keeps its number. On a dump of that shape *text and *len are
 *  set to the new text (in the doc's arena); otherwise they are left as they are.
 *  Returns 0, or GK_ENOMEM. */
int gk_text_inner_join(gk_doc *doc, char **text, size_t *len);

#endif
