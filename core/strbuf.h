/* strbuf.h: a growable, NUL-terminated byte buffer for converters that assemble
 * text before it is copied into the model. Heap memory, not the arena: buffers are
 * reused and freed by the converter. */
#ifndef GK_STRBUF_H
#define GK_STRBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct gk_strbuf {
  char *p;    /* NUL-terminated once anything was added; NULL before */
  size_t len; /* bytes in p, NUL excluded */
  size_t cap;
  int oom;    /* an append failed for want of memory; later appends are ignored */
} gk_strbuf;

/** Appends n bytes of s. On allocation failure sets b->oom and appends nothing. */
void gk_strbuf_add(gk_strbuf *b, const char *s, size_t n);

/** Appends a NUL-terminated string. */
void gk_strbuf_add_str(gk_strbuf *b, const char *s);

/** Appends cp as UTF-8; a surrogate becomes U+FFFD and a value past U+10FFFF is dropped. */
void gk_strbuf_add_cp(gk_strbuf *b, uint32_t cp);

/** Empties the buffer, keeping its memory. */
void gk_strbuf_clear(gk_strbuf *b);

/** Frees the buffer's memory; the struct can be reused afterwards. */
void gk_strbuf_free(gk_strbuf *b);

#endif
