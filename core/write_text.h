/* write_text.h: the text and Markdown writers (the document's laid-out grids).
 * Each reads a const model and returns GK_OK; gk_write() turns a stream error into GK_EIO. */
#ifndef GK_WRITE_TEXT_H
#define GK_WRITE_TEXT_H

#include <stdio.h>

#include "doc.h"

int gk_write_text_doc(const gk_doc *doc, FILE *out);
int gk_write_md_doc(const gk_doc *doc, FILE *out);

#endif
