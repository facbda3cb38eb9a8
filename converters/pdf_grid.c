/* pdf_grid.c: the lines of a PDF page → table regions → grids.
 *
 *   1. line classes: a line whose trailing words are values set off from its text is
 *      a table row when its values align with other rows (or are many, or far from
 *      the label); part headings and prose lines are never in a table;
 *   2. region: from a row, up over the header lines and down through the rows, until
 *      a heading, prose or a tall gap;
 *   3. segments: a region splits where a header line over the value area starts a
 *      new column layout (the sub-tables of table 2);
 *   4. per segment: label words grouped into cells (a label wrapped over several
 *      lines is one cell), the row alignment (centred or top-aligned), the columns
 *      (x-intervals of the values, plus the lowest header cells, which give columns
 *      whose cells are all blank), row bands (one per value line, plus label-only
 *      rows), then the grid rows: header rows with their spans, body rows. */
#include "pdf_grid.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "../core/lex.h"
#include "../core/utf8.h"

static double dmin(double a, double b) { return a < b ? a : b; }
static double dmax(double a, double b) { return a > b ? a : b; }
static double overlap(double a0, double a1, double b0, double b1) {
  return dmin(a1, b1) - dmax(a0, b0);
}
static double word_cx(const gk_pdf_word *w) { return (w->x0 + w->x1) / 2; }

typedef gk_pdf_page page;
typedef gk_pdf_line line;
typedef gk_pdf_word word;

/* ------------------------------------------------------------------ line classes */

/* A part heading's numeral (一、 二． 3、): such a line is never inside a table. Only
 * these list marks: `1.属于国家秘密` is a label of table 3. */
static int starts_part_numeral(const char *s) {
  size_t after;
  if (!gk_lex_part_numeral(s, &after)) return 0;
  size_t m = s[0] >= '0' && s[0] <= '9' ? 1 : 3; /* the numeral's bytes */
  return strncmp(s + m, "、", 3) == 0 || strncmp(s + m, "．", 3) == 0;
}

/* Trailing values of a line, each set off from the word before it. */
static void find_trailing_values(page *p, line *L) {
  L->v0 = L->w1;
  L->cand = 0;
  size_t k = L->w1;
  while (k > L->w0 && p->w[k - 1].vkind) k--;
  if (k == L->w1) return;
  /* The first value must stand clear of the text before it: 申请 74 件 is prose. */
  while (k < L->w1 && k > L->w0 && p->w[k].x0 - p->w[k - 1].x1 < GK_PDF_VALUE_GAP * L->em) k++;
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

/* A strong row: several values each set off from the one before, or one value far
 * from its label. */
static int strong_row(const page *p, const line *L) {
  int s = 0;
  if (L->w1 - L->v0 >= 2) {
    s = 1;
    for (size_t k = L->v0 + 1; k < L->w1; k++)
      if (p->w[k].x0 - p->w[k - 1].x1 < GK_PDF_VALUE_GAP * L->em) s = 0;
  }
  if (L->v0 > L->w0 && p->w[L->v0].x0 - p->w[L->v0 - 1].x1 >= GK_PDF_FAR_LABEL * L->em) s = 1;
  return s;
}

/* A weak row counts when its values align with another candidate's nearby (at most
 * GK_PDF_ALIGN_REACH lines either way, so a page of many lines stays linear). */
static int aligned_row(const page *p, size_t i) {
  size_t j0 = i > GK_PDF_ALIGN_REACH ? i - GK_PDF_ALIGN_REACH : 0,
         j1 = i + GK_PDF_ALIGN_REACH < p->nl ? i + GK_PDF_ALIGN_REACH : p->nl;
  for (size_t j = j0; j < j1; j++)
    if (j != i && p->l[j].cand && !p->l[j].marker && values_overlap(p, &p->l[i], &p->l[j]))
      return 1;
  return 0;
}

void gk_pdf_classify_lines(page *p) {
  double left = 1e9, right = -1e9;
  for (size_t i = 0; i < p->nl; i++) {
    line *L = &p->l[i];
    if (L->marker) continue;
    left = dmin(left, L->x0);
    right = dmax(right, L->x1);
    find_trailing_values(p, L);
  }
  double width = right - left;
  for (size_t i = 0; i < p->nl; i++) {
    line *L = &p->l[i];
    if (!L->marker && L->cand) L->numeric = strong_row(p, L);
  }
  for (size_t i = 0; i < p->nl; i++) {
    line *L = &p->l[i];
    if (!L->marker && L->cand && !L->numeric) L->numeric = aligned_row(p, i);
  }
  /* Headings and prose: one-cell lines (no wide gap) that start with a part numeral
     or run across most of the text width. */
  char buf[64];
  for (size_t i = 0; i < p->nl; i++) {
    line *L = &p->l[i];
    if (L->marker || L->numeric) continue;
    int multi = 0;
    for (size_t k = L->w0 + 1; k < L->w1; k++)
      if (p->w[k].x0 - p->w[k - 1].x1 >= GK_PDF_SEGMENT_GAP * L->em) multi = 1;
    gk_pdf_line_text(p, L, buf, sizeof buf);
    L->heading = !multi && starts_part_numeral(buf);
    L->prose = !multi && width > 0 && L->x1 - L->x0 >= GK_PDF_PROSE_WIDTH * width;
  }
  /* 一、本年新收政府信息公 right above a row's values, ending left of them, is the
     first line of that row's wrapped label (its values centred lower), no heading. */
  for (size_t i = 0; i < p->nl; i++) {
    line *L = &p->l[i];
    if (!L->heading) continue;
    size_t j = i + 1;
    while (j < p->nl && p->l[j].marker) j++;
    if (j < p->nl && p->l[j].numeric && p->l[j].y0 - L->y1 < GK_PDF_LABEL_RUN_ON * L->em &&
        L->x1 < p->w[p->l[j].v0].x0)
      L->heading = 0;
  }
}

/* ------------------------------------------------------------------ regions */

static double vgap(const line *up, const line *down) { return down->y0 - up->y1; }

void gk_pdf_region_find(const page *p, size_t i, size_t done, size_t *start, size_t *end) {
  /* Header lines above: not headings or prose, close together. */
  size_t s = i, prev = i;
  for (size_t k = i; k > done; k--) {
    const line *U = &p->l[k - 1];
    if (U->marker) continue;
    if (U->heading || U->prose || vgap(U, &p->l[prev]) > GK_PDF_HEADER_GAP * U->em) break;
    s = k - 1;
    prev = k - 1;
  }
  /* Down through the rows, over label and header lines between them. */
  size_t e = i;
  prev = i;
  for (size_t k = i + 1; k < p->nl; k++) {
    const line *D = &p->l[k];
    if (D->marker) continue;
    if (D->heading || D->prose || vgap(&p->l[prev], D) > GK_PDF_REGION_GAP * D->em) break;
    if (D->numeric) e = k;
    prev = k;
  }
  /* Wrapped label lines right under the last row, left of the values. */
  double vleft = 1e18;
  for (size_t k = s; k <= e; k++)
    if (p->l[k].numeric) vleft = dmin(vleft, p->w[p->l[k].v0].x0);
  prev = e;
  for (size_t k = e + 1; k < p->nl; k++) {
    const line *D = &p->l[k];
    if (D->marker) continue;
    if (D->heading || D->prose || D->numeric || D->x1 > vleft ||
        vgap(&p->l[prev], D) > GK_PDF_IN_CELL * D->em)
      break;
    e = k;
    prev = k;
  }
  *start = s;
  *end = e;
}

/* ------------------------------------------------------------------ segment state */

typedef struct {
  double x0, x1;
} column;

/* A label or header cell: words joined across gaps and wrapped lines. */
typedef struct {
  double x0, y0, x1, y1;
  size_t first_line; /* segment-relative index of its first line */
  int body;          /* has a word on a body line */
  int varea;         /* value-area (header) cell */
  int row;           /* body row it belongs to, -1 for header */
  char *text;
  size_t tlen;
} cell;

/* A body row: the band of a value line, or of a label-only row (line (size_t)-1).
 * A number wrapped in its cell puts pieces on label-less value lines just above and
 * below: `above`/`below` are those lines + 1 (0: none), and a line so taken into
 * another row is `gone`. */
typedef struct {
  double yc, y0, y1;
  size_t line;
  size_t above, below;
  int gone;
} rowband;

/* A table region of one page being turned into one grid. */
typedef struct {
  gk_doc *doc;
  const page *p;
  double vleft;  /* left edge of the value area */
  double incell; /* largest vertical gap (em) between the lines of one cell */
  gk_block *grid;
  int *top; /* the document's row alignment so far */
} region;

/* One segment of a region: header lines [s, f), body lines [f, e]. */
typedef struct {
  size_t s, f, e;
  cell *cells;
  size_t ncells;
  int *band; /* top-aligned: per line of [s, e], its row (-1 above the first) */
  column *cols;
  size_t ncols;
  rowband *rows;
  size_t nrows, nvrows; /* all rows; rows [0, nvrows) are value lines */
  double pitch;         /* median distance between value lines */
  size_t splits;        /* cuts split_group() found in the cells (applied or not) */
  size_t undecided;     /* ... of which the gaps did not decide */
} segment;

static void free_cells(cell *cells, size_t n) {
  for (size_t i = 0; i < n; i++) free(cells[i].text);
  free(cells);
}

static void segment_free(segment *sg) {
  free_cells(sg->cells, sg->ncells);
  free(sg->band);
  free(sg->cols);
  free(sg->rows);
}

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

/* Adds a cell; past GK_MAX_COLS the model warns once and the rest of the row is
 * dropped. Returns GK_OK, or the failure status when the model ran out of memory. */
static int add_cell(gk_doc *doc, gk_row *row, const char *s, size_t n, gk_cell **out) {
  gk_cell *c = gk_row_add_cell(doc, row, s, n);
  if (out) *out = c;
  return c || row->ncells >= GK_MAX_COLS ? GK_OK : GK_ENOMEM;
}

static gk_row *add_row(gk_doc *doc, gk_block *grid, int *rc) {
  gk_row *row = gk_grid_add_row(doc, grid);
  if (!row) *rc = gk_doc_fail_status(doc);
  return row;
}

/* Adds a box of page p (its coordinates as read) to a cell's provenance: a page
 * turned back from sideways text (pdf_lines.c) gives its boxes in the PDF's own
 * coordinates again, where the review page draws them. */
static void add_box(const page *p, gk_cell *gc, double x0, double y0, double x1, double y1) {
  if (p->turned > 0) /* read as (y, W - x), W the PDF page's width (now the height) */
    gk_cell_add_box(gc, p->no, p->height - y1, x0, p->height - y0, x1);
  else if (p->turned < 0) /* read as (H - y, x), H its height (now the width) */
    gk_cell_add_box(gc, p->no, y0, p->width - x1, y1, p->width - x0);
  else
    gk_cell_add_box(gc, p->no, x0, y0, x1, y1);
}

/* ------------------------------------------------------------------ cells */

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

/* A word of a cell, for sorting the words of each cell into reading order. */
typedef struct {
  size_t root;
  size_t line;
  double x0;
  size_t w;
} member;

static int cmp_member(const void *a, const void *b) {
  const member *x = a, *y = b;
  if (x->root != y->root) return x->root < y->root ? -1 : 1;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Word grouping of one segment: words [wbase, wbase + nw) of its lines. */
typedef struct {
  size_t wbase, nw;
  size_t *par; /* union-find over the words */
  char *use;   /* 0 not in a cell, 1 label area, 2 header value area */
} grouping;

/* Marks the words that go into cells and joins words close together on a line. */
static void link_across(const region *rg, const segment *sg, grouping *gr) {
  const page *p = rg->p;
  for (size_t li = sg->s; li <= sg->e; li++) {
    const line *L = &p->l[li];
    if (L->marker) continue;
    size_t end = L->numeric ? L->v0 : L->w1;
    for (size_t wi = L->w0; wi < end; wi++) {
      const word *w = &p->w[wi];
      int varea = word_cx(w) >= rg->vleft;
      /* Header lines over the value area are header cells; body words there are
         stray values of a line that was not taken as a row: keep them as labels. */
      gr->use[wi - gr->wbase] = (char)(varea && li < sg->f ? 2 : 1);
      /* Over the value area every word break is a cell break (header cells are
         narrow); in the label area a short gap is a space inside a label. */
      if (wi > L->w0 && gr->use[wi - gr->wbase] == 1 && gr->use[wi - 1 - gr->wbase] == 1 &&
          w->x0 - p->w[wi - 1].x1 <= GK_PDF_CELL_GAP * L->em)
        uf_union(gr->par, wi - gr->wbase, wi - 1 - gr->wbase);
    }
  }
}

/* Whether words a < b of line L are one run of a cell: label words with no gap
 * wider than a space inside a label between them (header words over the value area
 * are each a cell of their own). */
static int same_run(const page *p, const grouping *gr, const line *L, size_t a, size_t b) {
  if (gr->use[a - gr->wbase] != 1) return a == b;
  for (size_t k = a + 1; k <= b; k++)
    if (gr->use[k - gr->wbase] != 1 || p->w[k].x0 - p->w[k - 1].x1 > GK_PDF_CELL_GAP * L->em)
      return 0;
  return 1;
}

/* How many runs of cells (same_run) of line M overlap [x0, x1] among the words of M
 * used as `use`. */
static int runs_under(const page *p, const grouping *gr, const line *M, double x0, double x1,
                      char use) {
  int n = 0;
  size_t last = (size_t)-1;
  for (size_t wj = M->w0; wj < M->w1; wj++) {
    if (gr->use[wj - gr->wbase] != use || overlap(x0, x1, p->w[wj].x0, p->w[wj].x1) <= 0) continue;
    if (last == (size_t)-1 || !same_run(p, gr, M, last, wj)) n++;
    last = wj;
  }
  return n;
}

/* Joins each word with the overlapping words of the nearest following line within
 * the gap of a wrapped cell (and, with bands, of the same row band). */
static void link_down(const region *rg, const segment *sg, const int *band, grouping *gr) {
  const page *p = rg->p;
  for (size_t li = sg->s; li < sg->e; li++) {
    const line *L = &p->l[li];
    for (size_t wi = L->w0; wi < L->w1; wi++) {
      if (!gr->use[wi - gr->wbase]) continue;
      const word *w = &p->w[wi];
      for (size_t lj = li + 1; lj <= sg->e; lj++) {
        const line *M = &p->l[lj];
        if (M->y0 - w->y1 > rg->incell * L->em) break;
        if (band && band[lj - sg->s] != band[li - sg->s]) break;
        int found = 0;
        /* A word over two cells of the next line (a label spanning the columns of a
           vertical group label and its rows' labels, a head over its sub-heads) is
           no line of either; nor is a word under two cells of this line. */
        char use = gr->use[wi - gr->wbase];
        if (runs_under(p, gr, M, w->x0, w->x1, use) >= 2) break;
        for (size_t wj = M->w0; wj < M->w1; wj++) {
          if (gr->use[wj - gr->wbase] != use) continue;
          const word *x = &p->w[wj];
          if (overlap(w->x0, w->x1, x->x0, x->x1) <= 0) continue;
          if (x->y0 - w->y1 > rg->incell * L->em || x->y0 < w->y1 - GK_PDF_LINK_RISE * L->em)
            continue;
          if (runs_under(p, gr, L, x->x0, x->x1, use) >= 2) continue;
          uf_union(gr->par, wi - gr->wbase, wj - gr->wbase);
          found = 1;
        }
        if (found) break;
      }
    }
  }
}

/* Fills cell c from its words mem[0, n) in reading order: box, text (a space where
 * the words' gap wants one; a wrapped CJK line runs on, a Latin one gets its space
 * back), whether it reaches the body. Returns GK_OK or GK_ENOMEM. */
static int make_cell(const page *p, const segment *sg, const grouping *gr, const member *mem,
                     size_t n, cell *c) {
  c->x0 = c->y0 = 1e18;
  c->x1 = c->y1 = -1e18;
  c->row = -1;
  c->first_line = mem[0].line - sg->s;
  c->varea = gr->use[mem[0].root] == 2;
  size_t tl = 0, tc = 0;
  for (size_t j = 0; j < n; j++) {
    const word *w = &p->w[mem[j].w];
    c->x0 = dmin(c->x0, w->x0);
    c->x1 = dmax(c->x1, w->x1);
    c->y0 = dmin(c->y0, w->y0);
    c->y1 = dmax(c->y1, w->y1);
    if (mem[j].line >= sg->f) c->body = 1;
    if (j > 0) {
      const word *pw = &p->w[mem[j - 1].w];
      uint32_t a = pw->last, b = gk_pdf_word_first(p, w);
      int sp;
      if (mem[j].line == mem[j - 1].line)
        sp = gk_pdf_want_space(a, b, (w->x0 - pw->x1) / p->l[w->line].em);
      else
        sp = !(gk_cp_is_cjk(a) || gk_cp_is_cjk(b)) && a != '-';
      if (sp && buf_put(&c->text, &tl, &tc, " ", 1)) return GK_ENOMEM;
    }
    if (buf_put(&c->text, &tl, &tc, p->text + w->t0, w->tlen)) return GK_ENOMEM;
  }
  c->tlen = tl;
  return GK_OK;
}

/* The lowest bottom of the header words over the value area (the column heads), or
 * -1e18 when the segment has none. */
static double header_words_bottom(const region *rg, const segment *sg, const grouping *gr) {
  double hb = -1e18;
  for (size_t li = sg->s; li < sg->f; li++)
    for (size_t wi = rg->p->l[li].w0; wi < rg->p->l[li].w1; wi++)
      if (gr->use[wi - gr->wbase] == 2) hb = dmax(hb, rg->p->w[wi].y1);
  return hb;
}

/* The vertical extent of the words of group mem[a, b) (one line's members). */
static void members_extent(const page *p, const member *mem, size_t a, size_t b, double *y0,
                           double *y1) {
  *y0 = 1e18;
  *y1 = -1e18;
  for (size_t k = a; k < b; k++) {
    *y0 = dmin(*y0, p->w[mem[k].w].y0);
    *y1 = dmax(*y1, p->w[mem[k].w].y1);
  }
}

/* Whether a label word of another group stands between group `root`'s words on line
 * `li` and the value area: then the group is a rowspan group label (（四）无法提供
 * beside its rows' labels), which legitimately spans several rows. */
static int label_to_right(const region *rg, const grouping *gr, size_t root, size_t li, double x1) {
  const line *L = &rg->p->l[li];
  for (size_t wi = L->w0; wi < L->w1; wi++) {
    const word *w = &rg->p->w[wi];
    if (gr->use[wi - gr->wbase] == 1 && w->x0 >= x1 && word_cx(w) < rg->vleft &&
        uf_find(gr->par, wi - gr->wbase) != root)
      return 1;
  }
  return 0;
}

/* Where the words mem[0, n) of one group (sorted by line) are several cells: a
 * label that runs from the column heads' foot (hb) into the body is cut there, and a
 * row label (the last label before the value area) whose lines reach over the
 * centres of several value lines is cut between each two of them, at the widest gap
 * between its lines there (rows are further apart than a cell's lines; among gaps
 * equally wide, the cut that centres the pieces best on their values). Only a gap
 * whose middle lies between the two values' centres is a candidate, so a label is
 * never cut so that neighbours swap values. Writes the member indices where pieces
 * start to cut (ascending) and returns how many; counts in *undecided the cuts whose
 * gap is not the widest of their candidates by GK_PDF_GAP_TIE (evenly spaced lines:
 * the gaps do not say where a row ends). */
static size_t split_group(const region *rg, const segment *sg, const grouping *gr,
                          const member *mem, size_t n, double hb, size_t *cut,
                          size_t *undecided) {
  const page *p = rg->p;
  size_t nl = 0, start[GK_PDF_MAX_SPLIT];
  double ly0[GK_PDF_MAX_SPLIT], ly1[GK_PDF_MAX_SPLIT];
  if (gr->use[mem[0].root] != 1) return 0;
  /* The group's lines: start member and extent of each. */
  for (size_t k = 0; k < n; k++) {
    if (k > 0 && mem[k].line == mem[k - 1].line) continue;
    if (nl == GK_PDF_MAX_SPLIT) return 0;
    start[nl++] = k;
  }
  if (nl < 2) return 0;
  double gx1 = -1e18;
  for (size_t k = 0; k < n; k++) gx1 = dmax(gx1, p->w[mem[k].w].x1);
  for (size_t l = 0; l < nl; l++)
    members_extent(p, mem, start[l], l + 1 < nl ? start[l + 1] : n, &ly0[l], &ly1[l]);
  size_t nc = 0, l0 = 0;
  double em = p->l[sg->f].em;
  /* The column heads' foot: lines that start above it are header. */
  if (hb > -1e18 && ly0[0] < hb - GK_PDF_TOP_SLACK * em) {
    while (l0 < nl && ly0[l0] < hb - GK_PDF_TOP_SLACK * em) l0++;
    if (l0 == nl) return 0;
    cut[nc++] = start[l0];
  }
  for (size_t l = l0; l < nl; l++)
    if (label_to_right(rg, gr, mem[0].root, mem[start[l]].line, gx1)) return nc;
  /* The value lines whose values' centre lies inside the body part's extent. */
  double vc[GK_PDF_MAX_SPLIT];
  size_t nv = 0;
  for (size_t li = sg->f; li <= sg->e; li++) {
    const line *L = &p->l[li];
    if (!L->numeric || L->marker) continue;
    double a = 1e18, b = -1e18;
    for (size_t wi = L->v0; wi < L->w1; wi++) a = dmin(a, p->w[wi].y0), b = dmax(b, p->w[wi].y1);
    double c = (a + b) / 2;
    if (c > ly0[l0] && c < ly1[nl - 1] && nv < GK_PDF_MAX_SPLIT) vc[nv++] = c;
  }
  for (size_t v = 0; v + 1 < nv && nc < GK_PDF_MAX_SPLIT; v++) {
    size_t best = 0;
    double bgap = -1e18, bcost = 1e18, second = -1e18;
    size_t lo = nc ? (size_t)-1 : 0; /* first line of the current piece */
    for (size_t l = l0; l < nl; l++)
      if (!nc || start[l] >= cut[nc - 1]) {
        lo = l;
        break;
      }
    for (size_t l = lo; l + 1 < nl; l++) {
      double m = (ly1[l] + ly0[l + 1]) / 2, gap = ly0[l + 1] - ly1[l];
      if (m <= vc[v] || m >= vc[v + 1]) continue;
      /* How far the two pieces' middles are from their values' centres. */
      double cost = fabs((ly0[lo] + ly1[l]) / 2 - vc[v]) + fabs((ly0[l + 1] + ly1[nl - 1]) / 2 - vc[v + 1]);
      int wider = gap > bgap + GK_PDF_GAP_TIE * em, tie = fabs(gap - bgap) <= GK_PDF_GAP_TIE * em;
      second = dmax(second, dmin(gap, bgap));
      if (wider || (tie && cost < bcost)) {
        if (wider || gap > bgap) bgap = gap;
        bcost = cost;
        best = l + 1;
      }
    }
    if (best) cut[nc++] = start[best];
    if (best && second > bgap - GK_PDF_GAP_TIE * em) (*undecided)++;
  }
  return nc;
}

/* Groups the segment's label words (and its header words over the value area) into
 * sg->cells: words close together on a line, and words of consecutive lines that
 * overlap horizontally with no more than a wrapped cell's gap between them. With
 * `band` (one entry per line of [s, e]), words of lines in different bands are never
 * joined: a top-aligned table's row starts at its value line whatever the spacing. */
static int group_cells(const region *rg, segment *sg, const int *band, int split) {
  const page *p = rg->p;
  grouping gr = {p->l[sg->s].w0, p->l[sg->e].w1 - p->l[sg->s].w0, NULL, NULL};
  size_t nw1 = gr.nw ? gr.nw : 1;
  gr.par = malloc(nw1 * sizeof *gr.par);
  gr.use = calloc(nw1, 1);
  member *mem = malloc(nw1 * sizeof *mem);
  int rc = GK_ENOMEM;
  if (!gr.par || !gr.use || !mem) goto done;
  for (size_t i = 0; i < gr.nw; i++) gr.par[i] = i;
  link_across(rg, sg, &gr);
  link_down(rg, sg, band, &gr);
  size_t nm = 0;
  for (size_t i = 0; i < gr.nw; i++)
    if (gr.use[i]) {
      const word *w = &p->w[gr.wbase + i];
      mem[nm++] = (member){uf_find(gr.par, i), w->line, w->x0, gr.wbase + i};
    }
  qsort(mem, nm, sizeof *mem, cmp_member);
  sg->cells = calloc(nm ? nm : 1, sizeof *sg->cells);
  if (!sg->cells) goto done;
  rc = GK_OK;
  double hb = header_words_bottom(rg, sg, &gr);
  for (size_t i = 0; i < nm && rc == GK_OK;) {
    size_t j = i;
    while (j < nm && mem[j].root == mem[i].root) j++;
    /* Cut where the words ran on over the header's foot or over several rows. */
    size_t cut[GK_PDF_MAX_SPLIT], nc = split_group(rg, sg, &gr, mem + i, j - i, hb, cut, &sg->undecided);
    sg->splits += nc;
    if (!split) nc = 0;
    for (size_t k = 0, a = i; k <= nc && rc == GK_OK; k++) {
      size_t b = k < nc ? i + cut[k] : j;
      rc = make_cell(p, sg, &gr, mem + a, b - a, &sg->cells[sg->ncells++]);
      a = b;
    }
    i = j;
  }
done:
  free(gr.par);
  free(gr.use);
  free(mem);
  return rc;
}

/* ------------------------------------------------------------------ alignment */

/* The lowest bottom of the segment's header cells over the value area, or -1e18. */
static double header_bottom(const segment *sg) {
  double hbottom = -1e18;
  for (size_t i = 0; i < sg->ncells; i++)
    if (!sg->cells[i].body && sg->cells[i].varea) hbottom = dmax(hbottom, sg->cells[i].y1);
  return hbottom;
}

/* The vote of one wrapped label cell on the row alignment: +1 top (it starts on the
 * one value line it overlaps), -1 centred (it starts above it), 0 none; *merged is
 * raised when it overlaps several value lines. */
static int wrapped_vote(const region *rg, const segment *sg, const cell *c, int *merged) {
  const page *p = rg->p;
  double em = p->l[sg->f].em;
  if (!c->body || c->varea || c->y1 - c->y0 < GK_PDF_WRAPPED_CELL * em) return 0;
  /* A label column header run on into the body says nothing. */
  const line *C = &p->l[sg->s + c->first_line];
  int hdr = 0;
  for (size_t wi = C->w0; wi < C->w1 && sg->s + c->first_line < sg->f; wi++)
    if (word_cx(&p->w[wi]) >= rg->vleft) hdr = 1;
  size_t hits = 0, v = 0;
  for (size_t li = sg->f; li <= sg->e; li++) {
    const line *L = &p->l[li];
    if (L->numeric && overlap(c->y0, c->y1, L->y0, L->y1) > GK_PDF_ROW_OVERLAP * (L->y1 - L->y0)) {
      hits++;
      v = li;
    }
  }
  if (hits >= 2) {
    (*merged)++;
    return 0;
  }
  if (hits != 1 || hdr) return 0;
  /* The value words' top, not the line's: a centred label's first line and the
     numbers may have been taken as one line. */
  double vy0 = 1e18;
  for (size_t wi = p->l[v].v0; wi < p->l[v].w1; wi++) vy0 = dmin(vy0, p->w[wi].y0);
  return c->y0 >= vy0 - GK_PDF_TOP_SLACK * em ? 1 : -1;
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
static int decide_top(const region *rg, const segment *sg) {
  const page *p = rg->p;
  int top = 0, centred = 0, merged = 0;
  double em = p->l[sg->f].em;
  for (size_t i = 0; i < sg->ncells; i++) {
    int v = wrapped_vote(rg, sg, &sg->cells[i], &merged);
    top += v > 0;
    centred += v < 0;
  }
  if (top != centred) {
    *rg->top = top > centred;
    return *rg->top;
  }
  if (!merged) return *rg->top == 1;
  double hbottom = header_bottom(sg);
  if (hbottom <= -1e18 && *rg->top >= 0) return *rg->top;
  const line *F = &p->l[sg->f];
  int first_words = 0;
  for (size_t wi = F->w0; wi < F->v0; wi++)
    if (word_cx(&p->w[wi]) < rg->vleft) first_words = 1;
  int above = 0;
  for (size_t i = 0; i < sg->ncells && hbottom > -1e18; i++) {
    const cell *c = &sg->cells[i];
    if (!c->varea && c->y0 > hbottom && c->y0 < F->y0 - GK_PDF_TOP_SLACK * em) above = 1;
  }
  *rg->top = first_words && !above;
  return *rg->top;
}

/* Phase 1: the segment's cells, regrouped by row band when its rows are top-aligned
 * (each line then belongs to the last value line at or above it). */
static int segment_cells(const region *rg, segment *sg) {
  int rc = group_cells(rg, sg, NULL, 0);
  if (rc) return rc;
  /* The alignment is judged on the cells as the gaps group them (label cells run on
     over several rows are its evidence); a centred table's cells are then cut, and
     so are a top-aligned one's when the gaps between their lines say clearly where
     each row ends (rows aligned in different ways in one table: bands would give a
     centred label's first line to the row above). */
  int top = decide_top(rg, sg);
  if (!top || (sg->splits && !sg->undecided)) {
    if (!sg->splits) return GK_OK;
    free_cells(sg->cells, sg->ncells);
    sg->cells = NULL;
    sg->ncells = 0;
    return group_cells(rg, sg, NULL, 1);
  }
  const page *p = rg->p;
  sg->band = malloc((sg->e - sg->s + 1) * sizeof *sg->band);
  if (!sg->band) return GK_ENOMEM;
  int cur = -1;
  for (size_t li = sg->s; li <= sg->e; li++) {
    if (li >= sg->f && p->l[li].numeric) cur++;
    sg->band[li - sg->s] = cur;
  }
  free_cells(sg->cells, sg->ncells);
  sg->cells = NULL;
  sg->ncells = 0;
  return group_cells(rg, sg, sg->band, 0);
}

/* ------------------------------------------------------------------ columns */

static int cmp_column(const void *a, const void *b) {
  const column *x = a, *y = b;
  return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Whether header cell i has no other value-area header cell under it. */
static int header_leaf(const segment *sg, size_t i) {
  const cell *c = &sg->cells[i];
  for (size_t j = 0; j < sg->ncells; j++) {
    const cell *d = &sg->cells[j];
    if (j == i || d->body || !d->varea || d->y0 < c->y1 - GK_PDF_UNDER_SLACK * (c->y1 - c->y0))
      continue;
    if (overlap(c->x0, c->x1, d->x0, d->x1) > 0) return 0;
  }
  return 1;
}

/* Phase 2: the segment's columns: the x-intervals of its values, merged where they
 * overlap (left-, right- or centre-aligned numbers all overlap within a column), then
 * the lowest header cells over the value area that no value reached (all-blank
 * columns). Only header cells (no body words) take part. */
static int segment_columns(const region *rg, segment *sg) {
  const page *p = rg->p;
  size_t nv = 0;
  for (size_t li = sg->f; li <= sg->e; li++)
    if (p->l[li].numeric) nv += p->l[li].w1 - p->l[li].v0;
  column *v = malloc((nv + sg->ncells + 1) * sizeof *v);
  if (!v) return GK_ENOMEM;
  size_t k = 0;
  for (size_t li = sg->f; li <= sg->e; li++)
    if (p->l[li].numeric)
      for (size_t wi = p->l[li].v0; wi < p->l[li].w1; wi++)
        v[k++] = (column){p->w[wi].x0, p->w[wi].x1};
  qsort(v, nv, sizeof *v, cmp_column);
  size_t nc = 0;
  for (size_t i = 0; i < nv; i++) {
    if (nc && v[i].x0 < v[nc - 1].x1)
      v[nc - 1].x1 = dmax(v[nc - 1].x1, v[i].x1);
    else
      v[nc++] = v[i];
  }
  for (size_t i = 0; i < sg->ncells; i++) {
    const cell *c = &sg->cells[i];
    if (c->body || !c->varea || !header_leaf(sg, i)) continue;
    int hits = 0;
    for (size_t j = 0; j < nc; j++) hits += overlap(c->x0, c->x1, v[j].x0, v[j].x1) > 0;
    if (hits == 0) v[nc++] = (column){c->x0, c->x1};
  }
  qsort(v, nc, sizeof *v, cmp_column);
  sg->cols = v;
  sg->ncols = nc;
  return GK_OK;
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

/* ------------------------------------------------------------------ rows */

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Phase 3: one row band per value line, and the rows' pitch (the median distance
 * between value lines). Room is left for a label-only row per cell. */
static int segment_value_rows(const region *rg, segment *sg) {
  const page *p = rg->p;
  sg->rows = malloc((sg->e - sg->f + 1 + sg->ncells) * sizeof *sg->rows);
  if (!sg->rows) return GK_ENOMEM;
  for (size_t li = sg->f; li <= sg->e; li++)
    if (p->l[li].numeric)
      sg->rows[sg->nrows++] =
          (rowband){(p->l[li].y0 + p->l[li].y1) / 2, p->l[li].y0, p->l[li].y1, li, 0, 0, 0};
  sg->nvrows = sg->nrows;
  sg->pitch = 0;
  if (sg->nvrows >= 2) {
    double *d = malloc((sg->nvrows - 1) * sizeof *d);
    if (!d) return GK_ENOMEM;
    for (size_t i = 1; i < sg->nvrows; i++) d[i - 1] = sg->rows[i].yc - sg->rows[i - 1].yc;
    qsort(d, sg->nvrows - 1, sizeof *d, cmp_double);
    sg->pitch = d[(sg->nvrows - 1) / 2];
    free(d);
  }
  if (sg->pitch <= 0) sg->pitch = GK_PDF_DEFAULT_PITCH * p->l[sg->f].em;
  return GK_OK;
}

/* Phase 4: label-only lines under the column headers are rows whose values are all
 * blank (规章 with empty cells), not header: they join the body. */
static void segment_blank_rows(segment *sg) {
  double hbottom = header_bottom(sg);
  if (hbottom <= -1e18) return;
  for (size_t i = 0; i < sg->ncells; i++)
    if (!sg->cells[i].body && !sg->cells[i].varea && sg->cells[i].y0 > hbottom)
      sg->cells[i].body = 1;
}

/* The row of a label cell that no value line took: the nearest value line, unless
 * it stands a row's pitch away from every value line or that row already has a label
 * in its column; then a row of its own (shared with label-only cells at its height)
 * whose values are all blank. */
static int leftover_row(segment *sg, size_t i) {
  const cell *c = &sg->cells[i];
  double cy = (c->y0 + c->y1) / 2, bd = 1e18;
  int best = -1;
  for (size_t r = 0; r < sg->nvrows; r++) {
    double d = fabs(sg->rows[r].yc - cy);
    if (d < bd) {
      bd = d;
      best = (int)r;
    }
  }
  int own = best < 0 || bd >= GK_PDF_OWN_ROW * sg->pitch;
  for (size_t j = 0; j < sg->ncells && !own; j++) {
    const cell *d = &sg->cells[j];
    if (j != i && d->body && d->row == best && overlap(c->x0, c->x1, d->x0, d->x1) > 0 &&
        overlap(d->y0, d->y1, sg->rows[best].y0, sg->rows[best].y1) > 0)
      own = 1;
  }
  if (!own) return best;
  /* Its own row: merged with the last label-only row at its height, else a new one. */
  int merged = -1;
  for (size_t r = sg->nvrows; r < sg->nrows; r++)
    if (overlap(c->y0, c->y1, sg->rows[r].y0, sg->rows[r].y1) > 0) merged = (int)r;
  if (merged < 0) {
    sg->rows[sg->nrows] = (rowband){cy, c->y0, c->y1, (size_t)-1, 0, 0, 0};
    return (int)sg->nrows++;
  }
  sg->rows[merged].y0 = dmin(sg->rows[merged].y0, c->y0);
  sg->rows[merged].y1 = dmax(sg->rows[merged].y1, c->y1);
  return merged;
}

/* Phase 5: each body label cell goes to the value line it overlaps (top-aligned: its
 * band's value line, nearest centre first); the others to leftover_row(). */
static void segment_assign_rows(segment *sg) {
  for (size_t i = 0; i < sg->ncells; i++) {
    cell *c = &sg->cells[i];
    if (!c->body) continue;
    c->row = -1;
    if (sg->band && sg->band[c->first_line] >= 0) {
      c->row = sg->band[c->first_line];
      continue;
    }
    double cy = (c->y0 + c->y1) / 2;
    for (size_t r = 0; r < sg->nvrows; r++) {
      const rowband *rb = &sg->rows[r];
      if (overlap(c->y0, c->y1, rb->y0, rb->y1) > GK_PDF_ROW_OVERLAP * (rb->y1 - rb->y0) &&
          (c->row < 0 || fabs(rb->yc - cy) < fabs(sg->rows[c->row].yc - cy)))
        c->row = (int)r;
    }
  }
  for (size_t i = 0; i < sg->ncells; i++)
    if (sg->cells[i].body && sg->cells[i].row < 0) sg->cells[i].row = leftover_row(sg, i);
}

/* ------------------------------------------------------------------ wrapped numbers */

/* A number too wide for its narrow column wraps inside its cell (`194` over `1`), and
 * its pieces land on value lines of their own:
 *   - centred: `194` on a label-less line above the row's line, `1` on one below;
 *   - top- or bottom-aligned: the row's line holds one piece, and a neighbouring line
 *     holds the others (and, when the label is centred on the taller cell, the label
 *     goes with the line of the other values and the line of pieces is label-less).
 * A label-less line is joined to a row only when the geometry admits one reading: its
 * values are single numbers of digits; the lines follow each other with no blank line
 * between (GK_PDF_WRAP_GAP); the line with fewer values has them all in columns where
 * the other has one too (two lines with the same columns are two rows); every piece
 * that went on to another line filled its cell's width (GK_PDF_WRAP_FULL). A line
 * that could end the row above as well as start the row below goes with the one whose
 * label reaches into it; when neither's or both's do, it is left alone: its values
 * stay out of both rows, and the checker says what does not add up. */

/* The value words of value row r per column: wc[c] its word, or (size_t)-1 for
 * none, (size_t)-2 when the column has several (not one number). */
static void row_pieces(const page *p, const segment *sg, size_t r, size_t *wc) {
  for (size_t c = 0; c < sg->ncols; c++) wc[c] = (size_t)-1;
  const line *L = &p->l[sg->rows[r].line];
  for (size_t wi = L->v0; wi < L->w1; wi++) {
    int c = column_of(sg->cols, sg->ncols, p->w[wi].x0, p->w[wi].x1);
    if (c < 0) continue;
    wc[c] = wc[c] == (size_t)-1 ? wi : (size_t)-2;
  }
}

/* Whether word w is a number made of digits only (a wrapped piece). */
static int digits_only(const page *p, const word *w) {
  if (w->vkind != 2 || !w->tlen) return 0;
  for (size_t i = 0; i < w->tlen; i++)
    if (p->text[w->t0 + i] < '0' || p->text[w->t0 + i] > '9') return 0;
  return 1;
}

/* Whether piece w filled the width of column c, whose widest single-line value is
 * colmax wide. */
static int fills(const page *p, const word *w, double colmax) {
  double digit = (w->x1 - w->x0) / (double)(w->tlen ? w->tlen : 1);
  (void)p;
  return w->x1 - w->x0 >= colmax - GK_PDF_WRAP_FULL * digit;
}

/* The vertical gap (em) from value row a down to value row b. */
static double row_gap(const page *p, const segment *sg, size_t a, size_t b) {
  const line *A = &p->l[sg->rows[a].line], *B = &p->l[sg->rows[b].line];
  return (B->y0 - A->y1) / (A->em > 0 ? A->em : 1);
}

/* Whether orphan row o holds the other pieces of numbers of its neighbour row r (o
 * below r when o_below): the line with fewer values (either of them) has them all in
 * columns where the other has one too, single numbers of digits, and each upper piece
 * filled its cell. Lines with the same columns are two rows, never one. */
static int joins_row(const page *p, const segment *sg, size_t *const pc[], const double *colmax,
                     size_t o, size_t r, int o_below) {
  size_t no = 0, nr = 0, both = 0;
  for (size_t c = 0; c < sg->ncols; c++) {
    int a = pc[o][c] != (size_t)-1, b = pc[r][c] != (size_t)-1;
    no += a;
    nr += b;
    both += a && b;
  }
  if (no == nr || both != (no < nr ? no : nr)) return 0;
  for (size_t c = 0; c < sg->ncols; c++) {
    if (pc[o][c] == (size_t)-1 || pc[r][c] == (size_t)-1) {
      /* a value of the partial line's neighbour alone in its column is its own */
      if (no > nr && pc[r][c] != (size_t)-1) return 0;
      if (nr > no && pc[o][c] != (size_t)-1) return 0;
      continue;
    }
    if (pc[r][c] == (size_t)-2 || !digits_only(p, &p->w[pc[r][c]])) return 0;
    const word *upper = &p->w[o_below ? pc[r][c] : pc[o][c]];
    if (!fills(p, upper, colmax[c])) return 0;
  }
  return 1;
}

/* Whether a label cell of row r reaches into line L's band (a label centred in a cell
 * that the wrapped number makes taller). */
static int label_reaches(const segment *sg, size_t r, const line *L) {
  for (size_t i = 0; i < sg->ncells; i++) {
    const cell *c = &sg->cells[i];
    if (c->body && c->row == (int)r && overlap(c->y0, c->y1, L->y0, L->y1) > 0) return 1;
  }
  return 0;
}

/* Phase 5b: label-less value lines that are the pieces of wrapped numbers, joined
 * to their rows (see above). Value rows are in line order, top to bottom. */
static int segment_join_wrapped(const region *rg, segment *sg) {
  const page *p = rg->p;
  size_t n = sg->nvrows, nc = sg->ncols;
  if (n < 2 || !nc) return GK_OK;
  unsigned char *labelled = calloc(n, 1);
  size_t **pc = calloc(n, sizeof *pc);
  size_t *store = malloc(n * nc * sizeof *store);
  double *colmax = calloc(nc, sizeof *colmax);
  unsigned char *orphan = calloc(n, 1);
  int rc = labelled && pc && store && colmax && orphan ? GK_OK : GK_ENOMEM;
  for (size_t i = 0; i < sg->ncells && rc == GK_OK; i++)
    if (sg->cells[i].body && sg->cells[i].row >= 0 && (size_t)sg->cells[i].row < n)
      labelled[sg->cells[i].row] = 1;
  for (size_t r = 0; r < n && rc == GK_OK; r++) {
    pc[r] = store + r * nc;
    row_pieces(p, sg, r, pc[r]);
  }
  /* An orphan: no label, every value a single number of digits. */
  for (size_t r = 0; r < n && rc == GK_OK; r++) {
    if (labelled[r]) continue;
    size_t k = 0, ok = 1;
    for (size_t c = 0; c < nc; c++)
      if (pc[r][c] == (size_t)-2 || (pc[r][c] != (size_t)-1 && !digits_only(p, &p->w[pc[r][c]])))
        ok = 0;
      else
        k += pc[r][c] != (size_t)-1;
    orphan[r] = ok && k;
  }
  for (size_t r = 0; r < n && rc == GK_OK; r++)
    for (size_t c = 0; c < nc; c++)
      if (!orphan[r] && pc[r][c] < (size_t)-2)
        colmax[c] = dmax(colmax[c], p->w[pc[r][c]].x1 - p->w[pc[r][c]].x0);
  for (size_t o = 0; o < n && rc == GK_OK; o++) {
    if (!orphan[o] || sg->rows[o].gone) continue;
    int up = o > 0 && labelled[o - 1] && !sg->rows[o - 1].below &&
             row_gap(p, sg, o - 1, o) <= GK_PDF_WRAP_GAP,
        down = o + 1 < n && labelled[o + 1] && !sg->rows[o + 1].above &&
               row_gap(p, sg, o, o + 1) <= GK_PDF_WRAP_GAP;
    /* Centred: o, the row, then an orphan o2 with the same columns; the row has the
       middle pieces or nothing there, and every piece but the last filled its cell. */
    if (down && o + 2 < n && orphan[o + 2] && row_gap(p, sg, o + 1, o + 2) <= GK_PDF_WRAP_GAP) {
      size_t r = o + 1, o2 = o + 2;
      int same = 1;
      for (size_t c = 0; c < nc && same; c++) {
        int a = pc[o][c] != (size_t)-1, b = pc[o2][c] != (size_t)-1;
        if (a != b) same = 0;
        else if (a && (!fills(p, &p->w[pc[o][c]], colmax[c]) ||
                       pc[r][c] == (size_t)-2 ||
                       (pc[r][c] != (size_t)-1 && (!digits_only(p, &p->w[pc[r][c]]) ||
                                                   !fills(p, &p->w[pc[r][c]], colmax[c])))))
          same = 0;
      }
      if (same) {
        sg->rows[r].above = sg->rows[o].line + 1;
        sg->rows[r].below = sg->rows[o2].line + 1;
        sg->rows[o].gone = sg->rows[o2].gone = 1;
        continue;
      }
    }
    int as_tail = up && joins_row(p, sg, pc, colmax, o, o - 1, 1);
    int as_head = down && joins_row(p, sg, pc, colmax, o, o + 1, 0);
    if (as_tail && as_head) { /* both: the row whose label reaches into o's line */
      const line *L = &p->l[sg->rows[o].line];
      as_tail = label_reaches(sg, o - 1, L);
      as_head = label_reaches(sg, o + 1, L);
    }
    if (as_tail == as_head) continue; /* neither, or both: not decided by the page */
    size_t r = as_tail ? o - 1 : o + 1;
    if (as_tail) sg->rows[r].below = sg->rows[o].line + 1;
    else sg->rows[r].above = sg->rows[o].line + 1;
    sg->rows[o].gone = 1;
  }
  free(labelled);
  free(pc);
  free(store);
  free(colmax);
  free(orphan);
  return rc;
}

/* ------------------------------------------------------------------ grid rows */

static int cmp_cell_pos(const void *a, const void *b) {
  const cell *const *x = a, *const *y = b;
  if ((*x)->row != (*y)->row) return (*x)->row < (*y)->row ? -1 : 1;
  /* Header cells by line, body cells (one row each) left to right. */
  if ((*x)->row < 0 && (*x)->first_line != (*y)->first_line)
    return (*x)->first_line < (*y)->first_line ? -1 : 1;
  return (*x)->x0 < (*y)->x0 ? -1 : (*x)->x0 > (*y)->x0;
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
  double slack = pitch / GK_PDF_SPAN_PARTS;
  size_t ba = lo, bb = hi;
  double bcost = 1e18;
  for (size_t a = mina; a <= lo; a++)
    for (size_t b = hi; b <= maxb; b++) {
      double cost = fabs((cols[a].x0 + cols[b].x1) / 2 - cx);
      int better = cost <= slack ? (bcost > slack || b - a > bb - ba) : cost < bcost;
      if (better) {
        bcost = cost;
        ba = a;
        bb = b;
      }
    }
  return (int)(bb - ba + 1);
}

/* Phase 6: header rows, one grid row per header line, with the header cells that
 * start on it (in `order`, sorted by cmp_cell_pos) and their spans over the value
 * columns. */
static int emit_header(const region *rg, const segment *sg, cell **hc, size_t nh) {
  gk_row *row = NULL;
  size_t cur = (size_t)-1;
  int rc = GK_OK;
  for (size_t i = 0; i < nh; i++) {
    const cell *c = hc[i];
    if (!row || c->first_line != cur) {
      if (!(row = add_row(rg->doc, rg->grid, &rc))) return rc;
      cur = c->first_line;
    }
    gk_cell *gc;
    if ((rc = add_cell(rg->doc, row, c->text, c->tlen, &gc)) || !gc) return rc;
    add_box(rg->p, gc, c->x0, c->y0, c->x1, c->y1);
    if (c->varea && sg->ncols) {
      const cell *l = i > 0 && hc[i - 1]->first_line == cur ? hc[i - 1] : NULL;
      const cell *r = i + 1 < nh && hc[i + 1]->first_line == cur ? hc[i + 1] : NULL;
      gc->colspan = header_span(c, l, r, sg->cols, sg->ncols);
    }
  }
  return GK_OK;
}

/* The values of value line L into the row's value cells [base, base + ncols): each
 * word to its column; two values in one column are both kept (`6 564`, for the
 * normalizer to read); the pieces of a wrapped number (wrap != 0) are joined. */
static int emit_values(const region *rg, const segment *sg, const line *L, gk_row *row,
                       size_t base, int wrap) {
  const page *p = rg->p;
  for (size_t wi = L->v0; wi < L->w1; wi++) {
    const word *w = &p->w[wi];
    int c = column_of(sg->cols, sg->ncols, w->x0, w->x1);
    if (c < 0) continue;
    gk_cell *gc = &row->cells[base + (size_t)c];
    const char *prev = gc->text;
    /* wrap: a piece of a wrapped number, joined without a space before (wrap < 0)
       or after (wrap > 0) what the cell holds. */
    char *t = wrap < 0 ? gk_arena_printf(rg->doc->arena, "%.*s%s", (int)w->tlen, p->text + w->t0, prev)
              : wrap > 0 ? gk_arena_printf(rg->doc->arena, "%s%.*s", prev, (int)w->tlen, p->text + w->t0)
              : *prev
                  ? gk_arena_printf(rg->doc->arena, "%s %.*s", prev, (int)w->tlen, p->text + w->t0)
                  : gk_arena_strndup(rg->doc->arena, p->text + w->t0, w->tlen);
    if (!t) return GK_ENOMEM;
    gc->text = t;
    add_box(p, gc, w->x0, w->y0, w->x1, w->y1);
  }
  return GK_OK;
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

/* Whether the segment's values run to the page's right edge: its last column ends
 * within GK_PDF_EDGE_CUT em of it, where no report sets text on purpose. Poppler
 * gives no glyphs past the edge, so columns there are lost. */
static int cut_at_edge(const region *rg, const segment *sg) {
  const page *p = rg->p;
  return sg->ncols && p->width > 0 &&
         sg->cols[sg->ncols - 1].x1 > p->width - GK_PDF_EDGE_CUT * p->l[sg->f].em;
}

/* In a segment cut off at the edge, the first column that may have lost glyphs
 * past it (GK_PDF_GLYPH_CUT): it shows at most the digits left of the edge (`3` of
 * 362, a head cut mid-word). sg->ncols when every column is whole. */
static size_t cut_column(const region *rg, const segment *sg) {
  const page *p = rg->p;
  double edge = p->width - GK_PDF_GLYPH_CUT * p->l[sg->f].em;
  size_t k = sg->ncols;
  while (k > 0 && sg->cols[k - 1].x1 > edge) k--;
  return k;
}

/* Phase 7: body rows top to bottom, each its label cells left to right, then one
 * cell per column (blank where the column has no value on its line). A segment cut
 * off at the page's edge is said so with a warning naming the page; the cells of
 * its columns at the edge are marked cut_off, and each row gets one more blank cell,
 * marked cut_off, standing for the columns past the edge (how many the page does
 * not show): the normalizer takes the template's columns from a row's first cut
 * cell on as lost. `order` has room for every cell. */
static int emit_body(const region *rg, segment *sg, cell **order) {
  int cut = cut_at_edge(rg, sg);
  size_t cutk = cut ? cut_column(rg, sg) : sg->ncols;
  if (cut) {
    char pos[32];
    snprintf(pos, sizeof pos, "page %d", rg->p->no);
    if (gk_diag_add(rg->doc, GK_SEV_WARNING, "cut-off", pos,
                    "the table runs to the page's right edge: the glyphs of columns past it "
                    "are not in the PDF's text; its cells from column %zu of %zu on, and the "
                    "columns past the edge, are cut off",
                    cutk + 1, sg->ncols))
      return gk_doc_fail_status(rg->doc);
  }
  size_t n = sg->nrows ? sg->nrows : 1;
  int *rank = malloc(n * sizeof *rank);
  rowkey *sorted = malloc(n * sizeof *sorted);
  int rc = rank && sorted ? GK_OK : GK_ENOMEM;
  for (size_t r = 0; r < sg->nrows && rc == GK_OK; r++) sorted[r] = (rowkey){sg->rows[r].yc, r};
  if (rc == GK_OK) qsort(sorted, sg->nrows, sizeof *sorted, cmp_rowkey);
  for (size_t r = 0; r < sg->nrows && rc == GK_OK; r++) rank[sorted[r].i] = (int)r;
  size_t nb = 0;
  for (size_t i = 0; i < sg->ncells && rc == GK_OK; i++)
    if (sg->cells[i].body) {
      sg->cells[i].row = sg->cells[i].row >= 0 ? rank[sg->cells[i].row] : -1;
      order[nb++] = &sg->cells[i];
    }
  if (rc == GK_OK) qsort(order, nb, sizeof *order, cmp_cell_pos);
  size_t oi = 0;
  for (size_t r = 0; r < sg->nrows && rc == GK_OK; r++) {
    const rowband *rb = &sg->rows[sorted[r].i];
    if (rb->gone) continue; /* its pieces went into their row */
    gk_row *row = add_row(rg->doc, rg->grid, &rc);
    if (!row) break;
    while (oi < nb && order[oi]->row < (int)r) oi++;
    for (gk_cell *gc; oi < nb && order[oi]->row == (int)r && rc == GK_OK; oi++) {
      rc = add_cell(rg->doc, row, order[oi]->text, order[oi]->tlen, &gc);
      if (gc) add_box(rg->p, gc, order[oi]->x0, order[oi]->y0, order[oi]->x1, order[oi]->y1);
    }
    size_t base = row->ncells;
    for (size_t k = 0; k < sg->ncols && rc == GK_OK && row->ncells == base + k; k++)
      rc = add_cell(rg->doc, row, "", 0, NULL);
    if (rc || row->ncells < base + sg->ncols) continue;
    if (rb->line != (size_t)-1) rc = emit_values(rg, sg, &rg->p->l[rb->line], row, base, 0);
    if (rc == GK_OK && rb->above) rc = emit_values(rg, sg, &rg->p->l[rb->above - 1], row, base, -1);
    if (rc == GK_OK && rb->below) rc = emit_values(rg, sg, &rg->p->l[rb->below - 1], row, base, 1);

    /* A cell left blank is where its column crosses its row (provenance). */
    for (size_t k = 0; rc == GK_OK && k < sg->ncols; k++)
      if (!*row->cells[base + k].text)
        add_box(rg->p, &row->cells[base + k], sg->cols[k].x0, rb->y0, sg->cols[k].x1, rb->y1);
    for (size_t k = cutk; rc == GK_OK && k < sg->ncols; k++) row->cells[base + k].src.cut_off = 1;
    gk_cell *past = NULL;
    if (cut && rc == GK_OK) rc = add_cell(rg->doc, row, "", 0, &past);
    if (past) {
      past->src.kind = GK_SRC_PDF;
      past->src.page = rg->p->no;
      past->src.cut_off = 1;
    }
  }
  free(rank);
  free(sorted);
  return rc;
}

/* One segment: header lines [s, f), body lines [f, e] (f is its first value line). */
static int build_segment(region *rg, size_t s, size_t f, size_t e) {
  segment sg = {s, f, e, NULL, 0, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0};
  cell **order = NULL;
  int rc = segment_cells(rg, &sg);
  if (rc == GK_OK) rc = segment_columns(rg, &sg);
  if (rc == GK_OK) rc = segment_value_rows(rg, &sg);
  if (rc == GK_OK) {
    segment_blank_rows(&sg);
    segment_assign_rows(&sg);
    rc = segment_join_wrapped(rg, &sg);
  }
  if (rc == GK_OK) {
    order = malloc((sg.ncells ? sg.ncells : 1) * sizeof *order);
    if (!order) rc = GK_ENOMEM;
  }
  if (rc == GK_OK) {
    size_t nh = 0;
    for (size_t i = 0; i < sg.ncells; i++)
      if (!sg.cells[i].body) order[nh++] = &sg.cells[i];
    qsort(order, nh, sizeof *order, cmp_cell_pos);
    rc = emit_header(rg, &sg, order, nh);
  }
  if (rc == GK_OK) rc = emit_body(rg, &sg, order);
  free(order);
  segment_free(&sg);
  return rc;
}

/* ------------------------------------------------------------------ regions → grids */

/* The smallest vertical gap (em of U) between a label word of line U and a label
 * word of line D under it that overlaps it, or 1e18 when none does. Label words are
 * left of the value area (rg->vleft) and before a row's values. */
static double label_gap(const region *rg, const line *U, const line *D) {
  const page *p = rg->p;
  double best = 1e18;
  size_t ue = U->numeric ? U->v0 : U->w1, de = D->numeric ? D->v0 : D->w1;
  for (size_t i = U->w0; i < ue; i++) {
    if (word_cx(&p->w[i]) >= rg->vleft) continue;
    for (size_t j = D->w0; j < de; j++)
      if (word_cx(&p->w[j]) < rg->vleft &&
          overlap(p->w[i].x0, p->w[i].x1, p->w[j].x0, p->w[j].x1) > 0)
        best = dmin(best, (p->w[j].y0 - p->w[i].y1) / U->em);
  }
  return best;
}

/* The value area's left edge and the gap inside a wrapped cell of region [a, b]: the
 * lines of a wrapped cell are closer than two rows ever are, so the tightest pair of
 * value lines bounds the gap inside a cell (LibreOffice and WPS space rows differently). */
static void region_measure(region *rg, size_t a, size_t b) {
  const page *p = rg->p;
  double gmin = 1e18;
  size_t prevn = (size_t)-1;
  rg->vleft = 1e18;
  rg->incell = GK_PDF_IN_CELL;
  for (size_t li = a; li <= b; li++) {
    if (!p->l[li].numeric) continue;
    rg->vleft = dmin(rg->vleft, p->w[p->l[li].v0].x0);
    if (prevn != (size_t)-1) {
      double g = (p->l[li].y0 - p->l[prevn].y1) / p->l[li].em;
      if (g > 0) gmin = dmin(gmin, g);
    }
    prevn = li;
  }
  if (gmin < 1e18)
    rg->incell = dmax(GK_PDF_IN_CELL_MIN, dmin(GK_PDF_IN_CELL_MAX, GK_PDF_IN_CELL_SHARE * gmin));
  rg->vleft -= GK_PDF_VALUE_LEFT_SLACK * p->l[a].em;
  /* The labels' own lines tell better where they are one cell: the tightest gap
     between two label lines one above the other is a wrapped cell's leading, and
     rows stand further apart (by their padding and rules) when some gap is wider. */
  double lmin = 1e18, lmax = -1e18;
  for (size_t li = a, lj; li < b; li = lj) {
    for (lj = li + 1; lj <= b && p->l[lj].marker; lj++) {
    }
    if (lj > b || p->l[li].marker) continue;
    double g = label_gap(rg, &p->l[li], &p->l[lj]);
    if (g < 0 || g >= 1e18) continue;
    lmin = dmin(lmin, g);
    lmax = dmax(lmax, g);
  }
  if (lmin < 1e18 && lmax > GK_PDF_ROW_GAP_RATIO * lmin)
    rg->incell = dmax(rg->incell, dmin(GK_PDF_IN_CELL_MAX, GK_PDF_IN_CELL_LEADING * lmin));
}

/* Lines [s, b] after the last value line that no segment took: label-only rows. */
static int emit_label_rows(region *rg, size_t s, size_t b) {
  const page *p = rg->p;
  int rc = GK_OK;
  for (size_t li = s; li <= b && rc == GK_OK; li++) {
    const line *L = &p->l[li];
    if (L->marker) continue;
    gk_row *row = add_row(rg->doc, rg->grid, &rc);
    for (size_t wi = L->w0; row && wi < L->w1 && rc == GK_OK; wi++) {
      gk_cell *gc;
      rc = add_cell(rg->doc, row, p->text + p->w[wi].t0, p->w[wi].tlen, &gc);
      if (gc) add_box(p, gc, p->w[wi].x0, p->w[wi].y0, p->w[wi].x1, p->w[wi].y1);
    }
  }
  return rc;
}

/* The last line of the segment whose first value line is f: up to the next header
 * line over the value area (a new column layout). */
static size_t segment_end(const region *rg, size_t f, size_t b) {
  const page *p = rg->p;
  size_t e = f;
  for (size_t k = f + 1; k <= b; k++) {
    const line *L = &p->l[k];
    if (L->numeric) {
      e = k;
      continue;
    }
    if (L->marker) continue;
    for (size_t wi = L->w0; wi < L->w1; wi++)
      if (word_cx(&p->w[wi]) >= rg->vleft) return e;
    e = k;
  }
  return e;
}

int gk_pdf_region_emit(gk_doc *doc, const page *p, size_t a, size_t b, int *top) {
  region rg = {doc, p, 0, 0, NULL, top};
  region_measure(&rg, a, b);
  if (!(rg.grid = gk_doc_add_grid(doc, 0))) return gk_doc_fail_status(doc);
  rg.grid->page = p->no;
  for (size_t s = a; s <= b;) {
    size_t f = s;
    while (f <= b && !p->l[f].numeric) f++;
    if (f > b) return emit_label_rows(&rg, s, b);
    size_t e = segment_end(&rg, f, b);
    int rc = build_segment(&rg, s, f, e);
    if (rc) return rc;
    s = e + 1;
  }
  return GK_OK;
}
