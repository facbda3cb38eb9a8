/* check_pair.c: the corpus rules over two reports, from the rule table to messages. */
#include "check_pair.h"

#include <stdio.h>

#include <string.h>

#include "rules.h"

/* Terms one instance of a pair rule may have (the corpus rules have two to four). */
#define PAIR_MAX_TERMS 16

/* The name a term goes by in a message: the column of a rule stated for a row, the
 * row of a rule stated for a column. */
static const char *term_name(const gk_stable *st, const gk_rule_inst *in, const gk_rule_term *tm) {
  return in->rule->over == GK_RULE_EACH_ROW ? st->cols[tm->col].key : st->rows[tm->row].key;
}

/* Appends to *s the terms of one report (prev = 1: the earlier), target excluded:
 * "name value" joined by their signs in the sum (right side +, left side -). */
static char *group_text(gk_arena *a, char *s, const gk_stable *st, const gk_rule_inst *in,
                        const long long *vals, int prev) {
  /* The right side first: the sum is the right side less the left's other terms. */
  for (int pass = 0; pass < 2 && s; pass++)
    for (int i = 0; i < in->nterms && s; i++) {
      const gk_rule_term *tm = &in->terms[i];
      int rhs = i >= in->nlhs;
      if (i == 0 || tm->prev != prev || rhs != (pass == 0)) continue;
      const char *sign = rhs ? (*s ? " + " : "") : (*s ? " - " : "-");
      s = gk_arena_printf(a, "%s%s%s %lld", s, sign, term_name(st, in, tm), vals[i]);
    }
  return s;
}

/* The message of a failed instance; NULL when the arena is full. */
static char *message(gk_arena *a, const gk_stable *st, const gk_rule_inst *in, const long long *vals,
                     long long sum, const gk_pair_report *earlier, const gk_pair_report *later) {
  const gk_rule_term *t0 = &in->terms[0];
  char *head = gk_arena_printf(a, "%s.%s of %d is %lld (%s), but ", st->rows[t0->row].key,
                               st->cols[t0->col].key, later->year, vals[0], later->source);
  if (!head) return NULL;
  if (in->rule->msg == GK_RULE_MSG_PAIR_CELLS && in->nterms == 2) {
    const gk_rule_term *t1 = &in->terms[1];
    const gk_pair_report *r1 = t1->prev ? earlier : later;
    return gk_arena_printf(a, "%s%s.%s of %d is %lld (%s)", head, st->rows[t1->row].key,
                           st->cols[t1->col].key, r1->year, vals[1], r1->source);
  }
  char *before = group_text(a, gk_arena_printf(a, "%s", ""), st, in, vals, 1);
  char *after = group_text(a, gk_arena_printf(a, "%s", ""), st, in, vals, 0);
  if (!before || !after) return NULL;
  char *s = head;
  if (*before) s = gk_arena_printf(a, "%s%s of %d (%s)", s, before, earlier->year, earlier->source);
  if (s && *after) {
    int neg = after[0] == '-';
    s = gk_arena_printf(a, "%s%s%s of %d", s, *before ? (neg ? " - " : " + ") : (neg ? "-" : ""),
                        after + neg, later->year);
  }
  return s ? gk_arena_printf(a, "%s = %lld", s, sum) : NULL;
}

int gk_check_pair(gk_arena *a, const gk_pair_report *earlier, const gk_pair_report *later,
                  gk_pair_get get, gk_pair_fail fail, void *ctx) {
  int failures = 0;
  const gk_schema *s = later->schema;
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = s->tables[t];
    gk_rule_set set;
    if (gk_rules_expand_pairs(a, s, (gk_table)t, &set) != GK_OK) return GK_ENOMEM;
    for (int k = 0; k < set.ninsts; k++) {
      const gk_rule_inst *in = &set.insts[k];
      if (in->rule->pair == GK_PAIR_SAME_TEMPLATE && earlier->schema != later->schema) continue;
      long long vals[PAIR_MAX_TERMS];
      if (in->nterms > PAIR_MAX_TERMS) continue;
      int usable = 1;
      long long lhs = 0, rhs = 0;
      for (int i = 0; i < in->nterms && usable; i++) {
        const gk_rule_term *tm = &in->terms[i];
        usable = get(ctx, !tm->prev, st->key, st->rows[tm->row].key, st->cols[tm->col].key, &vals[i]);
        if (i < in->nlhs) lhs += vals[i];
        else rhs += vals[i];
      }
      if (!usable || lhs == rhs) continue;
      /* The target is the left side's first term; the rest make up what it should be. */
      long long want = rhs - (lhs - vals[0]);
      char *msg = message(a, st, in, vals, want, earlier, later);
      if (!msg) return GK_ENOMEM;
      const gk_rule_term *t0 = &in->terms[0];
      int rc = fail(ctx, in->rule, st->key, st->rows[t0->row].key, st->cols[t0->col].key, msg);
      if (rc) return rc;
      failures++;
    }
  }
  return failures;
}

/* The cells the pair rules read, over every template: filled once from the rule table. */
static const char *cells[GK_PAIR_MAX_CELLS + 1];
static char cell_text[GK_PAIR_MAX_CELLS][64];

static void add_cell(int *n, const char *t, const char *r, const char *c) {
  char a[64];
  snprintf(a, sizeof a, "%s.%s.%s", t, r, c);
  for (int i = 0; i < *n; i++)
    if (strcmp(cells[i], a) == 0) return;
  if (*n >= GK_PAIR_MAX_CELLS) return; /* a rule table this large would need a bigger record */
  memcpy(cell_text[*n], a, sizeof a);
  cells[*n] = cell_text[*n];
  (*n)++;
}

const char *const *gk_pair_cells(void) {
  if (cells[0]) return cells;
  gk_arena *a = gk_arena_new();
  int n = 0;
  for (int s = 0; a && gk_schemas[s]; s++)
    for (int t = 0; t < GK_NTABLES; t++) {
      const gk_stable *st = gk_schemas[s]->tables[t];
      gk_rule_set set;
      if (gk_rules_expand_pairs(a, gk_schemas[s], (gk_table)t, &set) != GK_OK) continue;
      for (int k = 0; k < set.ninsts; k++)
        for (int i = 0; i < set.insts[k].nterms; i++) {
          const gk_rule_term *tm = &set.insts[k].terms[i];
          add_cell(&n, st->key, st->rows[tm->row].key, st->cols[tm->col].key);
        }
    }
  gk_arena_free(a);
  cells[n] = NULL;
  return cells;
}

