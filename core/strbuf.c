/* strbuf.c: a growable, NUL-terminated byte buffer for converters. */
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

void gk_strbuf_add(gk_strbuf *b, const char *s, size_t n) {
  if (b->oom || n == 0) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void gk_strbuf_add_str(gk_strbuf *b, const char *s) { gk_strbuf_add(b, s, strlen(s)); }

void gk_strbuf_add_cp(gk_strbuf *b, uint32_t cp) {
  if (cp > 0x10FFFF) return;
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
  char u[4];
  gk_strbuf_add(b, u, (size_t)gk_utf8_put(cp, u));
}

void gk_strbuf_clear(gk_strbuf *b) {
  b->len = 0;
  if (b->p) b->p[0] = '\0';
}

void gk_strbuf_free(gk_strbuf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
  b->oom = 0;
}
