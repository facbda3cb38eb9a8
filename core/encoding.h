/* encoding.h: bytes in any common encoding → valid UTF-8 (iconv). */
#ifndef GK_ENCODING_H
#define GK_ENCODING_H

#include <stddef.h>

struct gk_doc;

/** Decodes `buf` to UTF-8 into the doc's arena (*out, NUL-terminated, *outlen bytes).
 *  `charset` names the encoding declared by the document (HTML meta), or NULL to sniff:
 *  a BOM (UTF-8, UTF-16LE/BE), else valid UTF-8, else BOM-less UTF-16, else GB18030
 *  (a superset of GBK and GB2312). Invalid sequences become U+FFFD and NUL bytes are
 *  dropped; a warning diagnostic counts them. *used receives the encoding's name
 *  (static). Returns GK_OK, GK_ENOMEM, or GK_EFORMAT when iconv lacks the encoding. */
int gk_enc_decode(struct gk_doc *doc, const unsigned char *buf, size_t len, const char *charset,
                   char **out, size_t *outlen, const char **used);

/** Sniffs the encoding without decoding: the name gk_enc_decode would use. Static. */
const char *gk_enc_sniff(const unsigned char *buf, size_t len);

#endif
