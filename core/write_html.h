/* write_html.h: the review page of one document (-f html). Reads a const model and
 * returns GK_OK or GK_ENOMEM; gk_write() turns a stream error into GK_EIO. */
#ifndef GK_WRITE_HTML_H
#define GK_WRITE_HTML_H

#include <stdio.h>

#include "doc.h"

int gk_write_html_doc(const gk_doc *doc, FILE *out);

#endif
