/* resolve.h: turning a row's value cells into exactly the template's number of
 * values, using the template's arithmetic where the text alone is ambiguous. */
#ifndef GK_RESOLVE_H
#define GK_RESOLVE_H

#include <stddef.h>

#include "../core/arena.h"
#include "../core/doc.h"
#include "../core/rules.h"

/* One value candidate: a digit group, or a blank (g == NULL). `soft` means it was
 * separated from the previous group only by white space inside one cell, so the
 * two may be one number (`6 564`) or two (`1 0`). */
typedef struct gk_vitem {
  const char *g;
  int soft;
  int empty; /* a blank that was an empty cell (no mark at all), not 无 / - / &nbsp; */
  gk_src src; /* where the group was read (provenance); GK_SRC_NONE when unknown */
} gk_vitem;

/* The arithmetic a reading must satisfy: the engine's instances within the rows
 * being read (gk_rules_rows in core/rules.h), or NULL for none. A borrowed handle:
 * the gk_rule_rows it points to outlives the call it is passed to. */
typedef const gk_rule_rows *gk_row_rule;

/** 1 when the reading values[0..n) (digit groups, blank as NULL = 0) satisfies
 *  every instance of `rule`; 0 when one fails, n is not the rule's width, or rule
 *  is NULL. */
int gk_resolve_rule_holds(gk_row_rule rule, const char *const *values, int n);

/* The outcome of a resolution, for the diagnostic the caller writes. */
typedef enum {
  GK_RES_EXACT,     /* one reading only */
  GK_RES_MERGED,    /* digit groups in one cell joined (`6 564` → 6564) */
  GK_RES_CHOSEN,    /* several readings; the one under which the rule holds was taken */
  GK_RES_GUESSED,   /* several readings, none (or many) satisfy the rule: best guess */
  GK_RES_PADDED,    /* fewer values than columns: blanks inserted */
  GK_RES_TRUNCATED, /* more values than columns: extra ignored */
  GK_RES_DROPPED,   /* more cells than columns: blank cells dropped */
} gk_res_kind;

/** Resolves `n` items into exactly `e` values written to out[0..e) (arena strings or
 *  NULL for blank). `rule` may be NULL (no arithmetic). Returns the outcome kind,
 *  or a negative status when out of memory. */
int gk_resolve_values(gk_arena *a, const gk_vitem *items, int n, int e, gk_row_rule rule,
                      const char **out);

#endif
