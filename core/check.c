/* check.c: the checker: validates the canonical tables (勾稽关系) and records every
 * failure with its rule id, severity, cell and the values involved. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "rules.h"

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

static const gk_value *cell(gk_doc *doc, gk_table t, int r, int c) {
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

static int active(gk_doc *doc, gk_table t, int r) {
  return gk_schema_row_active(&doc->schema->tables[t]->rows[r], doc->variant_other);
}

static int found(gk_doc *doc, gk_table t, int r) { return r >= 0 && doc->row_found[t][r]; }

/* ---- the template's arithmetic: every instance of the rules (core/rules.h) ---- */

static long long cell_ival(void *ctx, gk_table t, int r, int c) { return ival(cell(ctx, t, r, c)); }

/* The key of a term along the axis its side sums (the row's key in a column rule). */
static const char *term_key(const gk_doc *doc, const gk_rule_inst *in, const gk_rule_term *tm) {
  const gk_stable *st = doc->schema->tables[in->table];
  return in->rule->over == GK_RULE_EACH_COL ? st->rows[tm->row].key : st->cols[tm->col].key;
}

/* Terms [from, to) joined by " + ", each "key value" (named) or "value"; with
 * skip_zero, terms whose value is 0 are left out. Returns "" for none, NULL when
 * out of memory. */
static const char *terms_text(gk_doc *doc, const gk_rule_inst *in, int from, int to, int named,
                              int skip_zero) {
  const char *s = "";
  for (int i = from; i < to; i++) {
    const gk_rule_term *tm = &in->terms[i];
    const gk_value *v = cell(doc, in->table, tm->row, tm->col);
    if (skip_zero && ival(v) == 0) continue;
    s = gk_arena_printf(doc->arena, "%s%s%s%s%s", s, *s ? " + " : "",
                        named ? term_key(doc, in, tm) : "", named ? " " : "", show(v));
    if (!s) return NULL;
  }
  return s;
}

/* Records the failure of one instance in the wording of its rule. The check's cell
 * is the right side's when that is one cell, else the whole row or column. */
static int add_failure(checker *ck, const gk_rule_inst *in, long long lhs, long long rhs) {
  gk_doc *doc = ck->doc;
  const gk_stable *st = doc->schema->tables[in->table];
  const gk_rule *ru = in->rule;
  int each_row = ru->over == GK_RULE_EACH_ROW;
  const gk_rule_term *one = in->nterms - in->nlhs == 1 ? &in->terms[in->nlhs] : NULL;
  const char *row = each_row ? st->rows[in->row].key : one ? st->rows[one->row].key : NULL;
  const char *col = !each_row ? st->cols[in->col].key : one ? st->cols[one->col].key : NULL;
  const char *at = each_row ? "row" : "column", *at_key = each_row ? row : col;
  const gk_value *rv = one ? cell(doc, in->table, one->row, one->col) : NULL;
  const char *l, *r = "";
  switch (ru->msg) {
    case GK_RULE_MSG_SIDES:
      if (!(l = terms_text(doc, in, 0, in->nlhs, 1, 0)) ||
          !(r = terms_text(doc, in, in->nlhs, in->nterms, 1, 0)))
        return GK_ENOMEM;
      return add(ck, ru->id, ru->severity, st->key, row, col, "%s %s: %s = %lld, but %s = %lld", at,
                 at_key, l, lhs, r, rhs);
    case GK_RULE_MSG_PARTS:
      if (!(l = terms_text(doc, in, 0, in->nlhs, 1, 1))) return GK_ENOMEM;
      return add(ck, ru->id, ru->severity, st->key, row, col,
                 "%s %s: %s is %s, but %s sum to %lld (%s)", at, at_key,
                 one ? term_key(doc, in, one) : "", show(rv), ru->lhs.what, lhs,
                 *l ? l : "all zero or blank");
    case GK_RULE_MSG_VALUES:
    case GK_RULE_MSG_TERMS:
      if (!(l = terms_text(doc, in, 0, in->nlhs, ru->msg == GK_RULE_MSG_TERMS, 0)))
        return GK_ENOMEM;
      return add(ck, ru->id, ru->severity, st->key, row, col, "%s %s: %s = %lld, but %s is %s", at,
                 at_key, l, lhs, one ? term_key(doc, in, one) : "", show(rv));
    case GK_RULE_MSG_PAIR_CELLS:
    case GK_RULE_MSG_PAIR_SUM: break; /* pair rules are checked over two reports (check_pair.c) */
  }
  return GK_OK;
}

/* An instance is evaluated when every row it takes was found: a missing row is
 * reported once as table.missing, not again by every sum it takes part in. A row
 * that a flag selects (the result rows of t3.results_sum) counts too: taken as 0, a
 * row gktab failed to find would make the office's balanced table fail its sum. */
static int term_rows_found(gk_doc *doc, const gk_rule_inst *in) {
  for (int i = 0; i < in->nterms; i++)
    if (!found(doc, in->table, in->terms[i].row)) return 0;
  return 1;
}

/* Whether the cell's value could not be read at all: the text left it undecided
 * (value.ambiguous) or its column was cut off at a PDF page's edge (value.cut_off). */
static int unread(const gk_value *v) {
  return v && (v->state == GK_VAL_AMBIGUOUS || v->state == GK_VAL_CUT_OFF);
}

/* An instance over a cell that could not be read is not evaluated: the cell's own
 * check names it (and its candidates), and a sum that counts it as 0 would blame the
 * document for what gktab could not read. */
static int has_ambiguous(gk_doc *doc, const gk_rule_inst *in) {
  for (int i = 0; i < in->nterms; i++)
    if (unread(cell(doc, in->table, in->terms[i].row, in->terms[i].col))) return 1;
  return 0;
}

static int check_rules(checker *ck) {
  gk_doc *doc = ck->doc;
  for (gk_table t = GK_T2; t < GK_NTABLES; t++) {
    gk_rule_set set;
    int rc = gk_rules_for(doc->schema, t, doc->variant_other, &set);
    if (rc) return rc;
    for (int i = 0; i < set.ninsts; i++) {
      const gk_rule_inst *in = &set.insts[i];
      if (!term_rows_found(doc, in) || has_ambiguous(doc, in)) continue;
      long long lhs, rhs;
      gk_rule_inst_eval(in, cell_ival, doc, &lhs, &rhs);
      if (lhs != rhs && (rc = add_failure(ck, in, lhs, rhs))) return rc;
    }
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
  for (gk_table t = GK_T2; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    for (int r = 0; r < st->nrows; r++) {
      if (!active(doc, t, r) || !found(doc, t, r)) continue;
      const gk_srow *row = &st->rows[r];
      for (int p = 0; p < row->ncols; p++) {
        const gk_value *v = gk_doc_value(doc, t, r, p);
        const gk_scol *col = &st->cols[row->cols[p]];
        int rc = GK_OK;
        if (!blank_pass && v->state == GK_VAL_AMBIGUOUS && v->text && *v->text) {
          char cands[256];
          size_t o = 0;
          for (const char *q = v->text; *q && o + 5 < sizeof cands; q++) {
            if (*q == '|') {
              memcpy(cands + o, " or ", 4);
              o += 4;
            } else {
              cands[o++] = *q;
            }
          }
          cands[o] = '\0';
          rc = add(ck, "value.ambiguous", GK_SEV_ERROR, st->key, row->key, col->key,
                   "%s.%s.%s is left null: the text has it %s; %s", st->key, row->key, col->key,
                   cands, v->readings ? v->readings : "");
        }
        else if (!blank_pass && v->state == GK_VAL_AMBIGUOUS)
          rc = add(ck, "value.ambiguous", GK_SEV_ERROR, st->key, row->key, col->key,
                   "%s.%s.%s is left null: %s", st->key, row->key, col->key,
                   v->readings ? v->readings : "its text has no reading");
        else if (!blank_pass && v->state == GK_VAL_CUT_OFF)
          rc = add(ck, "value.cut_off", GK_SEV_ERROR, st->key, row->key, col->key,
                   "%s.%s.%s: the table runs past page %d's right edge; no glyphs for this cell",
                   st->key, row->key, col->key, v->src.kind == GK_SRC_PDF ? v->src.page : 0);
        else if (!blank_pass && v->state == GK_VAL_INVALID)
          rc = add(ck, "value.type", GK_SEV_ERROR, st->key, row->key, col->key,
                   "%s.%s.%s is \"%s\", not %s", st->key, row->key, col->key, v->text,
                   kind_words(col->kind));
        else if (blank_pass && t != GK_T2 && v->state == GK_VAL_BLANK)
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
  for (gk_table t = GK_T2; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    int rc;
    if (!doc->table_found[t]) {
      /* Tables 二–四 are the report's parts 2–4: named by their headings. */
      int part = (int)t - GK_T2 + 2;
      char numeral[16];
      gk_lex_cn_format(part, GK_CN_PLAIN, numeral, sizeof numeral);
      rc = add(ck, "table.missing", GK_SEV_ERROR, st->key, NULL, NULL,
               "table %s (%s、%s) was not found in the document", st->key, numeral,
               gk_lex_part_title(part));
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
  const gk_stable *t3 = doc->schema->tables[GK_T3];
  const gk_stable *t4 = doc->schema->tables[GK_T4];
  int tot3 = gk_schema_col_index(t3, "total"), tot4 = gk_schema_col_index(t4, "total");
  for (size_t i = 0; i < doc->nclaims; i++) {
    const gk_claim *cl = &doc->claims[i];
    const char *row = NULL, *what = NULL;
    long long table_v = 0, alt = -1;
    int have = 0;
    gk_table tn = GK_T3;
    switch (cl->kind) {
      case GK_CLAIM_NEW: {
        int r = gk_schema_row_index(t3, "new"), ci = gk_schema_row_index(t3, "carried_in");
        if (!found(doc, GK_T3, r)) break;
        table_v = ival(cell(doc, GK_T3, r, tot3));
        if (found(doc, GK_T3, ci)) alt = table_v + ival(cell(doc, GK_T3, ci, tot3));
        row = "new";
        what = "new applications";
        have = 1;
        break;
      }
      case GK_CLAIM_CARRIED_IN:
      case GK_CLAIM_CARRIED_OUT: {
        row = cl->kind == GK_CLAIM_CARRIED_IN ? "carried_in" : "carried_out";
        int r = gk_schema_row_index(t3, row);
        if (!found(doc, GK_T3, r)) break;
        table_v = ival(cell(doc, GK_T3, r, tot3));
        what = cl->kind == GK_CLAIM_CARRIED_IN ? "applications carried in" : "applications carried out";
        have = 1;
        break;
      }
      case GK_CLAIM_REVIEW: {
        tn = GK_T4;
        row = "review";
        int r = gk_schema_row_index(t4, row);
        if (!found(doc, GK_T4, r)) break;
        table_v = ival(cell(doc, GK_T4, r, tot4));
        what = "administrative reviews";
        have = 1;
        break;
      }
      case GK_CLAIM_SUIT: {
        tn = GK_T4;
        int r1 = gk_schema_row_index(t4, "suit_direct"), r2 = gk_schema_row_index(t4, "suit_after_review");
        if (!found(doc, GK_T4, r1)) break;
        table_v = ival(cell(doc, GK_T4, r1, tot4)) + ival(cell(doc, GK_T4, r2, tot4));
        row = "suit_direct";
        what = "lawsuits (suit_direct.total + suit_after_review.total)";
        have = 1;
        break;
      }
    }
    /* A total that could not be read says nothing against the text. */
    if (have && tn == GK_T3 && unread(cell(doc, GK_T3, gk_schema_row_index(t3, row), tot3))) have = 0;
    if (have && tn == GK_T4) {
      int r2 = gk_schema_row_index(t4, "suit_after_review");
      if (unread(cell(doc, GK_T4, gk_schema_row_index(t4, row), tot4)) ||
          (cl->kind == GK_CLAIM_SUIT && unread(cell(doc, GK_T4, r2, tot4))))
        have = 0;
    }
    if (!have || cl->value == table_v || cl->value == alt) continue;
    int rc = add(ck, "text.mismatch", GK_SEV_WARNING, tn == GK_T3 ? "t3" : "t4", row, "total",
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
  if ((rc = check_rules(&ck)) || (rc = check_cells(&ck, 0)) ||
      (rc = check_cells(&ck, 1)) || (rc = check_missing(&ck)))
    return rc;
  if (doc->variant_other) {
    rc = add(&ck, "layout.variant", GK_SEV_WARNING, "t3", "other", NULL,
             "（六）其他处理 is printed as one row, as in the xxgk-2019 template; its values are t3.other");
    if (rc) return rc;
  }
  for (int t = GK_T3; t < GK_NTABLES; t++) {
    if (!doc->position_mapped[t]) continue;
    const char *tk = doc->schema->tables[t]->key;
    rc = add(&ck, "layout.variant", GK_SEV_WARNING, tk, NULL, NULL,
             "%s mapped by position: its labels are unreadable", tk);
    if (rc) return rc;
  }
  if ((rc = check_text(&ck))) return rc;
  doc->checked = 1;
  return ck.errors;
}
