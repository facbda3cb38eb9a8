/* write_fmt.c: what every writer shares: a value's printed text, the layout's active
 * rows, and the lexical forms of JSON strings and numbers and of CSV fields. */
#include "write_fmt.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

const char *gk_value_text(const gk_value *v) {
  switch (v->state) {
    case GK_VAL_NUMBER:
    case GK_VAL_TEXT:
    case GK_VAL_INVALID: return v->text;
    default: return NULL;
  }
}

int gk_doc_row_active(const gk_doc *doc, int t, int r) {
  return gk_schema_row_active(&doc->schema->tables[t]->rows[r], doc->variant_other);
}

void gk_write_json_string(FILE *out, const char *s) {
  if (!s) {
    fputs("null", out);
    return;
  }
  putc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '"': fputs("\\\"", out); break;
      case '\\': fputs("\\\\", out); break;
      case '\n': fputs("\\n", out); break;
      case '\r': fputs("\\r", out); break;
      case '\t': fputs("\\t", out); break;
      default:
        if (*p < 0x20) fprintf(out, "\\u%04x", *p);
        else putc(*p, out);
    }
  }
  putc('"', out);
}

void gk_write_json_number(FILE *out, const char *s) {
  /* JSON: -?(0|[1-9][0-9]*)(\.[0-9]+)?; a cell's text may be 06432.466 or 12. */
  if (*s == '-') putc(*s++, out);
  else if (*s == '+') s++;
  while (s[0] == '0' && s[1] >= '0' && s[1] <= '9') s++;
  if (*s == '.') putc('0', out);
  const char *dot = strchr(s, '.');
  size_t n = strlen(s);
  if (dot && dot[1] == '\0') n--;
  if (n == 0) putc('0', out);
  fwrite(s, 1, n, out);
}

void gk_csv_field_add(gk_strbuf *b, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\n\r")) {
    gk_strbuf_add_str(b, s);
    return;
  }
  gk_strbuf_add(b, "\"", 1);
  for (const char *p = s, *q; *p; p = q) {
    /* Up to and including the next quote, which is doubled. */
    q = strchr(p, '"');
    q = q ? q + 1 : p + strlen(p);
    gk_strbuf_add(b, p, (size_t)(q - p));
    if (q[-1] == '"') gk_strbuf_add(b, "\"", 1);
  }
  gk_strbuf_add(b, "\"", 1);
}

void gk_write_html_text(FILE *out, const char *s) {
  if (!s) return;
  size_t len = strlen(s), i = 0;
  while (i < len) {
    size_t st = i;
    uint32_t cp = gk_utf8_next(s, len, &i);
    switch (cp) {
      case '&': fputs("&amp;", out); continue;
      case '<': fputs("&lt;", out); continue;
      case '>': fputs("&gt;", out); continue;
      case '"': fputs("&quot;", out); continue;
      case '\'': fputs("&#39;", out); continue;
      default: break;
    }
    if (cp < 0x20 && cp != '\n' && cp != '\t') continue;
    if (cp == 0x7F) continue;
    /* An invalid byte is U+FFFD (a real U+FFFD stays what it is). */
    if (cp == 0xFFFD && !(i - st == 3 && memcmp(s + st, "\xEF\xBF\xBD", 3) == 0)) {
      fputs("\xEF\xBF\xBD", out);
      continue;
    }
    fwrite(s + st, 1, i - st, out);
  }
}
