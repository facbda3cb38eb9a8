/* map_layout.h: layouts particular to one table (private to the map_*.c files):
 * t3's applicant columns in the header's order, t3's （六） printed as one row, t4's
 * one row of fifteen or labelled rows of five, t2's unit of the procurement amount. */
#ifndef GK_MAP_LAYOUT_H
#define GK_MAP_LAYOUT_H

#include "map_keys.h"

/* t4: rows with this many numbers may be one labelled row of five per kind of case
 * (five columns, a stray total or remark tolerated). */
#define T4_LABELLED_MIN_NUMBERS 3
#define T4_LABELLED_MAX_NUMBERS 6
/* t4 is read as labelled rows when at least this many rows are labelled so. */
#define T4_LABELLED_MIN_ROWS 2
/* t4: a label key longer than this (code points) is a sentence, a note under the
 * table (注：…截至2024), not a header or a data row's label. */
#define T4_NOTE_MIN_KEY 12
/* t4's values: three kinds of case by five results. */
#define T4_VALUES 15
#define T4_ROW_VALUES 5
/* t2: the unit (万元 / 元) is looked for this many bytes after the amount's label. */
#define T2_UNIT_WINDOW_BYTES 80

/** t3's applicant columns by their header labels (rg->colorder); a warning when
 *  the document prints them in another order. Returns GK_OK or GK_ENOMEM. */
int column_order(gk_doc *doc, region *rg, const gk_stable *st);

/* t4 has two layouts: one row of 15 numbers under a two-level header, or, in some
 * reports, one labelled row of five per kind of case. The labelled one is taken when
 * T4_LABELLED_MIN_ROWS rows are labelled so; the rows are counted a batch at a time. */

/** Rows among rows[0, end) whose leaf label names a kind of case and that hold
 *  T4_LABELLED_MIN_NUMBERS..T4_LABELLED_MAX_NUMBERS numbers (one per label fitted). */
int t4_count_labelled(gk_doc *doc, const region *rg, const gk_variants *vars, size_t end);

/* The first fifteen values of t4's rows, in order, gathered over batches. */
typedef struct t4_values {
  gk_arena *a; /* holds the values' texts */
  gk_vitem items[MAX_ITEMS];
  int n;
  int started; /* a data row was taken (pos is its position) */
  gk_pos pos;
} t4_values;

/** Adds the values of rows[0, end) (header and note rows skipped) until fifteen are
 *  held. Returns GK_OK or GK_ENOMEM. */
int t4_gather(region *rg, size_t end, t4_values *g);

/** Resolves the gathered values into t4's three rows of five. Returns GK_OK or
 *  GK_ENOMEM. */
int t4_store(gk_doc *doc, region *rg, const t4_values *g);

/** t2.procurement.unit from the region's text. */
/** The template generation whose header labels the text (folded or not) holds most
 *  of, or `fallback` when none has any. Scratch in `a`, released before it returns. */
const gk_schema *gk_map_detect_schema(gk_arena *a, const char *text, const gk_schema *fallback);

/** As fill_units, from `text` (folded; NULL: no unit found). */
void gk_map_fill_units(gk_doc *doc, const char *text);

void fill_units(gk_doc *doc, const region *rg);

/** （六）其他处理 as one row (2021 reports): sets doc->variant_other, unless the
 *  three sub-rows were found too (then the one row was a stray match). */
void other_one_row(gk_doc *doc);

#endif
