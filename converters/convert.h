/* convert.h: converters: bytes of one input kind in, the document model out.
 * A converter never opens files or prints; problems are diagnostics on the doc.
 * Each returns GK_OK, or a negative status with an error diagnostic saying why.
 * The registry below has one row per converter: adding a kind is one file and
 * one row in convert.c. */
#ifndef GK_CONVERT_H
#define GK_CONVERT_H

#include <stddef.h>

#include "../core/base.h"

typedef int (*gk_convert_fn)(gk_doc *doc, const unsigned char *buf, size_t len);

int gk_convert_text(gk_doc *doc, const unsigned char *buf, size_t len);
int gk_convert_html(gk_doc *doc, const unsigned char *buf, size_t len);
int gk_convert_docx(gk_doc *doc, const unsigned char *buf, size_t len);
int gk_convert_pdf(gk_doc *doc, const unsigned char *buf, size_t len);

/* One converter: what it reads, how its input is recognized, and where its code is. */
typedef struct gk_converter {
  gk_format kind;
  const char *name; /* "html": the kind's name and its module's (gkconv_html.so) */
  /* Whether the first bytes are of this kind; cheap, needs no heavy library. */
  int (*sniff)(const unsigned char *buf, size_t len);
  /* The converter when linked in; NULL when it lives in a module loaded on first use. */
  gk_convert_fn convert;
  const char *symbol; /* the converter's name in its module */
} gk_converter;

/** The registry, in sniffing order (the last row, text, takes everything). Static. */
extern const gk_converter gk_converters[];

/** The registry row of `kind`, or NULL. Static. */
const gk_converter *gk_converter_get(gk_format kind);

/** Detects the input kind from the first bytes. Never fails: unknown bytes are text. */
gk_format gk_format_detect(const unsigned char *buf, size_t len);

/** Converts `buf` (of the detected kind) into the document model of `doc`.
 *  Returns GK_OK, or a negative status with an error diagnostic explaining why. */
int gk_convert(gk_doc *doc, const unsigned char *buf, size_t len);

#endif
