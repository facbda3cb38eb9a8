/* seed.h: shared helpers of the pipeline unit tests (tests/seed.c). */
#ifndef GK_TEST_SEED_H
#define GK_TEST_SEED_H

#include "../core/doc.h"

/** The seed report's text, loaded by group_setup() from $GK_TESTDATA. */
extern char *seed;

int group_setup(void **state);
int group_teardown(void **state);

/** A copy of `base` with its first `old` replaced by `new`; fails the test when `old`
 *  is absent (the edit would silently test nothing). Caller frees. */
char *edit(const char *base, const char *old, const char *new);

/** Applies edits pairwise (old, new, …, NULL) to the seed. Caller frees. */
char *edits(const char *first, ...);

/** Replaces the text from `from` (inclusive) to `to` (exclusive) with `repl`. Caller frees. */
char *replace_range(const char *base, const char *from, const char *to, const char *repl);

/** Runs convert, normalize (schema NULL = detect) and check; *errors (if not NULL)
 *  receives gk_check's result. Caller frees with gk_doc_free(). */
gk_doc *run_pipeline(const char *text, const char *schema, int *errors);

/** Number of checks with this rule id. */
int count(const gk_doc *doc, const char *id);

/** Prints the checks and diagnostics (to explain a failure). */
void dump(const gk_doc *doc);

/** The value at table key / row key / column key; fails the test if there is no such cell. */
const gk_value *value(gk_doc *doc, const char *tk, const char *rk, const char *ck);

#endif
