/* fuzz_model.c: libFuzzer target of the normalizer, checker and writers without a
 * converter: the bytes build a model directly through the model functions a
 * converter uses, so the stages above the converters meet shapes no converter
 * produces today (any spans, covered slots anywhere, ragged rows, empty grids).
 *
 * The bytes, read line by line ('\n' ends a line):
 *   a line holding '\t' or 0x04 (cell separators) is a row of a grid, started when
 *   the previous line was not a row; any other line is a paragraph (empty lines are
 *   skipped), so a text fixture with tab rows is itself a meaningful seed;
 *   0x01 ends the line and the grid; 0x02 ends the line and starts a new grid whose
 *   every line is a row until 0x01;
 *   inside a cell, 0x05 X sets its colspan to 1 + X % 8, 0x06 X its rowspan, and
 *   0x07 toggles its covered flag; the other bytes below 0x08 are dropped.
 * Text is made valid UTF-8 first (invalid bytes become U+FFFD, NUL is dropped), as
 * every converter guarantees. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Largest span the bytes can ask for: enough to cross rows and columns of a real
 * table, small enough that layouts stay cheap. */
#define MAX_FUZZ_SPAN 8

enum { C_PARA = 0x01, C_GRID = 0x02, C_CELL = 0x04, C_COLSPAN = 0x05, C_ROWSPAN = 0x06,
       C_COVER = 0x07 };

typedef struct {
  size_t start, len; /* in the line's sanitized text */
  int colspan, rowspan, covered;
} field;

typedef struct {
  gk_doc *doc;
  gk_block *grid; /* the grid rows are added to, or NULL */
  int forced;     /* the grid was started by C_GRID: every line is a row */
  int line;
  char *text;     /* sanitized bytes of the current line */
  size_t len;
  field *fields;
  size_t nfields;
  int failed; /* a model function returned NULL */
} builder;

/* Appends bytes [p, p+n) of the input to the line's text as valid UTF-8. */
static void add_text(builder *b, const char *p, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t start = i;
    uint32_t cp = gk_utf8_next(p, n, &i);
    if (cp == 0xFFFD && i - start == 1) {
      memcpy(b->text + b->len, "\xEF\xBF\xBD", 3);
      b->len += 3;
    } else {
      memcpy(b->text + b->len, p + start, i - start);
      b->len += i - start;
    }
  }
}

static void end_line(builder *b, int is_row) {
  if (b->failed) return;
  if (is_row) {
    if (!b->grid) b->grid = gk_doc_add_grid(b->doc, b->line);
    gk_row *row = b->grid ? gk_grid_add_row(b->doc, b->grid) : NULL;
    if (!row) {
      b->failed = 1;
      return;
    }
    row->line = b->line;
    for (size_t f = 0; f < b->nfields; f++) {
      const field *fl = &b->fields[f];
      gk_cell *c = gk_row_add_cell(b->doc, row, b->text + fl->start, fl->len);
      /* Past GK_MAX_COLS the row is cut, as the converters cut it. */
      if (!c) break;
      c->colspan = fl->colspan;
      c->rowspan = fl->rowspan;
      c->covered = fl->covered;
    }
  } else {
    b->grid = NULL;
    if (b->len && !gk_doc_add_paragraph(b->doc, b->text, b->len, b->line)) b->failed = 1;
  }
}

static void build(builder *b, const uint8_t *data, size_t size) {
  size_t i = 0;
  while (i < size && !b->failed) {
    /* One line: its fields, split at cell separators, with their attributes. */
    b->len = 0;
    b->nfields = 0;
    b->line++;
    int tabs = 0;
    field *cur = &b->fields[b->nfields++];
    *cur = (field){0, 0, 1, 1, 0};
    uint8_t end = '\n';
    while (i < size) {
      uint8_t c = data[i];
      if (c == '\n' || c == C_PARA || c == C_GRID) {
        end = c;
        i++;
        break;
      }
      size_t run = i;
      while (run < size && data[run] > C_COVER && data[run] != '\t' && data[run] != '\n') run++;
      if (run > i) {
        add_text(b, (const char *)data + i, run - i);
        cur->len = b->len - cur->start;
        i = run;
        continue;
      }
      i++;
      if (c == '\t' || c == C_CELL) {
        tabs = 1;
        cur = &b->fields[b->nfields++];
        *cur = (field){b->len, 0, 1, 1, 0};
      } else if ((c == C_COLSPAN || c == C_ROWSPAN) && i < size) {
        int span = 1 + data[i++] % MAX_FUZZ_SPAN;
        if (c == C_COLSPAN) cur->colspan = span;
        else cur->rowspan = span;
      } else if (c == C_COVER) {
        cur->covered = !cur->covered;
      }
    }
    end_line(b, tabs || b->forced);
    if (end == C_PARA) {
      b->grid = NULL;
      b->forced = 0;
    } else if (end == C_GRID) {
      b->grid = gk_doc_add_grid(b->doc, b->line);
      b->forced = 1;
      if (!b->grid) b->failed = 1;
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t live0 = gk_arena_live();
  gk_doc *doc = gk_doc_new("fuzz");
  if (!doc) return 0;
  /* A line's text is at most three bytes per input byte (U+FFFD for one byte);
     it has at most one field per input byte, plus one. */
  builder b = {.doc = doc};
  b.text = malloc(3 * size + 1);
  b.fields = malloc((size + 1) * sizeof *b.fields);
  if (b.text && b.fields) {
    build(&b, data, size);
    gk_fuzz_pipeline(doc, b.failed ? gk_doc_fail_status(doc) : GK_OK, gk_fuzz_schema(size));
  }
  free(b.text);
  free(b.fields);
  gk_doc_free(doc);
  if (gk_arena_live() != live0) abort();
  return 0;
}
