/* write_text.c: the clean-text writer (whole document, tables as TSV) and the
 * Markdown writer (canonical tables for a human to review). */
#include <string.h>

#include "write_text.h"
#include "write_fmt.h"

int gk_write_text_doc(const gk_doc *doc, FILE *out) {
  /* The text view is built by the normalizer (GK_VIEW_TEXT); without it there is
     nothing this writer may print. */
  if (!(doc->views & GK_VIEW_TEXT)) return GK_EFORMAT;
  for (size_t b = 0; b < doc->nblocks; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind == GK_BLOCK_PARAGRAPH) {
      if (blk->clean) {
        fputs(blk->clean, out);
        putc('\n', out);
      }
      continue;
    }
    for (size_t r = 0; r < blk->view_rows; r++) {
      const char *const *cells = blk->view + r * blk->view_cols;
      size_t n = blk->view_cols;
      /* Trailing empty cells are layout, not content. */
      while (n > 0 && !*cells[n - 1]) n--;
      if (n == 0) continue;
      for (size_t c = 0; c < n; c++) {
        if (c) putc('\t', out);
        fputs(cells[c], out);
      }
      putc('\n', out);
    }
  }
  return GK_OK;
}

/* The first label variant of a row or column, for humans. */
static void put_label(FILE *out, const char *labels) {
  const char *bar = strchr(labels, '|');
  fprintf(out, "%.*s", bar ? (int)(bar - labels) : (int)strlen(labels), labels);
}

int gk_write_md_doc(const gk_doc *doc, FILE *out) {
  fprintf(out, "# %s\n\n", doc->title ? doc->title : doc->source);
  fprintf(out, "source: `%s` · format: %s · schema: %s\n", doc->source, gk_format_name(doc->format),
          doc->schema ? doc->schema->id : "none");
  if (!doc->schema) return GK_OK;
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    fprintf(out, "\n## %s %s\n\n| row | label |", st->key, st->title);
    for (int c = 0; c < st->ncols; c++) fprintf(out, " %s |", st->cols[c].key);
    fputs("\n|---|---|", out);
    for (int c = 0; c < st->ncols; c++) fputs("---:|", out);
    putc('\n', out);
    for (int r = 0; r < st->nrows; r++) {
      if (!gk_doc_row_active(doc, t, r)) continue;
      const gk_srow *row = &st->rows[r];
      fprintf(out, "| %s | ", row->key);
      put_label(out, row->labels);
      fputs(" |", out);
      for (int c = 0; c < st->ncols; c++) {
        int p = gk_schema_row_col_pos(row, c);
        const char *v = p < 0 ? NULL : gk_value_text(gk_doc_value_get(doc, t, r, p));
        fprintf(out, " %s |", p < 0 ? "" : v ? v : "∅");
      }
      putc('\n', out);
    }
  }
  if (doc->nchecks) {
    fputs("\n## checks\n\n", out);
    for (size_t i = 0; i < doc->nchecks; i++)
      fprintf(out, "- **%s** `%s`: %s\n", gk_severity_name(doc->checks[i].severity), doc->checks[i].id,
              doc->checks[i].message);
  }
  return GK_OK;
}
