/* docx_body.h: the walk of a DOCX document body into the model. Private to the DOCX
 * converter.
 *
 * Reading order follows the body: each paragraph is a paragraph block (split at line
 * breaks, so a heading and its text on one Word paragraph are two blocks), each data
 * table a grid (gridSpan, vMerge and the legacy hMerge as spans), text boxes after
 * the paragraph that anchors them. Tables that only frame other content (a single
 * cell, or cells holding tables) are unwrapped, so headings inside them stay
 * paragraphs and inner tables stay grids. Tracked deletions are dropped and
 * insertions kept; of a field only its result is read; content controls, custom XML
 * and smart tags are read through. */
#ifndef GK_DOCX_BODY_H
#define GK_DOCX_BODY_H

#include "docx_numbering.h"
#include "docx_xml.h"

struct gk_doc;

/* Most tables within tables and text boxes within text boxes that are read; deeper
 * ones are skipped with a warning. */
#ifndef GK_MAX_NESTING
#define GK_MAX_NESTING 32
#endif
/* Most element levels the walk descends; libxml2 refuses deeper documents anyway
 * (its default depth limit is 256 too), so this only bounds the recursion. */
#define GK_DOCX_MAX_DEPTH 256
/* Most complex fields (w:fldChar begin … end) open at once that are tracked; past
 * that, nesting is still counted but instructions no longer hidden. */
#define GK_DOCX_MAX_FIELDS 64
/* Most wrapper levels (content controls, custom XML, tracked insertions) between a
 * table and its rows or a row and its cells that are looked through. */
#define GK_DOCX_MAX_WRAPPERS 8

/** Adds the blocks of `body` (a w:body) to doc, labelling numbered paragraphs from
 *  nb (whose counters advance). Problems of the document are warnings on doc.
 *  Returns GK_OK, or GK_ENOMEM (no diagnostic; the caller reports it) or the
 *  status of a model limit hit. The blocks added so far stay in the doc. */
int gk_docx_body_walk(struct gk_doc *doc, const gk_docx_node *body, gk_docx_numbering *nb);

#endif
