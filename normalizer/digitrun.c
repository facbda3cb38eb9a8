/* digitrun.c: split run-together digits into cells by the arithmetic: a depth-first
 * search over cut positions, var by var in run order, that tests each constraint as
 * soon as its last var is placed and stops after a named number of nodes. */
#include "digitrun.h"

#include <string.h>

typedef struct {
  const gk_drun_problem *p;
  gk_drun_result *res;
  long max_steps;
  int *order_run; /* per var: its run */
  int *run_end;   /* per var: end of its run's text (exclusive) */
  const char **text; /* per run: its text without spaces */
  int *tlen;
  int **due;  /* per var: the constraints whose last var it is */
  int *ndue;
  int **in;   /* per var: the constraints it takes part in */
  int *nin;
  int *rank;  /* per var: its place in the search order */
  long long *maxv; /* per var of a later run: the largest value its run leaves it */
  unsigned char *tail, *tail_placed; /* per run: its last cell goes first; it is placed */
  unsigned char *boundable; /* per constraint: every var in a run and no decimal */
  long long **prefix; /* per run of at most 18 digits: the values of its prefixes, or NULL */
  int *jc, *jt;       /* per constraint that is a total over one whole run of counts: the
                         coefficient of the cells before the last, and of the last; else 0 */
  long long *msum;    /* per var of a tail run: the sum of the run's cells up to it */
  int *end; /* per tail run: where the cells before its last end */
  int *off, *len;
  long long *val;
  int stop;
} solver;

/* Parses s[0 .. n) as a cell of kind k into *v; 0 when it is no such cell. */
static int piece_value(const char *s, int n, gk_drun_kind k, long long *v) {
  int neg = 0, i = 0;
  if (s[0] == GK_DRUN_BLANK) { /* a blank cell: alone, and 0 in the arithmetic */
    *v = 0;
    return n == 1;
  }
  if (k == GK_DRUN_SIGNED && n > 1 && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    i = 1;
  }
  int int_end = n;
  if (k == GK_DRUN_DECIMAL)
    for (int j = i; j < n; j++)
      if (s[j] == '.') {
        int frac = n - j - 1;
        if (frac < 1 || frac > 2) return 0; /* amounts are in yuan with fen at most */
        int_end = j;
        for (int q = j + 1; q < n; q++)
          if (s[q] < '0' || s[q] > '9') return 0;
        break;
      }
  int digits = int_end - i;
  if (digits < 1 || digits > GK_DRUN_MAX_DIGITS) return 0;
  if (digits > 1 && s[i] == '0') return 0; /* a count has no leading zero */
  if (neg && digits == 1 && s[i] == '0') return 0; /* -0 is not written */
  long long x = 0;
  for (int j = i; j < int_end; j++) {
    if (s[j] < '0' || s[j] > '9') return 0;
    x = x * 10 + (s[j] - '0');
  }
  *v = neg ? -x : x;
  return 1;
}

static int eqs_hold(solver *S, int var) {
  for (int q = 0; q < S->ndue[var]; q++) {
    const gk_drun_eq *e = &S->p->eqs[S->due[var][q]];
    long long sum = e->konst;
    for (int t = 0; t < e->nterms; t++) sum += (long long)e->terms[t].coef * S->val[e->terms[t].var];
    if (sum != 0) return 0;
  }
  return 1;
}

/* The largest count of `digits` digits (saturating at the longest count). */
static const long long pow10s[19] = {1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL,
                                     10000000LL, 100000000LL, 1000000000LL, 10000000000LL,
                                     100000000000LL, 1000000000000LL, 10000000000000LL,
                                     100000000000000LL, 1000000000000000LL,
                                     10000000000000000LL, 100000000000000000LL,
                                     1000000000000000000LL};

static long long max_of(int digits) {
  if (digits > GK_DRUN_MAX_DIGITS) digits = GK_DRUN_MAX_DIGITS;
  return digits > 0 ? pow10s[digits] - 1 : 0;
}

/* Whether every constraint over var (just placed, its run's text used up to pos) can
 * still hold: the placed terms' sum against the least and the most the unplaced can
 * add, each bounded by the digits its run has left for it (digits_left for the
 * cells_left cells of var's own run). It cuts the splits whose early cells are too
 * long for the total. */
/* The cells left in a run, cells_left of them over digits_left characters from
 * rest_at: their sum is at most those digits read as one number (and at most each
 * cell as long as the others leave it), and at least the least value of the longest
 * piece. 0 when the digits are too many to say. */
static int rest_bounds(const solver *S, int ri, int rest_at, int digits_left, int cells_left,
                       long long *whole, long long *least) {
  if (digits_left > 18 || cells_left < 1) return 0;
  if (S->prefix[ri]) {
    *whole = S->prefix[ri][rest_at + digits_left] - S->prefix[ri][rest_at] * pow10s[digits_left];
  } else {
    *whole = 0;
    for (int d = 0; d < digits_left; d++) {
      char ch = S->text[ri][rest_at + d]; /* a blank cell reads as a 0 digit: still a bound */
      *whole = *whole * 10 + (ch == GK_DRUN_BLANK ? 0 : ch - '0');
    }
  }
  long long cap = (long long)cells_left * max_of(digits_left - cells_left + 1);
  if (cap < *whole) *whole = cap;
  int longest = (digits_left + cells_left - 1) / cells_left;
  *least = longest > 1 ? pow10s[longest - 1] : 0;
  return 1;
}

static int bounds_ok(solver *S, int var, int rest_at, int digits_left, int cells_left) {
  const gk_drun_problem *p = S->p;
  int ri = S->order_run[var];
  for (int q = 0; q < S->nin[var]; q++) {
    int ei = S->in[var][q];
    if (!S->boundable[ei]) continue;
    const gk_drun_eq *e = &p->eqs[ei];
    if (S->jc[ei] && cells_left > 0) {
      /* A total over its whole run (tail-first): the placed sum is the total's term
         and the running sum of the cells before var, the rest is the cells left. */
      const gk_drun_run *run = &p->runs[ri];
      int last = run->var0 + run->nvars - 1;
      long long sum = e->konst + (long long)S->jt[ei] * S->val[last];
      if (var != last) sum += (long long)S->jc[ei] * S->msum[var];
      long long whole, least;
      if (!rest_bounds(S, ri, rest_at, digits_left, cells_left, &whole, &least)) continue;
      long long slo = S->jc[ei] > 0 ? S->jc[ei] * least : S->jc[ei] * whole;
      long long shi = S->jc[ei] > 0 ? S->jc[ei] * whole : S->jc[ei] * least;
      if (sum + slo > 0 || sum + shi < 0) return 0;
      continue;
    }
    long long sum = e->konst, lo = 0, hi = 0, slo = 0, shi = 0;
    int open = 0, ns = 0, scoef = 0, mixed = 0;
    for (int t = 0; t < e->nterms; t++) {
      int u = e->terms[t].var, c = e->terms[t].coef;
      if (S->rank[u] <= S->rank[var]) {
        sum += (long long)c * S->val[u];
        continue;
      }
      open = 1;
      int here = S->order_run[u] == ri;
      long long m = here ? max_of(digits_left - (cells_left - 1)) : S->maxv[u];
      long long neg = p->kinds[u] == GK_DRUN_SIGNED ? -m : 0;
      long long *l = here ? &slo : &lo, *h = here ? &shi : &hi;
      if (c > 0) *l += c * neg, *h += c * m;
      else *l += c * m, *h += c * neg;
      if (here) {
        mixed |= (ns && c != scoef) || p->kinds[u] != GK_DRUN_COUNT;
        scoef = c;
        ns++;
      }
    }
    if (!open) continue;
    /* The cells left in var's own run, when the constraint sums all of them with one
       coefficient: they split the digits left, so their sum is at most those digits
       read as one number, and at least the least value of the longest piece. */
    long long whole, least;
    if (ns && ns == cells_left && !mixed && rest_bounds(S, ri, rest_at, digits_left, cells_left, &whole, &least)) {
      if (scoef > 0) slo = scoef * least, shi = scoef * whole;
      else slo = scoef * whole, shi = scoef * least;
    }
    if (sum + lo + slo > 0 || sum + hi + shi < 0) return 0;
  }
  return 1;
}

static int same_value(solver *S, int v, int off, int len) {
  gk_drun_result *r = S->res;
  if (S->p->kinds[v] != GK_DRUN_DECIMAL) return r->val[v] == S->val[v];
  const char *t = S->text[S->order_run[v]];
  return r->len[v] == len && memcmp(t + r->off[v], t + off, (size_t)len) == 0;
}

static void record(solver *S) {
  gk_drun_result *r = S->res;
  int n = S->p->nvars;
  for (int v = 0; v < n; v++) {
    if (S->order_run[v] < 0) continue;
    if (r->readings == 0) {
      r->agreed[v] = 1;
      r->off[v] = S->off[v];
      r->len[v] = S->len[v];
      r->val[v] = S->val[v];
    } else if (r->agreed[v] && !same_value(S, v, S->off[v], S->len[v])) {
      r->agreed[v] = 0;
    }
  }
  if (r->nkept < GK_DRUN_KEEP) {
    memcpy(r->kept_off + (size_t)r->nkept * n, S->off, sizeof(int) * (size_t)n);
    memcpy(r->kept_len + (size_t)r->nkept * n, S->len, sizeof(int) * (size_t)n);
    r->nkept++;
  }
  r->readings++;
  if (S->p->visit && S->p->visit(S->p->visit_ctx, S->off, S->len, S->val, n)) S->stop = 1;
}

/* Places piece [pos, pos + l) of its run's text, of value x, as var v; 0 when the
 * constraints over v can no longer hold. digits_left and cells_left: the text
 * and the cells of the run still unplaced after it. */
static int place(solver *S, int v, int pos, int l, long long x, int rest_at, int digits_left,
                 int cells_left) {
  S->off[v] = pos;
  S->len[v] = l;
  S->val[v] = x;
  return eqs_hold(S, v) && bounds_ok(S, v, rest_at, digits_left, cells_left);
}

/* Places cell k of run ri at text position pos. A run whose last cell is a total
 * (tail[ri]: it takes part in a constraint) has that cell placed first, as the run's
 * suffix: its value then bounds every partial sum of the cells before it, which
 * cuts the splits of the rest at once instead of after the whole row. */
static void search(solver *S, int ri, int k, int pos) {
  if (S->stop) return;
  const gk_drun_problem *p = S->p;
  if (ri == p->nruns) {
    record(S);
    return;
  }
  const gk_drun_run *run = &p->runs[ri];
  const char *t = S->text[ri];
  int full = S->tlen[ri];
  if (S->tail[ri] && !S->tail_placed[ri]) {
    int v = run->var0 + run->nvars - 1;
    for (int l = 1; l <= full - (run->nvars - 1) && l <= GK_DRUN_MAX_DIGITS + 4; l++) {
      if (++S->res->steps > S->max_steps) {
        S->stop = 1;
        return;
      }
      S->end[ri] = full - l;
      long long x;
      if (!piece_value(t + full - l, l, p->kinds[v], &x) || !place(S, v, full - l, l, x, 0, full - l, run->nvars - 1))
        continue;
      S->tail_placed[ri] = 1;
      search(S, ri, 0, 0);
      S->tail_placed[ri] = 0;
      if (S->stop) return;
    }
    return;
  }
  int n = S->tail[ri] ? S->end[ri] : full;
  int nmid = S->tail[ri] ? run->nvars - 1 : run->nvars;
  if (k == nmid) {
    if (pos == n) search(S, ri + 1, 0, 0);
    return;
  }
  int v = run->var0 + k;
  int left = nmid - k - 1; /* cells after this one in the run */
  /* Later cells hold at most GK_DRUN_MAX_DIGITS + 4 characters each (digits, sign,
     point): this one starts long enough to leave them no more. */
  long l0 = (long)(n - pos) - (long)left * (GK_DRUN_MAX_DIGITS + 4);
  int count = p->kinds[v] == GK_DRUN_COUNT;
  long long acc = 0; /* a count's value of t[pos, pos + acc_len) */
  int acc_len = 0;
  for (int l = l0 > 1 ? (int)l0 : 1; pos + l <= n; l++) {
    int rest = n - pos - l;
    if (rest < left) break; /* each later cell needs a character */
    if (++S->res->steps > S->max_steps) {
      S->stop = 1;
      return;
    }
    long long x;
    if (count) {
      /* A count's value grows digit by digit with l; a leading zero, a character that
         is no digit or too many digits end every longer piece too. */
      if (l > GK_DRUN_MAX_DIGITS || (l > 1 && (t[pos] == '0' || t[pos] == GK_DRUN_BLANK))) break;
      int bad = 0;
      while (acc_len < l && !bad) {
        char ch = t[pos + acc_len++];
        if (ch == GK_DRUN_BLANK && l == 1) break; /* a blank cell, value 0 */
        bad = ch < '0' || ch > '9';
        acc = acc * 10 + (ch - '0');
      }
      if (bad) break;
      x = acc;
    } else if (!piece_value(t + pos, l, p->kinds[v], &x)) {
      if (l > GK_DRUN_MAX_DIGITS + 4) break; /* an over-long piece never becomes valid */
      continue;
    }
    S->msum[v] = (k ? S->msum[v - 1] : 0) + x;
    if (!place(S, v, pos, l, x, pos + l, rest, left)) continue;
    search(S, ri, k + 1, pos + l);
    if (S->stop) return;
  }
}

int gk_drun_solve(gk_arena *a, const gk_drun_problem *p, gk_drun_result *res) {
  int n = p->nvars;
  size_t nn = (size_t)(n > 0 ? n : 1);
  memset(res, 0, sizeof *res);
  res->agreed = gk_arena_alloc(a, nn);
  res->off = gk_arena_alloc(a, nn * sizeof(int));
  res->len = gk_arena_alloc(a, nn * sizeof(int));
  res->val = gk_arena_alloc(a, nn * sizeof(long long));
  res->kept_off = gk_arena_alloc(a, nn * GK_DRUN_KEEP * sizeof(int));
  res->kept_len = gk_arena_alloc(a, nn * GK_DRUN_KEEP * sizeof(int));
  solver S = {.p = p, .res = res, .max_steps = p->max_steps > 0 ? p->max_steps : GK_DRUN_MAX_STEPS};
  S.order_run = gk_arena_alloc(a, nn * sizeof(int));
  S.due = gk_arena_alloc(a, nn * sizeof(int *));
  S.ndue = gk_arena_alloc(a, nn * sizeof(int));
  S.off = gk_arena_alloc(a, nn * sizeof(int));
  S.len = gk_arena_alloc(a, nn * sizeof(int));
  S.val = gk_arena_alloc(a, nn * sizeof(long long));
  S.text = gk_arena_alloc(a, sizeof(char *) * (size_t)(p->nruns + 1));
  S.tlen = gk_arena_alloc(a, sizeof(int) * (size_t)(p->nruns + 1));
  int *rank = gk_arena_alloc(a, nn * sizeof(int));
  size_t nr = (size_t)(p->nruns + 1);
  S.tail = gk_arena_alloc(a, nr);
  S.tail_placed = gk_arena_alloc(a, nr);
  S.end = gk_arena_alloc(a, nr * sizeof(int));
  if (!S.tail || !S.tail_placed || !S.end) return GK_ENOMEM;
  if (!res->agreed || !res->off || !res->len || !res->val || !res->kept_off || !res->kept_len ||
      !S.order_run || !S.due || !S.ndue || !S.off || !S.len || !S.val || !S.text || !S.tlen || !rank)
    return GK_ENOMEM;
  /* Runs lose their spaces (a space inside a run is stray: it may or may not be a
     cell boundary, so it decides nothing) and give each var its run and rank. */
  for (int v = 0; v < n; v++) S.order_run[v] = -1;
  int seq = 0;
  for (int ri = 0; ri < p->nruns; ri++) {
    const gk_drun_run *run = &p->runs[ri];
    char *t = gk_arena_alloc(a, (size_t)run->len + 1);
    if (!t) return GK_ENOMEM;
    int m = 0;
    for (int i = 0; i < run->len; i++)
      if (run->s[i] != ' ' && run->s[i] != '\t') t[m++] = run->s[i];
    S.text[ri] = t;
    S.tlen[ri] = m;
    /* A last cell that some constraint names is a total: placed first. */
    int last = run->var0 + run->nvars - 1;
    S.tail[ri] = 0;
    for (int e = 0; e < p->neqs && run->nvars > 1 && !S.tail[ri]; e++)
      for (int q = 0; q < p->eqs[e].nterms && !S.tail[ri]; q++) S.tail[ri] = p->eqs[e].terms[q].var == last;
    S.tail_placed[ri] = 0;
    if (S.tail[ri]) rank[last] = seq++;
    for (int k = 0; k < run->nvars; k++) {
      S.order_run[run->var0 + k] = ri;
      if (!S.tail[ri] || run->var0 + k != last) rank[run->var0 + k] = seq++;
    }
  }
  /* Each constraint is tested when its last-placed var is placed; one over vars no
     run holds can never be tested and constrains nothing here. */
  int *last = gk_arena_alloc(a, sizeof(int) * (size_t)(p->neqs + 1));
  if (!last) return GK_ENOMEM;
  for (int e = 0; e < p->neqs; e++) {
    last[e] = -1;
    for (int t = 0; t < p->eqs[e].nterms; t++) {
      int v = p->eqs[e].terms[t].var;
      if (v < 0 || v >= n || S.order_run[v] < 0) {
        last[e] = -1;
        break;
      }
      if (last[e] < 0 || rank[v] > rank[last[e]]) last[e] = v;
    }
    if (last[e] >= 0) S.ndue[last[e]]++;
  }
  for (int v = 0; v < n; v++) {
    S.due[v] = gk_arena_alloc(a, sizeof(int) * (size_t)(S.ndue[v] + 1));
    if (!S.due[v]) return GK_ENOMEM;
    S.ndue[v] = 0;
  }
  for (int e = 0; e < p->neqs; e++)
    if (last[e] >= 0) S.due[last[e]][S.ndue[last[e]]++] = e;
  /* Which constraints each var is in, and each var's largest value from its run. */
  S.in = gk_arena_alloc(a, nn * sizeof(int *));
  S.nin = gk_arena_alloc(a, nn * sizeof(int));
  S.maxv = gk_arena_alloc(a, nn * sizeof(long long));
  if (!S.in || !S.nin || !S.maxv) return GK_ENOMEM;
  memset(S.nin, 0, nn * sizeof(int));
  for (int e = 0; e < p->neqs; e++)
    for (int t = 0; t < p->eqs[e].nterms; t++) {
      int v = p->eqs[e].terms[t].var;
      if (v >= 0 && v < n) S.nin[v]++;
    }
  for (int v = 0; v < n; v++) {
    S.in[v] = gk_arena_alloc(a, sizeof(int) * (size_t)(S.nin[v] + 1));
    if (!S.in[v]) return GK_ENOMEM;
    S.nin[v] = 0;
    S.maxv[v] = S.order_run[v] >= 0 ? max_of(S.tlen[S.order_run[v]] - (p->runs[S.order_run[v]].nvars - 1)) : 0;
  }
  for (int e = 0; e < p->neqs; e++)
    for (int t = 0; t < p->eqs[e].nterms; t++) {
      int v = p->eqs[e].terms[t].var;
      if (v >= 0 && v < n && (S.nin[v] == 0 || S.in[v][S.nin[v] - 1] != e)) S.in[v][S.nin[v]++] = e;
    }
  S.rank = rank;
  S.prefix = gk_arena_alloc(a, sizeof(long long *) * (size_t)(p->nruns + 1));
  if (!S.prefix) return GK_ENOMEM;
  for (int ri = 0; ri < p->nruns; ri++) {
    int len = S.tlen[ri], digits = 1;
    for (int i = 0; i < len && digits; i++) digits = S.text[ri][i] >= '0' && S.text[ri][i] <= '9';
    S.prefix[ri] = NULL;
    if (!digits || len > 18) continue;
    S.prefix[ri] = gk_arena_alloc(a, sizeof(long long) * (size_t)(len + 1));
    if (!S.prefix[ri]) return GK_ENOMEM;
    for (int i = 0; i < len; i++) S.prefix[ri][i + 1] = S.prefix[ri][i] * 10 + (S.text[ri][i] - '0');
  }
  S.boundable = gk_arena_alloc(a, (size_t)(p->neqs + 1));
  if (!S.boundable) return GK_ENOMEM;
  S.jc = gk_arena_alloc(a, sizeof(int) * (size_t)(p->neqs + 1));
  S.jt = gk_arena_alloc(a, sizeof(int) * (size_t)(p->neqs + 1));
  S.msum = gk_arena_alloc(a, sizeof(long long) * nn);
  if (!S.jc || !S.jt || !S.msum) return GK_ENOMEM;
  for (int e = 0; e < p->neqs; e++) {
    const gk_drun_eq *eq = &p->eqs[e];
    int v0 = eq->nterms ? eq->terms[0].var : -1;
    int ri = v0 >= 0 && v0 < n ? S.order_run[v0] : -1;
    S.jc[e] = S.jt[e] = 0;
    if (ri < 0 || !S.tail[ri] || eq->nterms != p->runs[ri].nvars) continue;
    const gk_drun_run *run = &p->runs[ri];
    int last = run->var0 + run->nvars - 1, c = 0, ok = 1;
    unsigned char seen[64] = {0};
    for (int t = 0; t < eq->nterms && ok; t++) {
      int u = eq->terms[t].var;
      ok = u >= run->var0 && u <= last && run->nvars <= 64 && !seen[u - run->var0] &&
           p->kinds[u] == GK_DRUN_COUNT;
      if (!ok) break;
      seen[u - run->var0] = 1;
      if (u == last) S.jt[e] = eq->terms[t].coef;
      else if (c == 0) c = eq->terms[t].coef;
      else ok = c == eq->terms[t].coef;
    }
    if (ok && c) S.jc[e] = c;
    else S.jt[e] = 0;
  }
  for (int e = 0; e < p->neqs; e++) {
    S.boundable[e] = 1;
    for (int t = 0; t < p->eqs[e].nterms; t++) {
      int u = p->eqs[e].terms[t].var;
      if (u < 0 || u >= n || S.order_run[u] < 0 || p->kinds[u] == GK_DRUN_DECIMAL) S.boundable[e] = 0;
    }
  }
  res->readings = 0;
  search(&S, 0, 0, 0);
  if (S.stop) {
    res->status = GK_DRUN_BOUND;
    memset(res->agreed, 0, nn); /* unseen readings may differ anywhere */
  } else if (res->readings == 0) {
    res->status = GK_DRUN_NONE;
  } else {
    res->status = res->readings == 1 ? GK_DRUN_UNIQUE : GK_DRUN_AMBIGUOUS;
  }
  return GK_OK;
}

int gk_drun_eqs_from_rules(gk_arena *a, const gk_rule_set *set, gk_drun_var_of var_of, void *ctx,
                           gk_drun_eq **out, int *nout) {
  *out = gk_arena_alloc(a, sizeof(gk_drun_eq) * (size_t)(set->ninsts + 1));
  *nout = 0;
  if (!*out) return GK_ENOMEM;
  for (int i = 0; i < set->ninsts; i++) {
    const gk_rule_inst *in = &set->insts[i];
    gk_drun_term *terms = gk_arena_alloc(a, sizeof(gk_drun_term) * (size_t)(in->nterms + 1));
    if (!terms) return GK_ENOMEM;
    int nt = 0, absent = 0;
    long long konst = 0;
    for (int t = 0; t < in->nterms && !absent; t++) {
      long long known = 0;
      int v = var_of(ctx, in->terms[t].row, in->terms[t].col, &known);
      if (v >= 0)
        terms[nt++] = (gk_drun_term){v, in->terms[t].coef};
      else if (v == -1)
        konst += in->terms[t].coef * known;
      else
        absent = 1;
    }
    if (absent || nt == 0) continue;
    (*out)[(*nout)++] = (gk_drun_eq){terms, nt, konst, in->rule->id};
  }
  return GK_OK;
}
