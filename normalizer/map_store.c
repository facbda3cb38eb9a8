/* map_store.c: a matched row's values written into the canonical table, and the
 * words and item lists the mapper's notes are made of. */
#include "map_store.h"

#include <string.h>

#include "../core/doc.h"
#include "number.h"

const char *gk_map_res_words(int kind) {
  switch (kind) {
    case GK_RES_MERGED: return "joined digit groups split by spaces";
    case GK_RES_CHOSEN: return "digits could be read several ways; took the reading under which the row adds up";
    case GK_RES_GUESSED: return "digits could be read several ways and the arithmetic does not decide; took the most likely reading";
    case GK_RES_PADDED: return "fewer values than columns; placed blanks";
    case GK_RES_TRUNCATED: return "more values than columns; ignored the extra ones";
    case GK_RES_DROPPED: return "more cells than columns; dropped blank cells";
    default: return NULL;
  }
}

char *gk_map_items_text(gk_arena *a, const gk_vitem *it, int n) {
  size_t total = 1;
  for (int i = 0; i < n; i++) total += (it[i].g ? strlen(it[i].g) : strlen("∅")) + 1;
  char *s = gk_arena_alloc(a, total);
  if (!s) return NULL;
  size_t o = 0;
  for (int i = 0; i < n; i++) {
    if (i) s[o++] = it[i].soft ? ' ' : '|';
    const char *g = it[i].g ? it[i].g : "∅";
    size_t l = strlen(g);
    memcpy(s + o, g, l);
    o += l;
  }
  s[o] = '\0';
  return s;
}

int gk_map_store_values(gk_doc *doc, int t, int r, const char *const *vals, int e) {
  const gk_stable *st = doc->schema->tables[t];
  const gk_srow *row = &st->rows[r];
  int k = 0;
  for (int p = 0; p < row->ncols; p++) {
    gk_value *v = gk_doc_value(doc, t, r, p);
    const gk_scol *col = &st->cols[row->cols[p]];
    if (col->kind == GK_VK_TEXT) continue; /* filled from the header text */
    const char *g = k < e ? vals[k] : NULL;
    k++;
    if (!g) {
      memset(v, 0, sizeof *v);
      v->state = GK_VAL_BLANK;
      continue;
    }
    if (gk_num_to_value(doc->arena, g, col->kind, v)) return GK_ENOMEM;
  }
  doc->row_found[t][r] = 1;
  return GK_OK;
}
