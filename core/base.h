/* base.h: what every room shares: status codes, input kinds, the opaque model types,
 * and core's own entry points (document, templates, checker, writers). The stages
 * that fill the model are declared in their rooms (converters/convert.h,
 * normalizer/normalize.h); cli/gktab.h chains them. */
#ifndef GK_BASE_H
#define GK_BASE_H

#include <stddef.h>
#include <stdio.h>

#define GK_VERSION "0.1.0"

/* Status codes. 0 is success; a negative value means processing stopped. */
enum {
  GK_OK = 0,
  GK_ENOMEM = -1,  /* out of memory */
  GK_EIO = -2,     /* the input could not be read */
  GK_EFORMAT = -3, /* the input is not of a kind gktab can convert */
  GK_ELIMIT = -4,  /* the input exceeds a hard limit (size, nesting, ratio) */
};

/* Input kinds, detected from content (never from the file name). */
typedef enum {
  GK_FMT_UNKNOWN = 0,
  GK_FMT_TEXT,
  GK_FMT_HTML,
  GK_FMT_DOCX,
  GK_FMT_PDF,
} gk_format;

typedef struct gk_doc gk_doc;
typedef struct gk_schema gk_schema;

/** Creates an empty document for input named `source` (used in diagnostics and output;
 *  bytes of it that are not valid UTF-8 are shown as \xHH).
 *  Returns NULL when out of memory. The caller frees it with gk_doc_free(). */
gk_doc *gk_doc_new(const char *source);

/** Frees the document and everything reachable from it. NULL is allowed. */
void gk_doc_free(gk_doc *doc);

/** Names the input kind: "text", "html", "docx", "pdf" or "unknown". Static string. */
const char *gk_format_name(gk_format fmt);

/** Runs every check rule over the canonical tables. Returns the number of
 *  error-severity failures (0 = the document passed), or GK_ENOMEM. */
int gk_check(gk_doc *doc);

/** Looks up a template by id. Returns NULL for an unknown id. Static data. */
const gk_schema *gk_schema_get(const char *id);

/* Views of the model that writers print, built by the normalizer only when the
 * output asks for them (building them costs as much as the mapping of a text report). */
enum {
  GK_VIEW_SECTIONS = 1, /* the prose of parts 一, 五, 六 (JSON's sections) */
  GK_VIEW_TEXT = 2,     /* every block cleaned, grids laid out (the text writer) */
};

/** Writers: each writes `doc` to `out` and returns GK_OK or GK_EIO. */
typedef enum {
  GK_OUT_JSON,
  GK_OUT_CSV,
  GK_OUT_TEXT,
  GK_OUT_MD,
  GK_OUT_CHECKS,
  GK_OUT_DUMP, /* the model tree and diagnostics, for debugging (write_dump.c) */
  GK_OUT_HTML, /* a standalone review page (write_html.c) */
} gk_output;

/** Writes the document in `kind` to out; GK_EIO when the stream failed. Reads a
 *  const model: the views the writer prints are built first by gk_normalize_views. */
int gk_write(const gk_doc *doc, gk_output kind, FILE *out, int first);

/** The views output `kind` prints (GK_VIEW_* bits), to pass to gk_normalize_views. */
unsigned gk_write_views(gk_output kind);

#endif
