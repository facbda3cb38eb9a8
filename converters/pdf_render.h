/* pdf_render.h: pictures of a PDF's table regions for the review page (-f html). */
#ifndef GK_PDF_RENDER_H
#define GK_PDF_RENDER_H

#include <poppler.h>

#include "../core/doc.h"

/** For every grid the PDF converter made (blocks from `first_block` on), renders its
 *  region of its page with poppler onto a cairo image surface and keeps the PNG in
 *  doc->pictures (arena). A page that cannot be rendered, and regions past
 *  GK_MAX_PICTURES, get a note ("picture") instead. Returns GK_OK or GK_ENOMEM. */
int gk_pdf_render_tables(gk_doc *doc, PopplerDocument *pd, size_t first_block);

#endif
