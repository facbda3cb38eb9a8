/* grid.c: laying out a raw grid's cells on a rectangle (row and column spans). */
#include "grid.h"

#include <string.h>

int gk_grid_layout_get(gk_doc *doc, const gk_block *grid, gk_grid_layout *out) {
  memset(out, 0, sizeof *out);
  size_t nrows = grid->nrows;
  /* First pass: the width, counting each row's own cells and spans from above. */
  size_t width = 0;
  for (size_t r = 0; r < nrows; r++) {
    size_t w = 0;
    for (size_t c = 0; c < grid->rows[r].ncells; c++) {
      const gk_cell *cell = &grid->rows[r].cells[c];
      if (cell->covered) continue;
      w += (size_t)(cell->colspan > 0 ? cell->colspan : 1);
    }
    if (w > width) width = w;
  }
  /* Row spans from above can push a row's cells right: allow for that. */
  size_t cap = width * 2 + 1;
  if (cap > GK_MAX_COLS) cap = GK_MAX_COLS;
  if (nrows == 0 || cap == 0) return GK_OK;
  if (nrows * cap > GK_MAX_LAYOUT_SLOTS) return GK_ELIMIT;
  const gk_cell **slot = gk_arena_alloc(doc->arena, nrows * cap * sizeof *slot);
  unsigned char *used = gk_arena_alloc(doc->arena, nrows * cap);
  if (!slot || !used) return GK_ENOMEM;
  size_t ncols = 0;
  for (size_t r = 0; r < nrows; r++) {
    size_t col = 0;
    for (size_t c = 0; c < grid->rows[r].ncells; c++) {
      const gk_cell *cell = &grid->rows[r].cells[c];
      if (cell->covered) continue;
      while (col < cap && used[r * cap + col]) col++;
      if (col >= cap) break;
      size_t cs = (size_t)(cell->colspan > 0 ? cell->colspan : 1);
      size_t rs = (size_t)(cell->rowspan > 0 ? cell->rowspan : 1);
      if (col + cs > cap) cs = cap - col;
      if (r + rs > nrows) rs = nrows - r;
      slot[r * cap + col] = cell;
      for (size_t i = r; i < r + rs; i++) memset(used + i * cap + col, 1, cs);
      col += cs;
      if (col > ncols) ncols = col;
    }
  }
  /* Compact to the used width. */
  if (ncols < cap)
    for (size_t r = 1; r < nrows; r++) memmove(slot + r * ncols, slot + r * cap, ncols * sizeof *slot);
  out->slot = slot;
  out->nrows = nrows;
  out->ncols = ncols;
  return GK_OK;
}
