/* write_dump.c: the model tree as the converter built it (blocks, rows, cells), one
 * line per node, then the diagnostics with their positions: a debugging view and
 * the derived golden layer of tests/golden.c, in the spirit of cmark's XML renderer. */
#include <string.h>

#include "utf8.h"
#include "write_dump.h"
#include "write_fmt.h"

/* Writes s as a double-quoted string: quote, backslash and control characters
 * escaped, and any byte that does not start a valid UTF-8 sequence written as \xNN,
 * so the dump is valid UTF-8 even for a model that breaks its own invariant. */
static void put_escaped(FILE *out, const char *s) {
  if (!s) {
    fputs("null", out);
    return;
  }
  size_t len = strlen(s);
  putc('"', out);
  for (size_t i = 0; i < len;) {
    size_t start = i;
    uint32_t cp = gk_utf8_next(s, len, &i);
    /* The decoder answers U+FFFD and one byte for an invalid sequence; a real
       U+FFFD takes three. */
    if (cp == 0xFFFD && i - start == 1) {
      fprintf(out, "\\x%02x", (unsigned char)s[start]);
      continue;
    }
    switch (cp) {
      case '"': fputs("\\\"", out); break;
      case '\\': fputs("\\\\", out); break;
      case '\n': fputs("\\n", out); break;
      case '\r': fputs("\\r", out); break;
      case '\t': fputs("\\t", out); break;
      default:
        if (cp < 0x20 || cp == 0x7F) fprintf(out, "\\u%04x", (unsigned)cp);
        else fwrite(s + start, 1, i - start, out);
    }
  }
  putc('"', out);
}

/* Source position of a block: the fields that are known (0 means unknown). */
static void put_pos(FILE *out, int line, int page) {
  if (line) fprintf(out, " line=%d", line);
  if (page) fprintf(out, " page=%d", page);
}

int gk_write_dump_doc(const gk_doc *doc, FILE *out) {
  fputs("document source=", out);
  put_escaped(out, doc->source);
  fprintf(out, " kind=%s blocks=%zu grids=%zu\n", gk_format_name(doc->format), doc->nblocks,
          doc->ngrids);
  for (size_t b = 0; b < doc->nblocks; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind == GK_BLOCK_PARAGRAPH) {
      fprintf(out, "  paragraph %zu", b + 1);
      put_pos(out, blk->line, blk->page);
      putc(' ', out);
      put_escaped(out, blk->text);
      putc('\n', out);
      continue;
    }
    fprintf(out, "  grid %zu table=%d", b + 1, blk->index);
    put_pos(out, blk->line, blk->page);
    fprintf(out, " rows=%zu\n", blk->nrows);
    for (size_t r = 0; r < blk->nrows; r++) {
      const gk_row *row = &blk->rows[r];
      fprintf(out, "    row %zu", r + 1);
      put_pos(out, row->line, 0);
      fprintf(out, " cells=%zu\n", row->ncells);
      for (size_t c = 0; c < row->ncells; c++) {
        const gk_cell *cell = &row->cells[c];
        fprintf(out, "      cell %zu.%zu span=%dx%d", r + 1, c + 1, cell->rowspan, cell->colspan);
        /* A covered slot stands for the cell a span above reaches into. */
        if (cell->covered) fputs(" covered", out);
        putc(' ', out);
        put_escaped(out, cell->text);
        putc('\n', out);
      }
    }
  }
  fprintf(out, "diagnostics %zu\n", doc->ndiags);
  for (size_t i = 0; i < doc->ndiags; i++) {
    const gk_diag *d = &doc->diags[i];
    fprintf(out, "  %s %s %s ", gk_severity_name(d->severity), d->code ? d->code : "-",
            d->pos ? d->pos : "-");
    put_escaped(out, d->msg);
    putc('\n', out);
  }
  return GK_OK;
}
