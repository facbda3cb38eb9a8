/* record.h: the record of one corpus input: what happened to it (status, error),
 * its output as the chosen writer printed it, its diagnostics, and the facts the
 * corpus needs afterwards (summary, cross-year checks). A record is plain heap data
 * (no gk_doc) so that it can cross a pipe from a worker process. */
#ifndef GK_RECORD_H
#define GK_RECORD_H

#include <stddef.h>

#include "../core/base.h"
#include "../core/check_pair.h"
#include "../core/diag.h"

/* What happened to an input; the order is the exit status's (worst wins). */
typedef enum {
  GK_ST_OK = 0,        /* converted, no error-severity check failed */
  GK_ST_FAILED_CHECKS, /* converted, an error-severity check failed */
  GK_ST_UNREADABLE,    /* not readable or not convertible (error says why) */
  GK_ST_TIMEOUT,       /* the worker passed --timeout and was killed */
  GK_ST_CRASHED,       /* the worker died (signal, memory limit, abnormal exit) */
} gk_status;

/** "ok", "failed_checks", "unreadable", "timeout" or "crashed". Static string. */
const char *gk_status_name(gk_status st);

/** The exit code a status counts as: 0, 1, or 2 (unreadable, timeout, crashed). */
int gk_status_exit(gk_status st);

/** The status named `name`, or -1 when it is no status name. */
int gk_status_parse(const char *name);

/* One cell value the corpus reads, by address (see gk_pair_cells in core/check_pair.h). */
typedef enum {
  GK_RC_ABSENT = 0, /* the schema has no such cell, or its row was not found */
  GK_RC_BLANK,      /* found blank (null): the document's own check said value.blank */
  GK_RC_INT,        /* an integer */
  GK_RC_OTHER,      /* a decimal, text, invalid or ambiguous cell: not for arithmetic */
  GK_RC_AMBIG,      /* undecided (value.ambiguous) with the row's readings known: alts */
} gk_rcell_state;

typedef struct gk_rcell {
  gk_rcell_state state;
  long long v;
  char *alts;  /* GK_RC_AMBIG: the row's readings (gk_value.alts), malloc'd; else NULL */
  int alt_pos; /* the cell's place in each reading */
} gk_rcell;

/* A reading of an undecided row chosen from outside the document (the corpus's
 * rules over two years): gk_normalize_settle applies it when the document is read. */
typedef struct gk_settle {
  char *table, *row; /* "t2", "rules" */
  char *reading;     /* '|' between the row's numeric cells */
  char *why;         /* "corpus.in_force with 2022 (report-2022.txt)" */
} gk_settle;

typedef struct gk_rcheck {
  char *id;
  gk_severity severity;
  char *table, *row, *col; /* NULL where the rule is about a whole row or column */
  char *message;
} gk_rcheck;

#define GK_RECORD_MAX_CELLS GK_PAIR_MAX_CELLS

typedef struct gk_record {
  gk_status status;
  char *error;   /* one-line reason when status is not ok/failed_checks, else NULL */
  char *source;  /* the input's name as the output shows it */
  char *format;  /* "text", "html", "docx", "pdf", "unknown" */
  char *schema;  /* template id, or NULL */
  char *organ;   /* as the normalizer found it, or NULL */
  int year;      /* report year, or 0 when unknown */
  double seconds; /* wall time of the conversion as the parent saw it */
  /* The writer's output for this document, and what it printed on stderr. */
  char *output;
  size_t output_len;
  char *errtext;
  size_t errtext_len;
  gk_rcheck *checks;
  size_t nchecks;
  gk_rcell cells[GK_RECORD_MAX_CELLS]; /* indexed like gk_pair_cells */
  gk_settle *settle; /* readings the corpus chose for its undecided rows (malloc'd) */
  size_t nsettle;
} gk_record;

/* What gk_record_run does to a document. */
typedef struct gk_run_opts {
  gk_output out;      /* the writer whose output goes into record->output */
  const char *schema; /* forced template id, or NULL */
  int quiet, verbose; /* as the CLI's -q, -v: what goes into record->errtext */
  const gk_settle *settle; /* readings to apply to undecided rows, or NULL */
  size_t nsettle;
} gk_run_opts;

/** Reads `path` ("-" is `in`), runs the pipeline (convert, normalize, views, check,
 *  write) and fills `rec` (zeroed first). Never stops on a bad input: it becomes the
 *  status. Returns GK_OK, or GK_ENOMEM when the record itself could not be built
 *  (then rec holds what was built; the status says unreadable). The caller frees
 *  the record with gk_record_clear(). */
int gk_record_run(gk_record *rec, const gk_run_opts *o, const char *path, FILE *in);

/** Fills `rec` as a record of an input that never reached a converter (walk error,
 *  timeout, crash): status `st`, printf-style error, output as `o->out` prints an
 *  empty document. Returns GK_OK or GK_ENOMEM. */
int gk_record_set_failure(gk_record *rec, const gk_run_opts *o, const char *source,
                          gk_status st, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/** Frees what the record holds and zeroes it. NULL is allowed. */
void gk_record_clear(gk_record *rec);

/** Serializes `rec` into a malloc'd buffer (*buf, *len). Returns GK_OK or GK_ENOMEM.
 *  The caller frees *buf with free(). */
int gk_record_encode(const gk_record *rec, unsigned char **buf, size_t *len);

/** Rebuilds a record from gk_record_encode's bytes. Returns GK_OK, or GK_EFORMAT
 *  when the bytes are not a whole record (rec is then cleared). */
int gk_record_decode(gk_record *rec, const unsigned char *buf, size_t len);

/** Appends a settlement to the record (copies of the strings). Returns GK_OK or
 *  GK_ENOMEM. */
int gk_record_add_settle(gk_record *rec, const char *table, const char *row, const char *reading,
                         const char *why);

/** Appends a check to the record (copies of the strings). Returns GK_OK or GK_ENOMEM. */
int gk_record_add_check(gk_record *rec, const char *id, gk_severity sev, const char *table,
                        const char *row, const char *col, const char *message);

#endif
