/* schema.h: the canonical templates (xxgk-2021, xxgk-2019) described as data. */
#ifndef GK_SCHEMA_H
#define GK_SCHEMA_H

#include "base.h"

typedef enum {
  GK_VK_COUNT,   /* non-negative integer */
  GK_VK_SIGNED,  /* integer that may be negative (本年增/减) */
  GK_VK_DECIMAL, /* non-negative decimal (amounts) */
  GK_VK_TEXT,    /* free text (a unit such as 万元) */
} gk_vkind;

enum {
  GK_ROW_RESULT = 1,       /* counts in t3.results_sum */
  GK_ROW_VARIANT_ONLY = 2, /* exists only in the variant layout (2021's one-row （六）) */
  GK_ROW_VARIANT_ALT = 4,  /* replaced by the variant row in the variant layout */
};

#define GK_MAX_ROW_COLS 8

typedef struct gk_scol {
  const char *key;
  const char *labels; /* '|'-separated label variants used to match headers */
  gk_vkind kind;
} gk_scol;

typedef struct gk_srow {
  const char *key;
  const char *labels; /* '|'-separated variants of the row's own (leaf) label */
  int flags;
  int ncols;
  int cols[GK_MAX_ROW_COLS]; /* indexes into the table's cols */
} gk_srow;

typedef struct gk_stable {
  const char *key;   /* "t2", "t3", "t4" */
  const char *title; /* the part heading without its number */
  const gk_scol *cols;
  int ncols;
  const gk_srow *rows;
  int nrows;
} gk_stable;

#define GK_NTABLES 3

struct gk_schema {
  const char *id;
  const gk_stable *tables[GK_NTABLES];
  const char *markers; /* '|'-separated header labels that identify this generation */
};

/** Index of the row `key` in `t`, or -1. */
int gk_schema_row_index(const gk_stable *t, const char *key);

/** Index of the column `key` in `t`, or -1. */
int gk_schema_col_index(const gk_stable *t, const char *key);

/** Position of table column `col` within row `r`'s columns, or -1. */
int gk_schema_row_col_pos(const gk_srow *r, int col);

/** Whether row `r` takes part in the layout (variant = the one-row （六） layout). */
int gk_schema_row_active(const gk_srow *r, int variant);

/** Every known template, NULL-terminated. Static data. */
extern const gk_schema *const gk_schemas[];

#endif
