/* map_keys.h: the mapper's rows and their label keys, built from grid rows and
 * paragraphs (private to the map_*.c files).
 *
 * Every input kind arrives as rows of cells: grid rows as they are, paragraphs as
 * one-cell rows. A row whose cells end in numbers is a data row; its text cells are
 * its label. Rows with text but no numbers (headers, labels wrapped onto their own
 * line, vertical group labels one character per line) are kept as pending label
 * fragments for the next data row.
 *
 * Memory: each physical row's temporaries (cleaned and folded cell texts, keys as
 * strings, number groups) go to the scratch arena `tmp` and are released after the
 * row; what a data row keeps (its keys as code points, its values, its label for
 * messages) is copied into the region's own arena, which the mapper frees when it is
 * done. Nothing of this reaches the doc's arena. */
#ifndef GK_MAP_KEYS_H
#define GK_MAP_KEYS_H

#include "../core/doc.h"
#include "map_score.h"
#include "resolve.h"

#define MAX_ITEMS 64   /* value candidates kept per row */
#define MAX_PENDING 8  /* label fragments kept while no data row comes */
#define KEY_MAX GK_KEY_MAX
/* Label fragments with no data row right after them, kept for rows of blanks. */
#define MAX_ORPHANS 512
/* Fragments below a data row, up to the next one, that may be the rest of its label. */
#define NEXT_OWN_FRAGMENTS 2

/* A key being built: fixed room, concatenated in place. */
typedef struct keybuf {
  uint32_t cp[KEY_MAX];
  size_t n;
} keybuf;

/* Where a row came from, formatted only when a diagnostic needs it. */
typedef struct gk_pos {
  int line;  /* source line, or 0 */
  int table; /* grid number, when no line */
  int row;
} gk_pos;

/* A data row. Its keys (gk_rowkeys): leaf (last text cell, after its last numbering
 * mark), own (all text cells), tail_own (with the fragment above), tail2_own (two
 * fragments above: a label wrapped over three lines whose values sit on the last),
 * next_own (with the fragments below, up to the next data row: a label wrapped below
 * its top-aligned values), centred (the fragment above, the leaf and the first
 * fragment below: a label centred over three lines whose values sit on its middle
 * line, that line holding only its numbering or a group label beside it), full
 * (everything pending, weighed down). */
typedef struct lrow {
  gk_rowkeys k;
  gk_keyref centre_head; /* the fragment above and the leaf: k.centred without its tail */
  gk_keyref second; /* the label cell before the leaf's, alone (a row holding two
                       rows' labels: 属于国家秘密 | 其他法律行政法规禁止) */
  const char *label; /* cleaned label for messages */
  gk_vitem *items;   /* region arena */
  int nitems, capitems;
  int numbers;  /* how many items are numbers */
  int labelled; /* the row has text cells of its own (not only a label from above) */
  gk_pos pos;
} lrow;

/* Rows a region holds before it hands the older ones to its flush callback: the
 * memory of a table's rows is bounded by this, not by the table's length. */
#define MAP_BATCH_ROWS 4096
/* Rows a flush keeps: the last row is not closed (its next_own waits for what
 * follows it) and the one before needs it as its look-ahead. */
#define MAP_BATCH_KEEP 2

typedef struct region {
  gk_doc *doc;
  gk_arena *a;   /* the region's rows, keys and values; freed by region_free */
  gk_arena *tmp; /* scratch for one physical row; released after it */
  int keep_text; /* collect region_text (t2: schema markers and units) */
  int text_only; /* collect region_text and nothing else (no rows) */
  int quiet;     /* a second reading of the same blocks: no diagnostics */
  lrow *rows;
  size_t nrows, cap;
  /* pending label fragments (folded text, malloc'd, and matching key) */
  char *pending[MAX_PENDING];
  keybuf pending_key[MAX_PENDING];
  int npending;
  char *region_text; /* all text of the region, folded, when keep_text */
  size_t text_len, text_cap;
  char *header_row;  /* a header row before the first numbers that names the columns */
  keybuf *orphans;   /* every label fragment that no data row followed at once */
  size_t norphans, caporphans;
  int numbers_seen;  /* a row with numbers was read */
  int last_was_data; /* the last physical row made a data row */
  int colorder[GK_MAX_ROW_COLS]; /* value k of a row belongs to column colorder[k] */
  size_t total_rows; /* data rows ever made, flushed ones included */
  /* A table cut off at a PDF page's right edge: the fewest cells before a cut-off
     one in a data row (-1: no row was cut), and that row's page. */
  int cut_cells, cut_page;
  /* Called when MAP_BATCH_ROWS rows are held: maps rows[0, nrows - MAP_BATCH_KEEP)
   * and returns GK_OK (the region then drops them) or an error. NULL keeps every row. */
  int (*flush)(struct region *rg, size_t end);
  void *flush_ctx;
} region;

/** Prepares an empty region with its own arena; `tmp` is the caller's scratch arena.
 *  Returns GK_OK or GK_ENOMEM. Free with region_free() in either case. */
int region_init(region *rg, gk_doc *doc, gk_arena *tmp, int keep_text);

/** Frees what the region holds (not the doc's data, not tmp). */
void region_free(region *rg);

/** Takes a block (a paragraph or every row of a grid) into the region. Returns GK_OK
 *  or GK_ENOMEM. */
int region_add_block(region *rg, const gk_block *b);

/** Takes rows [from, end) of grid b into the region (a paragraph whole). Returns
 *  GK_OK or GK_ENOMEM. */
int region_add_rows(region *rg, const gk_block *b, size_t from, size_t end);

/** Drops rows[0, n): the rest are moved to the front, with their keys, values and
 *  labels copied into a fresh region arena, so the dropped rows' memory is freed.
 *  Returns GK_OK or GK_ENOMEM. */
int region_drop_rows(region *rg, size_t n);

/** Ends the region: the fragments after its last data row are that row's next_own. */
int region_finish(region *rg);

/** "line 12" / "table 3:row 5" for a diagnostic, in arena a; NULL when unknown. */
const char *pos_str(gk_arena *a, gk_pos p);

/** Concatenates src to dst (cut at KEY_MAX): the key of a joined label is the keys
 *  joined. */
void key_cat(keybuf *dst, const keybuf *src);

/** Key of the '|'-separated wordings' first variant found in `key`: its byte offset,
 *  or -1. Temporaries in a. */
long label_at(gk_arena *a, const char *key, const char *labels);

/** Whether a label is, to the letter, the head of one of t3's columns (其他, 总计,
 *  自然人; t4's header has 总计 in each of its groups). Temporaries in a. */
int map_is_column_head(gk_arena *a, const char *frag);

/* The t3 applicant columns whose order can be read off a header row: natural and
 * the four organisation columns. Their labels are the schema's (t3's columns are
 * the same in both generations). */
#define N_APPLICANT 5
const char *applicant_labels(int c);

#endif
