/* convert.c: input kind detection from content, and dispatch to the converters. */
#include "convert.h"

#include <string.h>
#include <strings.h>

#include "../core/doc.h"

/* Case-insensitive search in the first bytes, skipping NULs of UTF-16. */
static int head_has(const unsigned char *b, size_t len, const char *needle) {
  char buf[2048];
  size_t o = 0;
  for (size_t i = 0; i < len && o < sizeof buf - 1; i++)
    if (b[i]) buf[o++] = (char)b[i];
  buf[o] = '\0';
  return strcasestr(buf, needle) != NULL;
}

gk_format gk_format_detect(const unsigned char *b, size_t len) {
  if (len >= 4 && memcmp(b, "%PDF", 4) == 0) return GK_FMT_PDF;
  /* Some PDFs have junk before the header; the spec allows 1024 bytes. */
  for (size_t i = 0; i + 5 < len && i < 1024; i++)
    if (memcmp(b + i, "%PDF-", 5) == 0) return GK_FMT_PDF;
  if (len >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) return GK_FMT_DOCX;
  if (len >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) return GK_FMT_DOCX;
  /* HTML: markup near the start, after a BOM and white space. */
  size_t n = len < 4096 ? len : 4096;
  size_t i = 0;
  if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) i = 3;
  while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n' || b[i] == 0 ||
                   b[i] == 0xFF || b[i] == 0xFE))
    i++;
  if (i < n && b[i] == '<' &&
      (head_has(b + i, n - i, "<html") || head_has(b + i, n - i, "<!doctype html") ||
       head_has(b + i, n - i, "<table") || head_has(b + i, n - i, "<body") ||
       head_has(b + i, n - i, "<div") || head_has(b + i, n - i, "<p") ||
       head_has(b + i, n - i, "<meta") || head_has(b + i, n - i, "<head")))
    return GK_FMT_HTML;
  return GK_FMT_TEXT;
}

/* Common binary formats that are not reports, named in the error. */
static const char *binary_kind(const unsigned char *b, size_t len) {
  static const struct { const char *magic; size_t n; const char *name; } kinds[] = {
      {"\x89PNG", 4, "a PNG image"},       {"\xFF\xD8\xFF", 3, "a JPEG image"},
      {"GIF8", 4, "a GIF image"},          {"\x1F\x8B", 2, "gzip-compressed data"},
      {"Rar!", 4, "a RAR archive"},        {"7z\xBC\xAF", 4, "a 7z archive"},
      {"{\\rtf", 5, "an RTF document (convert it with soffice --headless --convert-to docx)"},
      {"\x7F" "ELF", 4, "an executable"},
  };
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (len >= kinds[i].n && memcmp(b, kinds[i].magic, kinds[i].n) == 0) return kinds[i].name;
  return NULL;
}

int gk_convert(gk_doc *doc, const unsigned char *buf, size_t len) {
  const char *bin = binary_kind(buf, len);
  if (bin) {
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL, "not a report: %s", bin);
    return GK_EFORMAT;
  }
  if (len > GK_MAX_INPUT_BYTES) {
    gk_diag_add(doc, GK_SEV_ERROR, "limit", NULL, "input is %zu bytes; the limit is %u", len,
                GK_MAX_INPUT_BYTES);
    return GK_ELIMIT;
  }
  doc->format = gk_format_detect(buf, len);
  switch (doc->format) {
    case GK_FMT_HTML: return gk_convert_html(doc, buf, len);
    case GK_FMT_DOCX: return gk_convert_docx(doc, buf, len);
    case GK_FMT_PDF: return gk_convert_pdf(doc, buf, len);
    default: return gk_convert_text(doc, buf, len);
  }
}
