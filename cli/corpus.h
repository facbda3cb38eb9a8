/* corpus.h: corpus mode: many inputs, isolated workers, one record per input in
 * input order, cross-year checks, summary, progress. */
#ifndef GK_CORPUS_H
#define GK_CORPUS_H

#include <stdio.h>

#include "inputs.h"
#include "record.h"
#include "worker.h"

typedef struct gk_corpus_opts {
  gk_run_opts run;
  gk_pool_opts pool;
  int in_process;      /* convert in this process: no workers, no limits */
  int jsonl;           /* with run.out == GK_OUT_JSON: one JSON record per line */
  const char *out_dir; /* one .json per input and summary.json there (with run.out
                          GK_OUT_HTML: one .html per converted input and index.html),
                          or NULL */
  int summary;         /* the corpus report (stderr, or summary.json with out_dir) */
  int progress;        /* draw a progress line on err */
} gk_corpus_opts;

/** Runs the corpus: every input of `in` gets one record on `out` (or in out_dir), in
 *  input order. Records of formats that show checks (json, jsonl, checks, out_dir)
 *  are held (on a spool file) until every input is done, because a later year's
 *  record carries the cross-year checks; csv, text and md stream in input order,
 *  and their cross-year checks go to err only. Returns the exit status: the worst
 *  over the inputs (0, 1, 2), or 2 when the run itself failed (said on err). */
int gk_corpus_run(const gk_corpus_opts *o, const gk_inputs *in, FILE *in_stream, FILE *out,
                  FILE *err);

#endif
