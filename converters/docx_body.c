/* docx_body.c: paragraphs, runs, fields, text boxes and tables of a DOCX body → the model. */
#include "docx_body.h"

#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "../core/strbuf.h"

/* Text being assembled: a paragraph's, or a cell's (its paragraphs as lines). */
typedef struct {
  gk_strbuf sb;
  int lines; /* paragraphs appended (cell text) */
} sbuf;

typedef struct {
  gk_doc *doc;
  gk_docx_numbering *nb;
  int fields[GK_DOCX_MAX_FIELDS]; /* per open field: 1 while in its instruction part */
  int nfields;
  int paras;   /* w:p elements so far: the "line" of a paragraph block (its ordinal) */
  int nesting; /* tables and text boxes in progress */
  int rc;      /* first fatal status */
  int warned_nesting, warned_chunk;
  int tables;  /* w:tbl elements so far, in document order (cells' provenance) */
} walker;

/* A growable list of nodes (heap). */
typedef struct {
  const gk_docx_node **v;
  size_t n, cap;
  int oom;
} nodelist;

static void nl_add(nodelist *l, const gk_docx_node *n) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    const gk_docx_node **p = realloc(l->v, cap * sizeof *p);
    if (!p) {
      l->oom = 1;
      return;
    }
    l->v = p;
    l->cap = cap;
  }
  l->v[l->n++] = n;
}

static void oom(walker *w) {
  if (!w->rc) w->rc = GK_ENOMEM;
}

/* A model function returned NULL: out of memory, or a model limit (diagnosed there). */
static void model_fail(walker *w) {
  if (!w->rc) w->rc = gk_doc_fail_status(w->doc);
}

static void walk_blocks(walker *w, const gk_docx_node *parent, sbuf *cell, int depth);

/* ---------- runs and inline content ---------- */

static void add_text_children(gk_strbuf *b, const gk_docx_node *n) {
  for (gk_docx_node *c = n->children; c; c = c->next)
    if (c->ns == NS_TEXT) gk_strbuf_add(b, c->text, c->len);
}

static int field_hides(const walker *w) {
  for (int i = 0; i < w->nfields && i < GK_DOCX_MAX_FIELDS; i++)
    if (w->fields[i]) return 1;
  return 0;
}

/* w:fldChar: a field begins (its instruction follows), separates (its result
 * follows) or ends. */
static void field_char(walker *w, const gk_docx_node *k) {
  const char *t = gk_docx_wattr(k, N_fldCharType);
  if (!t) return;
  if (strcmp(t, "begin") == 0) {
    if (w->nfields < GK_DOCX_MAX_FIELDS) w->fields[w->nfields] = 1;
    w->nfields++;
  } else if (strcmp(t, "separate") == 0) {
    if (w->nfields > 0 && w->nfields <= GK_DOCX_MAX_FIELDS) w->fields[w->nfields - 1] = 0;
  } else if (strcmp(t, "end") == 0) {
    if (w->nfields > 0) w->nfields--;
  }
}

/* The plain-text meaning of character lo (0x00..0xFF) of the Symbol font, or 0 for
 * a glyph with none here. */
static unsigned symbol_char(unsigned lo) {
  switch (lo) {
    case 0x2D: return 0x2212; /* minus */
    case 0xB4: return 0x00D7; /* multiply */
    case 0xB8: return 0x00F7; /* divide */
    case 0xB7: return 0x2022; /* bullet */
    case 0xB0: return 0x00B0;
    case 0xB1: return 0x00B1;
    default:
      if ((lo >= 0x30 && lo <= 0x39) || lo == 0x20 || lo == 0x28 || lo == 0x29 || lo == 0x2B ||
          lo == 0x2C || lo == 0x2E || lo == 0x2F || lo == 0x3A || lo == 0x3B || lo == 0x3C ||
          lo == 0x3D || lo == 0x3E || lo == 0x5B || lo == 0x5D)
        return lo;
      return 0;
  }
}

/* w:sym: a character of a symbol font (Word stores F0xx for those). */
static void add_sym(gk_strbuf *b, const gk_docx_node *n) {
  const char *ch = gk_docx_wattr(n, N_char), *font = gk_docx_wattr(n, N_font);
  if (!ch) return;
  unsigned long cp = strtoul(ch, NULL, 16);
  if (cp >= 0xF000 && cp <= 0xF0FF) {
    unsigned lo = (unsigned)(cp - 0xF000);
    if (font && strcmp(font, "Symbol") == 0) {
      cp = symbol_char(lo);
      if (!cp) return;
    } else if (font && (strstr(font, "Wingdings") || strstr(font, "Webdings"))) {
      return; /* dingbats: decoration */
    } else {
      cp = lo;
    }
  }
  if (cp >= 0x20 && cp < 0x110000) gk_strbuf_add_cp(b, (unsigned)cp);
}

/* The branch of mc:AlternateContent to read: the first choice (the fallback repeats it). */
static const gk_docx_node *alt_pick(const gk_docx_node *alt) {
  for (gk_docx_node *a = alt->children; a; a = a->next)
    if (is_mc(a, N_Choice)) return a;
  for (gk_docx_node *a = alt->children; a; a = a->next)
    if (is_mc(a, N_Fallback)) return a;
  return NULL;
}

/* Collects the text boxes in n (a drawing, VML shape or alternate content), in
 * document order. */
static void find_textboxes(const gk_docx_node *n, nodelist *tb, int depth) {
  if (depth > GK_DOCX_MAX_DEPTH) return;
  if (is_w(n, N_txbxContent)) {
    nl_add(tb, n);
    return;
  }
  if (is_mc(n, N_AlternateContent)) {
    const gk_docx_node *pick = alt_pick(n);
    if (pick) find_textboxes(pick, tb, depth + 1);
    return;
  }
  for (gk_docx_node *k = n->children; k; k = k->next)
    if (k->ns != NS_TEXT) find_textboxes(k, tb, depth + 1);
}

static void walk_run(walker *w, const gk_docx_node *r, gk_strbuf *b, nodelist *tb, int depth) {
  int hidden = gk_docx_on(gk_docx_child(gk_docx_child(r, N_rPr), N_vanish));
  for (gk_docx_node *k = r->children; k; k = k->next) {
    if (k->ns == NS_TEXT) continue;
    if (is_w(k, N_fldChar)) {
      field_char(w, k);
      continue;
    }
    if (hidden || field_hides(w)) continue;
    if (is_w(k, N_t)) {
      add_text_children(b, k);
    } else if (is_w(k, N_tab) || is_w(k, N_ptab)) {
      gk_strbuf_add_str(b, "\t");
    } else if (is_w(k, N_br) || is_w(k, N_cr)) {
      gk_strbuf_add_str(b, "\n");
    } else if (is_w(k, N_noBreakHyphen)) {
      gk_strbuf_add_str(b, "-");
    } else if (is_w(k, N_sym)) {
      add_sym(b, k);
    } else if (is_w(k, N_drawing) || is_w(k, N_pict) || is_w(k, N_object) ||
               is_mc(k, N_AlternateContent)) {
      find_textboxes(k, tb, depth + 1);
    } else if (is_w(k, N_ruby)) {
      gk_docx_node *base = gk_docx_child(k, N_rubyBase);
      for (gk_docx_node *rr = base ? base->children : NULL; rr; rr = rr->next)
        if (is_w(rr, N_r)) walk_run(w, rr, b, tb, depth + 1);
    }
    /* Everything else in a run (instrText, delText, footnote references, page
       numbers, last-rendered page breaks) is not displayed text of the body. */
  }
}

/* Inline content of a paragraph: runs and the wrappers around them. */
static void walk_inline(walker *w, const gk_docx_node *parent, gk_strbuf *b, nodelist *tb,
                        int depth) {
  if (depth > GK_DOCX_MAX_DEPTH) return;
  for (gk_docx_node *k = parent->children; k; k = k->next) {
    if (k->ns == NS_TEXT) continue;
    if (is_w(k, N_r)) {
      walk_run(w, k, b, tb, depth + 1);
    } else if (is_w(k, N_del) || is_w(k, N_moveFrom) || is_w(k, N_pPr) || is_w(k, N_rPr) ||
               is_w(k, N_instrText) || is_w(k, N_delText)) {
      /* Tracked deletions are not in the document any more. */
    } else if (is_w(k, N_sdt)) {
      gk_docx_node *content = gk_docx_child(k, N_sdtContent);
      if (content) walk_inline(w, content, b, tb, depth + 1);
    } else if (is_m(k, N_t)) {
      add_text_children(b, k);
    } else if (is_mc(k, N_AlternateContent)) {
      const gk_docx_node *pick = alt_pick(k);
      if (pick) walk_inline(w, pick, b, tb, depth + 1);
    } else {
      /* hyperlink, smartTag, customXml, ins, moveTo, fldSimple (its runs are the
         result), dir, bdo, math: their runs are displayed text. */
      walk_inline(w, k, b, tb, depth + 1);
    }
  }
}

/* ---------- paragraphs ---------- */

/* Whether s[0..len) is only white space (ASCII or U+3000). Not gk_lex_is_blank: a
 * paragraph that says 无 or / is text, not a blank cell. */
static int is_white(const char *s, size_t len) {
  for (size_t k = 0; k < len; k++) {
    if (s[k] == ' ' || s[k] == '\t' || s[k] == '\r') continue;
    if (k + 2 < len && (unsigned char)s[k] == 0xE3 && (unsigned char)s[k + 1] == 0x80 &&
        (unsigned char)s[k + 2] == 0x80) {
      k += 2;
      continue;
    }
    return 0;
  }
  return 1;
}

/* Emits paragraph text as paragraph blocks, one per line: a heading and its text
 * joined by a line break are two blocks, as they look. Blank lines carry nothing. */
static void emit_lines(walker *w, const char *s, size_t len) {
  size_t st = 0;
  for (size_t i = 0; i <= len && !w->rc; i++) {
    if (i < len && s[i] != '\n') continue;
    if (!is_white(s + st, i - st) && !gk_doc_add_paragraph(w->doc, s + st, i - st, w->paras))
      model_fail(w);
    st = i + 1;
  }
}

static int nesting_full(walker *w) {
  if (w->nesting < GK_MAX_NESTING) return 0;
  if (!w->warned_nesting++)
    gk_diag_add(w->doc, GK_SEV_WARNING, "limit", NULL,
                "tables or text boxes nested more than %d deep; the inner ones were skipped",
                GK_MAX_NESTING);
  return 1;
}

/* Text boxes anchored in a paragraph follow it in reading order. */
static void walk_textboxes(walker *w, const nodelist *tb, sbuf *cell, int depth) {
  if (!tb->n || nesting_full(w)) return;
  w->nesting++;
  for (size_t i = 0; i < tb->n && !w->rc; i++) walk_blocks(w, tb->v[i], cell, depth + 1);
  w->nesting--;
}

static void do_paragraph(walker *w, const gk_docx_node *p, sbuf *cell, int depth) {
  gk_strbuf b = {0};
  nodelist tb = {0};
  gk_docx_node *ppr = gk_docx_child(p, N_pPr);
  w->paras++;
  gk_docx_numbering_label(w->nb, ppr, &b);
  walk_inline(w, p, &b, &tb, depth + 1);
  if (b.oom || tb.oom) {
    oom(w);
  } else {
    /* A paragraph whose mark was deleted (tracked) and that keeps no text is gone. */
    int gone = b.len == 0 && gk_docx_child(gk_docx_child(ppr, N_rPr), N_del);
    if (!gone && cell) {
      /* Paragraphs of a cell are lines of the cell. */
      if (cell->lines++) gk_strbuf_add_str(&cell->sb, "\n");
      gk_strbuf_add(&cell->sb, b.p ? b.p : "", b.len);
    } else if (!gone) {
      emit_lines(w, b.p ? b.p : "", b.len);
    }
  }
  gk_strbuf_free(&b);
  /* A field instruction does not run past its paragraph: an unbalanced fldChar in a
     damaged file must not hide the rest of the document. Results may span paragraphs. */
  for (int i = 0; i < w->nfields && i < GK_DOCX_MAX_FIELDS; i++) w->fields[i] = 0;
  if (!w->rc) walk_textboxes(w, &tb, cell, depth);
  free(tb.v);
}

/* ---------- tables ---------- */

/* Rows of a table (or cells of a row), through content controls, custom XML and
 * tracked insertions around them. */
static void collect(const gk_docx_node *parent, int name, nodelist *out, int depth) {
  if (depth > GK_DOCX_MAX_WRAPPERS) return;
  for (gk_docx_node *k = parent->children; k; k = k->next) {
    if (is_w(k, name)) {
      nl_add(out, k);
    } else if (is_w(k, N_sdt)) {
      gk_docx_node *content = gk_docx_child(k, N_sdtContent);
      if (content) collect(content, name, out, depth + 1);
    } else if (is_w(k, N_customXml) || is_w(k, N_ins) || is_w(k, N_moveTo)) {
      collect(k, name, out, depth + 1);
    }
  }
}

static int has_descendant(const gk_docx_node *n, int name, int depth) {
  if (depth > GK_DOCX_MAX_DEPTH) return 0;
  for (gk_docx_node *k = n->children; k; k = k->next) {
    if (k->ns == NS_TEXT) continue;
    if (is_w(k, name) || has_descendant(k, name, depth + 1)) return 1;
  }
  return 0;
}

/* A table used as a frame: one cell, or cells that hold tables. Its content is the
 * document's content, so it is unwrapped rather than kept as a grid. */
static int is_layout_table(const nodelist *rows) {
  size_t cells = 0;
  int nested = 0;
  for (size_t r = 0; r < rows->n; r++) {
    nodelist tcs = {0};
    collect(rows->v[r], N_tc, &tcs, 0);
    cells += tcs.n;
    for (size_t i = 0; i < tcs.n && !nested; i++) nested = has_descendant(tcs.v[i], N_tbl, 0);
    free(tcs.v);
  }
  return nested || cells == 1;
}

/* Unwraps a table: its cells' content in reading order (in a cell, as lines of it). */
static void unwrap_table(walker *w, const nodelist *rows, sbuf *cell, int depth) {
  for (size_t r = 0; r < rows->n && !w->rc; r++) {
    nodelist tcs = {0};
    collect(rows->v[r], N_tc, &tcs, 0);
    if (tcs.oom) oom(w);
    for (size_t i = 0; i < tcs.n && !w->rc; i++) walk_blocks(w, tcs.v[i], cell, depth + 1);
    free(tcs.v);
  }
}

/* The cell of the grid that started a vertical merge in a column, or row -1. */
typedef struct {
  int row, cell;
} owner;

/* The grid being filled: its block index (the blocks array may move) and, per grid
 * column, the cell a vertical merge continues. */
typedef struct {
  size_t gi;
  int ri; /* the row being filled */
  int col;
  int table; /* the w:tbl's 0-based ordinal in the document */
  owner own[GK_MAX_COLS];
} grid_fill;

static gk_row *fill_row(walker *w, grid_fill *g) { return &w->doc->blocks[g->gi].rows[g->ri]; }

/* A vertical-merge continuation: the span and any text go on the cell above; the
 * row gets a covered placeholder. Returns the placeholder or NULL. */
static gk_cell *continue_merge(walker *w, grid_fill *g, const owner *o, const gk_strbuf *text) {
  gk_cell *top = &w->doc->blocks[g->gi].rows[o->row].cells[o->cell];
  top->rowspan = g->ri - o->row + 1;
  if (text->len && strspn(text->p, "\n\t ") < text->len) {
    const char *joined = gk_arena_printf(w->doc->arena, "%s\n%s", top->text, text->p);
    if (joined) top->text = joined;
  }
  gk_cell *cl = gk_row_add_cell(w->doc, fill_row(w, g), "", 0);
  if (cl) cl->covered = 1;
  return cl;
}

/* Reads the merge properties of a cell: 1 when it restarts a vertical merge, -1 when
 * it continues one, 0 otherwise; *hcont when it continues a legacy horizontal merge. */
static int merge_of(const gk_docx_node *tcpr, int *hcont) {
  gk_docx_node *vm = gk_docx_child(tcpr, N_vMerge), *hm = gk_docx_child(tcpr, N_hMerge);
  const char *hv = hm ? gk_docx_val(hm) : NULL, *vv = vm ? gk_docx_val(vm) : NULL;
  *hcont = hm && !(hv && strcmp(hv, "restart") == 0);
  if (!vm) return 0;
  return vv && strcmp(vv, "restart") == 0 ? 1 : -1;
}

/* Adds one w:tc to the row being filled. Returns 0 when the row is over (the column
 * limit, or a fatal status set). */
static int do_cell(walker *w, grid_fill *g, const gk_docx_node *tc, int depth) {
  gk_docx_node *tcpr = gk_docx_child(tc, N_tcPr);
  if (gk_docx_child(tcpr, N_cellDel)) return 1; /* a tracked cell deletion */
  int span = gk_docx_int(gk_docx_child(tcpr, N_gridSpan), N_val, 1);
  if (span < 1) span = 1;
  if (span > GK_MAX_COLS) span = GK_MAX_COLS;
  int hcont, vmerge = merge_of(tcpr, &hcont);
  sbuf text = {0};
  walk_blocks(w, tc, &text, depth + 1);
  if (text.sb.oom) {
    gk_strbuf_free(&text.sb);
    oom(w);
    return 0;
  }
  gk_row *row = fill_row(w, g);
  /* Legacy horizontal merge: the continuation widens the cell on its left. */
  if (hcont && row->ncells > 0) {
    row->cells[row->ncells - 1].colspan += span;
    g->col += span;
    gk_strbuf_free(&text.sb);
    return 1;
  }
  owner *o = g->col < GK_MAX_COLS ? &g->own[g->col] : NULL;
  gk_cell *cl;
  if (vmerge < 0 && o && o->row >= 0) {
    cl = continue_merge(w, g, o, &text.sb);
  } else {
    cl = gk_row_add_cell(w->doc, row, text.sb.p ? text.sb.p : "", text.sb.len);
    if (cl) {
      for (int k = g->col; k < g->col + span && k < GK_MAX_COLS; k++) g->own[k].row = -1;
      if (vmerge > 0 && o) {
        o->row = g->ri;
        o->cell = (int)row->ncells - 1;
      }
    }
  }
  gk_strbuf_free(&text.sb);
  if (!cl) {
    /* Past the column limit the model has said so; the row is over either way. */
    if (!gk_row_is_full(fill_row(w, g))) model_fail(w);
    return 0;
  }
  cl->colspan = span;
  if (!cl->covered) gk_cell_set_table_pos(cl, g->table, g->ri, g->col, -1);
  g->col += span;
  return 1;
}

/* Adds one w:tr (unless it is a tracked deletion) as a row of the grid. */
static void do_row(walker *w, grid_fill *g, const gk_docx_node *tr, int depth) {
  gk_docx_node *trpr = gk_docx_child(tr, N_trPr);
  if (gk_docx_child(trpr, N_del)) return; /* a tracked row deletion */
  gk_block *grid = &w->doc->blocks[g->gi];
  if (!gk_grid_add_row(w->doc, grid)) {
    model_fail(w);
    return;
  }
  g->ri = (int)w->doc->blocks[g->gi].nrows - 1;
  g->col = gk_docx_int(gk_docx_child(trpr, N_gridBefore), N_val, 0);
  if (g->col < 0) g->col = 0;
  nodelist tcs = {0};
  collect(tr, N_tc, &tcs, 0);
  if (tcs.oom) oom(w);
  for (size_t i = 0; i < tcs.n && !w->rc; i++)
    if (!do_cell(w, g, tcs.v[i], depth)) break;
  free(tcs.v);
}

static void do_grid(walker *w, const nodelist *rows, int depth) {
  gk_block *grid = gk_doc_add_grid(w->doc, 0);
  if (!grid) {
    model_fail(w);
    return;
  }
  grid_fill *g = malloc(sizeof *g);
  if (!g) {
    oom(w);
    return;
  }
  g->gi = (size_t)(grid - w->doc->blocks);
  g->table = w->tables - 1;
  for (int i = 0; i < GK_MAX_COLS; i++) g->own[i].row = -1;
  for (size_t r = 0; r < rows->n && !w->rc; r++) do_row(w, g, rows->v[r], depth);
  free(g);
}

static void do_table(walker *w, const gk_docx_node *tbl, sbuf *cell, int depth) {
  w->tables++;
  if (nesting_full(w)) return;
  w->nesting++;
  nodelist rows = {0};
  collect(tbl, N_tr, &rows, 0);
  if (rows.oom) oom(w);
  else if (cell || is_layout_table(&rows)) unwrap_table(w, &rows, cell, depth);
  else do_grid(w, &rows, depth);
  free(rows.v);
  w->nesting--;
}

/* ---------- blocks ---------- */

/* Block content: paragraphs, tables, and the wrappers around them. */
static void walk_blocks(walker *w, const gk_docx_node *parent, sbuf *cell, int depth) {
  if (depth > GK_DOCX_MAX_DEPTH) return;
  for (gk_docx_node *k = parent->children; k && !w->rc; k = k->next) {
    if (k->ns == NS_TEXT) continue;
    if (is_w(k, N_p)) {
      do_paragraph(w, k, cell, depth + 1);
    } else if (is_w(k, N_tbl)) {
      do_table(w, k, cell, depth + 1);
    } else if (is_w(k, N_sdt)) {
      gk_docx_node *content = gk_docx_child(k, N_sdtContent);
      if (content) walk_blocks(w, content, cell, depth + 1);
    } else if (is_w(k, N_customXml) || is_w(k, N_ins) || is_w(k, N_moveTo)) {
      walk_blocks(w, k, cell, depth + 1);
    } else if (is_w(k, N_altChunk)) {
      if (!w->warned_chunk++)
        gk_diag_add(w->doc, GK_SEV_WARNING, "alt-chunk", NULL,
                    "the document imports content from another format (w:altChunk); that content was not converted");
    }
  }
}

int gk_docx_body_walk(gk_doc *doc, const gk_docx_node *body, gk_docx_numbering *nb) {
  walker w;
  memset(&w, 0, sizeof w);
  w.doc = doc;
  w.nb = nb;
  walk_blocks(&w, body, NULL, 0);
  return w.rc;
}
