/* encoding.c: bytes in any common encoding → valid UTF-8 (iconv). */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "utf8.h"

static int looks_utf16(const unsigned char *b, size_t len, int *le) {
  /* ASCII-heavy UTF-16 without a BOM has NULs in every other byte; CJK-only text
     does not, so this only catches the common mixed case. */
  if (len < 8 || len % 2) return 0;
  size_t even = 0, odd = 0, n = len < 4096 ? len : 4096;
  for (size_t i = 0; i + 1 < n; i += 2) {
    even += b[i] == 0;
    odd += b[i + 1] == 0;
  }
  size_t pairs = n / 2;
  if (odd * 4 > pairs && even * 20 < pairs) { *le = 1; return 1; }
  if (even * 4 > pairs && odd * 20 < pairs) { *le = 0; return 1; }
  return 0;
}

static int valid_utf8_prefix(const unsigned char *b, size_t len) {
  size_t i = 0;
  while (i < len) {
    size_t before = i;
    uint32_t cp = gk_utf8_next((const char *)b, len, &i);
    if (cp == 0xFFFD && i - before != 3) {
      /* A sequence cut by the end of a sniffing window is not an error. */
      if (len - before < 4 && b[before] >= 0xC2) return 1;
      return 0;
    }
  }
  return 1;
}

/* Mostly UTF-8: many valid multi-byte sequences and only a few bad bytes (a file
 * that was damaged or concatenated). GB18030 text is almost never valid UTF-8 in
 * more than a few places, so the ratio separates the two. */
static int mostly_utf8(const unsigned char *b, size_t len) {
  size_t i = 0, good = 0, bad = 0;
  while (i < len) {
    size_t before = i;
    uint32_t cp = gk_utf8_next((const char *)b, len, &i);
    if (cp == 0xFFFD && i - before != 3) bad++;
    else if (i - before > 1) good++;
  }
  return good >= 8 && bad * 20 <= good;
}

const char *gk_enc_sniff(const unsigned char *b, size_t len) {
  int le;
  if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return "UTF-8";
  if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE) return "UTF-16LE";
  if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF) return "UTF-16BE";
  if (valid_utf8_prefix(b, len)) return "UTF-8";
  if (looks_utf16(b, len, &le)) return le ? "UTF-16LE" : "UTF-16BE";
  if (mostly_utf8(b, len)) return "UTF-8";
  return "GB18030";
}

/* Canonical names for the labels documents declare. */
static const char *canonical_charset(const char *cs) {
  static const struct { const char *alias, *name; } map[] = {
      {"utf-8", "UTF-8"},     {"utf8", "UTF-8"},       {"gb2312", "GB18030"},
      {"gbk", "GB18030"},     {"gb18030", "GB18030"},  {"x-gbk", "GB18030"},
      {"cp936", "GB18030"},   {"euc-cn", "GB18030"},   {"utf-16", "UTF-16"},
      {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"}, {"big5", "BIG5"},
      {"iso-8859-1", "WINDOWS-1252"}, {"windows-1252", "WINDOWS-1252"},
      {"us-ascii", "UTF-8"},  {"ascii", "UTF-8"},
  };
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcasecmp(cs, map[i].alias) == 0) return map[i].name;
  return NULL;
}

/* Appends bytes to a growing arena buffer. */
typedef struct {
  gk_doc *doc;
  char *p;
  size_t len, cap;
} obuf;

static int ob_reserve(obuf *o, size_t extra) {
  if (o->len + extra + 1 <= o->cap) return 0;
  size_t ncap = o->cap ? o->cap : 256;
  while (ncap < o->len + extra + 1) ncap *= 2;
  char *n = gk_arena_alloc(o->doc->arena, ncap);
  if (!n) return -1;
  if (o->len) memcpy(n, o->p, o->len);
  o->p = n;
  o->cap = ncap;
  return 0;
}

/* Copies UTF-8, replacing invalid sequences and dropping NULs. */
static int copy_utf8(obuf *o, const unsigned char *b, size_t len, size_t *bad) {
  if (ob_reserve(o, len * 3)) return GK_ENOMEM;
  size_t i = 0;
  while (i < len) {
    size_t before = i;
    uint32_t cp = gk_utf8_next((const char *)b, len, &i);
    if (cp == 0) continue;
    if (cp == 0xFFFD && i - before != 3) (*bad)++;
    o->len += (size_t)gk_utf8_put(cp, o->p + o->len);
  }
  o->p[o->len] = '\0';
  return GK_OK;
}

static int convert_iconv(obuf *o, const char *from, const unsigned char *b, size_t len,
                         size_t *bad) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) return GK_EFORMAT;
  if (ob_reserve(o, len * 2 + 16)) {
    iconv_close(cd);
    return GK_ENOMEM;
  }
  char *in = (char *)b;
  size_t inleft = len;
  size_t unit = strncmp(from, "UTF-16", 6) == 0 ? 2 : 1;
  while (inleft > 0) {
    if (ob_reserve(o, 64)) {
      iconv_close(cd);
      return GK_ENOMEM;
    }
    char *outp = o->p + o->len;
    size_t outleft = o->cap - o->len - 1;
    size_t r = iconv(cd, &in, &inleft, &outp, &outleft);
    o->len = (size_t)(outp - o->p);
    if (r != (size_t)-1) break;
    if (errno == E2BIG) {
      if (ob_reserve(o, o->cap)) {
        iconv_close(cd);
        return GK_ENOMEM;
      }
    } else {
      /* EILSEQ or EINVAL (truncated at the end): emit U+FFFD and skip one unit. */
      if (ob_reserve(o, 4)) {
        iconv_close(cd);
        return GK_ENOMEM;
      }
      o->len += (size_t)gk_utf8_put(0xFFFD, o->p + o->len);
      size_t skip = inleft < unit ? inleft : unit;
      in += skip;
      inleft -= skip;
      (*bad)++;
      iconv(cd, NULL, NULL, NULL, NULL);
    }
  }
  iconv_close(cd);
  o->p[o->len] = '\0';
  /* iconv may pass NULs through (UTF-16 text with U+0000): drop them. */
  size_t w = 0;
  for (size_t r2 = 0; r2 < o->len; r2++)
    if (o->p[r2]) o->p[w++] = o->p[r2];
  o->len = w;
  o->p[w] = '\0';
  return GK_OK;
}

int gk_enc_decode(gk_doc *doc, const unsigned char *buf, size_t len, const char *charset,
                   char **out, size_t *outlen, const char **used) {
  obuf o = {doc, NULL, 0, 0};
  size_t bad = 0;
  const char *enc = NULL;
  /* A BOM outranks any declaration: it is what the bytes are. */
  if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
    enc = "UTF-8";
    buf += 3;
    len -= 3;
  } else if (len >= 2 && buf[0] == 0xFF && buf[1] == 0xFE) {
    enc = "UTF-16LE";
    buf += 2;
    len -= 2;
  } else if (len >= 2 && buf[0] == 0xFE && buf[1] == 0xFF) {
    enc = "UTF-16BE";
    buf += 2;
    len -= 2;
  } else if (charset && (enc = canonical_charset(charset)) != NULL) {
    /* A page declared GBK that is in fact valid UTF-8 is common on re-saved sites. */
    if (strcmp(enc, "UTF-8") != 0 && valid_utf8_prefix(buf, len)) {
      size_t hi = 0;
      for (size_t i = 0; i < len; i++) hi += buf[i] >= 0x80;
      if (hi > 0) enc = "UTF-8";
    }
  } else {
    enc = gk_enc_sniff(buf, len);
  }
  int rc;
  if (strcmp(enc, "UTF-8") == 0)
    rc = copy_utf8(&o, buf, len, &bad);
  else
    rc = convert_iconv(&o, enc, buf, len, &bad);
  if (rc == GK_EFORMAT) {
    gk_diag_add(doc, GK_SEV_ERROR, "encoding", NULL, "encoding %s is not supported", enc);
    return rc;
  }
  if (rc) return rc;
  if (!o.p && ob_reserve(&o, 1)) return GK_ENOMEM;
  o.p[o.len] = '\0';
  if (bad)
    gk_diag_add(doc, GK_SEV_WARNING, "encoding", NULL,
                "%zu invalid %s sequence%s replaced by U+FFFD", bad, enc, bad == 1 ? "" : "s");
  *out = o.p;
  *outlen = o.len;
  if (used) *used = enc;
  return GK_OK;
}
