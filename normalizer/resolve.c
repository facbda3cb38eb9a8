/* resolve.c: turning a row's value cells into exactly the template's number of
 * values, using the template's arithmetic where the text alone is ambiguous. */
#include "resolve.h"

#include <stdlib.h>
#include <string.h>

#include "../core/base.h"

/* Value candidates one row is read from; more are cut (no template row has more
 * than 15 values, and a reading never needs more than one candidate per value). */
#define MAX_ITEMS 64
/* Readings of a row's soft boundaries tried at most: bounds the time a row of many
 * space-separated digit groups costs (C(nsoft, k) grows fast; one try is some ten
 * thousand instructions). A search cut short decides nothing: the row is then read
 * as not decided by its arithmetic (GK_RES_GUESSED), whatever it found. */
#define MAX_TRIES 20000
/* Widest row for which every placement of the missing values' blanks is tried
 * (2^MAX_PAD_COLS masks); wider rows keep their values in order, blanks last. */
#define MAX_PAD_COLS 20
/* Most surplus blank cells for which every choice of the blanks to drop is tried
 * (C(blanks, MAX_DROP) choices); with more, the first values are kept. */
#define MAX_DROP 6
/* Weight of "the rule holds" in a split reading's score: more than any count of
 * thousands-like joins (at most MAX_ITEMS), so the rule always decides first. */
#define RULE_WEIGHT 1000

/* A count for the row rules. Values longer than 15 digits are not counts (the
 * reader marks them invalid); capping them keeps the sums from overflowing. */
static long long num(const char *g) {
  if (!g) return 0;
  size_t l = strlen(g);
  return l > 16 ? 1000000000000000LL : strtoll(g, NULL, 10);
}

int gk_resolve_rule_holds(gk_row_rule rule, const char *const *values, int n) {
  if (!rule || n != rule->nvals || n > MAX_ITEMS) return 0;
  long long v[MAX_ITEMS];
  for (int i = 0; i < n; i++) v[i] = num(values[i]);
  return gk_rule_rows_holds(rule, v, n);
}

/* Whether group b may be glued to group a: both plain digits, a without a fraction. */
static int mergeable(const char *a, const char *b) {
  /* Only digits join: a misread token (`1s`) stays a cell of its own. */
  return a && b && !strchr(a, '.') && b[0] != '-' && b[0] != '+' &&
         a[strspn(a, "-0123456789")] == '\0' && b[strspn(b, "0123456789.")] == '\0';
}

/* A join that looks like a thousands separator: 1–3 digits, then exactly 3. */
static int thousands_like(const char *a, const char *b) {
  size_t la = strlen(a) - (a[0] == '-'), lb = strlen(b);
  return la >= 1 && la <= 3 && lb == 3 && !strchr(b, '.');
}

static char *join(gk_arena *a, const char *x, const char *y) {
  size_t lx = strlen(x), ly = strlen(y);
  char *r = gk_arena_alloc(a, lx + ly + 1);
  if (!r) return NULL;
  memcpy(r, x, lx);
  memcpy(r + lx, y, ly + 1);
  return r;
}

#define UNJOINABLE 1 /* build(): a join the groups do not allow (not an error) */

/* Builds values from items given which soft boundaries are kept as splits.
 * Returns 0, UNJOINABLE, or GK_ENOMEM. */
static int build(gk_arena *a, const gk_vitem *it, int n, const int *soft_idx, int nsoft,
                 const unsigned char *split, const char **vals, int *nvals, int *thou) {
  int k = 0, si = 0;
  *thou = 0;
  for (int i = 0; i < n; i++) {
    int is_soft = si < nsoft && soft_idx[si] == i;
    if (is_soft && !split[si]) {
      if (!mergeable(vals[k - 1], it[i].g)) return UNJOINABLE;
      *thou += thousands_like(vals[k - 1], it[i].g);
      vals[k - 1] = join(a, vals[k - 1], it[i].g);
      if (!vals[k - 1]) return GK_ENOMEM;
    } else {
      if (is_soft) *thou -= thousands_like(vals[k - 1], it[i].g);
      vals[k++] = it[i].g;
    }
    if (is_soft) si++;
  }
  *nvals = k;
  return 0;
}

/* Advances idx[0..k) to the next k-combination of 0..n-1 in lexicographic order.
 * Returns 0 after the last one. */
static int next_combination(int *idx, int k, int n) {
  int i = k - 1;
  while (i >= 0 && idx[i] == n - k + i) i--;
  if (i < 0) return 0;
  idx[i]++;
  for (int j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  return 1;
}

/* A row's value candidates once the layout blanks at its ends are gone, and which
 * of them a soft boundary separates from the one before. */
typedef struct {
  gk_vitem it[MAX_ITEMS];
  int n;
  int soft_idx[MAX_ITEMS];
  int nsoft;
} groups;

static void groups_init(groups *g, const gk_vitem *items, int n, int e) {
  if (n > MAX_ITEMS) n = MAX_ITEMS;
  memcpy(g->it, items, (size_t)n * sizeof *g->it);
  /* Blank cells at the ends are layout (spanned label columns, trailing tabs) once
     there are more cells than columns: empty cells first (a mark such as 无 or -
     was written into a cell of its own), the trailing end first. */
  int lo = 0, hi = n;
  while (hi - lo > e && (g->it[lo].g == NULL || g->it[hi - 1].g == NULL)) {
    const gk_vitem *first = &g->it[lo], *last = &g->it[hi - 1];
    if (last->g == NULL && last->empty) hi--;
    else if (first->g == NULL && first->empty) lo++;
    else if (last->g == NULL) hi--;
    else lo++;
  }
  g->n = hi - lo;
  memmove(g->it, g->it + lo, (size_t)g->n * sizeof *g->it);
  /* A blank is a cell of its own: no boundary next to it is soft. */
  if (g->n > 0) g->it[0].soft = 0;
  for (int i = 1; i < g->n; i++)
    if (!g->it[i - 1].g || !g->it[i].g) g->it[i].soft = 0;
  g->nsoft = 0;
  for (int i = 1; i < g->n; i++)
    if (g->it[i].soft) g->soft_idx[g->nsoft++] = i;
}

/* More cells than columns, each cell one number. Blank cells are the likelier
 * extras (a layout cell between columns, a column boundary found twice): drops
 * blanks, preferring the choice under which the row adds up; numbers are never
 * dropped for it. Returns 1 with out[] written, 0 when no choice fits. */
static int drop_blanks(const groups *g, int e, gk_row_rule rule, const char **out) {
  int blanks[MAX_ITEMS], nb = 0;
  for (int i = 0; i < g->n; i++)
    if (!g->it[i].g) blanks[nb++] = i;
  int drop = g->n - e;
  if (g->nsoft != 0 || nb < drop || drop > MAX_DROP) return 0;
  int pick[MAX_DROP], found = 0, best_score = -1;
  const char *best[MAX_ITEMS];
  for (int i = 0; i < drop; i++) pick[i] = i;
  /* Among the choices (that add up, when there is a rule), the one that drops the
     most empty cells: an empty cell beside the label is the label's span in a pipe
     table or a dump, while 无, - or &nbsp; was written into a cell of its own. Ties
     keep the first choice (the blanks nearest the label). */
  do {
    const char *cand[MAX_ITEMS];
    int k = 0, pi = 0, score = 0;
    for (int i = 0; i < g->n; i++) {
      if (pi < drop && blanks[pick[pi]] == i) {
        pi++;
        score += g->it[i].empty;
        continue;
      }
      cand[k++] = g->it[i].g;
    }
    int ok = gk_resolve_rule_holds(rule, cand, e);
    int rank = (ok ? 2 * MAX_ITEMS : 0) + score;
    if (rank > best_score) {
      memcpy(best, cand, (size_t)e * sizeof *cand);
      best_score = rank;
      found = ok ? 2 : 1;
    }
  } while (next_combination(pick, drop, nb));
  /* Without a rule the best choice stands; with one, only a choice that adds up. */
  if (found != 2 && rule) return 0;
  memcpy(out, best, (size_t)e * sizeof *out);
  return 1;
}

/* More values than columns and no blanks to drop: keeps the first e, each cell one
 * number (or, where a cell's groups cannot be one number, each group one). */
static int keep_first(gk_arena *a, const groups *g, int e, const char **out) {
  const char *vals[MAX_ITEMS];
  unsigned char split[MAX_ITEMS];
  int nv = 0, thou;
  memset(split, 0, sizeof split);
  int rc = build(a, g->it, g->n, g->soft_idx, g->nsoft, split, vals, &nv, &thou);
  if (rc == GK_ENOMEM) return GK_ENOMEM;
  if (rc == UNJOINABLE) {
    memset(split, 1, sizeof split);
    if (build(a, g->it, g->n, g->soft_idx, g->nsoft, split, vals, &nv, &thou) == GK_ENOMEM)
      return GK_ENOMEM;
  }
  for (int i = 0; i < e && i < nv; i++) out[i] = vals[i];
  return GK_RES_TRUNCATED;
}

/* How well a placement of blanks (bit p of mask: column p blank) reads: the rule
 * holding first, then a value in the last column (the total), then blanks together
 * at the right end of the label-side columns. */
static int pad_score(const char *const *cand, unsigned long mask, int e, gk_row_rule rule) {
  int score = 0;
  if (gk_resolve_rule_holds(rule, cand, e)) score += 100;
  if (!((mask >> (e - 1)) & 1)) score += 10;
  int contiguous = 1;
  for (int p = 0, seen = 0; p < e; p++) {
    if ((mask >> p) & 1) seen = 1;
    else if (seen && p < e - 1) contiguous = 0;
  }
  return score + contiguous;
}

/* Too few values even with every group apart: places e-n blanks where the rule
 * holds, preferring the last value in the last column, blanks to the right. */
static int pad_missing(const groups *g, int e, gk_row_rule rule, const char **out) {
  int miss = e - g->n;
  const char *best[MAX_ITEMS];
  int best_score = -1;
  unsigned long limit = 1;
  for (int i = 0; i < e && limit < (1ul << MAX_PAD_COLS); i++) limit <<= 1;
  for (unsigned long mask = 0; mask < limit && e <= MAX_PAD_COLS; mask++) {
    if (__builtin_popcountl(mask) != miss) continue;
    const char *cand[MAX_ITEMS];
    int k = 0;
    for (int p = 0; p < e; p++) cand[p] = (mask >> p) & 1 ? NULL : g->it[k++].g;
    int score = pad_score(cand, mask, e, rule);
    if (score > best_score) {
      best_score = score;
      memcpy(best, cand, (size_t)e * sizeof *cand);
    }
  }
  if (best_score < 0) {
    for (int i = 0; i < g->n; i++) out[i] = g->it[i].g;
  } else {
    memcpy(out, best, (size_t)e * sizeof *out);
  }
  return GK_RES_PADDED;
}

/* As many values as columns once k of the soft boundaries split digit groups:
 * enumerates which k, best reading first: rule holds, then the most thousands-like
 * joins. */
static int choose_splits(gk_arena *a, const groups *g, int e, gk_row_rule rule, const char **out) {
  int nsoft = g->nsoft, k = e - (g->n - nsoft); /* soft boundaries to keep as splits */
  if (nsoft == 0) {
    for (int i = 0; i < e; i++) out[i] = g->it[i].g;
    return GK_RES_EXACT;
  }
  int best_score = -1000000, nbest_rule = 0, nvalid = 0;
  const char *best[MAX_ITEMS], *vals[MAX_ITEMS];
  unsigned char split[MAX_ITEMS];
  int idx[MAX_ITEMS], nv, thou;
  memset(split, 0, sizeof split);
  for (int i = 0; i < k; i++) idx[i] = i;
  long tries = 0;
  do {
    memset(split, 0, (size_t)nsoft);
    for (int i = 0; i < k; i++) split[idx[i]] = 1;
    int rc = build(a, g->it, g->n, g->soft_idx, nsoft, split, vals, &nv, &thou);
    if (rc == GK_ENOMEM) return GK_ENOMEM;
    if (rc == 0 && nv == e) {
      int ok = gk_resolve_rule_holds(rule, vals, e);
      nvalid++;
      int score = (ok ? RULE_WEIGHT : 0) + thou;
      if (ok) nbest_rule++;
      if (score > best_score) {
        best_score = score;
        memcpy(best, vals, (size_t)e * sizeof *vals);
      }
    }
  } while (++tries < MAX_TRIES && next_combination(idx, k, nsoft));
  int cut = tries >= MAX_TRIES && next_combination(idx, k, nsoft);
  if (best_score == -1000000) {
    /* Nothing joinable: read every group as its own value, as far as they go. */
    for (int i = 0; i < e && i < g->n; i++) out[i] = g->it[i].g;
    return GK_RES_GUESSED;
  }
  memcpy(out, best, (size_t)e * sizeof *out);
  if (cut) return GK_RES_GUESSED; /* readings not tried might also add up */
  if (nvalid == 1) return k == 0 ? GK_RES_MERGED : GK_RES_EXACT;
  return rule && nbest_rule == 1 ? GK_RES_CHOSEN : GK_RES_GUESSED;
}

int gk_resolve_values(gk_arena *a, const gk_vitem *items, int n, int e, gk_row_rule rule,
                      const char **out) {
  groups g;
  groups_init(&g, items, n, e);
  for (int i = 0; i < e; i++) out[i] = NULL;
  int hard = g.n - g.nsoft;
  if (hard > e) {
    if (drop_blanks(&g, e, rule, out)) return GK_RES_DROPPED;
    return keep_first(a, &g, e, out);
  }
  if (g.n < e) return pad_missing(&g, e, rule, out);
  return choose_splits(a, &g, e, rule, out);
}
