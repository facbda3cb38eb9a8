/* pdf.c: PDF converter, the poppler-glib glue: opens the document from memory, says
 * why when it cannot (user password, damage, no text layer), and hands each page's
 * characters with their boxes to the layout (pdf_layout.h) one page at a time. No
 * poppler object or string outlives a page; the model gets copies only.
 *
 * A PDF has no table structure, only glyphs at positions, so the rest is geometry:
 *   pdf_lines.c  glyphs → words → lines by gaps; page numbers, running headers and
 *                footers dropped;
 *   pdf_grid.c   lines → table regions → columns, wrapped label cells, header spans,
 *                rows → grids;
 *   pdf_layout.c the page pipeline and the paragraphs (wrapped lines joined). */
#include <glib.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "../core/utf8.h"
#include "convert.h"
#include "pdf_layout.h"
#include "pdf_render.h"

/* The characters of a page with their boxes: poppler gives one rectangle per
 * character of the page's UTF-8 text, in order. Both calls read the one text page
 * poppler builds for a PopplerPage on first use and keeps until the page is freed
 * (TextOutputDev over the page's content: its fonts loaded, its content stream run,
 * the words coalesced: three quarters of a whole gktab run), so a page is interpreted
 * once; the two walks over the built text page cost 0.3 M instructions a page.
 * The glyphs go into the layout's page buffer; returns it and sets *n, or returns
 * NULL when out of memory. */
static gk_pdf_glyph *page_glyphs(PopplerPage *page, gk_pdf_layout *lay, size_t *n) {
  char *text = poppler_page_get_text(page);
  PopplerRectangle *rects = NULL;
  guint nr = 0;
  if (!text || !poppler_page_get_text_layout(page, &rects, &nr)) nr = 0;
  size_t tl = text ? strlen(text) : 0;
  gk_pdf_glyph *g = gk_pdf_layout_page_buffer(lay, nr ? nr : 1);
  *n = 0;
  if (g) {
    size_t i = 0;
    for (guint k = 0; k < nr && i < tl; k++) {
      uint32_t cp = gk_utf8_next(text, tl, &i);
      const PopplerRectangle *r = &rects[k];
      g[(*n)++] = (gk_pdf_glyph){r->x1 < r->x2 ? r->x1 : r->x2, r->y1 < r->y2 ? r->y1 : r->y2,
                                 r->x1 > r->x2 ? r->x1 : r->x2, r->y1 > r->y2 ? r->y1 : r->y2, cp};
    }
  }
  g_free(rects);
  g_free(text);
  return g;
}

/* Reads the pages one at a time into the layout; each poppler page (and its text
 * layout) is released before the layout works on its glyphs. Every page is read once
 * and only once: the layout keeps the glyphs of the few pages it compares (running
 * headers and footers, tables continued on the next page) itself, never asking
 * poppler again; only the review page's pictures (-f html) render table regions
 * afterwards. */
static int read_pages(PopplerDocument *pd, int npages, gk_pdf_layout *lay) {
  int rc = GK_OK;
  for (int i = 0; i < npages && rc == GK_OK; i++) {
    PopplerPage *page = poppler_document_get_page(pd, i);
    if (!page) continue;
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    size_t n;
    gk_pdf_glyph *g = page_glyphs(page, lay, &n);
    g_object_unref(page);
    rc = g ? gk_pdf_layout_add_page(lay, g, n, w, h) : GK_ENOMEM;
  }
  return rc;
}

/* A one-page PDF with no content (xref offsets counted by hand, checked with pdfinfo). */
static const char holder_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 1 1]>>endobj\n"
    "xref\n0 4\n"
    "0000000000 65535 f \n"
    "0000000009 00000 n \n"
    "0000000052 00000 n \n"
    "0000000101 00000 n \n"
    "trailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n";

/* Every PopplerDocument holds a reference on poppler's GlobalParams (its Unicode
 * maps and encoding tables), which is built when the first document opens (3.9 M
 * instructions) and destroyed when the last one closes (1.0 M). Without a holder a
 * batch of PDFs in one process built and destroyed it once per document; this empty
 * document, opened once and kept for the process (still reachable at exit, never
 * freed), holds it. Returns nothing: if it cannot be opened, each document simply
 * builds its own GlobalParams as before. */
static PopplerDocument *params_holder;
static void hold_global_params(void) {
  static int tried;
  if (tried) return;
  tried = 1;
  /* The bytes are static, so the document may outlive any caller's buffer. */
  GBytes *bytes = g_bytes_new_static(holder_pdf, sizeof holder_pdf - 1);
  params_holder = poppler_document_new_from_bytes(bytes, NULL, NULL);
  g_bytes_unref(bytes);
}

/* The module is built with hidden visibility (meson.build): only this is exported. */
__attribute__((visibility("default"))) int gk_convert_pdf(gk_doc *doc, const unsigned char *buf,
                                                         size_t len) {
  doc->format = GK_FMT_PDF;
  hold_global_params();
  GError *err = NULL;
  /* The bytes stay the caller's: the document is freed before we return. */
  GBytes *bytes = g_bytes_new_static(buf, len);
  PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &err);
  g_bytes_unref(bytes);
  if (!pd) {
    /* An owner password (printing, copying forbidden) opens without one; a user
       password would have to be given. */
    if (err && g_error_matches(err, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
      gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "PDF is encrypted with a user password");
    else
      gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "damaged PDF: %s",
                  err && err->message ? err->message : "poppler could not open it");
    if (err) g_error_free(err);
    return GK_EFORMAT;
  }
  int npages = poppler_document_get_n_pages(pd);
  if (npages <= 0) {
    g_object_unref(pd);
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "damaged PDF: no pages");
    return GK_EFORMAT;
  }
  gk_pdf_layout *lay = gk_pdf_layout_new(doc);
  size_t first_block = doc->nblocks;
  int rc = lay ? read_pages(pd, npages, lay) : GK_ENOMEM;
  /* The review page's pictures need the document again; else it goes now. */
  if (!doc->want_pictures) g_object_unref(pd), pd = NULL;
  /* Pages without glyphs add nothing to the doc, so this can be said at the end. */
  if (rc == GK_OK && gk_pdf_layout_glyphs(lay) == 0) {
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL,
                "no text layer (scanned PDF?); OCR is not supported");
    rc = GK_EFORMAT;
  }
  if (rc == GK_OK) rc = gk_pdf_layout_finish(lay);
  gk_pdf_layout_free(lay);
  if (pd && rc == GK_OK) rc = gk_pdf_render_tables(doc, pd, first_block);
  if (pd) g_object_unref(pd);
  return rc;
}
