/* write_json.h: the JSON writer (tables, checks, prose sections).
 * Each reads a const model and returns GK_OK; gk_write() turns a stream error into GK_EIO. */
#ifndef GK_WRITE_JSON_H
#define GK_WRITE_JSON_H

#include <stdio.h>

#include "doc.h"

int gk_write_json_doc(const gk_doc *doc, FILE *out);

/** Writes a provenance entry as a JSON object ({"line": …}, {"table": …}, {"page": …},
 *  with "decided_by" when not NULL). */
void gk_write_json_src(FILE *out, const gk_src *src, const char *decided_by);

#endif
