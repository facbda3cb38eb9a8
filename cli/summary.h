/* summary.h: the corpus report: documents by input kind, template and status, pass
 * rate, failures per rule id, the organs and files with most failures, documents
 * whose organ or year is unknown, timing; and the same rebuilt from JSONL records. */
#ifndef GK_SUMMARY_H
#define GK_SUMMARY_H

#include <stdio.h>

#include "record.h"

typedef struct gk_summary_info {
  double elapsed; /* wall seconds of the run */
  int timed;      /* whether elapsed and the records' seconds are known */
  int pairs;      /* cross-year year pairs compared, or -1 when not known */
  int jobs;       /* workers of the run (1 in process) */
  long peak_rss_kb; /* largest peak resident set of a worker (of the process when in
                       process), in KiB, or 0 when not known */
} gk_summary_info;

/** Writes the report over `recs[0..n)` to f: text lines, or one JSON object when
 *  `json`. Returns GK_OK, GK_ENOMEM, or GK_EIO when f failed. */
int gk_summary_write(const gk_record *recs, size_t n, const gk_summary_info *info, int json,
                     FILE *f);

/** Rebuilds the report from JSONL records (gktab -f jsonl output, outputs of several
 *  runs concatenated) in file `path` ("-" is `in`), parsed with json-glib, and writes
 *  it to out (JSON when `json`). Timing is not in the records, so it is left out;
 *  the cross-year checks count as the records carry them. Returns the exit status:
 *  0, or 2 when the file cannot be read or a line is no record (said on err). */
int gk_summary_from_jsonl(const char *path, FILE *in, int json, FILE *out, FILE *err);

#endif
