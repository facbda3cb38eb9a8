/* write.c: writer dispatch and the helpers every writer shares. */
#include "write.h"

#include <string.h>

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

void gk_write_csv_field(FILE *out, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, out);
    return;
  }
  putc('"', out);
  for (const char *p = s; *p; p++) {
    if (*p == '"') putc('"', out);
    putc(*p, out);
  }
  putc('"', out);
}

int gk_write(const gk_doc *doc, gk_output kind, FILE *out, int first) {
  int rc;
  switch (kind) {
    case GK_OUT_JSON: rc = gk_write_json_doc(doc, out); break;
    case GK_OUT_CSV: rc = gk_write_csv_doc(doc, out, first); break;
    case GK_OUT_TEXT: rc = gk_write_text_doc(doc, out); break;
    case GK_OUT_MD: rc = gk_write_md_doc(doc, out); break;
    case GK_OUT_DUMP: rc = gk_write_dump_doc(doc, out); break;
    case GK_OUT_HTML: rc = gk_write_html_doc(doc, out); break;
    default: rc = gk_write_checks_doc(doc, out); break;
  }
  if (rc == 0 && ferror(out)) rc = GK_EIO;
  return rc;
}
