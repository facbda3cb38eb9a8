/* write.h: shared helpers of the writers (JSON, CSV, text, Markdown, checks). */
#ifndef GK_WRITE_H
#define GK_WRITE_H

#include <stdio.h>

#include "doc.h"

/** Writes s as a JSON string literal (quotes included); NULL as null. */
void gk_write_json_string(FILE *out, const char *s);

/** Writes a provenance entry as a JSON object ({"line": …}, {"table": …}, {"page": …},
 *  with "decided_by" when not NULL). */
void gk_write_json_src(FILE *out, const gk_src *src, const char *decided_by);

/** Writes s as a CSV field, quoted when it holds a comma, quote or line break. */
void gk_write_csv_field(FILE *out, const char *s);

/** The value's text for output: the number's canonical text, the text of a text or
 *  invalid cell, or NULL for blank and missing cells. */
const char *gk_value_text(const gk_value *v);

/** Whether row r of table t is part of the document's layout (variant rows). */
int gk_doc_row_active(const gk_doc *doc, int t, int r);

/* The writers: each reads a const model (everything it prints was built by the
 * normalizer) and returns GK_OK; gk_write() turns a stream error into GK_EIO. */
int gk_write_json_doc(const gk_doc *doc, FILE *out);
int gk_write_csv_doc(const gk_doc *doc, FILE *out, int header);
int gk_write_checks_doc(const gk_doc *doc, FILE *out);
int gk_write_text_doc(const gk_doc *doc, FILE *out);
int gk_write_md_doc(const gk_doc *doc, FILE *out);

/** Writes a number's canonical text in JSON's grammar (no leading zeros, no
 *  leading '+', no trailing '.'). */
void gk_write_json_number(FILE *out, const char *text);
int gk_write_dump_doc(const gk_doc *doc, FILE *out);
int gk_write_html_doc(const gk_doc *doc, FILE *out);

/** Writes s as HTML text (for element content and quoted attribute values): & < > "
 *  ' escaped, invalid UTF-8 as U+FFFD, control characters dropped. NULL writes nothing. */
void gk_write_html_text(FILE *out, const char *s);

#endif
