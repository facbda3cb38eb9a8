/* write_fmt.h: helpers every writer shares (value text, active rows, JSON, CSV and
 * HTML lexical forms). They write to a stdio stream and report nothing: the stream's
 * error flag, checked once by gk_write(), says whether writing failed. */
#ifndef GK_WRITE_FMT_H
#define GK_WRITE_FMT_H

#include <stdio.h>

#include "doc.h"
#include "strbuf.h"

/** Writes s as a JSON string literal (quotes included); NULL as null. */
void gk_write_json_string(FILE *out, const char *s);

/** Writes a number's canonical text in JSON's grammar (no leading zeros, no
 *  leading '+', no trailing '.'). */
void gk_write_json_number(FILE *out, const char *text);

/** Appends s to b as a CSV field, quoted when it holds a comma, quote or line
 *  break; NULL as an empty field. */
void gk_csv_field_add(gk_strbuf *b, const char *s);

/** The value's text for output: the number's canonical text, the text of a text or
 *  invalid cell, or NULL for blank and missing cells. */
const char *gk_value_text(const gk_value *v);

/** Whether row r of table t is part of the document's layout (variant rows). */
int gk_doc_row_active(const gk_doc *doc, int t, int r);

/** Writes s as HTML text (for element content and quoted attribute values): & < > "
 *  ' escaped, invalid UTF-8 as U+FFFD, control characters dropped. NULL writes nothing. */
void gk_write_html_text(FILE *out, const char *s);

#endif
