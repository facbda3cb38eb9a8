/* map_layout.c: layouts particular to one table: t3's applicant columns in the
 * header's order, t3's （六） printed as one row, t4's one row of fifteen or
 * labelled rows of five, t2's unit of the procurement amount. */
#include "map_layout.h"
#include "map_store.h"

#include <string.h>

#include "textfix.h"

/* t3's applicant columns by their header labels: a document that prints them in
 * another order is read in its own order. Only a header row that holds the four
 * organisation labels together is trusted (自然人 spans the header rows and may sit
 * on another). 其他 and 总计 have no label of their own that cannot also be part of
 * another (法人或其他组织), so they keep their places. */
int column_order(gk_doc *doc, region *rg, const gk_stable *st) {
  for (int i = 0; i < GK_MAX_ROW_COLS; i++) rg->colorder[i] = i;
  if (!rg->header_row) return GK_OK;
  gk_arena_pos mark = gk_arena_mark(rg->tmp);
  char *key = gk_text_key(rg->tmp, rg->header_row);
  if (!key) return GK_ENOMEM;
  /* Columns 1..4 (商业企业 … 法律服务机构) by where their labels stand. */
  long at[N_APPLICANT];
  for (int c = 1; c < N_APPLICANT; c++) at[c] = label_at(rg->tmp, key, applicant_labels(c));
  gk_arena_release(rg->tmp, mark);
  int idx[N_APPLICANT] = {0, 1, 2, 3, 4};
  for (int i = 2; i < N_APPLICANT; i++)
    for (int j = i; j > 1 && at[idx[j]] < at[idx[j - 1]]; j--) {
      int tmp = idx[j];
      idx[j] = idx[j - 1];
      idx[j - 1] = tmp;
    }
  int moved = 0;
  for (int k = 0; k < N_APPLICANT; k++) moved |= idx[k] != k;
  if (!moved) return GK_OK;
  for (int k = 0; k < N_APPLICANT; k++) rg->colorder[k] = idx[k];
  return gk_diag_add(doc, GK_SEV_WARNING, "column-order", NULL,
                     "t3: the applicant columns are printed in the order %s, %s, %s, %s, %s; values "
                     "were read by their headers", st->cols[idx[0]].key, st->cols[idx[1]].key,
                     st->cols[idx[2]].key, st->cols[idx[3]].key, st->cols[idx[4]].key);
}

int t4_count_labelled(gk_doc *doc, const region *rg, const gk_variants *vars, size_t end) {
  const gk_stable *st = doc->schema->tables[2];
  int labelled = 0;
  for (size_t i = 0; i < end; i++) {
    const lrow *lr = &rg->rows[i];
    if (lr->k.own.n == 0 || lr->numbers < T4_LABELLED_MIN_NUMBERS || lr->numbers > T4_LABELLED_MAX_NUMBERS)
      continue;
    for (int r = 0; r < st->nrows; r++)
      if (gk_map_key_sim(&vars[r], &lr->k.leaf, GK_MAP_BELOW(GK_MAP_SIM_T4_LABEL)) >= GK_MAP_SIM_T4_LABEL)
        labelled++;
  }
  return labelled;
}

int t4_gather(region *rg, size_t end, t4_values *g) {
  for (size_t i = 0; i < end && g->n < T4_VALUES; i++) {
    const lrow *lr = &rg->rows[i];
    /* Header rows (labels over blank cells) carry no values, and a row with a
       sentence for a label is a note under the table (注：…截至2024), not data. */
    if ((lr->numbers == 0 && lr->k.own.n > 0) || (lr->labelled && lr->k.own.n > T4_NOTE_MIN_KEY)) continue;
    if (g->n == 0 && !g->started) g->pos = lr->pos;
    g->started = 1;
    for (int k = 0; k < lr->nitems && g->n < MAX_ITEMS; k++) {
      /* The values outlive the batch: copied into the gatherer's arena. */
      const char *v = lr->items[k].g ? gk_arena_strdup(g->a, lr->items[k].g) : NULL;
      if (lr->items[k].g && !v) return GK_ENOMEM;
      g->items[g->n].g = v;
      g->items[g->n].soft = k == 0 ? 0 : lr->items[k].soft;
      g->items[g->n].src = lr->items[k].src;
      g->n++;
    }
  }
  return GK_OK;
}

/* t4 in the layout of one row of 15 numbers under a two-level header: the values
 * gathered in order, resolved against t4's arithmetic. */
int t4_store(gk_doc *doc, region *rg, const t4_values *g) {
  const gk_vitem *items = g->items;
  int n = g->n;
  gk_pos pos = g->pos;
  if (n == 0) return GK_OK;
  const char *vals[MAX_ITEMS], *by[MAX_ITEMS];
  gk_src srcs[MAX_ITEMS];
  unsigned char ambig[MAX_ITEMS];
  unsigned char cut[MAX_ITEMS];
  if (gk_map_cut_values(items, n, 15, vals, srcs, cut)) {
    /* Cut off at a page's edge: the values left of it as printed, the rest lost. */
    for (int r = 0; r < 3; r++) {
      int rc = gk_map_store_traced(doc, 2, r, vals + r * T4_ROW_VALUES, srcs + r * T4_ROW_VALUES,
                                   NULL, T4_ROW_VALUES);
      if (rc) return rc;
      gk_map_mark_cut_off(doc, 2, r, cut + r * T4_ROW_VALUES, srcs + r * T4_ROW_VALUES,
                          T4_ROW_VALUES);
    }
    return GK_OK;
  }
  gk_rule_rows rr;
  const gk_rule_rows *rule = gk_rules_rows(&rr, doc->schema, GK_T4, 0, 3);
  int kind = gk_resolve_values(doc->arena, items, n, 15, rule, vals);
  if (kind < 0) return GK_ENOMEM;
  gk_map_trace_values(items, n, vals, 15, srcs, ambig);
  gk_map_decide_values(doc, kind, rule, vals, 15, ambig, by);
  const char *w = gk_map_res_words(kind);
  if (w) {
    gk_arena_pos mark = gk_arena_mark(rg->tmp);
    char *got = gk_map_items_text(rg->tmp, items, n);
    gk_diag_add(doc, kind == GK_RES_MERGED || kind == GK_RES_CHOSEN ? GK_SEV_NOTE : GK_SEV_WARNING,
                "values", pos_str(rg->tmp, pos), "t4: %s: \"%s\"", w, got ? got : "");
    gk_arena_release(rg->tmp, mark);
  }
  for (int r = 0; r < 3; r++) {
    int rc = gk_map_store_traced(doc, 2, r, vals + r * T4_ROW_VALUES, srcs + r * T4_ROW_VALUES,
                          by + r * T4_ROW_VALUES, T4_ROW_VALUES);
    if (rc) return rc;
  }
  return GK_OK;
}

/* t2.procurement.unit: the unit written by the amount (采购总金额（万元）). */
void fill_units(gk_doc *doc, const region *rg) { gk_map_fill_units(doc, rg->region_text); }

void gk_map_fill_units(gk_doc *doc, const char *text) {
  const gk_stable *st = doc->schema->tables[0];
  for (int r = 0; r < st->nrows; r++) {
    const gk_srow *row = &st->rows[r];
    for (int p = 0; p < row->ncols; p++) {
      if (st->cols[row->cols[p]].kind != GK_VK_TEXT || !doc->row_found[0][r]) continue;
      gk_value *v = gk_doc_value(doc, 0, r, p);
      /* In the header (采购总金额（万元）) or by the amount itself (2865.37万元). */
      const char *unit = NULL;
      static const char *anchors_u[] = {"采购总金额", "政府集中采购"};
      for (int k = 0; k < 2 && !unit && text; k++) {
        const char *m = strstr(text, anchors_u[k]);
        if (!m) continue;
        const char *w = strstr(m, "万元"), *y = strstr(m, "元");
        if (w && w - m < T2_UNIT_WINDOW_BYTES) unit = "万元";
        else if (y && y - m < T2_UNIT_WINDOW_BYTES) unit = "元";
      }
      memset(v, 0, sizeof *v);
      v->state = unit ? GK_VAL_TEXT : GK_VAL_BLANK;
      v->text = unit;
      /* The unit is printed with the amount or over its column: its provenance is
         the amount's (the row's first numeric value). */
      for (int q = 0; unit && q < row->ncols; q++)
        if (st->cols[row->cols[q]].kind != GK_VK_TEXT) {
          v->src = gk_doc_value(doc, 0, r, q)->src;
          break;
        }
    }
  }
}

void other_one_row(gk_doc *doc) {
  const gk_stable *t3 = doc->schema->tables[1];
  int vo = -1, alt_found = 0;
  for (int r = 0; r < t3->nrows; r++) {
    if (t3->rows[r].flags & GK_ROW_VARIANT_ONLY) vo = r;
    if ((t3->rows[r].flags & GK_ROW_VARIANT_ALT) && doc->row_found[1][r]) alt_found = 1;
  }
  if (vo >= 0 && doc->row_found[1][vo]) {
    if (alt_found) {
      doc->row_found[1][vo] = 0;
    } else {
      doc->variant_other = 1;
    }
  }
}

const gk_schema *gk_map_detect_schema(gk_arena *a, const char *text, const gk_schema *fallback) {
  const gk_schema *best = fallback;
  if (!text) return best;
  gk_arena_pos mark = gk_arena_mark(a);
  char *key = gk_text_key(a, text);
  if (!key) return best; /* out of memory: the default, as when nothing decides */
  int best_hits = 0;
  for (int s = 0; gk_schemas[s]; s++) {
    int hits = 0;
    const char *p = gk_schemas[s]->markers;
    while (p && *p) {
      const char *bar = strchr(p, '|');
      size_t l = bar ? (size_t)(bar - p) : strlen(p);
      char *m = gk_arena_strndup(a, p, l);
      char *mk = m ? gk_text_key(a, m) : NULL;
      if (mk && *mk && strstr(key, mk)) hits++;
      p = bar ? bar + 1 : NULL;
    }
    if (hits > best_hits) {
      best_hits = hits;
      best = gk_schemas[s];
    }
  }
  gk_arena_release(a, mark);
  return best;
}
