/* docx_diag.h: how the DOCX converter's phases report a fatal problem of the input.
 * Private to the DOCX converter (converters/docx*.c). */
#ifndef GK_DOCX_DIAG_H
#define GK_DOCX_DIAG_H

struct gk_doc;

/** Adds an error diagnostic to `doc` (code "limit" when rc is GK_ELIMIT, else
 *  "format"; printf-style message) and returns rc, so a phase can `return
 *  gk_docx_fail(...)`. The message is copied into the doc. */
int gk_docx_fail(struct gk_doc *doc, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
