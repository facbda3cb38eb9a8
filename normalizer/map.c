/* map.c: mapping the model's paragraphs and grids onto the canonical tables.
 *
 * The phases, one file each: rows and their label keys (map_keys.c), how well keys
 * fit a template row (map_score.c), the layouts of one table (map_layout.c), and
 * here the entry: each table's region of rows, the template, each data row matched
 * to a template row by label similarity (never by position alone) and its value
 * cells resolved to the row's column count (resolve.c).
 *
 * Memory: one scratch arena for every temporary, released after each physical row
 * and each data row matched; each region's rows live in an arena of the region,
 * freed on return. Only the values and diagnostics go to the doc's arena. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "map.h"
#include "map_runs.h"
#include "map_keys.h"
#include "map_layout.h"
#include "map_position.h"
#include "map_score.h"
#include "map_store.h"
#include "number.h"
#include "resolve.h"
#include "textfix.h"

/* A row of blanks may stand as a label wrapped over up to this many fragments
 * (行政 / 事业 / 性收 / 费). */
#define ORPHAN_MAX_FRAGMENTS 4
/* Rows that match no template row are each named in a warning up to this many per
 * table; the rest are counted in one (a generated or garbled table can have 100 000). */
#define MAX_UNMATCHED_SHOWN 100

/* Paragraphs a table continued on the next page may have between its two grids (a
 * wrapped label's last line left outside the grid, a page header). */
#define CONTINUATION_MAX_PARAS 3

/* Anchors: words that identify a table's grid when its part heading was not found,
 * and that mark where a later table starts inside a grid that holds the one before
 * it too (a PDF whose headings were not read as paragraphs runs t2 and t3 into one
 * grid). */
static const char *anchors[GK_NTABLES] = {"第二十条", "本年新收", "复议后起诉"};

/* Which tables' anchors (bit t for anchors[t]) the cells of each row of each grid
 * hold once folded to a key (⼆⼗ reads 二十). A grid is keyed the first time it is
 * searched, and the marks are kept while the document is mapped: the table passes
 * (four or five a document) search the same grids, and keying their cells again
 * each time was a tenth of gktab's own work on a PDF. */
typedef struct anchor_marks {
  const gk_doc *doc;
  gk_arena *a;          /* the marks; scratch keys are released after each grid */
  unsigned char **rows; /* per block: one byte per row, NULL until searched */
  int failed;           /* out of memory: gk_map_tables reports it */
} anchor_marks;

static const unsigned char *grid_marks(anchor_marks *m, const gk_block *b) {
  size_t bi = (size_t)(b - m->doc->blocks);
  if (m->rows[bi]) return m->rows[bi];
  unsigned char *rows = gk_arena_alloc(m->a, b->nrows ? b->nrows : 1);
  if (!rows) {
    m->failed = 1;
    return NULL;
  }
  gk_arena_pos at = gk_arena_mark(m->a);
  for (size_t r = 0; r < b->nrows; r++) {
    rows[r] = 0;
    for (size_t c = 0; c < b->rows[r].ncells; c++) {
      const char *key = gk_text_key(m->a, b->rows[r].cells[c].text);
      if (!key) {
        m->failed = 1;
        return NULL;
      }
      for (int t = 0; t < GK_NTABLES; t++)
        if (strstr(key, anchors[t])) rows[r] |= (unsigned char)(1u << t);
    }
  }
  gk_arena_release(m->a, at);
  return m->rows[bi] = rows;
}

/* The first row of grid b at or after row `from` that holds table t's anchor, or
 * b->nrows when none does (or when out of memory: m->failed says so). */
static size_t grid_find(anchor_marks *m, const gk_block *b, size_t from, int t) {
  const unsigned char *rows = grid_marks(m, b);
  size_t r = from;
  while (rows && r < b->nrows && !(rows[r] & (1u << t))) r++;
  return rows ? r : b->nrows;
}

/* Whether a row of grid b holds table t's anchor. */
static int grid_has(anchor_marks *m, const gk_block *b, int t) {
  return grid_find(m, b, 0, t) < b->nrows;
}

/* The first row of grid b at or after `from` where a table after t starts (see
 * `anchors`), or b->nrows. */
static size_t later_table_row(anchor_marks *m, const gk_block *b, int t, size_t from) {
  size_t end = b->nrows;
  for (int o = t + 1; o < GK_NTABLES; o++) {
    size_t r = grid_find(m, b, from, o);
    if (r < end) end = r;
  }
  return end;
}

/* Rows of label text a grid continued on the next page may start with before its
 * first row of values: the last lines of a label wrapped over up to four lines whose
 * values sit beside its last, cut from the line above by the page break. A table
 * starting on the page has its heading and a header band of two rows or more first. */
#define CONTINUATION_LEAD_ROWS 3

/* Whether a cell of the row holds a number. Temporaries in tmp, released. */
static int row_has_number(gk_arena *tmp, const gk_row *row) {
  gk_arena_pos at = gk_arena_mark(tmp);
  int found = 0;
  for (size_t c = 0; c < row->ncells && !found; c++) {
    const char *f = gk_text_fold(tmp, row->cells[c].text);
    gk_numcell nc;
    found = f && gk_num_classify(tmp, f, &nc) == GK_OK && nc.kind == GK_NC_NUMBER;
  }
  gk_arena_release(tmp, at);
  return found;
}

/* Where table t's rows start in grid b when an earlier table's anchor stands above
 * t's (row at) in it: after the last row of numbers above row at, so that t takes
 * its own header band and not the earlier table's rows (each was a warning that t
 * had a row it could not match). Else 0. */
static size_t earlier_table_end(gk_arena *tmp, anchor_marks *m, const gk_block *b, int t,
                                size_t at) {
  int earlier = 0;
  for (int o = 0; o < t && !earlier; o++) earlier = grid_find(m, b, 0, o) < at;
  if (!earlier) return 0;
  size_t r = at;
  while (r > 0 && !row_has_number(tmp, &b->rows[r - 1])) r--;
  return r;
}

/* Whether grid b starts with table rows: a row holding a number within its first
 * CONTINUATION_LEAD_ROWS + 1 rows, and before it no cell that is a column head (a
 * table starting on the page names its columns before its numbers, and every
 * table's header has 总计 or t3's applicant heads). Label rows before the numbers
 * are the rest of a row wrapped across the page break: a re-distilled PDF whose
 * labels lost their punctuation cuts them so. */
static int starts_with_values(gk_arena *tmp, const gk_block *b) {
  for (size_t r = 0; r < b->nrows && r <= CONTINUATION_LEAD_ROWS; r++) {
    const gk_row *row = &b->rows[r];
    if (row_has_number(tmp, row)) return 1;
    gk_arena_pos at = gk_arena_mark(tmp);
    int head = 0;
    for (size_t c = 0; c < row->ncells && !head; c++) head = map_is_column_head(tmp, row->cells[c].text);
    gk_arena_release(tmp, at);
    if (head) return 0;
  }
  return 0;
}

/* The grid after block b that continues table t on the next page: no more than a
 * few paragraphs between, its first rows those of a table (see starts_with_values)
 * or its own anchor (a header repeated), and no earlier table's anchor in it.
 * Returns its index or 0; *end is the row where a later table starts in it (the
 * continuation is its rows before), or its number of rows. */
static size_t continuation(gk_doc *doc, gk_arena *tmp, anchor_marks *m, int t, size_t b,
                           size_t *end) {
  int paras = 0;
  for (size_t n = b + 1; n < doc->nblocks; n++) {
    const gk_block *nb = &doc->blocks[n];
    if (nb->kind != GK_BLOCK_GRID) {
      if (++paras > CONTINUATION_MAX_PARAS) return 0;
      continue;
    }
    if (!doc->blocks[b].page || nb->page != doc->blocks[b].page + 1) return 0;
    if (!starts_with_values(tmp, nb) && !grid_has(m, nb, t)) return 0;
    for (int o = 0; o < t; o++)
      if (grid_has(m, nb, o)) return 0;
    *end = later_table_row(m, nb, t, 0);
    return *end ? n : 0;
  }
  return 0;
}

/* The tables' keys, for messages. */
static const char *table_keys[GK_NTABLES] = {"t2", "t3", "t4"};

/* Collects table t's rows: the blocks of its part, else the first grid with its anchor. */
static int build_region(gk_doc *doc, int t, region *rg, anchor_marks *m) {
  const gk_section *sec = &doc->parts[t + 1];
  if (sec->title) {
    for (size_t b = sec->first_block; b < sec->end_block; b++) {
      int rc = region_add_block(rg, &doc->blocks[b]);
      if (rc) return rc;
    }
    return region_finish(rg);
  }
  for (size_t b = 0; b < doc->nblocks; b++) {
    const gk_block *gb = &doc->blocks[b];
    if (gb->kind != GK_BLOCK_GRID) continue;
    size_t at = grid_find(m, gb, 0, t);
    if (at < gb->nrows) {
      if (!rg->quiet)
        gk_diag_add(doc, GK_SEV_NOTE, "heading", NULL,
                  "part heading of %s not found; using table %d, which has its labels",
                  table_keys[t], doc->blocks[b].index);
      /* The table ends where a later one starts in its grid (t2 and t3 read as
         one grid); else it may go on in the next page's grid, up to where a later
         table starts there. */
      size_t end = later_table_row(m, gb, t, at + 1);
      int rc = region_add_rows(rg, gb, earlier_table_end(rg->tmp, m, gb, t, at), end);
      for (size_t n = b, prev; !rc && end == gb->nrows;) {
        prev = n;
        if (!(n = continuation(doc, rg->tmp, m, t, n, &end))) break;
        if (!rg->quiet)
          gk_diag_add(doc, GK_SEV_NOTE, "heading", NULL, "%s continues in table %d",
                      table_keys[t], doc->blocks[n].index);
        /* The paragraphs between are the table's too, as they are when its part
           heading gives its blocks: a wrapped label's last line that the page break
           left outside both grids (全一稳定” under 3.危及“三安). */
        for (size_t q = prev + 1; !rc && q < n; q++) rc = region_add_block(rg, &doc->blocks[q]);
        gb = &doc->blocks[n];
        if (!rc) rc = region_add_rows(rg, gb, 0, end);
      }
      return rc ? rc : region_finish(rg);
    }
  }
  return GK_OK;
}

/* The template generation whose header labels table 2 has most of. */
static const gk_schema *detect_schema(const region *rg) {
  return gk_map_detect_schema(rg->tmp, rg->region_text, gk_schemas[0]);
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
static int join_digits(gk_arena *tmp, const char *const *below, int e, gk_row_rule rule,
                       const char **read) {
  const char *joined[MAX_ITEMS];
  for (int k = 0; k < e; k++) {
    if (!below[k]) {
      joined[k] = read[k];
    } else if (!read[k] || strchr(read[k], '.') || below[k][0] == '-') {
      return 0;
    } else {
      joined[k] = gk_arena_printf(tmp, "%s%s", read[k], below[k]);
      if (!joined[k]) return 0;
    }
  }
  if (!gk_resolve_rule_holds(rule, joined, e)) return 0;
  memcpy(read, joined, (size_t)e * sizeof *read);
  return 1;
}

static int join_broken_numbers(gk_doc *doc, const lrow *lr, const lrow *next, int e,
                               gk_row_rule rule, const char **read, gk_arena *tmp) {
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
    if (join_digits(tmp, below, e, rule, read)) return 1;
  }
  if (gk_resolve_values(doc->arena, next->items, next->nitems, e, NULL, below) < 0) return 0;
  return join_digits(tmp, below, e, rule, read);
}

/* The digit groups the row's text shows: its values, and the digit runs its label
 * holds past its numbering (`…案卷”16`, an OCR mark glued to a value). */
static int shown_groups(const lrow *lr) {
  int n = lr->numbers;
  const char *p = lr->label ? gk_text_after_numbering(lr->label) : "";
  while (*p) {
    if (*p >= '0' && *p <= '9') {
      n++;
      while (*p >= '0' && *p <= '9') p++;
    } else {
      p++;
    }
  }
  return n;
}

/* The digit runs at the very end of the row's label (`…案卷”16` → 1). */
static int label_tail_groups(const lrow *lr) {
  const char *l = lr->label ? lr->label : "";
  size_t n = strlen(l);
  if (!n || !(l[n - 1] >= '0' && l[n - 1] <= '9')) return 0;
  int groups = 0;
  size_t i = n;
  while (i > 0) {
    if (!(l[i - 1] >= '0' && l[i - 1] <= '9')) break;
    while (i > 0 && l[i - 1] >= '0' && l[i - 1] <= '9') i--;
    groups++;
    while (i > 0 && l[i - 1] == ' ') i--;
  }
  return groups;
}

/* Leaves every cell of row r (e numeric columns) of table t undecided: null, named by
 * value.ambiguous with `why`. Returns GK_OK or GK_ENOMEM. */
static int mark_row_undecided(gk_doc *doc, int t, int r, int e, const char *why) {
  unsigned char all[MAX_ITEMS];
  for (int k = 0; k < e; k++) all[k] = 1;
  return gk_map_mark_undecided(doc, t, r, all, e, "", why);
}

static int resolve_and_store(gk_doc *doc, int t, int r, const lrow *lr, gk_row_rule rule,
                             const int *order, const lrow *next, int *used_next, gk_arena *tmp) {
  const gk_stable *st = doc->schema->tables[t];
  int e = numeric_cols(st, &st->rows[r]);
  const char *read[MAX_ITEMS], *vals[MAX_ITEMS], *before[MAX_ITEMS], *rby[MAX_ITEMS], *by[MAX_ITEMS];
  gk_src rsrc[MAX_ITEMS], src[MAX_ITEMS];
  unsigned char ambig[MAX_ITEMS];
  unsigned char cut[MAX_ITEMS], cutv[MAX_ITEMS];
  if (gk_map_cut_values(lr->items, lr->nitems, e, read, rsrc, cut)) {
    /* Cut off at a page's edge: the cells left of it as printed, the rest lost.
       No reading by the arithmetic: the row's sums hold only over cells not seen. */
    *used_next = 0;
    for (int k = 0; k < e; k++) vals[k] = read[k], src[k] = rsrc[k], cutv[k] = cut[k];
    if (order)
      for (int k = 0; k < e && k < GK_MAX_ROW_COLS; k++)
        vals[order[k]] = read[k], src[order[k]] = rsrc[k], cutv[order[k]] = cut[k];
    int rc = gk_map_store_traced(doc, t, r, vals, src, NULL, e);
    if (rc == GK_OK) gk_map_mark_cut_off(doc, t, r, cutv, src, e);
    return rc;
  }
  int kind = gk_resolve_values(doc->arena, lr->items, lr->nitems, e, rule, read);
  if (kind < 0) return GK_ENOMEM;
  gk_map_trace_values(lr->items, lr->nitems, read, e, rsrc, ambig);
  gk_map_decide_values(doc, kind, rule, read, e, ambig, rby);
  memcpy(before, read, (size_t)e * sizeof *read);
  *used_next = join_broken_numbers(doc, lr, next, e, rule, read, tmp);
  if (*used_next) {
    /* The values the join changed were decided by the row's arithmetic; one taken
       from the line below is where it was printed. */
    const char *ids = gk_map_rule_ids(doc, rule);
    for (int k = 0; k < e; k++) {
      if (read[k] == before[k]) continue;
      rby[k] = ids;
      for (int i = 0; i < next->nitems && !before[k]; i++)
        if (next->items[i].g == read[k]) rsrc[k] = next->items[i].src;
    }
  }
  if (*used_next)
    gk_diag_add(doc, GK_SEV_WARNING, "values", pos_str(tmp, lr->pos),
                "%s.%s: numbers broken over two lines joined, the reading under which the row "
                "adds up", st->key, st->rows[r].key);
  /* A row short of values whose label ends in the missing digit groups (OCR glued
     a mark to the first value: `…案卷”16 49 82 …`): the lost cells are the first
     ones, the values read the last; the lost are marked below. */
  int tail_lost = kind == GK_RES_PADDED && label_tail_groups(lr) == e - lr->numbers &&
                  lr->numbers == lr->nitems;
  if (tail_lost) {
    int miss = e - lr->numbers;
    for (int k = 0; k < e; k++) read[k] = k < miss ? NULL : lr->items[k - miss].g;
  }
  /* Values come in the document's column order; the header decided which is which. */
  for (int k = 0; k < e; k++) vals[k] = read[k], src[k] = rsrc[k], by[k] = rby[k];
  if (order)
    for (int k = 0; k < e && k < GK_MAX_ROW_COLS; k++)
      vals[order[k]] = read[k], src[order[k]] = rsrc[k], by[order[k]] = rby[k];
  const char *w = gk_map_res_words(kind);
  if (w && kind != GK_RES_GUESSED && kind != GK_RES_TRUNCATED) { /* undecided: value.ambiguous */
    char *got = gk_map_items_text(tmp, lr->items, lr->nitems);
    gk_vitem tv[MAX_ITEMS];
    for (int i = 0; i < e; i++) tv[i] = (gk_vitem){.g = vals[i], .soft = 0};
    char *took = gk_map_items_text(tmp, tv, e);
    if (!got || !took) return GK_ENOMEM;
    gk_severity sev = kind == GK_RES_MERGED || kind == GK_RES_CHOSEN ? GK_SEV_NOTE : GK_SEV_WARNING;
    gk_diag_add(doc, sev, "values", pos_str(tmp, lr->pos), "%s.%s: %s: \"%s\" read as %s", st->key,
                st->rows[r].key, w, got, took);
  }
  /* Blanks placed in a row whose text shows a digit group for every column: a
     group was misread (not a number, or glued to the label), so where the blanks
     go is a guess. The cells placed so are not read (`?`, value.type), never blank. */
  if (kind == GK_RES_PADDED && shown_groups(lr) >= e) {
    gk_diag_add(doc, GK_SEV_WARNING, "values", pos_str(tmp, lr->pos),
                "%s.%s: the text shows %d digit groups for %d columns but only %d were read: "
                "the cells left over are misreads, not blanks", st->key, st->rows[r].key,
                shown_groups(lr), e, lr->numbers);
    /* Where a misread cell is, the row tells: the source of its first read item. */
    gk_src at = {0};
    for (int i = 0; i < lr->nitems && at.kind == GK_SRC_NONE; i++) at = lr->items[i].src;
    for (int k = 0; k < e; k++)
      if (!vals[k]) {
        vals[k] = "?";
        if (src[k].kind == GK_SRC_NONE) src[k] = at;
      }
  }
  /* A value the trace could not follow (a group cut from the label) is still on the
     row: it takes the source of the row's first read item (line right, column that
     of the row's first value). */
  for (int k = 0; k < e; k++)
    if (vals[k] && src[k].kind == GK_SRC_NONE)
      for (int i = 0; i < lr->nitems && src[k].kind == GK_SRC_NONE; i++) src[k] = lr->items[i].src;
  int rc = gk_map_store_traced(doc, t, r, vals, src, by, e);
  if (rc) return rc;
  if (kind == GK_RES_PADDED && rule && !tail_lost && shown_groups(lr) < e &&
      !gk_resolve_rule_holds(rule, read, e)) {
    /* Fewer values than columns and no placement of the blanks under which the row
       adds up: where the blanks go the text does not say (a PDF's cells shifted by
       a column of another table's), so none is taken. */
    char *got = gk_map_items_text(tmp, lr->items, lr->nitems);
    if (!got) return GK_ENOMEM;
    char why[512];
    snprintf(why, sizeof why,
             "the text shows %d values (\"%s\") for %d columns, and no placement of the blanks "
             "makes the row add up", lr->numbers, got, e);
    return mark_row_undecided(doc, t, r, e, why);
  }
  if (kind == GK_RES_TRUNCATED) {
    /* More numbers than columns and no blank to drop: which are the row's the text
       does not say (a decimal point lost, a remark's figure, a cell printed twice),
       so none is taken. */
    char *got = gk_map_items_text(tmp, lr->items, lr->nitems);
    if (!got) return GK_ENOMEM;
    char why[512];
    snprintf(why, sizeof why,
             "the text shows %d numbers (\"%s\") for %d column%s, and which are the row's it does "
             "not say", lr->numbers, got, e, e == 1 ? "" : "s");
    return mark_row_undecided(doc, t, r, e, why);
  }
  if (kind != GK_RES_GUESSED) return rc;
  /* Several readings and the arithmetic does not decide: the cells whose reading
     was open (joined from several groups or by a stray space) are not taken; when
     the trace cannot tell which they are, none of the row is. */
  unsigned char open[MAX_ITEMS];
  int any = 0;
  for (int k = 0; k < e; k++) {
    int at = order && k < GK_MAX_ROW_COLS ? order[k] : k;
    open[at] = read[k] != NULL && ambig[k];
    any |= open[at];
  }
  for (int k = 0; k < e && !any; k++) open[k] = vals[k] != NULL;
  char *got = gk_map_items_text(tmp, lr->items, lr->nitems);
  if (!got) return GK_ENOMEM;
  char why[512];
  snprintf(why, sizeof why,
           "the digit groups \"%s\" (a space may or may not part two cells) read several ways "
           "and no rule of the template decides between them", got);
  return gk_map_mark_undecided(doc, t, r, open, e, "", why);
}

/* The template row other than `best` that the label cell before the leaf's fits
 * alone (GK_MAP_SIM_NEXT_ROW: a label of its own, not a fragment), or -1. */
static int second_label_row(const gk_doc *doc, int t, const gk_variants *vars, const lrow *lr,
                            int best) {
  if (lr->second.n == 0) return -1;
  const gk_stable *st = doc->schema->tables[t];
  double own = gk_map_key_sim(&vars[best], &lr->second, 0.0);
  for (int r = 0; r < st->nrows; r++) {
    if (r == best || doc->row_found[t][r] || (st->rows[r].flags & GK_ROW_VARIANT_ONLY)) continue;
    double s = gk_map_key_sim(&vars[r], &lr->second, GK_MAP_BELOW(GK_MAP_SIM_NEXT_ROW));
    if (s >= GK_MAP_SIM_NEXT_ROW && s > own) return r;
  }
  return -1;
}

/* Leaves rows a and b of table t undecided: one line holds both their labels. */
static int undecided_pair(gk_doc *doc, int t, int a, int b, const lrow *lr, gk_arena *tmp) {
  const gk_stable *st = doc->schema->tables[t];
  char *got = gk_map_items_text(tmp, lr->items, lr->nitems);
  if (!got) return GK_ENOMEM;
  char why[512];
  snprintf(why, sizeof why,
           "one line holds the labels of %s.%s and %s.%s and the values \"%s\"; whose they are "
           "the text does not say",
           st->key, st->rows[a < b ? a : b].key, st->key, st->rows[a < b ? b : a].key, got);
  int rows[2] = {a, b};
  for (int i = 0; i < 2; i++) {
    doc->row_found[t][rows[i]] = 1;
    int rc = mark_row_undecided(doc, t, rows[i], numeric_cols(st, &st->rows[rows[i]]), why);
    if (rc) return rc;
  }
  return GK_OK;
}

/* Matches the region's data rows to table t's rows by label. */
/* Where matching stands between batches of a table's rows. */
typedef struct match_state {
  int last;        /* the template row matched last, or -1 */
  size_t skip;     /* rows at the front already taken as the continuation of the row before */
  size_t unmatched; /* data rows that matched no template row */
} match_state;

/* Matches rows[skip, end) of the region to table t's rows by label; rows past end
 * are only looked at as continuations. */
static int map_rows(gk_doc *doc, int t, region *rg, const gk_variants *vars, size_t end,
                    match_state *ms) {
  const gk_stable *st = doc->schema->tables[t];
  int last = ms->last;
  size_t i = ms->skip;
  for (; i < end; i++) {
    const lrow *lr = &rg->rows[i];
    /* The row's temporaries (messages, joined digits) go with it. */
    gk_arena_pos mark = gk_arena_mark(rg->tmp);
    int best = -1;
    double best_s = 0;
    /* Fast path: the next template row, when its label fits well. */
    for (int r = last + 1; r < st->nrows; r++) {
      if (doc->row_found[t][r] || (st->rows[r].flags & GK_ROW_VARIANT_ONLY)) continue;
      double s = gk_map_row_score(&vars[r], &lr->k);
      if (s >= GK_MAP_SIM_NEXT_ROW) {
        best = r;
        best_s = s;
      }
      break;
    }
    if (best < 0) {
      for (int r = 0; r < st->nrows; r++) {
        if (doc->row_found[t][r]) continue;
        double s = gk_map_row_score(&vars[r], &lr->k);
        /* Template order breaks near-ties. */
        if (r > last) s += GK_MAP_ORDER_BONUS;
        if (s > best_s + 1e-9) {
          best_s = s;
          best = r;
        }
      }
    }
    if (best < 0 || best_s < GK_MAP_SIM_MATCH) {
      /* A data row without a fitting label: values from a row of blanks are layout. */
      if (lr->numbers > 0 && ms->unmatched++ < MAX_UNMATCHED_SHOWN)
        gk_diag_add(doc, GK_SEV_WARNING, "unmatched-row", pos_str(rg->tmp, lr->pos),
                    "%s: row \"%s\" matches no row of the template; its values were not used",
                    st->key, lr->label);
      gk_arena_release(rg->tmp, mark);
      continue;
    }
    /* A row with no cells at all is a label whose list numeral was cut from it
       (map_keys: gk_num_cut_numeral) and whose values the text does not show on
       its line. Its template row is taken, so no row below takes it by a label
       fragment, and its cells are left undecided: null, named by value.ambiguous. */
    if (lr->nitems == 0) {
      doc->row_found[t][best] = 1;
      int rc = mark_row_undecided(doc, t, best, numeric_cols(st, &st->rows[best]),
                                  "its label stands beside a list numeral cut from it, and "
                                  "its values are not on its line");
      gk_arena_release(rg->tmp, mark);
      if (rc) return rc;
      last = best;
      continue;
    }
    /* A line whose label cells hold two rows' labels (columns so narrow that the
       next row's first line stands beside this row's last): whose values they are
       the text does not say, and taking them for the leaf's row would give one
       row's values to its neighbour. Both rows are left undecided. */
    int other = lr->numbers > 0 ? second_label_row(doc, t, vars, lr, best) : -1;
    if (other >= 0) {
      int rc = undecided_pair(doc, t, best, other, lr, rg->tmp);
      gk_arena_release(rg->tmp, mark);
      if (rc) return rc;
      last = best > other ? best : other;
      continue;
    }
    /* A row of only blanks counts when its label fits well and it has a blank for
       every column (a header row ends in a label and a stray empty cell). */
    if (lr->numbers == 0 && (best_s < GK_MAP_SIM_BLANK_ROW || lr->nitems < numeric_cols(st, &st->rows[best]))) {
      gk_arena_release(rg->tmp, mark);
      continue;
    }
    int used_next = 0;
    const lrow *next = i + 1 < rg->nrows ? &rg->rows[i + 1] : NULL;
    if (next && next->labelled) {
      /* A labelled row continues this one only if its label is no row of its own. */
      for (int r = 0; r < st->nrows && next; r++)
        if (r != best && !doc->row_found[t][r] && gk_map_row_score(&vars[r], &next->k) >= GK_MAP_SIM_MATCH)
          next = NULL;
    }
    gk_row_rule rule =
        t == GK_T3 ? gk_rules_rows(&(gk_rule_rows){0}, doc->schema, t, best, 1) : NULL;
    int rc = resolve_and_store(doc, t, best, lr, rule, t == 1 ? rg->colorder : NULL, next, &used_next, rg->tmp);
    gk_arena_release(rg->tmp, mark);
    if (rc) return rc;
    if (used_next) i++;
    last = best;
  }
  ms->last = last;
  ms->skip = i - end;
  return GK_OK;
}

/* The count of unmatched rows past those shown one by one. */
static int unmatched_summary(gk_doc *doc, int t, const match_state *ms) {
  if (ms->unmatched <= MAX_UNMATCHED_SHOWN) return GK_OK;
  return gk_diag_add(doc, GK_SEV_WARNING, "unmatched-row", NULL,
                     "%s: %zu more rows match no row of the template; their values were not used",
                     doc->schema->tables[t]->key, ms->unmatched - MAX_UNMATCHED_SHOWN);
}

/* A table is matched while it is read, a batch of rows at a time (region.flush),
 * so a long table holds only MAP_BATCH_ROWS rows; t4 is read twice, first to tell
 * its layout. The stream is what a batch needs. */
/* PASS_T4_SURVEY counts t4's labelled rows and gathers its values as one row of
 * fifteen in the same reading: one of the two layouts is then stored, or the rows
 * are read once more to be matched. */
typedef enum { PASS_MATCH, PASS_T4_SURVEY } pass_kind;

typedef struct stream {
  int t;
  pass_kind pass;
  const gk_variants *vars;
  match_state ms;   /* PASS_MATCH */
  int ordered;      /* t3: column_order was read off the header */
  int labelled;     /* PASS_T4_SURVEY */
  t4_values *gather; /* PASS_T4_SURVEY */
  anchor_marks *marks;
} stream;

/* Takes rows[0, end) of the region according to the pass. */
static int take_rows(region *rg, size_t end) {
  stream *s = rg->flush_ctx;
  gk_doc *doc = rg->doc;
  switch (s->pass) {
    case PASS_T4_SURVEY:
      s->labelled += t4_count_labelled(doc, rg, s->vars, end);
      return t4_gather(rg, end, s->gather);
    case PASS_MATCH:
      break;
  }
  /* The header row comes before the first numbers, so it is known by now. */
  if (s->t == 1 && !s->ordered) {
    s->ordered = 1;
    int rc = column_order(doc, rg, doc->schema->tables[1]);
    if (rc) return rc;
  }
  return map_rows(doc, s->t, rg, s->vars, end, &s->ms);
}

/* Reads table t's blocks once into a fresh region, taking its rows by batches. */
static int read_pass(gk_doc *doc, gk_arena *tmp, stream *s, int quiet, region *keep) {
  region rg;
  int rc = region_init(&rg, doc, tmp, 0);
  if (!rc) {
    rg.quiet = quiet;
    rg.flush = take_rows;
    rg.flush_ctx = s;
    rc = build_region(doc, s->t, &rg, s->marks);
    if (!rc) rc = take_rows(&rg, rg.nrows);
    if (!rc && s->pass == PASS_MATCH) rc = unmatched_summary(doc, s->t, &s->ms);
  }
  /* Rows of blanks are found among the orphan fragments after the matching. */
  if (!rc && keep) {
    *keep = rg;
    return GK_OK;
  }
  region_free(&rg);
  return rc;
}
/* Rows not found among the data rows but whose label stands alone in the table
 * (values all empty: a PDF prints no cells for them) are rows of blanks. Only a
 * label that is the row's own, nearly to the letter, counts. */
static int blank_rows(gk_doc *doc, int t, const region *rg, const gk_variants *vars) {
  const gk_stable *st = doc->schema->tables[t];
  if (!rg->total_rows) return GK_OK; /* no data at all: the table is missing, not blank */
  for (int r = 0; r < st->nrows; r++) {
    if (doc->row_found[t][r] || (st->rows[r].flags & GK_ROW_VARIANT_ONLY)) continue;
    for (size_t i = 0; i < rg->norphans; i++) {
      /* The label alone, or wrapped over up to four fragments (行政 / 事业 / 性收 / 费). */
      keybuf joined = rg->orphans[i];
      gk_keyref jk = {joined.cp, 0};
      jk.n = joined.n;
      double best = gk_map_key_sim(&vars[r], &jk, GK_MAP_BELOW(GK_MAP_SIM_ORPHAN));
      for (size_t k = i + 1; k < rg->norphans && k < i + ORPHAN_MAX_FRAGMENTS && best < GK_MAP_SIM_ORPHAN; k++) {
        key_cat(&joined, &rg->orphans[k]);
        jk.n = joined.n;
        double sk = gk_map_key_sim(&vars[r], &jk, GK_MAP_BELOW(GK_MAP_SIM_ORPHAN));
        if (sk > best) best = sk;
      }
      if (best < GK_MAP_SIM_ORPHAN) continue;
      const char *none[GK_MAX_ROW_COLS] = {NULL};
      int rc = gk_map_store_values(doc, t, r, none, 0);
      if (rc) return rc;
      if (rg->cut_cells >= 0) {
        /* In a table cut off at a page's edge, the cells past the fewest any row
           showed may hold values the page does not. */
        unsigned char cut[GK_MAX_ROW_COLS];
        gk_src srcs[GK_MAX_ROW_COLS];
        gk_src page = {0};
        page.kind = GK_SRC_PDF;
        page.page = rg->cut_page;
        for (int k = 0; k < GK_MAX_ROW_COLS; k++) cut[k] = k >= rg->cut_cells, srcs[k] = page;
        gk_map_mark_cut_off(doc, t, r, cut, srcs, GK_MAX_ROW_COLS);
      }
      rc = gk_diag_add(doc, GK_SEV_NOTE, "blank-row", NULL,
                       "%s.%s: the row's label stands without values; read as a row of blanks",
                       st->key, st->rows[r].key);
      if (rc) return rc;
      break;
    }
  }
  return GK_OK;
}

/* Table st's template rows' wordings as keys. They are a function of the const
 * template alone, so they are loaded once per template table and kept for the
 * process (never freed, still reachable at exit): loading them for every document
 * was 0.14 M instructions a document in a batch. Returns NULL when out of memory. */
typedef struct cached_vars {
  const gk_stable *st;
  const gk_variants *vars;
  struct cached_vars *next;
} cached_vars;

static const gk_variants *template_vars(const gk_stable *st) {
  static gk_arena *arena;
  static cached_vars *loaded;
  for (const cached_vars *c = loaded; c; c = c->next)
    if (c->st == st) return c->vars;
  if (!arena && !(arena = gk_arena_new_kept())) return NULL;
  gk_arena_pos mark = gk_arena_mark(arena);
  cached_vars *c = gk_arena_alloc(arena, sizeof *c);
  size_t n = st->nrows > 0 ? (size_t)st->nrows : 1;
  gk_variants *vars = gk_arena_alloc_uninit(arena, n * sizeof *vars);
  int ok = c && vars;
  for (int r = 0; ok && r < st->nrows; r++)
    ok = !gk_text_variants_load(arena, st->rows[r].labels, &vars[r]);
  if (!ok) {
    gk_arena_release(arena, mark);
    return NULL;
  }
  *c = (cached_vars){st, vars, loaded};
  loaded = c;
  return vars;
}

/* Reads table t and maps it. t2's text was read before (it decided the template). */
static int map_table(gk_doc *doc, int t, gk_arena *tmp, const region *t2_text,
                     anchor_marks *marks) {
  const gk_stable *st = doc->schema->tables[t];
  gk_arena_pos mark = gk_arena_mark(tmp);
  const gk_variants *vars = template_vars(st);
  if (!vars) return GK_ENOMEM;
  stream s = {t, PASS_MATCH, vars, {-1, 0, 0}, 0, 0, NULL, marks};
  region done;
  int rc;
  if (t == 2) {
    /* t4: its layout, and its values if they are one row of fifteen. */
    t4_values g;
    g.a = gk_arena_new();
    g.n = g.started = 0;
    s.pass = PASS_T4_SURVEY;
    s.gather = &g;
    rc = g.a ? read_pass(doc, tmp, &s, 0, &done) : GK_ENOMEM;
    if (!rc && s.labelled >= T4_LABELLED_MIN_ROWS) {
      region_free(&done);
      for (int r = 0; r < st->nrows; r++) doc->row_found[2][r] = 0;
      /* The second reading of the same blocks says nothing the first did not. */
      s.pass = PASS_MATCH;
      rc = read_pass(doc, tmp, &s, /*quiet*/ 1, NULL);
    } else if (!rc) {
      rc = t4_store(doc, &done, &g);
      region_free(&done);
    }
    gk_arena_free(g.a);
    if (rc) return rc;
  } else {
    rc = read_pass(doc, tmp, &s, 0, &done);
    if (rc) return rc;
    if (t == 1 && !s.ordered) rc = column_order(doc, &done, st);
    if (!rc) rc = blank_rows(doc, t, &done, vars);
    region_free(&done);
    if (rc) return rc;
    if (t == 0) fill_units(doc, t2_text);
  }
  for (int r = 0; r < st->nrows; r++) doc->table_found[t] |= doc->row_found[t][r];
  gk_arena_release(tmp, mark);
  return GK_OK;
}

int gk_map_tables(gk_doc *doc, const gk_schema *forced) {
  anchor_marks marks = {doc, gk_arena_new(), NULL, 0};
  gk_arena *tmp = gk_arena_new();
  size_t nb = doc->nblocks ? doc->nblocks : 1;
  if (marks.a) marks.rows = gk_arena_alloc(marks.a, nb * sizeof *marks.rows);
  if (!tmp || !marks.rows) {
    gk_arena_free(tmp);
    gk_arena_free(marks.a);
    return GK_ENOMEM;
  }
  /* t2's text first, whole: its header labels name the template generation, and
     its unit is written by the amount. Its rows are read again, by batches. */
  region text;
  int rc = region_init(&text, doc, tmp, /*keep_text*/ 1);
  if (!rc) {
    text.text_only = 1;
    text.quiet = 1;
    rc = build_region(doc, 0, &text, &marks);
  }
  if (!rc) rc = gk_doc_set_schema(doc, forced ? forced : detect_schema(&text));
  for (int t = 0; t < GK_NTABLES && !rc; t++) rc = map_table(doc, t, tmp, &text, &marks);
  if (!rc && marks.failed) rc = GK_ENOMEM;
  if (!rc) rc = gk_map_runs(doc, forced, tmp);
  if (!rc) rc = gk_map_position(doc, tmp);
  if (!rc) other_one_row(doc);
  region_free(&text);
  gk_arena_free(tmp);
  gk_arena_free(marks.a);
  return rc;
}
