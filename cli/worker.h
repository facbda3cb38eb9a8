/* worker.h: isolated conversion: each input converted in a worker process with a
 * time limit and a memory limit. A worker that crashes, hangs or dies of its limit
 * yields an error record for its input, and a fresh worker takes its place. */
#ifndef GK_WORKER_H
#define GK_WORKER_H

#include <stdio.h>

#include "inputs.h"
#include "record.h"

typedef struct gk_pool_opts {
  int jobs;                      /* worker processes, >= 1 */
  double timeout;                /* seconds per document, 0: none */
  unsigned long long max_memory; /* RLIMIT_AS of a worker in bytes, 0: none */
} gk_pool_opts;

/** Receives the record of input `index`; the callee owns what *rec holds. Records
 *  come in the order the documents finish, not the input order. */
typedef void (*gk_deliver_fn)(void *ctx, size_t index, gk_record *rec);

/** Converts every input of `in` in `po->jobs` workers and delivers one record per
 *  input. An input with a walk error is delivered without a worker. Returns GK_OK,
 *  or a negative status when the pool itself failed (no pipe, no fork, no memory):
 *  the inputs not delivered then are not. `in_stream` is what "-" reads. */
int gk_pool_run(const gk_inputs *in, const gk_run_opts *ro, const gk_pool_opts *po,
                FILE *in_stream, gk_deliver_fn deliver, void *ctx);

/** The same in this process, one input after the other: no limits and no crash
 *  containment (the baseline the benchmark compares isolation with). */
int gk_inprocess_run(const gk_inputs *in, const gk_run_opts *ro, FILE *in_stream,
                     gk_deliver_fn deliver, void *ctx);

/** Test-only switches, read by workers (documented in README.md, "Corpus mode"):
 *  GKTAB_TEST_HANG=S makes a worker loop forever on an input whose path contains S;
 *  GKTAB_TEST_CRASH=S makes it die of SIGSEGV on such an input. */
#define GK_TEST_HANG_ENV "GKTAB_TEST_HANG"
#define GK_TEST_CRASH_ENV "GKTAB_TEST_CRASH"

#endif
