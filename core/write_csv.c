/* write_csv.c: the long CSV form (table,row,col,value,source) and the checks TSV. */
#include "write_csv.h"
#include "write_fmt.h"

/* Appends s and a comma. */
static void add_key(gk_strbuf *b, const char *s) {
  gk_strbuf_add_str(b, s);
  gk_strbuf_add(b, ",", 1);
}

int gk_write_csv_doc(const gk_doc *doc, FILE *out, int header) {
  if (header) fputs("table,row,col,value,source\n", out);
  if (!doc->schema) return GK_OK;
  /* The document's lines are assembled in memory and written at once: a stdio call
     per field cost more than the rest of the writer. */
  gk_strbuf b = {0}, src = {0};
  gk_csv_field_add(&src, doc->source);
  gk_strbuf_add(&src, "\n", 1);
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    for (int r = 0; r < st->nrows; r++) {
      if (!gk_doc_row_active(doc, t, r)) continue;
      const gk_srow *row = &st->rows[r];
      for (int p = 0; p < row->ncols; p++) {
        add_key(&b, st->key);
        add_key(&b, row->key);
        add_key(&b, st->cols[row->cols[p]].key);
        gk_csv_field_add(&b, gk_value_text(gk_doc_value_get(doc, t, r, p)));
        gk_strbuf_add(&b, ",", 1);
        gk_strbuf_add(&b, src.p, src.len);
      }
    }
  }
  int rc = b.oom || src.oom ? GK_ENOMEM : GK_OK;
  if (rc == GK_OK && b.len) fwrite(b.p, 1, b.len, out);
  gk_strbuf_free(&b);
  gk_strbuf_free(&src);
  return rc;
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
