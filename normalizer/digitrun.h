/* digitrun.h: decode run-together digits (crawler one-liners) into cells by the
 * template's arithmetic: every split of every run is enumerated under the linear
 * constraints of core/rules.h, with pruning and an explicit bound on work. */
#ifndef GK_DIGITRUN_H
#define GK_DIGITRUN_H

#include "../core/arena.h"
#include "../core/rules.h"

/* The bound on work: search nodes (one tentative cell) visited before the search
 * gives up and reports the problem as ambiguous. It measures how many partial
 * readings may be tried; with it every input ends in O(GK_DRUN_MAX_STEPS · cost of
 * a constraint check), whatever its length. */
#ifndef GK_DRUN_MAX_STEPS
#define GK_DRUN_MAX_STEPS 2000000L
#endif
/* Longest digit string read as one count: more digits than any count or amount in a
 * disclosure report has (10^12 requests), so longer pieces are no reading. */
#define GK_DRUN_MAX_DIGITS 12
/* Readings kept to be listed in a diagnostic when several satisfy every rule. */
#define GK_DRUN_KEEP 16

typedef enum { GK_DRUN_COUNT, GK_DRUN_SIGNED, GK_DRUN_DECIMAL } gk_drun_kind;

/* A blank cell in a run's text (a no-break space a page's textContent left): a cell
 * of its own, null, 0 in the arithmetic. */
#define GK_DRUN_BLANK '_'

/* A run of characters (digits, spaces ignored, GK_DRUN_BLANK a blank cell, '+'/'-' before signed cells, one '.'
 * in a decimal) that holds the consecutive cells var0 .. var0+nvars-1. */
typedef struct gk_drun_run {
  const char *s;
  int len;
  int var0, nvars;
} gk_drun_run;

typedef struct gk_drun_term {
  int var, coef;
} gk_drun_term;

/* A constraint: sum of coef · value over terms + konst = 0. id names it in notes. */
typedef struct gk_drun_eq {
  const gk_drun_term *terms;
  int nterms;
  long long konst;
  const char *id;
} gk_drun_eq;

typedef struct gk_drun_problem {
  int nvars;
  const gk_drun_kind *kinds; /* per var */
  const gk_drun_run *runs;
  int nruns;
  const gk_drun_eq *eqs;
  int neqs;
  long max_steps; /* 0: GK_DRUN_MAX_STEPS */
  /* Called with every reading found (off, len, val: nvars each, as in
     gk_drun_result); a nonzero return stops the search (status GK_DRUN_BOUND).
     NULL: readings are only counted and kept. */
  int (*visit)(void *ctx, const int *off, const int *len, const long long *val, int nvars);
  void *visit_ctx;
} gk_drun_problem;

typedef enum {
  GK_DRUN_UNIQUE,    /* exactly one reading satisfies every constraint */
  GK_DRUN_AMBIGUOUS, /* several do: only agreeing cells are set */
  GK_DRUN_NONE,      /* none does */
  GK_DRUN_BOUND,     /* the bound on work was reached: nothing is set */
} gk_drun_status;

typedef struct gk_drun_result {
  gk_drun_status status;
  long readings; /* readings found (a lower bound when status is GK_DRUN_BOUND) */
  long steps;    /* search nodes visited */
  /* Per var: 1 when every reading gives it the same value, then off/len locate its
     text in its run and val is its value (decimals: the integer part). */
  unsigned char *agreed;
  int *off, *len;
  long long *val;
  /* Up to GK_DRUN_KEEP readings, as kept_off/kept_len[k · nvars + var]. */
  int nkept;
  int *kept_off, *kept_len;
} gk_drun_result;

/** Solves `p`. Arrays of *res are owned by `a`. Returns GK_OK, or GK_ENOMEM. */
int gk_drun_solve(gk_arena *a, const gk_drun_problem *p, gk_drun_result *res);

/* Where a cell of a table is for gk_drun_eqs_from_rules: returns its var (>= 0), or
 * -1 with *known set (a value already read), or -2 (the cell is absent). */
typedef int (*gk_drun_var_of)(void *ctx, int row, int col, long long *known);

/** Turns the instances of `set` into constraints over vars: an instance with an
 *  absent cell is dropped, known values fold into konst, and an instance with no var
 *  is dropped too (the checker reports it). *out is owned by `a`. Returns GK_OK or
 *  GK_ENOMEM. */
int gk_drun_eqs_from_rules(gk_arena *a, const gk_rule_set *set, gk_drun_var_of var_of, void *ctx,
                           gk_drun_eq **out, int *nout);

#endif
