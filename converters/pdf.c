/* pdf.c: PDF converter. Not built yet: the input gets a clear error and exit 2. */
#include "../core/doc.h"
#include "convert.h"

int gk_convert_pdf(gk_doc *doc, const unsigned char *buf, size_t len) {
  (void)buf;
  (void)len;
  gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "PDF input is not supported yet");
  return GK_EFORMAT;
}
