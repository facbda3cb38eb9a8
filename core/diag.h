/* diag.h: positioned diagnostics of a document and their one printer. */
#ifndef GK_DIAG_H
#define GK_DIAG_H

#include <stdarg.h>
#include <stdio.h>

typedef enum { GK_SEV_NOTE, GK_SEV_WARNING, GK_SEV_ERROR } gk_severity;

typedef struct gk_diag {
  gk_severity severity;
  const char *code; /* short stable tag, e.g. "encoding", "ambiguous-digits" */
  const char *pos;  /* "line 12", "table 3:row 5", "page 4", or NULL */
  const char *msg;
} gk_diag;

struct gk_doc;

/** Records a diagnostic (printf-style message). Returns 0, or GK_ENOMEM when it
 *  could not be stored. Strings are copied into the doc's arena. */
int gk_diag_add(struct gk_doc *doc, gk_severity sev, const char *code, const char *pos,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/** Formats a message (at most 1023 bytes, cut at a character boundary) into the
 *  doc's arena. Returns NULL when out of memory. */
char *gk_diag_vmessage(struct gk_doc *doc, const char *fmt, va_list ap);

/** "warning", "error" or "note". Static string. */
const char *gk_severity_name(gk_severity sev);

/** Prints every diagnostic of `doc` at or above `min` as
 *  `source:pos: severity: message [code]`, one per line. */
void gk_diag_print(const struct gk_doc *doc, gk_severity min, FILE *err);

/** Whether the doc has an error-severity diagnostic. */
int gk_diag_has_error(const struct gk_doc *doc);

#endif
