/* inputs.h: the list of a corpus run's inputs, in the order their records are
 * written: command-line paths, directories walked with -r in sorted order, and
 * path lists (--files-from, one per line or NUL-separated). An entry that cannot
 * be an input (a symlink loop, an unreadable directory, a FIFO met in a walk)
 * stays in the list with its reason, so that it gets its record too. */
#ifndef GK_INPUTS_H
#define GK_INPUTS_H

#include <stddef.h>
#include <stdio.h>

typedef struct gk_input {
  char *path;  /* as given or as walked (dir/name) */
  char *error; /* why it is no input, or NULL */
} gk_input;

typedef struct gk_inputs {
  gk_input *v;
  size_t n, cap;
} gk_inputs;

/** Adds `path`: a directory is walked when `recursive` (else it is an entry with an
 *  error), anything else is added as it is ("-" is standard input). Returns GK_OK or
 *  GK_ENOMEM. */
int gk_inputs_add(gk_inputs *in, const char *path, int recursive);

/** Adds every path of the list `f`, separated by `sep` ('\n' or '\0'), as
 *  gk_inputs_add does; empty entries are skipped, and with '\n' a trailing '\r' is
 *  kept (it may be part of a name). Returns GK_OK, GK_ENOMEM, or GK_EIO when the
 *  list cannot be read. */
int gk_inputs_read_list(gk_inputs *in, FILE *f, int sep, int recursive);

/** Frees the entries and the list's array; the struct itself is the caller's. */
void gk_inputs_free(gk_inputs *in);

#endif
