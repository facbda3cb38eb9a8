/* digitrows.h: one reading per row, chosen so that the rules across rows hold.
 *
 * A table's rows whose digits ran together each have a few readings under their own
 * rules (t3.row_total); which one is meant the rules across rows decide (the column
 * sums t3.results_sum, t3.balance). Searching the rows' splits depth-first repeats
 * every later row's work for every earlier choice; here each row is one choice among
 * its readings, and the rows are combined by dynamic programming over the partial
 * sums of the rules across rows: combinations that reach the same sums are one
 * state. States whose sums the remaining rows cannot bring back to zero are cut
 * (the least and the most each remaining row can add, per rule). The work is bounded
 * by a named number of states. */
#ifndef GK_DIGITROWS_H
#define GK_DIGITROWS_H

#include "../core/arena.h"
#include "digitrun.h"

/* States (distinct partial sums after some rows) kept over all rows before the
 * search gives up as undecided: the memory is this times the number of rules
 * across rows times 8 bytes (a t3 with 14 such rules: 11 MB at most). */
#define GK_DROWS_MAX_STATES 100000L
/* (state, candidate) pairs tried in one pass before it gives up as undecided: the
 * states are bounded above, but a state may meet many candidates that the bounds
 * cut; this bounds the time of a pass whatever the candidates. */
#define GK_DROWS_MAX_WORK 4000000L

/* One row: its vars var0 .. var0+nvars-1 and its candidate readings, each nvars
 * values in vals[c · nvars + k]. */
typedef struct gk_drows_group {
  int var0, nvars;
  int ncands;
  const long long *vals;
} gk_drows_group;

typedef struct gk_drows_problem {
  const gk_drows_group *groups;
  int ngroups;
  const gk_drun_eq *eqs; /* over the groups' vars; an eq within one group must hold for
                            every candidate already and is not tested */
  int neqs;
  long max_states; /* 0: GK_DROWS_MAX_STATES */
} gk_drows_problem;

typedef struct gk_drows_result {
  gk_drun_status status; /* UNIQUE, AMBIGUOUS, NONE, or BOUND (nothing decided) */
  long long readings;    /* combinations satisfying every eq (saturates at 2^62) */
  long states;           /* states visited */
  /* Per group, per candidate: 1 when it is part of at least one combination that
     satisfies every eq (viable[g][c]). */
  unsigned char **viable;
} gk_drows_result;

/** Solves `p`. Arrays of *res are owned by `a`. Returns GK_OK or GK_ENOMEM. */
int gk_drows_solve(gk_arena *a, const gk_drows_problem *p, gk_drows_result *res);

#endif
