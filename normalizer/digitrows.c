/* digitrows.c: one reading per row by dynamic programming over the partial sums of
 * the rules across rows (see digitrows.h). */
#include "digitrows.h"

#include <string.h>

/* Passes of pruning rule by rule before the joint step: each removes candidates
 * that one rule alone excludes; a few passes reach the fixed point in practice, and
 * stopping early only leaves more work to the joint step, never a wrong answer. */
#define DROWS_PRUNE_PASSES 8

/* Combinations are counted up to here, then the count stays (it is only reported). */
#define DROWS_COUNT_CAP (1LL << 62)

/* The distinct partial sums after the first g groups of the order, with how many
 * combinations reach each and whether one of them completes to a reading. */
typedef struct layer {
  int n, cap;
  long long *sums; /* n · D */
  long long *count;
  unsigned char *need;
  int *slot; /* open-addressing table of state indexes, hcap entries, -1 empty */
  int hcap;
} layer;

static unsigned long long hash_sums(const long long *s, int d) {
  unsigned long long h = 1469598103934665603ULL;
  for (int e = 0; e < d; e++) {
    h ^= (unsigned long long)s[e];
    h *= 1099511628211ULL;
    h ^= h >> 29;
  }
  return h;
}

static int find(const layer *L, const long long *s, int d) {
  if (!L->hcap) return -1;
  unsigned long long h = hash_sums(s, d) & (unsigned long long)(L->hcap - 1);
  for (;;) {
    int i = L->slot[h];
    if (i < 0) return -1;
    if (memcmp(L->sums + (size_t)i * (size_t)d, s, sizeof(long long) * (size_t)d) == 0) return i;
    h = (h + 1) & (unsigned long long)(L->hcap - 1);
  }
}

/* Adds state s with `count` combinations; -1 when the layer is full. */
static int add(layer *L, const long long *s, int d, long long count) {
  unsigned long long h = hash_sums(s, d) & (unsigned long long)(L->hcap - 1);
  for (;;) {
    int i = L->slot[h];
    if (i < 0) break;
    if (memcmp(L->sums + (size_t)i * (size_t)d, s, sizeof(long long) * (size_t)d) == 0) {
      L->count[i] = L->count[i] > DROWS_COUNT_CAP - count ? DROWS_COUNT_CAP : L->count[i] + count;
      return i;
    }
    h = (h + 1) & (unsigned long long)(L->hcap - 1);
  }
  if (L->n == L->cap) return -1;
  int i = L->n++;
  memcpy(L->sums + (size_t)i * (size_t)d, s, sizeof(long long) * (size_t)d);
  L->count[i] = count;
  L->need[i] = 0;
  L->slot[h] = i;
  return i;
}

static int layer_init(gk_arena *a, layer *L, int cap, int d) {
  memset(L, 0, sizeof *L);
  L->cap = cap;
  L->hcap = 1;
  while (L->hcap < 2 * cap) L->hcap <<= 1;
  L->sums = gk_arena_alloc(a, sizeof(long long) * (size_t)cap * (size_t)(d ? d : 1));
  L->count = gk_arena_alloc(a, sizeof(long long) * (size_t)cap);
  L->need = gk_arena_alloc(a, (size_t)cap);
  L->slot = gk_arena_alloc(a, sizeof(int) * (size_t)L->hcap);
  if (!L->sums || !L->count || !L->need || !L->slot) return GK_ENOMEM;
  memset(L->slot, 0xff, sizeof(int) * (size_t)L->hcap);
  return GK_OK;
}

/* What the dynamic programming reads. */
typedef struct dp_in {
  const gk_drows_problem *p;
  int G, D;
  long long **contrib; /* per group: ncands · D */
  const long long *konst;
  unsigned char **alive; /* candidates still possible */
} dp_in;

/* The dynamic programming over groups under the rules dims[0 .. nd) (indexes into
 * the D rules across groups): forward, the distinct partial sums (states), cut where
 * the remaining groups cannot bring a sum back to zero; backward, the states and
 * candidates that lead to a complete reading. viable[g][c] is set for candidates in
 * one; *readings counts them. */
static int dp(gk_arena *a, const dp_in *in, const int *dims, int nd, long budget, unsigned char **viable,
              long long *readings, long *states, gk_drun_status *status) {
  int G = in->G, D = in->D;
  const gk_drows_problem *p = in->p;
  *readings = 0;
  *states = 0;
  long work = 0;
  for (int g = 0; g < G; g++) memset(viable[g], 0, (size_t)(p->groups[g].ncands + 1));
  long long *minrest = gk_arena_alloc(a, sizeof(long long) * (size_t)(G + 1) * (size_t)(nd + 1));
  long long *maxrest = gk_arena_alloc(a, sizeof(long long) * (size_t)(G + 1) * (size_t)(nd + 1));
  layer *L = gk_arena_alloc(a, sizeof(layer) * (size_t)(G + 1));
  long long *t = gk_arena_alloc(a, sizeof(long long) * (size_t)(nd + 1));
  if (!minrest || !maxrest || !L || !t) return GK_ENOMEM;
#define C(g, c, x) in->contrib[g][(size_t)(c) * (size_t)D + (size_t)dims[x]]
  /* The least and the most groups g .. G-1 can add to each rule. */
  for (int x = 0; x < nd; x++) minrest[(size_t)G * (size_t)nd + (size_t)x] = maxrest[(size_t)G * (size_t)nd + (size_t)x] = 0;
  for (int g = G - 1; g >= 0; g--)
    for (int x = 0; x < nd; x++) {
      long long lo = 0, hi = 0;
      int first = 1;
      for (int c = 0; c < p->groups[g].ncands; c++) {
        if (!in->alive[g][c]) continue;
        long long v = C(g, c, x);
        if (first || v < lo) lo = v;
        if (first || v > hi) hi = v;
        first = 0;
      }
      minrest[(size_t)g * (size_t)nd + (size_t)x] = minrest[(size_t)(g + 1) * (size_t)nd + (size_t)x] + lo;
      maxrest[(size_t)g * (size_t)nd + (size_t)x] = maxrest[(size_t)(g + 1) * (size_t)nd + (size_t)x] + hi;
    }
  if (layer_init(a, &L[0], 1, nd)) return GK_ENOMEM;
  memset(t, 0, sizeof(long long) * (size_t)(nd + 1));
  add(&L[0], t, nd, 1);
  *states = 1;
  for (int g = 0; g < G; g++) {
    const gk_drows_group *gr = &p->groups[g];
    if (L[g].n == 0) { /* every partial sum was cut: no reading */
      *status = GK_DRUN_NONE;
      return GK_OK;
    }
    long room = budget - *states;
    long want = (long)L[g].n * (long)(gr->ncands > 0 ? gr->ncands : 1);
    int cap = (int)(want < room ? want : room);
    if (cap < 1) {
      *status = GK_DRUN_BOUND;
      return GK_OK;
    }
    if (layer_init(a, &L[g + 1], cap, nd)) return GK_ENOMEM;
    for (int i = 0; i < L[g].n; i++)
      for (int c = 0; c < gr->ncands; c++) {
        if (!in->alive[g][c]) continue;
        if (++work > GK_DROWS_MAX_WORK) {
          *status = GK_DRUN_BOUND;
          return GK_OK;
        }
        int ok = 1;
        for (int x = 0; x < nd && ok; x++) {
          t[x] = L[g].sums[(size_t)i * (size_t)nd + (size_t)x] + C(g, c, x);
          long long k = in->konst[dims[x]];
          ok = t[x] + k + minrest[(size_t)(g + 1) * (size_t)nd + (size_t)x] <= 0 &&
               t[x] + k + maxrest[(size_t)(g + 1) * (size_t)nd + (size_t)x] >= 0;
        }
        if (!ok) continue;
        if (add(&L[g + 1], t, nd, L[g].count[i]) < 0) {
          *status = GK_DRUN_BOUND;
          *states += L[g + 1].n;
          return GK_OK;
        }
      }
    *states += L[g + 1].n;
  }
  /* The complete states that satisfy every rule, then backward: which states and
     candidates lead to one. */
  for (int i = 0; i < L[G].n; i++) {
    int ok = 1;
    for (int x = 0; x < nd && ok; x++) ok = L[G].sums[(size_t)i * (size_t)nd + (size_t)x] + in->konst[dims[x]] == 0;
    if (!ok) continue;
    L[G].need[i] = 1;
    *readings = *readings > DROWS_COUNT_CAP - L[G].count[i] ? DROWS_COUNT_CAP : *readings + L[G].count[i];
  }
  for (int g = G - 1; g >= 0 && *readings; g--) {
    const gk_drows_group *gr = &p->groups[g];
    for (int i = 0; i < L[g].n; i++)
      for (int c = 0; c < gr->ncands; c++) {
        if (!in->alive[g][c]) continue;
        for (int x = 0; x < nd; x++) t[x] = L[g].sums[(size_t)i * (size_t)nd + (size_t)x] + C(g, c, x);
        int j = find(&L[g + 1], t, nd);
        if (j >= 0 && L[g + 1].need[j]) {
          L[g].need[i] = 1;
          viable[g][c] = 1;
        }
      }
  }
#undef C
  *status = *readings == 0 ? GK_DRUN_NONE : *readings == 1 ? GK_DRUN_UNIQUE : GK_DRUN_AMBIGUOUS;
  return GK_OK;
}

int gk_drows_solve(gk_arena *a, const gk_drows_problem *p, gk_drows_result *res) {
  int G = p->ngroups;
  long budget = p->max_states > 0 ? p->max_states : GK_DROWS_MAX_STATES;
  memset(res, 0, sizeof *res);
  res->viable = gk_arena_alloc(a, sizeof(unsigned char *) * (size_t)(G + 1));
  if (!res->viable) return GK_ENOMEM;
  int nvars = 0;
  for (int g = 0; g < G; g++) {
    res->viable[g] = gk_arena_alloc(a, (size_t)(p->groups[g].ncands + 1));
    if (!res->viable[g]) return GK_ENOMEM;
    memset(res->viable[g], 0, (size_t)(p->groups[g].ncands + 1));
    int end = p->groups[g].var0 + p->groups[g].nvars;
    if (end > nvars) nvars = end;
  }
  /* Which group holds each var, and the eqs across groups. */
  int *group_of = gk_arena_alloc(a, sizeof(int) * (size_t)(nvars + 1));
  int *cross = gk_arena_alloc(a, sizeof(int) * (size_t)(p->neqs + 1));
  if (!group_of || !cross) return GK_ENOMEM;
  for (int v = 0; v < nvars; v++) group_of[v] = -1;
  for (int g = 0; g < G; g++)
    for (int k = 0; k < p->groups[g].nvars; k++) group_of[p->groups[g].var0 + k] = g;
  int D = 0;
  for (int e = 0; e < p->neqs; e++) {
    int g0 = -2, many = 0, outside = 0;
    for (int q = 0; q < p->eqs[e].nterms; q++) {
      int v = p->eqs[e].terms[q].var;
      int g = v >= 0 && v < nvars ? group_of[v] : -1;
      if (g < 0) outside = 1;
      else if (g0 == -2) g0 = g;
      else if (g != g0) many = 1;
    }
    if (many && !outside) cross[D++] = e;
  }
  /* Each candidate's contribution to each eq across groups. */
  long long **contrib = gk_arena_alloc(a, sizeof(long long *) * (size_t)(G + 1));
  long long *konst = gk_arena_alloc(a, sizeof(long long) * (size_t)(D + 1));
  int *coef = gk_arena_alloc(a, sizeof(int) * (size_t)(nvars + 1));
  if (!contrib || !konst || !coef) return GK_ENOMEM;
  for (int g = 0; g < G; g++) {
    const gk_drows_group *gr = &p->groups[g];
    contrib[g] = gk_arena_alloc(a, sizeof(long long) * (size_t)(gr->ncands + 1) * (size_t)(D + 1));
    if (!contrib[g]) return GK_ENOMEM;
    memset(contrib[g], 0, sizeof(long long) * (size_t)(gr->ncands + 1) * (size_t)(D + 1));
  }
  for (int d = 0; d < D; d++) {
    const gk_drun_eq *eq = &p->eqs[cross[d]];
    konst[d] = eq->konst;
    for (int v = 0; v < nvars; v++) coef[v] = 0;
    for (int q = 0; q < eq->nterms; q++) coef[eq->terms[q].var] += eq->terms[q].coef;
    for (int g = 0; g < G; g++) {
      const gk_drows_group *gr = &p->groups[g];
      for (int c = 0; c < gr->ncands; c++) {
        long long s = 0;
        for (int k = 0; k < gr->nvars; k++) s += coef[gr->var0 + k] * gr->vals[(size_t)c * (size_t)gr->nvars + (size_t)k];
        contrib[g][(size_t)c * (size_t)D + (size_t)d] = s;
      }
    }
  }
  unsigned char **alive = gk_arena_alloc(a, sizeof(unsigned char *) * (size_t)(G + 1));
  int *dims = gk_arena_alloc(a, sizeof(int) * (size_t)(D + 1));
  if (!alive || !dims) return GK_ENOMEM;
  for (int g = 0; g < G; g++) {
    alive[g] = gk_arena_alloc(a, (size_t)(p->groups[g].ncands + 1));
    if (!alive[g]) return GK_ENOMEM;
    memset(alive[g], 1, (size_t)(p->groups[g].ncands + 1));
  }
  dp_in in = {p, G, D, contrib, konst, alive};
  /* Each rule alone first: a candidate that no choice of the other rows completes
     under one rule is in no reading, and rules of one column have few partial sums,
     so this is cheap and leaves the joint step few candidates. Repeated while it
     removes candidates (each pass removes at least one, so it ends). */
  for (int changed = 1, pass = 0; changed && pass < DROWS_PRUNE_PASSES; pass++) {
    changed = 0;
    for (int d = 0; d < D; d++) {
      gk_arena_pos mark = gk_arena_mark(a);
      long long n1 = 0;
      long st1 = 0;
      dims[0] = d;
      gk_drun_status s1;
      int rc = dp(a, &in, dims, 1, budget, res->viable, &n1, &st1, &s1);
      if (rc) return rc;
      if (s1 == GK_DRUN_NONE) {
        res->status = GK_DRUN_NONE;
        return GK_OK;
      }
      if (s1 != GK_DRUN_BOUND)
        for (int g = 0; g < G; g++)
          for (int c = 0; c < p->groups[g].ncands; c++)
            if (alive[g][c] && !res->viable[g][c]) alive[g][c] = 0, changed = 1;
      gk_arena_release(a, mark);
    }
  }
  for (int d = 0; d < D; d++) dims[d] = d;
  return dp(a, &in, dims, D, budget, res->viable, &res->readings, &res->states, &res->status);
}
