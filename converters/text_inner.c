/* text_inner.c: innerText dumps of web pages whose table cells hold <p> elements.
 *
 * element.innerText puts a tab after every cell but a row's last, a line feed after
 * every row, and two required line breaks around every <p>. A row of cells that
 * each hold a <p> therefore comes out as `标签⏎⏎⇥⏎⏎3⏎⏎⇥⏎⏎1`, rows apart by more
 * than one blank line. The tab converter reads one row per line, so such rows are
 * joined back into `标签⇥3⇥1` before it sees them. Only a line of a lone tab with
 * a blank line on both sides marks such a row: a one-cell-per-line dump's empty
 * cell (a lone tab) sits between cell lines, never between blank lines. */
#include "text_inner.h"

#include <string.h>

/* A dump is read this way only with at least this many lone-tab lines between
 * blank lines: one stray could be a cell of another layout, a table has dozens. */
#define INNER_MIN_TABS 4

typedef struct {
  const char *s;
  size_t len;
} span;

static int blank(const span *l) {
  for (size_t i = 0; i < l->len; i++)
    if (l->s[i] != ' ' && l->s[i] != '\r') return 0;
  return 1;
}

static int lone_tab(const span *l) {
  size_t tabs = 0;
  for (size_t i = 0; i < l->len; i++) {
    if (l->s[i] == '\t') tabs++;
    else if (l->s[i] != ' ' && l->s[i] != '\r') return 0;
  }
  return tabs == 1;
}

/* Line k is a lone tab between two blank lines: a cell break of such a row. */
static int cell_break(const span *ls, size_t n, size_t k) {
  return k > 0 && k + 1 < n && lone_tab(&ls[k]) && blank(&ls[k - 1]) && blank(&ls[k + 1]);
}

static span trimmed(span l) {
  while (l.len && (l.s[0] == ' ' || l.s[0] == '\r')) l.s++, l.len--;
  while (l.len && (l.s[l.len - 1] == ' ' || l.s[l.len - 1] == '\r')) l.len--;
  return l;
}

/* The end of the row that holds cell break k: past the next content line after
 * the last cell break of a chain (breaks apart by single content lines or by one
 * cell's paragraphs, one blank line between each). */
static size_t row_end(const span *ls, size_t n, size_t k) {
  size_t last = k;
  for (size_t j = k + 1; j < n; j++) {
    if (cell_break(ls, n, j)) {
      last = j;
      continue;
    }
    /* Two blank lines in a row end the row. */
    if (blank(&ls[j]) && j + 1 < n && blank(&ls[j + 1])) break;
  }
  /* The row's last cell: the content lines after the last break, up to the end. */
  size_t e = last + 1;
  while (e < n && blank(&ls[e])) e++;
  while (e < n && !blank(&ls[e]) && !lone_tab(&ls[e])) {
    e++;
    /* One blank line and more text: another paragraph of the same cell. */
    if (e + 1 < n && blank(&ls[e]) && !blank(&ls[e + 1]) && !cell_break(ls, n, e + 1) &&
        !(e + 2 < n && cell_break(ls, n, e + 2)))
      break;
  }
  return e;
}

int gk_text_inner_join(gk_doc *doc, char **textp, size_t *lenp) {
  const char *text = *textp;
  size_t len = *lenp;
  if (!memchr(text, '\t', len)) return GK_OK;
  size_t n = 1;
  for (size_t i = 0; i < len; i++) n += text[i] == '\n';
  span *ls = gk_arena_alloc(doc->arena, n * sizeof *ls);
  if (!ls) return gk_doc_fail_status(doc);
  size_t k = 0, st = 0;
  for (size_t i = 0; i <= len; i++)
    if (i == len || text[i] == '\n') {
      ls[k++] = (span){text + st, i - st};
      st = i + 1;
    }
  size_t marks = 0;
  for (size_t j = 0; j < n; j++) marks += cell_break(ls, n, j);
  if (marks < INNER_MIN_TABS) return GK_OK;

  /* The joined text is never longer than the old plus one space per line. */
  char *out = gk_arena_alloc(doc->arena, len + n + 1);
  if (!out) return gk_doc_fail_status(doc);
  size_t o = 0;
  for (size_t j = 0; j < n;) {
    /* A row starts at the content line before a cell break (its first cell). */
    size_t first_break = j + 2 < n && !blank(&ls[j]) && blank(&ls[j + 1]) && cell_break(ls, n, j + 2) ? j + 2 : 0;
    if (!first_break) {
      memcpy(out + o, ls[j].s, ls[j].len);
      o += ls[j].len;
      if (j + 1 < n) out[o++] = '\n';
      j++;
      continue;
    }
    size_t e = row_end(ls, n, first_break);
    int need_space = 0;
    for (size_t q = j; q < e; q++) {
      if (lone_tab(&ls[q])) {
        out[o++] = '\t';
        need_space = 0;
        continue;
      }
      span t = trimmed(ls[q]);
      if (!t.len) continue;
      if (need_space) out[o++] = ' ';
      memcpy(out + o, t.s, t.len);
      o += t.len;
      need_space = 1;
    }
    /* One line feed per line taken keeps later lines at their numbers. */
    for (size_t q = j; q < e && q + 1 < n; q++) out[o++] = '\n';
    j = e;
  }
  out[o] = '\0';
  *textp = out;
  *lenp = o;
  return GK_OK;
}
