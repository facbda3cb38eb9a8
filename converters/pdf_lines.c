/* pdf_lines.c: one PDF page's glyph boxes → words → lines; page numbers and running
 * headers and footers. */
#include "pdf_lines.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/base.h"
#include "../core/lex.h"
#include "../core/utf8.h"

static double dmin(double a, double b) { return a < b ? a : b; }
static double dmax(double a, double b) { return a > b ? a : b; }
/* The share of the shorter of two intervals that they have in common. */
static double overlap_share(double a0, double a1, double b0, double b1) {
  double o = dmin(a1, b1) - dmax(a0, b0), l = dmin(a1 - a0, b1 - b0);
  return l > 0 ? o / l : 0;
}

/* ------------------------------------------------------------------ tokens */

int gk_pdf_value_kind(const char *s, size_t len) {
  size_t i = 0;
  uint32_t cp[64];
  size_t n = 0;
  while (i < len && n < 64) cp[n++] = gk_utf8_next(s, len, &i);
  if (i < len || n == 0) return 0;
  /* Most words are CJK text or numbers: neither needs the lexicon's blank tokens. */
  if (cp[0] >= 0x4E00 && cp[0] <= 0x9FFF && cp[0] != 0x65E0 /* 无 */) return 0;
  /* Blank marks (/ — 无 and the others of the lexicon) and runs of dashes. */
  if (gk_lex_digit(cp[0]) < 0 && gk_lex_is_blank(s, len)) return 1;
  /* Numbers: [sign] digits [separators digits] [%], then optionally a bracketed remark. */
  size_t k = 0;
  if (cp[k] == '-' || cp[k] == '+' || cp[k] == 0xFF0D || cp[k] == 0xFF0B || cp[k] == 0x2212) k++;
  size_t digits = 0;
  while (k < n) {
    if (gk_lex_digit(cp[k]) >= 0) {
      digits++;
      k++;
    } else if ((cp[k] == ',' || cp[k] == '.' || cp[k] == 0xFF0C || cp[k] == 0xFF0E) && k + 1 < n &&
               gk_lex_digit(cp[k + 1]) >= 0 && digits) {
      k++;
    } else {
      break;
    }
  }
  if (!digits) return 0;
  if (k < n && (cp[k] == '%' || cp[k] == 0xFF05)) k++;
  if (k == n) return 2;
  /* 22（其中修订16件）: the leading number with a remark is a value cell. */
  if (cp[k] == '(' || cp[k] == 0xFF08) return 2;
  return 0;
}

int gk_pdf_is_page_number(const char *s, size_t len) {
  char buf[96];
  size_t o = 0;
  for (size_t i = 0; i < len && o < sizeof buf - 1; i++)
    if (s[i] != ' ') buf[o++] = s[i];
  buf[o] = '\0';
  /* The shapes every room knows (- 3 -, 第3页, 3/9, Page 3), and in a PDF's margin
     also a bare number, which a text dump could not tell from a value. */
  if (gk_lex_is_page_marker(buf)) return 1;
  size_t d = 0;
  while (buf[d] >= '0' && buf[d] <= '9') d++;
  return d >= 1 && d <= GK_PDF_PAGE_NUMBER_DIGITS && buf[d] == '\0';
}

int gk_pdf_want_space(uint32_t a, uint32_t b, double gap_em) {
  if (gk_cp_is_cjk(a) && gk_cp_is_cjk(b)) return gap_em > GK_PDF_CJK_SPACE;
  return gap_em > GK_PDF_WORD_GAP;
}

uint32_t gk_pdf_word_first(const gk_pdf_page *p, const gk_pdf_word *w) {
  size_t i = 0;
  return gk_utf8_next(p->text + w->t0, w->tlen, &i);
}

void gk_pdf_line_text(const gk_pdf_page *p, const gk_pdf_line *L, char *buf, size_t cap) {
  size_t o = 0;
  for (size_t k = L->w0; k < L->w1 && o + 1 < cap; k++) {
    const gk_pdf_word *w = &p->w[k];
    if (k > L->w0 && o + 2 < cap) buf[o++] = ' ';
    size_t l = w->tlen < cap - 1 - o ? w->tlen : cap - 1 - o;
    memcpy(buf + o, p->text + w->t0, l);
    o += l;
  }
  buf[o] = '\0';
}

/* ------------------------------------------------------------------ line building */

/* The length of the runs sorted by insertion before the merges. */
#define SORT_RUN 8

/* Whether item i's keys (k1[i], k2[i]) come before item j's (k2 may be NULL). */
static int key_before(const double *k1, const double *k2, size_t i, size_t j) {
  if (k1[i] != k1[j]) return k1[i] < k1[j];
  return k2 && k2[i] < k2[j];
}

/* The stable order of n items by their keys (k1[i], k2[i]) ascending (k2 may be
 * NULL): ord[0, n) gets the item indices. A bottom-up merge sort that copies a pair of
 * runs already in order instead of merging them: a page's glyphs come mostly in
 * reading order, and libc's qsort, comparing through a function pointer and moving
 * 40-byte glyphs, cost a page's line building half its instructions. Returns GK_OK or
 * GK_ENOMEM. */
static int stable_order(const double *k1, const double *k2, size_t n, size_t *ord) {
  size_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
  if (!tmp) return GK_ENOMEM;
  /* Runs of SORT_RUN by insertion (cheap on items mostly in order), then merges. */
  for (size_t i = 0; i < n; i++) {
    size_t j = i;
    for (; j % SORT_RUN && key_before(k1, k2, i, ord[j - 1]); j--) ord[j] = ord[j - 1];
    ord[j] = i;
  }
  size_t *a = ord, *b = tmp;
  for (size_t w = SORT_RUN; w < n; w *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * w) {
      size_t mid = n - lo > w ? lo + w : n, hi = n - lo > 2 * w ? lo + 2 * w : n;
      if (mid == hi || !key_before(k1, k2, a[mid], a[mid - 1])) {
        memcpy(b + lo, a + lo, (hi - lo) * sizeof *a);
        continue;
      }
      size_t i = lo, j = mid, o = lo;
      while (i < mid && j < hi) b[o++] = key_before(k1, k2, a[j], a[i]) ? a[j++] : a[i++];
      while (i < mid) b[o++] = a[i++];
      while (j < hi) b[o++] = a[j++];
    }
    size_t *t = a;
    a = b;
    b = t;
  }
  if (a != ord) memcpy(ord, a, n * sizeof *ord);
  free(tmp);
  return GK_OK;
}

/* Puts the n items of `size` bytes at `items` in the stable order of their keys
 * k[0, n) and k[n, 2n) (see stable_order), then frees k. Returns GK_OK or GK_ENOMEM
 * (the items unmoved). */
static int reorder(void *items, size_t size, size_t n, double *k) {
  size_t *ord = malloc((n ? n : 1) * sizeof *ord);
  unsigned char *copy = malloc((n ? n : 1) * size);
  int rc = k && ord && copy ? stable_order(k, k + n, n, ord) : GK_ENOMEM;
  if (rc == GK_OK) {
    memcpy(copy, items, n * size);
    unsigned char *to = items;
    for (size_t i = 0; i < n; i++) memcpy(to + i * size, copy + ord[i] * size, size);
  }
  free(copy);
  free(ord);
  free(k);
  return rc;
}

/* Sorts the glyphs by top, then left edge, keeping the content order of ties.
 * Returns GK_OK or GK_ENOMEM. */
static int sort_by_top(gk_pdf_glyph *g, size_t n) {
  double *k = malloc((n ? n : 1) * 2 * sizeof *k);
  for (size_t i = 0; k && i < n; i++) k[i] = g[i].y0, k[n + i] = g[i].x0;
  return reorder(g, sizeof *g, n, k);
}

/* A glyph and the line it was put on. */
typedef struct {
  gk_pdf_glyph g;
  size_t line;
} lglyph;

/* Sorts the glyphs by line, then left edge (ties keep their order). The lines were
 * numbered down the page in top order, so each line is already one stretch and only
 * its glyphs' x order is new. Returns GK_OK or GK_ENOMEM. */
static int sort_by_line_x(lglyph *lg, size_t n) {
  double *k = malloc((n ? n : 1) * 2 * sizeof *k);
  for (size_t i = 0; k && i < n; i++) k[i] = (double)lg[i].line, k[n + i] = lg[i].g.x0;
  return reorder(lg, sizeof *lg, n, k);
}

/* Puts the glyphs (sorted by top) on lines: a glyph belongs to the current line while
 * its centre lies inside the band of the line's first glyph, a band that does not
 * drift down the page. Returns the number of lines. */
static size_t assign_lines(const gk_pdf_glyph *g, size_t n, lglyph *lg) {
  size_t nl = 0;
  double band0 = 0, band1 = 0;
  for (size_t i = 0; i < n; i++) {
    double cy = (g[i].y0 + g[i].y1) / 2;
    if (nl == 0 || cy >= band1 || cy < band0) {
      nl++;
      band0 = g[i].y0;
      band1 = g[i].y1;
    }
    lg[i].g = g[i];
    lg[i].line = nl - 1;
  }
  return nl;
}

/* A glyph's left edge, for finding the glyph that starts where another ends. */
typedef struct {
  double x;
  size_t i;
} xedge;

/* Index of the first edge at or right of x in e[0, n) (sorted). */
static size_t first_edge(const xedge *e, size_t n, double x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (e[mid].x < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* A full stop, ASCII or full-width: a list mark (1.) or a decimal point. */
static int is_point(uint32_t cp) { return cp == '.' || cp == 0xFF0E; }

/* Whether glyph a joins b's line: a is a numeral's digit and b the list mark right
 * after it (、 . ．), taller, with a's centre inside b's height. */
static int joins(const lglyph *a, const lglyph *b) {
  uint32_t m = b->g.cp;
  double cy = (a->g.y0 + a->g.y1) / 2;
  return b->line != a->line && gk_lex_digit(a->g.cp) >= 0 &&
         (m == 0x3001 || is_point(m)) && b->g.x0 >= a->g.x0 &&
         b->g.y1 - b->g.y0 > a->g.y1 - a->g.y0 && cy > b->g.y0 && cy < b->g.y1;
}

/* Whether point b, on another line and drawn edge to edge between digits a and c of
 * one line (as join_abutting found them), is their decimal point: c starts right of
 * b, and b's centre lies inside a's height. */
static int decimal_point(const lglyph *a, const lglyph *b, const lglyph *c) {
  double cy = (b->g.y0 + b->g.y1) / 2;
  return c->g.x0 >= b->g.x0 && cy > a->g.y0 && cy < a->g.y1;
}

/* The glyph among `left` (n edges, sorted) whose left edge meets glyph a's right
 * edge (within GK_PDF_ABUT_GAP of a's width) and that `ok` accepts with `ctx`,
 * scanning GK_PDF_ABUT_SCAN of them; its index in lg, or SIZE_MAX. */
static size_t abutting(const lglyph *lg, const xedge *left, size_t n, size_t i,
                       int (*ok)(const lglyph *, size_t, const void *), const void *ctx) {
  const gk_pdf_glyph *a = &lg[i].g;
  double tol = GK_PDF_ABUT_GAP * (a->x1 - a->x0);
  size_t k = first_edge(left, n, a->x1 - tol);
  for (size_t s = 0; k < n && s < GK_PDF_ABUT_SCAN && left[k].x <= a->x1 + tol; k++, s++)
    if (left[k].i != i && ok(lg, left[k].i, ctx)) return left[k].i;
  return SIZE_MAX;
}

/* abutting()'s tests: the list mark that glyph ctx's digit joins (see joins); a glyph
 * that may be a decimal point (its line is decided by the digit after it); a digit on
 * the line of glyph ctx. */
static int ok_mark(const lglyph *lg, size_t k, const void *ctx) {
  return joins(ctx, &lg[k]);
}
static int ok_point(const lglyph *lg, size_t k, const void *ctx) {
  const lglyph *a = ctx;
  return lg[k].line != a->line && is_point(lg[k].g.cp);
}
static int ok_digit_on(const lglyph *lg, size_t k, const void *ctx) {
  const lglyph *a = ctx;
  return lg[k].line == a->line && gk_lex_digit(lg[k].g.cp) >= 0;
}

/* The left edges of the glyphs of lg[0, n) that `pick` accepts, sorted (ties in lg's
 * order), into e, and their number into *ne. Returns GK_OK or GK_ENOMEM. */
static int sorted_edges(const lglyph *lg, size_t n, int (*pick)(uint32_t), xedge *e, size_t *ne) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (pick(lg[i].g.cp)) e[m++] = (xedge){lg[i].g.x0, i};
  *ne = m;
  double *k = calloc(m ? 2 * m : 1, sizeof *k); /* the second keys stay 0 */
  for (size_t i = 0; k && i < m; i++) k[i] = e[i].x;
  return reorder(e, sizeof *e, m, k);
}
static int is_list_mark(uint32_t cp) { return cp == 0x3001 || is_point(cp); }
static int is_digit_cp(uint32_t cp) { return gk_lex_digit(cp) >= 0; }

/* A numeral drawn edge to edge with its list mark belongs to the mark's line, whatever
 * their boxes say: a producer that gives a label's numeral a font of its own
 * (Ghostscript's re-distils) boxes it shorter and lower than the mark, and when the
 * line's band was set by the glyph of a neighbouring cell the numeral drops onto a
 * line of its own ("2" under "、其他法律", read as a row of its own). A digit whose
 * right edge meets a list mark's left (within GK_PDF_ABUT_GAP of its width), its
 * centre inside the mark's height, is put on the mark's line (see joins). Likewise a
 * decimal point drawn edge to edge between two digits of one line, its centre inside
 * their height, is put on their line (see decimal_point). Only the marks' and the
 * digits' edges are searched, and at most GK_PDF_ABUT_SCAN of them per edge (a page
 * of glyphs drawn on one spot must not cost n squared). Returns GK_OK or
 * GK_ENOMEM. */
static int join_abutting(lglyph *lg, size_t n) {
  xedge *marks = malloc((n ? n : 1) * sizeof *marks);
  xedge *digits = malloc((n ? n : 1) * sizeof *digits);
  size_t nm = 0, nd = 0;
  int rc = marks && digits ? GK_OK : GK_ENOMEM;
  if (rc == GK_OK) rc = sorted_edges(lg, n, is_list_mark, marks, &nm);
  if (rc == GK_OK && nm > 0) rc = sorted_edges(lg, n, is_digit_cp, digits, &nd);
  for (size_t i = 0; rc == GK_OK && nm > 0 && i < n; i++) {
    if (gk_lex_digit(lg[i].g.cp) < 0) continue;
    size_t k = abutting(lg, marks, nm, i, ok_mark, &lg[i]);
    if (k != SIZE_MAX) {
      lg[i].line = lg[k].line;
      continue;
    }
    /* A decimal point in a font of its own (a re-distil boxes it smaller) may fall on
       the line of the label beside the number: 38 . 97 read as 38 and 97. */
    size_t b = abutting(lg, marks, nm, i, ok_point, &lg[i]);
    if (b == SIZE_MAX) continue;
    size_t c = abutting(lg, digits, nd, b, ok_digit_on, &lg[i]);
    if (c != SIZE_MAX && decimal_point(&lg[i], &lg[b], &lg[c])) lg[b].line = lg[i].line;
  }
  free(marks);
  free(digits);
  return rc;
}

/* Fake bold draws a glyph twice at a small offset: keeps one of each such pair of
 * the glyphs sorted by line and x. Returns the number kept. */
static size_t drop_double_strikes(lglyph *lg, size_t n) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m > 0 && lg[m - 1].line == lg[i].line && lg[m - 1].g.cp == lg[i].g.cp) {
      double h = lg[i].g.y1 - lg[i].g.y0;
      if (fabs(lg[m - 1].g.x0 - lg[i].g.x0) < GK_PDF_DOUBLE_STRIKE * h &&
          fabs(lg[m - 1].g.y0 - lg[i].g.y0) < GK_PDF_DOUBLE_STRIKE * h)
        continue;
    }
    lg[m++] = lg[i];
  }
  return m;
}

/* Appends cp's UTF-8 to the page text buffer. */
static int text_put(gk_pdf_page *p, size_t *cap, uint32_t cp) {
  if (p->tlen + 5 > *cap) {
    size_t nc = *cap ? *cap * 2 : 4096;
    char *t = realloc(p->text, nc);
    if (!t) return GK_ENOMEM;
    p->text = t;
    *cap = nc;
  }
  p->tlen += (size_t)gk_utf8_put(cp, p->text + p->tlen);
  return GK_OK;
}

/* Adds the line of glyphs lg[0, n) to the page, its words split at gaps wider than
 * GK_PDF_WORD_GAP of the line's em (its mean glyph height). */
static int add_line(gk_pdf_page *p, const lglyph *lg, size_t n, size_t *tcap) {
  double hs = 0;
  for (size_t k = 0; k < n; k++) hs += lg[k].g.y1 - lg[k].g.y0;
  double em = hs / (double)n;
  if (em <= 0) em = 1;
  gk_pdf_line *L = &p->l[p->nl];
  L->em = em;
  L->w0 = p->nw;
  L->x0 = lg[0].g.x0;
  L->y0 = lg[0].g.y0;
  L->y1 = lg[0].g.y1;
  L->x1 = lg[0].g.x1;
  for (size_t k = 0; k < n; k++) {
    const gk_pdf_glyph *g = &lg[k].g;
    if (k == 0 || g->x0 - lg[k - 1].g.x1 > GK_PDF_WORD_GAP * em) {
      gk_pdf_word *w = &p->w[p->nw++];
      w->x0 = g->x0;
      w->y0 = g->y0;
      w->y1 = g->y1;
      w->x1 = g->x1;
      w->t0 = p->tlen;
      w->line = p->nl;
    }
    gk_pdf_word *w = &p->w[p->nw - 1];
    w->last = g->cp;
    w->x1 = dmax(w->x1, g->x1);
    w->y0 = dmin(w->y0, g->y0);
    w->y1 = dmax(w->y1, g->y1);
    if (text_put(p, tcap, g->cp)) return GK_ENOMEM;
    w->tlen = p->tlen - w->t0;
    L->x1 = dmax(L->x1, g->x1);
    L->y0 = dmin(L->y0, g->y0);
    L->y1 = dmax(L->y1, g->y1);
  }
  L->w1 = p->nw;
  p->nl++;
  return GK_OK;
}

/* The unified ideographs: the glyphs whose boxes measure a page's body size. */
static int ideograph(uint32_t cp) { return cp >= 0x4E00 && cp <= 0x9FFF; }

/* Box heights (and widths, and offsets between boxes) are compared in hundredths of
 * a point, rounded to the nearest: one font at one size gives one height to the
 * last digit. */
static long hundredths(double v) { return (long)(v >= 0 ? v * 100 + 0.5 : v * 100 - 0.5); }

/* The mean height-to-width ratio of the page's tall ideograph boxes when most of its
 * ideographs have one (GK_PDF_TALL_BOX_RATIO), else 0: one odd font is left alone. */
static double tall_boxes(const gk_pdf_glyph *g, size_t n) {
  size_t cjk = 0, tall = 0;
  double sum = 0;
  for (size_t i = 0; i < n; i++) {
    if (!ideograph(g[i].cp)) continue;
    double w = g[i].x1 - g[i].x0, r = (g[i].y1 - g[i].y0) / w;
    if (!(w > 0)) continue;
    cjk++;
    if (r > GK_PDF_TALL_BOX_RATIO) tall++, sum += r;
  }
  return tall == 0 || 2 * tall <= cjk ? 0 : sum / (double)tall;
}

/* Boxes much taller than their ideographs are wide (a producer that reports the
 * font's bounding box) reach over the lines above and below; the lines of a label
 * wrapped at a tight pitch would be read as one. Such a page's boxes (`ratio`, from
 * tall_boxes; 0 for a page of others) are shrunk about their centres to the height
 * the other thresholds were measured on. */
static void shrink_tall_boxes(gk_pdf_glyph *g, size_t n, double ratio) {
  if (ratio == 0) return;
  double f = GK_PDF_INK_RATIO / ratio;
  for (size_t i = 0; i < n; i++) {
    double c = (g[i].y0 + g[i].y1) / 2, h = (g[i].y1 - g[i].y0) * f / 2;
    g[i].y0 = c - h;
    g[i].y1 = c + h;
  }
}

/* The commonest value of v[0, n) (sorted in place, ascending) in *best, and how often
 * it occurs in *count; the larger value wins a tie. Returns GK_OK or GK_ENOMEM. */
static int mode_of(long *v, size_t n, long *best, size_t *count) {
  *best = 0;
  *count = 0;
  double *k = calloc(n ? 2 * n : 1, sizeof *k); /* the second keys stay 0 */
  for (size_t i = 0; k && i < n; i++) k[i] = (double)v[i];
  int rc = reorder(v, sizeof *v, n, k);
  for (size_t i = 0, j; i < n && rc == GK_OK; i = j) {
    for (j = i; j < n && v[j] == v[i]; j++) {
    }
    if (j - i >= *count) *best = v[i], *count = j - i;
  }
  return rc;
}

/* One size in two fonts (GK_PDF_HEIGHT_CLASS_SLACK): the ideographs of the page's
 * commonest width (its body size) vote for box heights; the commonest height is the
 * size's, and each clearly shorter height with GK_PDF_HEIGHT_CLASS_MIN ideographs is
 * the same size in another font. On such a page every box of the body height or of a
 * shorter one, ideograph or not (the value lines are digits of the shorter font), is
 * set to GK_PDF_BOX_RATIO of the body width: the body's boxes about their centres,
 * the shorter font's from its top (Ghostscript's two interpreters give that font one
 * top and two bottoms, so its descent is what was lost). Other sizes (headings) are
 * left alone. Returns GK_OK or GK_ENOMEM. */
static int even_height_classes(gk_pdf_glyph *g, size_t n) {
  long *v = malloc((n ? n : 1) * sizeof *v);
  if (!v) return GK_ENOMEM;
  size_t m = 0, cnt;
  for (size_t i = 0; i < n; i++)
    if (ideograph(g[i].cp)) v[m++] = hundredths(g[i].x1 - g[i].x0);
  long wbody, hbody;
  if (mode_of(v, m, &wbody, &cnt) != GK_OK) {
    free(v);
    return GK_ENOMEM;
  }
  size_t nh = 0;
  for (size_t i = 0; i < n && m > 0; i++)
    if (ideograph(g[i].cp) && hundredths(g[i].x1 - g[i].x0) == wbody)
      v[nh++] = hundredths(g[i].y1 - g[i].y0);
  if (mode_of(v, nh, &hbody, &cnt) != GK_OK) {
    free(v);
    return GK_ENOMEM;
  }
  /* v[0, nh) is sorted: each run of one height below the body's is a candidate. */
  long shorter[8];
  size_t ns = 0;
  for (size_t i = 0, j; i < nh && ns < sizeof shorter / sizeof *shorter; i = j) {
    for (j = i; j < nh && v[j] == v[i]; j++) {
    }
    if (j - i >= GK_PDF_HEIGHT_CLASS_MIN &&
        (double)v[i] < (1 - GK_PDF_HEIGHT_CLASS_SLACK) * (double)hbody)
      shorter[ns++] = v[i];
  }
  free(v);
  for (size_t i = 0; i < n && ns > 0; i++) {
    long h = hundredths(g[i].y1 - g[i].y0);
    for (size_t k = 0; k <= ns; k++) {
      if (h != (k < ns ? shorter[k] : hbody)) continue;
      double h1 = GK_PDF_BOX_RATIO * (double)wbody / 100;
      if (k < ns) { /* the shorter font keeps its top: its descent is what was lost */
        g[i].y1 = g[i].y0 + h1;
      } else {
        double c = (g[i].y0 + g[i].y1) / 2;
        g[i].y0 = c - h1 / 2;
        g[i].y1 = c + h1 / 2;
      }
      break;
    }
  }
  return GK_OK;
}

/* Pairs kept per box height by align_fonts (more add nothing to a mode). */
#define FONT_PAIRS 64
/* Box heights of other fonts that align_fonts measures against the body's. */
#define FONT_CLASSES 8

/* One other font's box height and the offsets of the body box's top and bottom to
 * its boxes', hundredths of a point, as measured by each pair. */
typedef struct {
  long h;
  long dtop[FONT_PAIRS], dbot[FONT_PAIRS];
  size_t pairs;
} font_class;

/* Sets the boxes of each other font where the body font's would stand on the same
 * baseline (GK_PDF_FONT_PAIR_GAP, GK_PDF_FONT_PAIR_MIN), so that tall boxes shrunk
 * about their centres keep one centre for a line. The body is the commonest box
 * height of the ideographs; a font pairs with it where, in poppler's order, one of
 * its glyphs and a body ideograph touch on one line. Returns GK_OK or GK_ENOMEM. */
static int align_fonts(gk_pdf_glyph *g, size_t n) {
  long *v = malloc((n ? n : 1) * sizeof *v);
  if (!v) return GK_ENOMEM;
  size_t m = 0, cnt;
  for (size_t i = 0; i < n; i++)
    if (ideograph(g[i].cp)) v[m++] = hundredths(g[i].y1 - g[i].y0);
  long body, bw = 0;
  int rc = mode_of(v, m, &body, &cnt);
  free(v);
  if (rc != GK_OK || cnt == 0) return rc;
  for (size_t i = 0; i < n && !bw; i++)
    if (ideograph(g[i].cp) && hundredths(g[i].y1 - g[i].y0) == body)
      bw = hundredths(g[i].x1 - g[i].x0);
  font_class *fc = malloc(FONT_CLASSES * sizeof *fc);
  if (!fc) return GK_ENOMEM;
  size_t nfc = 0;
  double tol = GK_PDF_FONT_PAIR_GAP * (double)bw / 100;
  for (size_t i = 0; i + 1 < n; i++) {
    const gk_pdf_glyph *a = &g[i], *b = &g[i + 1];
    long ha = hundredths(a->y1 - a->y0), hb = hundredths(b->y1 - b->y0);
    int abody = ideograph(a->cp) && ha == body, bbody = ideograph(b->cp) && hb == body;
    if (abody == bbody || ha == hb || fabs(b->x0 - a->x1) > tol) continue;
    const gk_pdf_glyph *o = abody ? b : a, *d = abody ? a : b;
    long h = abody ? hb : ha; /* not the body's: ha and hb differ */
    /* One line: the other box's centre inside the body box. */
    double cy = (o->y0 + o->y1) / 2;
    if (cy <= d->y0 || cy >= d->y1) continue;
    size_t k = 0;
    while (k < nfc && fc[k].h != h) k++;
    if (k == nfc) {
      if (nfc == FONT_CLASSES) continue;
      fc[nfc].h = h;
      fc[nfc++].pairs = 0;
    }
    if (fc[k].pairs == FONT_PAIRS) continue;
    fc[k].dtop[fc[k].pairs] = hundredths(d->y0 - o->y0);
    fc[k].dbot[fc[k].pairs++] = hundredths(d->y1 - o->y1);
  }
  for (size_t k = 0; k < nfc && rc == GK_OK; k++) {
    long dt, db;
    size_t ct, cb, np = fc[k].pairs;
    if ((rc = mode_of(fc[k].dtop, np, &dt, &ct)) || (rc = mode_of(fc[k].dbot, np, &db, &cb))) break;
    if (ct < GK_PDF_FONT_PAIR_MIN || cb < GK_PDF_FONT_PAIR_MIN || 2 * ct <= np || 2 * cb <= np)
      continue;
    for (size_t i = 0; i < n; i++) {
      if (hundredths(g[i].y1 - g[i].y0) != fc[k].h) continue;
      g[i].y0 += (double)dt / 100;
      g[i].y1 += (double)db / 100;
    }
  }
  free(fc);
  return rc;
}

/* How glyph b stands to glyph a, the one before it in poppler's order: further along
 * a line that runs across the page (ACROSS), down or up it (ALONG_Y), or neither
 * (the first glyph of another line, an overprint). A box's height is its font's
 * ascent plus descent as the producer wrote them (cairo writes 0.7 em, so an upright
 * ideograph's box is wider than tall), so the shape of a box does not tell a turned
 * line; the way its glyphs advance does: boxes of one line share their extent across
 * the line. */
enum { STANDS_APART, STANDS_ACROSS, STANDS_ALONG_Y };
static int stands(const gk_pdf_glyph *a, const gk_pdf_glyph *b) {
  double w = dmin(a->x1 - a->x0, b->x1 - b->x0), h = dmin(a->y1 - a->y0, b->y1 - b->y0);
  double tol = GK_PDF_ADVANCE_SLACK * dmin(w, h);
  int same_y = fabs(a->y0 - b->y0) <= tol && fabs(a->y1 - b->y1) <= tol;
  int same_x = fabs(a->x0 - b->x0) <= tol && fabs(a->x1 - b->x1) <= tol;
  double dx = fabs(a->x0 + a->x1 - b->x0 - b->x1) / 2, dy = fabs(a->y0 + a->y1 - b->y0 - b->y1) / 2;
  if (same_y && !same_x && dx >= w / 2) return STANDS_ACROSS;
  if (same_x && !same_y && dy >= h / 2) return STANDS_ALONG_Y;
  return STANDS_APART;
}

/* Whether glyph i of n (in poppler's order) is set at 90°: its line runs down or up
 * the page, with the glyph before or after it. */
static int sideways(const gk_pdf_glyph *g, size_t n, size_t i) {
  return (i > 0 && stands(&g[i - 1], &g[i]) == STANDS_ALONG_Y) ||
         (i + 1 < n && stands(&g[i], &g[i + 1]) == STANDS_ALONG_Y);
}

/* Which way sideways text reads: a numeral comes before its list mark (三、 1.), so
 * the side of each mark that its numeral stands on votes: above it, the lines run
 * down the page (+1); below it, up (-1). Poppler's order of such glyphs says
 * nothing (it reads them as upright). Returns the sum of the votes. */
static long reading_down(const gk_pdf_glyph *g, size_t n) {
  long vote = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t c = g[i].cp;
    if (!(c == 0x3001 || c == '.' || c == 0xFF0E) || !sideways(g, n, i)) continue;
    double best = 1e18;
    int above = 0;
    for (size_t k = 0; k < n; k++) {
      const gk_pdf_glyph *h = &g[k];
      if (k == i || (gk_lex_digit(h->cp) < 0 && gk_lex_cn_digit(h->cp) < 0) ||
          overlap_share(g[i].x0, g[i].x1, h->x0, h->x1) < 0.5 || !sideways(g, n, k))
        continue;
      double up = fabs(g[i].y0 - h->y1), down = fabs(h->y0 - g[i].y1);
      if (dmin(up, down) < best) {
        best = dmin(up, down);
        above = up < down;
      }
    }
    /* Only a numeral right beside the mark (a glyph's breadth at most). */
    if (best <= g[i].x1 - g[i].x0) vote += above ? 1 : -1;
  }
  return vote;
}

/* A page whose text runs at 90° inside an unrotated page (a table turned to fit its
 * width): most of the glyphs that follow one another in poppler's order advance down
 * or up the page rather than across it. The page is turned back, so that its lines
 * run left to right again. Poppler's order is the order gk_pdf_page_build gets, so
 * this comes before any sorting. */
static void turn_sideways(gk_pdf_page *p, gk_pdf_glyph *g, size_t n) {
  size_t along = 0, across = 0;
  for (size_t i = 1; i < n; i++) {
    int s = stands(&g[i - 1], &g[i]);
    along += s == STANDS_ALONG_Y;
    across += s == STANDS_ACROSS;
  }
  if (along < GK_PDF_SIDEWAYS_MIN || along * 3 < (along + across) * 2) return;
  long down = reading_down(g, n);
  double w = p->width, h = p->height;
  for (size_t i = 0; i < n; i++) {
    gk_pdf_glyph q = g[i];
    if (down >= 0) /* turned clockwise: a line runs down, the next stands left of it */
      g[i] = (gk_pdf_glyph){q.y0, w - q.x1, q.y1, w - q.x0, q.cp};
    else /* counter-clockwise: a line runs up, the next stands right of it */
      g[i] = (gk_pdf_glyph){h - q.y1, q.x0, h - q.y0, q.x1, q.cp};
  }
  p->width = h;
  p->height = w;
  p->turned = down >= 0 ? 1 : -1;
}

int gk_pdf_page_build(gk_pdf_page *p, gk_pdf_glyph *g, size_t n) {
  if (n == 0) return GK_OK;
  turn_sideways(p, g, n);
  double ratio = tall_boxes(g, n);
  if (ratio > 0) {
    if (align_fonts(g, n) != GK_OK) return GK_ENOMEM;
    ratio = tall_boxes(g, n); /* ideographs of the other fonts may have moved */
  }
  shrink_tall_boxes(g, n, ratio);
  if (even_height_classes(g, n) != GK_OK) return GK_ENOMEM;
  if (sort_by_top(g, n) != GK_OK) return GK_ENOMEM;
  lglyph *lg = malloc(n * sizeof *lg);
  if (!lg) return GK_ENOMEM;
  size_t nl = assign_lines(g, n, lg);
  if (join_abutting(lg, n) != GK_OK) {
    free(lg);
    return GK_ENOMEM;
  }
  if (sort_by_line_x(lg, n) != GK_OK) {
    free(lg);
    return GK_ENOMEM;
  }
  n = drop_double_strikes(lg, n);
  p->l = calloc(nl, sizeof *p->l);
  p->w = malloc(n * sizeof *p->w);
  int rc = p->l && p->w ? GK_OK : GK_ENOMEM;
  size_t tcap = 0;
  for (size_t i = 0; i < n && rc == GK_OK;) {
    size_t j = i;
    while (j < n && lg[j].line == lg[i].line) j++;
    rc = add_line(p, lg + i, j - i, &tcap);
    i = j;
  }
  free(lg);
  for (size_t k = 0; k < p->nw && rc == GK_OK; k++)
    p->w[k].vkind = gk_pdf_value_kind(p->text + p->w[k].t0, p->w[k].tlen);
  return rc;
}

void gk_pdf_page_free(gk_pdf_page *p) {
  free(p->w);
  free(p->l);
  free(p->text);
  memset(p, 0, sizeof *p);
}

/* ------------------------------------------------------------------ page furniture */

/* A line's text with digits folded, for spotting repeated headers and footers. */
static void line_shape(const gk_pdf_page *p, const gk_pdf_line *L, char *buf, size_t cap) {
  gk_pdf_line_text(p, L, buf, cap);
  for (char *c = buf; *c; c++)
    if (*c >= '0' && *c <= '9') *c = '#';
}

static void edge_line(const gk_pdf_page *p, size_t li, gk_pdf_margin_line *m) {
  const gk_pdf_line *L = &p->l[li];
  m->line = li;
  m->y0 = L->y0;
  m->em = L->em;
  m->top = (L->y0 + L->y1) / 2 < p->height * GK_PDF_MARGIN_ZONE;
  line_shape(p, L, m->shape, sizeof m->shape);
}

void gk_pdf_page_edges(const gk_pdf_page *p, gk_pdf_edges *e) {
  e->nfirst = e->nlast = 0;
  for (size_t k = 0; k < p->nl && k < GK_PDF_MARGIN_LINES; k++)
    edge_line(p, k, &e->first[e->nfirst++]);
  size_t k0 = p->nl > GK_PDF_MARGIN_LINES ? p->nl - GK_PDF_MARGIN_LINES : 0;
  for (size_t k = k0; k < p->nl; k++) edge_line(p, k, &e->last[e->nlast++]);
}

/* Whether line li, at the top (else at the bottom) of its page, stands apart from
 * the body line next to it. */
static int stands_apart(const gk_pdf_page *p, size_t li, int top) {
  const gk_pdf_line *L = &p->l[li];
  const gk_pdf_line *N =
      top ? (li + 1 < p->nl ? &p->l[li + 1] : NULL) : (li > 0 ? &p->l[li - 1] : NULL);
  return !N || (top ? N->y0 - L->y1 : L->y0 - N->y1) >= GK_PDF_MARGIN_APART * L->em;
}

size_t gk_pdf_page_margins(gk_pdf_page *p, gk_pdf_margin_line *cand) {
  char a[GK_PDF_SHAPE_MAX];
  size_t nc = 0;
  for (size_t li = 0; li < p->nl; li++) {
    gk_pdf_line *L = &p->l[li];
    double cy = (L->y0 + L->y1) / 2;
    int top = cy < p->height * GK_PDF_MARGIN_ZONE;
    int bottom = cy > p->height * (1 - GK_PDF_MARGIN_ZONE);
    /* Only the outermost lines: a table may reach into the zone. */
    if (!((top && li < GK_PDF_MARGIN_LINES) || (bottom && li + GK_PDF_MARGIN_LINES >= p->nl)))
      continue;
    gk_pdf_line_text(p, L, a, sizeof a);
    if (gk_pdf_is_page_number(a, strlen(a))) {
      L->marker = 1;
      continue;
    }
    if (stands_apart(p, li, top)) {
      edge_line(p, li, &cand[nc]);
      cand[nc++].top = top;
    }
  }
  return nc;
}

int gk_pdf_margin_repeats(const gk_pdf_margin_line *c, const gk_pdf_edges *e) {
  const gk_pdf_margin_line *m = c->top ? e->first : e->last;
  size_t n = c->top ? e->nfirst : e->nlast;
  for (size_t k = 0; k < n; k++)
    if (fabs(m[k].y0 - c->y0) <= GK_PDF_MARGIN_SAME_Y * c->em && strcmp(m[k].shape, c->shape) == 0)
      return 1;
  return 0;
}
