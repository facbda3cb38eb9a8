/* convert.h: converters: bytes of one input kind in, the document model out.
 * A converter never opens files or prints; problems are diagnostics on the doc.
 * Each returns GK_OK, or a negative status with an error diagnostic saying why. */
#ifndef GK_CONVERT_H
#define GK_CONVERT_H

#include <stddef.h>

struct gk_doc;

int gk_convert_text(struct gk_doc *doc, const unsigned char *buf, size_t len);
int gk_convert_html(struct gk_doc *doc, const unsigned char *buf, size_t len);
int gk_convert_docx(struct gk_doc *doc, const unsigned char *buf, size_t len);
int gk_convert_pdf(struct gk_doc *doc, const unsigned char *buf, size_t len);

#endif
