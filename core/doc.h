/* doc.h: private bodies of the document model: blocks (paragraphs and raw grids)
 * produced by converters, and the canonical tables, narrative and checks produced
 * by the normalizer and checker. Everything here lives in the doc's arena. */
#ifndef GK_DOC_H
#define GK_DOC_H

#include "arena.h"
#include "diag.h"
#include "lex.h"
#include "base.h"
#include "schema.h"

/* Hard limits; each raises a diagnostic when hit. */
#ifndef GK_MAX_INPUT_BYTES
#define GK_MAX_INPUT_BYTES (256u << 20)
#endif
#ifndef GK_MAX_COLS
#define GK_MAX_COLS 512
#endif
#ifndef GK_MAX_ROWS
#define GK_MAX_ROWS 100000
#endif
#ifndef GK_MAX_BLOCKS
#define GK_MAX_BLOCKS 1000000
#endif

/* Where something came from in the source (provenance), in the input kind's own
 * address; the JSON writer's `provenance` object prints it (README: Provenance). */
typedef enum {
  GK_SRC_NONE = 0,
  GK_SRC_TEXT,  /* line, column (1-based; column in characters) */
  GK_SRC_TABLE, /* table, row, col (0-based: source table in document order, its
                   physical row and column after spans), offset (HTML: byte offset of
                   the cell in the page as read, UTF-8; else -1); line when known */
  GK_SRC_PDF,   /* page (1-based), bbox in PDF points, top-left origin; has_box 0
                   when only the page is known */
} gk_src_kind;

typedef struct gk_src {
  unsigned char kind; /* gk_src_kind */
  unsigned char has_box;
  /* 1: a PDF cell in or past a column cut off at the page's right edge (its table
     printed wider than the page): Poppler has no glyphs there, so the cell's text
     (blank, or the digits left of the edge) is not its value. In the padding after
     has_box, so the struct does not grow. */
  unsigned char cut_off;
  /* One of these, by kind: a cell of a 200 000-row dump holds one, so it is small. */
  union {
    struct {
      int line, column;
    };
    struct {
      int table, row, col;
      int offset; /* inputs are under GK_MAX_INPUT_BYTES, so an int holds it */
    };
    struct {
      int page;
      float x0, y0, x1, y1;
    };
  };
} gk_src;

typedef struct gk_cell {
  const char *text; /* UTF-8, may contain '\n' for a line break inside the cell */
  int rowspan, colspan;
  int covered; /* 1: this slot is covered by a span from another cell */
  gk_src src;  /* set by the converter that made the cell; GK_SRC_NONE when unknown */
} gk_cell;

typedef struct gk_row {
  gk_cell *cells;
  size_t ncells, cap;
  int line; /* 1-based source line of the row (text inputs), or 0 */
} gk_row;

typedef enum { GK_BLOCK_PARAGRAPH, GK_BLOCK_GRID } gk_block_kind;

typedef struct gk_block {
  gk_block_kind kind;
  const char *text; /* paragraph text */
  gk_row *rows;     /* grid rows */
  size_t nrows, caprows;
  int line; /* 1-based source line (text, HTML) or 0 */
  int page; /* 1-based page (PDF) or 0 */
  int index; /* 1-based table number among grids, for diagnostics */
  /* The text view (built by the normalizer on request, GK_VIEW_TEXT): a paragraph
     cleaned, NULL when nothing of it is shown; a grid's cells cleaned and laid out
     on view_rows × view_cols slots, "" where empty or covered by a span. */
  const char *clean;
  const char **view;
  size_t view_rows, view_cols;
} gk_block;

/* A canonical cell value. */
typedef enum {
  GK_VAL_MISSING = 0, /* the row or table was not found */
  GK_VAL_BLANK,       /* the cell was found blank: null */
  GK_VAL_NUMBER,
  GK_VAL_TEXT,    /* a text cell (t2.procurement.unit) */
  GK_VAL_INVALID, /* something that is not a value of the cell's kind */
  GK_VAL_AMBIGUOUS, /* the text admits several readings and the arithmetic does not
                       decide: null, with the candidates (value.ambiguous) */
  GK_VAL_CUT_OFF,   /* the cell's column ran past a PDF page's right edge: no glyphs,
                       null (value.cut_off); src.page names the page */
} gk_val_state;

typedef struct gk_value {
  gk_val_state state;
  int is_int;
  long long i;      /* when is_int */
  double d;         /* always set for numbers */
  const char *text; /* canonical text of a number, or the text/invalid raw */
  gk_src src;       /* where the value was read (GK_SRC_NONE: not known) */
  const char *decided_by; /* rule ids (space-separated) whose arithmetic chose the
                             reading (a split number, a row joined), or NULL */
  /* GK_VAL_AMBIGUOUS: text holds the cell's candidate values, '|'-separated, and
     readings the readings of its row or run as the checker lists them. alts, when
     the text's readings of the row are all known: every one, ';' between readings,
     '|' between the row's numeric cells, of which this cell is number alt_pos; an
     outside rule (the corpus's, over two years) may choose among them. */
  const char *readings;
  const char *alts;
  int alt_pos;
} gk_value;

typedef struct gk_check_result {
  const char *id;
  gk_severity severity;
  const char *table, *row, *col; /* NULL where the rule is about a whole row/column */
  const char *message;
} gk_check_result;

/* A figure that the narrative states (for text.mismatch). */
typedef enum {
  GK_CLAIM_NEW,
  GK_CLAIM_CARRIED_IN,
  GK_CLAIM_CARRIED_OUT,
  GK_CLAIM_REVIEW,
  GK_CLAIM_SUIT,
} gk_claim_kind;

typedef struct gk_claim {
  gk_claim_kind kind;
  long long value;
  const char *excerpt;
  int line;
} gk_claim;

typedef struct gk_section {
  const char *title; /* the heading as written, or NULL when the part was not found */
  const char *text;  /* the narrative text (parts 一, 五, 六) */
  size_t first_block, end_block; /* blocks [first, end) belong to the part, heading excluded */
} gk_section;

#define GK_NPARTS GK_LEX_NPARTS

/* A picture of a table region of a PDF page, rendered by the PDF converter when the
 * doc asks for pictures (gk_doc.want_pictures, set for -f html): PNG bytes in the
 * arena, for the HTML writer to embed. */
typedef struct gk_picture {
  int page;              /* 1-based */
  double x0, y0, x1, y1; /* the region shown, PDF points, top-left origin */
  double scale;          /* pixels per point */
  int width, height;     /* pixels */
  const unsigned char *png;
  size_t len;
} gk_picture;

/* Page regions rendered per document at most (each costs a page render); past it a
 * note says how many were left out. */
#ifndef GK_MAX_PICTURES
#define GK_MAX_PICTURES 200
#endif

struct gk_doc {
  gk_arena *arena;
  const char *source;
  gk_format format;

  gk_block *blocks;
  size_t nblocks, capblocks;
  size_t ngrids;

  gk_diag *diags;
  size_t ndiags, capdiags;

  /* normalizer results */
  const gk_schema *schema;
  int variant_other; /* 1: （六）其他处理 printed as one row */
  gk_value *values[GK_NTABLES]; /* per table: nrows * GK_MAX_ROW_COLS */
  int table_found[GK_NTABLES];
  int position_mapped[GK_NTABLES]; /* 1: mapped by position, its labels unreadable */
  int *row_found[GK_NTABLES];
  const char *title, *organ;
  int year;
  gk_section parts[GK_NPARTS];
  size_t preamble_end; /* blocks before part 一 */
  gk_claim *claims;
  size_t nclaims, capclaims;

  int cols_warned; /* the GK_MAX_COLS warning was given */
  unsigned views; /* the views the normalizer built (GK_VIEW_* of normalizer/normalize.h) */

  /* pictures of the table regions (PDF input, when want_pictures is set before
     conversion); a region that could not be rendered has none and a note says so */
  int want_pictures;
  gk_picture *pictures;
  size_t npictures, cappictures;

  /* checker results */
  gk_check_result *checks;
  size_t nchecks, capchecks;
  int checked;
};

/** Appends a paragraph block with a copy of `text`. Returns it, or NULL when out of
 *  memory or past GK_MAX_BLOCKS (an error diagnostic is added). Owned by the doc. */
gk_block *gk_doc_add_paragraph(gk_doc *doc, const char *text, size_t len, int line);

/** Appends an empty grid block. Returns it or NULL (as above). */
gk_block *gk_doc_add_grid(gk_doc *doc, int line);

/** Whether the row holds GK_MAX_COLS cells: a NULL from gk_row_add_cell is then no failure. */
static inline int gk_row_is_full(const gk_row *row) { return row->ncells >= GK_MAX_COLS; }

/** Appends an empty row to a grid. Returns it or NULL when out of memory or past GK_MAX_ROWS. */
gk_row *gk_grid_add_row(gk_doc *doc, gk_block *grid);

/** Appends a cell with a copy of `text` (len bytes) to a row. Returns it, or NULL
 *  when out of memory or when the row already has GK_MAX_COLS cells: then the
 *  cell is dropped, a warning says so (once per document), and gk_row_is_full()
 *  tells the caller to go on. */
gk_cell *gk_row_add_cell(gk_doc *doc, gk_row *row, const char *text, size_t len);

/** Makes room for `n` more cells in `row` (at most GK_MAX_COLS in all), so that a
 *  converter that knows a row's width allocates its cells once instead of doubling.
 *  Returns GK_OK or GK_ENOMEM. */
int gk_row_reserve(gk_doc *doc, gk_row *row, size_t n);

/** Sets a text cell's provenance: `line` (1-based) and the column of `cell_start`
 *  within the line starting at `line_start` (characters, 1-based). NULL c is allowed. */
void gk_cell_set_text_pos(gk_cell *c, int line, const char *line_start, const char *cell_start);

/** Sets a PDF cell's provenance to page `page`, its box grown to hold the box
 *  (x0, y0)–(x1, y1) in points, top-left origin. NULL c is allowed. */
void gk_cell_add_box(gk_cell *c, int page, double x0, double y0, double x1, double y1);

/** Sets an HTML or DOCX cell's provenance (0-based source table, row, column;
 *  `offset` the HTML byte offset or -1). NULL c is allowed. */
void gk_cell_set_table_pos(gk_cell *c, int table, int row, int col, long offset);

/** The value slot of (table, row, position within the row's columns). Never NULL
 *  once the doc is normalized with a schema. Owned by the doc. */
gk_value *gk_doc_value(gk_doc *doc, int table, int row, int pos);

/** As gk_doc_value, for readers of a const model (writers). */
const gk_value *gk_doc_value_get(const gk_doc *doc, int table, int row, int pos);

/** Allocates the value arrays for `schema`. Returns GK_OK or GK_ENOMEM. */
int gk_doc_set_schema(gk_doc *doc, const gk_schema *schema);

/** Adds a claim of the narrative. Returns GK_OK or GK_ENOMEM. */
int gk_doc_add_claim(gk_doc *doc, gk_claim_kind kind, long long value, const char *excerpt,
                     int line);

/** The status a converter returns after a model function returned NULL: GK_ELIMIT
 *  when a hard limit was hit (an error diagnostic says which), else GK_ENOMEM. */
int gk_doc_fail_status(const gk_doc *doc);

/** Checks the model's invariants (every string valid UTF-8, spans positive, arrays
 *  consistent). Returns 0 when they hold, else prints the first violation to `err`
 *  and returns -1. For tests and fuzzers. */
int gk_doc_validate(const gk_doc *doc, FILE *err);

#endif
