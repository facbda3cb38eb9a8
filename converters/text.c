/* text.c: plain-text converter: decoded lines → paragraphs and raw grids.
 *
 * Text dumps of reports come in a few table styles, all handled here by shape only
 * (the normalizer does the label work):
 *   - rows of tab-separated cells, one row per line;
 *   - one cell per line, each indented by a tab, rows separated by blank lines, a
 *     line without the tab continuing the cell above (`商业` / `企业`);
 *   - Markdown pipe tables.
 * Every other non-blank line is a paragraph (labels with space-separated values,
 * vertical one-character labels, page footers): the normalizer reads those too. */
#include <string.h>

#include "../core/doc.h"
#include "../core/utf8.h"
#include "../core/encoding.h"
#include "../core/lex.h"
#include "convert.h"
#include "text_inner.h"

typedef enum { L_BLANK, L_PLAIN, L_TAB, L_TAB1, L_PIPE, L_PIPESEP } line_kind;

typedef struct {
  const char *s;
  size_t len;
  line_kind kind;
} line;

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static int only_ws(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (is_ws(s[i])) continue;
    /* U+3000 ideographic space and NBSP also leave a line empty. */
    if (i + 2 < len && (unsigned char)s[i] == 0xE3 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80) {
      i += 2;
      continue;
    }
    if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
      i += 1;
      continue;
    }
    return 0;
  }
  return 1;
}

/* Whether a line holds exactly one no-break space (U+00A0), spaces around it aside. */
static int is_nbsp_cell(const char *s, size_t len) {
  size_t i = 0, nb = 0;
  while (i < len) {
    if (s[i] == ' ') {
      i++;
    } else if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
      nb++;
      i += 2;
    } else {
      return 0;
    }
  }
  return nb == 1;
}

static line_kind classify(const char *s, size_t len) {
  if (only_ws(s, len)) {
    /* A lone tab is an empty cell of the one-cell-per-line style, not a blank line. */
    size_t tabs = 0;
    for (size_t i = 0; i < len; i++) tabs += s[i] == '\t';
    return tabs == 1 ? L_TAB1 : tabs > 1 ? L_TAB : L_BLANK;
  }
  size_t i = 0;
  while (i < len && s[i] == ' ') i++;
  if (s[i] == '|') {
    size_t bars = 0, other = 0;
    for (size_t k = i; k < len; k++) {
      if (s[k] == '|') bars++;
      else if (!(s[k] == '-' || s[k] == ':' || is_ws(s[k]))) other++;
    }
    if (bars >= 2) return other ? L_PIPE : L_PIPESEP;
  }
  /* Trailing white space is not structure. */
  size_t end = len;
  while (end > 0 && is_ws(s[end - 1]) && s[end - 1] != '\t') end--;
  const char *tab = memchr(s, '\t', end);
  if (!tab) return L_PLAIN;
  /* One leading tab and no other: a cell of the one-cell-per-line style. */
  size_t t = 0;
  while (t < end && s[t] == ' ') t++;
  if (s[t] == '\t') {
    size_t rest_end = end;
    while (rest_end > t + 1 && is_ws(s[rest_end - 1])) rest_end--;
    if (!memchr(s + t + 1, '\t', rest_end - t - 1)) return L_TAB1;
  }
  return L_TAB;
}

/* A part heading (三、收到和处理…) right under the last cell line of a one-cell-per-line
 * table starts the next part: dumps that leave out the blank line before it would
 * otherwise glue it to that cell and lose the table's last row. */
static int starts_part(const line *l) {
  size_t i = 0, after;
  while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t')) i++;
  char buf[64];
  size_t n = l->len - i < sizeof buf - 1 ? l->len - i : sizeof buf - 1;
  memcpy(buf, l->s + i, n);
  buf[n] = '\0';
  return gk_lex_part_numeral(buf, &after) != 0;
}

/* A copy of the line (in the doc's arena) with every `|` a space; NULL when out of
 * memory. Only plain lines come here: a Markdown row starts with its bar. */
static const char *ocr_bars_to_spaces(gk_doc *doc, const char *s, size_t len) {
  char *c = gk_arena_alloc(doc->arena, len + 1);
  if (!c) return NULL;
  for (size_t i = 0; i < len; i++) c[i] = s[i] == '|' ? ' ' : s[i];
  c[len] = '\0';
  return c;
}

/* `ls` is the start of the row's line `lineno`, for the cells' columns. */
static int add_cells(gk_doc *doc, gk_row *row, const char *s, size_t len, char sep, const char *ls,
                     int lineno) {
  size_t st = 0, n = 1;
  /* The row's cells in one allocation: a dump has hundreds of thousands of rows. */
  for (size_t i = 0; i < len; i++) n += s[i] == sep;
  if (gk_row_reserve(doc, row, n)) return gk_doc_fail_status(doc);
  for (size_t i = 0; i <= len; i++) {
    if (i == len || s[i] == sep) {
      gk_cell *c = gk_row_add_cell(doc, row, s + st, i - st);
      if (!c) return gk_row_is_full(row) ? GK_OK : gk_doc_fail_status(doc);
      gk_cell_set_text_pos(c, lineno, ls, s + st);
      st = i + 1;
    }
  }
  return GK_OK;
}

/* Markdown: | a | b | → cells a, b (outer bars dropped). */
static int add_pipe_row(gk_doc *doc, gk_block *g, const char *s, size_t len, int lineno) {
  gk_row *row = gk_grid_add_row(doc, g);
  if (!row) return gk_doc_fail_status(doc);
  size_t i = 0;
  while (i < len && s[i] == ' ') i++;
  if (i < len && s[i] == '|') i++;
  size_t end = len;
  while (end > i && is_ws(s[end - 1])) end--;
  if (end > i && s[end - 1] == '|') end--;
  return add_cells(doc, row, s + i, end - i, '|', s, lineno);
}

/* Text whose decoding is mostly replacement or control characters is some binary
 * format, not a report: say so instead of reporting missing tables. */
static int looks_binary(const char *s, size_t len) {
  size_t i = 0, n = 0, bad = 0;
  while (i < len) {
    uint32_t cp = gk_utf8_next(s, len, &i);
    n++;
    if (cp == 0xFFFD || (cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t' && cp != '\f') ||
        (cp >= 0xE000 && cp <= 0xF8FF))
      bad++;
  }
  return n > 0 && bad * 10 > n;
}

int gk_convert_text(gk_doc *doc, const unsigned char *buf, size_t len) {
  char *text;
  size_t tlen;
  const char *enc;
  int rc = gk_enc_decode(doc, buf, len, NULL, &text, &tlen, &enc);
  if (rc) return rc;
  doc->format = GK_FMT_TEXT;
  if (looks_binary(text, tlen)) {
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL,
                "not a text document: binary data (%zu bytes that decode as neither UTF-8, UTF-16 nor GB18030)", len);
    return GK_EFORMAT;
  }

  /* innerText rows broken over lines by the <p> in their cells: one line each. */
  if ((rc = gk_text_inner_join(doc, &text, &tlen))) return rc;

  /* Split into lines (LF, CRLF or lone CR). */
  size_t nlines = 1;
  for (size_t i = 0; i < tlen; i++)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= tlen || text[i + 1] != '\n'))) nlines++;
  line *lines = gk_arena_alloc(doc->arena, nlines * sizeof *lines);
  if (!lines) return gk_doc_fail_status(doc);
  size_t n = 0, st = 0;
  for (size_t i = 0; i <= tlen; i++) {
    if (i == tlen || text[i] == '\n' || text[i] == '\r') {
      lines[n].s = text + st;
      lines[n].len = i - st;
      lines[n].kind = classify(lines[n].s, lines[n].len);
      n++;
      if (i < tlen && text[i] == '\r' && i + 1 < tlen && text[i + 1] == '\n') i++;
      st = i + 1;
    }
  }

  /* get_text('\n') prints an empty cell as a line of one no-break space: between two
     text lines it is that cell, kept as a paragraph (a blank value), not a blank line. */
  for (size_t i = 1; i < n; i++) {
    if (lines[i - 1].kind != L_PLAIN || !is_nbsp_cell(lines[i].s, lines[i].len)) continue;
    size_t j = i;
    while (j < n && is_nbsp_cell(lines[j].s, lines[j].len)) j++;
    if (j < n && lines[j].kind == L_PLAIN)
      for (; i < j; i++) lines[i].kind = L_PLAIN;
  }

  for (size_t i = 0; i < n;) {
    line_kind k = lines[i].kind;
    if (k == L_BLANK) {
      i++;
      continue;
    }
    if (k == L_PLAIN) {
      const char *ps = lines[i].s;
      /* OCR prints a table's rules as `|` between a row's values (`1513 | 2161 |`):
         white space between cells there, never text of a report. */
      if (memchr(ps, '|', lines[i].len) && !(ps = ocr_bars_to_spaces(doc, ps, lines[i].len)))
        return gk_doc_fail_status(doc);
      if (!gk_doc_add_paragraph(doc, ps, lines[i].len, (int)i + 1)) return gk_doc_fail_status(doc);
      i++;
      continue;
    }
    gk_block *g = gk_doc_add_grid(doc, (int)i + 1);
    if (!g) return gk_doc_fail_status(doc);
    if (k == L_PIPE || k == L_PIPESEP) {
      for (; i < n && (lines[i].kind == L_PIPE || lines[i].kind == L_PIPESEP); i++)
        if (lines[i].kind == L_PIPE && (rc = add_pipe_row(doc, g, lines[i].s, lines[i].len, (int)i + 1))) return rc;
      continue;
    }
    /* A tab region runs over tab lines, blank lines, and (in the one-cell style)
       continuation lines that directly follow a cell line. */
    size_t end = i, tab1 = 0, tabn = 0;
    while (end < n) {
      line_kind e = lines[end].kind;
      if (e == L_TAB1) tab1++;
      else if (e == L_TAB) tabn++;
      else if (e == L_PLAIN && end > i && (lines[end - 1].kind == L_TAB1 || lines[end - 1].kind == L_PLAIN) &&
               tab1 > tabn && lines[end - 1].kind != L_BLANK && !starts_part(&lines[end])) {
        /* continuation of a cell (only in the one-cell style) */
      } else if (e != L_BLANK) break;
      end++;
    }
    /* Only a plain line directly under a cell line continues it; trailing blanks end. */
    while (end > i && lines[end - 1].kind == L_BLANK) end--;
    /* Line numbers of rows: the grid's first line; rows carry their own via the block line. */
    if (tab1 > tabn * 2) {
      /* One cell per line: blank lines separate rows. */
      gk_row *row = NULL;
      gk_cell *last = NULL;
      for (size_t j = i; j < end; j++) {
        const line *l = &lines[j];
        if (l->kind == L_BLANK) {
          row = NULL;
          last = NULL;
          continue;
        }
        if (l->kind == L_PLAIN && last) {
          /* Continuation: append to the cell with a line break. */
          size_t ol = strlen(last->text);
          char *joined = gk_arena_alloc(doc->arena, ol + l->len + 2);
          if (!joined) return gk_doc_fail_status(doc);
          memcpy(joined, last->text, ol);
          joined[ol] = '\n';
          memcpy(joined + ol + 1, l->s, l->len);
          last->text = joined;
          continue;
        }
        if (!row) {
          if (!(row = gk_grid_add_row(doc, g))) return gk_doc_fail_status(doc);
          row->line = (int)j + 1;
        }
        const char *p = memchr(l->s, '\t', l->len);
        size_t off = p ? (size_t)(p - l->s) + 1 : 0;
        if (l->kind == L_TAB) {
          if ((rc = add_cells(doc, row, l->s + off, l->len - off, '\t', l->s, (int)j + 1))) return rc;
          last = row->ncells ? &row->cells[row->ncells - 1] : NULL;
        } else {
          last = gk_row_add_cell(doc, row, l->s + off, l->len - off);
          if (!last) return gk_doc_fail_status(doc);
          gk_cell_set_text_pos(last, (int)j + 1, l->s, l->s + off);
        }
      }
    } else {
      for (size_t j = i; j < end; j++) {
        if (lines[j].kind == L_BLANK) continue;
        if (lines[j].kind == L_PLAIN) {
          /* Not a cell line: keep it as its own one-cell row. */
          gk_row *row = gk_grid_add_row(doc, g);
          gk_cell *c = row ? gk_row_add_cell(doc, row, lines[j].s, lines[j].len) : NULL;
          if (!c) return gk_doc_fail_status(doc);
          row->line = (int)j + 1;
          gk_cell_set_text_pos(c, row->line, lines[j].s, lines[j].s);
          continue;
        }
        gk_row *row = gk_grid_add_row(doc, g);
        if (!row) return gk_doc_fail_status(doc);
        row->line = (int)j + 1;
        if ((rc = add_cells(doc, row, lines[j].s, lines[j].len, '\t', lines[j].s, (int)j + 1))) return rc;
      }
    }
    i = end > i ? end : i + 1;
  }
  if (doc->nblocks == 0) {
    gk_diag_add(doc, GK_SEV_ERROR, "empty", NULL, "no text (%zu bytes, %s)", len, enc);
    return GK_EFORMAT;
  }
  return GK_OK;
}
