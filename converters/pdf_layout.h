/* pdf_layout.h: the geometry half of the PDF converter, apart from poppler so that
 * tests can feed it glyph boxes directly. Pages go in one at a time and leave as
 * soon as their furniture is known: glyphs → words → lines (pdf_lines.h) → table
 * regions and grids (pdf_grid.h) and paragraphs, appended to the document model in
 * reading order. Only the current page's glyph boxes are alive, and the words and
 * lines of at most GK_PDF_MARKER_REACH + 1 pages (a page waits while a line at its
 * top or bottom may still turn out to repeat on the next pages). */
#ifndef GK_PDF_LAYOUT_H
#define GK_PDF_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "pdf_lines.h"

struct gk_doc;

/* Hard limits (glyphs are the characters that show, white space excluded). A report
 * page of 5 pt text holds about 20 000; the limits stop glyph bombs (content streams
 * that deflate to millions of tiny characters) early with a clear error. */
#ifndef GK_MAX_PDF_PAGE_GLYPHS
#define GK_MAX_PDF_PAGE_GLYPHS 200000
#endif
#ifndef GK_MAX_PDF_GLYPHS
#define GK_MAX_PDF_GLYPHS 2000000
#endif

/* Thresholds of paragraph joining, in em of the line concerned (pdf_lines.h). */

/** A line whose em differs from the previous line's by more than this share of it
 *  starts a new paragraph (a heading or a note in another size). */
#define GK_PDF_PARA_EM_CHANGE 0.15
/** A line ending more than this (em) short of the page's right text margin ends its
 *  paragraph. */
#define GK_PDF_PARA_SHORT 1.5
/** A paragraph's next line starts no more than this (em) below the previous line... */
#define GK_PDF_PARA_LEADING 1.2
/** ... and no more than this (em) above its bottom (lines overlap a little at most). */
#define GK_PDF_PARA_RISE 0.3
/** A wrapped line starts no more than this (em) right of the line above, or of the
 *  left margin on the next page; an indented line starts a paragraph. */
#define GK_PDF_PARA_INDENT 0.5

typedef struct gk_pdf_layout gk_pdf_layout;

/** Returns an empty layout that appends to `doc`, or NULL when out of memory. Free
 *  with gk_pdf_layout_free(). */
gk_pdf_layout *gk_pdf_layout_new(struct gk_doc *doc);

/** Frees the layout and the pages it still holds. NULL is allowed. */
void gk_pdf_layout_free(gk_pdf_layout *lay);

/** Glyphs a page buffer holds at first; it doubles as pages need. */
#define GK_PDF_PAGE_BUFFER_MIN 4096

/** Returns room for `n` glyphs of the next page, for a caller that fills it and
 *  passes it to gk_pdf_layout_add_page() without a copy of its own; owned by the
 *  layout, valid until the next call of either. Returns NULL when out of memory. */
gk_pdf_glyph *gk_pdf_layout_page_buffer(gk_pdf_layout *lay, size_t n);

/** Adds the next page: `n` glyphs in any order (white space is ignored; its place is
 *  read from the gaps), on a page of `width` x `height` points. The glyphs are not
 *  kept (`glyphs` may be the layout's page buffer). Pages whose furniture is settled
 *  are appended to the doc. Returns GK_OK, GK_ENOMEM, or GK_ELIMIT when the page or
 *  the document has more glyphs than GK_MAX_PDF_PAGE_GLYPHS or GK_MAX_PDF_GLYPHS (an
 *  error diagnostic says which); after a failure only gk_pdf_layout_free() is
 *  meaningful. */
int gk_pdf_layout_add_page(gk_pdf_layout *lay, const gk_pdf_glyph *glyphs, size_t n, double width,
                           double height);

/** Number of glyphs over all pages so far (white space excluded). */
size_t gk_pdf_layout_glyphs(const gk_pdf_layout *lay);

/** Appends the pages still waiting and the last paragraph to the doc. Returns GK_OK,
 *  GK_ENOMEM or GK_ELIMIT (the model's limits; a diagnostic says which). */
int gk_pdf_layout_finish(gk_pdf_layout *lay);

#endif
