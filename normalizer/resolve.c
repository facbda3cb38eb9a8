/* resolve.c: turning a row's value cells into exactly the template's number of
 * values, using the template's arithmetic where the text alone is ambiguous. */
#include "resolve.h"

#include <stdlib.h>
#include <string.h>

#include "../core/base.h"

#define MAX_ITEMS 64
#define MAX_TRIES 200000

/* A count for the row rules. Values longer than 15 digits are not counts (the
 * reader marks them invalid); capping them keeps the sums from overflowing. */
static long long num(const char *g) {
  if (!g) return 0;
  size_t l = strlen(g);
  return l > 16 ? 1000000000000000LL : strtoll(g, NULL, 10);
}

int gk_rule_t3_row(const char *const *v, int n) {
  if (n != 7) return 0;
  long long s = 0;
  for (int i = 0; i < 6; i++) s += num(v[i]);
  return s == num(v[6]);
}

int gk_rule_t4_row(const char *const *v, int n) {
  if (n != 15) return 0;
  for (int b = 0; b < 15; b += 5)
    if (num(v[b]) + num(v[b + 1]) + num(v[b + 2]) + num(v[b + 3]) != num(v[b + 4])) return 0;
  return 1;
}

/* Whether group b may be glued to group a: both plain digits, a without a fraction. */
static int mergeable(const char *a, const char *b) {
  return a && b && !strchr(a, '.') && b[0] != '-' && b[0] != '+';
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

int gk_resolve_values(gk_arena *a, const gk_vitem *items, int n, int e, gk_row_rule rule,
                      const char **out) {
  gk_vitem it[MAX_ITEMS];
  if (n > MAX_ITEMS) n = MAX_ITEMS;
  memcpy(it, items, (size_t)n * sizeof *it);
  for (int i = 0; i < e; i++) out[i] = NULL;
  /* Blank cells at the ends are layout (spanned label columns, trailing tabs) once
     there are more cells than columns. */
  int lo = 0, hi = n;
  while (hi - lo > e && (it[lo].g == NULL || it[hi - 1].g == NULL)) {
    if (it[hi - 1].g == NULL) hi--;
    else lo++;
  }
  n = hi - lo;
  memmove(it, it + lo, (size_t)n * sizeof *it);
  if (n > 0) it[0].soft = 0;
  for (int i = 1; i < n; i++)
    if (!it[i - 1].g || !it[i].g) it[i].soft = 0;

  int soft_idx[MAX_ITEMS], nsoft = 0;
  for (int i = 1; i < n; i++)
    if (it[i].soft) soft_idx[nsoft++] = i;
  int hard = n - nsoft;
  const char *vals[MAX_ITEMS];
  unsigned char split[MAX_ITEMS];
  int nv, thou;

  if (hard > e) {
    /* More cells than columns. Blank cells are the likelier extras (a layout cell
       between columns, a column boundary found twice): drop blanks, preferring
       the choice under which the row adds up; numbers are never dropped for it. */
    int blanks[MAX_ITEMS], nb = 0;
    for (int i = 0; i < n; i++)
      if (!it[i].g) blanks[nb++] = i;
    int drop = hard - e;
    if (nsoft == 0 && nb >= drop && drop <= 6) {
      int pick[8], found = 0;
      const char *best[MAX_ITEMS];
      for (int i = 0; i < drop; i++) pick[i] = i;
      for (;;) {
        const char *cand[MAX_ITEMS];
        int k = 0, pi = 0;
        for (int i = 0; i < n; i++) {
          if (pi < drop && blanks[pick[pi]] == i) {
            pi++;
            continue;
          }
          cand[k++] = it[i].g;
        }
        int ok = rule && rule(cand, e);
        if (ok || !found) {
          memcpy(best, cand, (size_t)e * sizeof *cand);
          found = ok ? 2 : 1;
        }
        if (ok) break;
        int i = drop - 1;
        while (i >= 0 && pick[i] == nb - drop + i) i--;
        if (i < 0) break;
        pick[i]++;
        for (int j = i + 1; j < drop; j++) pick[j] = pick[j - 1] + 1;
      }
      if (found == 2 || !rule) {
        memcpy(out, best, (size_t)e * sizeof *out);
        return GK_RES_DROPPED;
      }
    }
    /* Otherwise keep the first e, each cell one number. */
    memset(split, 0, sizeof split);
    int rc = build(a, it, n, soft_idx, nsoft, split, vals, &nv, &thou);
    if (rc == GK_ENOMEM) return GK_ENOMEM;
    if (rc == UNJOINABLE) {
      memset(split, 1, sizeof split);
      if (build(a, it, n, soft_idx, nsoft, split, vals, &nv, &thou) == GK_ENOMEM) return GK_ENOMEM;
    }
    for (int i = 0; i < e && i < nv; i++) out[i] = vals[i];
    return GK_RES_TRUNCATED;
  }
  if (n < e) {
    /* Too few values even with every group apart: place e-n blanks where the rule
       holds, preferring the last value in the last column, blanks to the right. */
    int miss = e - n;
    const char *best[MAX_ITEMS];
    int best_score = -1;
    unsigned long limit = 1;
    for (int i = 0; i < e && limit < (1ul << 20); i++) limit <<= 1;
    for (unsigned long mask = 0; mask < limit && e <= 20; mask++) {
      if (__builtin_popcountl(mask) != miss) continue;
      const char *cand[MAX_ITEMS];
      int k = 0;
      for (int p = 0; p < e; p++) cand[p] = (mask >> p) & 1 ? NULL : it[k++].g;
      int score = 0;
      if (rule && rule(cand, e)) score += 100;
      if (!((mask >> (e - 1)) & 1)) score += 10;
      /* Blanks at the right end of the label-side columns rank next. */
      int contiguous = 1;
      for (int p = 0, seen = 0; p < e; p++) {
        if ((mask >> p) & 1) seen = 1;
        else if (seen && p < e - 1) contiguous = 0;
      }
      score += contiguous;
      if (score > best_score) {
        best_score = score;
        memcpy(best, cand, (size_t)e * sizeof *cand);
      }
    }
    if (best_score < 0) {
      for (int i = 0; i < n; i++) out[i] = it[i].g;
    } else {
      memcpy(out, best, (size_t)e * sizeof *out);
    }
    return GK_RES_PADDED;
  }
  int k = e - hard; /* soft boundaries to keep as splits */
  if (nsoft == 0) {
    for (int i = 0; i < e; i++) out[i] = it[i].g;
    return GK_RES_EXACT;
  }
  /* Enumerate which soft boundaries split, best reading first: rule holds, then
     the most thousands-like joins. */
  int best_score = -1000000, nbest_rule = 0, nvalid = 0;
  const char *best[MAX_ITEMS];
  memset(split, 0, sizeof split);
  int idx[MAX_ITEMS];
  for (int i = 0; i < k; i++) idx[i] = i;
  long tries = 0;
  for (;;) {
    memset(split, 0, (size_t)nsoft);
    for (int i = 0; i < k; i++) split[idx[i]] = 1;
    int rc = build(a, it, n, soft_idx, nsoft, split, vals, &nv, &thou);
    if (rc == GK_ENOMEM) return GK_ENOMEM;
    if (rc == 0 && nv == e) {
      int ok = rule && rule(vals, e);
      nvalid++;
      int score = (ok ? 1000 : 0) + thou;
      if (ok) nbest_rule++;
      if (score > best_score) {
        best_score = score;
        memcpy(best, vals, (size_t)e * sizeof *vals);
      }
    }
    if (++tries > MAX_TRIES) break;
    /* next combination of k out of nsoft */
    int i = k - 1;
    while (i >= 0 && idx[i] == nsoft - k + i) i--;
    if (i < 0) break;
    idx[i]++;
    for (int j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
  if (best_score == -1000000) {
    /* Nothing joinable: read every group as its own value, as far as they go. */
    for (int i = 0; i < e && i < n; i++) out[i] = it[i].g;
    return GK_RES_GUESSED;
  }
  memcpy(out, best, (size_t)e * sizeof *out);
  if (nvalid == 1) return k == 0 ? GK_RES_MERGED : GK_RES_EXACT;
  return rule && nbest_rule == 1 ? GK_RES_CHOSEN : GK_RES_GUESSED;
}
