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
  int *off, *len;
  long long *val;
  int stop;
} solver;

/* Parses s[0 .. n) as a cell of kind k into *v; 0 when it is no such cell. */
static int piece_value(const char *s, int n, gk_drun_kind k, long long *v) {
  int neg = 0, i = 0;
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

/* Places cell k (k-th var of run ri) at text position pos. */
static void search(solver *S, int ri, int k, int pos) {
  if (S->stop) return;
  const gk_drun_problem *p = S->p;
  if (ri == p->nruns) {
    record(S);
    return;
  }
  const gk_drun_run *run = &p->runs[ri];
  int n = S->tlen[ri];
  const char *t = S->text[ri];
  if (k == run->nvars) {
    if (pos == n) search(S, ri + 1, 0, 0);
    return;
  }
  int v = run->var0 + k;
  int left = run->nvars - k - 1; /* cells after this one in the run */
  for (int l = 1; pos + l <= n; l++) {
    int rest = n - pos - l;
    if (rest < left) break;                            /* each later cell needs a character */
    if (rest > (long)left * (GK_DRUN_MAX_DIGITS + 4)) continue; /* later cells cannot hold it */
    if (++S->res->steps > S->max_steps) {
      S->stop = 1;
      return;
    }
    long long x;
    if (!piece_value(t + pos, l, p->kinds[v], &x)) {
      /* A longer piece of a count can still be valid only if this one is a prefix of
         digits; a leading zero or an over-long piece never becomes valid. */
      if (l > GK_DRUN_MAX_DIGITS + 4 || (t[pos] == '0' && l >= 1 && p->kinds[v] == GK_DRUN_COUNT))
        break;
      continue;
    }
    S->off[v] = pos;
    S->len[v] = l;
    S->val[v] = x;
    if (!eqs_hold(S, v)) continue;
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
    for (int k = 0; k < run->nvars; k++) {
      S.order_run[run->var0 + k] = ri;
      rank[run->var0 + k] = seq++;
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
