/* docx.c: DOCX converter: libzip (from memory) + libxml2 SAX2 → paragraphs and raw grids.
 *
 * The container is checked before anything is inflated: entry count, each entry's
 * declared size, the total, and the compression ratio, all from the central
 * directory; and while inflating, bytes are counted against the declared size, so a
 * lying directory cannot make us inflate more than the limits allow.
 *
 * XML parts are parsed by libxml2 through SAX2 into a compact tree of what the converter
 * reads (no libxml2 DOM), without network access and without entity substitution; a
 * part with a DOCTYPE is refused outright (WordprocessingML never has one), which
 * shuts out external entities and entity-expansion bombs before they are declared.
 *
 * Reading order follows the document body: each paragraph is a paragraph block (split
 * at line breaks, so a heading and its text on one Word paragraph are two blocks),
 * each data table a grid, text boxes after the paragraph that anchors them. Tables
 * that only frame other content (a single cell, or cells holding tables) are
 * unwrapped, so headings inside them stay paragraphs and inner tables stay grids.
 * Auto-numbering (一、 （一） 1.) is rebuilt from numbering.xml and prefixed to the
 * paragraph text, as the reader sees it. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "../core/doc.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"
#include "convert.h"

/* Container limits; a zip bomb is refused before inflating. */
#ifndef GK_DOCX_MAX_ENTRIES
#define GK_DOCX_MAX_ENTRIES 10000
#endif
#ifndef GK_DOCX_MAX_ENTRY_BYTES
#define GK_DOCX_MAX_ENTRY_BYTES (64u << 20)
#endif
#ifndef GK_MAX_UNZIPPED_BYTES
#define GK_MAX_UNZIPPED_BYTES (512u << 20)
#endif
/* Deflate of real XML rarely passes 60:1 (WPS markup is repetitive); runs of zeros reach 1000:1. */
#ifndef GK_DOCX_MAX_RATIO
#define GK_DOCX_MAX_RATIO 200
#endif
/* Entries this small are not checked for ratio: a tiny part can compress well. */
#define RATIO_MIN_BYTES (1u << 20)
#ifndef GK_MAX_NESTING
#define GK_MAX_NESTING 32 /* tables within tables, text boxes within text boxes */
#endif
#define MAX_DEPTH 256 /* element recursion; libxml2 refuses deeper documents anyway */
#define MAX_FIELDS 64
#define NUM_LEVELS 9

static const char *const W_NS[] = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main", NULL};
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define M_NS "http://schemas.openxmlformats.org/officeDocument/2006/math"

/* ---------- growable byte buffer (core/strbuf.h) ---------- */

typedef struct {
  gk_strbuf sb;
  int lines; /* paragraphs appended (cell text) */
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n) { gk_strbuf_add(&b->sb, s, n); }
static void sb_str(sbuf *b, const char *s) { gk_strbuf_add_str(&b->sb, s); }
static void sb_cp(sbuf *b, unsigned cp) { gk_strbuf_add_cp(&b->sb, cp); }

/* ---------- a compact tree of the XML parts ----------
 *
 * libxml2 parses each part through SAX2 callbacks that build this tree instead of a
 * libxml2 DOM: building and freeing the DOM cost most of the conversion time. Only
 * what the converter reads is kept: every element (its namespace as a class and its
 * local name as an id, so matching is an integer compare), the few attributes read
 * (values decoded, NUL-terminated), and the text inside w:t and m:t. Element order,
 * nesting and text chunks are as in the DOM, so the walk below sees the same document. */

/* The local names the converter reads (elements and attributes). */
#define NAMES(X)                                                                               \
  X(document) X(body) X(p) X(tbl) X(tr) X(tc) X(sdt) X(sdtContent) X(customXml) X(ins)         \
  X(moveTo) X(altChunk) X(r) X(del) X(moveFrom) X(pPr) X(rPr) X(instrText) X(delText) X(t)     \
  X(fldChar) X(tab) X(ptab) X(br) X(cr) X(noBreakHyphen) X(sym) X(drawing) X(pict) X(object)   \
  X(ruby) X(rubyBase) X(txbxContent) X(vanish) X(numPr) X(numId) X(ilvl) X(pStyle) X(trPr)     \
  X(gridBefore) X(tcPr) X(cellDel) X(gridSpan) X(vMerge) X(hMerge) X(abstractNum) X(num)       \
  X(lvl) X(lvlOverride) X(startOverride) X(abstractNumId) X(start) X(numFmt) X(lvlText)        \
  X(suff) X(lvlRestart) X(isLgl) X(style) X(basedOn) X(AlternateContent) X(Choice)             \
  X(Fallback) X(Relationship) X(val) X(fldCharType) X(char) X(font) X(type) X(styleId)         \
  X(default) X(Type) X(Target) X(Id) X(TargetMode)

#define NAME_ENUM(n) N_##n,
#define NAME_STR(n) #n,
enum { N_OTHER, NAMES(NAME_ENUM) N_COUNT };
static const char *const NAME_OF[] = {"", NAMES(NAME_STR)};

/* Namespace classes; NS_TEXT marks a text node. */
enum { NS_NONE, NS_W, NS_MC, NS_M, NS_OTHER, NS_TEXT };

typedef struct {
  const char *val; /* NUL-terminated, after the parse */
  size_t off;      /* while parsing: offset in the string pool */
  unsigned short id;
  unsigned char ns;
} xattr;

typedef struct xnode xnode;
struct xnode {
  xnode *children, *next; /* set when the parse is over */
  const char *text;       /* a text node's characters (len bytes, not NUL-terminated) */
  const xattr *attrs;
  size_t len, off;        /* text: length, and offset in the pool while parsing */
  unsigned attr0, nattr;
  int parent, first, last, sibling; /* indexes while parsing, -1 for none */
  unsigned short id;      /* N_* for elements */
  unsigned char ns;       /* NS_* */
};

typedef struct {
  xnode *v;
  size_t n, cap;
  xattr *a;
  size_t na, acap;
  char *pool;
  size_t plen, pcap;
  int root;         /* index of the root element, or -1 */
  size_t root_name; /* pool offset of the root's name, for messages */
} xtree;

#define NAME_SLOTS 1024 /* a power of two */

typedef struct {
  xtree *t;
  int cur; /* the open element, or -1 */
  int doctype, oom;
  /* Names and namespace URIs come from the parser's dictionary, so one pointer is one
     string for the whole parse: they are looked up once per pointer. */
  struct {
    const xmlChar *key;
    int id;
  } names[NAME_SLOTS];
  size_t nnames;
  struct {
    const xmlChar *key;
    int ns;
  } uris[8];
  int nuris;
} xbuild;

static void tree_free(xtree *t) {
  free(t->v);
  free(t->a);
  free(t->pool);
  memset(t, 0, sizeof *t);
  t->root = -1;
}

/* Grows *p (cap elements of `size`) to hold `need`; 0 when out of memory. */
static int grow(void *pp, size_t *cap, size_t need, size_t size) {
  void **p = pp;
  if (need <= *cap) return 1;
  size_t n = *cap ? *cap : 64;
  while (n < need) {
    if (n > SIZE_MAX / 2 / size) return 0;
    n *= 2;
  }
  void *q = realloc(*p, n * size);
  if (!q) return 0;
  *p = q;
  *cap = n;
  return 1;
}

static void build_oom(xmlParserCtxtPtr ctxt, xbuild *b) {
  b->oom = 1;
  xmlStopParser(ctxt);
}

/* Appends s[0..n) to the pool; returns its offset, or (size_t)-1 when out of memory. */
static size_t pool_add(xtree *t, const char *s, size_t n) {
  if (!grow(&t->pool, &t->pcap, t->plen + n + 1, 1)) return (size_t)-1;
  size_t off = t->plen;
  memcpy(t->pool + off, s, n);
  t->plen += n;
  return off;
}

static int name_id(xbuild *b, const xmlChar *s) {
  size_t h = (size_t)(((uintptr_t)s >> 3) * 2654435761u) & (NAME_SLOTS - 1);
  for (size_t i = 0; i < NAME_SLOTS; i++, h = (h + 1) & (NAME_SLOTS - 1)) {
    if (b->names[h].key == s) return b->names[h].id;
    if (!b->names[h].key) break;
  }
  int id = N_OTHER;
  for (int k = 1; k < N_COUNT; k++)
    if (strcmp((const char *)s, NAME_OF[k]) == 0) {
      id = k;
      break;
    }
  /* Keep the table at most three quarters full, so a probe always ends. */
  if (b->nnames < NAME_SLOTS * 3 / 4 && !b->names[h].key) {
    b->names[h].key = s;
    b->names[h].id = id;
    b->nnames++;
  }
  return id;
}

static int ns_class(xbuild *b, const xmlChar *uri) {
  if (!uri) return NS_NONE;
  for (int i = 0; i < b->nuris; i++)
    if (b->uris[i].key == uri) return b->uris[i].ns;
  int ns = NS_OTHER;
  for (int i = 0; W_NS[i]; i++)
    if (strcmp((const char *)uri, W_NS[i]) == 0) ns = NS_W;
  if (strcmp((const char *)uri, MC_NS) == 0) ns = NS_MC;
  if (strcmp((const char *)uri, M_NS) == 0) ns = NS_M;
  if (b->nuris < 8) {
    b->uris[b->nuris].key = uri;
    b->uris[b->nuris++].ns = ns;
  }
  return ns;
}

/* Copies an attribute value into the pool, NUL-terminated. Without entity substitution
 * libxml2 hands an '&' over as "&#38;" (the DOM decodes it again); decode references. */
static size_t add_value(xtree *t, const xmlChar *v, const xmlChar *end) {
  size_t n = (size_t)(end - v);
  if (!memchr(v, '&', n)) {
    size_t off = pool_add(t, (const char *)v, n);
    if (off != (size_t)-1) t->pool[t->plen++] = '\0';
    return off;
  }
  if (!grow(&t->pool, &t->pcap, t->plen + n + 1, 1)) return (size_t)-1;
  size_t off = t->plen;
  char *o = t->pool + off;
  for (const xmlChar *p = v; p < end;) {
    const xmlChar *semi = *p == '&' ? memchr(p, ';', (size_t)(end - p)) : NULL;
    unsigned long cp = 0;
    int ok = 0;
    if (semi && p[1] == '#') {
      char *e;
      int hex = p[2] == 'x';
      cp = strtoul((const char *)p + 2 + hex, &e, hex ? 16 : 10);
      ok = e == (const char *)semi && semi > p + 2 + hex && cp > 0 && cp < 0x110000;
    } else if (semi) {
      static const struct {
        const char *name;
        char ch;
      } pre[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
      for (size_t k = 0; k < 5 && !ok; k++)
        if ((size_t)(semi - p - 1) == strlen(pre[k].name) &&
            memcmp(p + 1, pre[k].name, (size_t)(semi - p - 1)) == 0) {
          cp = (unsigned char)pre[k].ch;
          ok = 1;
        }
    }
    if (!ok) {
      *o++ = (char)*p++;
      continue;
    }
    /* A reference is never shorter than its UTF-8 (&#38; is 5 bytes for 1). */
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    if (cp <= 0x10FFFF) o += gk_utf8_put((uint32_t)cp, o);
    p = semi + 1;
  }
  *o++ = '\0';
  t->plen = (size_t)(o - t->pool);
  return off;
}

/* SAX2: an element starts. */
static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **nss, int nattr, int ndefaulted,
                     const xmlChar **attrs) {
  (void)nns;
  (void)nss;
  (void)ndefaulted;
  xmlParserCtxtPtr ctxt = ctx;
  xbuild *b = ctxt->_private;
  xtree *t = b->t;
  if (b->oom) return;
  if (!grow(&t->v, &t->cap, t->n + 1, sizeof *t->v)) return build_oom(ctxt, b);
  int i = (int)t->n;
  xnode *n = &t->v[t->n++];
  memset(n, 0, sizeof *n);
  n->ns = (unsigned char)ns_class(b, uri);
  /* An undeclared prefix: the DOM names the element "prefix:local", which is none of ours. */
  n->id = (unsigned short)(prefix && !uri ? N_OTHER : name_id(b, local));
  n->parent = b->cur;
  n->first = n->last = n->sibling = -1;
  n->attr0 = (unsigned)t->na;
  if (b->cur >= 0) {
    xnode *p = &t->v[b->cur];
    if (p->last >= 0) t->v[p->last].sibling = i;
    else p->first = i;
    p->last = i;
  } else if (t->root < 0) {
    t->root = i;
    t->root_name = t->plen;
    if ((prefix && !uri &&
         (pool_add(t, (const char *)prefix, strlen((const char *)prefix)) == (size_t)-1 ||
          pool_add(t, ":", 1) == (size_t)-1)) ||
        pool_add(t, (const char *)local, strlen((const char *)local)) == (size_t)-1)
      return build_oom(ctxt, b);
    t->pool[t->plen++] = '\0';
  }
  b->cur = i;
  /* Attributes come as (local, prefix, URI, value, end); keep the ones read, in order,
     with no namespace or a W one (the others never match, as in the DOM). Only
     elements we know by name have attributes read. */
  for (int k = 0; k < nattr && t->v[i].id != N_OTHER; k++) {
    const xmlChar **a = attrs + 5 * k;
    if (a[1] && !a[2]) continue; /* undeclared prefix: "p:name" in the DOM */
    int ns = ns_class(b, a[2]);
    if (ns != NS_NONE && ns != NS_W) continue;
    int id = name_id(b, a[0]);
    if (id == N_OTHER) continue;
    if (!grow(&t->a, &t->acap, t->na + 1, sizeof *t->a)) return build_oom(ctxt, b);
    size_t off = add_value(t, a[3], a[4]);
    if (off == (size_t)-1) return build_oom(ctxt, b);
    xattr *x = &t->a[t->na++];
    x->off = off;
    x->id = (unsigned short)id;
    x->ns = (unsigned char)ns;
    t->v[i].nattr++;
  }
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
  (void)local;
  (void)prefix;
  (void)uri;
  xmlParserCtxtPtr ctxt = ctx;
  xbuild *b = ctxt->_private;
  if (b->oom || b->cur < 0) return;
  b->cur = b->t->v[b->cur].parent;
}

/* Text (and CDATA) inside w:t or m:t; text anywhere else is not displayed. A chunk that
 * follows the previous one in the pool extends it. */
static void on_text(void *ctx, const xmlChar *s, int len) {
  xmlParserCtxtPtr ctxt = ctx;
  xbuild *b = ctxt->_private;
  xtree *t = b->t;
  if (b->oom || b->cur < 0 || len <= 0) return;
  xnode *p = &t->v[b->cur];
  if (p->id != N_t || (p->ns != NS_W && p->ns != NS_M)) return;
  if (p->last >= 0) {
    xnode *l = &t->v[p->last];
    if (l->ns == NS_TEXT && l->off + l->len == t->plen) {
      if (pool_add(t, (const char *)s, (size_t)len) == (size_t)-1) return build_oom(ctxt, b);
      l->len += (size_t)len;
      return;
    }
  }
  if (!grow(&t->v, &t->cap, t->n + 1, sizeof *t->v)) return build_oom(ctxt, b);
  size_t off = pool_add(t, (const char *)s, (size_t)len);
  if (off == (size_t)-1) return build_oom(ctxt, b);
  int i = (int)t->n;
  xnode *n = &t->v[t->n++];
  memset(n, 0, sizeof *n);
  n->ns = NS_TEXT;
  n->off = off;
  n->len = (size_t)len;
  n->parent = b->cur;
  n->first = n->last = n->sibling = -1;
  p = &t->v[b->cur];
  if (p->last >= 0) t->v[p->last].sibling = i;
  else p->first = i;
  p->last = i;
}

/* A DOCTYPE in a part: stop at once (no entity can be declared, let alone expanded). */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys) {
  (void)name;
  (void)ext;
  (void)sys;
  xmlParserCtxtPtr ctxt = ctx;
  ((xbuild *)ctxt->_private)->doctype = 1;
  xmlStopParser(ctxt);
}

/* Indexes to pointers, once the arrays stop moving. */
static void tree_finish(xtree *t) {
  for (size_t i = 0; i < t->n; i++) {
    xnode *n = &t->v[i];
    n->children = n->first >= 0 ? &t->v[n->first] : NULL;
    n->next = n->sibling >= 0 ? &t->v[n->sibling] : NULL;
    n->attrs = n->nattr ? &t->a[n->attr0] : NULL;
    n->text = n->ns == NS_TEXT ? t->pool + n->off : NULL;
  }
  for (size_t i = 0; i < t->na; i++) t->a[i].val = t->pool + t->a[i].off;
}

static const xnode *tree_root(const xtree *t) { return t->root >= 0 ? &t->v[t->root] : NULL; }

/* ---------- XML helpers ---------- */

static int is_el(const xnode *n) { return n->ns != NS_TEXT; }

/* Whether n is the WordprocessingML element `id` (transitional or strict). */
static int is_w(const xnode *n, int id) { return n && n->ns == NS_W && n->id == id; }

static int is_mc(const xnode *n, int id) { return n && n->ns == NS_MC && n->id == id; }

static int is_m(const xnode *n, int id) { return n && n->ns == NS_M && n->id == id; }

static xnode *w_child(const xnode *n, int id) {
  for (xnode *c = n ? n->children : NULL; c; c = c->next)
    if (is_w(c, id)) return c;
  return NULL;
}

/* An attribute's value by local name, with no namespace (or a W one when `w`); NULL when absent. */
static const char *attr_in(const xnode *n, int id, int w) {
  if (!n) return NULL;
  for (unsigned i = 0; i < n->nattr; i++) {
    const xattr *a = &n->attrs[i];
    if (a->id == id && (a->ns == NS_NONE || w)) return a->val;
  }
  return NULL;
}

static const char *w_attr(const xnode *n, int id) { return attr_in(n, id, 1); }

static const char *w_val(const xnode *n) { return w_attr(n, N_val); }

static int w_int(const xnode *n, int id, int dflt) {
  const char *v = w_attr(n, id);
  if (!v || !*v) return dflt;
  char *end;
  long x = strtol(v, &end, 10);
  if (end == v) return dflt;
  if (x < -1000000) x = -1000000;
  if (x > 1000000) x = 1000000;
  return (int)x;
}

/* An on/off property: present and not val="false"/"0"/"off". */
static int w_on(const xnode *n) {
  if (!n) return 0;
  const char *v = w_val(n);
  return !v || !(strcmp(v, "false") == 0 || strcmp(v, "0") == 0 || strcmp(v, "off") == 0);
}

static void add_text_children(sbuf *b, const xnode *n) {
  for (xnode *c = n->children; c; c = c->next)
    if (c->ns == NS_TEXT) sb_add(b, c->text, c->len);
}

/* ---------- the converter's state ---------- */

typedef struct {
  int start, fmt, suff, restart, islgl, has;
  char text[64];
  char pstyle[64];
} lvl_def;

typedef struct {
  int id;
  lvl_def lv[NUM_LEVELS];
  int cnt[NUM_LEVELS], set[NUM_LEVELS];
} abs_num;

typedef struct {
  int id, abs; /* abs: index into abstracts, or -1 */
  int has_start[NUM_LEVELS], start[NUM_LEVELS];
  int has_lvl[NUM_LEVELS];
  lvl_def lv[NUM_LEVELS];
  int used;
} num_inst;

typedef struct {
  char id[64], based_on[64];
  int num_id, ilvl; /* -1 when not set */
  int is_default;
} pstyle;

enum { F_DECIMAL, F_NONE, F_BULLET, F_CN, F_CN_LEGAL, F_CN_LEGAL_TRAD, F_UPPER_LETTER,
       F_LOWER_LETTER, F_UPPER_ROMAN, F_LOWER_ROMAN, F_DECIMAL_ZERO, F_DECIMAL_FULL,
       F_CIRCLE, F_PAREN_ENCLOSED, F_FULLSTOP_ENCLOSED, F_TIANGAN, F_DIZHI };

enum { SUFF_TAB, SUFF_SPACE, SUFF_NOTHING };

typedef struct {
  gk_doc *doc;
  zip_t *za;
  abs_num *abs;
  size_t nabs;
  num_inst *nums;
  size_t nnums;
  pstyle *styles;
  size_t nstyles;
  int fields[MAX_FIELDS]; /* per open field: 1 while in its instruction part */
  int nfields, field_overflow;
  int paras;    /* w:p elements so far: the "line" of a paragraph block (its ordinal) */
  int nesting;  /* tables and text boxes in progress */
  int rc;       /* first fatal status */
  int warned_cols, warned_nesting, warned_chunk;
} conv;

static int fail(conv *c, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(conv *c, int rc, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  gk_diag_add(c->doc, GK_SEV_ERROR, rc == GK_ELIMIT ? "limit" : "format", NULL, "%s", msg);
  if (!c->rc) c->rc = rc;
  return rc;
}

static int oom(conv *c) {
  if (!c->rc) c->rc = GK_ENOMEM;
  return GK_ENOMEM;
}

/* ---------- the container ---------- */

static double mib(zip_uint64_t n) { return (double)n / (1024.0 * 1024.0); }

/* Refuses a zip bomb from its central directory, before anything is inflated. */
static int check_directory(conv *c) {
  zip_int64_t n = zip_get_num_entries(c->za, 0);
  if (n < 0) return fail(c, GK_EFORMAT, "not a DOCX file: the ZIP directory cannot be read");
  if (n > GK_DOCX_MAX_ENTRIES)
    return fail(c, GK_ELIMIT, "refused: the ZIP has %lld entries (limit %d): not a report, perhaps a zip bomb",
                (long long)n, GK_DOCX_MAX_ENTRIES);
  zip_uint64_t total = 0;
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t st;
    if (zip_stat_index(c->za, (zip_uint64_t)i, 0, &st) != 0)
      return fail(c, GK_EFORMAT, "not a DOCX file: ZIP entry %lld cannot be read", (long long)i);
    if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) continue;
    const char *name = (st.valid & ZIP_STAT_NAME) && st.name ? st.name : "?";
    if (st.size > GK_DOCX_MAX_ENTRY_BYTES)
      return fail(c, GK_ELIMIT,
                  "refused: ZIP entry \"%.80s\" would inflate to %.0f MiB (limit %u MiB per entry): a zip bomb or not a report",
                  name, mib(st.size), GK_DOCX_MAX_ENTRY_BYTES >> 20);
    if (st.size > RATIO_MIN_BYTES && st.size / (st.comp_size ? st.comp_size : 1) > GK_DOCX_MAX_RATIO)
      return fail(c, GK_ELIMIT,
                  "refused: ZIP entry \"%.80s\" has a compression ratio of %llu:1 (limit %d:1): a zip bomb",
                  name, (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)),
                  GK_DOCX_MAX_RATIO);
    total += st.size;
    if (total > GK_MAX_UNZIPPED_BYTES)
      return fail(c, GK_ELIMIT,
                  "refused: the ZIP entries would inflate to more than %u MiB in all: a zip bomb or not a report",
                  GK_MAX_UNZIPPED_BYTES >> 20);
  }
  return GK_OK;
}

/* Finds a part by name (OPC part names are case-insensitive). Returns the index or -1. */
static zip_int64_t find_part(conv *c, const char *name) {
  if (name[0] == '/') name++;
  return zip_name_locate(c->za, name, ZIP_FL_NOCASE);
}

/* Inflates one entry into a malloc'd, NUL-terminated buffer, counting the bytes: an
 * entry that inflates past its declared size is refused, whatever the directory says. */
static int read_part(conv *c, zip_int64_t idx, char **out, size_t *outlen) {
  *out = NULL;
  *outlen = 0;
  zip_stat_t st;
  if (zip_stat_index(c->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return fail(c, GK_EFORMAT, "not a DOCX file: ZIP entry %lld has no size", (long long)idx);
  const char *name = (st.valid & ZIP_STAT_NAME) && st.name ? st.name : "?";
  if (st.size > GK_DOCX_MAX_ENTRY_BYTES)
    return fail(c, GK_ELIMIT, "refused: ZIP entry \"%.80s\" is too large", name);
  size_t cap = (size_t)st.size + 1; /* one spare byte to notice an overlong entry */
  char *buf = malloc(cap + 1);
  if (!buf) return oom(c);
  zip_file_t *zf = zip_fopen_index(c->za, (zip_uint64_t)idx, 0);
  if (!zf) {
    free(buf);
    return fail(c, GK_EFORMAT, "not a DOCX file: ZIP entry \"%.80s\" cannot be opened: %s", name,
                zip_error_strerror(zip_get_error(c->za)));
  }
  size_t got = 0;
  for (;;) {
    zip_int64_t r = zip_fread(zf, buf + got, cap - got);
    if (r < 0) {
      char why[160];
      snprintf(why, sizeof why, "%s", zip_error_strerror(zip_file_get_error(zf)));
      zip_fclose(zf);
      free(buf);
      return fail(c, GK_EFORMAT, "not a DOCX file: ZIP entry \"%.80s\" is damaged: %s", name, why);
    }
    if (r == 0) break;
    got += (size_t)r;
    if (got > st.size) {
      zip_fclose(zf);
      free(buf);
      return fail(c, GK_ELIMIT,
                  "refused: ZIP entry \"%.80s\" inflates past its declared %llu bytes: a zip bomb or a damaged file",
                  name, (unsigned long long)st.size);
    }
  }
  zip_fclose(zf);
  if (got != st.size) {
    free(buf);
    return fail(c, GK_EFORMAT, "not a DOCX file: ZIP entry \"%.80s\" is truncated (%zu of %llu bytes)",
                name, got, (unsigned long long)st.size);
  }
  buf[got] = '\0';
  *out = buf;
  *outlen = got;
  return GK_OK;
}

/* Parses a part into `t` without network and without entities: GK_OK, or a status
 * after an error diagnostic. */
static int parse_part(conv *c, const char *name, const char *buf, size_t len, xtree *t) {
  memset(t, 0, sizeof *t);
  t->root = -1;
  if (len > INT_MAX) return fail(c, GK_ELIMIT, "refused: %s is too large", name);
  xbuild *b = calloc(1, sizeof *b);
  xmlParserCtxtPtr ctxt = b ? xmlNewParserCtxt() : NULL;
  if (!ctxt) {
    free(b);
    return oom(c);
  }
  b->t = t;
  b->cur = -1;
  /* Our callbacks replace the DOM builder's; the rest stay NULL (no entity lookups, no
     DTD handling: a DOCTYPE stops the parse). */
  xmlSAXHandler *sax = ctxt->sax;
  memset(sax, 0, sizeof *sax);
  sax->initialized = XML_SAX2_MAGIC;
  sax->startElementNs = on_start;
  sax->endElementNs = on_end;
  sax->characters = on_text;
  sax->ignorableWhitespace = on_text;
  sax->cdataBlock = on_text;
  sax->internalSubset = on_doctype;
  ctxt->_private = b;
  xmlDoc *d = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (d) xmlFreeDoc(d); /* never built: no startDocument callback */
  int rc = GK_OK;
  if (b->doctype) {
    rc = fail(c, GK_EFORMAT,
              "not a DOCX file: %s has a DOCTYPE (refused: DOCX parts have none, and DTDs can hide entity attacks)",
              name);
  } else if (b->oom) {
    rc = oom(c);
  } else if (!ctxt->wellFormed || t->root < 0) {
    xmlError *e = xmlCtxtGetLastError(ctxt);
    char why[200] = "not well-formed";
    if (e && e->message) {
      snprintf(why, sizeof why, "line %d: %s", e->line, e->message);
      size_t l = strlen(why);
      while (l && (why[l - 1] == '\n' || why[l - 1] == ' ')) why[--l] = '\0';
    }
    rc = fail(c, GK_EFORMAT, "not a DOCX file: %s is not well-formed XML (%s)", name, why);
  }
  xmlFreeParserCtxt(ctxt);
  free(b);
  if (rc) {
    tree_free(t);
    return rc;
  }
  tree_finish(t);
  return GK_OK;
}

/* Inflates and parses a part into `t`. Returns 1 when it is there, else 0 (with c->rc
 * set when it is required or damaged). */
static int load_part(conv *c, const char *name, int required, xtree *t) {
  memset(t, 0, sizeof *t);
  t->root = -1;
  zip_int64_t idx = find_part(c, name);
  if (idx < 0) {
    if (required) fail(c, GK_EFORMAT, "not a DOCX file: %s is missing", name);
    return 0;
  }
  char *buf;
  size_t len;
  if (read_part(c, idx, &buf, &len)) return 0;
  int rc = parse_part(c, name[0] == '/' ? name + 1 : name, buf, len, t);
  free(buf);
  return rc == GK_OK;
}

/* Resolves a relationship target against the directory of `base` ("word/document.xml"). */
static void resolve_target(const char *base, const char *target, char *out, size_t cap) {
  char path[512];
  if (target[0] == '/') {
    snprintf(path, sizeof path, "%s", target + 1);
  } else {
    const char *slash = strrchr(base, '/');
    int dl = slash ? (int)(slash - base + 1) : 0;
    snprintf(path, sizeof path, "%.*s%s", dl, base, target);
  }
  /* Fold "dir/../" and "./" segments. */
  char *seg[64];
  int nseg = 0;
  for (char *tok = strtok(path, "/"); tok && nseg < 64; tok = strtok(NULL, "/")) {
    if (strcmp(tok, ".") == 0) continue;
    if (strcmp(tok, "..") == 0) {
      if (nseg) nseg--;
      continue;
    }
    seg[nseg++] = tok;
  }
  size_t o = 0;
  out[0] = '\0';
  for (int i = 0; i < nseg && o + 1 < cap; i++) {
    int w = snprintf(out + o, cap - o, "%s%s", i ? "/" : "", seg[i]);
    if (w < 0) break;
    o += (size_t)w;
  }
}

/* Looks up the target of the first relationship of `type` (its last path segment, e.g.
 * "officeDocument") in the loaded rels part `rels` of part `base`. */
static int rel_target(const xtree *rels, const char *base, const char *type, char *out,
                      size_t cap) {
  const xnode *root = tree_root(rels);
  for (const xnode *n = root ? root->children : NULL; n; n = n->next) {
    if (!is_el(n) || n->id != N_Relationship) continue;
    const char *t = attr_in(n, N_Type, 0), *target = attr_in(n, N_Target, 0);
    const char *mode = attr_in(n, N_TargetMode, 0);
    if (!t || !target || (mode && strcmp(mode, "External") == 0)) continue;
    const char *last = strrchr(t, '/');
    if (!(last && strcmp(last + 1, type) == 0)) continue;
    resolve_target(base, target, out, cap);
    return 1;
  }
  return 0;
}

/* Says what a ZIP that is not a DOCX is, and how to get a DOCX from it. */
static int not_docx(conv *c) {
  zip_int64_t idx = find_part(c, "mimetype");
  if (idx >= 0) {
    char *buf;
    size_t len;
    if (read_part(c, idx, &buf, &len) == GK_OK) {
      const char *what = NULL;
      if (strstr(buf, "opendocument.text")) what = "an OpenDocument text (.odt)";
      else if (strstr(buf, "opendocument.spreadsheet")) what = "an OpenDocument spreadsheet (.ods)";
      else if (strstr(buf, "opendocument.presentation")) what = "an OpenDocument presentation (.odp)";
      else if (strstr(buf, "epub")) what = "an EPUB book";
      free(buf);
      if (what && strstr(what, "text"))
        return fail(c, GK_EFORMAT,
                    "not a DOCX file: it is %s; convert it with `soffice --headless --convert-to docx FILE`",
                    what);
      if (what)
        return fail(c, GK_EFORMAT,
                    "not a DOCX file: it is %s; export the report as DOCX, HTML or PDF (e.g. `soffice --headless --convert-to html FILE`)",
                    what);
    } else {
      return c->rc;
    }
  }
  if (find_part(c, "xl/workbook.xml") >= 0)
    return fail(c, GK_EFORMAT,
                "not a DOCX file: it is an Excel workbook (.xlsx); export the report as DOCX, HTML or PDF (e.g. `soffice --headless --convert-to html FILE`)");
  if (find_part(c, "ppt/presentation.xml") >= 0)
    return fail(c, GK_EFORMAT,
                "not a DOCX file: it is a PowerPoint presentation (.pptx); export the report as DOCX or PDF");
  return fail(c, GK_EFORMAT,
              "not a DOCX file: a ZIP archive without a Word document (no word/document.xml); if it holds a report, unpack it and convert the report itself");
}

/* Names an OLE2 compound file from its stream names (UTF-16LE in the directory). */
static int has_utf16(const unsigned char *buf, size_t len, const char *ascii) {
  unsigned char pat[64];
  size_t n = strlen(ascii);
  if (n * 2 > sizeof pat) return 0;
  for (size_t i = 0; i < n; i++) {
    pat[2 * i] = (unsigned char)ascii[i];
    pat[2 * i + 1] = 0;
  }
  return memmem(buf, len, pat, n * 2) != NULL;
}

static int ole2_error(conv *c, const unsigned char *buf, size_t len) {
  if (has_utf16(buf, len, "EncryptedPackage"))
    return fail(c, GK_EFORMAT,
                "not a DOCX file: it is a password-protected (encrypted) Office document; open it in Word or WPS, remove the password, and save it as .docx");
  if (has_utf16(buf, len, "WordDocument"))
    return fail(c, GK_EFORMAT,
                "not a DOCX file: it is a legacy Word 97-2003 document (.doc, OLE2); convert it with `soffice --headless --convert-to docx FILE`");
  if (has_utf16(buf, len, "Workbook") || has_utf16(buf, len, "Book"))
    return fail(c, GK_EFORMAT,
                "not a DOCX file: it is a legacy Excel workbook (.xls, OLE2); export the report as DOCX, HTML or PDF (e.g. `soffice --headless --convert-to html FILE`)");
  return fail(c, GK_EFORMAT,
              "not a DOCX file: it is an OLE2 compound file (legacy Office, e.g. .doc); convert it with `soffice --headless --convert-to docx FILE`");
}

/* ---------- numbering.xml and styles.xml ---------- */

static int fmt_of(const char *s) {
  static const struct {
    const char *name;
    int fmt;
  } map[] = {
      {"decimal", F_DECIMAL},
      {"none", F_NONE},
      {"bullet", F_BULLET},
      {"chineseCounting", F_CN},
      {"chineseCountingThousand", F_CN},
      {"japaneseCounting", F_CN},
      {"taiwaneseCounting", F_CN},
      {"taiwaneseCountingThousand", F_CN},
      {"ideographDigital", F_CN},
      {"chineseLegalSimplified", F_CN_LEGAL},
      {"ideographLegalTraditional", F_CN_LEGAL_TRAD},
      {"upperLetter", F_UPPER_LETTER},
      {"lowerLetter", F_LOWER_LETTER},
      {"upperRoman", F_UPPER_ROMAN},
      {"lowerRoman", F_LOWER_ROMAN},
      {"decimalZero", F_DECIMAL_ZERO},
      {"decimalFullWidth", F_DECIMAL_FULL},
      {"decimalFullWidth2", F_DECIMAL_FULL},
      {"decimalEnclosedCircle", F_CIRCLE},
      {"decimalEnclosedCircleChinese", F_CIRCLE},
      {"decimalEnclosedParen", F_PAREN_ENCLOSED},
      {"decimalEnclosedFullstop", F_FULLSTOP_ENCLOSED},
      {"ideographTraditional", F_TIANGAN},
      {"ideographZodiac", F_DIZHI},
  };
  if (!s) return F_DECIMAL;
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp(s, map[i].name) == 0) return map[i].fmt;
  return F_DECIMAL;
}

static void read_lvl(const xnode *l, lvl_def *d) {
  memset(d, 0, sizeof *d);
  d->has = 1;
  d->start = w_int(w_child(l, N_start), N_val, 1);
  d->fmt = fmt_of(w_val(w_child(l, N_numFmt)));
  const char *t = w_val(w_child(l, N_lvlText));
  snprintf(d->text, sizeof d->text, "%s", t ? t : "");
  const char *s = w_val(w_child(l, N_suff));
  d->suff = !s ? SUFF_TAB : strcmp(s, "space") == 0 ? SUFF_SPACE : strcmp(s, "nothing") == 0 ? SUFF_NOTHING : SUFF_TAB;
  d->restart = w_int(w_child(l, N_lvlRestart), N_val, -1);
  d->islgl = w_on(w_child(l, N_isLgl));
  const char *ps = w_val(w_child(l, N_pStyle));
  snprintf(d->pstyle, sizeof d->pstyle, "%s", ps ? ps : "");
}

static int load_numbering(conv *c, const char *part) {
  xtree d;
  if (!load_part(c, part, 0, &d)) return c->rc;
  const xnode *root = tree_root(&d);
  size_t na = 0, nn = 0;
  for (xnode *n = root ? root->children : NULL; n; n = n->next) {
    na += is_w(n, N_abstractNum);
    nn += is_w(n, N_num);
  }
  c->abs = calloc(na ? na : 1, sizeof *c->abs);
  c->nums = calloc(nn ? nn : 1, sizeof *c->nums);
  if (!c->abs || !c->nums) {
    tree_free(&d);
    return oom(c);
  }
  for (xnode *n = root ? root->children : NULL; n; n = n->next) {
    if (is_w(n, N_abstractNum)) {
      abs_num *a = &c->abs[c->nabs++];
      a->id = w_int(n, N_abstractNumId, -1);
      for (xnode *l = n->children; l; l = l->next) {
        if (!is_w(l, N_lvl)) continue;
        int il = w_int(l, N_ilvl, 0);
        if (il >= 0 && il < NUM_LEVELS) read_lvl(l, &a->lv[il]);
      }
    } else if (is_w(n, N_num)) {
      num_inst *m = &c->nums[c->nnums++];
      m->id = w_int(n, N_numId, -1);
      m->abs = w_int(w_child(n, N_abstractNumId), N_val, -1); /* an id for now */
      for (xnode *o = n->children; o; o = o->next) {
        if (!is_w(o, N_lvlOverride)) continue;
        int il = w_int(o, N_ilvl, 0);
        if (il < 0 || il >= NUM_LEVELS) continue;
        xnode *so = w_child(o, N_startOverride), *l = w_child(o, N_lvl);
        if (so) {
          m->has_start[il] = 1;
          m->start[il] = w_int(so, N_val, 1);
        }
        if (l) {
          m->has_lvl[il] = 1;
          read_lvl(l, &m->lv[il]);
        }
      }
    }
  }
  /* Abstract ids to indexes. */
  for (size_t i = 0; i < c->nnums; i++) {
    int id = c->nums[i].abs;
    c->nums[i].abs = -1;
    for (size_t k = 0; k < c->nabs; k++)
      if (c->abs[k].id == id) c->nums[i].abs = (int)k;
  }
  tree_free(&d);
  return GK_OK;
}

static int load_styles(conv *c, const char *part) {
  xtree d;
  if (!load_part(c, part, 0, &d)) return c->rc;
  const xnode *root = tree_root(&d);
  size_t n = 0;
  for (xnode *s = root ? root->children : NULL; s; s = s->next) n += is_w(s, N_style);
  c->styles = calloc(n ? n : 1, sizeof *c->styles);
  if (!c->styles) {
    tree_free(&d);
    return oom(c);
  }
  for (xnode *s = root ? root->children : NULL; s; s = s->next) {
    if (!is_w(s, N_style)) continue;
    const char *type = w_attr(s, N_type), *id = w_attr(s, N_styleId);
    if (!id || (type && strcmp(type, "paragraph") != 0)) continue;
    pstyle *p = &c->styles[c->nstyles++];
    snprintf(p->id, sizeof p->id, "%s", id);
    const char *b = w_val(w_child(s, N_basedOn));
    snprintf(p->based_on, sizeof p->based_on, "%s", b ? b : "");
    xnode *np = w_child(w_child(s, N_pPr), N_numPr);
    p->num_id = np ? w_int(w_child(np, N_numId), N_val, -1) : -1;
    p->ilvl = np ? w_int(w_child(np, N_ilvl), N_val, -1) : -1;
    const char *dflt = w_attr(s, N_default);
    p->is_default = dflt && (strcmp(dflt, "1") == 0 || strcmp(dflt, "true") == 0 || strcmp(dflt, "on") == 0);
  }
  tree_free(&d);
  return GK_OK;
}

static const pstyle *find_style(const conv *c, const char *id) {
  for (size_t i = 0; i < c->nstyles; i++)
    if (id ? strcmp(c->styles[i].id, id) == 0 : c->styles[i].is_default) return &c->styles[i];
  return NULL;
}

/* Formats one counter value. */
static void fmt_number(sbuf *b, int fmt, int v) {
  static const char *cn[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  static const char *legal[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
  static const char *legal_t[] = {"零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"};
  static const char *tiangan[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
  static const char *dizhi[] = {"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"};
  char tmp[32];
  if (v < 0) v = 0;
  switch (fmt) {
    case F_NONE:
    case F_BULLET: return;
    case F_CN:
    case F_CN_LEGAL:
    case F_CN_LEGAL_TRAD: {
      const char **d = fmt == F_CN ? cn : fmt == F_CN_LEGAL ? legal : legal_t;
      const char *ten = fmt == F_CN ? "十" : "拾", *hundred = fmt == F_CN ? "百" : "佰";
      const char *thousand = fmt == F_CN ? "千" : "仟";
      if (fmt == F_CN && v == 0) {
        sb_str(b, "〇");
        return;
      }
      if (v >= 10000) {
        snprintf(tmp, sizeof tmp, "%d", v);
        sb_str(b, tmp);
        return;
      }
      int th = v / 1000, h = v / 100 % 10, t = v / 10 % 10, u = v % 10;
      int zero = 0, any = 0;
      if (th) { sb_str(b, d[th]); sb_str(b, thousand); any = 1; }
      if (h) { sb_str(b, d[h]); sb_str(b, hundred); any = 1; } else if (any && (t || u)) zero = 1;
      if (t) {
        if (zero) { sb_str(b, fmt == F_CN ? "零" : d[0]); zero = 0; }
        /* 十一, not 一十一, when the number starts with the tens. */
        if (!(t == 1 && !any && fmt == F_CN)) sb_str(b, d[t]);
        sb_str(b, ten);
        any = 1;
      } else if (any && u) {
        zero = 1;
      }
      if (u) {
        if (zero) sb_str(b, fmt == F_CN ? "零" : d[0]);
        sb_str(b, d[u]);
      }
      return;
    }
    case F_UPPER_LETTER:
    case F_LOWER_LETTER: {
      if (v < 1) v = 1;
      int rep = (v - 1) / 26 + 1;
      char ch = (char)((fmt == F_UPPER_LETTER ? 'A' : 'a') + (v - 1) % 26);
      for (int i = 0; i < rep && i < 8; i++) sb_add(b, &ch, 1);
      return;
    }
    case F_UPPER_ROMAN:
    case F_LOWER_ROMAN: {
      static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
      static const char *up[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
      static const char *lo[] = {"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"};
      if (v < 1 || v > 3999) break;
      for (int i = 0; i < 13; i++)
        while (v >= val[i]) {
          sb_str(b, fmt == F_UPPER_ROMAN ? up[i] : lo[i]);
          v -= val[i];
        }
      return;
    }
    case F_DECIMAL_ZERO:
      snprintf(tmp, sizeof tmp, "%02d", v);
      sb_str(b, tmp);
      return;
    case F_DECIMAL_FULL:
      snprintf(tmp, sizeof tmp, "%d", v);
      for (char *p = tmp; *p; p++) sb_cp(b, 0xFF10u + (unsigned)(*p - '0'));
      return;
    case F_CIRCLE:
      if (v >= 1 && v <= 20) { sb_cp(b, 0x2460u + (unsigned)v - 1); return; }
      break;
    case F_PAREN_ENCLOSED:
      if (v >= 1 && v <= 20) { sb_cp(b, 0x2474u + (unsigned)v - 1); return; }
      break;
    case F_FULLSTOP_ENCLOSED:
      if (v >= 1 && v <= 20) { sb_cp(b, 0x2488u + (unsigned)v - 1); return; }
      break;
    case F_TIANGAN:
      if (v >= 1 && v <= 10) { sb_str(b, tiangan[v - 1]); return; }
      break;
    case F_DIZHI:
      if (v >= 1 && v <= 12) { sb_str(b, dizhi[v - 1]); return; }
      break;
    default: break;
  }
  snprintf(tmp, sizeof tmp, "%d", v);
  sb_str(b, tmp);
}

/* The level definition a num uses: its own override, else the abstract's. */
static const lvl_def *level_of(const conv *c, const num_inst *m, int il) {
  if (m->has_lvl[il]) return &m->lv[il];
  return &c->abs[m->abs].lv[il];
}

/* Advances the list counters for a numbered paragraph and appends its label text,
 * as Word draws it: counters are shared by every num of one abstract list; a num
 * with a start override restarts those levels the first time it is used. */
static void add_numbering(conv *c, sbuf *b, int num_id, int il) {
  if (num_id <= 0 || il < 0 || il >= NUM_LEVELS) return;
  num_inst *m = NULL;
  for (size_t i = 0; i < c->nnums; i++)
    if (c->nums[i].id == num_id) m = &c->nums[i];
  if (!m || m->abs < 0) return;
  abs_num *a = &c->abs[m->abs];
  if (!m->used) {
    for (int l = 0; l < NUM_LEVELS; l++)
      if (m->has_start[l]) {
        a->set[l] = 1;
        a->cnt[l] = m->start[l] - 1;
      }
    m->used = 1;
  }
  const lvl_def *d = level_of(c, m, il);
  if (!d->has) return;
  if (a->set[il]) {
    if (a->cnt[il] < 1000000) a->cnt[il]++;
  } else {
    a->cnt[il] = d->start;
    a->set[il] = 1;
  }
  /* Deeper levels restart after this one, unless lvlRestart says otherwise. */
  for (int l = il + 1; l < NUM_LEVELS; l++) {
    const lvl_def *dl = level_of(c, m, l);
    if (dl->restart == 0) continue;
    if (dl->restart > 0 && il + 1 > dl->restart) continue;
    a->set[l] = 0;
  }
  if (d->fmt == F_BULLET) return; /* a bullet carries no label */
  size_t before = b->sb.len;
  for (const char *p = d->text; *p; p++) {
    if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
      int l = p[1] - '1';
      const lvl_def *dl = level_of(c, m, l);
      int v = a->set[l] ? a->cnt[l] : dl->start;
      fmt_number(b, d->islgl && dl->fmt != F_DECIMAL_ZERO ? F_DECIMAL : dl->fmt, v);
      p++;
    } else {
      sb_add(b, p, 1);
    }
  }
  if (b->sb.len > before) {
    if (d->suff == SUFF_TAB) sb_str(b, "\t");
    else if (d->suff == SUFF_SPACE) sb_str(b, " ");
  }
}

/* The numbering of a paragraph: its own numPr, else its style's (through basedOn). */
static void paragraph_numbering(conv *c, const xnode *ppr, sbuf *b) {
  if (!c->nnums) return;
  xnode *np = w_child(ppr, N_numPr);
  int num_id = np ? w_int(w_child(np, N_numId), N_val, -1) : -1;
  int il = np ? w_int(w_child(np, N_ilvl), N_val, -1) : -1;
  const char *sid = w_val(w_child(ppr, N_pStyle));
  const pstyle *s = find_style(c, sid);
  const char *style_id = s ? s->id : NULL;
  for (int hop = 0; s && hop < 16 && (num_id < 0 || il < 0); hop++) {
    if (num_id < 0 && s->num_id >= 0) num_id = s->num_id;
    if (il < 0 && s->ilvl >= 0) il = s->ilvl;
    s = s->based_on[0] ? find_style(c, s->based_on) : NULL;
  }
  if (num_id <= 0) return;
  if (il < 0) {
    /* A style-linked list: the level whose pStyle is this paragraph's style. */
    il = 0;
    for (size_t i = 0; style_id && i < c->nnums; i++) {
      if (c->nums[i].id != num_id || c->nums[i].abs < 0) continue;
      for (int l = 0; l < NUM_LEVELS; l++)
        if (strcmp(c->abs[c->nums[i].abs].lv[l].pstyle, style_id) == 0) il = l;
    }
  }
  add_numbering(c, b, num_id, il);
}

/* ---------- the document body ---------- */

typedef struct {
  xnode **v;
  size_t n, cap;
} nodelist;

static void nl_add(nodelist *l, xnode *n) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    xnode **p = realloc(l->v, cap * sizeof *p);
    if (!p) return;
    l->v = p;
    l->cap = cap;
  }
  l->v[l->n++] = n;
}

static void walk_blocks(conv *c, const xnode *parent, sbuf *cell, int depth);

static int field_hides(const conv *c) {
  for (int i = 0; i < c->nfields && i < MAX_FIELDS; i++)
    if (c->fields[i]) return 1;
  return 0;
}

/* w:sym: a character of a symbol font (Word stores F0xx for those). */
static void add_sym(sbuf *b, const xnode *n) {
  const char *ch = w_attr(n, N_char), *font = w_attr(n, N_font);
  if (!ch) return;
  unsigned long cp = strtoul(ch, NULL, 16);
  if (cp >= 0xF000 && cp <= 0xF0FF) {
    unsigned lo = (unsigned)(cp - 0xF000);
    int symbol = font && strcmp(font, "Symbol") == 0;
    if (symbol) {
      switch (lo) {
        case 0x2D: cp = 0x2212; break; /* minus */
        case 0xB4: cp = 0x00D7; break; /* multiply */
        case 0xB8: cp = 0x00F7; break; /* divide */
        case 0xB7: cp = 0x2022; break; /* bullet */
        case 0xB0: cp = 0x00B0; break;
        case 0xB1: cp = 0x00B1; break;
        default:
          if ((lo >= 0x30 && lo <= 0x39) || lo == 0x20 || lo == 0x28 || lo == 0x29 || lo == 0x2B ||
              lo == 0x2C || lo == 0x2E || lo == 0x2F || lo == 0x3A || lo == 0x3B || lo == 0x3C ||
              lo == 0x3D || lo == 0x3E || lo == 0x5B || lo == 0x5D)
            cp = lo;
          else
            return; /* a glyph of the font with no plain-text meaning here */
      }
    } else if (font && (strstr(font, "Wingdings") || strstr(font, "Webdings"))) {
      return; /* dingbats: decoration */
    } else {
      cp = lo;
    }
  }
  if (cp >= 0x20 && cp < 0x110000) sb_cp(b, (unsigned)cp);
}

/* The branch of mc:AlternateContent to read: the first choice (the fallback repeats it). */
static const xnode *alt_pick(const xnode *alt) {
  for (xnode *a = alt->children; a; a = a->next)
    if (is_mc(a, N_Choice)) return a;
  for (xnode *a = alt->children; a; a = a->next)
    if (is_mc(a, N_Fallback)) return a;
  return NULL;
}

/* Collects the text boxes in n (a drawing, VML shape or alternate content), in
 * document order. */
static void find_textboxes(const xnode *n, nodelist *tb, int depth) {
  if (depth > MAX_DEPTH) return;
  if (is_w(n, N_txbxContent)) {
    nl_add(tb, (xnode *)n);
    return;
  }
  if (is_mc(n, N_AlternateContent)) {
    const xnode *pick = alt_pick(n);
    if (pick) find_textboxes(pick, tb, depth + 1);
    return;
  }
  for (xnode *k = n->children; k; k = k->next)
    if (k->ns != NS_TEXT) find_textboxes(k, tb, depth + 1);
}

static void walk_run(conv *c, const xnode *r, sbuf *b, nodelist *tb, int depth) {
  xnode *rpr = w_child(r, N_rPr);
  int hidden = w_on(w_child(rpr, N_vanish));
  for (xnode *k = r->children; k; k = k->next) {
    if (k->ns == NS_TEXT) continue;
    if (is_w(k, N_fldChar)) {
      const char *t = w_attr(k, N_fldCharType);
      if (!t) continue;
      if (strcmp(t, "begin") == 0) {
        if (c->nfields < MAX_FIELDS) c->fields[c->nfields] = 1;
        c->nfields++;
      } else if (strcmp(t, "separate") == 0) {
        if (c->nfields > 0 && c->nfields <= MAX_FIELDS) c->fields[c->nfields - 1] = 0;
      } else if (strcmp(t, "end") == 0) {
        if (c->nfields > 0) c->nfields--;
      }
      continue;
    }
    if (hidden || field_hides(c)) continue;
    if (is_w(k, N_t)) {
      add_text_children(b, k);
    } else if (is_w(k, N_tab) || is_w(k, N_ptab)) {
      sb_str(b, "\t");
    } else if (is_w(k, N_br) || is_w(k, N_cr)) {
      sb_str(b, "\n");
    } else if (is_w(k, N_noBreakHyphen)) {
      sb_str(b, "-");
    } else if (is_w(k, N_sym)) {
      add_sym(b, k);
    } else if (is_w(k, N_drawing) || is_w(k, N_pict) || is_w(k, N_object) ||
               is_mc(k, N_AlternateContent)) {
      find_textboxes(k, tb, depth + 1);
    } else if (is_w(k, N_ruby)) {
      xnode *base = w_child(k, N_rubyBase);
      for (xnode *rr = base ? base->children : NULL; rr; rr = rr->next)
        if (is_w(rr, N_r)) walk_run(c, rr, b, tb, depth + 1);
    }
    /* Everything else in a run (instrText, delText, footnote references, page
       numbers, last-rendered page breaks) is not displayed text of the body. */
  }
}

/* Inline content of a paragraph: runs and the wrappers around them. */
static void walk_inline(conv *c, const xnode *parent, sbuf *b, nodelist *tb, int depth) {
  if (depth > MAX_DEPTH) return;
  for (xnode *k = parent->children; k; k = k->next) {
    if (k->ns == NS_TEXT) continue;
    if (is_w(k, N_r)) {
      walk_run(c, k, b, tb, depth + 1);
    } else if (is_w(k, N_del) || is_w(k, N_moveFrom) || is_w(k, N_pPr) || is_w(k, N_rPr) ||
               is_w(k, N_instrText) || is_w(k, N_delText)) {
      /* Tracked deletions are not in the document any more. */
    } else if (is_w(k, N_sdt)) {
      xnode *content = w_child(k, N_sdtContent);
      if (content) walk_inline(c, content, b, tb, depth + 1);
    } else if (is_m(k, N_t)) {
      add_text_children(b, k);
    } else if (is_mc(k, N_AlternateContent)) {
      const xnode *pick = alt_pick(k);
      if (pick) walk_inline(c, pick, b, tb, depth + 1);
    } else {
      /* hyperlink, smartTag, customXml, ins, moveTo, fldSimple (its runs are the
         result), dir, bdo, math: their runs are displayed text. */
      walk_inline(c, k, b, tb, depth + 1);
    }
  }
}

/* Whether s[0..len) is only white space (ASCII or U+3000). */
static int is_blank(const char *s, size_t len) {
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
static void emit_lines(conv *c, const char *s, size_t len) {
  size_t st = 0;
  for (size_t i = 0; i <= len && !c->rc; i++) {
    if (i < len && s[i] != '\n') continue;
    if (!is_blank(s + st, i - st) && !gk_doc_add_paragraph(c->doc, s + st, i - st, c->paras))
      oom(c);
    st = i + 1;
  }
}

static void do_paragraph(conv *c, const xnode *p, sbuf *cell, int depth) {
  sbuf b = {0};
  nodelist tb = {0};
  xnode *ppr = w_child(p, N_pPr);
  c->paras++;
  paragraph_numbering(c, ppr, &b);
  walk_inline(c, p, &b, &tb, depth + 1);
  if (b.sb.oom) {
    oom(c);
  } else {
    /* A paragraph whose mark was deleted (tracked) and that keeps no text is gone. */
    int gone = b.sb.len == 0 && w_child(w_child(ppr, N_rPr), N_del);
    if (!gone && cell) {
      /* Paragraphs of a cell are lines of the cell. */
      if (cell->lines++) sb_str(cell, "\n");
      sb_add(cell, b.sb.p ? b.sb.p : "", b.sb.len);
    } else if (!gone) {
      emit_lines(c, b.sb.p ? b.sb.p : "", b.sb.len);
    }
  }
  gk_strbuf_free(&b.sb);
  /* A field instruction does not run past its paragraph: an unbalanced fldChar in a
     damaged file must not hide the rest of the document. Results may span paragraphs. */
  for (int i = 0; i < c->nfields && i < MAX_FIELDS; i++) c->fields[i] = 0;
  /* Text boxes anchored here follow the paragraph in reading order. */
  if (tb.n) {
    if (c->nesting >= GK_MAX_NESTING) {
      if (!c->warned_nesting++)
        gk_diag_add(c->doc, GK_SEV_WARNING, "limit", NULL,
                    "text boxes or tables nested more than %d deep; the inner ones were skipped",
                    GK_MAX_NESTING);
    } else {
      c->nesting++;
      for (size_t i = 0; i < tb.n && !c->rc; i++) walk_blocks(c, tb.v[i], cell, depth + 1);
      c->nesting--;
    }
  }
  free(tb.v);
}

/* Rows of a table, through content controls and custom XML around them. */
static void collect(const xnode *parent, int name, nodelist *out, int depth) {
  if (depth > 8) return;
  for (xnode *k = parent->children; k; k = k->next) {
    if (is_w(k, name)) {
      nl_add(out, k);
    } else if (is_w(k, N_sdt)) {
      xnode *content = w_child(k, N_sdtContent);
      if (content) collect(content, name, out, depth + 1);
    } else if (is_w(k, N_customXml) || is_w(k, N_ins) || is_w(k, N_moveTo)) {
      collect(k, name, out, depth + 1);
    }
  }
}

static int has_descendant(const xnode *n, int name, int depth) {
  if (depth > MAX_DEPTH) return 0;
  for (xnode *k = n->children; k; k = k->next) {
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

typedef struct {
  int row, cell; /* model position of the cell that started a vertical merge, or -1 */
} owner;

static void do_table(conv *c, const xnode *tbl, sbuf *cell, int depth) {
  if (c->nesting >= GK_MAX_NESTING) {
    if (!c->warned_nesting++)
      gk_diag_add(c->doc, GK_SEV_WARNING, "limit", NULL,
                  "tables or text boxes nested more than %d deep; the inner ones were skipped",
                  GK_MAX_NESTING);
    return;
  }
  c->nesting++;
  nodelist rows = {0};
  collect(tbl, N_tr, &rows, 0);
  if (is_layout_table(&rows) || cell) {
    /* Unwrap: cell content in reading order (in a cell, as lines of the cell). */
    for (size_t r = 0; r < rows.n && !c->rc; r++) {
      nodelist tcs = {0};
      collect(rows.v[r], N_tc, &tcs, 0);
      for (size_t i = 0; i < tcs.n && !c->rc; i++) walk_blocks(c, tcs.v[i], cell, depth + 1);
      free(tcs.v);
    }
    free(rows.v);
    c->nesting--;
    return;
  }
  gk_block *g = gk_doc_add_grid(c->doc, 0);
  if (!g) {
    oom(c);
    free(rows.v);
    c->nesting--;
    return;
  }
  size_t gi = (size_t)(g - c->doc->blocks);
  owner own[GK_MAX_COLS];
  for (int i = 0; i < GK_MAX_COLS; i++) own[i].row = -1;
  for (size_t r = 0; r < rows.n && !c->rc; r++) {
    xnode *trpr = w_child(rows.v[r], N_trPr);
    if (w_child(trpr, N_del)) continue; /* a tracked row deletion */
    g = &c->doc->blocks[gi];
    gk_row *row = gk_grid_add_row(c->doc, g);
    if (!row) {
      oom(c);
      break;
    }
    int ri = (int)g->nrows - 1;
    int col = w_int(w_child(trpr, N_gridBefore), N_val, 0);
    if (col < 0) col = 0;
    nodelist tcs = {0};
    collect(rows.v[r], N_tc, &tcs, 0);
    for (size_t i = 0; i < tcs.n && !c->rc; i++) {
      xnode *tcpr = w_child(tcs.v[i], N_tcPr);
      if (w_child(tcpr, N_cellDel)) continue;
      int span = w_int(w_child(tcpr, N_gridSpan), N_val, 1);
      if (span < 1) span = 1;
      if (span > GK_MAX_COLS) span = GK_MAX_COLS;
      xnode *vm = w_child(tcpr, N_vMerge), *hm = w_child(tcpr, N_hMerge);
      const char *vmv = vm ? w_val(vm) : NULL;
      int restart = vm && vmv && strcmp(vmv, "restart") == 0;
      int cont = vm && !restart;
      sbuf text = {0};
      walk_blocks(c, tcs.v[i], &text, depth + 1);
      if (text.sb.oom) {
        gk_strbuf_free(&text.sb);
        oom(c);
        break;
      }
      row = &c->doc->blocks[gi].rows[ri];
      /* Legacy horizontal merge: the continuation widens the cell on its left. */
      if (hm && !(w_val(hm) && strcmp(w_val(hm), "restart") == 0) && row->ncells > 0) {
        row->cells[row->ncells - 1].colspan += span;
        col += span;
        gk_strbuf_free(&text.sb);
        continue;
      }
      int in_range = col < GK_MAX_COLS;
      owner *o = in_range ? &own[col] : NULL;
      gk_cell *cl;
      if (cont && o && o->row >= 0) {
        /* A continuation of the cell above: the span goes on that cell. */
        gk_cell *top = &c->doc->blocks[gi].rows[o->row].cells[o->cell];
        top->rowspan = ri - o->row + 1;
        if (text.sb.len && strspn(text.sb.p, "\n\t ") < text.sb.len) {
          const char *joined = gk_arena_printf(c->doc->arena, "%s\n%s", top->text, text.sb.p);
          if (joined) top->text = joined;
        }
        cl = gk_row_add_cell(c->doc, row, "", 0);
        if (cl) {
          cl->covered = 1;
          cl->colspan = span;
        }
      } else {
        cl = gk_row_add_cell(c->doc, row, text.sb.p ? text.sb.p : "", text.sb.len);
        if (cl) {
          cl->colspan = span;
          for (int k = col; k < col + span && k < GK_MAX_COLS; k++) own[k].row = -1;
          if (restart && o) {
            o->row = ri;
            o->cell = (int)row->ncells - 1;
          }
        }
      }
      gk_strbuf_free(&text.sb);
      if (!cl) {
        if (row->ncells >= GK_MAX_COLS) {
          if (!c->warned_cols++)
            gk_diag_add(c->doc, GK_SEV_WARNING, "limit",
                        gk_arena_printf(c->doc->arena, "table %d:row %d", c->doc->blocks[gi].index, ri + 1),
                        "row has more than %d cells; the rest were dropped", GK_MAX_COLS);
          break;
        }
        oom(c);
        break;
      }
      col += span;
    }
    free(tcs.v);
  }
  free(rows.v);
  c->nesting--;
}

/* Block content: paragraphs, tables, and the wrappers around them. */
static void walk_blocks(conv *c, const xnode *parent, sbuf *cell, int depth) {
  if (depth > MAX_DEPTH) return;
  for (xnode *k = parent->children; k && !c->rc; k = k->next) {
    if (k->ns == NS_TEXT) continue;
    if (is_w(k, N_p)) {
      do_paragraph(c, k, cell, depth + 1);
    } else if (is_w(k, N_tbl)) {
      do_table(c, k, cell, depth + 1);
    } else if (is_w(k, N_sdt)) {
      xnode *content = w_child(k, N_sdtContent);
      if (content) walk_blocks(c, content, cell, depth + 1);
    } else if (is_w(k, N_customXml) || is_w(k, N_ins) || is_w(k, N_moveTo)) {
      walk_blocks(c, k, cell, depth + 1);
    } else if (is_w(k, N_altChunk)) {
      if (!c->warned_chunk++)
        gk_diag_add(c->doc, GK_SEV_WARNING, "alt-chunk", NULL,
                    "the document imports content from another format (w:altChunk); that content was not converted");
    }
  }
}

static void conv_free(conv *c) {
  free(c->abs);
  free(c->nums);
  free(c->styles);
  if (c->za) zip_close(c->za);
}

int gk_convert_docx(gk_doc *doc, const unsigned char *buf, size_t len) {
  conv c;
  memset(&c, 0, sizeof c);
  c.doc = doc;
  if (len >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) return ole2_error(&c, buf, len);

  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
  if (!src) {
    zip_error_fini(&ze);
    gk_diag_add(doc, GK_SEV_ERROR, "memory", NULL, "out of memory");
    return GK_ENOMEM;
  }
  c.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!c.za) {
    int code = zip_error_code_zip(&ze);
    char why[200];
    snprintf(why, sizeof why, "%s", zip_error_strerror(&ze));
    zip_source_free(src);
    zip_error_fini(&ze);
    return fail(&c, GK_EFORMAT, "not a DOCX file: %s (%s)",
                code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_SEEK || code == ZIP_ER_READ
                    ? "the ZIP container is damaged or truncated"
                    : "the ZIP container cannot be opened",
                why);
  }
  zip_error_fini(&ze);

  char main_part[512] = "word/document.xml", numbering[512], styles[512], rels[600];
  xtree d = {.root = -1};
  if (check_directory(&c)) goto done;
  if (!load_part(&c, "_rels/.rels", 0, &d) ||
      !rel_target(&d, "", "officeDocument", main_part, sizeof main_part)) {
    if (c.rc) goto done;
    snprintf(main_part, sizeof main_part, "word/document.xml");
  }
  tree_free(&d);
  if (find_part(&c, main_part) < 0 || strncasecmp(main_part, "xl/", 3) == 0 ||
      strncasecmp(main_part, "ppt/", 4) == 0) {
    not_docx(&c);
    goto done;
  }
  /* The main part's own relationships: numbering and styles. */
  const char *slash = strrchr(main_part, '/');
  snprintf(rels, sizeof rels, "%.*s_rels/%s.rels", slash ? (int)(slash - main_part + 1) : 0,
           main_part, slash ? slash + 1 : main_part);
  int have_rels = load_part(&c, rels, 0, &d);
  if (c.rc) goto done;
  if (!have_rels || !rel_target(&d, main_part, "numbering", numbering, sizeof numbering))
    snprintf(numbering, sizeof numbering, "word/numbering.xml");
  if (!have_rels || !rel_target(&d, main_part, "styles", styles, sizeof styles))
    snprintf(styles, sizeof styles, "word/styles.xml");
  tree_free(&d);
  if (load_numbering(&c, numbering)) goto done;
  if (c.nnums && load_styles(&c, styles)) goto done;

  if (!load_part(&c, main_part, 1, &d)) goto done;
  const xnode *root = tree_root(&d);
  if (!root || root->ns != NS_W || root->id != N_document) {
    fail(&c, GK_EFORMAT, "not a DOCX file: %s is not a Word document (root element <%s>)", main_part,
         root ? d.pool + d.root_name : "none");
    goto done;
  }
  const xnode *body = w_child(root, N_body);
  if (body) walk_blocks(&c, body, NULL, 0);

done:
  if (c.rc == GK_ENOMEM) gk_diag_add(doc, GK_SEV_ERROR, "memory", NULL, "out of memory");
  tree_free(&d);
  int rc = c.rc;
  conv_free(&c);
  return rc;
}
