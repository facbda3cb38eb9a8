/* docx.c: DOCX converter: libzip (from memory) + libxml2 DOM → paragraphs and raw grids.
 *
 * The container is checked before anything is inflated: entry count, each entry's
 * declared size, the total, and the compression ratio, all from the central
 * directory; and while inflating, bytes are counted against the declared size, so a
 * lying directory cannot make us inflate more than the limits allow.
 *
 * XML parts are parsed without network access and without entity substitution; a
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
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "../core/doc.h"
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

/* ---------- growable byte buffer ---------- */

typedef struct {
  char *s;
  size_t len, cap;
  int oom;
  int lines; /* paragraphs appended (cell text) */
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n) {
  if (b->oom || n == 0) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

static void sb_cp(sbuf *b, unsigned cp) {
  char u[4];
  size_t n;
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    u[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | cp >> 6);
    u[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | cp >> 12);
    u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else if (cp < 0x110000) {
    u[0] = (char)(0xF0 | cp >> 18);
    u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  } else {
    return;
  }
  sb_add(b, u, n);
}

/* ---------- XML helpers ---------- */

static int href_in(const xmlNs *ns, const char *const *set) {
  if (!ns || !ns->href) return 0;
  for (int i = 0; set[i]; i++)
    if (strcmp((const char *)ns->href, set[i]) == 0) return 1;
  return 0;
}

static int ns_in(const xmlNode *n, const char *const *set) { return href_in(n->ns, set); }

/* Whether n is the WordprocessingML element `name` (transitional or strict). */
static int is_w(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && ns_in(n, W_NS) &&
         strcmp((const char *)n->name, name) == 0;
}

static int is_ns(const xmlNode *n, const char *ns, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         strcmp((const char *)n->ns->href, ns) == 0 && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *w_child(const xmlNode *n, const char *name) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (is_w(c, name)) return c;
  return NULL;
}

/* An attribute's value by local name, in a W namespace or none; NULL when absent. */
static const char *attr_in(const xmlNode *n, const char *name, const char *const *set) {
  if (!n) return NULL;
  for (xmlAttr *a = n->properties; a; a = a->next) {
    if (strcmp((const char *)a->name, name) != 0) continue;
    if (a->ns && !(set && href_in(a->ns, set))) continue;
    if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
      return (const char *)a->children->content;
    return "";
  }
  return NULL;
}

static const char *w_attr(const xmlNode *n, const char *name) { return attr_in(n, name, W_NS); }

static const char *w_val(const xmlNode *n) { return w_attr(n, "val"); }

static int w_int(const xmlNode *n, const char *name, int dflt) {
  const char *v = w_attr(n, name);
  if (!v || !*v) return dflt;
  char *end;
  long x = strtol(v, &end, 10);
  if (end == v) return dflt;
  if (x < -1000000) x = -1000000;
  if (x > 1000000) x = 1000000;
  return (int)x;
}

/* An on/off property: present and not val="false"/"0"/"off". */
static int w_on(const xmlNode *n) {
  if (!n) return 0;
  const char *v = w_val(n);
  return !v || !(strcmp(v, "false") == 0 || strcmp(v, "0") == 0 || strcmp(v, "off") == 0);
}

static void add_text_children(sbuf *b, const xmlNode *n) {
  for (xmlNode *c = n->children; c; c = c->next)
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
      sb_str(b, (const char *)c->content);
}

/* A DOCTYPE in a part: stop at once (no entity can be declared, let alone expanded). */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys) {
  (void)name;
  (void)ext;
  (void)sys;
  xmlParserCtxtPtr c = ctx;
  if (c->_private) *(int *)c->_private = 1;
  xmlStopParser(c);
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

/* Parses a part without network and without entities. Returns the DOM or NULL. */
static xmlDoc *parse_part(conv *c, const char *name, const char *buf, size_t len) {
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    oom(c);
    return NULL;
  }
  int doctype = 0;
  ctxt->sax->internalSubset = on_doctype;
  ctxt->_private = &doctype;
  xmlDoc *d = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doctype) {
    if (d) xmlFreeDoc(d);
    xmlFreeParserCtxt(ctxt);
    fail(c, GK_EFORMAT,
         "not a DOCX file: %s has a DOCTYPE (refused: DOCX parts have none, and DTDs can hide entity attacks)",
         name);
    return NULL;
  }
  if (!d || !ctxt->wellFormed) {
    xmlError *e = xmlCtxtGetLastError(ctxt);
    char why[200] = "not well-formed";
    if (e && e->message) {
      snprintf(why, sizeof why, "line %d: %s", e->line, e->message);
      size_t l = strlen(why);
      while (l && (why[l - 1] == '\n' || why[l - 1] == ' ')) why[--l] = '\0';
    }
    if (d) xmlFreeDoc(d);
    xmlFreeParserCtxt(ctxt);
    fail(c, GK_EFORMAT, "not a DOCX file: %s is not well-formed XML (%s)", name, why);
    return NULL;
  }
  xmlFreeParserCtxt(ctxt);
  return d;
}

static xmlDoc *load_part(conv *c, const char *name, int required) {
  zip_int64_t idx = find_part(c, name);
  if (idx < 0) {
    if (required) fail(c, GK_EFORMAT, "not a DOCX file: %s is missing", name);
    return NULL;
  }
  char *buf;
  size_t len;
  if (read_part(c, idx, &buf, &len)) return NULL;
  xmlDoc *d = parse_part(c, name[0] == '/' ? name + 1 : name, buf, len);
  free(buf);
  return d;
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

/* Looks up the target of the relationship of `type` (its last path segment, e.g.
 * "officeDocument") or of id `rid` in the rels part `rels` for part `base`. */
static int rel_target(conv *c, const char *rels, const char *base, const char *type,
                      const char *rid, char *out, size_t cap) {
  xmlDoc *d = load_part(c, rels, 0);
  if (!d) return 0;
  int found = 0;
  xmlNode *root = xmlDocGetRootElement(d);
  for (xmlNode *n = root ? root->children : NULL; n && !found; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "Relationship") != 0) continue;
    const char *t = attr_in(n, "Type", NULL), *target = attr_in(n, "Target", NULL);
    const char *id = attr_in(n, "Id", NULL), *mode = attr_in(n, "TargetMode", NULL);
    if (!t || !target || (mode && strcmp(mode, "External") == 0)) continue;
    const char *last = strrchr(t, '/');
    if (type && !(last && strcmp(last + 1, type) == 0)) continue;
    if (rid && !(id && strcmp(id, rid) == 0)) continue;
    resolve_target(base, target, out, cap);
    found = 1;
  }
  xmlFreeDoc(d);
  return found;
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

static void read_lvl(const xmlNode *l, lvl_def *d) {
  memset(d, 0, sizeof *d);
  d->has = 1;
  d->start = w_int(w_child(l, "start"), "val", 1);
  d->fmt = fmt_of(w_val(w_child(l, "numFmt")));
  const char *t = w_val(w_child(l, "lvlText"));
  snprintf(d->text, sizeof d->text, "%s", t ? t : "");
  const char *s = w_val(w_child(l, "suff"));
  d->suff = !s ? SUFF_TAB : strcmp(s, "space") == 0 ? SUFF_SPACE : strcmp(s, "nothing") == 0 ? SUFF_NOTHING : SUFF_TAB;
  d->restart = w_int(w_child(l, "lvlRestart"), "val", -1);
  d->islgl = w_on(w_child(l, "isLgl"));
  const char *ps = w_val(w_child(l, "pStyle"));
  snprintf(d->pstyle, sizeof d->pstyle, "%s", ps ? ps : "");
}

static int load_numbering(conv *c, const char *part) {
  xmlDoc *d = load_part(c, part, 0);
  if (!d) return c->rc;
  xmlNode *root = xmlDocGetRootElement(d);
  size_t na = 0, nn = 0;
  for (xmlNode *n = root ? root->children : NULL; n; n = n->next) {
    na += is_w(n, "abstractNum");
    nn += is_w(n, "num");
  }
  c->abs = calloc(na ? na : 1, sizeof *c->abs);
  c->nums = calloc(nn ? nn : 1, sizeof *c->nums);
  if (!c->abs || !c->nums) {
    xmlFreeDoc(d);
    return oom(c);
  }
  for (xmlNode *n = root ? root->children : NULL; n; n = n->next) {
    if (is_w(n, "abstractNum")) {
      abs_num *a = &c->abs[c->nabs++];
      a->id = w_int(n, "abstractNumId", -1);
      for (xmlNode *l = n->children; l; l = l->next) {
        if (!is_w(l, "lvl")) continue;
        int il = w_int(l, "ilvl", 0);
        if (il >= 0 && il < NUM_LEVELS) read_lvl(l, &a->lv[il]);
      }
    } else if (is_w(n, "num")) {
      num_inst *m = &c->nums[c->nnums++];
      m->id = w_int(n, "numId", -1);
      m->abs = w_int(w_child(n, "abstractNumId"), "val", -1); /* an id for now */
      for (xmlNode *o = n->children; o; o = o->next) {
        if (!is_w(o, "lvlOverride")) continue;
        int il = w_int(o, "ilvl", 0);
        if (il < 0 || il >= NUM_LEVELS) continue;
        xmlNode *so = w_child(o, "startOverride"), *l = w_child(o, "lvl");
        if (so) {
          m->has_start[il] = 1;
          m->start[il] = w_int(so, "val", 1);
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
  xmlFreeDoc(d);
  return GK_OK;
}

static int load_styles(conv *c, const char *part) {
  xmlDoc *d = load_part(c, part, 0);
  if (!d) return c->rc;
  xmlNode *root = xmlDocGetRootElement(d);
  size_t n = 0;
  for (xmlNode *s = root ? root->children : NULL; s; s = s->next) n += is_w(s, "style");
  c->styles = calloc(n ? n : 1, sizeof *c->styles);
  if (!c->styles) {
    xmlFreeDoc(d);
    return oom(c);
  }
  for (xmlNode *s = root ? root->children : NULL; s; s = s->next) {
    if (!is_w(s, "style")) continue;
    const char *type = w_attr(s, "type"), *id = w_attr(s, "styleId");
    if (!id || (type && strcmp(type, "paragraph") != 0)) continue;
    pstyle *p = &c->styles[c->nstyles++];
    snprintf(p->id, sizeof p->id, "%s", id);
    const char *b = w_val(w_child(s, "basedOn"));
    snprintf(p->based_on, sizeof p->based_on, "%s", b ? b : "");
    xmlNode *np = w_child(w_child(s, "pPr"), "numPr");
    p->num_id = np ? w_int(w_child(np, "numId"), "val", -1) : -1;
    p->ilvl = np ? w_int(w_child(np, "ilvl"), "val", -1) : -1;
    const char *dflt = w_attr(s, "default");
    p->is_default = dflt && (strcmp(dflt, "1") == 0 || strcmp(dflt, "true") == 0 || strcmp(dflt, "on") == 0);
  }
  xmlFreeDoc(d);
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
  size_t before = b->len;
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
  if (b->len > before) {
    if (d->suff == SUFF_TAB) sb_str(b, "\t");
    else if (d->suff == SUFF_SPACE) sb_str(b, " ");
  }
}

/* The numbering of a paragraph: its own numPr, else its style's (through basedOn). */
static void paragraph_numbering(conv *c, const xmlNode *ppr, sbuf *b) {
  if (!c->nnums) return;
  xmlNode *np = w_child(ppr, "numPr");
  int num_id = np ? w_int(w_child(np, "numId"), "val", -1) : -1;
  int il = np ? w_int(w_child(np, "ilvl"), "val", -1) : -1;
  const char *sid = w_val(w_child(ppr, "pStyle"));
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
  xmlNode **v;
  size_t n, cap;
} nodelist;

static void nl_add(nodelist *l, xmlNode *n) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    xmlNode **p = realloc(l->v, cap * sizeof *p);
    if (!p) return;
    l->v = p;
    l->cap = cap;
  }
  l->v[l->n++] = n;
}

static void walk_blocks(conv *c, const xmlNode *parent, sbuf *cell, int depth);

static int field_hides(const conv *c) {
  for (int i = 0; i < c->nfields && i < MAX_FIELDS; i++)
    if (c->fields[i]) return 1;
  return 0;
}

/* w:sym: a character of a symbol font (Word stores F0xx for those). */
static void add_sym(sbuf *b, const xmlNode *n) {
  const char *ch = w_attr(n, "char"), *font = w_attr(n, "font");
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
static const xmlNode *alt_pick(const xmlNode *alt) {
  for (xmlNode *a = alt->children; a; a = a->next)
    if (is_ns(a, MC_NS, "Choice")) return a;
  for (xmlNode *a = alt->children; a; a = a->next)
    if (is_ns(a, MC_NS, "Fallback")) return a;
  return NULL;
}

/* Collects the text boxes in n (a drawing, VML shape or alternate content), in
 * document order. */
static void find_textboxes(const xmlNode *n, nodelist *tb, int depth) {
  if (depth > MAX_DEPTH) return;
  if (is_w(n, "txbxContent")) {
    nl_add(tb, (xmlNode *)n);
    return;
  }
  if (is_ns(n, MC_NS, "AlternateContent")) {
    const xmlNode *pick = alt_pick(n);
    if (pick) find_textboxes(pick, tb, depth + 1);
    return;
  }
  for (xmlNode *k = n->children; k; k = k->next)
    if (k->type == XML_ELEMENT_NODE) find_textboxes(k, tb, depth + 1);
}

static void walk_run(conv *c, const xmlNode *r, sbuf *b, nodelist *tb, int depth) {
  xmlNode *rpr = w_child(r, "rPr");
  int hidden = w_on(w_child(rpr, "vanish"));
  for (xmlNode *k = r->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE) continue;
    if (is_w(k, "fldChar")) {
      const char *t = w_attr(k, "fldCharType");
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
    if (is_w(k, "t")) {
      add_text_children(b, k);
    } else if (is_w(k, "tab") || is_w(k, "ptab")) {
      sb_str(b, "\t");
    } else if (is_w(k, "br") || is_w(k, "cr")) {
      sb_str(b, "\n");
    } else if (is_w(k, "noBreakHyphen")) {
      sb_str(b, "-");
    } else if (is_w(k, "sym")) {
      add_sym(b, k);
    } else if (is_w(k, "drawing") || is_w(k, "pict") || is_w(k, "object") ||
               is_ns(k, MC_NS, "AlternateContent")) {
      find_textboxes(k, tb, depth + 1);
    } else if (is_w(k, "ruby")) {
      xmlNode *base = w_child(k, "rubyBase");
      for (xmlNode *rr = base ? base->children : NULL; rr; rr = rr->next)
        if (is_w(rr, "r")) walk_run(c, rr, b, tb, depth + 1);
    }
    /* Everything else in a run (instrText, delText, footnote references, page
       numbers, last-rendered page breaks) is not displayed text of the body. */
  }
}

/* Inline content of a paragraph: runs and the wrappers around them. */
static void walk_inline(conv *c, const xmlNode *parent, sbuf *b, nodelist *tb, int depth) {
  if (depth > MAX_DEPTH) return;
  for (xmlNode *k = parent->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE) continue;
    if (is_w(k, "r")) {
      walk_run(c, k, b, tb, depth + 1);
    } else if (is_w(k, "del") || is_w(k, "moveFrom") || is_w(k, "pPr") || is_w(k, "rPr") ||
               is_w(k, "instrText") || is_w(k, "delText")) {
      /* Tracked deletions are not in the document any more. */
    } else if (is_w(k, "sdt")) {
      xmlNode *content = w_child(k, "sdtContent");
      if (content) walk_inline(c, content, b, tb, depth + 1);
    } else if (is_ns(k, M_NS, "t")) {
      add_text_children(b, k);
    } else if (is_ns(k, MC_NS, "AlternateContent")) {
      const xmlNode *pick = alt_pick(k);
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

static void do_paragraph(conv *c, const xmlNode *p, sbuf *cell, int depth) {
  sbuf b = {0};
  nodelist tb = {0};
  xmlNode *ppr = w_child(p, "pPr");
  c->paras++;
  paragraph_numbering(c, ppr, &b);
  walk_inline(c, p, &b, &tb, depth + 1);
  if (b.oom) {
    oom(c);
  } else {
    /* A paragraph whose mark was deleted (tracked) and that keeps no text is gone. */
    int gone = b.len == 0 && w_child(w_child(ppr, "rPr"), "del");
    if (!gone && cell) {
      /* Paragraphs of a cell are lines of the cell. */
      if (cell->lines++) sb_str(cell, "\n");
      sb_add(cell, b.s ? b.s : "", b.len);
    } else if (!gone) {
      emit_lines(c, b.s ? b.s : "", b.len);
    }
  }
  free(b.s);
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
static void collect(const xmlNode *parent, const char *name, nodelist *out, int depth) {
  if (depth > 8) return;
  for (xmlNode *k = parent->children; k; k = k->next) {
    if (is_w(k, name)) {
      nl_add(out, k);
    } else if (is_w(k, "sdt")) {
      xmlNode *content = w_child(k, "sdtContent");
      if (content) collect(content, name, out, depth + 1);
    } else if (is_w(k, "customXml") || is_w(k, "ins") || is_w(k, "moveTo")) {
      collect(k, name, out, depth + 1);
    }
  }
}

static int has_descendant(const xmlNode *n, const char *name, int depth) {
  if (depth > MAX_DEPTH) return 0;
  for (xmlNode *k = n->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE) continue;
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
    collect(rows->v[r], "tc", &tcs, 0);
    cells += tcs.n;
    for (size_t i = 0; i < tcs.n && !nested; i++) nested = has_descendant(tcs.v[i], "tbl", 0);
    free(tcs.v);
  }
  return nested || cells == 1;
}

typedef struct {
  int row, cell; /* model position of the cell that started a vertical merge, or -1 */
} owner;

static void do_table(conv *c, const xmlNode *tbl, sbuf *cell, int depth) {
  if (c->nesting >= GK_MAX_NESTING) {
    if (!c->warned_nesting++)
      gk_diag_add(c->doc, GK_SEV_WARNING, "limit", NULL,
                  "tables or text boxes nested more than %d deep; the inner ones were skipped",
                  GK_MAX_NESTING);
    return;
  }
  c->nesting++;
  nodelist rows = {0};
  collect(tbl, "tr", &rows, 0);
  if (is_layout_table(&rows) || cell) {
    /* Unwrap: cell content in reading order (in a cell, as lines of the cell). */
    for (size_t r = 0; r < rows.n && !c->rc; r++) {
      nodelist tcs = {0};
      collect(rows.v[r], "tc", &tcs, 0);
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
    xmlNode *trpr = w_child(rows.v[r], "trPr");
    if (w_child(trpr, "del")) continue; /* a tracked row deletion */
    g = &c->doc->blocks[gi];
    gk_row *row = gk_grid_add_row(c->doc, g);
    if (!row) {
      oom(c);
      break;
    }
    int ri = (int)g->nrows - 1;
    int col = w_int(w_child(trpr, "gridBefore"), "val", 0);
    if (col < 0) col = 0;
    nodelist tcs = {0};
    collect(rows.v[r], "tc", &tcs, 0);
    for (size_t i = 0; i < tcs.n && !c->rc; i++) {
      xmlNode *tcpr = w_child(tcs.v[i], "tcPr");
      if (w_child(tcpr, "cellDel")) continue;
      int span = w_int(w_child(tcpr, "gridSpan"), "val", 1);
      if (span < 1) span = 1;
      if (span > GK_MAX_COLS) span = GK_MAX_COLS;
      xmlNode *vm = w_child(tcpr, "vMerge"), *hm = w_child(tcpr, "hMerge");
      const char *vmv = vm ? w_val(vm) : NULL;
      int restart = vm && vmv && strcmp(vmv, "restart") == 0;
      int cont = vm && !restart;
      sbuf text = {0};
      walk_blocks(c, tcs.v[i], &text, depth + 1);
      if (text.oom) {
        free(text.s);
        oom(c);
        break;
      }
      row = &c->doc->blocks[gi].rows[ri];
      /* Legacy horizontal merge: the continuation widens the cell on its left. */
      if (hm && !(w_val(hm) && strcmp(w_val(hm), "restart") == 0) && row->ncells > 0) {
        row->cells[row->ncells - 1].colspan += span;
        col += span;
        free(text.s);
        continue;
      }
      int in_range = col < GK_MAX_COLS;
      owner *o = in_range ? &own[col] : NULL;
      gk_cell *cl;
      if (cont && o && o->row >= 0) {
        /* A continuation of the cell above: the span goes on that cell. */
        gk_cell *top = &c->doc->blocks[gi].rows[o->row].cells[o->cell];
        top->rowspan = ri - o->row + 1;
        if (text.len && strspn(text.s, "\n\t ") < text.len) {
          const char *joined = gk_arena_printf(c->doc->arena, "%s\n%s", top->text, text.s);
          if (joined) top->text = joined;
        }
        cl = gk_row_add_cell(c->doc, row, "", 0);
        if (cl) {
          cl->covered = 1;
          cl->colspan = span;
        }
      } else {
        cl = gk_row_add_cell(c->doc, row, text.s ? text.s : "", text.len);
        if (cl) {
          cl->colspan = span;
          for (int k = col; k < col + span && k < GK_MAX_COLS; k++) own[k].row = -1;
          if (restart && o) {
            o->row = ri;
            o->cell = (int)row->ncells - 1;
          }
        }
      }
      free(text.s);
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
static void walk_blocks(conv *c, const xmlNode *parent, sbuf *cell, int depth) {
  if (depth > MAX_DEPTH) return;
  for (xmlNode *k = parent->children; k && !c->rc; k = k->next) {
    if (k->type != XML_ELEMENT_NODE) continue;
    if (is_w(k, "p")) {
      do_paragraph(c, k, cell, depth + 1);
    } else if (is_w(k, "tbl")) {
      do_table(c, k, cell, depth + 1);
    } else if (is_w(k, "sdt")) {
      xmlNode *content = w_child(k, "sdtContent");
      if (content) walk_blocks(c, content, cell, depth + 1);
    } else if (is_w(k, "customXml") || is_w(k, "ins") || is_w(k, "moveTo")) {
      walk_blocks(c, k, cell, depth + 1);
    } else if (is_w(k, "altChunk")) {
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
  xmlDoc *d = NULL;
  if (check_directory(&c)) goto done;
  if (!rel_target(&c, "_rels/.rels", "", "officeDocument", NULL, main_part, sizeof main_part)) {
    if (c.rc) goto done;
    snprintf(main_part, sizeof main_part, "word/document.xml");
  }
  if (find_part(&c, main_part) < 0 || strncasecmp(main_part, "xl/", 3) == 0 ||
      strncasecmp(main_part, "ppt/", 4) == 0) {
    not_docx(&c);
    goto done;
  }
  /* The main part's own relationships: numbering and styles. */
  const char *slash = strrchr(main_part, '/');
  snprintf(rels, sizeof rels, "%.*s_rels/%s.rels", slash ? (int)(slash - main_part + 1) : 0,
           main_part, slash ? slash + 1 : main_part);
  if (!rel_target(&c, rels, main_part, "numbering", NULL, numbering, sizeof numbering))
    snprintf(numbering, sizeof numbering, "word/numbering.xml");
  if (c.rc) goto done;
  if (!rel_target(&c, rels, main_part, "styles", NULL, styles, sizeof styles))
    snprintf(styles, sizeof styles, "word/styles.xml");
  if (c.rc) goto done;
  if (load_numbering(&c, numbering)) goto done;
  if (c.nnums && load_styles(&c, styles)) goto done;

  d = load_part(&c, main_part, 1);
  if (!d) goto done;
  xmlNode *root = xmlDocGetRootElement(d);
  if (!root || !ns_in(root, W_NS) || strcmp((const char *)root->name, "document") != 0) {
    fail(&c, GK_EFORMAT, "not a DOCX file: %s is not a Word document (root element <%s>)", main_part,
         root ? (const char *)root->name : "none");
    goto done;
  }
  xmlNode *body = w_child(root, "body");
  if (body) walk_blocks(&c, body, NULL, 0);
  if (c.rc == GK_ENOMEM) gk_diag_add(doc, GK_SEV_ERROR, "memory", NULL, "out of memory");

done:
  if (d) xmlFreeDoc(d);
  int rc = c.rc;
  conv_free(&c);
  return rc;
}
