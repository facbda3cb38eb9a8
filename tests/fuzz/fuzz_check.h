/* fuzz_check.h: what every fuzz target does after building a model: the pipeline's
 * later stages, the model invariants, and every writer's output checked. */
#ifndef GK_FUZZ_CHECK_H
#define GK_FUZZ_CHECK_H

#include <stddef.h>

#include "core/doc.h"

/** Runs a model that `rc` says was converted (GK_OK) or refused through the rest of
 *  the pipeline: invariants (gk_doc_validate) after conversion and after
 *  normalization with `schema_id` (NULL: detected), the checker, then every writer into memory with its output
 *  checked (valid UTF-8; JSON that json-glib parses; CSV records all as wide as the
 *  header; checks lines of five tab fields). abort()s on any violation. Does not
 *  free the doc. */
void gk_fuzz_pipeline(gk_doc *doc, int rc, const char *schema_id);

/** The template a fuzz input is normalized with, chosen by its length so that the
 *  bytes themselves stay a plain document: detected for two lengths in four, else
 *  forced to xxgk-2021 or xxgk-2019, which meets a report of the other template. */
const char *gk_fuzz_schema(size_t size);

/** Counts the fields of every record of RFC 4180 CSV (LF record ends, quoted fields
 *  may hold commas, quotes doubled and line breaks). Returns the common count, or -1
 *  when a record differs from the first, a quote is misplaced, or the text does not
 *  end with a record end. Empty text has 0 records and returns 0. */
int gk_fuzz_csv_fields(const char *s, size_t len);

/** Runs `convert` on a fresh doc over the bytes, then gk_fuzz_pipeline, and checks
 *  that freeing the doc gives back every arena block. For the converter targets. */
void gk_fuzz_convert(gk_format fmt, int (*convert)(struct gk_doc *, const unsigned char *, size_t),
                     const unsigned char *data, size_t size);

#endif
