/* map.c: mapping the model's paragraphs and grids onto the canonical tables.
 *
 * Every input kind ends up here as a stream of rows of cells: grid rows as they
 * are, paragraphs as one-cell rows. A row whose cells end in numbers is a data row;
 * its text cells are its label. Rows with text but no numbers (headers, labels
 * wrapped onto their own line, vertical group labels one character per line) are
 * kept as pending label fragments for the next data row. Each data row is matched
 * to a template row by label similarity, never by position alone, and its value
 * cells are resolved to the row's column count (resolve.c). */
#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "map.h"
#include "number.h"
#include "resolve.h"
#include "textfix.h"

#define MAX_ITEMS 64
#define MAX_PENDING 8
#define KEY_MAX GK_KEY_MAX

typedef gk_variants variants;

typedef struct {
  uint32_t cp[KEY_MAX];
  size_t n;
} keybuf;

/* Where a row came from, formatted only when a diagnostic needs it. */
typedef struct {
  int line;  /* source line, or 0 */
  int table; /* grid number, when no line */
  int row;
} gk_pos;

static const char *pos_str(gk_arena *a, gk_pos p) {
  if (p.line) return gk_arena_printf(a, "line %d", p.line);
  if (p.table) return gk_arena_printf(a, "table %d:row %d", p.table, p.row);
  return NULL;
}

typedef struct lrow {
  /* Label keys tried against the template, cheapest and likeliest first:
     leaf (last text cell), own (all text cells), tail_own (with the fragment
     above), tail2_own (two fragments above: a label wrapped over three lines whose
     values sit on the last), next_own (with the fragments below, up to the next
     data row: a label wrapped below its top-aligned values), full (everything
     pending, weighed down). */
  keybuf leaf, own, tail_own, tail2_own, next_own, full;
  const char *label; /* cleaned label for messages */
  gk_vitem items[MAX_ITEMS];
  int nitems;
  int numbers; /* how many items are numbers */
  int labelled; /* the row has text cells of its own (not only a label from above) */
  gk_pos pos;
} lrow;

typedef struct {
  gk_doc *doc;
  gk_arena *a;
  lrow *rows;
  size_t nrows, cap;
  /* pending label fragments (folded text and matching key) */
  const char *pending[MAX_PENDING];
  keybuf pending_key[MAX_PENDING];
  int npending;
  char *region_text; /* all text of the region, folded, for schema markers and units */
  size_t text_len, text_cap;
  char *header_row;  /* a header row before the first numbers that names the columns */
  keybuf *orphans;   /* every label fragment that no data row followed at once */
  size_t norphans, caporphans;
  int numbers_seen;  /* a row with numbers was read */
  int last_was_data; /* the last physical row made a data row */
  int colorder[GK_MAX_ROW_COLS]; /* value k of a row belongs to column colorder[k] */
} region;

static int key_of(gk_arena *a, const char *s, keybuf *k) {
  char *key = gk_text_key(a, s);
  if (!key) return GK_ENOMEM;
  k->n = gk_text_cps(key, k->cp, KEY_MAX);
  return GK_OK;
}

static double sim_key(const variants *v, const keybuf *k, double floor) {
  return gk_text_variants_sim(v, k->cp, k->n, floor);
}

static double row_score(const variants *v, const lrow *r) {
  /* Cheapest first: the leaf label decides nearly every row on its own. Scores
     under 0.5 never match, so nothing below that is worth computing. */
  double s = sim_key(v, &r->leaf, 0.5);
  if (s >= 0.95) return s;
  const keybuf *more[] = {&r->own, &r->tail_own, &r->tail2_own, &r->next_own};
  for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
    if (more[i]->n == 0 || (i > 0 && more[i]->n == more[i - 1]->n &&
                            memcmp(more[i]->cp, more[i - 1]->cp, more[i]->n * 4) == 0))
      continue;
    double t = sim_key(v, more[i], s > 0.5 ? s : 0.5);
    if (t > s) s = t;
  }
  if (s >= 0.9 || r->full.n == r->tail_own.n) return s;
  double t = 0.9 * sim_key(v, &r->full, (s > 0.5 ? s : 0.5) / 0.9);
  return t > s ? t : s;
}

static int append_text(region *rg, const char *s) {
  size_t l = strlen(s);
  if (rg->text_len + l + 2 > rg->text_cap) {
    size_t ncap = rg->text_cap ? rg->text_cap * 2 : 1024;
    while (ncap < rg->text_len + l + 2) ncap *= 2;
    char *n = gk_arena_alloc_uninit(rg->a, ncap);
    if (!n) return GK_ENOMEM;
    if (rg->text_len) memcpy(n, rg->region_text, rg->text_len);
    rg->region_text = n;
    rg->text_cap = ncap;
  }
  memcpy(rg->region_text + rg->text_len, s, l);
  rg->text_len += l;
  rg->region_text[rg->text_len++] = '\n';
  rg->region_text[rg->text_len] = '\0';
  return GK_OK;
}

static char *join_fragments(gk_arena *a, const char *const *f, int n) {
  size_t total = 1;
  for (int i = 0; i < n; i++) total += strlen(f[i]) + 1;
  char *s = gk_arena_alloc(a, total);
  if (!s) return NULL;
  size_t o = 0;
  for (int i = 0; i < n; i++) {
    size_t l = strlen(f[i]);
    memcpy(s + o, f[i], l);
    o += l;
  }
  s[o] = '\0';
  return s;
}

static void push_pending(region *rg, const char *frag, const keybuf *key) {
  /* Kept apart too: a row printed with a label and empty cells (a PDF shows no
     cells at all) is a row of blanks, not a missing row. */
  if (rg->norphans < 512) {
    keybuf *o = gk_arena_grow(rg->a, rg->orphans, rg->norphans, &rg->caporphans, sizeof *o);
    if (o) {
      rg->orphans = o;
      rg->orphans[rg->norphans++] = *key;
    }
  }
  if (rg->npending == MAX_PENDING) {
    memmove(rg->pending, rg->pending + 1, sizeof rg->pending[0] * (MAX_PENDING - 1));
    memmove(rg->pending_key, rg->pending_key + 1, sizeof rg->pending_key[0] * (MAX_PENDING - 1));
    rg->npending--;
  }
  rg->pending[rg->npending] = frag;
  rg->pending_key[rg->npending++] = *key;
}

/* Keys concatenate: the key of a joined label is the keys joined. */
static void key_cat(keybuf *dst, const keybuf *src) {
  size_t n = src->n;
  if (dst->n + n > KEY_MAX) n = KEY_MAX - dst->n;
  memcpy(dst->cp + dst->n, src->cp, n * sizeof src->cp[0]);
  dst->n += n;
}

/* The t3 applicant columns whose order can be read off a header row: natural and
 * the four organisation columns. Their labels are the schema's (t3's columns are
 * the same in both generations). */
#define N_APPLICANT 5

static const char *applicant_labels(int c) { return gk_schemas[0]->tables[1]->cols[c].labels; }

/* Position of the first variant of `labels` in `key`, or -1. */
static long label_at(gk_arena *a, const char *key, const char *labels) {
  const char *p = labels;
  while (p && *p) {
    const char *bar = strchr(p, '|');
    size_t l = bar ? (size_t)(bar - p) : strlen(p);
    char *v = gk_arena_strndup(a, p, l);
    char *vk = v ? gk_text_key(a, v) : NULL;
    if (!vk) return -1;
    const char *m = strstr(key, vk);
    if (m) return m - key;
    p = bar ? bar + 1 : NULL;
  }
  return -1;
}

static int header_has_all(region *rg, const char *text) {
  char *key = gk_text_key(rg->a, text);
  if (!key) return 0;
  for (int c = 1; c < N_APPLICANT; c++)
    if (label_at(rg->a, key, applicant_labels(c)) < 0) return 0;
  return 1;
}

/* Records the label fragments that came after a data row (before the next one):
 * the rest of a label wrapped below its values. At most two fragments. */
static void close_row(lrow *r, const region *rg) {
  r->next_own.n = 0;
  if (rg->npending == 0 || r->own.n == 0) return;
  key_cat(&r->next_own, &r->own);
  for (int i = 0; i < rg->npending && i < 2; i++) key_cat(&r->next_own, &rg->pending_key[i]);
}

/* Takes one physical row (cell texts) into the region. */
static int add_physical_row(region *rg, const char *const *cells, int ncells, gk_pos pos) {
  gk_arena *a = rg->a;
  const char *labels[MAX_ITEMS];
  keybuf lkeys[MAX_ITEMS];
  int nlabels = 0;
  /* Only the counts need clearing: the keys are written when a data row is made,
     and items only up to nitems are read (zeroing 2.6 KB per row showed up in profiles). */
  lrow tmp;
  tmp.nitems = 0;
  tmp.numbers = 0;
  for (int c = 0; c < ncells; c++) {
    char *clean = gk_text_clean(a, cells[c]);
    if (!clean) return GK_ENOMEM;
    if (*clean && gk_text_is_page_marker(clean)) continue;
    char *folded = gk_text_fold(a, clean);
    if (!folded) return GK_ENOMEM;
    if (*folded && append_text(rg, folded)) return GK_ENOMEM;
    gk_numcell nc;
    if (gk_num_classify(a, folded, &nc)) return GK_ENOMEM;
    if (nc.kind == GK_NC_TEXT) {
      gk_numcell tail;
      long cut = gk_num_split_tail(a, folded, &tail);
      /* A text cell starts a new label: values before it were not this row's. */
      tmp.nitems = 0;
      tmp.numbers = 0;
      if (cut > 0) {
        char *lab = gk_arena_strndup(a, folded, (size_t)cut);
        if (!lab) return GK_ENOMEM;
        if (nlabels < MAX_ITEMS) {
          if (key_of(a, lab, &lkeys[nlabels])) return GK_ENOMEM;
          labels[nlabels++] = lab;
        }
        for (int g = 0; g < tail.ngroups && tmp.nitems < MAX_ITEMS; g++) {
          tmp.items[tmp.nitems].g = tail.groups[g];
          tmp.items[tmp.nitems].soft = g > 0;
          tmp.numbers += tail.groups[g] != NULL;
          tmp.nitems++;
        }
      } else if (nlabels < MAX_ITEMS) {
        if (key_of(a, folded, &lkeys[nlabels])) return GK_ENOMEM;
        labels[nlabels++] = folded;
      }
    } else if (nc.kind == GK_NC_BLANK) {
      if (tmp.nitems < MAX_ITEMS) {
        tmp.items[tmp.nitems].g = NULL;
        tmp.items[tmp.nitems].soft = 0;
        tmp.nitems++;
      }
    } else {
      for (int g = 0; g < nc.ngroups && tmp.nitems < MAX_ITEMS; g++) {
        tmp.items[tmp.nitems].g = nc.groups[g];
        tmp.items[tmp.nitems].soft = g > 0;
        tmp.nitems++;
        tmp.numbers++;
      }
      if (nc.remark)
        gk_diag_add(rg->doc, GK_SEV_NOTE, "remark", pos_str(a, pos), "took the leading number of \"%s%s\"",
                    nc.groups[0], nc.remark);
    }
  }
  if (!rg->numbers_seen && nlabels > 1 && !rg->header_row) {
    /* A header row (several label cells before any data): kept whole, because
       only labels that share one source row have a column order to trust; a PDF's
       or a dump's header lines can come out in any vertical order. */
    char *joined = join_fragments(a, labels, nlabels);
    if (!joined) return GK_ENOMEM;
    if (header_has_all(rg, joined)) rg->header_row = joined;
  }
  if (tmp.numbers) rg->numbers_seen = 1;
  /* One number alone on its line right after a data row, with no label text in
     between: a dump that puts every cell on a line of its own (pdftotext without
     -layout). It continues that row. */
  if (nlabels == 0 && tmp.nitems == 1 && tmp.numbers == 1 && rg->npending == 0 && rg->nrows > 0 &&
      rg->last_was_data) {
    lrow *prev = &rg->rows[rg->nrows - 1];
    if (prev->nitems < MAX_ITEMS) {
      prev->items[prev->nitems] = tmp.items[0];
      prev->items[prev->nitems].soft = 0;
      prev->nitems++;
      prev->numbers++;
      return GK_OK;
    }
  }
  rg->last_was_data = 0;
  if (tmp.numbers == 0 && !(nlabels > 0 && tmp.nitems > 0)) {
    /* No values: the row's text is label material for the next data row. */
    for (int i = 0; i < nlabels; i++) push_pending(rg, labels[i], &lkeys[i]);
    return GK_OK;
  }
  lrow *r = gk_arena_grow(a, rg->rows, rg->nrows, &rg->cap, sizeof *r);
  if (!r) return GK_ENOMEM;
  rg->rows = r;
  r = &rg->rows[rg->nrows++];
  r->nitems = tmp.nitems;
  r->numbers = tmp.numbers;
  r->labelled = nlabels > 0;
  memcpy(r->items, tmp.items, (size_t)tmp.nitems * sizeof tmp.items[0]);
  r->own.n = r->leaf.n = r->tail_own.n = r->tail2_own.n = r->next_own.n = r->full.n = 0;
  r->pos = pos;
  int np = rg->npending;
  /* What was pending also followed the previous data row. */
  if (rg->nrows > 1) close_row(&rg->rows[rg->nrows - 2], rg);
  if (nlabels > 0) {
    r->own.n = 0;
    for (int i = 0; i < nlabels; i++) key_cat(&r->own, &lkeys[i]);
    /* The leaf is what follows the cell's last numbering mark: a row label printed
       with its group labels in one cell (三、本年度办理结果 (一) 予以公开, as when
       tabs became spaces) is matched on 予以公开. */
    const char *tail = gk_text_after_numbering(labels[nlabels - 1]);
    if (tail != labels[nlabels - 1] && *tail) {
      if (key_of(a, tail, &r->leaf)) return GK_ENOMEM;
    } else {
      r->leaf = lkeys[nlabels - 1];
    }
    r->label = join_fragments(a, labels, nlabels);
    if (!r->label) return GK_ENOMEM;
    if (np) key_cat(&r->tail_own, &rg->pending_key[np - 1]);
    key_cat(&r->tail_own, &r->own);
    if (np > 1) {
      key_cat(&r->tail2_own, &rg->pending_key[np - 2]);
      key_cat(&r->tail2_own, &r->tail_own);
    }
  } else {
    /* Values on the line after their label: the label is what came before, one
       or more fragments of it. */
    if (np) r->own = rg->pending_key[np - 1];
    r->leaf = r->own;
    if (np > 1) key_cat(&r->tail_own, &rg->pending_key[np - 2]);
    key_cat(&r->tail_own, &r->own);
    if (np > 2) {
      key_cat(&r->tail2_own, &rg->pending_key[np - 3]);
      key_cat(&r->tail2_own, &r->tail_own);
    }
    r->label = np ? rg->pending[np - 1] : "";
  }
  r->full.n = 0;
  for (int i = 0; i < np; i++) key_cat(&r->full, &rg->pending_key[i]);
  if (nlabels > 0) key_cat(&r->full, &r->own);
  rg->npending = 0;
  rg->last_was_data = r->numbers > 0;
  return GK_OK;
}

static int region_add_block(region *rg, const gk_block *b) {
  if (b->kind == GK_BLOCK_PARAGRAPH) {
    const char *cells[1] = {b->text};
    return add_physical_row(rg, cells, 1, (gk_pos){b->line, 0, 0});
  }
  for (size_t r = 0; r < b->nrows; r++) {
    const gk_row *row = &b->rows[r];
    const char *cells[GK_MAX_COLS];
    int n = 0;
    for (size_t c = 0; c < row->ncells && n < GK_MAX_COLS; c++)
      if (!row->cells[c].covered) cells[n++] = row->cells[c].text;
    gk_pos pos = {row->line, b->index, (int)r + 1};
    int rc = add_physical_row(rg, cells, n, pos);
    if (rc) return rc;
  }
  return GK_OK;
}

/* Anchors that identify a table's grid when its part heading was not found. */
static const char *anchors[GK_NTABLES] = {"第二十条", "本年新收", "复议后起诉"};

static int grid_has(gk_doc *doc, const gk_block *b, const char *needle) {
  (void)doc;
  for (size_t r = 0; r < b->nrows; r++)
    for (size_t c = 0; c < b->rows[r].ncells; c++)
      if (strstr(b->rows[r].cells[c].text, needle)) return 1;
  return 0;
}

/* Collects table t's rows: the blocks of its part, else the first grid with its anchor. */
static const char *table_keys[GK_NTABLES] = {"t2", "t3", "t4"};

static int build_region(gk_doc *doc, int t, region *rg, int quiet) {
  memset(rg, 0, sizeof *rg);
  rg->doc = doc;
  rg->a = doc->arena;
  const gk_section *sec = &doc->parts[t + 1];
  if (sec->title) {
    for (size_t b = sec->first_block; b < sec->end_block; b++) {
      int rc = region_add_block(rg, &doc->blocks[b]);
      if (rc) return rc;
    }
    if (rg->nrows) close_row(&rg->rows[rg->nrows - 1], rg);
    return GK_OK;
  }
  for (size_t b = 0; b < doc->nblocks; b++)
    if (doc->blocks[b].kind == GK_BLOCK_GRID && grid_has(doc, &doc->blocks[b], anchors[t])) {
      if (!quiet)
        gk_diag_add(doc, GK_SEV_NOTE, "heading", NULL,
                  "part heading of %s not found; using table %d, which has its labels",
                  table_keys[t], doc->blocks[b].index);
      int rc = region_add_block(rg, &doc->blocks[b]);
      if (!rc && rg->nrows) close_row(&rg->rows[rg->nrows - 1], rg);
      return rc;
    }
  return GK_OK;
}

/* The template generation whose header labels table 2 has most of. */
static const gk_schema *detect_schema(gk_doc *doc, const region *rg) {
  const gk_schema *best = gk_schemas[0];
  if (!rg->region_text) return best;
  char *key = gk_text_key(doc->arena, rg->region_text);
  if (!key) return best;
  int best_hits = 0;
  for (int s = 0; gk_schemas[s]; s++) {
    int hits = 0;
    const char *p = gk_schemas[s]->markers;
    while (p && *p) {
      const char *bar = strchr(p, '|');
      size_t l = bar ? (size_t)(bar - p) : strlen(p);
      char *m = gk_arena_strndup(doc->arena, p, l);
      char *mk = m ? gk_text_key(doc->arena, m) : NULL;
      if (mk && *mk && strstr(key, mk)) hits++;
      p = bar ? bar + 1 : NULL;
    }
    if (hits > best_hits) {
      best_hits = hits;
      best = gk_schemas[s];
    }
  }
  return best;
}

static const char *res_words(int kind) {
  switch (kind) {
    case GK_RES_MERGED: return "joined digit groups split by spaces";
    case GK_RES_CHOSEN: return "digits could be read several ways; took the reading under which the row adds up";
    case GK_RES_GUESSED: return "digits could be read several ways and the arithmetic does not decide; took the most likely reading";
    case GK_RES_PADDED: return "fewer values than columns; placed blanks";
    case GK_RES_TRUNCATED: return "more values than columns; ignored the extra ones";
    case GK_RES_DROPPED: return "more cells than columns; dropped blank cells";
    default: return NULL;
  }
}

static char *items_text(gk_arena *a, const gk_vitem *it, int n) {
  size_t total = 1;
  for (int i = 0; i < n; i++) total += (it[i].g ? strlen(it[i].g) : strlen("∅")) + 1;
  char *s = gk_arena_alloc(a, total);
  if (!s) return NULL;
  size_t o = 0;
  for (int i = 0; i < n; i++) {
    if (i) s[o++] = it[i].soft ? ' ' : '|';
    const char *g = it[i].g ? it[i].g : "∅";
    size_t l = strlen(g);
    memcpy(s + o, g, l);
    o += l;
  }
  s[o] = '\0';
  return s;
}

/* Writes resolved values into the doc for table t, row r. */
static int store_values(gk_doc *doc, int t, int r, const char *const *vals, int e) {
  const gk_stable *st = doc->schema->tables[t];
  const gk_srow *row = &st->rows[r];
  int k = 0;
  for (int p = 0; p < row->ncols; p++) {
    gk_value *v = gk_doc_value(doc, t, r, p);
    const gk_scol *col = &st->cols[row->cols[p]];
    if (col->kind == GK_VK_TEXT) continue; /* filled from the header text */
    const char *g = k < e ? vals[k] : NULL;
    k++;
    if (!g) {
      memset(v, 0, sizeof *v);
      v->state = GK_VAL_BLANK;
      continue;
    }
    if (gk_num_to_value(doc->arena, g, col->kind, v)) return GK_ENOMEM;
  }
  doc->row_found[t][r] = 1;
  return GK_OK;
}

static int numeric_cols(const gk_stable *st, const gk_srow *row) {
  int e = 0;
  for (int p = 0; p < row->ncols; p++) e += st->cols[row->cols[p]].kind != GK_VK_TEXT;
  return e;
}

/* Numbers broken over two lines (a narrow cell wraps 2000 into 200 / 0): when a
 * row does not add up and the next row has values but no label of its own, the
 * two joined column by column may. Only the row's arithmetic can tell, so the join
 * is taken only when it makes the row hold. Returns 1 when joined (read updated). */
/* Joins read[k] with below[k] digit by digit; 1 when the joined row adds up. */
static int join_digits(gk_doc *doc, const char *const *below, int e, gk_row_rule rule,
                       const char **read) {
  const char *joined[MAX_ITEMS];
  for (int k = 0; k < e; k++) {
    if (!below[k]) {
      joined[k] = read[k];
    } else if (!read[k] || strchr(read[k], '.') || below[k][0] == '-') {
      return 0;
    } else {
      joined[k] = gk_arena_printf(doc->arena, "%s%s", read[k], below[k]);
      if (!joined[k]) return 0;
    }
  }
  if (!gk_resolve_rule_holds(rule, joined, e)) return 0;
  memcpy(read, joined, (size_t)e * sizeof *read);
  return 1;
}

static int join_broken_numbers(gk_doc *doc, const lrow *lr, const lrow *next, int e,
                               gk_row_rule rule, const char **read) {
  /* `next` is NULL unless it is a continuation: values only, or a label that fits
     no template row (the rest of this row's wrapped label). */
  if (!rule || !next || next->numbers == 0 || gk_resolve_rule_holds(rule, read, e)) return 0;
  const char *joined[MAX_ITEMS];
  /* A row split over two lines: the numbers below fill this row's empty cells in
     order (a top-aligned total above, the other values on the label's next line). */
  int nblank = 0, nbelow = 0;
  for (int k = 0; k < e; k++) nblank += read[k] == NULL;
  for (int k = 0; k < next->nitems; k++) nbelow += next->items[k].g != NULL;
  if (nblank > 0 && nbelow == nblank) {
    int j = 0;
    for (int k = 0; k < e; k++) {
      if (read[k]) {
        joined[k] = read[k];
        continue;
      }
      while (!next->items[j].g) j++;
      joined[k] = next->items[j++].g;
    }
    if (gk_resolve_rule_holds(rule, joined, e)) {
      memcpy(read, joined, (size_t)e * sizeof *read);
      return 1;
    }
  }
  /* Digits wrapped inside each cell: the cells joined column by column. The two
     lines come from one grid, so their cells line up from the right (the label
     part on the left is what differs); failing that, the line below is read on
     its own. */
  const char *below[MAX_ITEMS];
  int lo = -1;
  for (int s0 = 0; lo < 0 && s0 + e <= lr->nitems; s0++) {
    int same = 1;
    for (int k = 0; k < e && same; k++) same = lr->items[s0 + k].g == read[k];
    if (same) lo = s0;
  }
  if (lo >= 0) {
    int shift = next->nitems - lr->nitems;
    for (int k = 0; k < e; k++) {
      int j = lo + k + shift;
      below[k] = j >= 0 && j < next->nitems ? next->items[j].g : NULL;
    }
    if (join_digits(doc, below, e, rule, read)) return 1;
  }
  if (gk_resolve_values(doc->arena, next->items, next->nitems, e, NULL, below) < 0) return 0;
  return join_digits(doc, below, e, rule, read);
}

static int resolve_and_store(gk_doc *doc, int t, int r, const lrow *lr, gk_row_rule rule,
                             const int *order, const lrow *next, int *used_next) {
  const gk_stable *st = doc->schema->tables[t];
  int e = numeric_cols(st, &st->rows[r]);
  const char *read[MAX_ITEMS], *vals[MAX_ITEMS];
  int kind = gk_resolve_values(doc->arena, lr->items, lr->nitems, e, rule, read);
  if (kind < 0) return GK_ENOMEM;
  *used_next = join_broken_numbers(doc, lr, next, e, rule, read);
  if (*used_next)
    gk_diag_add(doc, GK_SEV_WARNING, "values", pos_str(doc->arena, lr->pos),
                "%s.%s: numbers broken over two lines joined, the reading under which the row "
                "adds up", st->key, st->rows[r].key);
  /* Values come in the document's column order; the header decided which is which. */
  for (int k = 0; k < e; k++) vals[k] = read[k];
  if (order)
    for (int k = 0; k < e && k < GK_MAX_ROW_COLS; k++) vals[order[k]] = read[k];
  const char *w = res_words(kind);
  if (w) {
    char *got = items_text(doc->arena, lr->items, lr->nitems);
    gk_vitem tv[MAX_ITEMS];
    for (int i = 0; i < e; i++) tv[i] = (gk_vitem){vals[i], 0};
    char *took = items_text(doc->arena, tv, e);
    if (!got || !took) return GK_ENOMEM;
    gk_severity sev = kind == GK_RES_MERGED || kind == GK_RES_CHOSEN ? GK_SEV_NOTE : GK_SEV_WARNING;
    gk_diag_add(doc, sev, "values", pos_str(doc->arena, lr->pos), "%s.%s: %s: \"%s\" read as %s", st->key,
                st->rows[r].key, w, got, took);
  }
  return store_values(doc, t, r, vals, e);
}

/* t3's applicant columns by their header labels: a document that prints them in
 * another order is read in its own order. Only a header row that holds the four
 * organisation labels together is trusted (自然人 spans the header rows and may sit
 * on another). 其他 and 总计 have no label of their own that cannot also be part of
 * another (法人或其他组织), so they keep their places. */
static int column_order(gk_doc *doc, region *rg, const gk_stable *st) {
  for (int i = 0; i < GK_MAX_ROW_COLS; i++) rg->colorder[i] = i;
  if (!rg->header_row) return GK_OK;
  char *key = gk_text_key(doc->arena, rg->header_row);
  if (!key) return GK_ENOMEM;
  /* Columns 1..4 (商业企业 … 法律服务机构) by where their labels stand. */
  long at[N_APPLICANT];
  for (int c = 1; c < N_APPLICANT; c++) at[c] = label_at(doc->arena, key, applicant_labels(c));
  int idx[N_APPLICANT] = {0, 1, 2, 3, 4};
  for (int i = 2; i < N_APPLICANT; i++)
    for (int j = i; j > 1 && at[idx[j]] < at[idx[j - 1]]; j--) {
      int tmp = idx[j];
      idx[j] = idx[j - 1];
      idx[j - 1] = tmp;
    }
  int moved = 0;
  for (int k = 0; k < N_APPLICANT; k++) moved |= idx[k] != k;
  if (!moved) return GK_OK;
  for (int k = 0; k < N_APPLICANT; k++) rg->colorder[k] = idx[k];
  return gk_diag_add(doc, GK_SEV_WARNING, "column-order", NULL,
                     "t3: the applicant columns are printed in the order %s, %s, %s, %s, %s; values "
                     "were read by their headers", st->cols[idx[0]].key, st->cols[idx[1]].key,
                     st->cols[idx[2]].key, st->cols[idx[3]].key, st->cols[idx[4]].key);
}

/* Matches the region's data rows to table t's rows by label. */
static int map_by_label(gk_doc *doc, int t, region *rg, const variants *vars) {
  const gk_stable *st = doc->schema->tables[t];
  int last = -1;
  for (size_t i = 0; i < rg->nrows; i++) {
    const lrow *lr = &rg->rows[i];
    int best = -1;
    double best_s = 0;
    /* Fast path: the next template row, when its label fits well. */
    for (int r = last + 1; r < st->nrows; r++) {
      if (doc->row_found[t][r] || (st->rows[r].flags & GK_ROW_VARIANT_ONLY)) continue;
      double s = row_score(&vars[r], lr);
      if (s >= 0.9) {
        best = r;
        best_s = s;
      }
      break;
    }
    if (best < 0) {
      for (int r = 0; r < st->nrows; r++) {
        if (doc->row_found[t][r]) continue;
        double s = row_score(&vars[r], lr);
        /* Template order breaks near-ties. */
        if (r > last) s += 0.02;
        if (s > best_s + 1e-9) {
          best_s = s;
          best = r;
        }
      }
    }
    if (best < 0 || best_s < 0.6) {
      /* A data row without a fitting label: values from a row of blanks are layout. */
      if (lr->numbers > 0)
        gk_diag_add(doc, GK_SEV_WARNING, "unmatched-row", pos_str(doc->arena, lr->pos),
                    "%s: row \"%s\" matches no row of the template; its values were not used",
                    st->key, lr->label);
      continue;
    }
    /* A row of only blanks counts when its label fits well and it has a blank for
       every column (a header row ends in a label and a stray empty cell). */
    if (lr->numbers == 0 && (best_s < 0.8 || lr->nitems < numeric_cols(st, &st->rows[best])))
      continue;
    int used_next = 0;
    const lrow *next = i + 1 < rg->nrows ? &rg->rows[i + 1] : NULL;
    if (next && next->labelled) {
      /* A labelled row continues this one only if its label is no row of its own. */
      for (int r = 0; r < st->nrows && next; r++)
        if (r != best && !doc->row_found[t][r] && row_score(&vars[r], next) >= 0.6) next = NULL;
    }
    gk_row_rule rule =
        t == GK_T3 ? gk_rules_rows(&(gk_rule_rows){0}, doc->schema, t, best, 1) : NULL;
    int rc = resolve_and_store(doc, t, best, lr, rule, t == 1 ? rg->colorder : NULL, next, &used_next);
    if (rc) return rc;
    if (used_next) i++;
    last = best;
  }
  return GK_OK;
}

/* Rows not found among the data rows but whose label stands alone in the table
 * (values all empty: a PDF prints no cells for them) are rows of blanks. Only a
 * label that is the row's own, nearly to the letter, counts. */
static int blank_rows(gk_doc *doc, int t, const region *rg, const variants *vars) {
  const gk_stable *st = doc->schema->tables[t];
  if (!rg->nrows) return GK_OK; /* no data at all: the table is missing, not blank */
  for (int r = 0; r < st->nrows; r++) {
    if (doc->row_found[t][r] || (st->rows[r].flags & GK_ROW_VARIANT_ONLY)) continue;
    for (size_t i = 0; i < rg->norphans; i++) {
      /* The label alone, or wrapped over up to four fragments (行政 / 事业 / 性收 / 费). */
      keybuf joined = rg->orphans[i];
      double best = sim_key(&vars[r], &joined, 0.89);
      for (size_t k = i + 1; k < rg->norphans && k < i + 4 && best < 0.9; k++) {
        key_cat(&joined, &rg->orphans[k]);
        double sk = sim_key(&vars[r], &joined, 0.89);
        if (sk > best) best = sk;
      }
      if (best < 0.9) continue;
      const char *none[GK_MAX_ROW_COLS] = {NULL};
      int rc = store_values(doc, t, r, none, 0);
      if (rc) return rc;
      rc = gk_diag_add(doc, GK_SEV_NOTE, "blank-row", NULL,
                       "%s.%s: the row's label stands without values; read as a row of blanks",
                       st->key, st->rows[r].key);
      if (rc) return rc;
      break;
    }
  }
  return GK_OK;
}

/* t4: one row of 15 numbers under a two-level header; or, in some layouts, one
 * labelled row of five per kind of case. */
static int map_t4(gk_doc *doc, region *rg, const variants *vars) {
  const gk_stable *st = doc->schema->tables[2];
  int labelled = 0;
  for (size_t i = 0; i < rg->nrows; i++) {
    const lrow *lr = &rg->rows[i];
    if (lr->own.n == 0 || lr->numbers < 3 || lr->numbers > 6) continue;
    for (int r = 0; r < st->nrows; r++)
      if (sim_key(&vars[r], &lr->leaf, 0.79) >= 0.8) labelled++;
  }
  if (labelled >= 2) {
    for (int r = 0; r < st->nrows; r++) doc->row_found[2][r] = 0;
    return map_by_label(doc, 2, rg, vars);
  }
  gk_vitem items[MAX_ITEMS];
  int n = 0;
  gk_pos pos = {0, 0, 0};
  int first = 1;
  for (size_t i = 0; i < rg->nrows && n < 15; i++) {
    const lrow *lr = &rg->rows[i];
    /* Header rows (labels over blank cells) carry no values, and a row with a
       sentence for a label is a note under the table (注：…截至2024), not data. */
    if ((lr->numbers == 0 && lr->own.n > 0) || (lr->labelled && lr->own.n > 12)) continue;
    if (first) pos = lr->pos;
    first = 0;
    for (int k = 0; k < lr->nitems && n < MAX_ITEMS; k++) {
      items[n] = lr->items[k];
      if (k == 0) items[n].soft = 0;
      n++;
    }
  }
  if (n == 0) return GK_OK;
  const char *vals[MAX_ITEMS];
  int kind = gk_resolve_values(doc->arena, items, n, 15,
                               gk_rules_rows(&(gk_rule_rows){0}, doc->schema, GK_T4, 0, 3), vals);
  if (kind < 0) return GK_ENOMEM;
  const char *w = res_words(kind);
  if (w) {
    char *got = items_text(doc->arena, items, n);
    gk_diag_add(doc, kind == GK_RES_MERGED || kind == GK_RES_CHOSEN ? GK_SEV_NOTE : GK_SEV_WARNING,
                "values", pos_str(doc->arena, pos), "t4: %s: \"%s\"", w, got ? got : "");
  }
  for (int r = 0; r < 3; r++) {
    int rc = store_values(doc, 2, r, vals + r * 5, 5);
    if (rc) return rc;
  }
  return GK_OK;
}

/* t2.procurement.unit: the unit written by the amount (采购总金额（万元）). */
static int fill_units(gk_doc *doc, region *rg) {
  const gk_stable *st = doc->schema->tables[0];
  for (int r = 0; r < st->nrows; r++) {
    const gk_srow *row = &st->rows[r];
    for (int p = 0; p < row->ncols; p++) {
      if (st->cols[row->cols[p]].kind != GK_VK_TEXT || !doc->row_found[0][r]) continue;
      gk_value *v = gk_doc_value(doc, 0, r, p);
      /* In the header (采购总金额（万元）) or by the amount itself (2865.37万元). */
      const char *unit = NULL;
      static const char *anchors_u[] = {"采购总金额", "政府集中采购"};
      for (int k = 0; k < 2 && !unit && rg->region_text; k++) {
        const char *m = strstr(rg->region_text, anchors_u[k]);
        if (!m) continue;
        const char *w = strstr(m, "万元"), *y = strstr(m, "元");
        if (w && w - m < 80) unit = "万元";
        else if (y && y - m < 80) unit = "元";
      }
      memset(v, 0, sizeof *v);
      v->state = unit ? GK_VAL_TEXT : GK_VAL_BLANK;
      v->text = unit;
    }
  }
  return GK_OK;
}

int gk_map_tables(gk_doc *doc, const gk_schema *forced) {
  gk_arena *a = doc->arena;
  region rgs[GK_NTABLES];
  for (int t = 0; t < GK_NTABLES; t++) {
    int rc = build_region(doc, t, &rgs[t], 0);
    if (rc) return rc;
  }
  int rc = gk_doc_set_schema(doc, forced ? forced : detect_schema(doc, &rgs[0]));
  if (rc) return rc;
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    variants *vars = gk_arena_alloc_uninit(a, sizeof *vars * (size_t)st->nrows);
    if (!vars) return GK_ENOMEM;
    for (int r = 0; r < st->nrows; r++)
      if (gk_text_variants_load(a, st->rows[r].labels, &vars[r])) return GK_ENOMEM;
    region *rg = &rgs[t];
    if (t == 1 && (rc = column_order(doc, rg, st))) return rc;
    if (t == 2)
      rc = map_t4(doc, rg, vars);
    else
      rc = map_by_label(doc, t, rg, vars);
    if (rc) return rc;
    if (t != 2 && (rc = blank_rows(doc, t, rg, vars))) return rc;
    if (t == 0) fill_units(doc, rg);
    for (int r = 0; r < st->nrows; r++) doc->table_found[t] |= doc->row_found[t][r];
  }
  /* （六）其他处理 as one row in a 2021 report: the variant layout, unless the
     three sub-rows were found too (then the one row was a stray match). */
  const gk_stable *t3 = doc->schema->tables[1];
  int vo = -1, alt_found = 0;
  for (int r = 0; r < t3->nrows; r++) {
    if (t3->rows[r].flags & GK_ROW_VARIANT_ONLY) vo = r;
    if ((t3->rows[r].flags & GK_ROW_VARIANT_ALT) && doc->row_found[1][r]) alt_found = 1;
  }
  if (vo >= 0 && doc->row_found[1][vo]) {
    if (alt_found) {
      doc->row_found[1][vo] = 0;
    } else {
      doc->variant_other = 1;
    }
  }
  return GK_OK;
}
