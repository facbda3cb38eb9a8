/* map_position.c: tables mapped by position when their labels are unreadable (see
 * map_position.h). */
#include "map_position.h"

#include <string.h>

#include "../core/doc.h"
#include "../core/rules.h"
#include "map_store.h"

/* Numbers in a row of t3 (six applicant columns and the total) and in t4's one
 * line (three kinds of case by five results). */
#define POS_T3_ROW_NUMS 7
#define POS_T4_NUMS 15

/* Lines read from one document: a report has a few hundred; past this the rest is
 * not read (the mapper then finds nothing there, never a wrong place). */
#define POS_MAX_LINES 8192

/* 1 when s[0, n) is a bare number: 1..GK_POS_MAX_DIGITS ASCII digits. */
static int bare_number(const char *s, size_t n) {
  if (n == 0 || n > GK_POS_MAX_DIGITS) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Adds the token s[0, n) to the line when it is a bare number. */
static int add_token(gk_arena *a, gk_pos_line *ln, const char *s, size_t n, gk_src src) {
  if (!bare_number(s, n)) return GK_OK;
  if (ln->nnum < GK_POS_LINE_NUMS) {
    char *c = gk_arena_alloc_uninit(a, n + 1);
    if (!c) return GK_ENOMEM;
    memcpy(c, s, n);
    c[n] = '\0';
    ln->num[ln->nnum] = c;
    ln->src[ln->nnum] = src;
  }
  ln->nnum++;
  return GK_OK;
}

/* The doc's lines: every grid row (a cell counts when its whole trimmed text is a
 * number) and every paragraph (its whitespace-separated tokens). */
static int gather_lines(gk_doc *doc, gk_arena *a, gk_pos_line **out, int *nout) {
  size_t cap = 0;
  for (size_t b = 0; b < doc->nblocks; b++)
    cap += doc->blocks[b].kind == GK_BLOCK_GRID ? doc->blocks[b].nrows : 1;
  if (cap > POS_MAX_LINES) cap = POS_MAX_LINES;
  gk_pos_line *lines = gk_arena_alloc(a, sizeof *lines * (cap ? cap : 1));
  if (!lines) return GK_ENOMEM;
  int n = 0;
  for (size_t b = 0; b < doc->nblocks && (size_t)n < cap; b++) {
    const gk_block *bl = &doc->blocks[b];
    if (bl->kind == GK_BLOCK_GRID) {
      for (size_t r = 0; r < bl->nrows && (size_t)n < cap; r++) {
        gk_pos_line *ln = &lines[n++];
        memset(ln, 0, sizeof *ln);
        ln->line = bl->rows[r].line;
        for (size_t c = 0; c < bl->rows[r].ncells; c++) {
          const gk_cell *ce = &bl->rows[r].cells[c];
          if (ce->covered || !ce->text) continue;
          const char *s = ce->text, *e = s + strlen(s);
          while (s < e && is_ws(*s)) s++;
          while (e > s && is_ws(e[-1])) e--;
          if (add_token(a, ln, s, (size_t)(e - s), ce->src)) return GK_ENOMEM;
        }
      }
    } else if (bl->text) {
      gk_pos_line *ln = &lines[n++];
      memset(ln, 0, sizeof *ln);
      ln->line = bl->line;
      int col = 0; /* characters before p */
      for (const char *p = bl->text; *p;) {
        while (*p && is_ws(*p)) p++, col++;
        const char *s = p;
        gk_src src;
        memset(&src, 0, sizeof src);
        src.kind = GK_SRC_TEXT;
        src.line = bl->line;
        src.column = col + 1;
        while (*p && !is_ws(*p)) col += ((unsigned char)*p++ & 0xC0) != 0x80;
        if (add_token(a, ln, s, (size_t)(p - s), src)) return GK_ENOMEM;
      }
    }
  }
  *out = lines;
  *nout = n;
  return GK_OK;
}

/* Rows of table t that the positional reading fills: the rows active in the plain
 * layout, in template order. */
static int plain_rows(const gk_stable *st, int *rows) {
  int n = 0;
  for (int r = 0; r < st->nrows; r++)
    if (gk_schema_row_active(&st->rows[r], 0)) rows[n++] = r;
  return n;
}

int gk_map_pos_find(const gk_doc *doc, int t, const gk_pos_line *lines, int n, int *first,
                    int *last) {
  if (!doc->schema || (t != GK_T3 && t != GK_T4)) return 0;
  int found = 0;
  if (t == GK_T4) {
    for (int i = 0; i < n; i++)
      if (lines[i].nnum == POS_T4_NUMS) *first = *last = i, found++;
    return found == 1;
  }
  const gk_stable *st = doc->schema->tables[t];
  int rows[64];
  if (st->nrows > 64) return 0;
  int want = plain_rows(st, rows);
  int start = -1, len = 0, end = -1;
  for (int i = 0; i <= n; i++) {
    int k = i < n ? lines[i].nnum : -1; /* -1: the end closes the last run */
    if (k == 0) continue;
    if (k == POS_T3_ROW_NUMS) {
      if (len == 0) start = i;
      len++;
      end = i;
      continue;
    }
    if (len == want) *first = start, *last = end, found++;
    len = 0;
  }
  return found == 1;
}

typedef struct pos_vals {
  const gk_stable *st;
  long long v[64][GK_MAX_ROW_COLS]; /* by template row and the row's column position */
} pos_vals;

static long long pos_get(void *ctx, gk_table t, int row, int col) {
  (void)t;
  const pos_vals *pv = ctx;
  int k = gk_schema_row_col_pos(&pv->st->rows[row], col);
  return k < 0 ? 0 : pv->v[row][k];
}

/* The rules that must hold for a positional reading to be kept: the sums along
 * rows and columns, which a reading shifted by a row or a column breaks. */
static int required_rule(const char *id) {
  return strcmp(id, "t3.results_sum") == 0 || strcmp(id, "t3.row_total") == 0 ||
         strcmp(id, "t4.row_total") == 0;
}

int gk_map_pos_apply(gk_doc *doc, int t, const gk_pos_line *lines, int first, int last,
                     gk_arena *tmp) {
  const gk_stable *st = doc->schema->tables[t];
  int rows[64];
  if (st->nrows > 64) return 0;
  int nrows = plain_rows(st, rows);
  gk_arena_pos mark = gk_arena_mark(tmp);
  pos_vals *pv = gk_arena_alloc(tmp, sizeof *pv);
  const char **txt = gk_arena_alloc(tmp, sizeof *txt * 64 * GK_MAX_ROW_COLS);
  gk_src *src = gk_arena_alloc(tmp, sizeof *src * 64 * GK_MAX_ROW_COLS);
  if (!pv || !txt || !src) return GK_ENOMEM;
  pv->st = st;
  /* The values in reading order, laid onto the rows' numeric cells in order. */
  int ri = 0, ci = 0;
  for (int i = first; i <= last; i++) {
    for (int k = 0; k < lines[i].nnum && k < GK_POS_LINE_NUMS; k++) {
      while (ri < nrows && ci >= st->rows[rows[ri]].ncols) ri++, ci = 0;
      if (ri >= nrows) break;
      const gk_srow *sr = &st->rows[rows[ri]];
      if (st->cols[sr->cols[ci]].kind == GK_VK_TEXT) { /* t3, t4 have none: no reading */
        gk_arena_release(tmp, mark);
        return 0;
      }
      long long v = 0;
      for (const char *p = lines[i].num[k]; *p; p++) v = v * 10 + (*p - '0');
      pv->v[rows[ri]][ci] = v;
      txt[rows[ri] * GK_MAX_ROW_COLS + ci] = lines[i].num[k];
      src[rows[ri] * GK_MAX_ROW_COLS + ci] = lines[i].src[k];
      ci++;
    }
  }
  if (ri < nrows - 1 || (ri == nrows - 1 && ci < st->rows[rows[ri]].ncols)) {
    gk_arena_release(tmp, mark);
    return 0; /* fewer numbers than cells: not the table's shape */
  }
  gk_rule_set set;
  int rc = gk_rules_for(doc->schema, (gk_table)t, 0, &set);
  if (rc) return rc;
  int tested = 0, ok = 1;
  for (int i = 0; i < set.ninsts && ok; i++) {
    if (!required_rule(set.insts[i].rule->id)) continue;
    tested++;
    ok = gk_rule_inst_holds(&set.insts[i], pos_get, pv);
  }
  if (!tested || !ok) {
    gk_arena_release(tmp, mark);
    return 0;
  }
  for (int j = 0; j < nrows && !rc; j++)
    rc = gk_map_store_traced(doc, t, rows[j], &txt[rows[j] * GK_MAX_ROW_COLS],
                             &src[rows[j] * GK_MAX_ROW_COLS], NULL, st->rows[rows[j]].ncols);
  if (!rc) {
    doc->table_found[t] = 1;
    doc->position_mapped[t] = 1;
    rc = gk_diag_add(doc, GK_SEV_NOTE, "layout", NULL,
                     "%s: no label matched; the values of lines %d-%d taken in template order, "
                     "as the table's sums hold under that reading",
                     st->key, lines[first].line, lines[last].line);
  }
  gk_arena_release(tmp, mark);
  return rc ? rc : 1;
}

int gk_map_position(gk_doc *doc, gk_arena *tmp) {
  if (!doc->schema || (doc->table_found[GK_T3] && doc->table_found[GK_T4])) return GK_OK;
  gk_arena_pos mark = gk_arena_mark(tmp);
  gk_pos_line *lines = NULL;
  int n = 0, rc = gather_lines(doc, tmp, &lines, &n);
  for (int t = GK_T3; !rc && t <= GK_T4; t++) {
    int first, last;
    if (doc->table_found[t] || !gk_map_pos_find(doc, t, lines, n, &first, &last)) continue;
    int got = gk_map_pos_apply(doc, t, lines, first, last, tmp);
    if (got < 0) rc = got;
  }
  gk_arena_release(tmp, mark);
  return rc;
}
