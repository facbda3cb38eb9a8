/* doc.c: the document model: creation, blocks, grids, value slots, invariants. */
#include "doc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* A file name as the output shows it: valid UTF-8 as it is; every byte that is not
 * part of a valid sequence written as \xHH, so the name stays traceable and every
 * writer's output stays valid UTF-8. */
static char *display_name(gk_arena *a, const char *s) {
  size_t len = strlen(s);
  if (gk_utf8_valid(s, len)) return gk_arena_strndup(a, s, len);
  char *out = gk_arena_alloc_uninit(a, len * 4 + 1);
  if (!out) return NULL;
  size_t o = 0, i = 0;
  while (i < len) {
    size_t st = i;
    uint32_t cp = gk_utf8_next(s, len, &i);
    if (cp == 0xFFFD && !(i - st == 3 && memcmp(s + st, "\xEF\xBF\xBD", 3) == 0)) {
      static const char hex[] = "0123456789ABCDEF";
      unsigned char b = (unsigned char)s[st];
      out[o++] = '\\';
      out[o++] = 'x';
      out[o++] = hex[b >> 4];
      out[o++] = hex[b & 15];
      i = st + 1;
      continue;
    }
    memcpy(out + o, s + st, i - st);
    o += i - st;
  }
  out[o] = '\0';
  return out;
}

gk_doc *gk_doc_new(const char *source) {
  gk_arena *a = gk_arena_new();
  if (!a) return NULL;
  gk_doc *doc = gk_arena_alloc(a, sizeof *doc);
  if (!doc) {
    gk_arena_free(a);
    return NULL;
  }
  doc->arena = a;
  doc->source = display_name(a, source ? source : "-");
  if (!doc->source) {
    gk_arena_free(a);
    return NULL;
  }
  return doc;
}

void gk_doc_free(gk_doc *doc) {
  if (doc) gk_arena_free(doc->arena);
}

const char *gk_format_name(gk_format fmt) {
  switch (fmt) {
    case GK_FMT_TEXT: return "text";
    case GK_FMT_HTML: return "html";
    case GK_FMT_DOCX: return "docx";
    case GK_FMT_PDF: return "pdf";
    default: return "unknown";
  }
}

static gk_block *add_block(gk_doc *doc, gk_block_kind kind, int line) {
  if (doc->nblocks >= GK_MAX_BLOCKS) {
    gk_diag_add(doc, GK_SEV_ERROR, "limit", NULL, "more than %d blocks", GK_MAX_BLOCKS);
    return NULL;
  }
  gk_block *b = gk_arena_grow(doc->arena, doc->blocks, doc->nblocks, &doc->capblocks, sizeof *b);
  if (!b) return NULL;
  doc->blocks = b;
  b = &doc->blocks[doc->nblocks++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->line = line;
  return b;
}

gk_block *gk_doc_add_paragraph(gk_doc *doc, const char *text, size_t len, int line) {
  char *copy = gk_arena_strndup(doc->arena, text, len);
  if (!copy) return NULL;
  gk_block *b = add_block(doc, GK_BLOCK_PARAGRAPH, line);
  if (b) b->text = copy;
  return b;
}

gk_block *gk_doc_add_grid(gk_doc *doc, int line) {
  gk_block *b = add_block(doc, GK_BLOCK_GRID, line);
  if (b) b->index = (int)++doc->ngrids;
  return b;
}

gk_row *gk_grid_add_row(gk_doc *doc, gk_block *grid) {
  if (grid->nrows >= GK_MAX_ROWS) {
    gk_diag_add(doc, GK_SEV_ERROR, "limit", NULL, "table %d has more than %d rows", grid->index,
                GK_MAX_ROWS);
    return NULL;
  }
  gk_row *r = gk_arena_grow(doc->arena, grid->rows, grid->nrows, &grid->caprows, sizeof *r);
  if (!r) return NULL;
  grid->rows = r;
  r = &grid->rows[grid->nrows++];
  memset(r, 0, sizeof *r);
  return r;
}

/* Where a row stands, for a diagnostic: its source line, else its table and row
 * number (the grid that holds it, searched from the last: said once per document). */
static char *row_position(gk_doc *doc, const gk_row *row) {
  if (row->line) return gk_arena_printf(doc->arena, "line %d", row->line);
  for (size_t b = doc->nblocks; b-- > 0;) {
    const gk_block *g = &doc->blocks[b];
    if (g->kind == GK_BLOCK_GRID && g->nrows && row >= g->rows && row < g->rows + g->nrows)
      return gk_arena_printf(doc->arena, "table %d:row %zu", g->index, (size_t)(row - g->rows) + 1);
  }
  return NULL;
}

gk_cell *gk_row_add_cell(gk_doc *doc, gk_row *row, const char *text, size_t len) {
  if (row->ncells >= GK_MAX_COLS) {
    /* Said once per document: a table that is this wide says it on every row. */
    if (!doc->cols_warned) {
      doc->cols_warned = 1;
      char *pos = row_position(doc, row);
      gk_diag_add(doc, GK_SEV_WARNING, "limit", pos,
                  "a row has more than %d cells; the rest of it was dropped", GK_MAX_COLS);
    }
    return NULL;
  }
  char *copy = gk_arena_strndup(doc->arena, text ? text : "", text ? len : 0);
  if (!copy) return NULL;
  gk_cell *c = gk_arena_grow(doc->arena, row->cells, row->ncells, &row->cap, sizeof *c);
  if (!c) return NULL;
  row->cells = c;
  c = &row->cells[row->ncells++];
  c->text = copy;
  c->rowspan = c->colspan = 1;
  c->covered = 0;
  memset(&c->src, 0, sizeof c->src);
  return c;
}

int gk_row_reserve(gk_doc *doc, gk_row *row, size_t n) {
  size_t want = row->ncells + n;
  if (want > GK_MAX_COLS) want = GK_MAX_COLS;
  if (want <= row->cap) return GK_OK;
  gk_cell *c = gk_arena_alloc_uninit(doc->arena, want * sizeof *c);
  if (!c) return GK_ENOMEM;
  if (row->ncells) memcpy(c, row->cells, row->ncells * sizeof *c);
  row->cells = c;
  row->cap = want;
  return GK_OK;
}

void gk_cell_set_text_pos(gk_cell *c, int line, const char *line_start, const char *cell_start) {
  if (!c) return;
  int col = 1;
  /* Characters, not bytes: a continuation byte starts no character. */
  for (const char *p = line_start; p < cell_start; p++) col += ((unsigned char)*p & 0xC0) != 0x80;
  c->src.kind = GK_SRC_TEXT;
  c->src.line = line;
  c->src.column = col;
}

void gk_cell_add_box(gk_cell *c, int page, double x0, double y0, double x1, double y1) {
  if (!c) return;
  gk_src *s = &c->src;
  if (s->kind != GK_SRC_PDF || !s->has_box || s->page != page) {
    s->kind = GK_SRC_PDF;
    s->page = page;
    s->has_box = 1;
    s->x0 = (float)x0, s->y0 = (float)y0, s->x1 = (float)x1, s->y1 = (float)y1;
    return;
  }
  if (x0 < s->x0) s->x0 = (float)x0;
  if (y0 < s->y0) s->y0 = (float)y0;
  if (x1 > s->x1) s->x1 = (float)x1;
  if (y1 > s->y1) s->y1 = (float)y1;
}

void gk_cell_set_table_pos(gk_cell *c, int table, int row, int col, long offset) {
  if (!c) return;
  c->src.kind = GK_SRC_TABLE;
  c->src.table = table;
  c->src.row = row;
  c->src.col = col;
  c->src.offset = offset > INT_MAX ? INT_MAX : (int)offset;
}

int gk_doc_set_schema(gk_doc *doc, const gk_schema *schema) {
  doc->schema = schema;
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = schema->tables[t];
    doc->values[t] = gk_arena_alloc(doc->arena, (size_t)st->nrows * GK_MAX_ROW_COLS * sizeof(gk_value));
    doc->row_found[t] = gk_arena_alloc(doc->arena, (size_t)st->nrows * sizeof(int));
    if (!doc->values[t] || !doc->row_found[t]) return GK_ENOMEM;
    doc->table_found[t] = 0;
  }
  return GK_OK;
}

const gk_value *gk_doc_value_get(const gk_doc *doc, int table, int row, int pos) {
  return gk_doc_value((gk_doc *)doc, table, row, pos);
}

gk_value *gk_doc_value(gk_doc *doc, int table, int row, int pos) {
  if (!doc->schema || table < 0 || table >= GK_NTABLES || row < 0 ||
      row >= doc->schema->tables[table]->nrows || pos < 0 || pos >= GK_MAX_ROW_COLS)
    return NULL;
  return &doc->values[table][row * GK_MAX_ROW_COLS + pos];
}

int gk_doc_add_claim(gk_doc *doc, gk_claim_kind kind, long long value, const char *excerpt,
                     int line) {
  gk_claim *c = gk_arena_grow(doc->arena, doc->claims, doc->nclaims, &doc->capclaims, sizeof *c);
  if (!c) return GK_ENOMEM;
  doc->claims = c;
  c = &doc->claims[doc->nclaims++];
  c->kind = kind;
  c->value = value;
  c->excerpt = gk_arena_strdup(doc->arena, excerpt);
  c->line = line;
  return c->excerpt ? GK_OK : GK_ENOMEM;
}

int gk_doc_fail_status(const gk_doc *doc) {
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].severity == GK_SEV_ERROR && strcmp(doc->diags[i].code, "limit") == 0)
      return GK_ELIMIT;
  return GK_ENOMEM;
}

static int valid_str(const char *s) { return s && gk_utf8_valid(s, strlen(s)); }

int gk_doc_validate(const gk_doc *doc, FILE *err) {
  for (size_t i = 0; i < doc->nblocks; i++) {
    const gk_block *b = &doc->blocks[i];
    if (b->kind == GK_BLOCK_PARAGRAPH) {
      if (!valid_str(b->text)) {
        fprintf(err, "invariant: block %zu: paragraph text is not valid UTF-8\n", i);
        return -1;
      }
      continue;
    }
    for (size_t r = 0; r < b->nrows; r++) {
      for (size_t c = 0; c < b->rows[r].ncells; c++) {
        const gk_cell *cell = &b->rows[r].cells[c];
        if (!valid_str(cell->text) || cell->rowspan < 1 || cell->colspan < 1) {
          fprintf(err, "invariant: table %d row %zu cell %zu: bad text or span\n", b->index, r, c);
          return -1;
        }
      }
    }
  }
  for (int t = 0; doc->schema && t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    for (int r = 0; r < st->nrows; r++)
      for (int p = 0; p < st->rows[r].ncols; p++) {
        const gk_value *v = &doc->values[t][r * GK_MAX_ROW_COLS + p];
        if (v->state == GK_VAL_NUMBER && !valid_str(v->text)) {
          fprintf(err, "invariant: %s.%s: number without text\n", st->key, st->rows[r].key);
          return -1;
        }
        if ((v->state == GK_VAL_TEXT || v->state == GK_VAL_INVALID ||
             v->state == GK_VAL_AMBIGUOUS) &&
            (!valid_str(v->text) || (v->readings && !valid_str(v->readings)))) {
          fprintf(err, "invariant: %s.%s: text value not valid UTF-8\n", st->key, st->rows[r].key);
          return -1;
        }
      }
  }
  for (size_t i = 0; i < doc->nchecks; i++)
    if (!valid_str(doc->checks[i].message)) {
      fprintf(err, "invariant: check %zu: message not valid UTF-8\n", i);
      return -1;
    }
  return 0;
}
