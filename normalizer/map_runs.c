/* map_runs.c: tables read from run-together digits (see map_runs.h). */
#include "map_runs.h"

#include <stdio.h>
#include <string.h>

#include "../core/doc.h"
#include "../core/rules.h"
#include "../core/utf8.h"
#include "digitrows.h"
#include "digitrun.h"
#include "map_keys.h"
#include "map_layout.h"
#include "map_store.h"
#include "textfix.h"

/* Digit runs read in one document: a flattened report has about 60 (a cell run per
 * row, dates and figures of the narrative); past this the text is no report. */
#define RUNS_MAX 4096
/* Characters before a run whose key is compared with the row labels: the longest
 * wording of a label has fewer, so a long narrative before a run costs no more. */
#define RUNS_KEY_WINDOW 48
/* Similarity from which a label with a typo (`其他法律行政止公开`) takes the run
 * after it, when it lies between two rows found by their exact wording: the order
 * of the template then leaves it no other run. */
#define RUNS_SIM_TYPO 0.8
/* Digits a t4 run of fifteen cells has at least (every cell a single digit). */
#define RUNS_T4_MIN_DIGITS 15
/* Search steps of digitrun for all the runs of one document together: a report's
 * runs take a few thousand; with it a document's decoding ends in bounded time
 * whatever its text (the runs past it are undecided, null, never guessed). */
#define RUNS_MAX_STEPS GK_DRUN_MAX_STEPS
/* Rows a table needs aligned to be read from runs: one label before one number may
 * be a sentence of the narrative (收到行政复议3次 …), two in template order are a table. */
#define RUNS_MIN_ROWS 2
/* Template rows aligned at once: t2, t3 and t4 of either generation. */
#define RUNS_MAX_ROWS 64

/* A folded character of the paragraphs and where it was. */
typedef struct tchar {
  uint32_t cp;
  int line, col;
} tchar;

typedef struct run {
  int start, end; /* tchar range [start, end) holding the run (digits, spaces, '.', sign) */
  int seg0;       /* the text before the run starts at this tchar */
  char *digits;   /* the run without spaces: what digitrun splits */
  int *at;        /* per byte of digits: its tchar */
  int ndig;
  uint32_t key[RUNS_KEY_WINDOW * 2];
  size_t nkey; /* key of the text before the run, its last RUNS_KEY_WINDOW characters */
  int taken;   /* a row of a table holds it */
} run;

/* A template row taking part in the alignment. */
typedef struct arow {
  gk_table t;
  int r;
  gk_variants v;
  int run; /* the run it holds, or -1 */
  int decided_var0, nvars;
} arow;

typedef struct rctx {
  gk_doc *doc;
  gk_arena *a;
  tchar *tc;
  int ntc;
  run *runs;
  int nruns;
  arow rows[RUNS_MAX_ROWS];
  int nrows;
  struct cands *visit; /* where solve_part passes every reading, or NULL */
  long steps_left;      /* search steps the document has left (RUNS_MAX_STEPS in all) */
} rctx;

/* Readings of one run under its own rules, all of them (up to RUNS_MAX_CANDS). */
struct cands {
  int nvars, n, cap;
  int over; /* more readings than cap: the list is not all of them */
  int *off, *len;
  long long *val;
};
typedef struct cands cands;

/* A private-use code point standing for a no-break space in the paragraphs' text
 * (see mark_nbsp), and the byte it becomes in a run's digits: a blank cell. */
#define BLANK_MARK 0xE000u
#define BLANK_DIGIT GK_DRUN_BLANK

static int is_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }
static int is_mark(uint32_t cp) { return cp == BLANK_MARK; }
static int is_cell(uint32_t cp) { return is_digit(cp) || is_mark(cp); }
static int is_gap(uint32_t cp) { return cp == ' ' || cp == '\t'; }

/* Characters that make a number after it a figure of the narrative, not a cell:
 * units and dates (763件, 2023年, 15%). */
static int is_unit(uint32_t cp) {
  static const uint32_t units[] = {0x4EF6 /*件*/, 0x6761 /*条*/, 0x4E2A /*个*/, 0x6B21 /*次*/,
                                   0x4EBA /*人*/, 0x5BB6 /*家*/, 0x4EFD /*份*/, 0x4E07 /*万*/,
                                   0x5143 /*元*/, 0x5E74 /*年*/, 0x6708 /*月*/, 0x65E5 /*日*/,
                                   0x53F7 /*号*/, '%',           0x5929 /*天*/, 0x671F /*期*/,
                                   0x7BC7 /*篇*/, 0x6279 /*批*/, 0x5BB6 /*家*/, 0x5C0F /*小*/,
                                   ':',           0x70B9 /*点*/, 0x9879 /*项*/, 0x4F4D /*位*/,
                                   0x8D77 /*起*/, 0x5B97 /*宗*/, 0x6237 /*户*/, 0x5F20 /*张*/};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (cp == units[i]) return 1;
  return 0;
}

/* A no-break space is what a blank cell (&nbsp;) leaves in a page's textContent:
 * kept as BLANK_MARK through the folding (which makes it a space) so that a run can
 * tell it. Returns s itself when it has none, or NULL when out of memory. */
static const char *mark_nbsp(gk_arena *a, const char *s) {
  if (!s || !strstr(s, "\xc2\xa0")) return s;
  size_t n = strlen(s);
  char *o = gk_arena_alloc_uninit(a, n * 2 + 1), *w = o; /* 2 bytes become 3 */
  if (!o) return NULL;
  for (const char *p = s; *p;) {
    if (p[0] == '\xc2' && p[1] == '\xa0') {
      w += gk_utf8_put(BLANK_MARK, w);
      p += 2;
    } else {
      *w++ = *p++;
    }
  }
  *w = '\0';
  return o;
}

/* The paragraphs' text, folded, with a line break between paragraphs. */
static int gather_text(rctx *c) {
  gk_doc *doc = c->doc;
  size_t bytes = 0;
  for (size_t b = 0; b < doc->nblocks; b++)
    if (doc->blocks[b].kind == GK_BLOCK_PARAGRAPH && doc->blocks[b].text)
      bytes += strlen(doc->blocks[b].text) + 1;
  if (bytes > GK_RUNS_MAX_TEXT) return 1;
  c->tc = gk_arena_alloc_uninit(c->a, sizeof(tchar) * (bytes + 1)); /* filled up to ntc */
  if (!c->tc) return GK_ENOMEM;
  for (size_t b = 0; b < doc->nblocks; b++) {
    const gk_block *bl = &doc->blocks[b];
    if (bl->kind != GK_BLOCK_PARAGRAPH || !bl->text) continue;
    char *f = gk_text_fold(c->a, mark_nbsp(c->a, bl->text));
    if (!f) return GK_ENOMEM;
    size_t len = strlen(f), i = 0;
    int col = 0;
    while (i < len && (size_t)c->ntc < bytes) {
      uint32_t cp = gk_utf8_next(f, len, &i);
      if (gk_cp_is_space(cp) && cp != '\t') cp = ' ';
      c->tc[c->ntc++] = (tchar){cp, bl->line, ++col};
    }
    if ((size_t)c->ntc < bytes) c->tc[c->ntc++] = (tchar){'\n', bl->line, col + 1};
  }
  return GK_OK;
}

/* Where a run that starts at i ends: digits, with single spaces, a decimal point or
 * a sign between them. */
static int run_end(const rctx *c, int i) {
  int j = i;
  while (j < c->ntc) {
    uint32_t cp = c->tc[j].cp;
    if (is_cell(cp)) {
      j++;
      continue;
    }
    int k = j;
    while (k < c->ntc && is_gap(c->tc[k].cp)) k++;
    if (k > j && k < c->ntc && is_cell(c->tc[k].cp)) {
      j = k;
      continue;
    }
    if ((cp == '.' || cp == '-' || cp == '+') && j + 1 < c->ntc && is_digit(c->tc[j + 1].cp) &&
        (cp != '.' || is_digit(c->tc[j - 1].cp))) {
      j++;
      continue;
    }
    break;
  }
  return j;
}

/* The key of tchars [s, e), its last RUNS_KEY_WINDOW characters, into r->key. */
static int seg_key(rctx *c, int s, int e, run *r) {
  if (e - s > RUNS_KEY_WINDOW) s = e - RUNS_KEY_WINDOW;
  char buf[RUNS_KEY_WINDOW * 4 + 1];
  size_t o = 0;
  for (int i = s; i < e; i++) o += (size_t)gk_utf8_put(c->tc[i].cp, buf + o);
  buf[o] = '\0';
  gk_arena_pos mark = gk_arena_mark(c->a);
  char *k = gk_text_key(c->a, buf);
  if (!k) return GK_ENOMEM;
  r->nkey = gk_text_cps(k, r->key, sizeof r->key / sizeof r->key[0]);
  gk_arena_release(c->a, mark);
  return GK_OK;
}

/* Cuts the text into runs. A digit just before `.`/`、` that opens a label is the
 * next row's numbering (`00000002.其他…`), a number in brackets is numbering
 * (`(2)`), and a number before a unit is a figure of the narrative: none of them is
 * part of a run. */
static int cut_runs(rctx *c) {
  c->runs = gk_arena_alloc_uninit(c->a, sizeof(run) * RUNS_MAX); /* each set when cut */
  if (!c->runs) return GK_ENOMEM;
  int seg0 = 0;
  for (int i = 0; i < c->ntc;) {
    if (!is_cell(c->tc[i].cp) &&
        !((c->tc[i].cp == '-' || c->tc[i].cp == '+') && i + 1 < c->ntc && is_digit(c->tc[i + 1].cp))) {
      i++;
      continue;
    }
    int e = run_end(c, i), s = i, next = e;
    /* Blank marks between digits are blank cells; at the ends of a run with digits
       they may as well be padding around it (&nbsp; paragraphs), so the run is its
       digits; a run of marks alone is a row of blanks. */
    int any_digit = 0;
    for (int q = s; q < e && !any_digit; q++) any_digit = is_digit(c->tc[q].cp);
    if (any_digit) {
      while (s < e && (is_mark(c->tc[s].cp) || is_gap(c->tc[s].cp))) s++;
      while (e > s && (is_mark(c->tc[e - 1].cp) || is_gap(c->tc[e - 1].cp))) e--;
    }
    uint32_t after = e < c->ntc ? c->tc[e].cp : 0;
    uint32_t before = s > 0 ? c->tc[s - 1].cp : 0;
    int keep_end = e;
    if ((after == '.' || after == 0x3001) && is_digit(c->tc[e - 1].cp)) keep_end = e - 1;
    int bracketed = (before == '(' || before == '[') && (after == ')' || after == ']') && e - s <= 2;
    int k = e;
    while (k < c->ntc && is_gap(c->tc[k].cp)) k++;
    int prose = k < c->ntc && is_unit(c->tc[k].cp);
    while (keep_end > s && is_gap(c->tc[keep_end - 1].cp)) keep_end--;
    if (bracketed || prose || keep_end <= s || c->tc[s].cp == '.') {
      /* Not a cell run; numbering stays in the label text, a figure ends it. */
      if (prose) seg0 = e;
      i = next;
      continue;
    }
    if (c->nruns == RUNS_MAX) return 1;
    run *r = &c->runs[c->nruns];
    memset(r, 0, sizeof *r);
    r->start = s;
    r->end = keep_end;
    r->seg0 = seg0;
    r->digits = gk_arena_alloc(c->a, (size_t)(keep_end - s) + 1);
    r->at = gk_arena_alloc(c->a, sizeof(int) * (size_t)(keep_end - s + 1));
    if (!r->digits || !r->at) return GK_ENOMEM;
    for (int q = s; q < keep_end; q++)
      if (!is_gap(c->tc[q].cp)) {
        r->digits[r->ndig] = is_mark(c->tc[q].cp) ? BLANK_DIGIT : (char)c->tc[q].cp;
        r->at[r->ndig++] = q;
      }
    r->digits[r->ndig] = '\0';
    int rc = seg_key(c, seg0, s, r);
    if (rc) return rc;
    c->nruns++;
    seg0 = keep_end;
    i = next;
  }
  return GK_OK;
}

/* Whether the key before run j ends in one of the row's wordings. */
static int label_ends(const arow *ar, const run *rn) {
  for (int v = 0; v < ar->v.nv; v++) {
    size_t n = ar->v.n[v];
    if (n >= 2 && n <= rn->nkey && memcmp(rn->key + rn->nkey - n, ar->v.cp[v], n * sizeof(uint32_t)) == 0)
      return 1;
  }
  return 0;
}

/* The best similarity of a row's wordings to the end of the key before a run, over
 * ends one or two characters shorter or longer than the wording. */
static double label_sim(const arow *ar, const run *rn) {
  double best = 0;
  for (int v = 0; v < ar->v.nv; v++) {
    size_t n = ar->v.n[v];
    if (n < 3) continue; /* a two-character label (总计, 其他) is matched exactly or not at all */
    for (size_t l = n > 2 ? n - 2 : 1; l <= n + 2 && l <= rn->nkey; l++) {
      double s = gk_text_sim(ar->v.cp[v], n, rn->key + rn->nkey - l, l);
      if (s > best) best = s;
    }
  }
  return best;
}

static int numeric_cells(const gk_stable *st, int r) {
  int n = 0;
  for (int p = 0; p < st->rows[r].ncols; p++) n += st->cols[st->rows[r].cols[p]].kind != GK_VK_TEXT;
  return n;
}

/* The rows of the tables not found, in template order. */
static int load_rows(rctx *c) {
  gk_doc *doc = c->doc;
  for (gk_table t = GK_T2; t < GK_NTABLES; t++) {
    if (doc->table_found[t]) continue;
    const gk_stable *st = doc->schema->tables[t];
    for (int r = 0; r < st->nrows && c->nrows < RUNS_MAX_ROWS; r++) {
      if (!numeric_cells(st, r)) continue;
      arow *ar = &c->rows[c->nrows];
      ar->t = t;
      ar->r = r;
      ar->run = -1;
      if (gk_text_variants_load(c->a, st->rows[r].labels, &ar->v)) return GK_ENOMEM;
      c->nrows++;
    }
  }
  return GK_OK;
}

/* The alignment: most rows holding a run whose label ends the text before it, rows
 * and runs both in order (dynamic programming over rows × runs). Then a row left
 * between two aligned ones takes a run between theirs by a near wording. */
static int align(rctx *c) {
  int R = c->nrows, J = c->nruns;
  size_t cells = (size_t)(R + 1) * (size_t)(J + 1);
  short *f = gk_arena_alloc_uninit(c->a, cells * sizeof(short)); /* every cell set below */
  if (!f) return GK_ENOMEM;
#define F(i, j) f[(size_t)(i) * (size_t)(J + 1) + (size_t)(j)]
  for (int j = 0; j <= J; j++) F(0, j) = 0;
  for (int i = 1; i <= R; i++) {
    F(i, 0) = 0;
    for (int j = 1; j <= J; j++) {
      short best = F(i - 1, j);
      if (F(i, j - 1) > best) best = F(i, j - 1);
      if (label_ends(&c->rows[i - 1], &c->runs[j - 1]) && F(i - 1, j - 1) + 1 > best)
        best = (short)(F(i - 1, j - 1) + 1);
      F(i, j) = best;
    }
  }
  for (int i = R, j = J; i > 0 && j > 0;) {
    if (F(i, j) == F(i - 1, j)) {
      i--;
    } else if (F(i, j) == F(i, j - 1)) {
      j--;
    } else {
      c->rows[i - 1].run = j - 1;
      c->runs[j - 1].taken = 1;
      i--, j--;
    }
  }
#undef F
  /* Near wordings, between the neighbours' runs. */
  for (int i = 0; i < R; i++) {
    if (c->rows[i].run >= 0) continue;
    int lo = -1, hi = J;
    for (int k = i - 1; k >= 0 && lo < 0; k--) lo = c->rows[k].run >= 0 ? c->rows[k].run : -1;
    for (int k = i + 1; k < R && hi == J; k++) hi = c->rows[k].run >= 0 ? c->rows[k].run : J;
    if (lo < 0 && hi == J) continue;
    int best = -1;
    double bs = RUNS_SIM_TYPO;
    for (int j = lo + 1; j < hi; j++) {
      if (c->runs[j].taken) continue;
      double s = label_sim(&c->rows[i], &c->runs[j]);
      if (s >= bs) bs = s, best = j;
    }
    if (best >= 0) {
      c->rows[i].run = best;
      c->runs[best].taken = 1;
    }
  }
  return GK_OK;
}

static gk_drun_kind drun_kind(gk_vkind k) {
  return k == GK_VK_SIGNED ? GK_DRUN_SIGNED : k == GK_VK_DECIMAL ? GK_DRUN_DECIMAL : GK_DRUN_COUNT;
}

/* Template rows of one table (more than any table has). */
#define RUNS_TROWS 48
#define RUNS_MAX_VARS (RUNS_TROWS * GK_MAX_ROW_COLS)

/* A table's decoding problem: runs in text order, each holding the numeric cells of
 * one row (or, t4 printed as one line, of all its rows), vars cell by cell. */
typedef struct tprob {
  const gk_stable *st;
  gk_table t;
  int var0[RUNS_TROWS], nv[RUNS_TROWS]; /* per template row: its first var, its count (0: none) */
  int nvars;
  gk_drun_kind kinds[RUNS_MAX_VARS];
  gk_drun_run runs[RUNS_TROWS];
  int run_of[RUNS_TROWS]; /* the rctx run of each */
  int nruns;
} tprob;

/* A cell's var: the row's first var plus the cell's place among its numeric cells. */
static int var_of(void *ctx, int row, int col, long long *known) {
  const tprob *p = ctx;
  (void)known;
  if (row < 0 || row >= RUNS_TROWS || !p->nv[row]) return -2;
  const gk_srow *sr = &p->st->rows[row];
  int k = 0;
  for (int q = 0; q < sr->ncols; q++) {
    if (sr->cols[q] == col) return p->var0[row] + k;
    k += p->st->cols[sr->cols[q]].kind != GK_VK_TEXT;
  }
  return -2;
}

/* Adds template rows rs[0 .. n) read from rctx run j as one problem run. */
static void add_run(rctx *c, tprob *p, const int *rs, int n, int j) {
  if (p->nruns == RUNS_TROWS) return;
  gk_drun_run *pr = &p->runs[p->nruns];
  pr->s = c->runs[j].digits;
  pr->len = c->runs[j].ndig;
  pr->var0 = p->nvars;
  for (int i = 0; i < n; i++) {
    int r = rs[i], e = numeric_cells(p->st, r);
    if (r >= RUNS_TROWS || p->nvars + e > RUNS_MAX_VARS) return;
    p->var0[r] = p->nvars;
    p->nv[r] = e;
    for (int q = 0, k = 0; q < p->st->rows[r].ncols; q++) {
      gk_vkind vk = p->st->cols[p->st->rows[r].cols[q]].kind;
      if (vk != GK_VK_TEXT) p->kinds[p->nvars + k++] = drun_kind(vk);
    }
    p->nvars += e;
  }
  pr->nvars = p->nvars - pr->var0;
  p->run_of[p->nruns++] = j;
}

static int keep_cand(void *ctx, const int *off, const int *len, const long long *val, int nvars);

/* Solves problem runs [lo, hi) of p alone, under those of eqs whose every var lies in
 * them (none when use_eqs is 0). The result's vars are renumbered from runs[lo]. */
static int solve_part(rctx *c, const tprob *p, int lo, int hi, const gk_drun_eq *eqs, int neqs,
                      int use_eqs, gk_drun_result *res) {
  int v0 = p->runs[lo].var0, v1 = p->runs[hi - 1].var0 + p->runs[hi - 1].nvars;
  gk_drun_run runs[RUNS_TROWS];
  for (int k = lo; k < hi; k++) {
    runs[k - lo] = p->runs[k];
    runs[k - lo].var0 -= v0;
  }
  gk_drun_eq *sub = gk_arena_alloc(c->a, sizeof(gk_drun_eq) * (size_t)(neqs + 1));
  if (!sub) return GK_ENOMEM;
  int ns = 0;
  for (int e = 0; use_eqs && e < neqs; e++) {
    int in = 1;
    for (int q = 0; q < eqs[e].nterms && in; q++) in = eqs[e].terms[q].var >= v0 && eqs[e].terms[q].var < v1;
    if (!in) continue;
    gk_drun_term *tm = gk_arena_alloc(c->a, sizeof(gk_drun_term) * (size_t)eqs[e].nterms);
    if (!tm) return GK_ENOMEM;
    for (int q = 0; q < eqs[e].nterms; q++) tm[q] = (gk_drun_term){eqs[e].terms[q].var - v0, eqs[e].terms[q].coef};
    sub[ns++] = (gk_drun_eq){tm, eqs[e].nterms, eqs[e].konst, eqs[e].id};
  }
  gk_drun_problem sp = {v1 - v0, p->kinds + v0, runs, hi - lo, sub, ns, c->steps_left > 0 ? c->steps_left : 1,
                        c->visit ? keep_cand : NULL, c->visit};
  int rc = gk_drun_solve(c->a, &sp, res);
  c->steps_left -= res->steps;
  return rc;
}

/* Solves run k alone under the eqs within it, every reading passed to cs (if any). */
static int solve_part_visit(rctx *c, const tprob *p, int k, const gk_drun_eq *eqs, int neqs, struct cands *cs,
                            gk_drun_result *res) {
  if (!cs) return solve_part(c, p, k, k + 1, eqs, neqs, 1, res);
  c->visit = cs;
  int rc = solve_part(c, p, k, k + 1, eqs, neqs, 1, res);
  c->visit = NULL;
  return rc;
}

/* The ids of the eqs over vars [v0, v1) (all of them when whole), space-separated,
 * each once, in the doc's arena. */
static const char *eq_ids(rctx *c, const gk_drun_eq *eqs, int neqs, int v0, int v1, int inside) {
  char buf[256];
  size_t o = 0;
  for (int e = 0; e < neqs; e++) {
    int touches = 0, all = 1;
    for (int q = 0; q < eqs[e].nterms; q++) {
      int in = eqs[e].terms[q].var >= v0 && eqs[e].terms[q].var < v1;
      touches |= in;
      all &= in;
    }
    if (!touches || (inside && !all)) continue;
    size_t l = strlen(eqs[e].id);
    /* once each */
    int seen = 0;
    for (size_t s = 0; s + l <= o && !seen; s++)
      seen = memcmp(buf + s, eqs[e].id, l) == 0 && (s + l == o || buf[s + l] == ' ') &&
             (s == 0 || buf[s - 1] == ' ');
    if (seen || o + l + 2 > sizeof buf) continue;
    if (o) buf[o++] = ' ';
    memcpy(buf + o, eqs[e].id, l);
    o += l;
    buf[o] = '\0';
  }
  return o ? gk_arena_strdup(c->doc->arena, buf) : NULL;
}

/* Appends to a buffer, cut at its end. */
static void cat(char *buf, size_t cap, size_t *o, const char *s, size_t n) {
  if (*o + n + 1 > cap) n = *o + 1 < cap ? cap - *o - 1 : 0;
  memcpy(buf + *o, s, n);
  *o += n;
  buf[*o] = '\0';
}

/* The readings of vars [v0, v1) among the kept ones, distinct, as 3|1|27, 3|12|7 …
 * into buf; the count of distinct readings listed. */
static int list_readings(const gk_drun_result *res, const char *digits, int nvars, int v0, int v1,
                         char *buf, size_t cap) {
  size_t o = 0;
  int listed = 0;
  buf[0] = '\0';
  for (int k = 0; k < res->nkept; k++) {
    const int *off = res->kept_off + (size_t)k * (size_t)nvars, *len = res->kept_len + (size_t)k * (size_t)nvars;
    int dup = 0;
    for (int q = 0; q < k && !dup; q++) {
      const int *qo = res->kept_off + (size_t)q * (size_t)nvars, *ql = res->kept_len + (size_t)q * (size_t)nvars;
      dup = 1;
      for (int v = v0; v < v1 && dup; v++) dup = qo[v] == off[v] && ql[v] == len[v];
    }
    if (dup) continue;
    if (listed) cat(buf, cap, &o, ", ", 2);
    for (int v = v0; v < v1; v++) {
      if (v > v0) cat(buf, cap, &o, "|", 1);
      cat(buf, cap, &o, digits + off[v], (size_t)len[v]);
    }
    listed++;
  }
  return listed;
}

/* The distinct values of var v among the kept readings, '|'-separated. */
static void list_values(const gk_drun_result *res, const char *digits, int nvars, int v, char *buf,
                        size_t cap) {
  size_t o = 0;
  buf[0] = '\0';
  for (int k = 0; k < res->nkept; k++) {
    int off = res->kept_off[(size_t)k * (size_t)nvars + (size_t)v];
    int len = res->kept_len[(size_t)k * (size_t)nvars + (size_t)v];
    int dup = 0;
    for (int q = 0; q < k && !dup; q++)
      dup = res->kept_len[(size_t)q * (size_t)nvars + (size_t)v] == len &&
            memcmp(digits + res->kept_off[(size_t)q * (size_t)nvars + (size_t)v], digits + off, (size_t)len) == 0;
    if (dup) continue;
    if (o) cat(buf, cap, &o, "|", 1);
    cat(buf, cap, &o, digits + off, (size_t)len);
  }
}

/* Every reading of template row r (in run k) among all (those viable, when given),
 * distinct: ';' between readings, '|' between the row's cells; doc arena. */
static const char *row_alts(rctx *c, const tprob *p, int k, int r, const struct cands *all,
                            const unsigned char *viable) {
  const run *rn = &c->runs[p->run_of[k]];
  int q0 = p->var0[r] - p->runs[k].var0, nq = p->nv[r], nv = all->nvars;
  size_t cap = (size_t)all->n * (size_t)(rn->ndig + nq + 1) + 1, o = 0;
  char *s = gk_arena_alloc(c->doc->arena, cap);
  if (!s) return NULL;
  for (int x = 0; x < all->n; x++) {
    if (viable && !viable[x]) continue;
    size_t start = o;
    if (o) s[o++] = ';';
    for (int q = q0; q < q0 + nq; q++) {
      if (q > q0) s[o++] = '|';
      int off = all->off[(size_t)x * (size_t)nv + (size_t)q], len = all->len[(size_t)x * (size_t)nv + (size_t)q];
      memcpy(s + o, rn->digits + off, (size_t)len);
      o += (size_t)len;
    }
    s[o] = '\0';
    /* The same reading of this row from another reading of the run: once. */
    const char *mine = s + start + (start ? 1 : 0);
    size_t ml = o - (size_t)(mine - s);
    for (const char *t = s; t < s + start;) {
      const char *e = strchr(t, ';');
      size_t tl = e && e < s + start ? (size_t)(e - t) : (size_t)(s + start - t);
      if (tl == ml && memcmp(t, mine, ml) == 0) {
        o = start;
        s[o] = '\0';
        break;
      }
      t += tl + 1;
    }
  }
  return s;
}

/* Stores the rows of problem run k from a result over runs [lo, hi) of p. why: the
 * rule ids that decided it (NULL: the only split), for the note and decided_by. */
static int store_run(rctx *c, const tprob *p, int k, int lo, int hi, const gk_drun_result *res,
                     const char *why, const struct cands *all, const unsigned char *viable) {
  gk_doc *doc = c->doc;
  const gk_drun_run *pr = &p->runs[k];
  const run *rn = &c->runs[p->run_of[k]];
  int base = p->runs[lo].var0; /* result vars are numbered from here */
  int nres = p->runs[hi - 1].var0 + p->runs[hi - 1].nvars - base;
  char readings[512], words[640];
  int open = 0;
  for (int v = pr->var0; v < pr->var0 + pr->nvars; v++) open |= !res->agreed[v - base];
  if (open) {
    /* Offsets of the kept readings index this run's digits only when the result is
       over this one run; over several, each var's offset is within its own run. */
    list_readings(res, rn->digits, nres, pr->var0 - base, pr->var0 - base + pr->nvars, readings,
                           sizeof readings);
    const char *more = res->status == GK_DRUN_BOUND || res->readings > res->nkept ? ", …" : "";
    if (res->status == GK_DRUN_BOUND)
      snprintf(words, sizeof words,
               "the digits \"%s\" could not be split: the search for readings stopped at its "
               "bound of %ld steps",
               rn->digits, (long)GK_DRUN_MAX_STEPS);
    else if (res->status == GK_DRUN_NONE || res->readings == 0)
      snprintf(words, sizeof words, "no split of the digits \"%s\" satisfies %s", rn->digits,
               why ? why : "the value rules");
    else if (why)
      snprintf(words, sizeof words, "the digits \"%s\" read %s%s, and %ld readings satisfy %s",
               rn->digits, readings, more, res->readings, why);
    else
      snprintf(words, sizeof words,
               "the digits \"%s\" read %s%s, and no rule of the template decides between the %ld "
               "readings", rn->digits, readings, more, res->readings);
  }
  for (int r = 0; r < p->st->nrows && r < RUNS_TROWS; r++) {
    if (!p->nv[r] || p->var0[r] < pr->var0 || p->var0[r] >= pr->var0 + pr->nvars) continue;
    int e = p->nv[r];
    const char *vals[GK_MAX_ROW_COLS] = {NULL}, *by[GK_MAX_ROW_COLS] = {NULL};
    gk_src srcs[GK_MAX_ROW_COLS];
    for (int q = 0; q < e; q++) {
      int v = p->var0[r] + q - base;
      int at = res->agreed[v] ? res->off[v] : res->nkept ? res->kept_off[v] : 0;
      if (at < 0 || at >= rn->ndig) at = 0;
      const tchar *tc = &c->tc[rn->at[at]];
      memset(&srcs[q], 0, sizeof srcs[q]);
      srcs[q].kind = GK_SRC_TEXT;
      srcs[q].line = tc->line;
      srcs[q].column = tc->col;
      if (res->agreed[v] && rn->digits[res->off[v]] == BLANK_DIGIT) {
        vals[q] = NULL; /* a blank cell: stored blank */
      } else if (res->agreed[v]) {
        vals[q] = gk_arena_strndup(doc->arena, rn->digits + res->off[v], (size_t)res->len[v]);
        if (!vals[q]) return GK_ENOMEM;
        by[q] = why ? gk_arena_strdup(doc->arena, why) : NULL;
      }
    }
    int rc = gk_map_store_traced(doc, p->t, r, vals, srcs, by, e);
    if (rc) return rc;
    if (!open) continue;
    const gk_srow *sr = &p->st->rows[r];
    for (int q = 0, k2 = 0; q < sr->ncols; q++) {
      if (p->st->cols[sr->cols[q]].kind == GK_VK_TEXT) continue;
      int v = p->var0[r] + k2++ - base;
      if (res->agreed[v]) continue;
      gk_value *val = gk_doc_value(doc, p->t, r, q);
      char cands[256];
      if (res->status == GK_DRUN_BOUND || !res->nkept)
        cands[0] = '\0';
      else
        list_values(res, rn->digits, nres, v, cands, sizeof cands);
      val->state = GK_VAL_AMBIGUOUS;
      val->text = gk_arena_strdup(doc->arena, cands);
      val->readings = gk_arena_strdup(doc->arena, words);
      if (!val->text || !val->readings) return GK_ENOMEM;
      if (all) {
        val->alts = row_alts(c, p, k, r, all, viable);
        val->alt_pos = k2 - 1;
        if (!val->alts) return GK_ENOMEM;
      }
    }
  }
  return GK_OK;
}

/* Whether a run's digits split into its cells one way only, with no rule: counted
 * by dynamic programming over (position, cells placed), a count having no leading
 * zero and at most GK_DRUN_MAX_DIGITS digits. Runs with other than counts: 0. */
static int one_split(const tprob *p, int k) {
  const gk_drun_run *pr = &p->runs[k];
  if (pr->nvars == 1) return 1;
  for (int v = pr->var0; v < pr->var0 + pr->nvars; v++)
    if (p->kinds[v] != GK_DRUN_COUNT) return 0;
  int n = pr->len, m = pr->nvars;
  if (n > 4 * RUNS_KEY_WINDOW || m > GK_MAX_ROW_COLS * 3) return 0;
  /* ways[i]: splits of s[i ..) into the cells left, capped at 2 (more says nothing) */
  int ways[4 * RUNS_KEY_WINDOW + 1][GK_MAX_ROW_COLS * 3 + 1];
  for (int i = 0; i <= n; i++)
    for (int c = 0; c <= m; c++) ways[i][c] = (i == n && c == 0);
  for (int c = 1; c <= m; c++)
    for (int i = n - 1; i >= 0; i--) {
      int w = 0;
      for (int l = 1; l <= GK_DRUN_MAX_DIGITS && i + l <= n && w < 2; l++) {
        if (l > 1 && (pr->s[i] == '0' || pr->s[i] == BLANK_DIGIT || pr->s[i + l - 1] == BLANK_DIGIT)) break;
        w += ways[i + l][c - 1];
      }
      ways[i][c] = w > 2 ? 2 : w;
    }
  return ways[0][m] == 1;
}

/* Why run k's reading is what it is: NULL when its digits split one way only (no
 * count has a leading zero), else the ids of the rules over its own cells. */
static int explain(rctx *c, const tprob *p, int k, const gk_drun_eq *eqs, int neqs, const char **why) {
  int v0 = p->runs[k].var0, v1 = v0 + p->runs[k].nvars;
  *why = one_split(p, k) ? NULL : eq_ids(c, eqs, neqs, v0, v1, 1);
  return GK_OK;
}

/* The note -v shows for a decoded run. */
static int note_run(rctx *c, const tprob *p, int k, const gk_drun_result *res, int base, const char *why) {
  const run *rn = &c->runs[p->run_of[k]];
  const gk_drun_run *pr = &p->runs[k];
  char took[512];
  size_t o = 0;
  int open = 0;
  took[0] = '\0';
  for (int v = pr->var0; v < pr->var0 + pr->nvars; v++) {
    if (v > pr->var0) cat(took, sizeof took, &o, "|", 1);
    if (res->agreed[v - base]) {
      cat(took, sizeof took, &o, rn->digits + res->off[v - base], (size_t)res->len[v - base]);
    } else {
      cat(took, sizeof took, &o, "?", 1);
      open = 1;
    }
  }
  char pos[32], how[320];
  snprintf(pos, sizeof pos, "line %d", c->tc[rn->start].line);
  const char *row = "";
  for (int r = 0; r < p->st->nrows && r < RUNS_TROWS; r++)
    if (p->nv[r] && p->var0[r] == pr->var0) {
      row = p->st->rows[r].key;
      break;
    }
  if (!open)
    snprintf(how, sizeof how, "%s%s", why ? "decided by " : "",
             why ? why : "the only split: a count has no leading zero");
  else if (res->status == GK_DRUN_BOUND)
    snprintf(how, sizeof how, "not decided: the search stopped at its bound; ? cells are null");
  else if (res->status == GK_DRUN_NONE)
    snprintf(how, sizeof how, "no split satisfies %s; the cells are null", why ? why : "the rules");
  else
    snprintf(how, sizeof how, "not decided: %ld readings satisfy %s; ? cells are null", res->readings,
             why ? why : "every rule");
  return gk_diag_add(c->doc, GK_SEV_NOTE, "values", pos,
                     "%s.%s%s: run-together digits \"%s\" read as %s (%s)", p->st->key, row,
                     p->t == GK_T4 && pr->nvars > p->nv[0] ? " and the rows after it" : "", rn->digits,
                     took, how);
}

/* Stores every run of p read by itself (alone[k]: run k under its own rules). */
static int store_alone(rctx *c, const tprob *p, gk_drun_result *alone, const gk_drun_eq *eqs, int neqs,
                       const struct cands *cs) {
  int rc = GK_OK;
  for (int k = 0; k < p->nruns && !rc; k++) {
    gk_drun_result *res = &alone[k];
    int v0 = p->runs[k].var0, v1 = v0 + p->runs[k].nvars;
    const char *why = NULL;
    if (res->status == GK_DRUN_UNIQUE) rc = explain(c, p, k, eqs, neqs, &why);
    else why = eq_ids(c, eqs, neqs, v0, v1, 1);
    if (!rc && res->status == GK_DRUN_NONE) {
      /* Not even its own rules hold: no split is the document's, none is taken. */
      memset(res->agreed, 0, (size_t)(v1 - v0));
      res->nkept = 0;
    }
    int all = res->status == GK_DRUN_AMBIGUOUS && !cs[k].over && cs[k].n == res->readings;
    if (!rc) rc = store_run(c, p, k, k, k + 1, res, why, all ? &cs[k] : NULL, NULL);
    if (!rc) rc = note_run(c, p, k, res, v0, why);
  }
  return rc;
}


/* Readings a run may have under its own rules for the rules across rows to choose
 * from; a run with more is left undecided (a t3 row of 7 cells has a handful). */
#define RUNS_MAX_CANDS 512

static int keep_cand(void *ctx, const int *off, const int *len, const long long *val, int nvars) {
  struct cands *cs = ctx;
  if (cs->n == cs->cap) return 1;
  memcpy(cs->off + (size_t)cs->n * (size_t)nvars, off, sizeof(int) * (size_t)nvars);
  memcpy(cs->len + (size_t)cs->n * (size_t)nvars, len, sizeof(int) * (size_t)nvars);
  memcpy(cs->val + (size_t)cs->n * (size_t)nvars, val, sizeof(long long) * (size_t)nvars);
  cs->n++;
  return 0;
}

/* Solves table p. Each run is first read under the rules over its own cells alone
 * (t3.row_total), every reading kept. When rules tie runs together (t3.balance,
 * t3.results_sum), one reading per run is then chosen by normalizer/digitrows so that
 * they hold: a row ambiguous alone is often decided by the column sums. When no
 * choice satisfies them (the document's arithmetic fails) or the choice is past its
 * bound, each run keeps what its own rules decide and the checker reports the rest. */
static int decode(rctx *c, tprob *p) {
  gk_doc *doc = c->doc;
  if (!p->nruns) return GK_OK;
  gk_rule_set set;
  int variant = 0;
  if (p->t == GK_T3)
    for (int r = 0; r < p->st->nrows && r < RUNS_TROWS; r++)
      if ((p->st->rows[r].flags & GK_ROW_VARIANT_ONLY) && p->nv[r]) variant = 1;
  int rc = gk_rules_for(doc->schema, p->t, variant, &set);
  gk_drun_eq *eqs = NULL;
  int neqs = 0;
  if (!rc) rc = gk_drun_eqs_from_rules(c->a, &set, var_of, p, &eqs, &neqs);
  if (rc) return rc;
  int n = p->nvars, nr = p->nruns;
  int *run_of_var = gk_arena_alloc(c->a, sizeof(int) * (size_t)(n + 1));
  gk_drun_result *alone = gk_arena_alloc(c->a, sizeof *alone * (size_t)nr);
  cands *cs = gk_arena_alloc(c->a, sizeof *cs * (size_t)nr);
  if (!run_of_var || !alone || !cs) return GK_ENOMEM;
  for (int k = 0; k < nr; k++)
    for (int v = p->runs[k].var0; v < p->runs[k].var0 + p->runs[k].nvars; v++) run_of_var[v] = k;
  int across = 0, settled = 1;
  for (int e = 0; e < neqs; e++)
    for (int q = 1; q < eqs[e].nterms; q++)
      across |= run_of_var[eqs[e].terms[q].var] != run_of_var[eqs[e].terms[0].var];
  /* Each run alone, its readings kept when rules across runs will choose. */
  for (int k = 0; k < nr && !rc; k++) {
    int nv = p->runs[k].nvars;
    cs[k] = (cands){nv, 0, RUNS_MAX_CANDS, 0, NULL, NULL, NULL};
    /* Written before read (keep_cand fills them in order). */
    cs[k].off = gk_arena_alloc_uninit(c->a, sizeof(int) * (size_t)RUNS_MAX_CANDS * (size_t)nv);
    cs[k].len = gk_arena_alloc_uninit(c->a, sizeof(int) * (size_t)RUNS_MAX_CANDS * (size_t)nv);
    cs[k].val = gk_arena_alloc_uninit(c->a, sizeof(long long) * (size_t)RUNS_MAX_CANDS * (size_t)nv);
    if (!cs[k].off || !cs[k].len || !cs[k].val) return GK_ENOMEM;
    rc = solve_part_visit(c, p, k, eqs, neqs, &cs[k], &alone[k]);
    settled &= !rc && !cs[k].over &&
               (alone[k].status == GK_DRUN_UNIQUE || alone[k].status == GK_DRUN_AMBIGUOUS);
  }
  if (rc) return rc;
  if (!across) return store_alone(c, p, alone, eqs, neqs, cs);
  if (!settled) {
    rc = gk_diag_add(doc, GK_SEV_WARNING, "values", NULL,
                     "%s: a row's run-together digits have no split under which the row adds up, or "
                     "too many; each row is read by itself and the checker reports the rest",
                     p->st->key);
    return rc ? rc : store_alone(c, p, alone, eqs, neqs, cs);
  }
  gk_drows_group *gs = gk_arena_alloc(c->a, sizeof *gs * (size_t)nr);
  if (!gs) return GK_ENOMEM;
  for (int k = 0; k < nr; k++) gs[k] = (gk_drows_group){p->runs[k].var0, p->runs[k].nvars, cs[k].n, cs[k].val};
  gk_drows_problem dp = {gs, nr, eqs, neqs, 0};
  gk_drows_result dr;
  rc = gk_drows_solve(c->a, &dp, &dr);
  if (rc) return rc;
  if (dr.status == GK_DRUN_NONE || dr.status == GK_DRUN_BOUND) {
    rc = gk_diag_add(doc, GK_SEV_WARNING, "values", NULL,
                     dr.status == GK_DRUN_NONE
                         ? "%s: no reading of its run-together digits satisfies every rule of the "
                           "table; each row is read by itself and the checker reports the rest"
                         : "%s: the readings of its run-together digits are too many to combine "
                           "(bound %ld states); each row is read by itself",
                     p->st->key, (long)GK_DROWS_MAX_STATES);
    return rc ? rc : store_alone(c, p, alone, eqs, neqs, cs);
  }
  /* Each run: the readings that take part in a reading of the whole table. */
  int joint = 0;
  for (int k = 0; k < nr && !rc; k++) {
    int nv = p->runs[k].nvars, v0 = p->runs[k].var0;
    gk_drun_result rk;
    memset(&rk, 0, sizeof rk);
    rk.agreed = gk_arena_alloc(c->a, (size_t)nv);
    rk.off = gk_arena_alloc(c->a, sizeof(int) * (size_t)nv);
    rk.len = gk_arena_alloc(c->a, sizeof(int) * (size_t)nv);
    rk.val = gk_arena_alloc(c->a, sizeof(long long) * (size_t)nv);
    rk.kept_off = gk_arena_alloc(c->a, sizeof(int) * (size_t)nv * GK_DRUN_KEEP);
    rk.kept_len = gk_arena_alloc(c->a, sizeof(int) * (size_t)nv * GK_DRUN_KEEP);
    if (!rk.agreed || !rk.off || !rk.len || !rk.val || !rk.kept_off || !rk.kept_len) return GK_ENOMEM;
    for (int q = 0; q < cs[k].n; q++) {
      if (!dr.viable[k][q]) continue;
      const int *off = cs[k].off + (size_t)q * (size_t)nv, *len = cs[k].len + (size_t)q * (size_t)nv;
      const long long *val = cs[k].val + (size_t)q * (size_t)nv;
      for (int x = 0; x < nv; x++) {
        if (rk.readings == 0) {
          rk.agreed[x] = 1;
          rk.off[x] = off[x], rk.len[x] = len[x], rk.val[x] = val[x];
        } else if (rk.val[x] != val[x] || rk.len[x] != len[x]) {
          rk.agreed[x] = 0;
        }
      }
      if (rk.nkept < GK_DRUN_KEEP) {
        memcpy(rk.kept_off + (size_t)rk.nkept * (size_t)nv, off, sizeof(int) * (size_t)nv);
        memcpy(rk.kept_len + (size_t)rk.nkept * (size_t)nv, len, sizeof(int) * (size_t)nv);
        rk.nkept++;
      }
      rk.readings++;
    }
    rk.status = rk.readings == 1 ? GK_DRUN_UNIQUE : GK_DRUN_AMBIGUOUS;
    const char *why = NULL;
    if (cs[k].n == 1) {
      rc = explain(c, p, k, eqs, neqs, &why);
    } else {
      why = eq_ids(c, eqs, neqs, v0, v0 + nv, 0);
      joint++;
    }
    if (!rc) rc = store_run(c, p, k, k, k + 1, &rk, why, &cs[k], dr.viable[k]);
    if (!rc) rc = note_run(c, p, k, &rk, v0, why);
  }
  if (rc) return rc;
  return gk_diag_add(doc, GK_SEV_NOTE, "values", NULL,
                     "%s: %d rows read from run-together digits; %d decided by their own cells, %d "
                     "by the rules across rows (%lld reading%s of the table, %ld states)",
                     p->st->key, nr, nr - joint, joint, dr.readings, dr.readings == 1 ? "" : "s",
                     dr.states);
}

/* t4 printed as one line: its fifteen cells are the first run after t3's that has
 * digits enough, with t4's header words before it. */
static int t4_one_run(rctx *c, int after) {
  static const char *const words = "尚未审结|复议后起诉|行政诉讼";
  gk_arena_pos mark = gk_arena_mark(c->a);
  gk_variants w;
  int found = -1;
  if (gk_text_variants_load(c->a, words, &w)) return -2;
  for (int j = after + 1; j < c->nruns && found < 0; j++) {
    const run *rn = &c->runs[j];
    if (rn->taken || rn->ndig < RUNS_T4_MIN_DIGITS) continue;
    for (int v = 0; v < w.nv && found < 0; v++)
      for (size_t s = 0; s + w.n[v] <= rn->nkey && found < 0; s++)
        if (memcmp(rn->key + s, w.cp[v], w.n[v] * sizeof(uint32_t)) == 0) found = j;
  }
  gk_arena_release(c->a, mark);
  return found;
}

/* t2's text cells (the unit of 采购总金额), from the text of t2's runs and labels. */
static int t2_units(rctx *c, const tprob *p) {
  int s = c->ntc, e = 0;
  for (int k = 0; k < p->nruns; k++) {
    const run *rn = &c->runs[p->run_of[k]];
    if (rn->seg0 < s) s = rn->seg0;
    if (rn->end > e) e = rn->end;
  }
  if (e <= s) return GK_OK;
  char *text = gk_arena_alloc(c->a, (size_t)(e - s) * 4 + 1);
  if (!text) return GK_ENOMEM;
  size_t o = 0;
  for (int i = s; i < e; i++) o += (size_t)gk_utf8_put(c->tc[i].cp, text + o);
  text[o] = '\0';
  gk_map_fill_units(c->doc, text);
  return GK_OK;
}

int gk_map_runs(gk_doc *doc, const gk_schema *forced, gk_arena *tmp) {
  int missing = 0;
  for (int t = 0; t < GK_NTABLES; t++) missing += !doc->table_found[t];
  if (!missing || !doc->schema) return GK_OK;
  gk_arena_pos mark = gk_arena_mark(tmp);
  rctx c;
  memset(&c, 0, sizeof c);
  c.doc = doc;
  c.a = tmp;
  c.steps_left = RUNS_MAX_STEPS;
  int rc = gather_text(&c);
  if (rc == 1 || c.ntc == 0) rc = GK_OK; /* too long to be a flattened report, or no text */
  else if (!rc) rc = cut_runs(&c);
  if (rc == 1) rc = GK_OK; /* more runs than a report has: no flattened report */
  else if (!rc && c.nruns) {
    /* No table was read: the text's own markers say which generation it is. */
    if (!forced && missing == GK_NTABLES) {
      char *text = gk_arena_alloc(tmp, (size_t)c.ntc * 4 + 1);
      size_t o = 0;
      if (!text) rc = GK_ENOMEM;
      for (int i = 0; !rc && i < c.ntc; i++) o += (size_t)gk_utf8_put(c.tc[i].cp, text + o);
      if (!rc) {
        text[o] = '\0';
        const gk_schema *s = gk_map_detect_schema(tmp, text, doc->schema);
        if (s != doc->schema) rc = gk_doc_set_schema(doc, s);
      }
    }
    if (!rc) rc = load_rows(&c);
    if (!rc) rc = align(&c);
  }
  int last_t3 = -1;
  for (gk_table t = GK_T2; !rc && t < GK_NTABLES && c.nrows; t++) {
    if (doc->table_found[t]) continue;
    tprob *p = gk_arena_alloc(tmp, sizeof *p);
    if (!p) {
      rc = GK_ENOMEM;
      break;
    }
    memset(p, 0, sizeof *p);
    p->st = doc->schema->tables[t];
    p->t = t;
    int aligned = 0;
    for (int i = 0; i < c.nrows; i++) aligned += c.rows[i].t == t && c.rows[i].run >= 0;
    for (int i = 0; i < c.nrows && aligned >= RUNS_MIN_ROWS; i++) {
      if (c.rows[i].t != t || c.rows[i].run < 0) continue;
      add_run(&c, p, &c.rows[i].r, 1, c.rows[i].run);
      if (t == GK_T3 && c.rows[i].run > last_t3) last_t3 = c.rows[i].run;
    }
    if (t == GK_T4 && p->nruns == 0 && last_t3 >= 0) {
      int j = t4_one_run(&c, last_t3);
      if (j == -2) rc = GK_ENOMEM;
      if (j >= 0) {
        int rs[RUNS_TROWS], n = 0;
        for (int r = 0; r < p->st->nrows && n < RUNS_TROWS; r++)
          if (numeric_cells(p->st, r)) rs[n++] = r;
        add_run(&c, p, rs, n, j);
        c.runs[j].taken = 1;
      }
    }
    if (!rc) rc = decode(&c, p);
    if (!rc && p->nruns) doc->table_found[t] = 1;
    if (!rc && p->nruns && t == GK_T2) rc = t2_units(&c, p);
  }
  gk_arena_release(tmp, mark);
  return rc;
}
