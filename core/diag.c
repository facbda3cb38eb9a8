/* diag.c: positioned diagnostics of a document and their one printer. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "utf8.h"

char *gk_diag_vmessage(gk_doc *doc, const char *fmt, va_list ap) {
  char buf[1024];
  vsnprintf(buf, sizeof buf, fmt, ap);
  gk_utf8_trim(buf); /* a long message may have been cut inside a character */
  size_t len = strlen(buf);
  if (gk_utf8_valid(buf, len)) return gk_arena_strdup(doc->arena, buf);
  /* A library's message quoted in ours may hold invalid bytes (json-glib quotes the
     token it choked on cut at a byte count, inside a character): each becomes
     U+FFFD, so that every writer's output stays valid UTF-8. */
  char *out = gk_arena_alloc_uninit(doc->arena, 3 * len + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len;) o += (size_t)gk_utf8_put(gk_utf8_next(buf, len, &i), out + o);
  out[o] = '\0';
  return out;
}

int gk_diag_add(gk_doc *doc, gk_severity sev, const char *code, const char *pos,
                const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = gk_diag_vmessage(doc, fmt, ap);
  va_end(ap);
  if (!msg) return GK_ENOMEM;
  gk_diag *d = gk_arena_grow(doc->arena, doc->diags, doc->ndiags, &doc->capdiags, sizeof *d);
  if (!d) return GK_ENOMEM;
  doc->diags = d;
  d = &doc->diags[doc->ndiags];
  d->severity = sev;
  d->code = code;
  d->pos = gk_arena_strdup(doc->arena, pos);
  d->msg = msg;
  doc->ndiags++;
  return GK_OK;
}

const char *gk_severity_name(gk_severity sev) {
  switch (sev) {
    case GK_SEV_ERROR: return "error";
    case GK_SEV_WARNING: return "warning";
    default: return "note";
  }
}

void gk_diag_print(const gk_doc *doc, gk_severity min, FILE *err) {
  for (size_t i = 0; i < doc->ndiags; i++) {
    const gk_diag *d = &doc->diags[i];
    if (d->severity < min) continue;
    fprintf(err, "%s%s%s: %s: %s [%s]\n", doc->source, d->pos ? ":" : "", d->pos ? d->pos : "",
            gk_severity_name(d->severity), d->msg, d->code);
  }
}

int gk_diag_has_error(const gk_doc *doc) {
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].severity == GK_SEV_ERROR) return 1;
  return 0;
}
