/* view.c: the cleaned views of the model that the writers print as they are. */
#include <string.h>

#include "../core/doc.h"
#include "grid.h"
#include "narrative.h"
#include "normalize.h"
#include "textfix.h"

/* A paragraph as the text writer shows it: cleaned, or NULL when nothing is left
 * or the line is a page header/footer. */
static int view_paragraph(gk_doc *doc, gk_block *blk) {
  char *t = gk_text_clean(doc->arena, blk->text);
  if (!t) return GK_ENOMEM;
  blk->clean = *t && !gk_lex_is_page_marker(t) ? t : NULL;
  return GK_OK;
}

/* A grid with its spans laid out, so that TSV columns line up; a grid too big to
 * lay out keeps its rows as they are, padded to the widest. */
static int view_grid(gk_doc *doc, gk_block *blk) {
  gk_grid_layout lay;
  int rc = gk_grid_layout_get(doc, blk, &lay);
  if (rc == GK_ENOMEM) return rc;
  int laid = rc == GK_OK;
  size_t nrows = laid ? lay.nrows : blk->nrows, ncols = 0;
  if (laid)
    ncols = lay.ncols;
  else
    for (size_t r = 0; r < blk->nrows; r++)
      if (blk->rows[r].ncells > ncols) ncols = blk->rows[r].ncells;
  const char **cells = gk_arena_alloc_uninit(doc->arena, (nrows * ncols + 1) * sizeof *cells);
  if (!cells) return GK_ENOMEM;
  for (size_t r = 0; r < nrows; r++)
    for (size_t c = 0; c < ncols; c++) {
      const gk_cell *cell = laid                          ? lay.slot[r * ncols + c]
                            : c < blk->rows[r].ncells ? &blk->rows[r].cells[c]
                                                          : NULL;
      const char *t = !cell || cell->covered ? "" : gk_text_clean(doc->arena, cell->text);
      if (!t) return GK_ENOMEM;
      cells[r * ncols + c] = t;
    }
  blk->view = cells;
  blk->view_rows = nrows;
  blk->view_cols = ncols;
  return GK_OK;
}

int gk_normalize_views(gk_doc *doc, unsigned views) {
  int rc;
  if (views & GK_VIEW_SECTIONS)
    for (int p = 1; p <= GK_NPARTS; p++)
      if (p != 2 && p != 3 && p != 4 && doc->parts[p - 1].title && !gk_narr_section_text(doc, p))
        return GK_ENOMEM;
  if (views & GK_VIEW_TEXT)
    for (size_t b = 0; b < doc->nblocks; b++) {
      gk_block *blk = &doc->blocks[b];
      rc = blk->kind == GK_BLOCK_PARAGRAPH ? view_paragraph(doc, blk) : view_grid(doc, blk);
      if (rc) return rc;
    }
  doc->views |= views;
  return GK_OK;
}
