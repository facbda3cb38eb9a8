/* rules.c: the one engine over the template's arithmetic: the declarative rules of
 * schema.c expanded into linear constraints over cells, and their evaluation. */
#include "rules.h"

#include <stdint.h>
#include <string.h>

#include "base.h"

/* Called for each term of an instance while it is walked; non-zero stops the walk. */
typedef int (*term_fn)(void *ctx, int row, int col, int coef, int named, int prev);

static int key_is(const char *key, size_t n, const char *cand) {
  return strncmp(cand, key, n) == 0 && cand[n] == '\0';
}

static int row_of_key(const gk_stable *st, const char *key, size_t n) {
  for (int r = 0; r < st->nrows; r++)
    if (key_is(key, n, st->rows[r].key)) return r;
  return -1;
}

static int col_of_key(const gk_stable *st, const char *key, size_t n) {
  for (int c = 0; c < st->ncols; c++)
    if (key_is(key, n, st->cols[c].key)) return c;
  return -1;
}

/* Whether row r takes part in the layout and has column c. */
static int has_cell(const gk_stable *st, int variant, int r, int c) {
  return gk_schema_row_active(&st->rows[r], variant) && gk_schema_row_col_pos(&st->rows[r], c) >= 0;
}

/* The terms of one side of rule ru stated at `at` (a row for GK_RULE_EACH_ROW, a
 * column for GK_RULE_EACH_COL), each passed to fn (NULL: only counted). Returns the
 * number of terms, -1 when the rule does not apply at `at` (a keyed row or column
 * is absent there), or -2 when fn stopped the walk. */
static int walk_side(const gk_stable *st, int variant, const gk_rule *ru, const gk_rule_side *sd,
                     int coef, int at, term_fn fn, void *ctx) {
  int n = 0;
  if (!sd->keys) {
    /* Flag-selected rows of a column: absent rows are no terms, not a reason to skip. */
    if (ru->over != GK_RULE_EACH_COL) return -1;
    for (int r = 0; r < st->nrows; r++) {
      if (!(st->rows[r].flags & sd->row_flag) || !has_cell(st, variant, r, at)) continue;
      if (fn && fn(ctx, r, at, coef, 0, 0)) return -2;
      n++;
    }
    return n;
  }
  for (const char *k = sd->keys; *k;) {
    const char *bar = strchr(k, '|');
    size_t len = bar ? (size_t)(bar - k) : strlen(k);
    const char *next = k + len + (bar != NULL);
    /* A pair rule's "prev:KEY" reads the earlier year's report. */
    size_t plen = strlen(GK_RULE_PREV);
    int prev = ru->pair && len > plen && strncmp(k, GK_RULE_PREV, plen) == 0;
    if (prev) k += plen, len -= plen;
    int each_row = ru->over == GK_RULE_EACH_ROW;
    int row = each_row ? at : row_of_key(st, k, len);
    int col = each_row ? col_of_key(st, k, len) : at;
    if (row < 0 || col < 0 || !has_cell(st, variant, row, col)) return -1;
    if (fn && fn(ctx, row, col, coef, 1, prev)) return -2;
    n++;
    k = next;
  }
  return n;
}

/* Whether `at` (a row or column) is among the keys the rule is stated for. */
static int stated_at(const gk_stable *st, const gk_rule *ru, int at) {
  const char *key = ru->over == GK_RULE_EACH_ROW ? st->rows[at].key : st->cols[at].key;
  for (const char *k = ru->at; *k;) {
    const char *bar = strchr(k, '|');
    size_t len = bar ? (size_t)(bar - k) : strlen(k);
    if (key_is(k, len, key)) return 1;
    k += len + (bar != NULL);
  }
  return 0;
}

/* The instance of ru stated at `at`: tests that it applies (both sides resolve, at
 * least one term), then passes its terms to fn, left side first. Returns the number
 * of terms (*nlhs those of the left side), -1 when it does not apply, -2 when fn
 * stopped. */
static int walk_inst(const gk_stable *st, int variant, const gk_rule *ru, int at, term_fn fn,
                     void *ctx, int *nlhs) {
  if (ru->over == GK_RULE_EACH_ROW && !gk_schema_row_active(&st->rows[at], variant)) return -1;
  if (ru->at && !stated_at(st, ru, at)) return -1;
  int l = walk_side(st, variant, ru, &ru->lhs, +1, at, NULL, NULL);
  int r = walk_side(st, variant, ru, &ru->rhs, -1, at, NULL, NULL);
  if (l < 0 || r < 0 || l + r == 0) return -1;
  if (nlhs) *nlhs = l;
  if (!fn) return l + r;
  if (walk_side(st, variant, ru, &ru->lhs, +1, at, fn, ctx) < 0) return -2;
  if (walk_side(st, variant, ru, &ru->rhs, -1, at, fn, ctx) < 0) return -2;
  return l + r;
}

/* How many places rule ru is stated at: the table's rows or its columns. */
static int span(const gk_stable *st, const gk_rule *ru) {
  return ru->over == GK_RULE_EACH_ROW ? st->nrows : st->ncols;
}

/* ---- expansion ---- */

typedef struct {
  gk_rule_term *terms;
  int n;
} filler;

static int fill_term(void *ctx, int row, int col, int coef, int named, int prev) {
  filler *f = ctx;
  f->terms[f->n++] = (gk_rule_term){row, col, coef, named, prev};
  return 0;
}

/* Expands rules[0, nrules) of table t (its rules or its pair rules). */
static int expand(gk_arena *a, const gk_stable *st, const gk_rule *rules, int nrules, gk_table t,
                  int variant, gk_rule_set *out) {
  out->insts = NULL;
  out->ninsts = 0;
  /* Count first, so that both arrays are allocated once. */
  int ninsts = 0, nterms = 0;
  for (int i = 0; i < nrules; i++)
    for (int at = 0; at < span(st, &rules[i]); at++) {
      int n = walk_inst(st, variant, &rules[i], at, NULL, NULL, NULL);
      if (n < 0) continue;
      ninsts++;
      nterms += n;
    }
  if (ninsts == 0) return GK_OK;
  gk_rule_inst *insts = gk_arena_alloc(a, (size_t)ninsts * sizeof *insts);
  filler f = {gk_arena_alloc(a, (size_t)nterms * sizeof *f.terms), 0};
  if (!insts || !f.terms) return GK_ENOMEM;
  int k = 0;
  for (int i = 0; i < nrules; i++) {
    const gk_rule *ru = &rules[i];
    for (int at = 0; at < span(st, ru); at++) {
      int first = f.n, nlhs = 0;
      if (walk_inst(st, variant, ru, at, fill_term, &f, &nlhs) < 0) continue;
      int each_row = ru->over == GK_RULE_EACH_ROW;
      insts[k++] = (gk_rule_inst){
          ru, t, each_row ? at : -1, each_row ? -1 : at, f.terms + first, f.n - first, nlhs};
    }
  }
  out->insts = insts;
  out->ninsts = k;
  return GK_OK;
}

int gk_rules_expand(gk_arena *a, const gk_schema *s, gk_table t, int variant, gk_rule_set *out) {
  const gk_stable *st = s->tables[t];
  return expand(a, st, st->rules, st->nrules, t, variant, out);
}

/* The sets gk_rules_for has expanded: a short list, since a process meets at most
 * the two template generations, three tables each, in two layouts. */
typedef struct cached_set {
  const gk_schema *s;
  gk_table t;
  int variant;
  gk_rule_set set;
  struct cached_set *next;
} cached_set;

int gk_rules_for(const gk_schema *s, gk_table t, int variant, gk_rule_set *out) {
  static gk_arena *arena;
  static cached_set *sets;
  for (const cached_set *c = sets; c; c = c->next)
    if (c->s == s && c->t == t && c->variant == variant) {
      *out = c->set;
      return GK_OK;
    }
  if (!arena && !(arena = gk_arena_new_kept())) return GK_ENOMEM;
  cached_set *c = gk_arena_alloc(arena, sizeof *c);
  if (!c) return GK_ENOMEM;
  int rc = gk_rules_expand(arena, s, t, variant, &c->set);
  if (rc) return rc;
  c->s = s;
  c->t = t;
  c->variant = variant;
  c->next = sets;
  sets = c;
  *out = c->set;
  return GK_OK;
}

int gk_rules_expand_pairs(gk_arena *a, const gk_schema *s, gk_table t, gk_rule_set *out) {
  const gk_stable *st = s->tables[t];
  /* The template's own layout: a pair rule's cells are in every layout or in none. */
  return expand(a, st, st->pair_rules, st->npair_rules, t, 0, out);
}

/* ---- evaluation ---- */

void gk_rule_inst_eval(const gk_rule_inst *in, gk_rule_get get, void *ctx, long long *lhs,
                       long long *rhs) {
  *lhs = *rhs = 0;
  for (int i = 0; i < in->nterms; i++) {
    long long v = get(ctx, in->table, in->terms[i].row, in->terms[i].col);
    if (i < in->nlhs)
      *lhs += in->terms[i].coef * v;
    else
      *rhs -= in->terms[i].coef * v;
  }
}

int gk_rule_inst_holds(const gk_rule_inst *in, gk_rule_get get, void *ctx) {
  long long l, r;
  gk_rule_inst_eval(in, get, ctx, &l, &r);
  return l == r;
}

/* ---- readings of some rows ---- */

static int within(const gk_rule_rows *rr, int row) {
  return row >= rr->row0 && row < rr->row0 + rr->nrows;
}

static int stop_outside(void *ctx, int row, int col, int coef, int named, int prev) {
  (void)col, (void)coef, (void)named, (void)prev;
  return !within(ctx, row);
}

/* Whether the instance of rule i at `at` applies and lies within the rows. */
static int inst_within(const gk_rule_rows *rr, int i, int at) {
  const gk_stable *st = rr->schema->tables[rr->table];
  return walk_inst(st, rr->variant, &st->rules[i], at, stop_outside, (void *)rr, NULL) > 0;
}

/* Whether every row a column rule's side names lies within the rows: those rows are
 * terms of the rule in every column it applies to (a side selected by a flag is
 * left to the walk). */
static int keyed_within(const gk_stable *st, const gk_rule_side *sd, int row0, int nrows) {
  if (!sd->keys) return 1;
  for (const char *k = sd->keys; *k;) {
    const char *bar = strchr(k, '|');
    size_t len = bar ? (size_t)(bar - k) : strlen(k);
    int r = row_of_key(st, k, len);
    if (r < row0 || r >= row0 + nrows) return 0;
    k += len + (bar != NULL);
  }
  return 1;
}

/* gk_rules_rows is asked the same few questions for every row a mapper reads (a
 * table has some thirty rows), and each answer walks every rule of the table by its
 * keys: answers are kept, per thread, in a small table indexed by the question. */
#define ROWS_MEMO 64

typedef struct {
  const gk_schema *schema;
  gk_table table;
  int row0, nrows;
  int found; /* 0: no instance within the rows (the answer is NULL) */
  gk_rule_rows rr;
} rows_memo;

static _Thread_local rows_memo memo[ROWS_MEMO];

static const gk_rule_rows *rules_rows(gk_rule_rows *rr, const gk_schema *s, gk_table t, int row0,
                                      int nrows);

const gk_rule_rows *gk_rules_rows(gk_rule_rows *rr, const gk_schema *s, gk_table t, int row0,
                                  int nrows) {
  unsigned h = ((unsigned)(uintptr_t)s >> 4) * 31u + (unsigned)t * 7u + (unsigned)row0 * 3u +
               (unsigned)nrows;
  rows_memo *m = &memo[h % ROWS_MEMO];
  if (m->schema != s || m->table != t || m->row0 != row0 || m->nrows != nrows || !s) {
    const gk_rule_rows *got = rules_rows(&m->rr, s, t, row0, nrows);
    if (!got && (!s || (int)t < 0 || t >= GK_NTABLES)) return NULL; /* not worth keeping */
    m->schema = s;
    m->table = t;
    m->row0 = row0;
    m->nrows = nrows;
    m->found = got != NULL;
  }
  if (!m->found) return NULL;
  *rr = m->rr;
  return rr;
}

static const gk_rule_rows *rules_rows(gk_rule_rows *rr, const gk_schema *s, gk_table t, int row0,
                                      int nrows) {
  if (!s || (int)t < 0 || t >= GK_NTABLES) return NULL;
  const gk_stable *st = s->tables[t];
  if (row0 < 0 || nrows < 1 || row0 + nrows > st->nrows) return NULL;
  memset(rr, 0, sizeof *rr);
  rr->schema = s;
  rr->table = t;
  rr->row0 = row0;
  rr->nrows = nrows;
  rr->variant = (st->rows[row0].flags & GK_ROW_VARIANT_ONLY) != 0;
  for (int r = row0; r < row0 + nrows; r++)
    for (int p = 0; p < st->rows[r].ncols; p++)
      rr->nvals += st->cols[st->rows[r].cols[p]].kind != GK_VK_TEXT;
  int found = 0;
  for (int i = 0; i < st->nrules; i++) {
    /* A rule stated for a row has all its terms on that row: only rows within count. */
    int each_row = st->rules[i].over == GK_RULE_EACH_ROW;
    int from = each_row ? row0 : 0, to = each_row ? row0 + nrows : span(st, &st->rules[i]);
    if (!each_row && !(keyed_within(st, &st->rules[i].lhs, row0, nrows) &&
                       keyed_within(st, &st->rules[i].rhs, row0, nrows)))
      continue;
    for (int at = from; at < to; at++) {
      if (!inst_within(rr, i, at)) continue;
      if (found < GK_RULE_ROWS_MAX) rr->insts[found] = (gk_rule_at){(short)i, (short)at};
      found++;
    }
  }
  rr->ninsts = found <= GK_RULE_ROWS_MAX ? found : -1;
  return found ? rr : NULL;
}

int gk_rule_rows_index(const gk_rule_rows *rr, int row, int col) {
  const gk_stable *st = rr->schema->tables[rr->table];
  if (!within(rr, row)) return -1;
  int k = 0;
  for (int r = rr->row0; r <= row; r++)
    for (int p = 0; p < st->rows[r].ncols; p++) {
      int c = st->rows[r].cols[p];
      if (st->cols[c].kind == GK_VK_TEXT) continue;
      if (r == row && c == col) return k;
      k++;
    }
  return -1;
}

typedef struct {
  const gk_rule_rows *rr;
  const long long *vals;
  long long sum;
} summer;

static int add_term(void *ctx, int row, int col, int coef, int named, int prev) {
  (void)named, (void)prev;
  summer *s = ctx;
  int k = gk_rule_rows_index(s->rr, row, col);
  if (k < 0) return 1; /* outside the rows: not this reading's instance */
  s->sum += coef * s->vals[k];
  return 0;
}

/* 1 unless the instance of rule i at `at` lies within the rows and fails. */
static int inst_ok(const gk_rule_rows *rr, const long long *vals, int i, int at) {
  const gk_stable *st = rr->schema->tables[rr->table];
  summer s = {rr, vals, 0};
  if (walk_inst(st, rr->variant, &st->rules[i], at, add_term, &s, NULL) < 0) return 1;
  return s.sum == 0;
}

int gk_rule_rows_holds(const gk_rule_rows *rr, const long long *vals, int n) {
  if (n != rr->nvals) return 0;
  if (rr->ninsts >= 0) {
    for (int k = 0; k < rr->ninsts; k++)
      if (!inst_ok(rr, vals, rr->insts[k].rule, rr->insts[k].at)) return 0;
    return 1;
  }
  const gk_stable *st = rr->schema->tables[rr->table];
  for (int i = 0; i < st->nrules; i++)
    for (int at = 0; at < span(st, &st->rules[i]); at++)
      if (!inst_ok(rr, vals, i, at)) return 0;
  return 1;
}
