/* utf8.c: UTF-8 decoding and validation helpers shared by every stage. */
#include "utf8.h"

#include <string.h>

uint32_t gk_utf8_next_multi(const char *str, size_t len, size_t *i) {
  const unsigned char *s = (const unsigned char *)str;
  size_t p = *i;
  unsigned char c = s[p];
  uint32_t cp;
  int n;
  /* Fast path for the three-byte forms that CJK text is made of. */
  if (c >= 0xE1 && c <= 0xEC && p + 2 < len && (s[p + 1] & 0xC0) == 0x80 &&
      (s[p + 2] & 0xC0) == 0x80) {
    *i = p + 3;
    return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[p + 1] & 0x3F) << 6) | (s[p + 2] & 0x3F);
  }
  if (c < 0x80) {
    *i = p + 1;
    return c;
  } else if (c >= 0xC2 && c <= 0xDF) {
    cp = c & 0x1F;
    n = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    cp = c & 0x0F;
    n = 2;
  } else if (c >= 0xF0 && c <= 0xF4) {
    cp = c & 0x07;
    n = 3;
  } else {
    *i = p + 1;
    return 0xFFFD;
  }
  for (int k = 1; k <= n; k++) {
    if (p + (size_t)k >= len || (s[p + k] & 0xC0) != 0x80) {
      *i = p + 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (s[p + k] & 0x3F);
  }
  /* Reject overlong forms, surrogates and values past U+10FFFF. */
  if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    *i = p + 1;
    return 0xFFFD;
  }
  *i = p + (size_t)n + 1;
  return cp;
}

int gk_utf8_valid(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    if (s[i] == '\0') return 0;
    size_t before = i;
    uint32_t cp = gk_utf8_next(s, len, &i);
    /* A literal U+FFFD is three bytes; a decoding failure advances one. */
    if (cp == 0xFFFD && i - before != 3) return 0;
  }
  return 1;
}

int gk_cp_is_cjk(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x2FDF) ||  /* radicals */
         (cp >= 0x3000 && cp <= 0x303F && cp != 0x3000) || /* CJK punctuation */
         (cp >= 0x3040 && cp <= 0x30FF) ||  /* kana */
         (cp >= 0x3400 && cp <= 0x4DBF) ||  /* ext A */
         (cp >= 0x4E00 && cp <= 0x9FFF) ||  /* unified */
         (cp >= 0xF900 && cp <= 0xFAFF) ||  /* compatibility */
         (cp >= 0xFF01 && cp <= 0xFF60) ||  /* full-width forms */
         (cp >= 0x20000 && cp <= 0x3134F) || /* ext B.. */
         cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019;
}

void gk_utf8_trim(char *s) {
  size_t len = strlen(s);
  /* Walk back over continuation bytes to the last lead byte; drop it if its
     sequence is not complete. */
  size_t i = len, cont = 0;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && cont < 3) {
    i--;
    cont++;
  }
  if (i == 0) return;
  unsigned char lead = (unsigned char)s[i - 1];
  size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  if (lead >= 0x80 && cont < need) s[i - 1] = '\0';
}
