/* docx.c: DOCX converter: libzip (from memory) + libxml2 SAX → paragraphs and raw grids.
 *
 * The phases, one module each:
 *   docx_zip.c        the container: zip-bomb limits from the central directory,
 *                     bounded inflate, naming what is not a DOCX;
 *   docx_xml.c        an XML part → a compact tree (libxml2 SAX, no network, no
 *                     entities, no DOCTYPE);
 *   docx_numbering.c  numbering.xml and styles.xml → list labels;
 *   docx_body.c       the document body → paragraph and grid blocks.
 * This file finds the parts through the package relationships and runs the phases.
 * No libzip or libxml2 object outlives gk_convert_docx(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/doc.h"
#include "convert.h"
#include "docx_body.h"
#include "docx_diag.h"
#include "docx_numbering.h"
#include "docx_xml.h"
#include "docx_zip.h"

/* Bytes of a part name resolved from a relationship target; longer names are cut
 * (OPC part names are short paths). */
#define PART_NAME_MAX 512
/* Most path segments of a relationship target that are folded (dir/../ and ./). */
#define MAX_SEGMENTS 64

/* Resolves a relationship target against the directory of `base` ("word/document.xml"). */
static void resolve_target(const char *base, const char *target, char *out, size_t cap) {
  char path[PART_NAME_MAX];
  if (target[0] == '/') {
    snprintf(path, sizeof path, "%s", target + 1);
  } else {
    const char *slash = strrchr(base, '/');
    int dl = slash ? (int)(slash - base + 1) : 0;
    snprintf(path, sizeof path, "%.*s%s", dl, base, target);
  }
  /* Fold "dir/../" and "./" segments. */
  char *seg[MAX_SEGMENTS];
  int nseg = 0;
  for (char *tok = strtok(path, "/"); tok && nseg < MAX_SEGMENTS; tok = strtok(NULL, "/")) {
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

/* Looks up the target of the first internal relationship of `type` (its last path
 * segment, e.g. "officeDocument") in the rels tree of part `base`. Returns 1 with
 * out set, else 0. */
static int rel_target(const gk_docx_tree *rels, const char *base, const char *type, char *out,
                      size_t cap) {
  const gk_docx_node *root = gk_docx_tree_root(rels);
  for (const gk_docx_node *n = root ? root->children : NULL; n; n = n->next) {
    if (!is_el(n) || n->id != N_Relationship) continue;
    const char *t = gk_docx_attr_in(n, N_Type, 0), *target = gk_docx_attr_in(n, N_Target, 0);
    const char *mode = gk_docx_attr_in(n, N_TargetMode, 0);
    if (!t || !target || (mode && strcmp(mode, "External") == 0)) continue;
    const char *last = strrchr(t, '/');
    if (!(last && strcmp(last + 1, type) == 0)) continue;
    resolve_target(base, target, out, cap);
    return 1;
  }
  return 0;
}

/* Inflates and parses part `name` into t. Returns GK_OK with t empty when the part
 * is absent and not required; else the status of a diagnosed failure. */
static int load_part(gk_doc *doc, gk_docx_zip *z, const char *name, int required,
                     gk_docx_tree *t) {
  memset(t, 0, sizeof *t);
  t->root = -1;
  char *buf;
  size_t len;
  int rc = gk_docx_zip_read(doc, z, name, &buf, &len);
  if (rc) return rc;
  if (!buf)
    return required ? gk_docx_fail(doc, GK_EFORMAT, "not a DOCX file: %s is missing", name) : GK_OK;
  rc = gk_docx_tree_parse(doc, name[0] == '/' ? name + 1 : name, buf, len, t);
  free(buf);
  return rc;
}

/* The parts a conversion reads, found through the package relationships. */
typedef struct {
  char main[PART_NAME_MAX], numbering[PART_NAME_MAX], styles[PART_NAME_MAX];
} parts;

/* Finds the main document part (_rels/.rels → officeDocument), then its numbering
 * and styles parts (its own rels), each with the conventional name as default.
 * Returns GK_OK, or a diagnosed status (also when the package holds no Word
 * document: then the diagnostic says what it is). */
static int find_parts(gk_doc *doc, gk_docx_zip *z, parts *p) {
  gk_docx_tree d;
  int rc = load_part(doc, z, "_rels/.rels", 0, &d);
  if (rc || !rel_target(&d, "", "officeDocument", p->main, sizeof p->main))
    snprintf(p->main, sizeof p->main, "word/document.xml");
  gk_docx_tree_free(&d);
  if (rc) return rc;
  if (!gk_docx_zip_has(z, p->main) || strncasecmp(p->main, "xl/", 3) == 0 ||
      strncasecmp(p->main, "ppt/", 4) == 0)
    return gk_docx_zip_not_docx(doc, z);
  /* The main part's own relationships: "word/_rels/document.xml.rels". */
  char rels[PART_NAME_MAX + 16];
  const char *slash = strrchr(p->main, '/');
  snprintf(rels, sizeof rels, "%.*s_rels/%s.rels", slash ? (int)(slash - p->main + 1) : 0,
           p->main, slash ? slash + 1 : p->main);
  rc = load_part(doc, z, rels, 0, &d);
  if (rc) return rc;
  if (!rel_target(&d, p->main, "numbering", p->numbering, sizeof p->numbering))
    snprintf(p->numbering, sizeof p->numbering, "word/numbering.xml");
  if (!rel_target(&d, p->main, "styles", p->styles, sizeof p->styles))
    snprintf(p->styles, sizeof p->styles, "word/styles.xml");
  gk_docx_tree_free(&d);
  return GK_OK;
}

/* Parses the main part and walks its body into doc. */
static int convert_main(gk_doc *doc, gk_docx_zip *z, const char *main, gk_docx_numbering *nb) {
  gk_docx_tree d;
  int rc = load_part(doc, z, main, /*required*/ 1, &d);
  const gk_docx_node *root = gk_docx_tree_root(&d);
  if (!rc && (!root || root->ns != NS_W || root->id != N_document))
    rc = gk_docx_fail(doc, GK_EFORMAT, "not a DOCX file: %s is not a Word document (root element <%s>)",
                      main, root ? gk_docx_tree_root_name(&d) : "none");
  const gk_docx_node *body = rc ? NULL : gk_docx_child(root, N_body);
  if (body) rc = gk_docx_body_walk(doc, body, nb);
  gk_docx_tree_free(&d);
  return rc;
}

/* The module is built with hidden visibility (meson.build): only this is exported. */
__attribute__((visibility("default"))) int gk_convert_docx(gk_doc *doc, const unsigned char *buf,
                                                           size_t len) {
  gk_docx_zip *z = NULL;
  gk_docx_numbering nb;
  memset(&nb, 0, sizeof nb);
  parts p;
  int rc = gk_docx_zip_open(doc, buf, len, &z);
  if (!rc) rc = find_parts(doc, z, &p);
  if (!rc) rc = gk_docx_numbering_load(doc, z, p.numbering, p.styles, &nb);
  if (!rc) rc = convert_main(doc, z, p.main, &nb);
  if (rc == GK_ENOMEM) gk_diag_add(doc, GK_SEV_ERROR, "memory", NULL, "out of memory");
  gk_docx_numbering_free(&nb);
  gk_docx_zip_free(z);
  return rc;
}
