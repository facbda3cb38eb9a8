/* pdf_layout.c: the PDF page pipeline: pages in one at a time, furniture settled over
 * neighbouring pages, then each page out in reading order as paragraphs (wrapped
 * lines joined, across page breaks too) and table grids (pdf_grid.c). */
#include "pdf_layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "../core/utf8.h"
#include "pdf_grid.h"

static double dmin(double a, double b) { return a < b ? a : b; }
static double dmax(double a, double b) { return a > b ? a : b; }

/* The paragraph being collected and what later lines are compared with. */
typedef struct {
  char *text;
  size_t len, cap;
  int page;         /* page of its first line */
  int open;         /* a paragraph is being collected */
  int lno;          /* its last line's page */
  gk_pdf_line ll;   /* its last line */
  double lright;    /* the right text margin of that page */
  uint32_t last_cp; /* last code point of the paragraph */
} paragraph;

/* A page waiting for its furniture to be settled: the candidates for running
 * header or footer, each waiting for a repeat on a page within reach. */
typedef struct {
  gk_pdf_page page;
  gk_pdf_margin_line cand[2 * GK_PDF_MARGIN_LINES];
  size_t ncand;
} pending;

#define QUEUE_LEN (GK_PDF_MARKER_REACH + 1)

struct gk_pdf_layout {
  gk_doc *doc;
  pending queue[QUEUE_LEN]; /* ring of pages added but not yet emitted */
  size_t qhead, qlen;
  gk_pdf_edges edges[GK_PDF_MARKER_REACH]; /* ring: the last pages' edges, by page no */
  int npages;                              /* pages added */
  size_t nglyphs;
  gk_pdf_glyph *scratch; /* the current page's glyphs */
  size_t scap;
  paragraph para;
  int top; /* row alignment of the last table that showed it: -1 unknown, 0/1 */
};

/* ------------------------------------------------------------------ paragraphs */

static int para_put(paragraph *pa, const char *s, size_t n) {
  if (pa->len + n + 1 > pa->cap) {
    size_t nc = pa->cap ? pa->cap * 2 : 256;
    while (nc < pa->len + n + 1) nc *= 2;
    char *t = realloc(pa->text, nc);
    if (!t) return GK_ENOMEM;
    pa->text = t;
    pa->cap = nc;
  }
  memcpy(pa->text + pa->len, s, n);
  pa->len += n;
  pa->text[pa->len] = '\0';
  return GK_OK;
}

static int flush_para(gk_doc *doc, paragraph *pa) {
  if (!pa->open) return GK_OK;
  pa->open = 0;
  gk_block *b = gk_doc_add_paragraph(doc, pa->text, pa->len, 0);
  if (!b) return gk_doc_fail_status(doc);
  b->page = pa->page;
  pa->len = 0;
  return GK_OK;
}

/* Whether line L of page p continues the open paragraph (a wrapped line); `left` is
 * the page's left text margin. */
static int continues(const paragraph *pa, const gk_pdf_page *p, const gk_pdf_line *L, double left) {
  if (!pa->open || L->heading) return 0;
  const gk_pdf_line *P = &pa->ll;
  if (fabs(L->em - P->em) > GK_PDF_PARA_EM_CHANGE * P->em) return 0;
  if (P->x1 < pa->lright - GK_PDF_PARA_SHORT * P->em) return 0; /* the line above ended short */
  if (pa->lno == p->no) {
    if (L->y0 - P->y1 > GK_PDF_PARA_LEADING * P->em || L->y0 < P->y1 - GK_PDF_PARA_RISE * P->em)
      return 0;
    return L->x0 <= P->x0 + GK_PDF_PARA_INDENT * P->em;
  }
  /* Across a page break: the next page's first line starts at the margin. */
  return L->x0 <= left + GK_PDF_PARA_INDENT * L->em;
}

static int is_alnum_cp(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Adds line L to the open paragraph, or flushes it and opens a new one; `left` and
 * `right` are the page's text margins. */
static int add_line_to_para(gk_pdf_layout *lay, const gk_pdf_page *p, const gk_pdf_line *L,
                            double left, double right) {
  paragraph *pa = &lay->para;
  int rc;
  if (!continues(pa, p, L, left) && (rc = flush_para(lay->doc, pa))) return rc;
  if (!pa->open) {
    pa->open = 1;
    pa->len = 0;
    pa->page = p->no;
  } else {
    /* A Latin word wrapped at the line's end gets its space back; CJK runs on. */
    uint32_t f = gk_pdf_word_first(p, &p->w[L->w0]);
    if (is_alnum_cp(pa->last_cp) && is_alnum_cp(f) && (rc = para_put(pa, " ", 1))) return rc;
  }
  for (size_t k = L->w0; k < L->w1; k++) {
    const gk_pdf_word *w = &p->w[k];
    if (k > L->w0) {
      const gk_pdf_word *pw = &p->w[k - 1];
      double gap = (w->x0 - pw->x1) / L->em;
      if (gk_pdf_want_space(pw->last, gk_pdf_word_first(p, w), gap) && (rc = para_put(pa, " ", 1)))
        return rc;
    }
    if ((rc = para_put(pa, p->text + w->t0, w->tlen))) return rc;
  }
  pa->lno = p->no;
  pa->ll = *L;
  pa->lright = right;
  pa->last_cp = p->w[L->w1 - 1].last;
  return GK_OK;
}

/* ------------------------------------------------------------------ one page out */

/* Classifies the lines of page p and appends it in reading order: the text before
 * each table region, the region, the text after the last one. */
static int emit_page(gk_pdf_layout *lay, gk_pdf_page *p) {
  gk_pdf_classify_lines(p);
  double left = 1e18, right = -1e18;
  for (size_t i = 0; i < p->nl; i++)
    if (!p->l[i].marker && !p->l[i].numeric) {
      left = dmin(left, p->l[i].x0);
      right = dmax(right, p->l[i].x1);
    }
  size_t i = 0, done = 0; /* lines [0, done) are emitted */
  int rc;
  while (i < p->nl) {
    if (p->l[i].marker || !p->l[i].numeric) {
      i++;
      continue;
    }
    size_t start, end;
    gk_pdf_region_find(p, i, done, &start, &end);
    for (size_t k = done; k < start; k++)
      if (!p->l[k].marker && (rc = add_line_to_para(lay, p, &p->l[k], left, right))) return rc;
    if ((rc = flush_para(lay->doc, &lay->para))) return rc;
    /* Markers inside the region are skipped by the grid assembly. */
    if ((rc = gk_pdf_region_emit(lay->doc, p, start, end, &lay->top))) return rc;
    done = end + 1;
    i = end + 1;
  }
  for (size_t k = done; k < p->nl; k++)
    if (!p->l[k].marker && (rc = add_line_to_para(lay, p, &p->l[k], left, right))) return rc;
  return GK_OK;
}

/* ------------------------------------------------------------------ the page queue */

gk_pdf_layout *gk_pdf_layout_new(gk_doc *doc) {
  gk_pdf_layout *lay = calloc(1, sizeof *lay);
  if (lay) {
    lay->doc = doc;
    lay->top = -1;
  }
  return lay;
}

void gk_pdf_layout_free(gk_pdf_layout *lay) {
  if (!lay) return;
  for (size_t k = 0; k < lay->qlen; k++)
    gk_pdf_page_free(&lay->queue[(lay->qhead + k) % QUEUE_LEN].page);
  free(lay->scratch);
  free(lay->para.text);
  free(lay);
}

size_t gk_pdf_layout_glyphs(const gk_pdf_layout *lay) { return lay->nglyphs; }

/* Writes n with thousands separators (2,000,000) into buf. */
static const char *thousands(size_t n, char *buf, size_t cap) {
  char d[32];
  int len = snprintf(d, sizeof d, "%zu", n), o = 0;
  for (int i = 0; i < len && (size_t)o + 2 < cap; i++) {
    if (i > 0 && (len - i) % 3 == 0) buf[o++] = ',';
    buf[o++] = d[i];
  }
  buf[o] = '\0';
  return buf;
}

/* Refuses a page of `n` glyphs past the page or the document limit. */
static int check_limits(gk_pdf_layout *lay, size_t n) {
  char pos[32], a[32], b[32];
  int no = lay->npages + 1;
  snprintf(pos, sizeof pos, "page %d", no);
  if (n > GK_MAX_PDF_PAGE_GLYPHS) {
    gk_diag_add(lay->doc, GK_SEV_ERROR, "limit", pos,
                "page %d has %s glyphs; the limit is %s a page", no, thousands(n, a, sizeof a),
                thousands(GK_MAX_PDF_PAGE_GLYPHS, b, sizeof b));
    return GK_ELIMIT;
  }
  if (lay->nglyphs + n > GK_MAX_PDF_GLYPHS) {
    gk_diag_add(lay->doc, GK_SEV_ERROR, "limit", pos,
                "page %d brings the document to %s glyphs; the limit is %s a document", no,
                thousands(lay->nglyphs + n, a, sizeof a),
                thousands(GK_MAX_PDF_GLYPHS, b, sizeof b));
    return GK_ELIMIT;
  }
  return GK_OK;
}

static pending *queued(gk_pdf_layout *lay, size_t k) {
  return &lay->queue[(lay->qhead + k) % QUEUE_LEN];
}

/* Marks the candidates of `q` that repeat among the edges `e` of another page; a
 * marked candidate is settled and leaves the list. */
static void settle(pending *q, const gk_pdf_edges *e) {
  size_t m = 0;
  for (size_t k = 0; k < q->ncand; k++) {
    if (gk_pdf_margin_repeats(&q->cand[k], e))
      q->page.l[q->cand[k].line].marker = 1;
    else
      q->cand[m++] = q->cand[k];
  }
  q->ncand = m;
}

/* Emits the pages at the head of the queue whose furniture is settled: no candidate
 * left, or every page within reach seen (`all`: there are no more pages). */
static int emit_settled(gk_pdf_layout *lay, int all) {
  while (lay->qlen) {
    pending *q = queued(lay, 0);
    if (!all && q->ncand && lay->npages < q->page.no + GK_PDF_MARKER_REACH) break;
    int rc = emit_page(lay, &q->page);
    gk_pdf_page_free(&q->page);
    lay->qhead = (lay->qhead + 1) % QUEUE_LEN;
    lay->qlen--;
    if (rc) return rc;
  }
  return GK_OK;
}

/* Builds the words and lines of the `n` showing glyphs in lay->scratch as page `no`
 * and queues it, its furniture compared with the pages before it and theirs with it. */
static int queue_page(gk_pdf_layout *lay, size_t n, double width, double height) {
  pending *q = queued(lay, lay->qlen++);
  memset(q, 0, sizeof *q);
  q->page.width = width;
  q->page.height = height;
  q->page.no = ++lay->npages;
  int rc = gk_pdf_page_build(&q->page, lay->scratch, n);
  if (rc) return rc;
  q->ncand = gk_pdf_page_margins(&q->page, q->cand);
  gk_pdf_edges *e = &lay->edges[(q->page.no - 1) % GK_PDF_MARKER_REACH];
  for (int no = q->page.no - 1; no >= 1 && no >= q->page.no - GK_PDF_MARKER_REACH; no--)
    settle(q, &lay->edges[(no - 1) % GK_PDF_MARKER_REACH]);
  /* This page's edges replace those of the page that is now out of reach. */
  gk_pdf_page_edges(&q->page, e);
  for (size_t k = 0; k + 1 < lay->qlen; k++) settle(queued(lay, k), e);
  return GK_OK;
}

gk_pdf_glyph *gk_pdf_layout_page_buffer(gk_pdf_layout *lay, size_t n) {
  if (n > lay->scap) {
    /* Grown by doubling and kept for the document: a page's glyphs arrive right
       after poppler has freed its text page, and a fresh large block then costs
       malloc a consolidation of all those small chunks (0.3 M instructions). */
    size_t nc = lay->scap ? lay->scap : GK_PDF_PAGE_BUFFER_MIN;
    while (nc < n) nc *= 2;
    gk_pdf_glyph *g = realloc(lay->scratch, nc * sizeof *g);
    if (!g) return NULL;
    lay->scratch = g;
    lay->scap = nc;
  }
  return lay->scratch;
}

int gk_pdf_layout_add_page(gk_pdf_layout *lay, const gk_pdf_glyph *glyphs, size_t n, double width,
                           double height) {
  int rc;
  /* A page that may be past the limit is counted before anything is allocated. */
  if (n > GK_MAX_PDF_PAGE_GLYPHS) {
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) shown += (size_t)gk_pdf_glyph_shows(&glyphs[i], width, height);
    if ((rc = check_limits(lay, shown))) return rc;
  }
  /* The glyphs that show are kept in order; in place when they are in the buffer
     already (a glyph is written at or before where it was read). */
  gk_pdf_glyph *dst = glyphs == lay->scratch ? lay->scratch : gk_pdf_layout_page_buffer(lay, n);
  if (!dst) return GK_ENOMEM;
  size_t shown = 0;
  for (size_t i = 0; i < n; i++)
    if (gk_pdf_glyph_shows(&glyphs[i], width, height)) dst[shown++] = glyphs[i];
  if ((rc = check_limits(lay, shown))) return rc;
  lay->nglyphs += shown;
  if ((rc = queue_page(lay, shown, width, height))) return rc;
  return emit_settled(lay, 0);
}

int gk_pdf_layout_finish(gk_pdf_layout *lay) {
  int rc = emit_settled(lay, 1);
  if (rc == GK_OK) rc = flush_para(lay->doc, &lay->para);
  return rc;
}
