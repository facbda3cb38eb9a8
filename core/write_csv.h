/* write_csv.h: the CSV writer (one row per canonical cell) and the checks writer (one row per
 * check). Each reads a const model and returns GK_OK (the CSV writer GK_ENOMEM when it cannot
 * assemble its lines); gk_write() turns a stream error into GK_EIO. */
#ifndef GK_WRITE_CSV_H
#define GK_WRITE_CSV_H

#include <stdio.h>

#include "doc.h"

int gk_write_csv_doc(const gk_doc *doc, FILE *out, int header);
int gk_write_checks_doc(const gk_doc *doc, FILE *out);

#endif
