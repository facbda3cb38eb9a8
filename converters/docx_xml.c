/* docx_xml.c: libxml2 SAX callbacks that build the compact tree of a DOCX part.
 *
 * Building and freeing a libxml2 DOM cost most of the conversion time, so the
 * callbacks keep only what the converter reads: every element (its namespace as a
 * class and its local name as an id), the attributes read, and the text inside w:t
 * and m:t.
 *
 * libxml2 tokenizes, checks well-formedness and interns names; it runs in SAX1
 * mode, and the callbacks bind namespace prefixes themselves. SAX2's namespace
 * layer looks every prefix up in a list of the declarations in scope, and a WPS
 * document declares some twenty on its root and puts three or four attributes on
 * each element: that costs more than the rest of the tree building. Here a
 * qualified name is resolved once per interned pointer (names come from the
 * parser's dictionary) to a local id and a prefix number, and a prefix number maps
 * to the namespace class in force, so an element costs a few array reads. The
 * bindings follow Namespaces in XML 1.0 as libxml2's SAX2 layer applies them:
 * declarations scope over the element and its content, "xml" is predeclared, an
 * unprefixed attribute is in no namespace, xmlns="" undeclares the default, an
 * empty prefixed declaration is ignored, and a name with an undeclared prefix
 * matches nothing (the DOM names it "prefix:local"). */
#include "docx_xml.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "../core/doc.h"
#include "../core/utf8.h"
#include "docx_diag.h"

#define GK_DOCX_NAME_STR(n) #n,
static const char *const NAME_OF[] = {"", GK_DOCX_NAMES(GK_DOCX_NAME_STR)};

static const char *const W_NS[] = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main", NULL};
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define M_NS "http://schemas.openxmlformats.org/officeDocument/2006/math"

/* What a qualified name (one interned pointer of the parser's dictionary) means. */
enum { Q_PLAIN, Q_XMLNS_DEFAULT, Q_XMLNS_PREFIX };
typedef struct {
  const xmlChar *key;  /* the interned qualified name, NULL for a free slot */
  unsigned short id;   /* N_* of the local part */
  unsigned char kind;  /* Q_* */
  unsigned prefix;     /* prefix number: 0 none, else an index into prefixes;
                          for Q_XMLNS_PREFIX the prefix it declares */
  unsigned local;      /* offset of the local part in the name */
} qname;

/* A prefix seen in the part: its interned string and the namespace class bound to
 * it now (NS_NONE while undeclared). */
typedef struct {
  const xmlChar *key;
  unsigned char ns, declared;
} prefix;

/* One binding made by an element, undone when the element ends. */
typedef struct {
  unsigned prefix; /* 0: the default namespace */
  unsigned char ns, declared;
} undo;

/* Per open element: its node, or -1 while it has none, its namespace class, and
 * where its bindings start on the undo stack. */
typedef struct {
  int node;
  unsigned char ns;
  size_t undo0;
} frame;

/* Distinct namespace URIs whose class is remembered, and the longest remembered:
 * a part declares a dozen or two, all on its root; the W ones are 60 bytes. */
#define URI_CACHE 8
#define URI_CACHE_BYTES 96

/* Initial size of the qualified-name table (a power of two); it doubles when three
 * quarters full, so a probe always ends and each name is resolved once. */
#define QNAME_SLOTS0 256

typedef struct {
  gk_docx_tree *t;
  xmlParserCtxtPtr ctxt;
  int doctype, oom;
  qname *q;
  size_t nq, qcap;
  prefix *p; /* p[0] unused: number 0 is "no prefix" */
  size_t np, pcap;
  /* Prefix numbers by interned prefix string (open addressing, like q). */
  struct pslot {
    const xmlChar *key;
    unsigned num;
  } * ps;
  size_t pscap;
  unsigned char dflt_ns, dflt_declared; /* the default namespace in force */
  undo *u;
  size_t nu, ucap;
  frame *f;
  size_t nf, fcap;
  /* Namespace URIs are compared once per distinct string (declarations repeat on
     every part root, rarely elsewhere). */
  struct {
    char key[URI_CACHE_BYTES];
    unsigned char ns;
  } uris[URI_CACHE];
  int nuris;
} xbuild;

void gk_docx_tree_free(gk_docx_tree *t) {
  free(t->v);
  free(t->a);
  free(t->pool);
  memset(t, 0, sizeof *t);
  t->root = -1;
}

/* Grows *pp (cap elements of `size`) to hold `need`; 0 when out of memory. */
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

static void build_oom(xbuild *b) {
  b->oom = 1;
  xmlStopParser(b->ctxt);
}

/* Appends s[0..n) to the pool; returns its offset, or (size_t)-1 when out of memory. */
static size_t pool_add(gk_docx_tree *t, const char *s, size_t n) {
  if (!grow(&t->pool, &t->pcap, t->plen + n + 1, 1)) return (size_t)-1;
  size_t off = t->plen;
  memcpy(t->pool + off, s, n);
  t->plen += n;
  return off;
}

static size_t slot_of(const xmlChar *key, size_t cap) {
  return (size_t)(((uintptr_t)key >> 3) * 2654435761u) & (cap - 1);
}

/* The N_* id of a local name (once per distinct qualified name: a linear scan with
 * the first byte compared before the string). */
static int local_id(const char *s) {
  for (int k = 1; k < N_COUNT; k++)
    if (NAME_OF[k][0] == s[0] && strcmp(s, NAME_OF[k]) == 0) return k;
  return N_OTHER;
}

/* The number of prefix s[0..n), added on first sight; 0 when out of memory. Prefix
 * strings are interned in the parser's dictionary, so a number is found by pointer. */
static unsigned prefix_num(xbuild *b, const xmlChar *s, int n) {
  const xmlChar *key = xmlDictLookup(b->ctxt->dict, s, n);
  if (!key) return 0;
  /* Keep the slots at most three quarters full (b->np counts number 0 too). */
  if (b->np + 1 > b->pscap * 3 / 4) {
    size_t cap = b->pscap ? b->pscap * 2 : QNAME_SLOTS0;
    struct pslot *ps = calloc(cap, sizeof *ps);
    if (!ps) return 0;
    for (size_t i = 0; i < b->pscap; i++) {
      if (!b->ps[i].key) continue;
      size_t h = slot_of(b->ps[i].key, cap);
      while (ps[h].key) h = (h + 1) & (cap - 1);
      ps[h] = b->ps[i];
    }
    free(b->ps);
    b->ps = ps;
    b->pscap = cap;
  }
  size_t h = slot_of(key, b->pscap);
  for (; b->ps[h].key; h = (h + 1) & (b->pscap - 1))
    if (b->ps[h].key == key) return b->ps[h].num;
  size_t np = b->np ? b->np : 1; /* number 0 stays free */
  if (!grow(&b->p, &b->pcap, np + 1, sizeof *b->p)) return 0;
  b->np = np;
  b->ps[h].key = key;
  b->ps[h].num = (unsigned)np;
  prefix *p = &b->p[b->np];
  p->key = key;
  /* "xml" is bound by definition; nothing of ours is in its namespace. */
  int xml = n == 3 && memcmp(s, "xml", 3) == 0;
  p->ns = xml ? NS_OTHER : NS_NONE;
  p->declared = (unsigned char)xml;
  return (unsigned)b->np++;
}

/* Resolves a qualified name into e (everything but the key). 0 when out of memory. */
static int resolve_qname(xbuild *b, const xmlChar *name, qname *e) {
  const char *s = (const char *)name;
  const char *colon = strchr(s, ':');
  e->kind = Q_PLAIN;
  e->prefix = 0;
  e->local = 0;
  if (!colon) {
    e->id = (unsigned short)local_id(s);
    if (strcmp(s, "xmlns") == 0) e->kind = Q_XMLNS_DEFAULT;
    return 1;
  }
  /* Only the first colon splits ("a:b:c" has local part "b:c", an unknown name). */
  unsigned pn = prefix_num(b, name, (int)(colon - s));
  if (!pn) return 0;
  e->local = (unsigned)(colon + 1 - s);
  e->id = (unsigned short)local_id(colon + 1);
  if (colon - s == 5 && memcmp(s, "xmlns", 5) == 0) {
    e->kind = Q_XMLNS_PREFIX;
    e->prefix = prefix_num(b, name + e->local, (int)strlen(colon + 1));
    return e->prefix != 0;
  }
  e->prefix = pn;
  return 1;
}

/* The resolution of an interned qualified name, cached per pointer; NULL when out
 * of memory. */
static const qname *qname_of(xbuild *b, const xmlChar *name) {
  if (b->nq + 1 > b->qcap * 3 / 4) {
    size_t cap = b->qcap ? b->qcap * 2 : QNAME_SLOTS0;
    qname *q = calloc(cap, sizeof *q);
    if (!q) return NULL;
    for (size_t i = 0; i < b->qcap; i++) {
      if (!b->q[i].key) continue;
      size_t h = slot_of(b->q[i].key, cap);
      while (q[h].key) h = (h + 1) & (cap - 1);
      q[h] = b->q[i];
    }
    free(b->q);
    b->q = q;
    b->qcap = cap;
  }
  size_t h = slot_of(name, b->qcap);
  while (b->q[h].key) {
    if (b->q[h].key == name) return &b->q[h];
    h = (h + 1) & (b->qcap - 1);
  }
  qname e;
  if (!resolve_qname(b, name, &e)) return NULL;
  e.key = name;
  b->q[h] = e;
  b->nq++;
  return &b->q[h];
}

/* The namespace class of a URI. */
static unsigned char uri_class(xbuild *b, const char *uri) {
  size_t n = strlen(uri);
  for (int i = 0; i < b->nuris; i++)
    if (strcmp(b->uris[i].key, uri) == 0) return b->uris[i].ns;
  unsigned char ns = NS_OTHER;
  for (int i = 0; W_NS[i]; i++)
    if (strcmp(uri, W_NS[i]) == 0) ns = NS_W;
  if (strcmp(uri, MC_NS) == 0) ns = NS_MC;
  if (strcmp(uri, M_NS) == 0) ns = NS_M;
  if (b->nuris < URI_CACHE && n < sizeof b->uris[0].key) {
    memcpy(b->uris[b->nuris].key, uri, n + 1);
    b->uris[b->nuris++].ns = ns;
  }
  return ns;
}

/* Applies the namespace declarations among atts, recording what they replace. */
static int bind_namespaces(xbuild *b, const xmlChar **atts) {
  for (const xmlChar **a = atts; a && a[0]; a += 2) {
    /* Most attributes are not declarations: tell them by their first byte. */
    if (a[0][0] != 'x') continue;
    const qname *q = qname_of(b, a[0]);
    if (!q) return 0;
    if (q->kind == Q_PLAIN) continue;
    const char *uri = a[1] ? (const char *)a[1] : "";
    /* An empty prefixed declaration is an error libxml2 reports and skips. */
    if (q->kind == Q_XMLNS_PREFIX && !*uri) continue;
    if (!grow(&b->u, &b->ucap, b->nu + 1, sizeof *b->u)) return 0;
    undo *u = &b->u[b->nu++];
    u->prefix = q->kind == Q_XMLNS_PREFIX ? q->prefix : 0;
    unsigned char ns = *uri ? uri_class(b, uri) : NS_NONE;
    if (q->kind == Q_XMLNS_PREFIX) {
      prefix *p = &b->p[q->prefix];
      u->ns = p->ns;
      u->declared = p->declared;
      p->ns = ns;
      p->declared = 1;
    } else {
      u->ns = b->dflt_ns;
      u->declared = b->dflt_declared;
      b->dflt_ns = ns;
      b->dflt_declared = 1;
    }
  }
  return 1;
}

/* Copies an attribute value into the pool, NUL-terminated. Without entity substitution
 * libxml2 hands an '&' over as "&#38;" (the DOM decodes it again); decode references. */
static size_t add_value(gk_docx_tree *t, const xmlChar *v) {
  size_t n = strlen((const char *)v);
  const xmlChar *end = v + n;
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

/* Appends a node (an element: id, ns; or a text node) as the last child of node
 * `parent` (none for the root). Returns its index, or -1 when out of memory. */
static int add_node(xbuild *b, int parent, int id, int ns) {
  gk_docx_tree *t = b->t;
  if (!grow(&t->v, &t->cap, t->n + 1, sizeof *t->v)) return -1;
  int i = (int)t->n;
  gk_docx_node *n = &t->v[t->n++];
  memset(n, 0, sizeof *n);
  n->id = (unsigned short)id;
  n->ns = (unsigned char)ns;
  n->parent = parent;
  n->first = n->last = n->sibling = -1;
  n->attr0 = (unsigned)t->na;
  if (parent >= 0) {
    gk_docx_node *p = &t->v[parent];
    if (p->last >= 0) t->v[p->last].sibling = i;
    else p->first = i;
    p->last = i;
  }
  return i;
}

/* The innermost open element's node, or -1 (none open, or it has no node). */
static int open_node(const xbuild *b) { return b->nf ? b->f[b->nf - 1].node : -1; }

/* Gives the open elements that have no node theirs, outermost first, so that a kept
 * element can hang below them. 0 when out of memory. */
static int add_pending(xbuild *b) {
  size_t k = b->nf;
  while (k > 0 && b->f[k - 1].node < 0) k--;
  for (; k < b->nf; k++) {
    int i = add_node(b, k > 0 ? b->f[k - 1].node : -1, N_OTHER, b->f[k].ns);
    if (i < 0) return 0;
    b->f[k].node = i;
  }
  return 1;
}

/* Records the root's name as the DOM writes it, for messages. 0 when out of memory. */
static int note_root(xbuild *b, const xmlChar *name, const qname *q, int bound) {
  gk_docx_tree *t = b->t;
  const char *s = (const char *)name + (bound ? q->local : 0);
  t->root_name = t->plen;
  if (pool_add(t, s, strlen(s)) == (size_t)-1) return 0;
  t->pool[t->plen++] = '\0';
  return 1;
}

/* Keeps the attributes of element i that the converter reads: known local names
 * with no namespace or a W one. 0 when out of memory. */
static int keep_attrs(xbuild *b, int i, const xmlChar **atts) {
  gk_docx_tree *t = b->t;
  for (const xmlChar **a = atts; a && a[0]; a += 2) {
    const qname *q = qname_of(b, a[0]);
    if (!q) return 0;
    if (q->kind != Q_PLAIN || q->id == N_OTHER) continue;
    unsigned char ns = NS_NONE;
    if (q->prefix) {
      const prefix *p = &b->p[q->prefix];
      if (!p->declared || p->ns != NS_W) continue; /* undeclared: "p:name" in the DOM */
      ns = NS_W;
    }
    if (!grow(&t->a, &t->acap, t->na + 1, sizeof *t->a)) return 0;
    size_t off = add_value(t, a[1] ? a[1] : (const xmlChar *)"");
    if (off == (size_t)-1) return 0;
    gk_docx_attr *x = &t->a[t->na++];
    x->off = off;
    x->id = q->id;
    x->ns = ns;
    t->v[i].nattr++;
  }
  return 1;
}

/* SAX: an element starts.
 *
 * An element we do not know by name gets a node only once something inside it is
 * kept (add_pending): most of a WPS body is run and cell formatting (w:rFonts,
 * w:sz, w:color, borders) that means nothing to the walk, and an unknown element
 * that holds nothing kept is nothing to it either (its attributes and text are never
 * kept). The root always gets a node. */
static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
  xmlParserCtxtPtr ctxt = ctx;
  xbuild *b = ctxt->_private;
  gk_docx_tree *t = b->t;
  if (b->oom) return;
  size_t undo0 = b->nu;
  const qname *q = qname_of(b, name);
  if (!q || !bind_namespaces(b, atts) || !grow(&b->f, &b->fcap, b->nf + 1, sizeof *b->f))
    return build_oom(b);
  int bound = q->prefix ? b->p[q->prefix].declared : 1;
  int ns = q->prefix ? b->p[q->prefix].ns : b->dflt_ns;
  int id = bound ? q->id : N_OTHER;
  frame *f = &b->f[b->nf];
  f->ns = (unsigned char)ns;
  f->undo0 = undo0;
  f->node = -1;
  if (id == N_OTHER && b->nf > 0) {
    b->nf++;
    return;
  }
  if (!add_pending(b)) return build_oom(b);
  int parent = open_node(b);
  int i = add_node(b, parent, id, ns);
  if (i < 0) return build_oom(b);
  b->f[b->nf++].node = i;
  if (parent < 0 && t->root < 0) {
    t->root = i;
    if (!note_root(b, name, q, bound)) return build_oom(b);
  }
  /* Only elements we know by name have attributes read. */
  if (id != N_OTHER && !keep_attrs(b, i, atts)) return build_oom(b);
}

/* SAX: the open element ends; its namespace bindings go out of scope. */
static void on_end(void *ctx, const xmlChar *name) {
  (void)name;
  xmlParserCtxtPtr ctxt = ctx;
  xbuild *b = ctxt->_private;
  if (b->oom || !b->nf) return;
  size_t undo0 = b->f[--b->nf].undo0;
  while (b->nu > undo0) {
    const undo *u = &b->u[--b->nu];
    if (u->prefix) {
      b->p[u->prefix].ns = u->ns;
      b->p[u->prefix].declared = u->declared;
    } else {
      b->dflt_ns = u->ns;
      b->dflt_declared = u->declared;
    }
  }
}

/* Text (and CDATA) inside w:t or m:t; text anywhere else is not displayed. A chunk that
 * follows the previous one in the pool extends it. */
static void on_text(void *ctx, const xmlChar *s, int len) {
  xmlParserCtxtPtr ctxt = ctx;
  xbuild *b = ctxt->_private;
  gk_docx_tree *t = b->t;
  int cur = open_node(b);
  if (b->oom || cur < 0 || len <= 0) return;
  gk_docx_node *p = &t->v[cur];
  if (p->id != N_t || (p->ns != NS_W && p->ns != NS_M)) return;
  if (p->last >= 0) {
    gk_docx_node *l = &t->v[p->last];
    if (l->ns == NS_TEXT && l->off + l->len == t->plen) {
      if (pool_add(t, (const char *)s, (size_t)len) == (size_t)-1) return build_oom(b);
      l->len += (size_t)len;
      return;
    }
  }
  size_t off = pool_add(t, (const char *)s, (size_t)len);
  int i = off == (size_t)-1 ? -1 : add_node(b, cur, N_OTHER, NS_TEXT);
  if (i < 0) return build_oom(b);
  t->v[i].off = off;
  t->v[i].len = (size_t)len;
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
static void tree_finish(gk_docx_tree *t) {
  for (size_t i = 0; i < t->n; i++) {
    gk_docx_node *n = &t->v[i];
    n->children = n->first >= 0 ? &t->v[n->first] : NULL;
    n->next = n->sibling >= 0 ? &t->v[n->sibling] : NULL;
    n->attrs = n->nattr ? &t->a[n->attr0] : NULL;
    n->text = n->ns == NS_TEXT ? t->pool + n->off : NULL;
  }
  for (size_t i = 0; i < t->na; i++) t->a[i].val = t->pool + t->a[i].off;
}

static void build_free(xbuild *b) {
  free(b->q);
  free(b->ps);
  free(b->p);
  free(b->u);
  free(b->f);
  free(b);
}

/* The status of a finished parse, after a diagnostic for a refused part. */
static int parse_status(gk_doc *doc, const char *name, xbuild *b) {
  if (b->doctype)
    return gk_docx_fail(doc, GK_EFORMAT,
                        "not a DOCX file: %s has a DOCTYPE (refused: DOCX parts have none, and DTDs can hide entity attacks)",
                        name);
  if (b->oom) return GK_ENOMEM;
  if (!b->ctxt->wellFormed || b->t->root < 0) {
    const xmlError *e = xmlCtxtGetLastError(b->ctxt);
    char why[200] = "not well-formed";
    if (e && e->message) {
      snprintf(why, sizeof why, "line %d: %s", e->line, e->message);
      size_t l = strlen(why);
      while (l && (why[l - 1] == '\n' || why[l - 1] == ' ')) why[--l] = '\0';
    }
    return gk_docx_fail(doc, GK_EFORMAT, "not a DOCX file: %s is not well-formed XML (%s)", name,
                        why);
  }
  return GK_OK;
}

int gk_docx_tree_parse(gk_doc *doc, const char *name, const char *buf, size_t len,
                       gk_docx_tree *t) {
  memset(t, 0, sizeof *t);
  t->root = -1;
  if (len > INT_MAX) return gk_docx_fail(doc, GK_ELIMIT, "refused: %s is too large", name);
  xbuild *b = calloc(1, sizeof *b);
  xmlParserCtxtPtr ctxt = b ? xmlNewParserCtxt() : NULL;
  if (!ctxt) {
    free(b);
    return GK_ENOMEM;
  }
  b->t = t;
  b->ctxt = ctxt;
  /* Our callbacks replace the DOM builder's; the rest stay NULL (no entity lookups, no
     DTD handling: a DOCTYPE stops the parse). `initialized` other than the SAX2 magic
     with startElement set selects libxml2's SAX1 interface (see the file comment). */
  xmlSAXHandler *sax = ctxt->sax;
  memset(sax, 0, sizeof *sax);
  sax->initialized = 1;
  sax->startElement = on_start;
  sax->endElement = on_end;
  sax->characters = on_text;
  sax->ignorableWhitespace = on_text;
  sax->cdataBlock = on_text;
  sax->internalSubset = on_doctype;
  ctxt->_private = b;
  xmlDoc *d = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (d) xmlFreeDoc(d); /* never built: no startDocument callback */
  int rc = parse_status(doc, name, b);
  xmlFreeParserCtxt(ctxt);
  build_free(b);
  if (rc) {
    gk_docx_tree_free(t);
    return rc;
  }
  tree_finish(t);
  return GK_OK;
}

const gk_docx_node *gk_docx_tree_root(const gk_docx_tree *t) {
  return t->root >= 0 ? &t->v[t->root] : NULL;
}

const char *gk_docx_tree_root_name(const gk_docx_tree *t) {
  return t->root >= 0 && t->pool ? t->pool + t->root_name : "";
}

/* ---------- reading the tree ---------- */

gk_docx_node *gk_docx_child(const gk_docx_node *n, int id) {
  for (gk_docx_node *c = n ? n->children : NULL; c; c = c->next)
    if (is_w(c, id)) return c;
  return NULL;
}

const char *gk_docx_attr_in(const gk_docx_node *n, int id, int w) {
  if (!n) return NULL;
  for (unsigned i = 0; i < n->nattr; i++) {
    const gk_docx_attr *a = &n->attrs[i];
    if (a->id == id && (a->ns == NS_NONE || w)) return a->val;
  }
  return NULL;
}

const char *gk_docx_wattr(const gk_docx_node *n, int id) { return gk_docx_attr_in(n, id, 1); }

const char *gk_docx_val(const gk_docx_node *n) { return gk_docx_wattr(n, N_val); }

int gk_docx_int(const gk_docx_node *n, int id, int dflt) {
  const char *v = gk_docx_wattr(n, id);
  if (!v || !*v) return dflt;
  char *end;
  long x = strtol(v, &end, 10);
  if (end == v) return dflt;
  if (x < -GK_DOCX_INT_BOUND) x = -GK_DOCX_INT_BOUND;
  if (x > GK_DOCX_INT_BOUND) x = GK_DOCX_INT_BOUND;
  return (int)x;
}

int gk_docx_on(const gk_docx_node *n) {
  if (!n) return 0;
  const char *v = gk_docx_val(n);
  return !v || !(strcmp(v, "false") == 0 || strcmp(v, "0") == 0 || strcmp(v, "off") == 0);
}
