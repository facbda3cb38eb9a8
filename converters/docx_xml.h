/* docx_xml.h: the XML parts of a DOCX as a compact tree: libxml2 parses each part
 * through SAX callbacks that keep only what the converter reads, without network
 * access and without entity substitution; a part with a DOCTYPE is refused
 * (WordprocessingML never has one), which shuts out external entities and
 * entity-expansion bombs before they are declared. No libxml2 object or pointer
 * outlives gk_docx_tree_parse(). Private to the DOCX converter. */
#ifndef GK_DOCX_XML_H
#define GK_DOCX_XML_H

#include <stddef.h>

struct gk_doc;

/* The local names the converter reads (elements and attributes): a name is kept as
 * its N_* id, so matching is an integer compare; any other name is N_OTHER. */
#define GK_DOCX_NAMES(X)                                                                       \
  X(document) X(body) X(p) X(tbl) X(tr) X(tc) X(sdt) X(sdtContent) X(customXml) X(ins)         \
  X(moveTo) X(altChunk) X(r) X(del) X(moveFrom) X(pPr) X(rPr) X(instrText) X(delText) X(t)     \
  X(fldChar) X(tab) X(ptab) X(br) X(cr) X(noBreakHyphen) X(sym) X(drawing) X(pict) X(object)   \
  X(ruby) X(rubyBase) X(txbxContent) X(vanish) X(numPr) X(numId) X(ilvl) X(pStyle) X(trPr)     \
  X(gridBefore) X(tcPr) X(cellDel) X(gridSpan) X(vMerge) X(hMerge) X(abstractNum) X(num)       \
  X(lvl) X(lvlOverride) X(startOverride) X(abstractNumId) X(start) X(numFmt) X(lvlText)        \
  X(suff) X(lvlRestart) X(isLgl) X(style) X(basedOn) X(AlternateContent) X(Choice)             \
  X(Fallback) X(Relationship) X(val) X(fldCharType) X(char) X(font) X(type) X(styleId)         \
  X(default) X(Type) X(Target) X(Id) X(TargetMode)

#define GK_DOCX_NAME_ENUM(n) N_##n,
enum { N_OTHER, GK_DOCX_NAMES(GK_DOCX_NAME_ENUM) N_COUNT };

/* Namespace classes of elements and attributes; NS_TEXT marks a text node. */
enum { NS_NONE, NS_W, NS_MC, NS_M, NS_OTHER, NS_TEXT };

typedef struct {
  const char *val; /* decoded, NUL-terminated */
  size_t off;      /* while parsing: offset in the string pool */
  unsigned short id;
  unsigned char ns;
} gk_docx_attr;

/* An element or a text node. Element order, nesting and text chunks are as in the
 * libxml2 DOM of the part, so a walk sees the same document. */
typedef struct gk_docx_node gk_docx_node;
struct gk_docx_node {
  gk_docx_node *children, *next; /* set when the parse is over */
  const char *text;              /* a text node's characters (len bytes, not NUL-terminated) */
  const gk_docx_attr *attrs;     /* the attributes read (with no namespace or a W one) */
  size_t len, off;               /* text: length, and offset in the pool while parsing */
  unsigned attr0, nattr;
  int parent, first, last, sibling; /* indexes while parsing, -1 for none */
  unsigned short id;                /* N_* for elements */
  unsigned char ns;                 /* NS_* */
};

/* One parsed part: nodes, attributes and their strings in three heap arrays. */
typedef struct {
  gk_docx_node *v;
  size_t n, cap;
  gk_docx_attr *a;
  size_t na, acap;
  char *pool;
  size_t plen, pcap;
  int root;         /* index of the root element, or -1 */
  size_t root_name; /* pool offset of the root's qualified name, for messages */
} gk_docx_tree;

/** Parses part `name` (for messages) from buf[0..len) into *t. Returns GK_OK; or
 *  GK_EFORMAT (not well-formed, a DOCTYPE) or GK_ELIMIT (len past INT_MAX) after an
 *  error diagnostic on doc; or GK_ENOMEM without one. *t is empty on failure. The
 *  caller frees the tree with gk_docx_tree_free() either way. */
int gk_docx_tree_parse(struct gk_doc *doc, const char *name, const char *buf, size_t len,
                       gk_docx_tree *t);

/** Frees the tree's arrays and leaves it empty; an empty tree is allowed. */
void gk_docx_tree_free(gk_docx_tree *t);

/** The root element, or NULL for an empty tree. Owned by the tree. */
const gk_docx_node *gk_docx_tree_root(const gk_docx_tree *t);

/** The root element's qualified name as written ("w:document"), "" when none. */
const char *gk_docx_tree_root_name(const gk_docx_tree *t);

/* Element tests; NULL is none of them. */
static inline int is_el(const gk_docx_node *n) { return n->ns != NS_TEXT; }
static inline int is_w(const gk_docx_node *n, int id) { return n && n->ns == NS_W && n->id == id; }
static inline int is_mc(const gk_docx_node *n, int id) { return n && n->ns == NS_MC && n->id == id; }
static inline int is_m(const gk_docx_node *n, int id) { return n && n->ns == NS_M && n->id == id; }

/** The first W child `id` of n, or NULL (also for n NULL). Owned by the tree. */
gk_docx_node *gk_docx_child(const gk_docx_node *n, int id);

/** Attribute `id` of n with no namespace (or also a W one when `w`), or NULL when
 *  absent or n is NULL. Owned by the tree. */
const char *gk_docx_attr_in(const gk_docx_node *n, int id, int w);

/** Attribute `id` with no namespace or the W one; w:val. NULL when absent. */
const char *gk_docx_wattr(const gk_docx_node *n, int id);
const char *gk_docx_val(const gk_docx_node *n);

/* Values of integer attributes are clamped to ±GK_DOCX_INT_BOUND: no count, level or
 * span of a document comes near, and later arithmetic cannot overflow. */
#define GK_DOCX_INT_BOUND 1000000

/** Attribute `id` as a decimal integer (clamped), or dflt when absent, empty or not
 *  a number. */
int gk_docx_int(const gk_docx_node *n, int id, int dflt);

/** Whether an on/off property is on: present and not val="false"/"0"/"off". */
int gk_docx_on(const gk_docx_node *n);

#endif
