/* write_csv.c: the long CSV form (table,row,col,value,source) and the checks TSV. */
#include "write_csv.h"
#include "write_fmt.h"

int gk_write_csv_doc(const gk_doc *doc, FILE *out, int header) {
  if (header) fputs("table,row,col,value,source\n", out);
  if (!doc->schema) return GK_OK;
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    for (int r = 0; r < st->nrows; r++) {
      if (!gk_doc_row_active(doc, t, r)) continue;
      const gk_srow *row = &st->rows[r];
      for (int p = 0; p < row->ncols; p++) {
        fputs(st->key, out);
        putc(',', out);
        fputs(row->key, out);
        putc(',', out);
        fputs(st->cols[row->cols[p]].key, out);
        putc(',', out);
        gk_write_csv_field(out, gk_value_text(gk_doc_value_get(doc, t, r, p)));
        putc(',', out);
        gk_write_csv_field(out, doc->source);
        putc('\n', out);
      }
    }
  }
  return GK_OK;
}

/* One line per failed check: severity, rule id, cell (`*` for a part that does not
 * apply), message, source. Tab-separated; messages hold no tabs. */
int gk_write_checks_doc(const gk_doc *doc, FILE *out) {
  for (size_t i = 0; i < doc->nchecks; i++) {
    const gk_check_result *c = &doc->checks[i];
    fprintf(out, "%s\t%s\t%s.%s.%s\t%s\t%s\n", gk_severity_name(c->severity), c->id,
            c->table ? c->table : "*", c->row ? c->row : "*", c->col ? c->col : "*", c->message,
            doc->source);
  }
  return GK_OK;
}
