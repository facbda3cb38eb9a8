/* html.c: HTML converter: scraped report pages (libxml2 HTML parser, SAX) → paragraphs and grids.
 *
 * Pages come straight from government sites: site chrome around the report, layout
 * tables wrapping data tables, GBK bytes, Word-exported markup, truncated downloads.
 * The page is parsed once, with SAX callbacks and no DOM; parsing is most of the
 * converter's time, so it is not done twice. The parse does two things at once:
 *   it records facts per element, in document order: which part headings its text
 *          holds, whether it holds the report title, a nested <table>, or only
 *          one-cell rows (known only when the element ends);
 *   it records a compact event list: element starts with the attribute facts the
 *          emitter needs (hidden, chrome-like name, spans, source line), ends, and
 *          text runs. Subtrees inside an element that is always skipped (scripts,
 *          hidden boxes) are not recorded.
 * The event list is then replayed to emit the model, using the facts: tables
 * without inner tables become grids (cells in source order, spans on the cell),
 * everything else becomes paragraphs at block boundaries, chrome is left out.
 * When at least three part headings are found, only the smallest element holding
 * all of them (the report body) is emitted, plus the last title-like line before it:
 * menus, sidebars and footers of unknown markup then never reach the sections.
 * Memory stays proportional to the page: two bytes of facts per element plus the
 * event list (a few bytes per element and the text), freed chunk by chunk as it is
 * replayed so that the model can reuse it. */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/doc.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"
#include "../core/encoding.h"
#include "convert.h"
#include "html_script.h"

/* Bytes scanned for a <meta> charset declaration. */
#ifndef GK_HTML_PRESCAN
#define GK_HTML_PRESCAN 8192
#endif
/* Elements in one page; past this the page is refused (bounded memory). */
#ifndef GK_HTML_MAX_ELEMENTS
#define GK_HTML_MAX_ELEMENTS 20000000u
#endif
/* Script bytes of one page searched for a report held in script data; past this the
 * rest of the scripts are not searched (a diagnostic says so). */
#ifndef GK_HTML_SCRIPT_SCAN_MAX
#define GK_HTML_SCRIPT_SCAN_MAX (64u << 20)
#endif
/* Bytes of the page's <title> kept to match a report found in scripts. */
#define PAGE_TITLE_MAX 1024
/* Payload bytes of one chunk of the event list: the arena's chunk size, so that a
 * chunk freed during replay is reused by the model that replay builds. */
#ifndef GK_HTML_EV_CHUNK
#define GK_HTML_EV_CHUNK (64 * 1024)
#endif

/* ---- element kinds ---- */

enum {
  K_BLOCK = 1,  /* a paragraph boundary */
  K_SKIP = 2,   /* never content: scripts, styles, form controls, embedded objects */
  K_CHROME = 4, /* site chrome unless it holds the report (see protected_facts) */
  K_HEAD = 8,   /* h1–h6: title context */
};

typedef enum { T_OTHER, T_TABLE, T_TR, T_CELL, T_CAPTION, T_BR, T_PRE } tag_id;

typedef struct {
  const char *name;
  unsigned char id, kind;
} tag_info;

static const tag_info tags[] = {
    {"address", T_OTHER, K_BLOCK}, {"applet", T_OTHER, K_SKIP},
    {"article", T_OTHER, K_BLOCK}, {"aside", T_OTHER, K_BLOCK | K_CHROME},
    {"audio", T_OTHER, K_SKIP},    {"blockquote", T_OTHER, K_BLOCK},
    {"body", T_OTHER, K_BLOCK},    {"br", T_BR, 0},
    {"button", T_OTHER, K_SKIP},   {"canvas", T_OTHER, K_SKIP},
    {"caption", T_CAPTION, K_BLOCK}, {"center", T_OTHER, K_BLOCK},
    {"dd", T_OTHER, K_BLOCK},      {"details", T_OTHER, K_BLOCK},
    {"dialog", T_OTHER, K_BLOCK},  {"dir", T_OTHER, K_BLOCK},
    {"div", T_OTHER, K_BLOCK},     {"dl", T_OTHER, K_BLOCK},
    {"dt", T_OTHER, K_BLOCK},      {"embed", T_OTHER, K_SKIP},
    {"fieldset", T_OTHER, K_BLOCK}, {"figcaption", T_OTHER, K_BLOCK},
    {"figure", T_OTHER, K_BLOCK},  {"footer", T_OTHER, K_BLOCK | K_CHROME},
    {"form", T_OTHER, K_BLOCK | K_CHROME}, {"frame", T_OTHER, K_SKIP},
    {"frameset", T_OTHER, K_SKIP}, {"h1", T_OTHER, K_BLOCK | K_HEAD},
    {"h2", T_OTHER, K_BLOCK | K_HEAD}, {"h3", T_OTHER, K_BLOCK | K_HEAD},
    {"h4", T_OTHER, K_BLOCK | K_HEAD}, {"h5", T_OTHER, K_BLOCK | K_HEAD},
    {"h6", T_OTHER, K_BLOCK | K_HEAD}, {"head", T_OTHER, K_SKIP},
    {"header", T_OTHER, K_BLOCK | K_CHROME}, {"hgroup", T_OTHER, K_BLOCK},
    {"hr", T_OTHER, K_BLOCK},      {"html", T_OTHER, K_BLOCK},
    {"iframe", T_OTHER, K_SKIP},   {"input", T_OTHER, K_SKIP},
    {"li", T_OTHER, K_BLOCK},      {"main", T_OTHER, K_BLOCK},
    {"map", T_OTHER, K_SKIP},      {"math", T_OTHER, K_SKIP},
    {"menu", T_OTHER, K_BLOCK | K_CHROME}, {"nav", T_OTHER, K_BLOCK | K_CHROME},
    {"noembed", T_OTHER, K_SKIP},  {"noframes", T_OTHER, K_SKIP},
    {"noscript", T_OTHER, K_SKIP}, {"object", T_OTHER, K_SKIP},
    {"ol", T_OTHER, K_BLOCK},      {"option", T_OTHER, K_SKIP},
    {"p", T_OTHER, K_BLOCK},       {"pre", T_PRE, K_BLOCK},
    {"script", T_OTHER, K_SKIP},   {"section", T_OTHER, K_BLOCK},
    {"select", T_OTHER, K_SKIP},   {"style", T_OTHER, K_SKIP},
    {"summary", T_OTHER, K_BLOCK}, {"svg", T_OTHER, K_SKIP},
    {"table", T_TABLE, K_BLOCK},   {"tbody", T_OTHER, K_BLOCK},
    {"td", T_CELL, K_BLOCK},       {"template", T_OTHER, K_SKIP},
    {"textarea", T_OTHER, K_SKIP}, {"tfoot", T_OTHER, K_BLOCK},
    {"th", T_CELL, K_BLOCK},       {"thead", T_OTHER, K_BLOCK},
    {"title", T_OTHER, K_SKIP},    {"tr", T_TR, K_BLOCK},
    {"ul", T_OTHER, K_BLOCK},      {"video", T_OTHER, K_SKIP},
    {"xmp", T_PRE, K_BLOCK},
};

#define NTAGS (sizeof tags / sizeof tags[0])
#define TAG_OTHER 0xFF /* the index of every tag not in the table */

static const tag_info tag_other = {"", T_OTHER, 0};

/* Elements drawn as a table by their role or inline style (<div role="cell">,
 * display:table-cell): recorded under these indexes past tags[], so the replay reads
 * them as <table>, <tr> and <td>, and an empty or &nbsp; cell keeps its column. */
enum { TAG_AS_TABLE = NTAGS, TAG_AS_TR, TAG_AS_CELL, TAG_AS_END };
static const tag_info role_tags[] = {
    {"[role=table]", T_TABLE, K_BLOCK}, {"[role=row]", T_TR, K_BLOCK}, {"[role=cell]", T_CELL, K_BLOCK}};

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

/* strcasecmp against a lower-case name, inline: names are short and many. */
static int ci_cmp(const char *a, const char *lower) {
  for (;; a++, lower++) {
    int c = ascii_lower((unsigned char)*a) - (unsigned char)*lower;
    if (c || !*lower) return c;
  }
}

/* The index of a tag name in tags[], or TAG_OTHER (span, font, b, a, o:p,
 * st1:chsdate …: inline). */
static unsigned tag_lookup(const char *name) {
  size_t lo = 0, hi = NTAGS;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = ci_cmp(name, tags[mid].name);
    if (c == 0) return (unsigned)mid;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return TAG_OTHER;
}

static const tag_info *tag_at(unsigned idx) {
  if (idx < NTAGS) return &tags[idx];
  return idx < TAG_AS_END ? &role_tags[idx - NTAGS] : &tag_other;
}

/* ---- facts, one uint16 per recorded element ---- */

enum {
  F_PARTS = 0x3F,   /* bit p-1: the text holds part p's heading */
  F_TITLE = 0x40,   /* a title-like heading (…年度报告 in h1–h6 or a *title* element) */
  F_TABLE = 0x80,   /* holds a <table> */
  F_ONECOL = 0x100, /* (tables) no row has more than one cell: layout, not data */
};

/* A heading is short: its words plus at most this many bytes of numbering, spacing
 * and punctuation; a longer text that mentions them is prose. */
#define HEADING_SLACK 40

/* Which part headings a short text is (a long one is prose that mentions them). */
static unsigned heading_bits(const char *s, size_t len) {
  unsigned bits = 0;
  for (int p = 0; p < GK_LEX_NPARTS; p++) {
    const char *w = gk_lex_part_word(p + 1);
    size_t wl = strlen(w);
    if (len <= wl + HEADING_SLACK && memmem(s, len, w, wl)) bits |= 1u << p;
  }
  return bits;
}

static int title_like(const char *s, size_t len) {
  return len <= 300 && (memmem(s, len, "年度报告", strlen("年度报告")) ||
                        memmem(s, len, "年报", strlen("年报")) ||
                        memmem(s, len, "工作报告", strlen("工作报告")));
}

static int popcount6(unsigned v) {
  int n = 0;
  for (int i = 0; i < 6; i++) n += (v >> i) & 1;
  return n;
}

/* A chrome element is kept when it holds the report: two part headings or its title. */
static int protected_facts(unsigned f) { return popcount6(f & F_PARTS) >= 2 || (f & F_TITLE); }

/* ---- growable text buffer with HTML white-space collapsing ---- */

typedef struct {
  gk_strbuf sb; /* core/strbuf.h */
  int line;     /* source line of the first text, 0 when empty */
} tbuf;

static void tb_put(tbuf *b, const char *s, size_t n) { gk_strbuf_add(&b->sb, s, n); }

/* Appends text: white-space runs (NBSP and U+3000 included: layout, and a cell of
 * only &nbsp; is blank) become one space, zero-width and control characters go. */
static void tb_text(tbuf *b, const char *s, size_t n, int line) {
  size_t i = 0;
  while (i < n) {
    size_t st = i;
    uint32_t cp = gk_utf8_next(s, n, &i);
    if (gk_cp_is_space(cp) || cp < 0x20 || cp == 0x7F) {
      if (cp == 0x200B || cp == 0xFEFF) continue;
      if (b->sb.len && b->sb.p[b->sb.len - 1] != ' ' && b->sb.p[b->sb.len - 1] != '\n') tb_put(b, " ", 1);
      continue;
    }
    if (cp == 0x200C || cp == 0x200D || cp == 0x2060 || (cp >= 0x80 && cp < 0xA0)) continue;
    if (!b->line) b->line = line;
    tb_put(b, s + st, i - st);
  }
}

static void tb_trim_end(tbuf *b) {
  while (b->sb.len && (b->sb.p[b->sb.len - 1] == ' ' || b->sb.p[b->sb.len - 1] == '\n')) b->sb.len--;
  if (b->sb.p) b->sb.p[b->sb.len] = '\0';
}

/* A line break inside a cell. */
static void tb_break(tbuf *b) {
  while (b->sb.len && b->sb.p[b->sb.len - 1] == ' ') b->sb.len--;
  if (b->sb.len && b->sb.p[b->sb.len - 1] != '\n') tb_put(b, "\n", 1);
  if (b->sb.p) b->sb.p[b->sb.len] = '\0';
}

static void tb_reset(tbuf *b) {
  b->sb.len = 0;
  b->line = 0;
  if (b->sb.p) b->sb.p[0] = '\0';
}

_Static_assert(TAG_AS_END < TAG_OTHER, "tag indexes fit in a byte");

/* ---- the event list ---- */

/* One byte of op (low two bits) and flags, then its operands:
 *   EV_START tag [line if table/tr/cell] [rowspan colspan if cell]
 *   EV_END   tag
 *   EV_TEXT  line len bytes
 * Numbers are LEB128 varints. An event never straddles two chunks. */
enum { EV_START = 1, EV_END = 2, EV_TEXT = 3 };
enum { EVF_HIDDEN = 4, EVF_CHROME = 8 };

typedef struct evchunk {
  struct evchunk *next;
  size_t len, cap;
  unsigned char data[];
} evchunk;

typedef struct {
  evchunk *head, *tail;
} evlist;

/* Room for `need` bytes at the end of the list, or NULL when out of memory. */
static unsigned char *ev_reserve(evlist *l, size_t need) {
  evchunk *t = l->tail;
  if (!t || t->cap - t->len < need) {
    size_t cap = need > GK_HTML_EV_CHUNK ? need : GK_HTML_EV_CHUNK;
    evchunk *n = malloc(sizeof *n + cap);
    if (!n) return NULL;
    n->next = NULL;
    n->len = 0;
    n->cap = cap;
    if (t) t->next = n;
    else l->head = n;
    l->tail = t = n;
  }
  return t->data + t->len;
}

static unsigned char *put_varint(unsigned char *p, size_t v) {
  while (v >= 0x80) {
    *p++ = (unsigned char)(v | 0x80);
    v >>= 7;
  }
  *p++ = (unsigned char)v;
  return p;
}

static const unsigned char *get_varint(const unsigned char *p, size_t *v) {
  size_t r = 0;
  int sh = 0;
  while (*p & 0x80) {
    r |= (size_t)(*p++ & 0x7F) << sh;
    sh += 7;
  }
  *v = r | ((size_t)*p++ << sh);
  return p;
}

static void ev_free(evlist *l) {
  while (l->head) {
    evchunk *n = l->head->next;
    free(l->head);
    l->head = n;
  }
  l->tail = NULL;
}

/* ---- parser state ---- */

/* Whether a class value names a title and chrome, remembered for the last value:
 * Word-exported pages repeat class=MsoNormal on every paragraph. */
typedef struct {
  char key[128];
  size_t len;
  unsigned char title, chrome, valid;
} name_memo;

/* FR_GRID: a CSS grid (display:grid), whose child elements are its cells; not
   inherited (see push). */
enum { FR_SKIP = 1, FR_TITLECTX = 2, FR_GRID = 4 };

#define NO_ORD SIZE_MAX /* frames inside a skipped element: no facts, no events */

typedef struct {
  size_t ord;           /* index in facts, or NO_ORD */
  unsigned char tag, id, kind, flags;
  unsigned bits;        /* facts gathered from the subtree so far */
  size_t tr, table;     /* stack index + 1 of the nearest tr / table */
  int count;            /* cells of a tr, widest row of a table */
} frame;

typedef struct {
  size_t off, len;
  int rowspan, colspan;
  long src_off; /* byte offset in the page after the cell's start tag (provenance) */
  int col;      /* its column in the source table after spans */
} pcell;

typedef struct {
  gk_doc *doc;
  xmlParserCtxtPtr ctxt; /* while parsing */
  int rc; /* first failure; parsing or replay stops when set */
  long errors;
  int line; /* replay: the source line of the current event */

  /* the parse */
  uint16_t *facts;
  size_t nfacts, capfacts, nelems;
  frame *stack;
  size_t capstack;
  evlist ev;
  tbuf run;        /* the current text run, for heading detection */
  name_memo class_memo;
  unsigned all;    /* union of heading bits over the page */
  size_t data_tables; /* tables with rows of several cells and no table inside */
  unsigned title_tag; /* tags[] index of <title> */
  tbuf page_title;    /* the <title> text */
  int title_done;
  char *page_h1;      /* malloc'd: the first title-like heading of the page */

  /* recording: open elements; replay: the depth only */
  size_t depth;

  /* replay */
  size_t ord;
  size_t container; /* ordinal + 1 of the report body, 0 when not used */
  size_t skip_at, cont_at, table_at, cell_at, caption_at, pre_at; /* depth, 0 = no */
  int cont_done;
  tbuf para, cell, rowtext;
  char *title_cand; /* malloc'd: the last title-like line before the report body */
  pcell *cells;
  size_t ncells, capcells;
  int row_open, row_line, table_line;
  /* provenance: <table> elements parsed so far (hidden ones too: the ordinal is the
     page's own), the ordinal of the table being replayed, the data table's and its
     current row, the next cell's offset, and per column the rows a rowspan from
     above still covers */
  int src_tables, table_ord, src_table, src_row;
  /* a CSS grid being replayed: its columns (0 for every other table, whose rows are
     elements) and the next column of the current row */
  int ev_grid_cols, grid_cols, grid_col;
  long cell_off;
  int busy[GK_MAX_COLS];
  /* the script bodies cut out of what the parser reads: where each starts in the
     cut page and the bytes it lost (malloc'd, n entries), to give page offsets */
  long *cut_at, *cut_lost;
  size_t ncut;
  gk_block *grid;
  size_t emitted;
} hstate;

/* The source line of what is being emitted (recorded with the event). */
static int line_now(hstate *s) { return s->line; }

static void fail(hstate *s, int rc) {
  if (!s->rc) s->rc = rc;
  if (s->ctxt) xmlStopParser(s->ctxt);
}

/* The attributes the converter reads, found in one scan (the first of a repeated
 * name wins, as the HTML parser keeps only the first anyway). */
typedef struct {
  const char *cls, *id, *style, *type, *rowspan, *colspan, *role, *aria_rowspan, *aria_colspan;
  int hidden;
} attr_set;

static void scan_attrs(const xmlChar **atts, attr_set *a) {
  memset(a, 0, sizeof *a);
  for (size_t i = 0; atts && atts[i]; i += 2) {
    const char *n = (const char *)atts[i];
    const char *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
    const char **slot = NULL;
    /* Dispatch on the first letter, either case; the name is then compared in full. */
    switch (n[0] | 0x20) {
      case 'a':
        if (ci_cmp(n, "aria-colspan") == 0) slot = &a->aria_colspan;
        else if (ci_cmp(n, "aria-rowspan") == 0) slot = &a->aria_rowspan;
        break;
      case 'c':
        if (ci_cmp(n, "class") == 0) slot = &a->cls;
        else if (ci_cmp(n, "colspan") == 0) slot = &a->colspan;
        break;
      case 'h':
        if (ci_cmp(n, "hidden") == 0) a->hidden = 1;
        break;
      case 'i':
        if (ci_cmp(n, "id") == 0) slot = &a->id;
        break;
      case 'r':
        if (ci_cmp(n, "rowspan") == 0) slot = &a->rowspan;
        else if (ci_cmp(n, "role") == 0) slot = &a->role;
        break;
      case 's':
        if (ci_cmp(n, "style") == 0) slot = &a->style;
        break;
      case 't':
        if (ci_cmp(n, "type") == 0) slot = &a->type;
        break;
      default: break;
    }
    if (slot && !*slot) *slot = v;
  }
}

/* Lower-cases an attribute value into `out` (truncated), dropping white space when asked. */
static void lower_into(const char *v, char *out, size_t cap, int drop_ws) {
  size_t o = 0;
  for (size_t i = 0; v && v[i] && o + 1 < cap; i++) {
    char c = v[i];
    if (drop_ws && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) continue;
    out[o++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  out[o] = '\0';
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* An inline display:none or visibility:hidden (case and white space ignored, in
 * the first 511 other characters). */
static int style_hides(const char *style) {
  /* Both names end in "ay" or "ty" before the colon. Word's long styles rarely
     have such a colon (font-family ends in "ly"), so the exact test is rare. */
  int maybe = 0;
  for (const char *c = strchr(style, ':'); c && !maybe; c = strchr(c + 1, ':')) {
    const char *q = c;
    char last[2];
    int k = 0;
    while (q > style && k < 2) {
      char ch = *--q;
      if (is_ws(ch)) continue;
      last[k++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    }
    maybe = k == 2 && last[0] == 'y' && (last[1] == 'a' || last[1] == 't');
  }
  if (!maybe) return 0;
  char st[512];
  lower_into(style, st, sizeof st, 1);
  return strstr(st, "display:none") != NULL || strstr(st, "visibility:hidden") != NULL;
}

/* The first token of a role value, lower-cased, in out (cap bytes). */
static void first_token(const char *v, char *out, size_t cap) {
  size_t o = 0;
  while (is_ws(*v)) v++;
  for (; *v && !is_ws(*v) && o + 1 < cap; v++) out[o++] = (char)ascii_lower((unsigned char)*v);
  out[o] = '\0';
}

/* Columns a CSS grid gets from its grid-template-columns (lower case, white space
 * kept): each track counts one, repeat(N, tracks) N times its tracks, line names
 * ([a]) none. 0 when the count is not fixed (repeat(auto-fill, …)) or absent. */
static int grid_template_cols(const char *st) {
  const char *d = strstr(st, "grid-template-columns");
  if (!d) return 0;
  d += strlen("grid-template-columns");
  while (is_ws(*d)) d++;
  if (*d != ':') return 0;
  d++;
  long cols = 0;
  while (*d && *d != ';' && *d != '!') {
    if (is_ws(*d)) {
      d++;
      continue;
    }
    if (*d == '[') { /* a line name */
      const char *e = strchr(d, ']');
      if (!e) return 0;
      d = e + 1;
      continue;
    }
    if (!strncmp(d, "repeat(", 7)) {
      char *end;
      long n = strtol(d + 7, &end, 10);
      if (end == d + 7 || n < 1 || n > GK_MAX_COLS) return 0; /* auto-fill, auto-fit */
      /* The tracks repeated: top-level items up to the closing parenthesis. */
      const char *q = end;
      while (is_ws(*q)) q++;
      if (*q != ',') return 0;
      q++;
      long tracks = 0;
      int depth = 0, in_track = 0;
      for (; *q && !(depth == 0 && *q == ')'); q++) {
        if (*q == '(') depth++;
        else if (*q == ')') depth--;
        else if (*q == '[' && depth == 0) {
          const char *e = strchr(q, ']');
          if (!e) return 0;
          q = e;
          in_track = 0;
          continue;
        }
        if (depth == 0 && is_ws(*q)) in_track = 0;
        else if (!in_track) in_track = 1, tracks += depth == 0 || *q == '(';
      }
      if (*q != ')' || tracks < 1) return 0;
      cols += n * tracks;
      d = q + 1;
    } else {
      /* One track: a size, or a function such as minmax(0, 1fr). */
      int depth = 0;
      for (; *d && *d != ';' && *d != '!' && (depth > 0 || !is_ws(*d)); d++) {
        if (*d == '(') depth++;
        else if (*d == ')') depth--;
      }
      cols++;
    }
    if (cols > GK_MAX_COLS) return 0;
  }
  return (int)cols;
}

/* Whether an element that is no table element draws one: TAG_AS_TABLE, TAG_AS_TR or
 * TAG_AS_CELL from its ARIA role (table/grid/treegrid, row, cell/gridcell/
 * columnheader/rowheader), else from an inline display:table, table-row or
 * table-cell, or display:grid with two or more fixed columns (*grid_cols gets them,
 * else 0); 0 when neither. */
static unsigned table_role(const attr_set *a, int *grid_cols) {
  *grid_cols = 0;
  if (a->role) {
    char r[16];
    first_token(a->role, r, sizeof r);
    if (!strcmp(r, "table") || !strcmp(r, "grid") || !strcmp(r, "treegrid")) return TAG_AS_TABLE;
    if (!strcmp(r, "row")) return TAG_AS_TR;
    if (!strcmp(r, "cell") || !strcmp(r, "gridcell") || !strcmp(r, "columnheader") ||
        !strcmp(r, "rowheader"))
      return TAG_AS_CELL;
  }
  /* Word's long inline styles hold no display: the cheap test goes first. */
  if (!a->style || !strcasestr(a->style, "display")) return 0;
  char st[512];
  lower_into(a->style, st, sizeof st, 1);
  for (const char *d = strstr(st, "display:"); d; d = strstr(d + 1, "display:")) {
    const char *v = d + 8;
    size_t n = strcspn(v, ";!");
    if ((n == 5 && !strncmp(v, "table", 5)) || (n == 12 && !strncmp(v, "inline-table", 12)))
      return TAG_AS_TABLE;
    if (n == 9 && !strncmp(v, "table-row", 9)) return TAG_AS_TR;
    if (n == 10 && !strncmp(v, "table-cell", 10)) return TAG_AS_CELL;
    if ((n == 4 && !strncmp(v, "grid", 4)) || (n == 11 && !strncmp(v, "inline-grid", 11))) {
      char sp[512];
      lower_into(a->style, sp, sizeof sp, 0);
      int cols = grid_template_cols(sp);
      if (cols < 2) return 0; /* one column, or columns the page's CSS decides */
      *grid_cols = cols;
      return TAG_AS_TABLE;
    }
  }
  return 0;
}

static int parse_span(const char *v, int max);

/* The span of a grid item along `prop` ("grid-column", "grid-row") from its inline
 * style (lower case, no white space): `span N` in the property or in its -end
 * longhand, or the distance between two line numbers (1/3); else 1. */
static int grid_span(const char *st, const char *prop, int max) {
  size_t pl = strlen(prop);
  for (const char *d = strstr(st, prop); d; d = strstr(d + 1, prop)) {
    const char *v = d + pl;
    if (d > st && (d[-1] != ';' && d[-1] != '"' && d[-1] != '\'')) continue; /* -ms-… */
    if (!strncmp(v, "-end", 4)) v += 4;
    if (*v != ':') continue;
    v++;
    const char *sp = strstr(v, "span");
    const char *semi = strchr(v, ';');
    if (sp && (!semi || sp < semi)) return parse_span(sp + 4, max);
    char *e1, *e2;
    long a = strtol(v, &e1, 10);
    if (e1 != v && *e1 == '/') {
      long b = strtol(e1 + 1, &e2, 10);
      if (e2 != e1 + 1 && a > 0 && b > 0 && a != b) {
        long n = b > a ? b - a : a - b;
        return n > max ? max : (int)n;
      }
    }
  }
  return 1;
}

/* Hidden by markup: the hidden attribute, type=hidden, or an inline style. */
static int is_hidden(const attr_set *a) {
  if (a->hidden) return 1;
  if (a->type && strcasecmp(a->type, "hidden") == 0) return 1;
  return a->style && style_hides(a->style);
}

/* Whether any token of a lower-cased class/id value (split at `seps`) is one of the words. */
static int has_token(const char *lower, const char *const *words, const char *seps) {
  char buf[512];
  strcpy(buf, lower);
  char *save = NULL;
  for (char *t = strtok_r(buf, seps, &save); t; t = strtok_r(NULL, seps, &save))
    for (int i = 0; words[i]; i++)
      if (strcmp(t, words[i]) == 0) return 1;
  return 0;
}

/* id/class values that clearly name site chrome or hidden boxes. */
static int chrome_name(const char *v) {
  static const char *sub[] = {"nav",    "menu",    "breadcrumb", "crumb",   "footer",
                              "header", "share",   "sidebar",    "topbar",  "toolbar",
                              NULL};
  /* Whole tokens only: Chinese CMSs name chrome boxes by the pinyin initials or
     syllables of 当前位置 (dqwz, weizhi), 面包屑 (mbx) and 导航 (daohang). */
  static const char *words[] = {"foot", "dqwz", "weizhi", "mbx", "daohang", "location", NULL};
  static const char *hidden[] = {"hidden", "hide", "d-none", "display-none", "sr-only",
                                 "visually-hidden", "invisible", "is-hidden", NULL};
  if (!v || !*v) return 0;
  char buf[512];
  lower_into(v, buf, sizeof buf, 0);
  for (int i = 0; sub[i]; i++)
    if (strstr(buf, sub[i])) return 1;
  if (has_token(buf, words, " \t\r\n-_")) return 1;
  return has_token(buf, hidden, " \t\r\n");
}

static int title_name(const char *v) {
  char buf[256];
  lower_into(v, buf, sizeof buf, 0);
  return v && strstr(buf, "title") != NULL;
}

/* title_name and chrome_name of a class value, through the memo. */
static void class_facts(name_memo *m, const char *v, int *title, int *chrome) {
  if (!v) {
    *title = *chrome = 0;
    return;
  }
  size_t n = strlen(v);
  if (m->valid && n == m->len && memcmp(v, m->key, n) == 0) {
    *title = m->title;
    *chrome = m->chrome;
    return;
  }
  *title = title_name(v);
  *chrome = chrome_name(v);
  if (n < sizeof m->key) {
    memcpy(m->key, v, n);
    m->len = n;
    m->title = (unsigned char)*title;
    m->chrome = (unsigned char)*chrome;
    m->valid = 1;
  }
}

static int parse_span(const char *v, int max) {
  if (!v) return 1;
  while (*v == ' ' || *v == '"' || *v == '\'') v++;
  long n = 0;
  int any = 0;
  for (; *v >= '0' && *v <= '9'; v++) {
    any = 1;
    if (n < 1000000) n = n * 10 + (*v - '0');
  }
  if (!any || n < 1) return 1;
  return n > max ? max : (int)n;
}

static int push(hstate *s, unsigned tag) {
  if (s->depth == s->capstack) {
    size_t ncap = s->capstack ? s->capstack * 2 : 64;
    frame *n = realloc(s->stack, ncap * sizeof *n);
    if (!n) return GK_ENOMEM;
    s->stack = n;
    s->capstack = ncap;
  }
  const tag_info *ti = tag_at(tag);
  frame *f = &s->stack[s->depth];
  memset(f, 0, sizeof *f);
  f->tag = (unsigned char)tag;
  f->id = ti->id;
  f->kind = ti->kind;
  if (s->depth) {
    const frame *p = &s->stack[s->depth - 1];
    f->flags = p->flags & ~FR_GRID;
    f->tr = p->tr;
    f->table = p->table;
  }
  s->depth++;
  return GK_OK;
}

/* ---- the parse: facts and events ---- */

static void flush_run(hstate *s) {
  tbuf *r = &s->run;
  tb_trim_end(r);
  if (r->sb.len && s->depth) {
    frame *top = &s->stack[s->depth - 1];
    unsigned bits = heading_bits(r->sb.p, r->sb.len);
    if ((top->flags & FR_TITLECTX) && title_like(r->sb.p, r->sb.len)) {
      bits |= F_TITLE;
      if (!s->page_h1 && !(s->page_h1 = strdup(r->sb.p))) fail(s, GK_ENOMEM);
    }
    top->bits |= bits;
    s->all |= bits & F_PARTS;
  }
  tb_reset(r);
}

/* The page offset of an offset into what the parser reads (bodies cut out). */
static long page_offset(const hstate *s, long at) {
  long shift = 0;
  for (size_t i = 0; i < s->ncut && s->cut_at[i] < at; i++) shift += s->cut_lost[i];
  return at + shift;
}

static int parse_line(hstate *s) {
  return s->ctxt && s->ctxt->input ? s->ctxt->input->line : 0;
}

static void rec_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
  hstate *s = ((xmlParserCtxtPtr)ctx)->_private;
  if (s->rc) return;
  flush_run(s);
  if (s->nelems >= GK_HTML_MAX_ELEMENTS) {
    gk_diag_add(s->doc, GK_SEV_ERROR, "limit", NULL, "HTML page has more than %u elements",
                GK_HTML_MAX_ELEMENTS);
    fail(s, GK_ELIMIT);
    return;
  }
  s->nelems++;
  unsigned tag = tag_lookup((const char *)name);
  const tag_info *ti = tag_at(tag);
  if (push(s, tag)) {
    fail(s, GK_ENOMEM);
    return;
  }
  frame *f = &s->stack[s->depth - 1];

  /* Inside a skipped element nothing is ever emitted and no text is gathered:
     only the table bookkeeping below runs, and nothing is recorded. */
  int inner = f->flags & FR_SKIP;
  f->ord = NO_ORD;
  attr_set a;
  int hidden = 0, named_chrome = 0, grid_item = 0, grid_rs = 1, grid_cs = 1, grid_cols = 0;
  if (!inner) {
    if (s->nfacts == s->capfacts) {
      size_t ncap = s->capfacts ? s->capfacts * 2 : 1024;
      uint16_t *n = realloc(s->facts, ncap * sizeof *n);
      if (!n) {
        fail(s, GK_ENOMEM);
        return;
      }
      s->facts = n;
      s->capfacts = ncap;
    }
    f->ord = s->nfacts;
    s->facts[s->nfacts++] = 0;
    scan_attrs(atts, &a);
    hidden = !(ti->kind & K_SKIP) && is_hidden(&a);
    int gcols = 0;
    unsigned as = 0;
    if (s->depth >= 2 && (s->stack[s->depth - 2].flags & FR_GRID) &&
        !(ti->kind & (K_SKIP | K_CHROME | K_HEAD)) && !hidden && ti->id != T_TABLE &&
        ti->id != T_TR && ti->id != T_CELL) {
      /* Every child element of a CSS grid is one of its cells, its spans from
         grid-column and grid-row. */
      as = TAG_AS_CELL;
      grid_item = 1;
      if (a.style) {
        char st[512];
        lower_into(a.style, st, sizeof st, 1);
        grid_rs = grid_span(st, "grid-row", GK_MAX_ROWS);
        grid_cs = grid_span(st, "grid-column", GK_MAX_COLS);
      }
    } else if (ti->id == T_OTHER && !(ti->kind & (K_SKIP | K_CHROME | K_HEAD)) && !hidden) {
      as = table_role(&a, &gcols);
    }
    if (as) {
      /* Read from here on as the table element it draws. */
      tag = as;
      ti = tag_at(tag);
      f->tag = (unsigned char)tag;
      f->id = ti->id;
      f->kind = ti->kind;
      if (gcols) {
        f->flags |= FR_GRID;
        grid_cols = gcols;
      }
    }
    if ((ti->kind & K_SKIP) || hidden) {
      f->flags |= FR_SKIP;
    } else {
      int cls_title, cls_chrome;
      class_facts(&s->class_memo, a.cls, &cls_title, &cls_chrome);
      if ((ti->kind & K_HEAD) || cls_title || title_name(a.id)) f->flags |= FR_TITLECTX;
      /* Whether the name says chrome matters for these only (see emit_start). */
      if ((ti->id == T_OTHER || ti->id == T_TABLE) && !(ti->kind & K_CHROME))
        named_chrome = cls_chrome || chrome_name(a.id);
    }
  }
  if (ti->id == T_TABLE) {
    f->table = s->depth;
    f->tr = 0;
    f->count = grid_cols; /* a grid's rows are as wide as its columns */
  } else if (ti->id == T_TR) {
    f->tr = s->depth;
  } else if (ti->id == T_CELL && f->tr && !(f->flags & FR_SKIP)) {
    s->stack[f->tr - 1].count++;
  }
  int table_ord = ti->id == T_TABLE ? s->src_tables++ : 0;
  if (inner) return;

  unsigned char *p = ev_reserve(&s->ev, 2 + 4 * 10);
  if (!p) {
    fail(s, GK_ENOMEM);
    return;
  }
  unsigned char *p0 = p;
  *p++ = (unsigned char)(EV_START | (hidden ? EVF_HIDDEN : 0) | (named_chrome ? EVF_CHROME : 0));
  *p++ = (unsigned char)tag;
  if (ti->id == T_TABLE || ti->id == T_TR || ti->id == T_CELL)
    p = put_varint(p, (size_t)parse_line(s));
  if (ti->id == T_TABLE) {
    p = put_varint(p, (size_t)table_ord);
    p = put_varint(p, (size_t)grid_cols);
  }
  if (ti->id == T_CELL) {
    /* A drawn cell spans by aria-rowspan / aria-colspan (CSS tables have no spans). */
    p = put_varint(p, grid_item ? (size_t)grid_rs
                                : (size_t)parse_span(a.rowspan ? a.rowspan : a.aria_rowspan, GK_MAX_ROWS));
    p = put_varint(p, grid_item ? (size_t)grid_cs
                                : (size_t)parse_span(a.colspan ? a.colspan : a.aria_colspan, GK_MAX_COLS));
    /* The input is UTF-8 read as UTF-8: offsets in the parser's buffer are bytes of
       the page (xmlByteConsumed counts whole chunks of the converter). */
    const xmlParserInput *in = s->ctxt ? s->ctxt->input : NULL;
    long off = 0;
    if (in && in->cur && in->base) {
      /* The parser stands after the start tag: back to its '<'. */
      const xmlChar *q = in->cur;
      while (q > in->base && !(q[0] == '<' && (q[1] | 0x20) == 't')) q--;
      off = (long)in->consumed + (long)(q - in->base);
    }
    p = put_varint(p, (size_t)(off > 0 ? page_offset(s, off) : 0));
  }
  s->ev.tail->len += (size_t)(p - p0);
}

static void rec_end(void *ctx, const xmlChar *name) {
  (void)name;
  hstate *s = ((xmlParserCtxtPtr)ctx)->_private;
  if (s->rc || !s->depth) return;
  flush_run(s);
  frame f = s->stack[--s->depth];
  unsigned bits = f.bits;
  if (f.id == T_TR && f.table && f.table <= s->depth) {
    frame *t = &s->stack[f.table - 1];
    if (f.count > t->count) t->count = f.count;
  }
  if (f.id == T_TABLE && f.count <= 1) bits |= F_ONECOL;
  if (f.id == T_TABLE && f.count > 1 && !(bits & F_TABLE) && !(f.flags & FR_SKIP)) s->data_tables++;
  if (f.tag == s->title_tag && s->page_title.sb.len) s->title_done = 1;
  if (s->depth) {
    frame *p = &s->stack[s->depth - 1];
    p->bits |= bits & (F_PARTS | F_TITLE | F_TABLE);
    if (f.id == T_TABLE && !(f.flags & FR_SKIP)) p->bits |= F_TABLE;
  }
  if (f.ord == NO_ORD) return;
  s->facts[f.ord] = (uint16_t)bits;
  unsigned char *p = ev_reserve(&s->ev, 2);
  if (!p) {
    fail(s, GK_ENOMEM);
    return;
  }
  p[0] = EV_END;
  p[1] = f.tag;
  s->ev.tail->len += 2;
}

static void rec_text(void *ctx, const xmlChar *ch, int len) {
  hstate *s = ((xmlParserCtxtPtr)ctx)->_private;
  if (s->rc || len <= 0) return;
  if (s->depth) {
    const frame *top = &s->stack[s->depth - 1];
    if (top->flags & FR_SKIP) {
      /* The page's <title>, to match a report found in its scripts. */
      if (top->tag == s->title_tag && !s->title_done && s->page_title.sb.len < PAGE_TITLE_MAX) {
        tb_text(&s->page_title, (const char *)ch, (size_t)len, 1);
        if (s->page_title.sb.oom) fail(s, GK_ENOMEM);
      }
      return;
    }
    /* Headings are short: a run past this is prose, whatever it holds. */
    if (s->run.sb.len <= 1024) {
      tb_text(&s->run, (const char *)ch, (size_t)len, 1);
      if (s->run.sb.oom) {
        fail(s, GK_ENOMEM);
        return;
      }
    }
  }
  /* Text outside every element is emitted too (a page of bare text). */
  unsigned char *p = ev_reserve(&s->ev, 1 + 2 * 10 + (size_t)len);
  if (!p) {
    fail(s, GK_ENOMEM);
    return;
  }
  unsigned char *p0 = p;
  *p++ = EV_TEXT;
  p = put_varint(p, (size_t)parse_line(s));
  p = put_varint(p, (size_t)len);
  memcpy(p, ch, (size_t)len);
  p += len;
  s->ev.tail->len += (size_t)(p - p0);
}

/* ---- replay: emission ---- */

static int starts_with(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static size_t cp_count(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

/* Lines that are site chrome by their words: breadcrumbs, page tools, copyright. */
static int chrome_text(const char *t, size_t len) {
  static const char *crumbs[] = {"当前位置", "您当前的位置", "您现在的位置", "您的位置",
                                 "当前的位置", "所在位置", "现在位置", "你的位置", NULL};
  static const char *tools[] = {"打印本页", "打印此页", "【打印", "[打印", "关闭窗口", "关闭本页",
                                "【关闭", "返回顶部", "字体：", "字号：", "【字体", "分享到",
                                "扫一扫", NULL};
  static const char *foot[] = {"版权所有", "ICP备", "网站标识码", "公网安备", "技术支持：",
                               "主办单位：", "Copyright", "©", NULL};
  size_t n = cp_count(t, len);
  for (int i = 0; crumbs[i]; i++)
    if (starts_with(t, crumbs[i]) && n <= 120) return 1;
  for (int i = 0; tools[i]; i++)
    if (n <= 60 && strstr(t, tools[i])) return 1;
  for (int i = 0; foot[i]; i++)
    if (n <= 200 && strstr(t, foot[i])) return 1;
  return 0;
}

static void emit_paragraph(hstate *s, const char *t, size_t len, int line) {
  if (s->rc) return;
  if (!gk_doc_add_paragraph(s->doc, t, len, line)) {
    fail(s, s->doc->nblocks >= GK_MAX_BLOCKS ? GK_ELIMIT : GK_ENOMEM);
    return;
  }
  s->emitted++;
}

/* Ends the current paragraph at a block boundary. */
static void flush_para(hstate *s) {
  tbuf *b = &s->para;
  tb_trim_end(b);
  if (b->sb.oom) {
    fail(s, GK_ENOMEM);
    return;
  }
  if (!b->sb.len || chrome_text(b->sb.p, b->sb.len)) {
    tb_reset(b);
    return;
  }
  if (s->container && !s->cont_at) {
    /* Outside the report body only its title is wanted: the last title-like line
       before the body (after the body nothing is). */
    if (!s->cont_done && title_like(b->sb.p, b->sb.len)) {
      free(s->title_cand);
      s->title_cand = strdup(b->sb.p);
      if (!s->title_cand) fail(s, GK_ENOMEM);
    }
    tb_reset(b);
    return;
  }
  if (s->title_cand) {
    /* The body's first line is a title of its own: the outer one was a link. */
    if (!title_like(b->sb.p, b->sb.len)) emit_paragraph(s, s->title_cand, strlen(s->title_cand), 0);
    free(s->title_cand);
    s->title_cand = NULL;
  }
  emit_paragraph(s, b->sb.p, b->sb.len, b->line);
  tb_reset(b);
}

static void end_cell(hstate *s) {
  tbuf *c = &s->cell;
  tb_trim_end(c);
  pcell *pc = &s->cells[s->ncells - 1];
  pc->off = s->rowtext.sb.len;
  pc->len = c->sb.len;
  if (c->sb.len) tb_put(&s->rowtext, c->sb.p, c->sb.len);
  if (c->sb.oom || s->rowtext.sb.oom) fail(s, GK_ENOMEM);
  tb_reset(c);
  s->cell_at = 0;
}

static void begin_row(hstate *s) {
  s->row_open = 1;
  s->src_row++;
  s->ncells = 0;
  tb_reset(&s->rowtext);
  s->row_line = line_now(s);
}

/* Commits a table row: to the grid, or as a paragraph when its one cell is a part
 * heading or prose (reports that put their whole text in one table). */
static void commit_row(hstate *s) {
  if (s->cell_at) end_cell(s);
  s->row_open = 0;
  if (s->rc || !s->ncells) return;
  /* The cells' source columns, as the HTML table model places them. */
  for (size_t i = 0, col = 0; i < s->ncells; i++) {
    while (col < GK_MAX_COLS && s->busy[col]) col++;
    s->cells[i].col = (int)col;
    for (int k = 0; k < s->cells[i].colspan && col < GK_MAX_COLS; k++) s->busy[col++] = s->cells[i].rowspan;
  }
  for (size_t k = 0; k < GK_MAX_COLS; k++)
    if (s->busy[k]) s->busy[k]--;
  int nonempty = 0;
  size_t which = 0;
  for (size_t i = 0; i < s->ncells; i++)
    if (s->cells[i].len) {
      nonempty++;
      which = i;
    }
  if (nonempty == 0 && s->ncells == 1) return; /* an empty spacer row */
  if (nonempty == 1) {
    const char *t = s->rowtext.sb.p + s->cells[which].off;
    size_t len = s->cells[which].len;
    if (heading_bits(t, len) || cp_count(t, len) > 100) {
      char *copy = strndup(t, len);
      if (!copy) {
        fail(s, GK_ENOMEM);
        return;
      }
      for (char *q = copy; *q; q++)
        if (*q == '\n') *q = ' ';
      if (!chrome_text(copy, len)) emit_paragraph(s, copy, len, s->row_line);
      free(copy);
      s->grid = NULL; /* later rows start a new grid after the paragraph */
      return;
    }
  }
  if (!s->grid) {
    s->grid = gk_doc_add_grid(s->doc, s->table_line);
    if (!s->grid) {
      fail(s, s->doc->nblocks >= GK_MAX_BLOCKS ? GK_ELIMIT : GK_ENOMEM);
      return;
    }
    s->emitted++;
  }
  gk_row *row = gk_grid_add_row(s->doc, s->grid);
  if (!row) {
    fail(s, s->grid->nrows >= GK_MAX_ROWS ? GK_ELIMIT : GK_ENOMEM);
    return;
  }
  row->line = s->row_line;
  for (size_t i = 0; i < s->ncells; i++) {
    const pcell *pc = &s->cells[i];
    gk_cell *c = gk_row_add_cell(s->doc, row, s->rowtext.sb.p ? s->rowtext.sb.p + pc->off : "", pc->len);
    if (!c) {
      if (gk_row_is_full(row)) break;
      fail(s, GK_ENOMEM);
      return;
    }
    c->rowspan = pc->rowspan;
    c->colspan = pc->colspan;
    gk_cell_set_table_pos(c, s->src_table, s->src_row, pc->col, pc->src_off);
  }
}

static void begin_cell(hstate *s, int rowspan, int colspan) {
  if (!s->row_open) begin_row(s);
  if (s->cell_at) end_cell(s);
  if (s->ncells == s->capcells) {
    size_t ncap = s->capcells ? s->capcells * 2 : 16;
    pcell *n = realloc(s->cells, ncap * sizeof *n);
    if (!n) {
      fail(s, GK_ENOMEM);
      return;
    }
    s->cells = n;
    s->capcells = ncap;
  }
  pcell *pc = &s->cells[s->ncells++];
  memset(pc, 0, sizeof *pc);
  pc->rowspan = rowspan;
  pc->colspan = colspan;
  pc->src_off = s->cell_off;
  s->cell_at = s->depth;
  tb_reset(&s->cell);
}

/* A CSS grid has no row elements: its cells fill the columns left to right, past
 * those a rowspan from above covers, and a cell that does not fit in what is left
 * of the row starts the next one, as the grid's auto-placement puts it. */
static void grid_place(hstate *s, int colspan) {
  int n = s->grid_cols;
  if (s->row_open) {
    while (s->grid_col < n && s->busy[s->grid_col]) s->grid_col++;
    if (s->grid_col >= n || (s->grid_col > 0 && s->grid_col + colspan > n)) commit_row(s);
  }
  if (!s->row_open) {
    begin_row(s);
    s->grid_col = 0;
    while (s->grid_col < n && s->busy[s->grid_col]) s->grid_col++;
  }
  s->grid_col += colspan;
}

static void emit_start(hstate *s, const tag_info *ti, unsigned evflags, int rowspan,
                       int colspan) {
  if (s->rc) return;
  size_t ord = s->ord++;
  unsigned f = ord < s->nfacts ? s->facts[ord] : 0;
  s->depth++;
  if (s->skip_at) return;
  size_t d = s->depth;

  /* Boundaries come first: a skipped block still ends the paragraph before it. */
  if (s->table_at) {
    if (s->cell_at && ((ti->kind & K_BLOCK) || ti->id == T_BR) && ti->id != T_CELL &&
        ti->id != T_TR)
      tb_break(&s->cell);
  } else if ((ti->kind & K_BLOCK) || ti->id == T_BR) {
    flush_para(s);
  }

  /* Class names inside tables (td class="header") describe cells, not chrome. */
  int chrome = !s->table_at && (ti->id == T_OTHER || ti->id == T_TABLE) &&
               ((ti->kind & K_CHROME) || (evflags & EVF_CHROME));
  if ((ti->kind & K_SKIP) || (evflags & EVF_HIDDEN) || (chrome && !protected_facts(f))) {
    s->skip_at = d;
    return;
  }
  if (s->container && ord + 1 == s->container) {
    flush_para(s);
    s->cont_at = d;
  }
  if (ti->id == T_PRE && !s->pre_at) s->pre_at = d;

  if (s->table_at) {
    switch (ti->id) {
      case T_TR:
        if (s->row_open) commit_row(s);
        begin_row(s);
        break;
      case T_CELL:
        if (s->grid_cols) grid_place(s, colspan);
        begin_cell(s, rowspan, colspan);
        break;
      case T_CAPTION:
        if (!s->caption_at) s->caption_at = d;
        break;
      default: break;
    }
    return;
  }
  /* A table with no table inside and more than one column is data; the body's
     tables only, when the body is known. */
  if (ti->id == T_TABLE && !(f & (F_TABLE | F_ONECOL)) && (!s->container || s->cont_at)) {
    s->table_at = d;
    s->table_line = line_now(s);
    s->src_table = s->table_ord;
    s->src_row = -1;
    memset(s->busy, 0, sizeof s->busy);
    s->grid = NULL;
    s->row_open = 0;
    s->grid_cols = s->ev_grid_cols;
    s->grid_col = 0;
  }
}

static void emit_end(hstate *s, const tag_info *ti) {
  if (s->rc || !s->depth) return;
  size_t d = s->depth--;
  if (s->skip_at) {
    if (d == s->skip_at) s->skip_at = 0;
    return;
  }
  if (d == s->pre_at) s->pre_at = 0;
  if (s->table_at) {
    if (d == s->cell_at) {
      end_cell(s);
    } else if (d == s->caption_at) {
      flush_para(s);
      s->caption_at = 0;
    } else if (ti->id == T_TR) {
      if (s->row_open) commit_row(s);
    } else if (d == s->table_at) {
      if (s->row_open) commit_row(s);
      s->table_at = 0;
      s->grid = NULL;
      s->grid_cols = 0;
    } else if (s->cell_at && ((ti->kind & K_BLOCK) || ti->id == T_BR)) {
      tb_break(&s->cell);
    }
  } else if (ti->kind & K_BLOCK) {
    flush_para(s);
  }
  if (d == s->cont_at) {
    flush_para(s);
    s->cont_at = 0;
    s->cont_done = 1;
  }
}

static void emit_text(hstate *s, const char *t, size_t n) {
  if (s->rc || s->skip_at) return;
  tbuf *b;
  if (s->table_at) {
    if (s->cell_at) b = &s->cell;
    else if (s->caption_at) b = &s->para;
    else return; /* stray text between rows */
  } else {
    b = &s->para;
  }
  int line = line_now(s);
  if (!s->pre_at) {
    tb_text(b, t, n, line);
  } else {
    /* In <pre>, source lines are lines. */
    size_t st = 0;
    for (size_t i = 0; i <= n; i++) {
      if (i < n && t[i] != '\n') continue;
      tb_text(b, t + st, i - st, line);
      if (i < n) {
        if (b == &s->para) flush_para(s);
        else tb_break(b);
      }
      st = i + 1;
    }
  }
  if (b->sb.oom) fail(s, GK_ENOMEM);
}

/* Replays the event list into the model, freeing each chunk once it is read. */
static void replay(hstate *s) {
  s->depth = 0;
  s->ord = 0;
  while (s->ev.head && !s->rc) {
    evchunk *c = s->ev.head;
    const unsigned char *p = c->data, *end = c->data + c->len;
    while (p < end && !s->rc) {
      unsigned op = *p++;
      size_t v;
      if ((op & 3) == EV_TEXT) {
        p = get_varint(p, &v);
        s->line = (int)v;
        p = get_varint(p, &v);
        emit_text(s, (const char *)p, v);
        p += v;
        continue;
      }
      const tag_info *ti = tag_at(*p++);
      if ((op & 3) == EV_END) {
        emit_end(s, ti);
        continue;
      }
      int rowspan = 1, colspan = 1;
      if (ti->id == T_TABLE || ti->id == T_TR || ti->id == T_CELL) {
        p = get_varint(p, &v);
        s->line = (int)v;
      }
      if (ti->id == T_TABLE) {
        p = get_varint(p, &v);
        s->table_ord = (int)v;
        p = get_varint(p, &v);
        s->ev_grid_cols = (int)v;
      }
      if (ti->id == T_CELL) {
        p = get_varint(p, &v);
        rowspan = (int)v;
        p = get_varint(p, &v);
        colspan = (int)v;
        p = get_varint(p, &v);
        s->cell_off = (long)v;
      }
      emit_start(s, ti, op, rowspan, colspan);
    }
    s->ev.head = c->next;
    free(c);
  }
  if (!s->ev.head) s->ev.tail = NULL;
}

/* ---- driver ---- */

static void count_error(void *ctx, xmlErrorPtr err) {
  (void)err;
  xmlParserCtxtPtr ctxt = ctx;
  hstate *s = ctxt ? ctxt->_private : NULL;
  if (s) s->errors++;
}

static void ignore_cdata(void *ctx, const xmlChar *ch, int len) {
  (void)ctx;
  (void)ch;
  (void)len;
}

/* Parses the page once, recording facts and events. */
static int parse_page(hstate *s, const char *utf8, size_t len) {
  xmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) return GK_ENOMEM;
  /* The context owns its SAX block: fill it in place. */
  xmlSAXHandler *sax = ctxt->sax;
  memset(sax, 0, sizeof *sax);
  sax->initialized = XML_SAX2_MAGIC; /* so that serror receives every error */
  sax->serror = count_error;
  sax->startElement = rec_start;
  sax->endElement = rec_end;
  sax->characters = rec_text;
  sax->ignorableWhitespace = rec_text;
  sax->cdataBlock = ignore_cdata; /* script and style bodies */
  ctxt->_private = s;
  s->ctxt = ctxt;
  /* Recover from anything, never touch the network, take the bytes as UTF-8
     whatever the page's <meta> says (they were decoded already). */
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED | HTML_PARSE_IGNORE_ENC |
             HTML_PARSE_NODEFDTD;
  xmlDocPtr d = htmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8", opts);
  if (d) xmlFreeDoc(d);
  s->ctxt = NULL;
  htmlFreeParserCtxt(ctxt);
  return s->rc;
}

/* Finds a charset declared in the first bytes: <meta charset=…>, <meta http-equiv
 * content="…; charset=…">, or an XML declaration's encoding="…". Writes it to out. */
static int declared_charset(const unsigned char *b, size_t len, char *out, size_t cap) {
  size_t n = len < GK_HTML_PRESCAN ? len : GK_HTML_PRESCAN;
  char head[GK_HTML_PRESCAN + 1];
  memcpy(head, b, n);
  head[n] = '\0';
  for (size_t i = 0; i < n; i++)
    if (!head[i]) head[i] = ' ';
  const char *p = head;
  while ((p = strcasestr(p, "<meta")) != NULL) {
    const char *end = strchr(p, '>');
    if (!end) end = head + n;
    const char *key = p;
    while ((key = strcasestr(key, "charset")) != NULL && key < end) {
      const char *v = key + 7;
      while (*v == ' ') v++;
      if (*v == '=') {
        v++;
        while (*v == ' ' || *v == '"' || *v == '\'') v++;
        size_t o = 0;
        while (o + 1 < cap && ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
                               (*v >= '0' && *v <= '9') || *v == '-' || *v == '_' || *v == '.' ||
                               *v == ':'))
          out[o++] = *v++;
        out[o] = '\0';
        if (o) return 1;
      }
      key += 7;
    }
    p = end;
  }
  if (n >= 5 && strncmp(head, "<?xml", 5) == 0) {
    const char *e = strstr(head, "encoding=");
    const char *q = strstr(head, "?>");
    if (e && (!q || e < q)) {
      e += 9;
      if (*e == '"' || *e == '\'') e++;
      size_t o = 0;
      while (o + 1 < cap && *e && *e != '"' && *e != '\'' && *e != ' ' && *e != '?') out[o++] = *e++;
      out[o] = '\0';
      if (o) return 1;
    }
  }
  return 0;
}

/* gk_utf8_valid (well-formed UTF-8 without NUL bytes: no overlong forms, surrogates
 * or values past U+10FFFF), at a few instructions a byte: framework pages carry
 * megabytes of JSON, ASCII with runs of CJK. ASCII is checked eight bytes at a time,
 * the three-byte forms of CJK text one character at a time. */
static int page_is_utf8(const unsigned char *b, size_t len) {
  size_t i = 0;
  while (i < len) {
    /* ASCII words: no high bit, no NUL byte (the classic has-zero-byte test). */
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, b + i, 8);
      if ((w & 0x8080808080808080ull) || ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
        break;
      i += 8;
    }
    /* Short ASCII runs between CJK characters, then runs of CJK characters (E1–EC
       leads take any continuation bytes). */
    while (i < len && (unsigned)(b[i] - 1) < 0x7F) i++;
    for (;;) {
      uint16_t cont;
      if (i + 2 >= len || (unsigned)(b[i] - 0xE1) > 0xEC - 0xE1) break;
      memcpy(&cont, b + i + 1, 2); /* both continuation bytes: 10xxxxxx, in any byte order */
      if ((cont & 0xC0C0) != 0x8080) break;
      i += 3;
    }
    if (i >= len) break;
    unsigned c = b[i];
    if (c < 0x80) {
      if (!c) return 0;
      continue;
    }
    /* A lead byte and its continuation bytes; the second byte's range excludes the
       overlong forms (E0, F0), the surrogates (ED) and values past U+10FFFF (F4). */
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 1;
    else if (c >= 0xE0 && c <= 0xEF) n = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) n = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else return 0;
    if (i + n >= len || b[i + 1] < lo || b[i + 1] > hi) return 0;
    for (size_t k = 2; k <= n; k++)
      if ((b[i + k] & 0xC0) != 0x80) return 0;
    i += n + 1;
  }
  return 1;
}

/* Pages declared UTF-8 that are mostly not (saved as GBK by an old CMS) are sniffed
 * instead; a few stray bad bytes in real UTF-8 are not a reason to re-decode. */
static int mostly_not_utf8(const unsigned char *b, size_t len) {
  size_t i = 0, good = 0, bad = 0;
  while (i < len) {
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    size_t st = i;
    uint32_t cp = gk_utf8_next((const char *)b, len, &i);
    if (cp == 0xFFFD && i - st != 3) bad++;
    else good++;
  }
  return bad > 0 && bad * 4 > good;
}

/* ---- reports held in script data ---- */

/* Copies s without white space (ASCII, NBSP, U+3000 …) into out. */
static void squeeze(const char *s, char *out, size_t cap) {
  size_t o = 0, n = s ? strlen(s) : 0;
  for (size_t i = 0; i < n && o + 4 < cap;) {
    size_t st = i;
    uint32_t cp = gk_utf8_next(s, n, &i);
    if (gk_cp_is_space(cp) || cp < 0x20) continue;
    memcpy(out + o, s + st, i - st);
    o += i - st;
  }
  out[o] = '\0';
}

static int either_contains(const char *a, const char *b) {
  return *a && *b && (strstr(a, b) || strstr(b, a));
}

/* "<script id="__NEXT_DATA__">" or "<script>", for diagnostics. */
static void script_name(const gk_html_script *sc, char *out, size_t cap) {
  if (sc->id[0]) snprintf(out, cap, "<script id=\"%s\">", sc->id);
  else snprintf(out, cap, "<script>");
}

typedef struct {
  char title[512], organ[256];
  int decoy, match;
} cand_facts;

static int convert_page(gk_doc *doc, const unsigned char *buf, size_t len, int depth, int decode);

/* Returned by from_scripts when the page was read as UTF-8 without its script
   bodies being checked, and a body is not UTF-8 after all (a GBK report in an ASCII
   shell): the page is read again through the decoder. */
#define SCRIPTS_NOT_UTF8 2

/* Whether everything a candidate brings into the doc (its HTML, sibling fields,
   path) is UTF-8: the script bodies it came from were not checked. */
static int cand_is_utf8(const gk_html_cand *c) {
  return page_is_utf8((const unsigned char *)c->html, c->len) &&
         gk_utf8_valid(c->path, strlen(c->path)) &&
         (!c->title || gk_utf8_valid(c->title, strlen(c->title))) &&
         (!c->organ || gk_utf8_valid(c->organ, strlen(c->organ))) &&
         (!c->date || gk_utf8_valid(c->date, strlen(c->date)));
}

/* When the body holds no report: finds the script value that does, converts its
 * HTML into the doc (the HTML path once more, one level deep), and takes title and
 * organ from the value's sibling JSON fields. Returns 1 when a report was taken, 0
 * when none (diagnostics say why when there was something to say), or a negative
 * status. */
static int from_scripts(gk_doc *doc, hstate *s, const char *page, const gk_html_scripts *sc,
                        int unchecked) {
  gk_html_cands cands;
  memset(&cands, 0, sizeof cands);
  int rc = GK_OK, taken = 0, limited = 0;
  size_t scanned = 0, searched = 0;
  cand_facts *cf = NULL;
  for (size_t i = 0; i < sc->n && !rc; i++, searched++) {
    if (scanned + sc->v[i].len > GK_HTML_SCRIPT_SCAN_MAX) {
      limited = 1;
      break;
    }
    scanned += sc->v[i].len;
    rc = gk_html_script_search(page + sc->v[i].off, sc->v[i].len, i, sc->v[i].json, &cands);
  }
  if (rc) goto done;
  if (unchecked) {
    /* The bodies were searched as bytes. A candidate that is not UTF-8, or no
       candidate while a body is not UTF-8, means the page is in another encoding. */
    int bad = 0;
    for (size_t i = 0; i < cands.n && !bad; i++) bad = !cand_is_utf8(&cands.v[i]);
    for (size_t i = 0; i < searched && !bad && cands.n == 0; i++)
      bad = !page_is_utf8((const unsigned char *)page + sc->v[i].off, sc->v[i].len);
    if (bad) {
      rc = SCRIPTS_NOT_UTF8;
      goto done;
    }
  }
  if (limited)
    gk_diag_add(doc, GK_SEV_WARNING, "limit", NULL,
                "scripts past %u MB of the page were not searched for the report",
                GK_HTML_SCRIPT_SCAN_MAX >> 20);
  /* The same report twice (a JSON field and a script variable) is one report. */
  for (size_t i = 0; i < cands.n; i++)
    for (size_t j = i + 1; j < cands.n;) {
      gk_html_cand *x = &cands.v[j];
      if (x->len == cands.v[i].len && memcmp(x->html, cands.v[i].html, x->len) == 0) {
        free(x->html);
        free(x->title);
        free(x->organ);
        free(x->date);
        *x = cands.v[--cands.n];
      } else {
        j++;
      }
    }
  if (cands.n == 0) {
    if (cands.rejected) {
      gk_diag_add(doc, GK_SEV_WARNING, "script", NULL,
                  "a report in the page's scripts could not be used: %s", cands.why);
    }
    goto done;
  }
  /* What the page says it is: its first title-like heading and its <title>. */
  char pt_h1[512], pt_title[512], porg[256] = "";
  squeeze(s->page_h1, pt_h1, sizeof pt_h1);
  tb_trim_end(&s->page_title);
  squeeze(s->page_title.sb.p, pt_title, sizeof pt_title);
  if (!gk_html_title_organ(pt_h1, porg, sizeof porg)) gk_html_title_organ(pt_title, porg, sizeof porg);
  cf = calloc(cands.n, sizeof *cf);
  if (!cf) {
    rc = GK_ENOMEM;
    goto done;
  }
  size_t kept = 0, matching = 0;
  for (size_t i = 0; i < cands.n; i++) {
    gk_html_cand *c = &cands.v[i];
    cand_facts *f = &cf[i];
    if (c->title) squeeze(c->title, f->title, sizeof f->title);
    else {
      char t[512];
      gk_html_title_in(c->html, c->len, t, sizeof t);
      squeeze(t, f->title, sizeof f->title);
    }
    if (c->organ) squeeze(c->organ, f->organ, sizeof f->organ);
    else gk_html_title_organ(f->title, f->organ, sizeof f->organ);
    /* A report of another organ than the page's is a decoy (a related article). */
    f->decoy = *porg && *f->organ && !either_contains(porg, f->organ);
    f->match = either_contains(f->title, pt_h1) || either_contains(f->title, pt_title);
    char where[96];
    script_name(&sc->v[c->script], where, sizeof where);
    if (f->decoy) {
      char pos[32];
      snprintf(pos, sizeof pos, "line %d", sc->v[c->script].line);
      gk_diag_add(doc, GK_SEV_WARNING, "script", pos,
                  "report in %s at %s is of %s, not of this page's organ %s: not used", where,
                  c->path[0] ? c->path : "a string", f->organ, porg);
      continue;
    }
    kept++;
    if (f->match) matching++;
  }
  size_t pick = SIZE_MAX;
  for (size_t i = 0; i < cands.n; i++) {
    if (cf[i].decoy || (kept > 1 && !cf[i].match)) continue;
    if (pick == SIZE_MAX || cands.v[i].len > cands.v[pick].len) pick = i;
  }
  if (kept > 1 && matching == 0) {
    gk_diag_add(doc, GK_SEV_WARNING, "script", NULL,
                "%zu reports in the page's scripts and none is titled as the page: none taken", kept);
    goto done;
  }
  if (pick == SIZE_MAX) goto done;
  gk_html_cand *c = &cands.v[pick];
  const gk_html_script *from = &sc->v[c->script];
  char where[96], pos[32];
  script_name(from, where, sizeof where);
  snprintf(pos, sizeof pos, "line %d", from->line);
  if (kept > 1)
    gk_diag_add(doc, GK_SEV_WARNING, "script", pos,
                "%zu reports in the page's scripts: took the one at %s, titled as the page (%s)",
                kept, c->path[0] ? c->path : "a string", cf[pick].title);
  gk_diag_add(doc, GK_SEV_NOTE, "script", pos,
              "report found in %s at %s (%s; its lines are the decoded HTML's)%s%s", where,
              c->path[0] ? c->path : "a string literal",
              c->json ? "JSON, read with json-glib" : "a JavaScript string literal",
              c->date ? "; dated " : "", c->date ? c->date : "");
  rc = convert_page(doc, (const unsigned char *)c->html, c->len, 1, 0);
  if (rc) goto done;
  taken = 1;
  /* Title and organ from the sibling fields, else from the page: the normalizer
     prefers a title line of the report itself when it has one. */
  const char *title = c->title ? c->title : s->page_h1 ? s->page_h1
                       : (s->page_title.sb.p && title_like(s->page_title.sb.p, s->page_title.sb.len))
                           ? s->page_title.sb.p : NULL;
  if (title && !(doc->title = gk_arena_strdup(doc->arena, title))) rc = GK_ENOMEM;
  if (c->organ && !(doc->organ = gk_arena_strdup(doc->arena, c->organ))) rc = GK_ENOMEM;
done:
  free(cf);
  gk_html_cands_free(&cands);
  return rc ? rc : taken;
}

static void hstate_free(hstate *s) {
  ev_free(&s->ev);
  free(s->facts);
  free(s->stack);
  free(s->run.sb.p);
  free(s->para.sb.p);
  free(s->cell.sb.p);
  free(s->rowtext.sb.p);
  free(s->page_title.sb.p);
  free(s->page_h1);
  free(s->cells);
  free(s->title_cand);
}

int gk_convert_html(gk_doc *doc, const unsigned char *buf, size_t len) {
  return convert_page(doc, buf, len, 0, 0);
}

/* depth 0: the page; depth 1: report HTML decoded from the page's scripts (whose
   own scripts are not searched again). decode: read the page through the decoder
   even when the bytes outside its scripts are UTF-8. */
static int convert_page(gk_doc *doc, const unsigned char *buf, size_t len, int depth, int decode) {
  doc->format = GK_FMT_HTML;
  if (len > (size_t)INT32_MAX - 16) {
    gk_diag_add(doc, GK_SEV_ERROR, "limit", NULL, "HTML input is too large (%zu bytes)", len);
    return GK_ELIMIT;
  }
  size_t ndiags0 = doc->ndiags;
  /* Encoding: a BOM (gk_enc_decode checks it first), the page's declaration,
     then sniffing (valid UTF-8, else GB18030). */
  const char *utf8 = NULL;
  size_t ulen = 0;
  const char *used = "UTF-8";
  int rc, unchecked = 0, redo = 0;
  size_t bom = len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0;
  /* Script bodies are cut out before parsing: libxml2 need not scan megabytes of
     framework data, and the report search reads them from here. */
  gk_html_scripts scripts;
  memset(&scripts, 0, sizeof scripts);
  char *cut = NULL;
  size_t cutlen = 0;
  if (!decode && !(len >= 2 && (buf[0] == 0xFF || buf[0] == 0xFE))) {
    /* Valid UTF-8 is what gk_enc_decode would produce (it prefers valid UTF-8 over
       a GBK declaration too): parse the input in place, no copy of a big page. The
       bodies are found in the raw bytes (a `<` is never a GBK trail byte) and only
       the rest is checked here: megabytes of framework JSON are not, and what is
       taken from them is checked in from_scripts. */
    rc = gk_html_scripts_find((const char *)buf + bom, len - bom, &scripts, &cut, &cutlen);
    if (rc) {
      gk_diag_add(doc, GK_SEV_ERROR, "memory", NULL, "out of memory");
      return rc;
    }
    if (page_is_utf8(cut ? (const unsigned char *)cut : buf + bom, cut ? cutlen : len - bom)) {
      utf8 = (const char *)buf + bom;
      ulen = len - bom;
      unchecked = scripts.n > 0;
    } else {
      gk_html_scripts_free(&scripts);
      memset(&scripts, 0, sizeof scripts);
      free(cut);
      cut = NULL;
    }
  }
  if (!utf8) {
    char cs[64];
    const char *charset = declared_charset(buf, len, cs, sizeof cs) ? cs : NULL;
    if (charset && (strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "utf8") == 0) &&
        mostly_not_utf8(buf, len))
      charset = NULL;
    char *dec;
    rc = gk_enc_decode(doc, buf, len, charset, &dec, &ulen, &used);
    if (rc) return rc;
    utf8 = dec;
    rc = gk_html_scripts_find(utf8, ulen, &scripts, &cut, &cutlen);
    if (rc) {
      gk_diag_add(doc, GK_SEV_ERROR, "memory", NULL, "out of memory");
      return rc;
    }
  }

  hstate s;
  memset(&s, 0, sizeof s);
  s.doc = doc;
  s.title_tag = tag_lookup("title");
  if (cut && scripts.n) {
    /* Each body kept only its line breaks in the cut page. */
    s.cut_at = malloc(scripts.n * sizeof *s.cut_at);
    s.cut_lost = malloc(scripts.n * sizeof *s.cut_lost);
    if (s.cut_at && s.cut_lost) {
      long lost = 0;
      for (size_t i = 0; i < scripts.n; i++) {
        const gk_html_script *sc = &scripts.v[i];
        long nl = 0;
        for (const char *q = utf8 + sc->off; (q = memchr(q, '\n', (size_t)(utf8 + sc->off + sc->len - q))); q++) nl++;
        s.cut_at[i] = (long)sc->off - lost;
        s.cut_lost[i] = (long)sc->len - nl;
        lost += s.cut_lost[i];
      }
      s.ncut = scripts.n;
    } else {
      rc = GK_ENOMEM;
    }
  }
  xmlInitParser();
  if (!rc) rc = parse_page(&s, cut ? cut : utf8, cut ? cutlen : ulen);
  if (!rc && s.nfacts == 0) {
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "not an HTML page: no elements found");
    rc = GK_EFORMAT;
  }
  if (!rc && depth == 0 && scripts.n && popcount6(s.all) < 2 && s.data_tables == 0) {
    /* The body holds no report: the page may carry it as script data. */
    rc = from_scripts(doc, &s, utf8, &scripts, unchecked);
    if (rc == 1) {
      rc = GK_OK;
      goto out;
    }
    if (rc == SCRIPTS_NOT_UTF8) {
      /* Nothing of this reading has reached the doc but diagnostics. */
      doc->ndiags = ndiags0;
      redo = 1;
      rc = GK_OK;
      goto out;
    }
  }
  if (!rc) {
    /* The report body: the innermost element holding every part heading found. */
    if (popcount6(s.all) >= 3)
      for (size_t i = s.nfacts; i-- > 0;)
        if ((s.facts[i] & F_PARTS) == s.all) {
          s.container = i + 1;
          break;
        }
    replay(&s);
    rc = s.rc;
  }
  if (!rc) {
    flush_para(&s);
    if (s.row_open) commit_row(&s);
    rc = s.rc;
  }
  if (!rc && s.title_cand) emit_paragraph(&s, s.title_cand, strlen(s.title_cand), 0), rc = s.rc;
  if (!rc && s.emitted == 0) {
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "HTML page has no text");
    rc = GK_EFORMAT;
  }
  if (!rc && s.errors)
    gk_diag_add(doc, GK_SEV_NOTE, "html", NULL, "recovered from %ld HTML syntax error%s (%s)",
                s.errors, s.errors == 1 ? "" : "s", used);
  if (rc == GK_ENOMEM) gk_diag_add(doc, GK_SEV_ERROR, "memory", NULL, "out of memory");
out:
  free(s.cut_at);
  free(s.cut_lost);
  hstate_free(&s);
  gk_html_scripts_free(&scripts);
  free(cut);
  return redo ? convert_page(doc, buf, len, depth, 1) : rc;
}
