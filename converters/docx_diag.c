/* docx_diag.c: the DOCX converter's error diagnostics. */
#include "docx_diag.h"

#include <stdarg.h>
#include <stdio.h>

#include "../core/doc.h"

int gk_docx_fail(gk_doc *doc, int rc, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  gk_diag_add(doc, GK_SEV_ERROR, rc == GK_ELIMIT ? "limit" : "format", NULL, "%s", msg);
  return rc;
}
