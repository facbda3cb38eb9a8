/* check.c: the checker: validates the canonical tables (勾稽关系) and records every
 * failure with its rule id, severity, cell and the values involved. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"

typedef struct {
  gk_doc *doc;
  int errors;
} checker;

static int add(checker *ck, const char *id, gk_severity sev, const char *table, const char *row,
               const char *col, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static int add(checker *ck, const char *id, gk_severity sev, const char *table, const char *row,
               const char *col, const char *fmt, ...) {
  gk_doc *doc = ck->doc;
  va_list ap;
  va_start(ap, fmt);
  char *msg = gk_diag_vmessage(doc, fmt, ap);
  va_end(ap);
  if (!msg) return GK_ENOMEM;
  gk_check_result *c = gk_arena_grow(doc->arena, doc->checks, doc->nchecks, &doc->capchecks, sizeof *c);
  if (!c) return GK_ENOMEM;
  doc->checks = c;
  c = &doc->checks[doc->nchecks++];
  c->id = id;
  c->severity = sev;
  c->table = table;
  c->row = row;
  c->col = col;
  c->message = msg;
  if (sev == GK_SEV_ERROR) ck->errors++;
  return GK_OK;
}

static const gk_value *cell(gk_doc *doc, int t, int r, int c) {
  const gk_srow *row = &doc->schema->tables[t]->rows[r];
  int p = gk_schema_row_col_pos(row, c);
  return p < 0 ? NULL : gk_doc_value(doc, t, r, p);
}

/* Arithmetic value: blanks, missing and invalid cells count as 0 (reported elsewhere). */
static long long ival(const gk_value *v) {
  return v && v->state == GK_VAL_NUMBER && v->is_int ? v->i : 0;
}

static const char *show(const gk_value *v) {
  if (!v) return "null";
  switch (v->state) {
    case GK_VAL_NUMBER: return v->text;
    case GK_VAL_INVALID: return v->text;
    default: return "null";
  }
}

static int active(gk_doc *doc, int t, int r) {
  return gk_schema_row_active(&doc->schema->tables[t]->rows[r], doc->variant_other);
}

static int found(gk_doc *doc, int t, int r) { return r >= 0 && doc->row_found[t][r]; }

static int check_t3(checker *ck) {
  gk_doc *doc = ck->doc;
  const gk_stable *st = doc->schema->tables[1];
  if (!doc->table_found[1]) return GK_OK;
  int rn = gk_schema_row_index(st, "new"), rc_in = gk_schema_row_index(st, "carried_in");
  int rt = gk_schema_row_index(st, "results_total"), ro = gk_schema_row_index(st, "carried_out");
  int tot = gk_schema_col_index(st, "total");
  int rc;
  /* t3.balance */
  if (found(doc, 1, rn) && found(doc, 1, rc_in) && found(doc, 1, rt) && found(doc, 1, ro)) {
    for (int c = 0; c < st->ncols; c++) {
      const gk_value *a = cell(doc, 1, rn, c), *b = cell(doc, 1, rc_in, c);
      const gk_value *x = cell(doc, 1, rt, c), *y = cell(doc, 1, ro, c);
      long long lhs = ival(a) + ival(b), rhs = ival(x) + ival(y);
      if (lhs == rhs) continue;
      rc = add(ck, "t3.balance", GK_SEV_ERROR, "t3", NULL, st->cols[c].key,
               "column %s: new %s + carried_in %s = %lld, but results_total %s + carried_out %s = %lld",
               st->cols[c].key, show(a), show(b), lhs, show(x), show(y), rhs);
      if (rc) return rc;
    }
  }
  /* t3.results_sum */
  if (found(doc, 1, rt)) {
    for (int c = 0; c < st->ncols; c++) {
      long long sum = 0;
      const char *parts = NULL;
      for (int r = 0; r < st->nrows; r++) {
        if (!(st->rows[r].flags & GK_ROW_RESULT) || !active(doc, 1, r)) continue;
        const gk_value *v = cell(doc, 1, r, c);
        sum += ival(v);
        if (ival(v) == 0) continue;
        parts = gk_arena_printf(doc->arena, "%s%s%s %s", parts ? parts : "", parts ? " + " : "",
                                st->rows[r].key, show(v));
        if (!parts) return GK_ENOMEM;
      }
      const gk_value *t = cell(doc, 1, rt, c);
      if (sum == ival(t)) continue;
      rc = add(ck, "t3.results_sum", GK_SEV_ERROR, "t3", "results_total", st->cols[c].key,
               "column %s: results_total is %s, but the result rows sum to %lld (%s)", st->cols[c].key,
               show(t), sum, parts ? parts : "all zero or blank");
      if (rc) return rc;
    }
  }
  /* t3.row_total */
  for (int r = 0; r < st->nrows; r++) {
    if (!active(doc, 1, r) || !found(doc, 1, r)) continue;
    long long sum = 0;
    const char *parts = "";
    for (int c = 0; c < st->ncols; c++) {
      if (c == tot) continue;
      const gk_value *v = cell(doc, 1, r, c);
      sum += ival(v);
      parts = gk_arena_printf(doc->arena, "%s%s%s", parts, *parts ? " + " : "", show(v));
      if (!parts) return GK_ENOMEM;
    }
    const gk_value *t = cell(doc, 1, r, tot);
    if (sum == ival(t)) continue;
    rc = add(ck, "t3.row_total", GK_SEV_ERROR, "t3", st->rows[r].key, "total",
             "row %s: %s = %lld, but total is %s", st->rows[r].key, parts, sum, show(t));
    if (rc) return rc;
  }
  return GK_OK;
}

static int check_t4(checker *ck) {
  gk_doc *doc = ck->doc;
  const gk_stable *st = doc->schema->tables[2];
  int tot = gk_schema_col_index(st, "total");
  for (int r = 0; r < st->nrows; r++) {
    if (!found(doc, 2, r)) continue;
    long long sum = 0;
    const char *parts = "";
    for (int c = 0; c < st->ncols; c++) {
      if (c == tot) continue;
      const gk_value *v = cell(doc, 2, r, c);
      sum += ival(v);
      parts = gk_arena_printf(doc->arena, "%s%s%s %s", parts, *parts ? " + " : "", st->cols[c].key,
                              show(v));
      if (!parts) return GK_ENOMEM;
    }
    const gk_value *t = cell(doc, 2, r, tot);
    if (sum == ival(t)) continue;
    int rc = add(ck, "t4.row_total", GK_SEV_ERROR, "t4", st->rows[r].key, "total",
                 "row %s: %s = %lld, but total is %s", st->rows[r].key, parts, sum, show(t));
    if (rc) return rc;
  }
  return GK_OK;
}

static const char *kind_words(gk_vkind k) {
  switch (k) {
    case GK_VK_COUNT: return "a non-negative integer";
    case GK_VK_SIGNED: return "an integer";
    case GK_VK_DECIMAL: return "a non-negative number";
    default: return "text";
  }
}

/* value.type and value.blank walk every cell in template order. */
static int check_cells(checker *ck, int blank_pass) {
  gk_doc *doc = ck->doc;
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    for (int r = 0; r < st->nrows; r++) {
      if (!active(doc, t, r) || !found(doc, t, r)) continue;
      const gk_srow *row = &st->rows[r];
      for (int p = 0; p < row->ncols; p++) {
        const gk_value *v = gk_doc_value(doc, t, r, p);
        const gk_scol *col = &st->cols[row->cols[p]];
        int rc = GK_OK;
        if (!blank_pass && v->state == GK_VAL_INVALID)
          rc = add(ck, "value.type", GK_SEV_ERROR, st->key, row->key, col->key,
                   "%s.%s.%s is \"%s\", not %s", st->key, row->key, col->key, v->text,
                   kind_words(col->kind));
        else if (blank_pass && t > 0 && v->state == GK_VAL_BLANK)
          rc = add(ck, "value.blank", GK_SEV_WARNING, st->key, row->key, col->key,
                   "%s.%s.%s is blank; taken as 0 in the arithmetic", st->key, row->key, col->key);
        if (rc) return rc;
      }
    }
  }
  return GK_OK;
}

static int check_missing(checker *ck) {
  gk_doc *doc = ck->doc;
  static const char *names[GK_NTABLES] = {"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                          "四、政府信息公开行政复议、行政诉讼情况"};
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    int rc;
    if (!doc->table_found[t]) {
      rc = add(ck, "table.missing", GK_SEV_ERROR, st->key, NULL, NULL,
               "table %s (%s) was not found in the document", st->key, names[t]);
      if (rc) return rc;
      continue;
    }
    for (int r = 0; r < st->nrows; r++) {
      if (!active(doc, t, r) || found(doc, t, r)) continue;
      const char *bar = strchr(st->rows[r].labels, '|');
      int l = bar ? (int)(bar - st->rows[r].labels) : (int)strlen(st->rows[r].labels);
      rc = add(ck, "table.missing", GK_SEV_ERROR, st->key, st->rows[r].key, NULL,
               "row %s.%s (%.*s) was not found", st->key, st->rows[r].key, l, st->rows[r].labels);
      if (rc) return rc;
    }
  }
  return GK_OK;
}

static int check_text(checker *ck) {
  gk_doc *doc = ck->doc;
  const gk_stable *t3 = doc->schema->tables[1];
  const gk_stable *t4 = doc->schema->tables[2];
  int tot3 = gk_schema_col_index(t3, "total"), tot4 = gk_schema_col_index(t4, "total");
  for (size_t i = 0; i < doc->nclaims; i++) {
    const gk_claim *cl = &doc->claims[i];
    const char *row = NULL, *what = NULL;
    long long table_v = 0, alt = -1;
    int have = 0;
    int tn = 1;
    switch (cl->kind) {
      case GK_CLAIM_NEW: {
        int r = gk_schema_row_index(t3, "new"), ci = gk_schema_row_index(t3, "carried_in");
        if (!found(doc, 1, r)) break;
        table_v = ival(cell(doc, 1, r, tot3));
        if (found(doc, 1, ci)) alt = table_v + ival(cell(doc, 1, ci, tot3));
        row = "new";
        what = "new applications";
        have = 1;
        break;
      }
      case GK_CLAIM_CARRIED_IN:
      case GK_CLAIM_CARRIED_OUT: {
        row = cl->kind == GK_CLAIM_CARRIED_IN ? "carried_in" : "carried_out";
        int r = gk_schema_row_index(t3, row);
        if (!found(doc, 1, r)) break;
        table_v = ival(cell(doc, 1, r, tot3));
        what = cl->kind == GK_CLAIM_CARRIED_IN ? "applications carried in" : "applications carried out";
        have = 1;
        break;
      }
      case GK_CLAIM_REVIEW: {
        tn = 2;
        row = "review";
        int r = gk_schema_row_index(t4, row);
        if (!found(doc, 2, r)) break;
        table_v = ival(cell(doc, 2, r, tot4));
        what = "administrative reviews";
        have = 1;
        break;
      }
      case GK_CLAIM_SUIT: {
        tn = 2;
        int r1 = gk_schema_row_index(t4, "suit_direct"), r2 = gk_schema_row_index(t4, "suit_after_review");
        if (!found(doc, 2, r1)) break;
        table_v = ival(cell(doc, 2, r1, tot4)) + ival(cell(doc, 2, r2, tot4));
        row = "suit_direct";
        what = "lawsuits (suit_direct.total + suit_after_review.total)";
        have = 1;
        break;
      }
    }
    if (!have || cl->value == table_v || cl->value == alt) continue;
    int rc = add(ck, "text.mismatch", GK_SEV_WARNING, tn == 1 ? "t3" : "t4", row, "total",
                 "line %d says %lld (\"%s\"), but the table's %s is %lld", cl->line, cl->value,
                 cl->excerpt, what, table_v);
    if (rc) return rc;
  }
  return GK_OK;
}

int gk_check(gk_doc *doc) {
  if (!doc->schema) return 0;
  checker ck = {doc, 0};
  doc->nchecks = 0;
  int rc;
  if ((rc = check_t3(&ck)) || (rc = check_t4(&ck)) || (rc = check_cells(&ck, 0)) ||
      (rc = check_cells(&ck, 1)) || (rc = check_missing(&ck)))
    return rc;
  if (doc->variant_other) {
    rc = add(&ck, "layout.variant", GK_SEV_WARNING, "t3", "other", NULL,
             "（六）其他处理 is printed as one row, as in the xxgk-2019 template; its values are t3.other");
    if (rc) return rc;
  }
  if ((rc = check_text(&ck))) return rc;
  doc->checked = 1;
  return ck.errors;
}
