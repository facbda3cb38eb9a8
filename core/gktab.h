/* gktab.h: public interface of gktab: the document model, the pipeline stages and the writers. */
#ifndef GKTAB_H
#define GKTAB_H

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

/** Creates an empty document for input named `source` (used in diagnostics and output).
 *  Returns NULL when out of memory. The caller frees it with gk_doc_free(). */
gk_doc *gk_doc_new(const char *source);

/** Frees the document and everything reachable from it. NULL is allowed. */
void gk_doc_free(gk_doc *doc);

/** Names the input kind: "text", "html", "docx", "pdf" or "unknown". Static string. */
const char *gk_format_name(gk_format fmt);

/** Detects the input kind from the first bytes. Never fails: unknown bytes are text. */
gk_format gk_format_detect(const unsigned char *buf, size_t len);

/** Converts `buf` (of the detected kind) into the document model of `doc`.
 *  Returns GK_OK, or a negative status with an error diagnostic explaining why. */
int gk_convert(gk_doc *doc, const unsigned char *buf, size_t len);

/** Maps the model onto the canonical tables. `schema_id` forces a template
 *  ("xxgk-2021" or "xxgk-2019"); NULL detects it. Returns GK_OK or GK_ENOMEM;
 *  problems of the document are diagnostics and checks, not failures. */
int gk_normalize(gk_doc *doc, const char *schema_id);

/** Runs every check rule over the canonical tables. Returns the number of
 *  error-severity failures (0 = the document passed), or GK_ENOMEM. */
int gk_check(gk_doc *doc);

/** Looks up a template by id. Returns NULL for an unknown id. Static data. */
const gk_schema *gk_schema_get(const char *id);

/** Writers: each writes `doc` to `out` and returns GK_OK or GK_EIO. */
typedef enum {
  GK_OUT_JSON,
  GK_OUT_CSV,
  GK_OUT_TEXT,
  GK_OUT_MD,
  GK_OUT_CHECKS,
  GK_OUT_DUMP, /* the model tree and diagnostics, for debugging (write_dump.c) */
} gk_output;

int gk_write(gk_doc *doc, gk_output kind, FILE *out, int first);

/** The command line as a function: arguments and streams in, exit code out. */
int gk_cli_main(int argc, char **argv, FILE *in, FILE *out, FILE *err);

#endif
