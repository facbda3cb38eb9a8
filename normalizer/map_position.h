/* map_position.h: tables whose labels are unreadable, mapped by the position of
 * their numbers (private to the map_*.c files).
 *
 * A font whose ToUnicode map is wrong (a PDF re-distilled by Ghostscript's new
 * interpreter), or a GBK file read as Latin-1, turns every label into noise while
 * the ASCII digits survive. No label then matches and the table is missing. When
 * the document still holds the table's exact shape — t3: one run of rows of seven
 * numbers, as many as the template's t3 has rows in its plain layout; t4: one row of
 * fifteen numbers — its rows are taken in template order, and kept only when the
 * table's own sums (t3.results_sum and t3.row_total; t4.row_total) hold under that
 * reading. A table found by its labels is never touched. */
#ifndef GK_MAP_POSITION_H
#define GK_MAP_POSITION_H

#include "../core/arena.h"
#include "../core/doc.h"

struct gk_doc;

/* Longest number (digits) a cell or a token may have to count as one value: more
 * than any count of a report, so a phone number or an ID is no cell. */
#define GK_POS_MAX_DIGITS 9

/* A line of the document as the positional mapper sees it: a grid row, or a
 * paragraph split at whitespace. Only its bare numbers count. */
#define GK_POS_LINE_NUMS 16 /* numbers kept per line: t4's fifteen and one to tell more */

typedef struct gk_pos_line {
  int nnum; /* bare numbers on the line (all of them, also past GK_POS_LINE_NUMS) */
  const char *num[GK_POS_LINE_NUMS]; /* their texts (NUL-terminated, in the caller's arena) */
  gk_src src[GK_POS_LINE_NUMS];      /* where each was read */
  int line;                          /* source line or 0 */
} gk_pos_line;

/** Where the template's shape of table t (GK_T3 or GK_T4 of doc's schema) is among
 *  lines[0, n): the index of its first line in *first and of its last in *last.
 *  t3: the one maximal run of lines with seven numbers each (lines without numbers
 *  may stand between them, any other line ends the run) whose length is t3's rows
 *  in the plain layout; t4: the one line with fifteen numbers. Returns 1 when found,
 *  0 when no such place or more than one exists. */
int gk_map_pos_find(const struct gk_doc *doc, int t, const gk_pos_line *lines, int n, int *first,
                    int *last);

/** Reads lines[first, last] into the values of table t by position and tests the
 *  table's sums under that reading. Returns 1 when they hold (the values are then
 *  in the doc, the table found and marked as mapped by position, with a note), 0
 *  when they fail (the doc is unchanged), or GK_ENOMEM. Scratch in `tmp`. */
int gk_map_pos_apply(struct gk_doc *doc, int t, const gk_pos_line *lines, int first, int last,
                     gk_arena *tmp);

/** Maps t3 and t4 by position when gk_map_tables found them nowhere (see above).
 *  Scratch in `tmp`, released before it returns. Returns GK_OK (also when nothing
 *  was mapped) or GK_ENOMEM. */
int gk_map_position(struct gk_doc *doc, gk_arena *tmp);

#endif
