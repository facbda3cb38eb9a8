/* pdf_lines.h: one PDF page's glyph boxes → words → lines, and the page furniture
 * (page numbers, running headers and footers) that is not the document's text.
 * No poppler here: tests build pages from glyph boxes placed by hand. */
#ifndef GK_PDF_LINES_H
#define GK_PDF_LINES_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/utf8.h"

/* Thresholds of this stage. "em" is a line's mean glyph height in points (poppler's
 * boxes are about one em tall), so the rules hold at any font size. */

/** A horizontal gap between two glyphs of a line wider than this (em) ends a word:
 *  `1 2` is two values, `12` one. */
#define GK_PDF_WORD_GAP 0.3
/** Two equal glyphs of a line whose boxes are offset by less than this (glyph heights)
 *  in x and in y are one glyph drawn twice (fake bold). */
#define GK_PDF_DOUBLE_STRIKE 0.2
/* How close (in widths of the shorter glyph) two glyphs' facing edges must be to count
 * as drawn edge to edge, one word whatever their boxes (see join_abutting). */
#define GK_PDF_ABUT_GAP 0.02
/* How many glyphs starting at one spot are looked at for one glyph's list mark. */
#define GK_PDF_ABUT_SCAN 16
/** When a page's CJK ideographs have boxes taller than this multiple of their width
 *  (LibreOffice and WPS give 1.3, the CJK font's ascent plus descent; Chromium's Skia
 *  PDFs 2.6, the font's whole bounding box, taller than the line pitch, so that every
 *  box covers the next line's centre), every glyph box of the page is shrunk about its
 *  centre to GK_PDF_INK_RATIO of the ideographs' width. */
#define GK_PDF_TALL_BOX_RATIO 1.6
/** The height of a shrunk box as a multiple of its ideographs' width: an ideograph's
 *  ink is about as tall as it is wide, and lines set at 1.2-1.3 em (Chromium's tight
 *  tables) then keep a gap between them that is smaller than the gap between rows. */
#define GK_PDF_INK_RATIO 1.0
/** Glyphs of two fonts set on one baseline have boxes of two shapes: cairo (Firefox's
 *  and pdftocairo's PDFs) writes its CJK font's boxes 2.6 em tall, reaching 1 em
 *  below the baseline, and its Latin font's 1.4 em, so the two centres of one line
 *  stand an em apart. Where a glyph of another box height follows a glyph of the
 *  body's ideographs edge to edge (within this share of the ideographs' width) on
 *  one line, the pair measures how that font's box stands to the body's. */
#define GK_PDF_FONT_PAIR_GAP 0.1
/** Pairs one box height needs, all agreeing on its offsets to a hundredth of a point
 *  in a majority, before its boxes are set where the body font's would be. */
#define GK_PDF_FONT_PAIR_MIN 3
/** Glyph boxes are the font's ascent plus descent at its size, so one size in two fonts
 *  can give two heights (Ghostscript's pdfwrite re-embeds each font with its own: a
 *  word begun in the Latin font is 0.76 em tall, ideographs 1.0 em, where the first
 *  PDF had 1.3 em for both). Two box heights are one size's when ideographs of the
 *  page's commonest width show both and they differ by more than this share of the
 *  commoner (taller) one; the page's boxes of both heights are then evened out
 *  (GK_PDF_BOX_RATIO), so a line's gaps do not depend on its first glyph's font. */
#define GK_PDF_HEIGHT_CLASS_SLACK 0.05
/** The box height, as a multiple of the body's ideograph width, that a page with two
 *  heights for one size gets: LibreOffice's and WPS's ascent plus descent, the boxes
 *  of the PDFs that are re-distilled and that the gap thresholds were measured on. */
#define GK_PDF_BOX_RATIO 1.3
/** Ideographs (of the commonest width) a height must have to count as one size's box
 *  in another font, not a stray glyph. */
#define GK_PDF_HEIGHT_CLASS_MIN 8
/** Two glyphs stand on one line when their boxes' edges across the line agree to
 *  this share of the smaller box's smaller side (the font's ascent and descent are
 *  one for a line; a rounding of the producer's is not a new line). */
#define GK_PDF_ADVANCE_SLACK 0.1
/** A page is turned back when at least this many of the glyphs that follow one
 *  another in poppler's order, and two thirds of those that stand on one line,
 *  advance down or up the page (a few numbers read down a column are no turned text). */
#define GK_PDF_SIDEWAYS_MIN 20
/** A glyph box taller than this (points) is no character (a rotated or broken box). */
#define GK_PDF_MAX_GLYPH_HEIGHT 1000.0
/** A glyph more than this (points) off the page's edges is not shown. */
#define GK_PDF_OFF_PAGE 10.0
/** The top and bottom bands of a page, as a fraction of its height, where running
 *  headers, footers and page numbers are looked for. */
#define GK_PDF_MARGIN_ZONE 0.1
/** How many lines at the top and at the bottom of a page may be headers or footers
 *  (a table may reach into the margin zone below them). */
#define GK_PDF_MARGIN_LINES 2
/** A running header or footer stands at least this far (em of its line) from the body
 *  line next to it; a table header repeated on each page does not. */
#define GK_PDF_MARGIN_APART 1.0
/** A header or footer line repeats on another page when its top lies within this
 *  (em of its line) of the other line's top. */
#define GK_PDF_MARGIN_SAME_Y 0.5
/** Pages before and after a page searched for a repeat of its header or footer. */
#define GK_PDF_MARKER_REACH 3
/** Bytes of a line's text compared when looking for repeated headers and footers. */
#define GK_PDF_SHAPE_MAX 256

/* One character as placed on the page: its box in points, y growing downwards
 * (poppler's text layout convention). */
typedef struct gk_pdf_glyph {
  double x0, y0, x1, y1;
  uint32_t cp;
} gk_pdf_glyph;

/* A word: glyphs of one line with no gap wider than GK_PDF_WORD_GAP between them. */
typedef struct gk_pdf_word {
  double x0, y0, x1, y1;
  size_t t0, tlen; /* UTF-8 text in the page's text buffer */
  uint32_t last;   /* last code point */
  int vkind;       /* gk_pdf_value_kind of the text */
  size_t line;     /* index of its line */
} gk_pdf_word;

/* A line: glyphs whose centres lie in the band of its first (topmost) glyph. The
 * fields after w1 are the table stage's classes (pdf_grid.h). */
typedef struct gk_pdf_line {
  double x0, y0, x1, y1, em;
  size_t w0, w1; /* words [w0, w1) */
  size_t v0;     /* first trailing value word; w1 when the line has none */
  int cand;      /* has trailing values set off from its text */
  int numeric;   /* accepted as a table row */
  int marker;    /* page header, footer or number: dropped */
  int heading, prose;
} gk_pdf_line;

/* One page in words and lines; the glyph boxes are not kept. */
typedef struct gk_pdf_page {
  gk_pdf_word *w;
  size_t nw;
  gk_pdf_line *l;
  size_t nl;
  char *text; /* the words' UTF-8 text, one after another, no separators */
  size_t tlen;
  double width, height; /* as read: those of the page turned back when turned */
  int no;               /* 1-based page number */
  int turned;           /* its text ran at 90° (1 clockwise, -1 counter-clockwise) */
} gk_pdf_page;

/** Whether a glyph shows on a page of width x height points: white space, control
 *  characters and empty, absurd or off-page boxes carry no glyph (their place is a gap).
 *  Inline: it is asked of every glyph. */
static inline int gk_pdf_glyph_shows(const gk_pdf_glyph *g, double width, double height) {
  if (g->cp < 0x20 || g->cp == 0x7F || gk_cp_is_space(g->cp)) return 0;
  if (!isfinite(g->x0) || !isfinite(g->x1) || !isfinite(g->y0) || !isfinite(g->y1)) return 0;
  if (g->x1 <= g->x0 || g->y1 <= g->y0 || g->y1 - g->y0 > GK_PDF_MAX_GLYPH_HEIGHT) return 0;
  if (g->x1 < -GK_PDF_OFF_PAGE || g->y1 < -GK_PDF_OFF_PAGE ||
      (width > 0 && g->x0 > width + GK_PDF_OFF_PAGE) ||
      (height > 0 && g->y0 > height + GK_PDF_OFF_PAGE))
    return 0;
  return 1;
}

/** Builds the words and lines of page `p` (width, height and no already set) from
 *  the `n` glyphs `g`, all showing (gk_pdf_glyph_shows), in poppler's order (the
 *  way neighbours in it advance tells a page whose text is turned 90°; any order
 *  reads an upright page the same); `g` is sorted in place and not kept. Returns GK_OK or GK_ENOMEM; either way release the page
 *  with gk_pdf_page_free(). */
int gk_pdf_page_build(gk_pdf_page *p, gk_pdf_glyph *g, size_t n);

/** Frees a page's arrays (not the struct) and zeroes it. */
void gk_pdf_page_free(gk_pdf_page *p);

/** The first code point of a word. */
uint32_t gk_pdf_word_first(const gk_pdf_page *p, const gk_pdf_word *w);

/** Writes line L's words, one space between them, into buf (cap bytes, NUL-terminated,
 *  cut at cap). */
void gk_pdf_line_text(const gk_pdf_page *p, const gk_pdf_line *L, char *buf, size_t cap);

/** Whether a space belongs between two words of a line `gap_em` apart, the first
 *  ending in `a`, the second starting with `b`: between CJK characters a gap is
 *  justification unless it is wider than GK_PDF_CJK_SPACE em. */
int gk_pdf_want_space(uint32_t a, uint32_t b, double gap_em);
/** Between two CJK characters of a line, a gap wider than this (em) is a real space. */
#define GK_PDF_CJK_SPACE 1.5

/** Whether `s` (UTF-8, `len` bytes) reads as a table value: a number (optionally
 *  signed, with separators, a percent sign or a bracketed remark) or a blank mark
 *  (/ — - 无). Returns 2 for a number, 1 for a blank mark, 0 otherwise. */
int gk_pdf_value_kind(const char *s, size_t len);

/** A bare number in the margin zone with at most this many digits is a page number. */
#define GK_PDF_PAGE_NUMBER_DIGITS 4

/** Whether a line's text (spaces between words) is a page number: a page marker of
 *  the lexicon (- 3 -, 第3页, 第3页共9页, 3/9, Page 3) or a bare number of at most
 *  GK_PDF_PAGE_NUMBER_DIGITS digits. */
int gk_pdf_is_page_number(const char *s, size_t len);

/* ------------------------------------------------------------------ page furniture */

/* A line at the top or bottom of a page that repeats on another page near it would
 * be a running header or footer: what the line needs to be compared. */
typedef struct gk_pdf_margin_line {
  size_t line; /* its index on its page */
  int top;     /* in the top zone (else the bottom one) */
  double y0, em;
  char shape[GK_PDF_SHAPE_MAX]; /* its text, digits folded to '#' */
} gk_pdf_margin_line;

/* What other pages need of a page to find their repeated lines in it: the shapes of
 * its first and last GK_PDF_MARGIN_LINES lines (the same lines when it has few). */
typedef struct gk_pdf_edges {
  gk_pdf_margin_line first[GK_PDF_MARGIN_LINES], last[GK_PDF_MARGIN_LINES];
  size_t nfirst, nlast;
} gk_pdf_edges;

/** Fills `e` with the edges of page `p`. */
void gk_pdf_page_edges(const gk_pdf_page *p, gk_pdf_edges *e);

/** Marks (line.marker) the page numbers of page `p`, and writes to `cand` (room for
 *  2 * GK_PDF_MARGIN_LINES) the lines that are running headers or footers if they
 *  repeat on a page near it. Returns the number of such candidates. */
size_t gk_pdf_page_margins(gk_pdf_page *p, gk_pdf_margin_line *cand);

/** Whether candidate `c` repeats among the edges `e` of another page. */
int gk_pdf_margin_repeats(const gk_pdf_margin_line *c, const gk_pdf_edges *e);

#endif
