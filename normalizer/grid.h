/* grid.h: laying out a raw grid's cells on a rectangle (row and column spans). */
#ifndef GK_GRID_H
#define GK_GRID_H

#include <stddef.h>

#include "../core/doc.h"

/* Slots of a laid-out grid: a cell where it starts, NULL where a span covers it or
 * the row is short. */
typedef struct gk_grid_layout {
  const gk_cell **slot; /* nrows × ncols, row-major, arena-owned */
  size_t nrows, ncols;
} gk_grid_layout;

/** Places every cell of `grid` as the HTML table model does: each cell at the first
 *  free column of its row, occupying rowspan × colspan slots. Spans are clipped to
 *  the grid and to GK_MAX_COLS. Returns GK_OK, GK_ENOMEM, or GK_ELIMIT when the
 *  rectangle would exceed GK_MAX_LAYOUT_SLOTS (then use the rows as they are). */
int gk_grid_layout_get(gk_doc *doc, const gk_block *grid, gk_grid_layout *out);

#ifndef GK_MAX_LAYOUT_SLOTS
#define GK_MAX_LAYOUT_SLOTS (4u << 20)
#endif

#endif
