/* write_dump.h: the model dump (-f dump: blocks, rows, cells, diagnostics).
 * Each reads a const model and returns GK_OK; gk_write() turns a stream error into GK_EIO. */
#ifndef GK_WRITE_DUMP_H
#define GK_WRITE_DUMP_H

#include <stdio.h>

#include "doc.h"

int gk_write_dump_doc(const gk_doc *doc, FILE *out);

#endif
