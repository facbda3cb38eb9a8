/* pdf_layout.h: the geometry half of the PDF converter, apart from poppler so that
 * tests can feed it glyph boxes directly: glyphs → words → lines → table regions
 * and their grids → the document model. */
#ifndef GK_PDF_LAYOUT_H
#define GK_PDF_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

struct gk_doc;

/* One character as placed on the page: its box in points, y growing downwards
 * (poppler's text layout convention). */
typedef struct gk_pdf_glyph {
  double x0, y0, x1, y1;
  uint32_t cp;
} gk_pdf_glyph;

typedef struct gk_pdf_layout gk_pdf_layout;

/** Returns an empty layout, or NULL when out of memory. Free with gk_pdf_layout_free(). */
gk_pdf_layout *gk_pdf_layout_new(void);

/** Frees the layout and its pages. NULL is allowed. */
void gk_pdf_layout_free(gk_pdf_layout *lay);

/** Adds the next page: `n` glyphs in any order (white space is ignored; its place is
 *  read from the gaps), on a page of `width` x `height` points. The glyphs are copied.
 *  Returns GK_OK, or GK_ENOMEM (the layout stays usable and is freed as usual). */
int gk_pdf_layout_add_page(gk_pdf_layout *lay, const gk_pdf_glyph *glyphs, size_t n, double width,
                           double height);

/** Number of glyphs kept over all pages so far (white space excluded). */
size_t gk_pdf_layout_glyphs(const gk_pdf_layout *lay);

/** Drops page headers, footers and page numbers, finds the tables and appends the
 *  pages to `doc` in reading order: paragraphs for text outside tables, grids for
 *  tables, each block's page set. Returns GK_OK or GK_ENOMEM. */
int gk_pdf_layout_emit(struct gk_doc *doc, gk_pdf_layout *lay);

/** Whether `s` (UTF-8, `len` bytes) reads as a table value: a number (optionally
 *  signed, with separators, a percent sign or a bracketed remark) or a blank mark
 *  (/ — - 无). Returns 2 for a number, 1 for a blank mark, 0 otherwise. */
int gk_pdf_value_kind(const char *s, size_t len);

#endif
