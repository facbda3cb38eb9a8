/* convert.c: the converter registry: input kinds detected from content, and dispatch. */
#include "convert.h"
#include "module.h"

#include <string.h>
#include <strings.h>

#include "../core/doc.h"

/* The first bytes lower-cased, NULs of UTF-16 skipped, for tag searches. Returns
 * whether there is a '<' at all (most text has none: nothing more to look at). */
static int head_lower(const unsigned char *b, size_t len, char *buf, size_t cap) {
  size_t o = 0;
  int lt = 0;
  for (size_t i = 0; i < len && o < cap - 1; i++) {
    if (!b[i]) continue;
    lt |= b[i] == '<';
    buf[o++] = (char)(b[i] >= 'A' && b[i] <= 'Z' ? b[i] + 32 : b[i]);
  }
  buf[o] = '\0';
  return lt;
}

static int sniff_pdf(const unsigned char *b, size_t len) {
  if (len >= 4 && memcmp(b, "%PDF", 4) == 0) return 1;
  /* Some PDFs have junk before the header; the PDF spec allows 1024 bytes of it. */
  for (size_t i = 0; i + 5 < len && i < 1024; i++)
    if (memcmp(b + i, "%PDF-", 5) == 0) return 1;
  return 0;
}

/* A zip (DOCX, or an xlsx/odt the DOCX converter names) or an OLE file (.doc). */
static int sniff_docx(const unsigned char *b, size_t len) {
  return (len >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) ||
         (len >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0);
}

/* How far into the input HTML sniffing looks. */
#define SNIFF_WINDOW 8192

/* HTML: a tag, comment or doctype first (after a BOM and white space), or markup
 * tags near the start of a page that opens with text. */
static int sniff_html(const unsigned char *b, size_t len) {
  size_t n = len < SNIFF_WINDOW ? len : SNIFF_WINDOW;
  size_t i = 0;
  if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) i = 3;
  while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n' || b[i] == 0 ||
                   b[i] == 0xFF || b[i] == 0xFE))
    i++;
  char head[SNIFF_WINDOW];
  if (i + 1 < n && b[i] == '<') {
    unsigned char c = b[i + 1];
    /* `<` then a letter, `!--`, `!doctype` or `?xml`: markup, unless it is an XML
       document of another kind (an Office XML part). */
    if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '!' || c == '?')
      return !(c == '?' && !(head_lower(b + i, n - i, head, sizeof head) && strstr(head, "<html")));
  }
  static const char *tags[] = {"<html", "<body", "<table", "<div", "<p>", "<p ", "<br", "<span",
                               "<td", "<meta", NULL};
  if (!head_lower(b + i, n - i, head, sizeof head)) return 0;
  int hits = 0;
  for (int k = 0; tags[k]; k++) hits += strstr(head, tags[k]) != NULL;
  /* One tag name in prose is an accident; two are markup. */
  return hits >= 2;
}

static int sniff_any(const unsigned char *b, size_t len) {
  (void)b;
  (void)len;
  return 1;
}

#ifdef GK_STATIC_CONVERTERS
#define LINKED(fn) fn /* tests and fuzzers link every converter in */
#else
#define LINKED(fn) NULL
#endif

const gk_converter gk_converters[] = {
    {GK_FMT_PDF, "pdf", sniff_pdf, LINKED(gk_convert_pdf), "gk_convert_pdf"},
    {GK_FMT_DOCX, "docx", sniff_docx, LINKED(gk_convert_docx), "gk_convert_docx"},
    {GK_FMT_HTML, "html", sniff_html, LINKED(gk_convert_html), "gk_convert_html"},
    {GK_FMT_TEXT, "text", sniff_any, gk_convert_text, "gk_convert_text"},
    {GK_FMT_UNKNOWN, NULL, NULL, NULL, NULL},
};

const gk_converter *gk_converter_get(gk_format kind) {
  for (const gk_converter *c = gk_converters; c->name; c++)
    if (c->kind == kind) return c;
  return NULL;
}

gk_format gk_format_detect(const unsigned char *b, size_t len) {
  for (const gk_converter *c = gk_converters; c->name; c++)
    if (c->sniff(b, len)) return c->kind;
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
  const gk_converter *c = gk_converter_get(doc->format);
#ifdef GK_STATIC_CONVERTERS
  gk_convert_fn fn = c->convert;
#else
  gk_convert_fn fn = c->convert ? c->convert : gk_module_get(doc, c->name, c->symbol);
#endif
  return fn ? fn(doc, buf, len) : GK_EFORMAT;
}
