/* map_store.c: a matched row's values written into the canonical table, and the
 * words and item lists the mapper's notes are made of. */
#include "map_store.h"

#include <string.h>

#include "../core/rules.h"

#include "../core/doc.h"
#include "number.h"

const char *gk_map_res_words(int kind) {
  switch (kind) {
    case GK_RES_MERGED: return "joined digit groups split by spaces";
    case GK_RES_CHOSEN: return "digits could be read several ways; took the reading under which the row adds up";
    case GK_RES_GUESSED: return "digits could be read several ways and the arithmetic does not decide; the open cells are left null";
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
  return gk_map_store_traced(doc, t, r, vals, NULL, NULL, e);
}

void gk_map_trace_values(const gk_vitem *it, int n, const char *const *vals, int e, gk_src *srcs,
                  unsigned char *ambig) {
  int cur = 0;
  for (int k = 0; k < e; k++) {
    memset(&srcs[k], 0, sizeof srcs[k]);
    ambig[k] = 0;
    if (!vals[k]) {
      /* A blank cell of the source, the next one before the next value (a blank the
         resolver placed has none). */
      for (int i = cur; i < n && it[i].g == NULL; i++)
        if (it[i].src.kind != GK_SRC_NONE) {
          srcs[k] = it[i].src;
          cur = i + 1;
          break;
        }
      continue;
    }
    /* The same group (the resolver passes the item's string on) … */
    int at = -1, last = -1;
    for (int i = cur; i < n && at < 0; i++)
      if (it[i].g == vals[k]) at = last = i;
    /* … or groups joined into it, one after another. */
    for (int i = cur; i < n && at < 0; i++) {
      size_t o = 0, l = strlen(vals[k]);
      int j = i;
      while (j < n && it[j].g && o < l && strncmp(vals[k] + o, it[j].g, strlen(it[j].g)) == 0)
        o += strlen(it[j++].g);
      if (o == l && j > i) at = i, last = j - 1;
    }
    if (at < 0) continue;
    srcs[k] = it[at].src;
    for (int i = at + 1; i <= last; i++)
      if (it[i].src.kind == GK_SRC_PDF && it[i].src.has_box && srcs[k].kind == GK_SRC_PDF &&
          srcs[k].page == it[i].src.page) {
        if (it[i].src.x0 < srcs[k].x0) srcs[k].x0 = it[i].src.x0;
        if (it[i].src.y0 < srcs[k].y0) srcs[k].y0 = it[i].src.y0;
        if (it[i].src.x1 > srcs[k].x1) srcs[k].x1 = it[i].src.x1;
        if (it[i].src.y1 > srcs[k].y1) srcs[k].y1 = it[i].src.y1;
      }
    ambig[k] = last > at || it[at].soft || (last + 1 < n && it[last + 1].soft);
    cur = last + 1;
  }
}

const char *gk_map_rule_ids(gk_doc *doc, const gk_rule_rows *rr) {
  if (!rr) return NULL;
  const gk_stable *st = doc->schema->tables[rr->table];
  char buf[256];
  size_t o = 0;
  buf[0] = '\0';
  /* Each rule once, in the table's order; past GK_RULE_ROWS_MAX instances every
     rule of the table may be one. */
  for (int r = 0; r < st->nrules; r++) {
    int in = rr->ninsts < 0;
    for (int i = 0; i < rr->ninsts && !in; i++) in = rr->insts[i].rule == r;
    size_t l = strlen(st->rules[r].id);
    if (!in || o + l + 2 > sizeof buf) continue;
    if (o) buf[o++] = ' ';
    memcpy(buf + o, st->rules[r].id, l + 1);
    o += l;
  }
  return o ? gk_arena_strdup(doc->arena, buf) : NULL;
}

void gk_map_decide_values(gk_doc *doc, int kind, const gk_rule_rows *rule, const char *const *vals, int e,
                   const unsigned char *ambig, const char **by) {
  for (int k = 0; k < e; k++) by[k] = NULL;
  if (!rule) return;
  /* Chosen among readings by the rule: the values whose reading was open; blanks
     dropped or placed so that the row adds up: every value of the row. */
  int all = (kind == GK_RES_DROPPED || kind == GK_RES_PADDED) && gk_resolve_rule_holds(rule, vals, e);
  if (kind != GK_RES_CHOSEN && !all) return;
  const char *ids = gk_map_rule_ids(doc, rule);
  for (int k = 0; k < e; k++)
    if (vals[k] && (all || ambig[k])) by[k] = ids;
}

int gk_map_store_traced(gk_doc *doc, int t, int r, const char *const *vals, const gk_src *srcs,
                 const char *const *by, int e) {
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
      if (srcs && k <= e) v->src = srcs[k - 1];
      continue;
    }
    if (gk_num_to_value(doc->arena, g, col->kind, v)) return GK_ENOMEM;
    if (srcs) v->src = srcs[k - 1];
    if (by) v->decided_by = by[k - 1];
  }
  doc->row_found[t][r] = 1;
  return GK_OK;
}

int gk_map_mark_undecided(gk_doc *doc, int t, int r, const unsigned char *open, int e,
                          const char *cands, const char *why) {
  const gk_stable *st = doc->schema->tables[t];
  const gk_srow *row = &st->rows[r];
  for (int p = 0, k = 0; p < row->ncols; p++) {
    if (st->cols[row->cols[p]].kind == GK_VK_TEXT) continue;
    if (k < e && open[k]) {
      gk_value *v = gk_doc_value(doc, t, r, p);
      gk_src src = v->src;
      memset(v, 0, sizeof *v);
      v->state = GK_VAL_AMBIGUOUS;
      v->src = src;
      v->text = gk_arena_strdup(doc->arena, cands ? cands : "");
      v->readings = gk_arena_strdup(doc->arena, why);
      if (!v->text || !v->readings) return GK_ENOMEM;
    }
    k++;
  }
  return GK_OK;
}

int gk_map_cut_values(const gk_vitem *it, int n, int e, const char **vals, gk_src *srcs,
                      unsigned char *cut) {
  int at = -1;
  for (int i = 0; i < n && at < 0; i++)
    if (it[i].src.cut_off) at = i;
  if (at < 0) return 0;
  gk_src page = {0};
  page.kind = GK_SRC_PDF;
  page.page = it[at].src.page;
  page.cut_off = 1;
  /* The cells left of the edge are one item each unless a cell held several
     groups (a soft split) or there are more of them than columns. */
  int vis = at <= e ? at : 0, soft = 0, nb = 0;
  for (int i = 0; i < at; i++) soft |= it[i].soft, nb += it[i].g != NULL;
  if (soft) vis = 0;
  /* A blank first cell may be the row's first column printed blank or a column of
     another table's that the grid shares (t2's and t3's rows read as one grid):
     with the row's end past the edge, no count tells which, and every cell is cut. */
  if (at > 0 && at <= e && !it[0].g) vis = 0;
  if (!soft && at > e && nb == e) {
    /* More cells than columns (a value centred over merged columns, 行政许可 over
       three): with a value for every column left of the edge the row is whole, its
       blanks the merged cells' other columns. Fewer values: where they go is not
       known, and all are lost. */
    for (int i = 0, k = 0; i < at; i++)
      if (it[i].g) vals[k] = it[i].g, srcs[k] = it[i].src, cut[k++] = 0;
    return 1;
  }
  for (int k = 0; k < e; k++) {
    cut[k] = k >= vis;
    vals[k] = k < vis ? it[k].g : NULL;
    srcs[k] = k < vis ? it[k].src : page;
    /* A cut cell that has a box of its own (its column crosses its row left of
       the edge) keeps it. */
    if (cut[k] && k < n && k >= at && it[k].src.kind == GK_SRC_PDF) srcs[k] = it[k].src;
  }
  return 1;
}

void gk_map_mark_cut_off(gk_doc *doc, int t, int r, const unsigned char *cut, const gk_src *srcs,
                         int e) {
  const gk_stable *st = doc->schema->tables[t];
  const gk_srow *row = &st->rows[r];
  for (int p = 0, k = 0; p < row->ncols; p++) {
    if (st->cols[row->cols[p]].kind == GK_VK_TEXT) continue;
    gk_value *v = k < e && cut[k] ? gk_doc_value(doc, t, r, p) : NULL;
    if (v) {
      memset(v, 0, sizeof *v);
      v->state = GK_VAL_CUT_OFF;
      v->src = srcs[k];
      v->src.cut_off = 1;
    }
    k++;
  }
}
