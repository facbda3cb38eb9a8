/* pdf.c: PDF converter: poppler-glib glyph boxes → lines → table regions and grids.
 *
 * A PDF has no table structure, only glyphs at positions, so the grid is rebuilt
 * from geometry:
 *   1. page text extraction: every character of poppler_page_get_text() with its box
 *      from poppler_page_get_text_layout() (one rectangle per character);
 *   2. line building: glyphs → lines by vertical overlap, → words by gaps (a gap wider
 *      than GAP_WORD em is a word or cell break, so `1 2` and `12` are told apart);
 *   3. table region detection: a line whose trailing words are values set off from its
 *      text is a table row when its values align with other rows (or are many, or far
 *      from the label); a region runs between such rows and takes the header lines
 *      above; headings and prose lines end it;
 *   4. column boundary detection: x-intervals of the values down the region, plus the
 *      lowest header cells (which give columns whose cells are all blank);
 *   5. grid assembly: label words are grouped into cells (a label wrapped over several
 *      lines is one cell) and each cell goes to the row band of the value line it
 *      overlaps; header rows keep their spans.
 * Page headers, footers and page numbers are dropped; text outside tables becomes
 * paragraphs, wrapped lines joined. The normalizer does the label work. */
#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "../core/utf8.h"
#include "convert.h"
#include "pdf_layout.h"

/* Geometry thresholds, in em (the line's glyph height). */
#define GAP_WORD 0.3      /* wider gap between glyphs: a word or cell break */
#define GAP_VALUE 0.6     /* a value must stand this far from the text before it */
#define GAP_CELL 0.35     /* label words closer than this on a line are one cell */
#define GAP_SEGMENT 1.5   /* a line with a gap this wide has several cells */
#define GAP_FAR_LABEL 2.5 /* one value this far from its label is a table cell */
#define GAP_IN_CELL 0.35  /* vertical gap between the lines of one wrapped cell */
#define GAP_REGION 4.0    /* a vertical gap this tall ends a table region */
#define GAP_HEADER 2.5    /* header lines above a table are at most this far apart */
#define MARGIN_ZONE 0.1   /* top/bottom part of the page where headers/footers live */
#define ALIGN_REACH 64    /* lines compared with one another for value alignment */
#define MARKER_REACH 3    /* pages compared with one another for running headers */

#ifndef GK_MAX_PDF_GLYPHS
#define GK_MAX_PDF_GLYPHS (50u << 20)
#endif

typedef gk_pdf_glyph glyph;

typedef struct {
  double x0, y0, x1, y1;
  size_t g0, g1;   /* glyphs [g0, g1) of the page */
  size_t t0, tlen; /* UTF-8 text in the page's text buffer */
  int vkind;       /* gk_pdf_value_kind */
  size_t line;
} word;

typedef struct {
  double x0, y0, x1, y1, em;
  size_t w0, w1; /* words [w0, w1) */
  size_t v0;     /* first trailing value word; w1 when the line has none */
  int cand;      /* has trailing values set off from its text */
  int numeric;   /* accepted as a table row */
  int marker;    /* page header, footer or number: dropped */
  int heading, prose;
} line;

typedef struct {
  glyph *g;
  size_t ng;
  word *w;
  size_t nw;
  line *l;
  size_t nl;
  char *text;
  size_t tlen;
  double width, height;
} page;

struct gk_pdf_layout {
  page *pages;
  size_t npages, cap;
  size_t nglyphs;
};

/* ------------------------------------------------------------------ helpers */

static double dmin(double a, double b) { return a < b ? a : b; }
static double dmax(double a, double b) { return a > b ? a : b; }
static double overlap(double a0, double a1, double b0, double b1) {
  return dmin(a1, b1) - dmax(a0, b0);
}

static int is_digit_cp(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

int gk_pdf_value_kind(const char *s, size_t len) {
  size_t i = 0;
  uint32_t cp[64];
  size_t n = 0;
  while (i < len && n < 64) cp[n++] = gk_utf8_next(s, len, &i);
  if (i < len || n == 0) return 0;
  /* Blank marks: / ／ - － — – ―, a run of dashes, 无. */
  int dashes = 1;
  for (size_t k = 0; k < n; k++)
    if (!(cp[k] == '-' || cp[k] == 0xFF0D || cp[k] == 0x2014 || cp[k] == 0x2013 ||
          cp[k] == 0x2015 || cp[k] == 0x2212))
      dashes = 0;
  if (dashes) return 1;
  if (n == 1 && (cp[0] == '/' || cp[0] == 0xFF0F || cp[0] == 0x65E0 || cp[0] == '\\')) return 1;
  /* Numbers: [sign] digits [separators digits] [%], then optionally a bracketed remark. */
  size_t k = 0;
  if (cp[k] == '-' || cp[k] == '+' || cp[k] == 0xFF0D || cp[k] == 0xFF0B || cp[k] == 0x2212) k++;
  size_t digits = 0;
  while (k < n) {
    if (is_digit_cp(cp[k])) {
      digits++;
      k++;
    } else if ((cp[k] == ',' || cp[k] == '.' || cp[k] == 0xFF0C || cp[k] == 0xFF0E) && k + 1 < n &&
               is_digit_cp(cp[k + 1]) && digits) {
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

/* Reads a page-number line: 3, - 3 -, 第3页, 第3页共9页, 3/9, Page 3 (of 9). */
static int is_page_number(const char *s, size_t len) {
  char buf[96];
  size_t o = 0;
  for (size_t i = 0; i < len && o < sizeof buf - 1; i++)
    if (s[i] != ' ') buf[o++] = s[i];
  buf[o] = '\0';
  const char *p = buf;
  if (strncmp(p, "Page", 4) == 0 || strncmp(p, "page", 4) == 0) p += 4;
  if (strncmp(p, "第", 3) == 0) p += 3;
  while (*p == '-' || strncmp(p, "—", 3) == 0 || strncmp(p, "－", 3) == 0 ||
         strncmp(p, "–", 3) == 0)
    p += *p == '-' ? 1 : 3;
  int d = 0;
  while (*p >= '0' && *p <= '9') p++, d++;
  if (!d || d > 4) return 0;
  while (*p == '-' || strncmp(p, "—", 3) == 0 || strncmp(p, "－", 3) == 0 ||
         strncmp(p, "–", 3) == 0)
    p += *p == '-' ? 1 : 3;
  if (strncmp(p, "页", 3) == 0) p += 3;
  if (strncmp(p, "，", 3) == 0 || *p == ',') p += *p == ',' ? 1 : 3;
  if (*p == '/' || strncmp(p, "共", 3) == 0 || strncmp(p, "of", 2) == 0) {
    p += *p == '/' ? 1 : (*p == 'o' ? 2 : 3);
    if (strncmp(p, "共", 3) == 0) p += 3;
    int e = 0;
    while (*p >= '0' && *p <= '9') p++, e++;
    if (!e) return 0;
    if (strncmp(p, "页", 3) == 0) p += 3;
  }
  return *p == '\0';
}

/* A part heading's numeral (一、 二． 3、): such a line is never inside a table. */
static int starts_part_numeral(const char *s, size_t len) {
  static const char *cn[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  size_t i = 0;
  for (int k = 0; k < 10 && i == 0; k++)
    if (len >= 3 && strncmp(s, cn[k], 3) == 0) i = 3;
  if (!i)
    while (i < len && i < 2 && s[i] >= '0' && s[i] <= '9') i++;
  if (!i) return 0;
  return len >= i + 3 && (strncmp(s + i, "、", 3) == 0 || strncmp(s + i, "．", 3) == 0);
}

/* ------------------------------------------------------------------ layout object */

gk_pdf_layout *gk_pdf_layout_new(void) { return calloc(1, sizeof(gk_pdf_layout)); }

static void page_free(page *p) {
  free(p->g);
  free(p->w);
  free(p->l);
  free(p->text);
}

void gk_pdf_layout_free(gk_pdf_layout *lay) {
  if (!lay) return;
  for (size_t i = 0; i < lay->npages; i++) page_free(&lay->pages[i]);
  free(lay->pages);
  free(lay);
}

size_t gk_pdf_layout_glyphs(const gk_pdf_layout *lay) { return lay->nglyphs; }

/* ------------------------------------------------------------------ line building */

static int cmp_top(const void *a, const void *b) {
  const glyph *x = a, *y = b;
  if (x->y0 != y->y0) return x->y0 < y->y0 ? -1 : 1;
  return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

typedef struct {
  glyph g;
  size_t line;
} lglyph;

static int cmp_line_x(const void *a, const void *b) {
  const lglyph *x = a, *y = b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->g.x0 != y->g.x0) return x->g.x0 < y->g.x0 ? -1 : 1;
  return 0;
}

/* Appends cp's UTF-8 to the page text buffer. */
static int text_put(page *p, size_t *cap, uint32_t cp) {
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

/* Glyphs → lines (vertical overlap) → words (horizontal gaps). */
static int build_lines(page *p) {
  size_t n = p->ng;
  if (n == 0) return GK_OK;
  qsort(p->g, n, sizeof *p->g, cmp_top);
  lglyph *lg = malloc(n * sizeof *lg);
  if (!lg) return GK_ENOMEM;
  /* Sorted by top, a glyph belongs to the current line while its centre lies inside
     the band of the line's first glyph; that band does not drift down the page. */
  size_t nl = 0;
  double band0 = 0, band1 = 0;
  for (size_t i = 0; i < n; i++) {
    double cy = (p->g[i].y0 + p->g[i].y1) / 2;
    if (nl == 0 || cy >= band1 || cy < band0) {
      nl++;
      band0 = p->g[i].y0;
      band1 = p->g[i].y1;
    }
    lg[i].g = p->g[i];
    lg[i].line = nl - 1;
  }
  qsort(lg, n, sizeof *lg, cmp_line_x);
  /* Fake bold draws a glyph twice at a small offset: keep one. */
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m > 0 && lg[m - 1].line == lg[i].line && lg[m - 1].g.cp == lg[i].g.cp) {
      double h = lg[i].g.y1 - lg[i].g.y0;
      if (fabs(lg[m - 1].g.x0 - lg[i].g.x0) < 0.2 * h &&
          fabs(lg[m - 1].g.y0 - lg[i].g.y0) < 0.2 * h)
        continue;
    }
    lg[m++] = lg[i];
  }
  n = m;
  for (size_t i = 0; i < n; i++) p->g[i] = lg[i].g;
  p->ng = n;

  p->l = calloc(nl, sizeof *p->l);
  p->w = malloc(n * sizeof *p->w);
  if (!p->l || !p->w) {
    free(lg);
    return GK_ENOMEM;
  }
  size_t tcap = 0;
  p->nl = 0;
  p->nw = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && lg[j].line == lg[i].line) j++;
    /* The line's em: the mean glyph height (poppler boxes are about one em tall). */
    double hs = 0;
    for (size_t k = i; k < j; k++) hs += p->g[k].y1 - p->g[k].y0;
    double em = hs / (double)(j - i);
    if (em <= 0) em = 1;
    line *L = &p->l[p->nl];
    L->em = em;
    L->w0 = p->nw;
    L->x0 = p->g[i].x0;
    L->y0 = p->g[i].y0;
    L->y1 = p->g[i].y1;
    L->x1 = p->g[i].x1;
    for (size_t k = i; k < j; k++) {
      const glyph *g = &p->g[k];
      if (k == i || g->x0 - p->g[k - 1].x1 > GAP_WORD * em) {
        word *w = &p->w[p->nw++];
        w->g0 = k;
        w->x0 = g->x0;
        w->y0 = g->y0;
        w->y1 = g->y1;
        w->x1 = g->x1;
        w->t0 = p->tlen;
        w->line = p->nl;
      }
      word *w = &p->w[p->nw - 1];
      w->g1 = k + 1;
      w->x1 = dmax(w->x1, g->x1);
      w->y0 = dmin(w->y0, g->y0);
      w->y1 = dmax(w->y1, g->y1);
      if (text_put(p, &tcap, g->cp)) {
        free(lg);
        return GK_ENOMEM;
      }
      w->tlen = p->tlen - w->t0;
      L->x1 = dmax(L->x1, g->x1);
      L->y0 = dmin(L->y0, g->y0);
      L->y1 = dmax(L->y1, g->y1);
    }
    L->w1 = p->nw;
    p->nl++;
    i = j;
  }
  free(lg);
  for (size_t k = 0; k < p->nw; k++)
    p->w[k].vkind = gk_pdf_value_kind(p->text + p->w[k].t0, p->w[k].tlen);
  return GK_OK;
}

int gk_pdf_layout_add_page(gk_pdf_layout *lay, const gk_pdf_glyph *glyphs, size_t n, double width,
                           double height) {
  if (lay->npages == lay->cap) {
    size_t nc = lay->cap ? lay->cap * 2 : 16;
    page *np = realloc(lay->pages, nc * sizeof *np);
    if (!np) return GK_ENOMEM;
    lay->pages = np;
    lay->cap = nc;
  }
  page *p = &lay->pages[lay->npages++];
  memset(p, 0, sizeof *p);
  p->width = width;
  p->height = height;
  p->g = malloc((n ? n : 1) * sizeof *p->g);
  if (!p->g) return GK_ENOMEM;
  /* White space and empty or absurd boxes carry no glyph: their place shows as a gap. */
  for (size_t i = 0; i < n; i++) {
    const glyph *g = &glyphs[i];
    if (g->cp < 0x20 || g->cp == 0x7F || gk_cp_is_space(g->cp)) continue;
    if (!isfinite(g->x0) || !isfinite(g->x1) || !isfinite(g->y0) || !isfinite(g->y1)) continue;
    if (g->x1 <= g->x0 || g->y1 <= g->y0 || g->y1 - g->y0 > 1000) continue;
    if (g->x1 < -10 || g->y1 < -10 || (width > 0 && g->x0 > width + 10) ||
        (height > 0 && g->y0 > height + 10))
      continue;
    p->g[p->ng++] = *g;
  }
  lay->nglyphs += p->ng;
  return build_lines(p);
}

/* ------------------------------------------------------------------ line classes */

static void line_text(const page *p, const line *L, char *buf, size_t cap) {
  size_t o = 0;
  for (size_t k = L->w0; k < L->w1 && o + 1 < cap; k++) {
    const word *w = &p->w[k];
    if (k > L->w0 && o + 2 < cap) buf[o++] = ' ';
    size_t l = w->tlen < cap - 1 - o ? w->tlen : cap - 1 - o;
    memcpy(buf + o, p->text + w->t0, l);
    o += l;
  }
  buf[o] = '\0';
}

/* A line's text with digits folded, for spotting repeated headers and footers. */
static void line_shape(const page *p, const line *L, char *buf, size_t cap) {
  line_text(p, L, buf, cap);
  for (char *c = buf; *c; c++)
    if (*c >= '0' && *c <= '9') *c = '#';
}

/* Page numbers in the top/bottom zone, and header/footer lines that repeat on
 * several pages at the same height, are dropped. */
static void mark_markers(gk_pdf_layout *lay) {
  char a[256], b[256];
  for (size_t pi = 0; pi < lay->npages; pi++) {
    page *p = &lay->pages[pi];
    for (size_t li = 0; li < p->nl; li++) {
      line *L = &p->l[li];
      double cy = (L->y0 + L->y1) / 2;
      int top = cy<p->height * MARGIN_ZONE, bottom = cy> p->height * (1 - MARGIN_ZONE);
      /* Only the outermost two lines: a table may reach into the zone. */
      if (!((top && li < 2) || (bottom && li + 2 >= p->nl))) continue;
      line_text(p, L, a, sizeof a);
      if (is_page_number(a, strlen(a))) {
        L->marker = 1;
        continue;
      }
      if (lay->npages < 2) continue;
      /* A running header or footer stands apart from the body; a table header
         repeated at the top of each page does not. */
      const line *N =
          top ? (li + 1 < p->nl ? &p->l[li + 1] : NULL) : (li > 0 ? &p->l[li - 1] : NULL);
      if (N && (top ? N->y0 - L->y1 : L->y0 - N->y1) < 1.0 * L->em) continue;
      line_shape(p, L, a, sizeof a);
      size_t same = 1;
      size_t q0 = pi > MARKER_REACH ? pi - MARKER_REACH : 0;
      for (size_t qi = q0; qi < lay->npages && qi <= pi + MARKER_REACH && same < 2; qi++) {
        if (qi == pi) continue;
        const page *q = &lay->pages[qi];
        for (size_t k = 0; k < q->nl; k++) {
          const line *M = &q->l[k];
          if (!((top && k < 2) || (bottom && k + 2 >= q->nl))) continue;
          if (fabs(M->y0 - L->y0) > 0.5 * L->em) continue;
          line_shape(q, M, b, sizeof b);
          if (strcmp(a, b) == 0) {
            same++;
            break;
          }
        }
      }
      if (same >= 2) L->marker = 1;
    }
  }
}

/* Trailing values of a line, each set off from the word before it. */
static void find_trailing_values(page *p, line *L) {
  L->v0 = L->w1;
  L->cand = 0;
  size_t k = L->w1;
  while (k > L->w0 && p->w[k - 1].vkind) k--;
  if (k == L->w1) return;
  /* The first value must stand clear of the text before it: 申请 74 件 is prose. */
  while (k < L->w1 && k > L->w0 && p->w[k].x0 - p->w[k - 1].x1 < GAP_VALUE * L->em) k++;
  if (k == L->w1) return;
  /* Only blank marks (a dash after a label) are no row of values. */
  int num = 0;
  for (size_t j = k; j < L->w1; j++) num |= p->w[j].vkind == 2;
  if (!num && L->w1 - k < 2) return;
  L->v0 = k;
  L->cand = 1;
}

static int values_overlap(const page *p, const line *A, const line *B) {
  for (size_t i = A->v0; i < A->w1; i++)
    for (size_t j = B->v0; j < B->w1; j++)
      if (overlap(p->w[i].x0, p->w[i].x1, p->w[j].x0, p->w[j].x1) > 0) return 1;
  return 0;
}

/* Numeric rows, headings and prose lines of one page. */
static void classify_lines(page *p) {
  double left = 1e9, right = -1e9;
  for (size_t i = 0; i < p->nl; i++) {
    line *L = &p->l[i];
    if (L->marker) continue;
    left = dmin(left, L->x0);
    right = dmax(right, L->x1);
    find_trailing_values(p, L);
  }
  double width = right - left;
  /* Strong rows: several separated values, or one value far from its label. */
  for (size_t i = 0; i < p->nl; i++) {
    line *L = &p->l[i];
    if (L->marker || !L->cand) continue;
    int s = 0;
    if (L->w1 - L->v0 >= 2) {
      s = 1;
      for (size_t k = L->v0 + 1; k < L->w1; k++)
        if (p->w[k].x0 - p->w[k - 1].x1 < GAP_VALUE * L->em) s = 0;
    }
    if (L->v0 > L->w0 && p->w[L->v0].x0 - p->w[L->v0 - 1].x1 >= GAP_FAR_LABEL * L->em) s = 1;
    L->numeric = s;
  }
  /* Weak rows count when their values align with another row's nearby (at most
     ALIGN_REACH lines either way, so a page of many lines stays linear). */
  for (size_t i = 0; i < p->nl; i++) {
    line *L = &p->l[i];
    if (L->marker || !L->cand || L->numeric) continue;
    size_t j0 = i > ALIGN_REACH ? i - ALIGN_REACH : 0,
           j1 = i + ALIGN_REACH < p->nl ? i + ALIGN_REACH : p->nl;
    for (size_t j = j0; j < j1 && !L->numeric; j++)
      if (j != i && p->l[j].cand && !p->l[j].marker && values_overlap(p, L, &p->l[j]))
        L->numeric = 1;
  }
  char buf[64];
  for (size_t i = 0; i < p->nl; i++) {
    line *L = &p->l[i];
    if (L->marker || L->numeric) continue;
    int multi = 0;
    for (size_t k = L->w0 + 1; k < L->w1; k++)
      if (p->w[k].x0 - p->w[k - 1].x1 >= GAP_SEGMENT * L->em) multi = 1;
    line_text(p, L, buf, sizeof buf);
    L->heading = !multi && starts_part_numeral(buf, strlen(buf));
    L->prose = !multi && width > 0 && L->x1 - L->x0 >= 0.7 * width;
  }
}

/* ------------------------------------------------------------------ emit state */

typedef struct {
  gk_doc *doc;
  /* the paragraph being collected */
  char *para;
  size_t plen, pcap;
  int ppage;
  int open;         /* a paragraph is being collected */
  const page *lp;   /* its last line's page */
  const line *ll;   /* its last line */
  double lright;    /* the right text margin of that page */
  uint32_t last_cp; /* last code point of the paragraph */
  int top;          /* row alignment of the last table that showed it: -1 unknown, 0/1 */
} emitter;

static int buf_put(char **b, size_t *len, size_t *cap, const char *s, size_t n) {
  if (*len + n + 1 > *cap) {
    size_t nc = *cap ? *cap * 2 : 256;
    while (nc < *len + n + 1) nc *= 2;
    char *t = realloc(*b, nc);
    if (!t) return GK_ENOMEM;
    *b = t;
    *cap = nc;
  }
  memcpy(*b + *len, s, n);
  *len += n;
  (*b)[*len] = '\0';
  return GK_OK;
}

static uint32_t first_cp(const page *p, const word *w) {
  size_t i = 0;
  return gk_utf8_next(p->text + w->t0, w->tlen, &i);
}

static uint32_t last_cp_of(const page *p, const word *w) { return p->g[w->g1 - 1].cp; }

static int is_alnum_cp(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether a space belongs between two words `gap` apart (em units): not between CJK
 * characters, where a gap is justification. */
static int want_space(uint32_t a, uint32_t b, double gap_em) {
  if (gk_cp_is_cjk(a) && gk_cp_is_cjk(b)) return gap_em > 1.5;
  return gap_em > GAP_WORD;
}

static int flush_para(emitter *e) {
  if (!e->open) return GK_OK;
  e->open = 0;
  gk_block *b = gk_doc_add_paragraph(e->doc, e->para, e->plen, 0);
  if (!b) return GK_ENOMEM;
  b->page = e->ppage;
  e->plen = 0;
  return GK_OK;
}

/* Whether line L continues the open paragraph (a wrapped line). */
static int continues(const emitter *e, const page *p, const line *L, double left) {
  if (!e->open || L->heading) return 0;
  const line *P = e->ll;
  if (fabs(L->em - P->em) > 0.15 * P->em) return 0;
  if (P->x1 < e->lright - 1.5 * P->em) return 0; /* the previous line ended short */
  if (e->lp == p) {
    if (L->y0 - P->y1 > 1.2 * P->em || L->y0 < P->y1 - 0.3 * P->em) return 0;
    return L->x0 <= P->x0 + 0.5 * P->em;
  }
  /* Across a page break: the next page's first line starts at the margin. */
  return L->x0 <= left + 0.5 * L->em;
}

static int add_line_to_para(emitter *e, const page *p, const line *L, int pageno, double right,
                            double left) {
  int rc;
  if (!continues(e, p, L, left) && (rc = flush_para(e))) return rc;
  if (!e->open) {
    e->open = 1;
    e->plen = 0;
    e->ppage = pageno;
  } else {
    uint32_t f = first_cp(p, &p->w[L->w0]);
    if (is_alnum_cp(e->last_cp) && is_alnum_cp(f) &&
        (rc = buf_put(&e->para, &e->plen, &e->pcap, " ", 1)))
      return rc;
  }
  for (size_t k = L->w0; k < L->w1; k++) {
    const word *w = &p->w[k];
    if (k > L->w0 &&
        want_space(last_cp_of(p, &p->w[k - 1]), first_cp(p, w), (w->x0 - p->w[k - 1].x1) / L->em) &&
        (rc = buf_put(&e->para, &e->plen, &e->pcap, " ", 1)))
      return rc;
    if ((rc = buf_put(&e->para, &e->plen, &e->pcap, p->text + w->t0, w->tlen))) return rc;
  }
  e->lp = p;
  e->ll = L;
  e->lright = right;
  e->last_cp = last_cp_of(p, &p->w[L->w1 - 1]);
  return GK_OK;
}

/* ------------------------------------------------------------------ grid assembly */

typedef struct {
  double x0, x1;
} column;

typedef struct {
  size_t root;
  size_t line;
  double x0;
  size_t w;
} member;

typedef struct {
  double x0, y0, x1, y1;
  size_t first_line; /* region-relative index of its first line */
  int body;          /* has a word on a body line */
  int varea;         /* value-area (header) cell */
  int row;           /* body row it belongs to, -1 for header */
  char *text;
  size_t tlen;
} cell;

typedef struct {
  double yc, y0, y1;
  size_t line; /* region line index of its value line, or (size_t)-1 for a blank row */
} rowband;

static size_t uf_find(size_t *par, size_t i) {
  while (par[i] != i) {
    par[i] = par[par[i]];
    i = par[i];
  }
  return i;
}

static void uf_union(size_t *par, size_t a, size_t b) {
  a = uf_find(par, a);
  b = uf_find(par, b);
  if (a != b) par[a < b ? b : a] = a < b ? a : b;
}

static int cmp_member(const void *a, const void *b) {
  const member *x = a, *y = b;
  if (x->root != y->root) return x->root < y->root ? -1 : 1;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

static int cmp_column(const void *a, const void *b) {
  const column *x = a, *y = b;
  return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int cmp_cell_pos(const void *a, const void *b) {
  const cell *const *x = a, *const *y = b;
  if ((*x)->row != (*y)->row) return (*x)->row < (*y)->row ? -1 : 1;
  /* Header cells by line, body cells (one row each) left to right. */
  if ((*x)->row < 0 && (*x)->first_line != (*y)->first_line)
    return (*x)->first_line < (*y)->first_line ? -1 : 1;
  return (*x)->x0 < (*y)->x0 ? -1 : (*x)->x0 > (*y)->x0;
}

typedef struct {
  double yc;
  size_t i;
} rowkey;

static int cmp_rowkey(const void *a, const void *b) {
  const rowkey *x = a, *y = b;
  if (x->yc != y->yc) return x->yc < y->yc ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

typedef struct {
  gk_doc *doc;
  const page *p;
  size_t a, b;   /* region lines [a, b] of the page */
  double vleft;  /* left edge of the value area */
  double incell; /* largest vertical gap (em) between the lines of one cell */
  gk_block *grid;
  int pageno;
  int *top; /* the document's row alignment so far (emitter.top) */
} region;

/* Column boundaries of one segment: the x-intervals of its values, merged where they
 * overlap (left-, right- or centre-aligned numbers all overlap within a column), then
 * the lowest header cells over the value area that no value reached (all-blank
 * columns). Returns the number of columns (0 on allocation failure with *cols NULL). */
static size_t find_columns(const region *rg, size_t f, size_t e, const cell *cells, size_t ncells,
                           column **out) {
  const page *p = rg->p;
  size_t nv = 0;
  for (size_t li = f; li <= e; li++)
    if (p->l[li].numeric) nv += p->l[li].w1 - p->l[li].v0;
  column *v = malloc((nv + ncells + 1) * sizeof *v);
  *out = NULL;
  if (!v) return 0;
  size_t k = 0;
  for (size_t li = f; li <= e; li++)
    if (p->l[li].numeric)
      for (size_t wi = p->l[li].v0; wi < p->l[li].w1; wi++)
        v[k++] = (column){p->w[wi].x0, p->w[wi].x1};
  qsort(v, nv, sizeof *v, cmp_column);
  size_t nc = 0;
  for (size_t i = 0; i < nv; i++) {
    if (nc && v[i].x0 < v[nc - 1].x1) {
      v[nc - 1].x1 = dmax(v[nc - 1].x1, v[i].x1);
    } else {
      v[nc++] = v[i];
    }
  }
  /* Header leaves: value-area header cells with no header cell under them. */
  for (size_t i = 0; i < ncells; i++) {
    const cell *c = &cells[i];
    if (!c->varea) continue;
    int leaf = 1;
    for (size_t j = 0; j < ncells && leaf; j++) {
      const cell *d = &cells[j];
      if (j == i || !d->varea || d->y0 < c->y1 - 0.1 * (c->y1 - c->y0)) continue;
      if (overlap(c->x0, c->x1, d->x0, d->x1) > 0) leaf = 0;
    }
    if (!leaf) continue;
    int hits = 0;
    for (size_t j = 0; j < nc; j++) hits += overlap(c->x0, c->x1, v[j].x0, v[j].x1) > 0;
    if (hits == 0) v[nc++] = (column){c->x0, c->x1};
  }
  qsort(v, nc, sizeof *v, cmp_column);
  *out = v;
  return nc;
}

static int column_of(const column *cols, size_t nc, double x0, double x1) {
  int best = -1;
  double bo = 0, bd = 1e18, cx = (x0 + x1) / 2;
  for (size_t i = 0; i < nc; i++) {
    double o = overlap(x0, x1, cols[i].x0, cols[i].x1);
    if (o > bo) {
      bo = o;
      best = (int)i;
    }
  }
  if (best >= 0) return best;
  for (size_t i = 0; i < nc; i++) {
    double d = fabs((cols[i].x0 + cols[i].x1) / 2 - cx);
    if (d < bd) {
      bd = d;
      best = (int)i;
    }
  }
  return best;
}

static gk_cell *add_cell(gk_doc *doc, gk_row *row, const char *s, size_t n) {
  gk_cell *c = gk_row_add_cell(doc, row, s, n);
  if (!c && row->ncells >= GK_MAX_COLS) {
    static const char msg[] = "row has more than %d cells; rest dropped";
    gk_diag_add(doc, GK_SEV_WARNING, "limit", NULL, msg, GK_MAX_COLS);
  }
  return c;
}

/* Groups the segment's label words (and its header words over the value area) into
 * cells: words close together on a line, and words of consecutive lines that overlap
 * horizontally with no more than a line's spacing between them. With `band` (one
 * entry per line of [s, e]), words of lines in different bands are never joined:
 * a top-aligned table's row starts at its value line whatever the spacing. */
static int group_cells(const region *rg, size_t s, size_t f, size_t e, const int *band,
                       cell **out, size_t *nout) {
  const page *p = rg->p;
  size_t wbase = p->l[s].w0, nw = p->l[e].w1 - wbase;
  *out = NULL;
  *nout = 0;
  size_t *par = malloc((nw ? nw : 1) * sizeof *par);
  char *use = calloc(nw ? nw : 1, 1); /* 1 label area, 2 header value area */
  member *mem = malloc((nw ? nw : 1) * sizeof *mem);
  if (!par || !use || !mem) {
    free(par);
    free(use);
    free(mem);
    return GK_ENOMEM;
  }
  for (size_t i = 0; i < nw; i++) par[i] = i;
  for (size_t li = s; li <= e; li++) {
    const line *L = &p->l[li];
    if (L->marker) continue;
    size_t end = L->numeric ? L->v0 : L->w1;
    for (size_t wi = L->w0; wi < end; wi++) {
      const word *w = &p->w[wi];
      int varea = (w->x0 + w->x1) / 2 >= rg->vleft;
      /* Header lines over the value area are header cells; body words there are
         stray values of a line that was not taken as a row: keep them as labels. */
      use[wi - wbase] = (char)(varea && li < f ? 2 : 1);
      /* Over the value area every word break is a cell break (header cells are
         narrow); in the label area a short gap is a space inside a label. */
      if (wi > L->w0 && use[wi - wbase] == 1 && use[wi - 1 - wbase] == 1 &&
          w->x0 - p->w[wi - 1].x1 <= GAP_CELL * L->em)
        uf_union(par, wi - wbase, wi - 1 - wbase);
    }
  }
  /* Vertical links: the nearest following line with an overlapping word. */
  for (size_t li = s; li < e; li++) {
    const line *L = &p->l[li];
    for (size_t wi = L->w0; wi < L->w1; wi++) {
      if (!use[wi - wbase]) continue;
      const word *w = &p->w[wi];
      for (size_t lj = li + 1; lj <= e; lj++) {
        const line *M = &p->l[lj];
        if (M->y0 - w->y1 > rg->incell * L->em) break;
        if (band && band[lj - s] != band[li - s]) break;
        int found = 0;
        for (size_t wj = M->w0; wj < M->w1; wj++) {
          if (use[wj - wbase] != use[wi - wbase]) continue;
          const word *x = &p->w[wj];
          if (overlap(w->x0, w->x1, x->x0, x->x1) <= 0) continue;
          if (x->y0 - w->y1 > rg->incell * L->em || x->y0 < w->y1 - 0.5 * L->em) continue;
          uf_union(par, wi - wbase, wj - wbase);
          found = 1;
        }
        if (found) break;
      }
    }
  }
  size_t nm = 0;
  for (size_t i = 0; i < nw; i++)
    if (use[i])
      mem[nm++] = (member){uf_find(par, i), p->w[wbase + i].line, p->w[wbase + i].x0, wbase + i};
  qsort(mem, nm, sizeof *mem, cmp_member);
  cell *cells = calloc(nm ? nm : 1, sizeof *cells);
  if (!cells) goto oom;
  size_t nc = 0;
  for (size_t i = 0; i < nm;) {
    size_t j = i;
    cell *c = &cells[nc++];
    char *t = NULL;
    size_t tl = 0, tc = 0;
    c->x0 = c->y0 = 1e18;
    c->x1 = c->y1 = -1e18;
    c->row = -1;
    c->first_line = mem[i].line - s;
    c->varea = use[mem[i].root] == 2;
    for (; j < nm && mem[j].root == mem[i].root; j++) {
      const word *w = &p->w[mem[j].w];
      c->x0 = dmin(c->x0, w->x0);
      c->x1 = dmax(c->x1, w->x1);
      c->y0 = dmin(c->y0, w->y0);
      c->y1 = dmax(c->y1, w->y1);
      if (mem[j].line >= f) c->body = 1;
      if (j > i) {
        const word *pw = &p->w[mem[j - 1].w];
        uint32_t a = last_cp_of(p, pw), b = first_cp(p, w);
        int sp;
        if (mem[j].line == mem[j - 1].line)
          sp = want_space(a, b, (w->x0 - pw->x1) / p->l[w->line].em);
        else /* a wrapped line: CJK runs on, Latin words get their space back */
          sp = !(gk_cp_is_cjk(a) || gk_cp_is_cjk(b)) && a != '-';
        if (sp && buf_put(&t, &tl, &tc, " ", 1)) goto oom_text;
      }
      if (buf_put(&t, &tl, &tc, p->text + w->t0, w->tlen)) goto oom_text;
    }
    c->text = t;
    c->tlen = tl;
    i = j;
    continue;
  oom_text:
    free(t);
    for (size_t k = 0; k + 1 < nc; k++) free(cells[k].text);
    free(cells);
    goto oom;
  }
  free(par);
  free(use);
  free(mem);
  *out = cells;
  *nout = nc;
  return GK_OK;
oom:
  free(par);
  free(use);
  free(mem);
  return GK_ENOMEM;
}

/* The columns a header cell spans: the widest run of columns around its text whose
 * middle is its middle (merged cells centre their text), not reaching the columns
 * under its neighbours on the same line. Returns the span, at least 1. */
static int header_span(const cell *c, const cell *left, const cell *right, const column *cols,
                       size_t ncols) {
  size_t lo = ncols, hi = 0;
  for (size_t k = 0; k < ncols; k++)
    if (overlap(c->x0, c->x1, cols[k].x0, cols[k].x1) > 0) {
      if (lo == ncols) lo = k;
      hi = k;
    }
  if (lo == ncols) return 1;
  size_t mina = 0, maxb = ncols - 1;
  for (size_t k = 0; k < ncols; k++) {
    if (left && cols[k].x0 < left->x1) mina = k + 1;
    if (right && cols[k].x1 > right->x0 && k < maxb + 1) {
      maxb = k ? k - 1 : 0;
      break;
    }
  }
  if (mina > lo) mina = lo;
  if (maxb < hi) maxb = hi;
  double cx = (c->x0 + c->x1) / 2, pitch = (cols[ncols - 1].x1 - cols[0].x0) / (double)ncols;
  size_t ba = lo, bb = hi;
  double bcost = 1e18;
  for (size_t a = mina; a <= lo; a++)
    for (size_t b = hi; b <= maxb; b++) {
      double cost = fabs((cols[a].x0 + cols[b].x1) / 2 - cx);
      /* Within a third of a column, the wider span wins. */
      int better = cost <= pitch / 3 ? (bcost > pitch / 3 || b - a > bb - ba) : cost < bcost;
      if (better) {
        bcost = cost;
        ba = a;
        bb = b;
      }
    }
  return (int)(bb - ba + 1);
}

/* Header rows: one grid row per header line, the header cells that start on it with
 * their column spans over the value columns. */
static int emit_header(region *rg, cell **hc, size_t nh, const column *cols, size_t ncols) {
  gk_row *row = NULL;
  size_t cur = (size_t)-1;
  for (size_t i = 0; i < nh; i++) {
    const cell *c = hc[i];
    if (!row || c->first_line != cur) {
      if (!(row = gk_grid_add_row(rg->doc, rg->grid))) return GK_ENOMEM;
      cur = c->first_line;
    }
    gk_cell *gc = add_cell(rg->doc, row, c->text, c->tlen);
    if (!gc) return row->ncells >= GK_MAX_COLS ? GK_OK : GK_ENOMEM;
    if (c->varea && ncols) {
      const cell *l = i > 0 && hc[i - 1]->first_line == cur ? hc[i - 1] : NULL;
      const cell *r = i + 1 < nh && hc[i + 1]->first_line == cur ? hc[i + 1] : NULL;
      gc->colspan = header_span(c, l, r, cols, ncols);
    }
  }
  return GK_OK;
}

/* Whether the segment's rows are top-aligned: a row's numbers sit on its label's
 * first line and the label runs on below them, down to the next value line (label
 * lines in between belong to the row above). The evidence, strongest first:
 *   - wrapped label cells that overlap one value line: starting on it votes top,
 *     lines above it vote centred;
 *   - when label cells run on over several value lines (even line spacing, no
 *     gap between rows, so the cells cannot be told apart by geometry): a label
 *     that starts between the column headers and the first value line is centred
 *     around it; the first value line carrying its label's first words is top;
 *   - without column headers (a table continued from the last page) the previous
 *     table's alignment.
 * Returns 1 for top-aligned, 0 otherwise; updates *rg->top. */
static int decide_top(region *rg, size_t s, size_t f, size_t e, const cell *cells, size_t ncells) {
  const page *p = rg->p;
  int top = 0, centred = 0, merged = 0;
  double em = p->l[f].em;
  for (size_t i = 0; i < ncells; i++) {
    const cell *c = &cells[i];
    if (!c->body || c->varea || c->y1 - c->y0 < 1.5 * em) continue;
    /* A label column header run on into the body says nothing. */
    const line *C = &p->l[s + c->first_line];
    int hdr = 0;
    for (size_t wi = C->w0; wi < C->w1 && s + c->first_line < f; wi++)
      if ((p->w[wi].x0 + p->w[wi].x1) / 2 >= rg->vleft) hdr = 1;
    size_t hits = 0, v = 0;
    for (size_t li = f; li <= e; li++) {
      const line *L = &p->l[li];
      if (L->numeric && overlap(c->y0, c->y1, L->y0, L->y1) > 0.3 * (L->y1 - L->y0)) {
        hits++;
        v = li;
      }
    }
    if (hits >= 2) {
      merged++;
    } else if (hits == 1 && !hdr) {
      /* The value words' top, not the line's: a centred label's first line and
         the numbers may have been taken as one line. */
      double vy0 = 1e18;
      for (size_t wi = p->l[v].v0; wi < p->l[v].w1; wi++) vy0 = dmin(vy0, p->w[wi].y0);
      if (c->y0 >= vy0 - 0.3 * em)
        top++;
      else
        centred++;
    }
  }
  if (top != centred) {
    *rg->top = top > centred;
    return *rg->top;
  }
  if (!merged) return *rg->top == 1;
  double hbottom = -1e18;
  for (size_t i = 0; i < ncells; i++)
    if (!cells[i].body && cells[i].varea) hbottom = dmax(hbottom, cells[i].y1);
  if (hbottom <= -1e18 && *rg->top >= 0) return *rg->top;
  const line *F = &p->l[f];
  int first_words = 0;
  for (size_t wi = F->w0; wi < F->v0; wi++)
    if ((p->w[wi].x0 + p->w[wi].x1) / 2 < rg->vleft) first_words = 1;
  int above = 0;
  for (size_t i = 0; i < ncells && hbottom > -1e18; i++)
    if (!cells[i].varea && cells[i].y0 > hbottom && cells[i].y0 < F->y0 - 0.3 * em) above = 1;
  *rg->top = first_words && !above;
  return *rg->top;
}

/* One segment: header lines [s, f), body lines [f, e] (f is its first value line). */
static int build_segment(region *rg, size_t s, size_t f, size_t e) {
  const page *p = rg->p;
  cell *cells = NULL;
  size_t ncells = 0;
  column *cols = NULL;
  rowband *rows = NULL;
  cell **order = NULL;
  int *band = NULL;
  int rc = group_cells(rg, s, f, e, NULL, &cells, &ncells);
  if (rc) return rc;
  rc = GK_ENOMEM;
  int top = decide_top(rg, s, f, e, cells, ncells);
  if (top) {
    /* Top-aligned: each line belongs to the last value line at or above it. */
    band = malloc((e - s + 1) * sizeof *band);
    if (!band) goto done;
    int cur = -1;
    for (size_t li = s; li <= e; li++) {
      if (li >= f && p->l[li].numeric) cur++;
      band[li - s] = cur;
    }
    for (size_t i = 0; i < ncells; i++) free(cells[i].text);
    free(cells);
    cells = NULL;
    ncells = 0;
    if ((rc = group_cells(rg, s, f, e, band, &cells, &ncells))) goto done;
    rc = GK_ENOMEM;
  }
  /* Header cells only (no body words) take part in the column search. */
  cell *hdr = malloc((ncells ? ncells : 1) * sizeof *hdr);
  if (!hdr) goto done;
  size_t nhdr = 0;
  for (size_t i = 0; i < ncells; i++)
    if (!cells[i].body) hdr[nhdr++] = cells[i];
  size_t ncols = find_columns(rg, f, e, hdr, nhdr, &cols);
  free(hdr);
  if (!cols) goto done;

  /* Row bands: one per value line. */
  size_t nrows = 0, caprows = e - f + 1 + ncells;
  rows = malloc(caprows * sizeof *rows);
  order = malloc((ncells ? ncells : 1) * sizeof *order);
  if (!rows || !order) goto done;
  for (size_t li = f; li <= e; li++)
    if (p->l[li].numeric)
      rows[nrows++] = (rowband){(p->l[li].y0 + p->l[li].y1) / 2, p->l[li].y0, p->l[li].y1, li};
  size_t nvrows = nrows;
  double pitch = 0;
  if (nvrows >= 2) {
    double *d = malloc((nvrows - 1) * sizeof *d);
    if (!d) goto done;
    for (size_t i = 1; i < nvrows; i++) d[i - 1] = rows[i].yc - rows[i - 1].yc;
    qsort(d, nvrows - 1, sizeof *d, cmp_double);
    pitch = d[(nvrows - 1) / 2];
    free(d);
  }
  if (pitch <= 0) pitch = 2.5 * p->l[f].em;

  /* Label-only lines under the column headers are rows whose values are all blank
     (规章 with empty cells), not header: they take part in the row bands. */
  double hbottom = -1e18;
  for (size_t i = 0; i < ncells; i++)
    if (!cells[i].body && cells[i].varea) hbottom = dmax(hbottom, cells[i].y1);
  for (size_t i = 0; i < ncells; i++)
    if (!cells[i].body && !cells[i].varea && hbottom > -1e18 && cells[i].y0 > hbottom)
      cells[i].body = 1;

  /* Each body label cell goes to the value line it overlaps (top-aligned: its
     band's value line); the others go to the
     nearest one, unless they stand a row's pitch away from every value line or that
     row already has a label in their column: then they are a row of their own
     whose values are all blank. */
  for (size_t i = 0; i < ncells; i++) {
    cell *c = &cells[i];
    if (!c->body) continue;
    c->row = -1;
    if (band && band[c->first_line] >= 0) {
      c->row = band[c->first_line];
      continue;
    }
    for (size_t r = 0; r < nvrows; r++)
      if (overlap(c->y0, c->y1, rows[r].y0, rows[r].y1) > 0.3 * (rows[r].y1 - rows[r].y0)) {
        if (c->row < 0 ||
            fabs(rows[r].yc - (c->y0 + c->y1) / 2) < fabs(rows[c->row].yc - (c->y0 + c->y1) / 2))
          c->row = (int)r;
      }
  }
  for (size_t i = 0; i < ncells; i++) {
    cell *c = &cells[i];
    if (!c->body || c->row >= 0) continue;
    double cy = (c->y0 + c->y1) / 2, bd = 1e18;
    int best = -1;
    for (size_t r = 0; r < nvrows; r++) {
      double d = fabs(rows[r].yc - cy);
      if (d < bd) {
        bd = d;
        best = (int)r;
      }
    }
    int own = best < 0 || bd >= 0.75 * pitch;
    for (size_t j = 0; j < ncells && !own; j++) {
      const cell *d = &cells[j];
      if (j != i && d->body && d->row == best && overlap(c->x0, c->x1, d->x0, d->x1) > 0 &&
          overlap(d->y0, d->y1, rows[best].y0, rows[best].y1) > 0)
        own = 1;
    }
    if (own) {
      /* Merge with a blank row at the same height (its other label columns). */
      int merged = -1;
      for (size_t r = nvrows; r < nrows; r++)
        if (overlap(c->y0, c->y1, rows[r].y0, rows[r].y1) > 0) merged = (int)r;
      if (merged < 0) {
        rows[nrows] = (rowband){cy, c->y0, c->y1, (size_t)-1};
        merged = (int)nrows++;
      } else {
        rows[merged].y0 = dmin(rows[merged].y0, c->y0);
        rows[merged].y1 = dmax(rows[merged].y1, c->y1);
      }
      c->row = merged;
    } else {
      c->row = best;
    }
  }

  /* Header rows first, in line order. */
  size_t nh = 0;
  for (size_t i = 0; i < ncells; i++)
    if (!cells[i].body) order[nh++] = &cells[i];
  qsort(order, nh, sizeof *order, cmp_cell_pos);
  if ((rc = emit_header(rg, order, nh, cols, ncols))) goto done;
  rc = GK_ENOMEM;

  /* Body rows top to bottom: label cells left to right, then one cell per column. */
  int *rank = malloc((nrows ? nrows : 1) * sizeof *rank);
  rowkey *sorted = malloc((nrows ? nrows : 1) * sizeof *sorted);
  size_t *idx = malloc((nrows ? nrows : 1) * sizeof *idx);
  if (!rank || !sorted || !idx) {
    free(rank);
    free(sorted);
    free(idx);
    goto done;
  }
  for (size_t r = 0; r < nrows; r++) sorted[r] = (rowkey){rows[r].yc, r};
  qsort(sorted, nrows, sizeof *sorted, cmp_rowkey);
  for (size_t r = 0; r < nrows; r++) {
    idx[r] = sorted[r].i;
    rank[idx[r]] = (int)r;
  }
  size_t nb = 0;
  for (size_t i = 0; i < ncells; i++)
    if (cells[i].body) {
      cells[i].row = cells[i].row >= 0 ? rank[cells[i].row] : -1;
      order[nb++] = &cells[i];
    }
  qsort(order, nb, sizeof *order, cmp_cell_pos);
  size_t oi = 0;
  rc = GK_OK;
  for (size_t r = 0; r < nrows && rc == GK_OK; r++) {
    const rowband *rb = &rows[idx[r]];
    gk_row *row = gk_grid_add_row(rg->doc, rg->grid);
    if (!row) {
      rc = GK_ENOMEM;
      break;
    }
    while (oi < nb && order[oi]->row < (int)r) oi++;
    for (; oi < nb && order[oi]->row == (int)r; oi++)
      if (!add_cell(rg->doc, row, order[oi]->text, order[oi]->tlen) && row->ncells < GK_MAX_COLS) {
        rc = GK_ENOMEM;
        break;
      }
    if (rc) break;
    /* Value cells: blanks where a column has no value on this line. */
    size_t base = row->ncells;
    for (size_t k = 0; k < ncols; k++)
      if (!add_cell(rg->doc, row, "", 0)) {
        rc = row->ncells >= GK_MAX_COLS ? GK_OK : GK_ENOMEM;
        break;
      }
    if (rc || rb->line == (size_t)-1 || row->ncells < base + ncols) continue;
    const line *L = &p->l[rb->line];
    for (size_t wi = L->v0; wi < L->w1; wi++) {
      const word *w = &p->w[wi];
      int c = column_of(cols, ncols, w->x0, w->x1);
      if (c < 0) continue;
      gk_cell *gc = &row->cells[base + (size_t)c];
      /* Two values in one column: keep both, the normalizer reads `6 564`. */
      const char *prev = gc->text;
      char *t =
          *prev ? gk_arena_printf(rg->doc->arena, "%s %.*s", prev, (int)w->tlen, p->text + w->t0)
                : gk_arena_strndup(rg->doc->arena, p->text + w->t0, w->tlen);
      if (!t) {
        rc = GK_ENOMEM;
        break;
      }
      gc->text = t;
    }
  }
  free(rank);
  free(sorted);
  free(idx);
done:
  for (size_t i = 0; i < ncells; i++) free(cells[i].text);
  free(cells);
  free(band);
  free(cols);
  free(rows);
  free(order);
  return rc;
}

/* A table region [a, b] of the page: one grid, split into segments where a header
 * line over the value area starts a new column layout (the sub-tables of table 2). */
static int build_region(gk_doc *doc, const page *p, size_t a, size_t b, int pageno, int *top) {
  region rg = {doc, p, a, b, 1e18, GAP_IN_CELL, NULL, pageno, top};
  /* The lines of a wrapped cell are closer than two rows ever are: the tightest
     pair of value lines bounds the gap inside a cell (LibreOffice and WPS differ). */
  double gmin = 1e18;
  size_t prevn = (size_t)-1;
  for (size_t li = a; li <= b; li++) {
    if (!p->l[li].numeric) continue;
    rg.vleft = dmin(rg.vleft, p->w[p->l[li].v0].x0);
    if (prevn != (size_t)-1) {
      double g = (p->l[li].y0 - p->l[prevn].y1) / p->l[li].em;
      if (g > 0) gmin = dmin(gmin, g);
    }
    prevn = li;
  }
  if (gmin < 1e18) rg.incell = dmax(0.2, dmin(0.8, 0.8 * gmin));
  rg.vleft -= 0.3 * p->l[a].em;
  if (!(rg.grid = gk_doc_add_grid(doc, 0))) return GK_ENOMEM;
  rg.grid->page = pageno;
  size_t s = a;
  while (s <= b) {
    size_t f = s;
    while (f <= b && !p->l[f].numeric) f++;
    if (f > b) {
      /* Lines after the last value line that no segment took: label-only rows. */
      for (size_t li = s; li <= b; li++) {
        const line *L = &p->l[li];
        if (L->marker) continue;
        gk_row *row = gk_grid_add_row(doc, rg.grid);
        if (!row) return GK_ENOMEM;
        for (size_t wi = L->w0; wi < L->w1; wi++)
          if (!add_cell(doc, row, p->text + p->w[wi].t0, p->w[wi].tlen) &&
              row->ncells < GK_MAX_COLS)
            return GK_ENOMEM;
      }
      break;
    }
    size_t e = f;
    for (size_t k = f + 1; k <= b; k++) {
      const line *L = &p->l[k];
      if (L->numeric) {
        e = k;
        continue;
      }
      if (L->marker) continue;
      int header = 0;
      for (size_t wi = L->w0; wi < L->w1; wi++)
        if ((p->w[wi].x0 + p->w[wi].x1) / 2 >= rg.vleft) header = 1;
      if (header) break;
      e = k;
    }
    int rc = build_segment(&rg, s, f, e);
    if (rc) return rc;
    s = e + 1;
  }
  return GK_OK;
}

/* ------------------------------------------------------------------ regions */

static double vgap(const line *up, const line *down) { return down->y0 - up->y1; }

/* Finds the table regions of a page and emits the page in reading order. */
static int emit_page(emitter *em, const page *p, int pageno) {
  gk_doc *doc = em->doc;
  double left = 1e18, right = -1e18;
  for (size_t i = 0; i < p->nl; i++)
    if (!p->l[i].marker && !p->l[i].numeric) {
      left = dmin(left, p->l[i].x0);
      right = dmax(right, p->l[i].x1);
    }
  size_t i = 0, done = 0; /* lines [0, done) are emitted */
  int rc;
  while (i < p->nl) {
    const line *L = &p->l[i];
    if (L->marker || !L->numeric) {
      i++;
      continue;
    }
    /* Header lines above: not headings or prose, close together. */
    size_t start = i, prev = i;
    for (size_t k = i; k > done; k--) {
      const line *U = &p->l[k - 1];
      if (U->marker) continue;
      if (U->heading || U->prose || vgap(U, &p->l[prev]) > GAP_HEADER * U->em) break;
      start = k - 1;
      prev = k - 1;
    }
    /* Down through the rows, over label and header lines between them. */
    size_t end = i;
    prev = i;
    for (size_t k = i + 1; k < p->nl; k++) {
      const line *D = &p->l[k];
      if (D->marker) continue;
      if (D->heading || D->prose || vgap(&p->l[prev], D) > GAP_REGION * D->em) break;
      if (D->numeric) end = k;
      prev = k;
    }
    /* Wrapped label lines right under the last row. */
    double vleft = 1e18;
    for (size_t k = start; k <= end; k++)
      if (p->l[k].numeric) vleft = dmin(vleft, p->w[p->l[k].v0].x0);
    prev = end;
    for (size_t k = end + 1; k < p->nl; k++) {
      const line *D = &p->l[k];
      if (D->marker) continue;
      if (D->heading || D->prose || D->numeric || D->x1 > vleft ||
          vgap(&p->l[prev], D) > GAP_IN_CELL * D->em)
        break;
      end = k;
      prev = k;
    }
    /* Text before the region, then the region. */
    for (size_t k = done; k < start; k++)
      if (!p->l[k].marker && (rc = add_line_to_para(em, p, &p->l[k], pageno, right, left)))
        return rc;
    if ((rc = flush_para(em))) return rc;
    /* Markers inside the region are skipped by the grid assembly. */
    if ((rc = build_region(doc, p, start, end, pageno, &em->top))) return rc;
    done = end + 1;
    i = end + 1;
  }
  for (size_t k = done; k < p->nl; k++)
    if (!p->l[k].marker && (rc = add_line_to_para(em, p, &p->l[k], pageno, right, left))) return rc;
  return GK_OK;
}

int gk_pdf_layout_emit(gk_doc *doc, gk_pdf_layout *lay) {
  mark_markers(lay);
  emitter em;
  memset(&em, 0, sizeof em);
  em.doc = doc;
  em.top = -1;
  int rc = GK_OK;
  for (size_t pi = 0; pi < lay->npages && rc == GK_OK; pi++) {
    page *p = &lay->pages[pi];
    classify_lines(p);
    rc = emit_page(&em, p, (int)pi + 1);
  }
  if (rc == GK_OK) rc = flush_para(&em);
  free(em.para);
  return rc;
}

/* ------------------------------------------------------------------ poppler */

/* Page text extraction: each character of the page text with its box. */
static int extract_page(gk_pdf_layout *lay, PopplerPage *page) {
  double w = 0, h = 0;
  poppler_page_get_size(page, &w, &h);
  char *text = poppler_page_get_text(page);
  PopplerRectangle *rects = NULL;
  guint nr = 0;
  if (!text || !poppler_page_get_text_layout(page, &rects, &nr)) nr = 0;
  size_t tl = text ? strlen(text) : 0;
  glyph *g = malloc((nr ? nr : 1) * sizeof *g);
  int rc = GK_ENOMEM;
  if (g) {
    size_t n = 0, i = 0;
    /* One rectangle per character of the UTF-8 text, in order. */
    for (guint k = 0; k < nr && i < tl; k++) {
      uint32_t cp = gk_utf8_next(text, tl, &i);
      const PopplerRectangle *r = &rects[k];
      g[n++] = (glyph){dmin(r->x1, r->x2), dmin(r->y1, r->y2), dmax(r->x1, r->x2),
                       dmax(r->y1, r->y2), cp};
    }
    rc = gk_pdf_layout_add_page(lay, g, n, w, h);
  }
  free(g);
  g_free(rects);
  g_free(text);
  return rc;
}

int gk_convert_pdf(gk_doc *doc, const unsigned char *buf, size_t len) {
  doc->format = GK_FMT_PDF;
  GError *err = NULL;
  /* The bytes stay the caller's: the document is freed before we return. */
  GBytes *bytes = g_bytes_new_static(buf, len);
  PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &err);
  g_bytes_unref(bytes);
  if (!pd) {
    if (err && g_error_matches(err, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
      gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "PDF is encrypted with a user password");
    else
      gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "damaged PDF: %s",
                  err && err->message ? err->message : "poppler could not open it");
    if (err) g_error_free(err);
    return GK_EFORMAT;
  }
  int npages = poppler_document_get_n_pages(pd);
  if (npages <= 0) {
    g_object_unref(pd);
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "damaged PDF: no pages");
    return GK_EFORMAT;
  }
  gk_pdf_layout *lay = gk_pdf_layout_new();
  int rc = lay ? GK_OK : GK_ENOMEM;
  /* Pages are read one at a time and released at once; only glyph boxes are kept. */
  for (int i = 0; i < npages && rc == GK_OK; i++) {
    PopplerPage *page = poppler_document_get_page(pd, i);
    if (!page) continue;
    rc = extract_page(lay, page);
    g_object_unref(page);
    if (rc == GK_OK && gk_pdf_layout_glyphs(lay) > GK_MAX_PDF_GLYPHS) {
      gk_diag_add(doc, GK_SEV_ERROR, "limit", NULL, "more than %u characters of text",
                  GK_MAX_PDF_GLYPHS);
      rc = GK_ELIMIT;
    }
  }
  g_object_unref(pd);
  if (rc == GK_OK && gk_pdf_layout_glyphs(lay) == 0) {
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL,
                "no text layer (scanned PDF?); OCR is not supported");
    rc = GK_EFORMAT;
  }
  if (rc == GK_OK) rc = gk_pdf_layout_emit(doc, lay);
  gk_pdf_layout_free(lay);
  return rc;
}
