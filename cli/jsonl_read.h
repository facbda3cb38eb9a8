/* jsonl_read.h: reading gktab -f jsonl records back (the gkcli_jsonl module). */
#ifndef GK_JSONL_READ_H
#define GK_JSONL_READ_H

#include <stdio.h>

#include "record.h"

/** Reads every record of the JSONL stream f (named `path` in messages) into a new
 *  array *out of *nout records; blank lines are skipped. Returns 0, or 2 after one
 *  line on err when a line is no gktab record or f fails (then *out is NULL). The
 *  caller clears each record with gk_record_clear() and frees the array with g_free(). */
int gk_jsonl_read_records(FILE *f, const char *path, gk_record **out, size_t *nout, FILE *err);

/* Its type, for the loader. */
typedef int (*gk_jsonl_read_fn)(FILE *f, const char *path, gk_record **out, size_t *nout,
                                FILE *err);

#endif
