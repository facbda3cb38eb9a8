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

/* A list numeral of a label (the 2 of 2、其他法律…) has at most this many digits. */
#define GK_NUM_NUMERAL_MAX_DIGITS 2
/* Empty cells after a numeral that show it stands left of every value cell of its
 * row: more than t2's widest row has values (three), so a t2 row with one value and
 * blanks is never taken for a numeral; a t3 row has seven, a t4 row fifteen. */
#define GK_NUM_NUMERAL_MIN_BLANKS 4

/** Whether a row's cells (raw texts, n of them) are a list numeral cut from its
 *  label: exactly one cell holds a number, and it is a bare 1..99 (no sign, no
 *  separator, no leading zero, at most GK_NUM_NUMERAL_MAX_DIGITS digits) followed
 *  only by empty cells, at least GK_NUM_NUMERAL_MIN_BLANKS and `min_blanks` of them
 *  (the caller passes the values of the row above: a numeral is left of all of
 *  them, where a digit wrapped below a value has that value's column and fewer
 *  empty cells after it); a text cell stands before it (the group label beside
 *  it), and any other cell before it is empty. A producer that boxes a label's numeral apart from
 *  its mark (Ghostscript's re-distils, whose broken ToUnicode also turns the mark
 *  into a digit) drops it onto the line below, where the grid puts it in the label
 *  column of a row whose value cells are all empty: it is no value (a number alone
 *  is not a label either). A row whose only value is 0, or that has two numbers, is
 *  never one. Returns the numeral's cell index, or -1. */
int gk_num_cut_numeral(const char *const *cells, int n, int min_blanks);

/** Parses a group into a value of `kind` (count, signed, decimal). A group that
 *  does not fit the kind (a negative count, a fraction in a count) becomes
 *  GK_VAL_INVALID with its text kept. Returns GK_OK or GK_ENOMEM. */
int gk_num_to_value(gk_arena *a, const char *group, gk_vkind kind, gk_value *v);

#endif
