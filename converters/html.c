/* html.c: HTML converter: scraped report pages (libxml2 HTML parser, SAX) → paragraphs and grids.
 *
 * Pages come straight from government sites: site chrome around the report, layout
 * tables wrapping data tables, GBK bytes, Word-exported markup, truncated downloads.
 * The page is parsed twice with the same SAX callbacks and no DOM, so memory stays
 * proportional to the element count (two bytes each), not to a tree of nodes:
 *   pass 1 records facts per element, in document order: which part headings its
 *          text holds, whether it holds the report title, a nested <table>, or only
 *          one-cell rows;
 *   pass 2 emits the model using those facts: tables without inner tables become
 *          grids (cells in source order, spans on the cell), everything else
 *          becomes paragraphs at block boundaries, chrome is left out.
 * When at least three part headings are found, only the smallest element holding
 * all of them (the report body) is emitted, plus the last title-like line before it:
 * menus, sidebars and footers of unknown markup then never reach the sections. */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/doc.h"
#include "../core/utf8.h"
#include "../normalizer/encoding.h"
#include "convert.h"

/* Bytes scanned for a <meta> charset declaration. */
#ifndef GK_HTML_PRESCAN
#define GK_HTML_PRESCAN 8192
#endif
/* Elements in one page; past this the page is refused (bounded memory). */
#ifndef GK_HTML_MAX_ELEMENTS
#define GK_HTML_MAX_ELEMENTS 20000000u
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

static const tag_info *tag_lookup(const char *name) {
  static const tag_info other = {"", T_OTHER, 0};
  size_t lo = 0, hi = sizeof tags / sizeof tags[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcasecmp(name, tags[mid].name);
    if (c == 0) return &tags[mid];
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return &other; /* span, font, b, a, o:p, st1:chsdate …: inline */
}

/* ---- facts of pass 1, one uint16 per element ---- */

enum {
  F_PARTS = 0x3F,   /* bit p-1: the text holds part p's heading */
  F_TITLE = 0x40,   /* a title-like heading (…年度报告 in h1–h6 or a *title* element) */
  F_TABLE = 0x80,   /* holds a <table> */
  F_ONECOL = 0x100, /* (tables) no row has more than one cell: layout, not data */
};

/* Distinctive words of the six part headings (numbering and punctuation vary). */
static const char *part_words[6] = {
    "总体情况",         "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "行政诉讼情况",     "存在的主要问题",       "其他需要报告的事项",
};

/* Which part headings a short text is (a long one is prose that mentions them). */
static unsigned heading_bits(const char *s, size_t len) {
  unsigned bits = 0;
  for (int p = 0; p < 6; p++) {
    size_t wl = strlen(part_words[p]);
    if (len <= wl + 40 && memmem(s, len, part_words[p], wl)) bits |= 1u << p;
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
  char *p;
  size_t len, cap;
  int line; /* source line of the first text, 0 when empty */
  int oom;
} tbuf;

static void tb_put(tbuf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->len + n + 1 > b->cap) {
    size_t ncap = b->cap ? b->cap * 2 : 256;
    while (ncap < b->len + n + 1) ncap *= 2;
    char *np = realloc(b->p, ncap);
    if (!np) {
      b->oom = 1;
      return;
    }
    b->p = np;
    b->cap = ncap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

/* Appends text: white-space runs (NBSP and U+3000 included: layout, and a cell of
 * only &nbsp; is blank) become one space, zero-width and control characters go. */
static void tb_text(tbuf *b, const char *s, size_t n, int line) {
  size_t i = 0;
  while (i < n) {
    size_t st = i;
    uint32_t cp = gk_utf8_next(s, n, &i);
    if (gk_cp_is_space(cp) || cp < 0x20 || cp == 0x7F) {
      if (cp == 0x200B || cp == 0xFEFF) continue;
      if (b->len && b->p[b->len - 1] != ' ' && b->p[b->len - 1] != '\n') tb_put(b, " ", 1);
      continue;
    }
    if (cp == 0x200C || cp == 0x200D || cp == 0x2060 || (cp >= 0x80 && cp < 0xA0)) continue;
    if (!b->line) b->line = line;
    tb_put(b, s + st, i - st);
  }
}

static void tb_trim_end(tbuf *b) {
  while (b->len && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\n')) b->len--;
  if (b->p) b->p[b->len] = '\0';
}

/* A line break inside a cell. */
static void tb_break(tbuf *b) {
  while (b->len && b->p[b->len - 1] == ' ') b->len--;
  if (b->len && b->p[b->len - 1] != '\n') tb_put(b, "\n", 1);
  if (b->p) b->p[b->len] = '\0';
}

static void tb_reset(tbuf *b) {
  b->len = 0;
  b->line = 0;
  if (b->p) b->p[0] = '\0';
}

/* ---- parser state ---- */

enum { FR_SKIP = 1, FR_TITLECTX = 2 };

typedef struct {
  size_t ord;
  unsigned char id, kind, flags;
  unsigned bits;        /* pass 1: facts gathered from the subtree so far */
  size_t tr, table;     /* pass 1: stack index + 1 of the nearest tr / table */
  int count;            /* pass 1: cells of a tr, widest row of a table */
} frame;

typedef struct {
  size_t off, len;
  int rowspan, colspan;
} pcell;

typedef struct {
  gk_doc *doc;
  xmlParserCtxtPtr ctxt;
  int pass;
  int rc; /* first failure; the parser is stopped when set */
  long errors;

  uint16_t *facts;
  size_t nfacts, capfacts, ord;
  frame *stack;
  size_t depth, capstack;

  /* pass 1 */
  tbuf run;        /* the current text run, for heading detection */
  unsigned all;    /* union of heading bits over the page */

  /* pass 2 */
  size_t container; /* ordinal + 1 of the report body, 0 when not used */
  size_t skip_at, cont_at, table_at, cell_at, caption_at, pre_at; /* stack depth, 0 = no */
  int cont_done;
  tbuf para, cell, rowtext;
  char *title_cand; /* malloc'd: the last title-like line before the report body */
  pcell *cells;
  size_t ncells, capcells;
  int row_open, row_line, table_line, cols_warned;
  gk_block *grid;
  size_t emitted;
} hstate;

static int line_now(hstate *s) {
  return s->ctxt && s->ctxt->input ? s->ctxt->input->line : 0;
}

static void fail(hstate *s, int rc) {
  if (!s->rc) s->rc = rc;
  xmlStopParser(s->ctxt);
}

static const char *attr(const xmlChar **atts, const char *name) {
  for (size_t i = 0; atts && atts[i]; i += 2)
    if (strcasecmp((const char *)atts[i], name) == 0) return atts[i + 1] ? (const char *)atts[i + 1] : "";
  return NULL;
}

static int has_attr(const xmlChar **atts, const char *name) { return attr(atts, name) != NULL; }

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

/* Hidden by markup: the hidden attribute or an inline display:none / visibility:hidden. */
static int is_hidden(const xmlChar **atts) {
  if (has_attr(atts, "hidden")) return 1;
  const char *type = attr(atts, "type");
  if (type && strcasecmp(type, "hidden") == 0) return 1;
  const char *style = attr(atts, "style");
  if (!style) return 0;
  char st[512];
  lower_into(style, st, sizeof st, 1);
  return strstr(st, "display:none") != NULL || strstr(st, "visibility:hidden") != NULL;
}

/* Whether any token of a class/id value (split at `seps`) is one of the words. */
static int has_token(const char *v, const char *const *words, const char *seps) {
  char buf[512];
  lower_into(v, buf, sizeof buf, 0);
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
  static const char *words[] = {"foot", "dqwz", NULL};
  static const char *hidden[] = {"hidden", "hide", "d-none", "display-none", "sr-only",
                                 "visually-hidden", "invisible", "is-hidden", NULL};
  if (!v || !*v) return 0;
  char buf[512];
  lower_into(v, buf, sizeof buf, 0);
  for (int i = 0; sub[i]; i++)
    if (strstr(buf, sub[i])) return 1;
  if (has_token(v, words, " \t\r\n-_")) return 1;
  return has_token(v, hidden, " \t\r\n");
}

static int title_name(const char *v) {
  char buf[256];
  lower_into(v, buf, sizeof buf, 0);
  return v && strstr(buf, "title") != NULL;
}

static int push(hstate *s, const tag_info *ti) {
  if (s->depth == s->capstack) {
    size_t ncap = s->capstack ? s->capstack * 2 : 64;
    frame *n = realloc(s->stack, ncap * sizeof *n);
    if (!n) return GK_ENOMEM;
    s->stack = n;
    s->capstack = ncap;
  }
  frame *f = &s->stack[s->depth];
  memset(f, 0, sizeof *f);
  f->id = ti->id;
  f->kind = ti->kind;
  if (s->depth) {
    const frame *p = &s->stack[s->depth - 1];
    f->flags = p->flags;
    f->tr = p->tr;
    f->table = p->table;
  }
  s->depth++;
  return GK_OK;
}

/* ---- pass 1: facts ---- */

static void p1_flush_run(hstate *s) {
  tbuf *r = &s->run;
  tb_trim_end(r);
  if (r->len && s->depth) {
    frame *top = &s->stack[s->depth - 1];
    unsigned bits = heading_bits(r->p, r->len);
    if ((top->flags & FR_TITLECTX) && title_like(r->p, r->len)) bits |= F_TITLE;
    top->bits |= bits;
    s->all |= bits & F_PARTS;
  }
  tb_reset(r);
}

static void p1_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
  hstate *s = ((xmlParserCtxtPtr)ctx)->_private;
  if (s->rc) return;
  p1_flush_run(s);
  if (s->nfacts >= GK_HTML_MAX_ELEMENTS) {
    gk_diag_add(s->doc, GK_SEV_ERROR, "limit", NULL, "HTML page has more than %u elements",
                GK_HTML_MAX_ELEMENTS);
    fail(s, GK_ELIMIT);
    return;
  }
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
  s->facts[s->nfacts++] = 0;
  const tag_info *ti = tag_lookup((const char *)name);
  if (push(s, ti)) {
    fail(s, GK_ENOMEM);
    return;
  }
  frame *f = &s->stack[s->depth - 1];
  f->ord = s->nfacts - 1;
  if ((ti->kind & K_SKIP) || is_hidden(atts)) f->flags |= FR_SKIP;
  if ((ti->kind & K_HEAD) || title_name(attr(atts, "class")) || title_name(attr(atts, "id")))
    f->flags |= FR_TITLECTX;
  if (ti->id == T_TABLE) {
    f->table = s->depth;
    f->tr = 0;
  } else if (ti->id == T_TR) {
    f->tr = s->depth;
  } else if (ti->id == T_CELL && f->tr && !(f->flags & FR_SKIP)) {
    s->stack[f->tr - 1].count++;
  }
}

static void p1_end(void *ctx, const xmlChar *name) {
  (void)name;
  hstate *s = ((xmlParserCtxtPtr)ctx)->_private;
  if (s->rc || !s->depth) return;
  p1_flush_run(s);
  frame f = s->stack[--s->depth];
  unsigned bits = f.bits;
  if (f.id == T_TR && f.table && f.table <= s->depth) {
    frame *t = &s->stack[f.table - 1];
    if (f.count > t->count) t->count = f.count;
  }
  if (f.id == T_TABLE && f.count <= 1) bits |= F_ONECOL;
  s->facts[f.ord] = (uint16_t)bits;
  if (s->depth) {
    frame *p = &s->stack[s->depth - 1];
    p->bits |= bits & (F_PARTS | F_TITLE | F_TABLE);
    if (f.id == T_TABLE && !(f.flags & FR_SKIP)) p->bits |= F_TABLE;
  }
}

static void p1_text(void *ctx, const xmlChar *ch, int len) {
  hstate *s = ((xmlParserCtxtPtr)ctx)->_private;
  if (s->rc || !s->depth || (s->stack[s->depth - 1].flags & FR_SKIP)) return;
  /* Headings are short: a run past this is prose, whatever it holds. */
  if (s->run.len > 1024) return;
  tb_text(&s->run, (const char *)ch, (size_t)len, 1);
  if (s->run.oom) fail(s, GK_ENOMEM);
}

/* ---- pass 2: emission ---- */

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
  if (b->oom) {
    fail(s, GK_ENOMEM);
    return;
  }
  if (!b->len || chrome_text(b->p, b->len)) {
    tb_reset(b);
    return;
  }
  if (s->container && !s->cont_at) {
    /* Outside the report body only its title is wanted: the last title-like line
       before the body (after the body nothing is). */
    if (!s->cont_done && title_like(b->p, b->len)) {
      free(s->title_cand);
      s->title_cand = strdup(b->p);
      if (!s->title_cand) fail(s, GK_ENOMEM);
    }
    tb_reset(b);
    return;
  }
  if (s->title_cand) {
    /* The body's first line is a title of its own: the outer one was a link. */
    if (!title_like(b->p, b->len)) emit_paragraph(s, s->title_cand, strlen(s->title_cand), 0);
    free(s->title_cand);
    s->title_cand = NULL;
  }
  emit_paragraph(s, b->p, b->len, b->line);
  tb_reset(b);
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

static void end_cell(hstate *s) {
  tbuf *c = &s->cell;
  tb_trim_end(c);
  pcell *pc = &s->cells[s->ncells - 1];
  pc->off = s->rowtext.len;
  pc->len = c->len;
  if (c->len) tb_put(&s->rowtext, c->p, c->len);
  if (c->oom || s->rowtext.oom) fail(s, GK_ENOMEM);
  tb_reset(c);
  s->cell_at = 0;
}

static void begin_row(hstate *s) {
  s->row_open = 1;
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
  int nonempty = 0;
  size_t which = 0;
  for (size_t i = 0; i < s->ncells; i++)
    if (s->cells[i].len) {
      nonempty++;
      which = i;
    }
  if (nonempty == 0 && s->ncells == 1) return; /* an empty spacer row */
  if (nonempty == 1) {
    const char *t = s->rowtext.p + s->cells[which].off;
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
    gk_cell *c = gk_row_add_cell(s->doc, row, s->rowtext.p ? s->rowtext.p + pc->off : "", pc->len);
    if (!c) {
      if (row->ncells >= GK_MAX_COLS) {
        if (!s->cols_warned)
          gk_diag_add(s->doc, GK_SEV_WARNING, "limit",
                      gk_arena_printf(s->doc->arena, "table %d:row %zu", s->grid->index,
                                      s->grid->nrows),
                      "row has more than %d cells; the rest were dropped", GK_MAX_COLS);
        s->cols_warned = 1;
        break;
      }
      fail(s, GK_ENOMEM);
      return;
    }
    c->rowspan = pc->rowspan;
    c->colspan = pc->colspan;
  }
}

static void begin_cell(hstate *s, const xmlChar **atts) {
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
  pc->rowspan = parse_span(attr(atts, "rowspan"), GK_MAX_ROWS);
  pc->colspan = parse_span(attr(atts, "colspan"), GK_MAX_COLS);
  s->cell_at = s->depth;
  tb_reset(&s->cell);
}

static void p2_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
  hstate *s = ((xmlParserCtxtPtr)ctx)->_private;
  if (s->rc) return;
  size_t ord = s->ord++;
  unsigned f = ord < s->nfacts ? s->facts[ord] : 0;
  const tag_info *ti = tag_lookup((const char *)name);
  if (push(s, ti)) {
    fail(s, GK_ENOMEM);
    return;
  }
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
               ((ti->kind & K_CHROME) || chrome_name(attr(atts, "class")) ||
                chrome_name(attr(atts, "id")));
  if ((ti->kind & K_SKIP) || is_hidden(atts) || (chrome && !protected_facts(f))) {
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
      case T_CELL: begin_cell(s, atts); break;
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
    s->grid = NULL;
    s->row_open = 0;
    s->cols_warned = 0;
  }
}

static void p2_end(void *ctx, const xmlChar *name) {
  (void)name;
  hstate *s = ((xmlParserCtxtPtr)ctx)->_private;
  if (s->rc || !s->depth) return;
  size_t d = s->depth;
  frame f = s->stack[--s->depth];
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
    } else if (f.id == T_TR) {
      if (s->row_open) commit_row(s);
    } else if (d == s->table_at) {
      if (s->row_open) commit_row(s);
      s->table_at = 0;
      s->grid = NULL;
    } else if (s->cell_at && ((f.kind & K_BLOCK) || f.id == T_BR)) {
      tb_break(&s->cell);
    }
  } else if (f.kind & K_BLOCK) {
    flush_para(s);
  }
  if (d == s->cont_at) {
    flush_para(s);
    s->cont_at = 0;
    s->cont_done = 1;
  }
}

static void p2_text(void *ctx, const xmlChar *ch, int len) {
  hstate *s = ((xmlParserCtxtPtr)ctx)->_private;
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
  const char *t = (const char *)ch;
  size_t n = (size_t)len;
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
  if (b->oom) fail(s, GK_ENOMEM);
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

static int run_pass(hstate *s, const char *utf8, size_t len, int pass) {
  xmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) return GK_ENOMEM;
  /* The context owns its SAX block: fill it in place. */
  xmlSAXHandler *sax = ctxt->sax;
  memset(sax, 0, sizeof *sax);
  sax->initialized = XML_SAX2_MAGIC; /* so that serror receives every error */
  sax->serror = count_error;
  sax->startElement = pass == 1 ? p1_start : p2_start;
  sax->endElement = pass == 1 ? p1_end : p2_end;
  sax->characters = pass == 1 ? p1_text : p2_text;
  sax->ignorableWhitespace = sax->characters;
  sax->cdataBlock = ignore_cdata; /* script and style bodies */
  ctxt->_private = s;
  s->ctxt = ctxt;
  s->pass = pass;
  s->depth = 0;
  s->ord = 0;
  s->errors = 0;
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

int gk_convert_html(gk_doc *doc, const unsigned char *buf, size_t len) {
  doc->format = GK_FMT_HTML;
  if (len > (size_t)INT32_MAX - 16) {
    gk_diag_add(doc, GK_SEV_ERROR, "limit", NULL, "HTML input is too large (%zu bytes)", len);
    return GK_ELIMIT;
  }
  /* Encoding: a BOM (gk_norm_decode checks it first), the page's declaration,
     then sniffing (valid UTF-8, else GB18030). */
  char cs[64];
  const char *charset = declared_charset(buf, len, cs, sizeof cs) ? cs : NULL;
  if (charset && (strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "utf8") == 0) &&
      mostly_not_utf8(buf, len))
    charset = NULL;
  const char *utf8;
  size_t ulen;
  const char *used = "UTF-8";
  int rc;
  size_t bom = len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0;
  if (!(len >= 2 && (buf[0] == 0xFF || buf[0] == 0xFE)) &&
      gk_utf8_valid((const char *)buf + bom, len - bom)) {
    /* Valid UTF-8 is what gk_norm_decode would produce (it prefers valid UTF-8 over
       a GBK declaration too): parse the input in place, no copy of a big page. */
    utf8 = (const char *)buf + bom;
    ulen = len - bom;
  } else {
    char *dec;
    rc = gk_norm_decode(doc, buf, len, charset, &dec, &ulen, &used);
    if (rc) return rc;
    utf8 = dec;
  }

  hstate s;
  memset(&s, 0, sizeof s);
  s.doc = doc;
  xmlInitParser();
  rc = run_pass(&s, utf8, ulen, 1);
  if (!rc && s.nfacts == 0) {
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "not an HTML page: no elements found");
    rc = GK_EFORMAT;
  }
  if (!rc) {
    /* The report body: the innermost element holding every part heading found. */
    if (popcount6(s.all) >= 3)
      for (size_t i = s.nfacts; i-- > 0;)
        if ((s.facts[i] & F_PARTS) == s.all) {
          s.container = i + 1;
          break;
        }
    long errors1 = s.errors;
    rc = run_pass(&s, utf8, ulen, 2);
    s.errors = errors1;
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

  free(s.facts);
  free(s.stack);
  free(s.run.p);
  free(s.para.p);
  free(s.cell.p);
  free(s.rowtext.p);
  free(s.cells);
  free(s.title_cand);
  return rc;
}
