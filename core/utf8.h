/* utf8.h: UTF-8 decoding and validation helpers shared by every stage. */
#ifndef GK_UTF8_H
#define GK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/** Decodes one code point at s[*i] (len bytes total) and advances *i. Returns the
 *  code point, or 0xFFFD for an invalid or truncated sequence (advancing one byte). */
uint32_t gk_utf8_next_multi(const char *s, size_t len, size_t *i);

static inline uint32_t gk_utf8_next(const char *s, size_t len, size_t *i) {
  /* ASCII is most of what the hot loops see. */
  const unsigned char *u = (const unsigned char *)s + *i;
  if (u[0] < 0x80) {
    (*i)++;
    return u[0];
  }
  /* Three-byte forms without overlong or surrogate cases: the CJK text. */
  if (u[0] >= 0xE1 && u[0] <= 0xEC && *i + 2 < len && (u[1] & 0xC0) == 0x80 &&
      (u[2] & 0xC0) == 0x80) {
    *i += 3;
    return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
  }
  return gk_utf8_next_multi(s, len, i);
}

/** Encodes `cp` into out (at least 4 bytes). Returns the number of bytes written.
 *  Inline: every character of every page and cell passes through it. */
static inline int gk_utf8_put(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/** Whether s[0..len) is valid UTF-8 without NUL bytes. */
int gk_utf8_valid(const char *s, size_t len);

/** Cuts s (NUL-terminated) before an incomplete sequence at its end, as a
 *  truncating snprintf may leave. */
void gk_utf8_trim(char *s);

/** Whether cp is a CJK ideograph, CJK punctuation or a full-width form: a character
 *  between two of which a space is an artefact, never meaningful. */
int gk_cp_is_cjk(uint32_t cp);

/** Whether cp is white space (ASCII, NBSP, ideographic space, other Unicode spaces).
 *  Inline: it is asked of every code point the normalizer reads. */
static inline int gk_cp_is_space(uint32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
  if (cp < 0x2000) return cp == 0xA0;
  return cp <= 0x200B || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

#endif
