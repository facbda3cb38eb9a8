/* pdf_grid.h: the lines of a PDF page → table regions → grids of the document model:
 * which lines are table rows, where a region starts and ends, its columns, label
 * cells wrapped over several lines, header spans, row alignment carried on to a table
 * continued on the next page. No poppler here. */
#ifndef GK_PDF_GRID_H
#define GK_PDF_GRID_H

#include <stddef.h>

#include "pdf_lines.h"

struct gk_doc;

/* Thresholds of this stage. "em" is the height of the line concerned (pdf_lines.h). */

/** A line's trailing values stand at least this far (em) from the text before them:
 *  `申请 74 件` is prose, `规章      74` a row. */
#define GK_PDF_VALUE_GAP 0.6
/** One value at least this far (em) from its label makes a table row on its own. */
#define GK_PDF_FAR_LABEL 2.5
/** Label words of a line closer than this (em) are one cell. */
#define GK_PDF_CELL_GAP 0.35
/** A line with a gap this wide (em) between two words is several cells, so never a
 *  heading or prose. */
#define GK_PDF_SEGMENT_GAP 1.5
/** A line spanning at least this fraction of the page's text width is prose. */
#define GK_PDF_PROSE_WIDTH 0.7
/** A line that reads as a part heading (一、…) but stands less than this (em) above a
 *  table row, ending left of its values, is the first line of the row's label. */
#define GK_PDF_LABEL_RUN_ON 0.5
/** A vertical gap taller than this (em) between two lines ends a table region. */
#define GK_PDF_REGION_GAP 4.0
/** Header lines above a table's first row are at most this far (em) apart. */
#define GK_PDF_HEADER_GAP 2.5
/** Lines before and after a candidate row searched for a row whose values align with
 *  it (bounds the work on a page of many lines). */
#define GK_PDF_ALIGN_REACH 64
/** Vertical gap (em) between the lines of one wrapped cell when a region has fewer
 *  than two value lines to measure it on. */
#define GK_PDF_IN_CELL 0.35
/** The gap inside a wrapped cell is taken as this share of the tightest gap between
 *  two value lines (rows are further apart than a cell's lines)... */
#define GK_PDF_IN_CELL_SHARE 0.8
/** ... bounded below by this (em) ... */
#define GK_PDF_IN_CELL_MIN 0.2
/** ... and above by this (em). */
#define GK_PDF_IN_CELL_MAX 0.8
/** Where the gaps between label lines one above the other differ (some wider than
 *  this multiple of the tightest), the tightest is a wrapped cell's leading... */
#define GK_PDF_ROW_GAP_RATIO 1.5
/** ... and the gap inside a cell is taken as up to this multiple of it (LibreOffice:
 *  2.6 pt inside a cell, 4.1 pt between rows). */
#define GK_PDF_IN_CELL_LEADING 1.25
/** A table whose last value column ends less than this (em) from the page's right
 *  edge runs past it (reports keep a margin of 2 cm, about 4 em). */
#define GK_PDF_EDGE_CUT 2.0
/** In such a table, a column whose right end lies within this (em) of the edge may
 *  have lost glyphs past it: the next glyph, at most a full-width character wide,
 *  would not have fit (producers drop a glyph that crosses the edge or clip, and
 *  Poppler one that starts past it). A column ending further left is whole. */
#define GK_PDF_GLYPH_CUT 1.0
/** The value area starts this far (em) left of the leftmost value of a region. */
#define GK_PDF_VALUE_LEFT_SLACK 0.3
/** A word of the next line whose top is more than this (em) above a word's bottom is
 *  beside it, not below it: no link of a wrapped cell. */
#define GK_PDF_LINK_RISE 0.5
/** Most lines of one group of label words that is looked at for cutting it into
 *  cells (a page's column of labels run together is well under this); a longer group
 *  is left whole. */
#define GK_PDF_MAX_SPLIT 128
/** Two gaps between the lines of a label differing by no more than this (em) are
 *  equally wide: which of them parts two rows is decided by centring. */
#define GK_PDF_GAP_TIE 0.1
/** A header cell is under another when its top is below the other's bottom less this
 *  share of the other's height. */
#define GK_PDF_UNDER_SLACK 0.1
/** A label cell at least this tall (em) is wrapped: evidence of the row alignment. */
#define GK_PDF_WRAPPED_CELL 1.5
/** A label cell is on a value line when it overlaps at least this share of the
 *  line's height. */
#define GK_PDF_ROW_OVERLAP 0.3
/** A wrapped label whose top is no more than this (em) above its numbers' top is
 *  top-aligned with them; one starting higher is centred. */
#define GK_PDF_TOP_SLACK 0.3
/** Row pitch (em) assumed when a segment has fewer than two value lines. */
#define GK_PDF_DEFAULT_PITCH 2.5
/** A label cell whose centre is at least this share of the row pitch from every
 *  value line is a row of its own, with all values blank. */
#define GK_PDF_OWN_ROW 0.75
/** Header spans whose centre is within 1/GK_PDF_SPAN_PARTS of a column's pitch of the
 *  header text's centre are equally good; the widest of them wins. */
#define GK_PDF_SPAN_PARTS 3
/** A number wrapped in a narrow column continues on the next line of its cell: the
 *  gap between the two pieces' lines is at most this (em), no blank line between. */
#define GK_PDF_WRAP_GAP 0.8
/** The first piece of a wrapped number filled its cell's width, so it is at least as
 *  wide as the column's widest single-line value less this share of one of its
 *  digits (a piece narrower than a value that fitted did not wrap). */
#define GK_PDF_WRAP_FULL 0.5

/** Finds each line's trailing values and marks (line fields after w1) the table
 *  rows, part headings and prose lines of page `p`; furniture (marker) lines are
 *  skipped. */
void gk_pdf_classify_lines(gk_pdf_page *p);

/** The table region around row line `i` of a classified page: header lines above it
 *  (from line `done` on), the rows below, wrapped label lines after the last row.
 *  Sets its lines [*start, *end]. */
void gk_pdf_region_find(const gk_pdf_page *p, size_t i, size_t done, size_t *start, size_t *end);

/** Appends region [a, b] of page `p` to `doc` as one grid. `*top` is the row
 *  alignment of the document's tables so far (-1 unknown, 0 centred, 1 top-aligned),
 *  used when a table continued on this page shows no evidence of its own, and
 *  updated. Returns GK_OK, GK_ENOMEM, or GK_ELIMIT when the model's hard limits were
 *  hit (an error diagnostic says which). */
int gk_pdf_region_emit(struct gk_doc *doc, const gk_pdf_page *p, size_t a, size_t b, int *top);

#endif
