/* pdf_render.c: pictures of a PDF's table regions for the review page: each grid's
 * cells' boxes give its region on its page, which poppler renders onto a cairo image
 * surface; the PNG goes into the doc's arena. Only when the doc asks for pictures
 * (gk_doc.want_pictures, set by the CLI for -f html): rendering costs far more than
 * reading the glyphs. */
#include "pdf_render.h"

#include <cairo.h>
#include <stdlib.h>
#include <string.h>

/* Resolution of a picture: digits of a 10.5 pt table are legible at 100 dpi. */
#define GK_PDF_PICTURE_DPI 100.0
/* Lowest resolution tried when a picture is larger than GK_PDF_PICTURE_MAX_BYTES. */
#define GK_PDF_PICTURE_MIN_DPI 60.0
/* Largest PNG kept per table region (bytes); a larger one is rendered again smaller. */
#define GK_PDF_PICTURE_MAX_BYTES (150u * 1024)
/* Margin around the cells' boxes (points): the ruling lines of the table's edge. */
#define GK_PDF_PICTURE_MARGIN 6.0

typedef struct png_buf {
  unsigned char *p;
  size_t len, cap;
} png_buf;

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int n) {
  png_buf *b = closure;
  if (b->len + n > b->cap) {
    size_t nc = b->cap ? b->cap * 2 : 64 * 1024;
    while (nc < b->len + n) nc *= 2;
    unsigned char *q = realloc(b->p, nc);
    if (!q) return CAIRO_STATUS_NO_MEMORY;
    b->p = q;
    b->cap = nc;
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
  return CAIRO_STATUS_SUCCESS;
}

/* Renders (x0, y0)–(x1, y1) of page at `dpi` into b (malloc'd). Returns a cairo status. */
static cairo_status_t render_region(PopplerPage *page, double x0, double y0, double x1, double y1,
                                    double dpi, png_buf *b, int *w, int *h) {
  double s = dpi / 72.0;
  *w = (int)((x1 - x0) * s + 0.5);
  *h = (int)((y1 - y0) * s + 0.5);
  if (*w < 1) *w = 1;
  if (*h < 1) *h = 1;
  cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *w, *h);
  cairo_t *cr = cairo_create(sf);
  /* Paper white under the page (a PDF draws no background of its own). */
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, s, s);
  cairo_translate(cr, -x0, -y0);
  poppler_page_render(page, cr);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(sf);
  b->len = 0;
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_write_to_png_stream(sf, png_write, b);
  cairo_surface_destroy(sf);
  return st;
}

/* The region of grid g: its cells' boxes with a margin, within the page. 0 when none. */
static int grid_region(const gk_block *g, double pw, double ph, double *r) {
  int any = 0;
  for (size_t i = 0; i < g->nrows; i++)
    for (size_t c = 0; c < g->rows[i].ncells; c++) {
      const gk_src *s = &g->rows[i].cells[c].src;
      if (s->kind != GK_SRC_PDF || !s->has_box || s->page != g->page) continue;
      if (!any || s->x0 < r[0]) r[0] = s->x0;
      if (!any || s->y0 < r[1]) r[1] = s->y0;
      if (!any || s->x1 > r[2]) r[2] = s->x1;
      if (!any || s->y1 > r[3]) r[3] = s->y1;
      any = 1;
    }
  if (!any) return 0;
  r[0] = r[0] - GK_PDF_PICTURE_MARGIN > 0 ? r[0] - GK_PDF_PICTURE_MARGIN : 0;
  r[1] = r[1] - GK_PDF_PICTURE_MARGIN > 0 ? r[1] - GK_PDF_PICTURE_MARGIN : 0;
  r[2] = r[2] + GK_PDF_PICTURE_MARGIN < pw ? r[2] + GK_PDF_PICTURE_MARGIN : pw;
  r[3] = r[3] + GK_PDF_PICTURE_MARGIN < ph ? r[3] + GK_PDF_PICTURE_MARGIN : ph;
  return r[2] > r[0] && r[3] > r[1];
}

int gk_pdf_render_tables(gk_doc *doc, PopplerDocument *pd, size_t first_block) {
  size_t skipped = 0;
  png_buf b = {0};
  int rc = GK_OK;
  for (size_t i = first_block; i < doc->nblocks && rc == GK_OK; i++) {
    const gk_block *g = &doc->blocks[i];
    if (g->kind != GK_BLOCK_GRID || g->page <= 0) continue;
    if (doc->npictures >= GK_MAX_PICTURES) {
      skipped++;
      continue;
    }
    PopplerPage *page = poppler_document_get_page(pd, g->page - 1);
    double pw = 0, ph = 0, r[4];
    if (page) poppler_page_get_size(page, &pw, &ph);
    if (!page || !grid_region(g, pw, ph, r)) {
      if (page) g_object_unref(page);
      else
        gk_diag_add(doc, GK_SEV_NOTE, "picture", gk_arena_printf(doc->arena, "page %d", g->page),
                    "page %d could not be rendered; its table is shown without a picture", g->page);
      continue;
    }
    /* Smaller until the PNG fits (a dense page compresses worse). */
    double dpi = GK_PDF_PICTURE_DPI;
    int w = 0, h = 0;
    cairo_status_t st;
    for (;;) {
      st = render_region(page, r[0], r[1], r[2], r[3], dpi, &b, &w, &h);
      if (st != CAIRO_STATUS_SUCCESS || b.len <= GK_PDF_PICTURE_MAX_BYTES || dpi <= GK_PDF_PICTURE_MIN_DPI)
        break;
      dpi = dpi * 0.8 > GK_PDF_PICTURE_MIN_DPI ? dpi * 0.8 : GK_PDF_PICTURE_MIN_DPI;
    }
    g_object_unref(page);
    if (st == CAIRO_STATUS_NO_MEMORY) {
      rc = GK_ENOMEM;
      break;
    }
    if (st != CAIRO_STATUS_SUCCESS) {
      gk_diag_add(doc, GK_SEV_NOTE, "picture", gk_arena_printf(doc->arena, "page %d", g->page),
                  "page %d could not be rendered (%s); its table is shown without a picture",
                  g->page, cairo_status_to_string(st));
      continue;
    }
    gk_picture *pv = gk_arena_grow(doc->arena, doc->pictures, doc->npictures, &doc->cappictures,
                                   sizeof *pv);
    unsigned char *png = gk_arena_alloc_uninit(doc->arena, b.len);
    if (!pv || !png) {
      rc = GK_ENOMEM;
      break;
    }
    memcpy(png, b.p, b.len);
    doc->pictures = pv;
    doc->pictures[doc->npictures++] =
        (gk_picture){g->page, r[0], r[1], r[2], r[3], dpi / 72.0, w, h, png, b.len};
  }
  free(b.p);
  if (rc == GK_OK && skipped)
    gk_diag_add(doc, GK_SEV_NOTE, "picture", NULL,
                "%zu more table regions were not rendered (at most %d pictures per document)",
                skipped, GK_MAX_PICTURES);
  return rc;
}
