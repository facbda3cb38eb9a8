/* number.h: reading numbers out of table cells: blanks, groups, separators, remarks. */
#ifndef GK_NUMBER_H
#define GK_NUMBER_H

#include "../core/arena.h"
#include "../core/doc.h"

#define GK_MAX_GROUPS 48

typedef enum { GK_NC_TEXT, GK_NC_BLANK, GK_NC_NUMBER } gk_nc_kind;

/* A cell read as numbers. A cell holds one number unless white space splits its
 * digits into groups (`6 564`, or `3001 53 0` pasted from a PDF): then the groups
 * are one number or several, which only the table's arithmetic can tell. */
typedef struct gk_numcell {
  gk_nc_kind kind;
  int ngroups;
  const char *groups[GK_MAX_GROUPS]; /* "-12", "1234", "6432.466": no separators */
  const char *remark;                /* text after a number (`（其中修订16件）`), or NULL */
} gk_numcell;

/** Whether the folded cell text is a blank marker (empty, `/`, `—`, `-`, `无`). */
int gk_num_is_blank(const char *folded);

/** Classifies a folded (NFKC) cell text. Group strings are arena copies.
 *  Returns GK_OK or GK_ENOMEM. */
int gk_num_classify(gk_arena *a, const char *folded, gk_numcell *out);

/** For a text cell that ends in space-separated numbers (`一、本年新收…数量 3001 53 0`),
 *  fills `tail` with those numbers and returns the byte length of the label before
 *  them; returns -1 when the text does not end in numbers. */
long gk_num_split_tail(gk_arena *a, const char *folded, gk_numcell *tail);

/** Parses a group into a value of `kind` (count, signed, decimal). A group that
 *  does not fit the kind (a negative count, a fraction in a count) becomes
 *  GK_VAL_INVALID with its text kept. Returns GK_OK or GK_ENOMEM. */
int gk_num_to_value(gk_arena *a, const char *group, gk_vkind kind, gk_value *v);

#endif
