/* write_json.c: the JSON writer: metadata, tables (table → row → col → value),
 * checks and narrative sections of one document. */
#include "write_json.h"
#include "write_fmt.h"

static void write_tables(const gk_doc *doc, FILE *out) {
  fputs("  \"tables\": {", out);
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    fprintf(out, "%s\n    \"%s\": {", t ? "," : "", st->key);
    int firstrow = 1;
    for (int r = 0; r < st->nrows; r++) {
      if (!gk_doc_row_active(doc, t, r)) continue;
      const gk_srow *row = &st->rows[r];
      fprintf(out, "%s\n      \"%s\": {", firstrow ? "" : ",", row->key);
      firstrow = 0;
      for (int p = 0; p < row->ncols; p++) {
        const gk_value *v = gk_doc_value_get(doc, t, r, p);
        fprintf(out, "%s\"%s\": ", p ? ", " : "", st->cols[row->cols[p]].key);
        if (v->state == GK_VAL_NUMBER)
          gk_write_json_number(out, v->text);
        else
          gk_write_json_string(out, gk_value_text(v));
      }
      fputs("}", out);
    }
    fputs("\n    }", out);
  }
  fputs("\n  },\n", out);
}

int gk_write_json_doc(const gk_doc *doc, FILE *out) {
  fputs("{\n  \"source\": ", out);
  gk_write_json_string(out, doc->source);
  fputs(",\n  \"format\": ", out);
  gk_write_json_string(out, gk_format_name(doc->format));
  fputs(",\n  \"schema\": ", out);
  gk_write_json_string(out, doc->schema ? doc->schema->id : NULL);
  fputs(",\n  \"title\": ", out);
  gk_write_json_string(out, doc->title);
  fputs(",\n  \"organ\": ", out);
  gk_write_json_string(out, doc->organ);
  if (doc->year)
    fprintf(out, ",\n  \"year\": %d,\n", doc->year);
  else
    fputs(",\n  \"year\": null,\n", out);
  if (doc->schema) write_tables(doc, out);
  fputs("  \"checks\": [", out);
  for (size_t i = 0; i < doc->nchecks; i++) {
    const gk_check_result *c = &doc->checks[i];
    fprintf(out, "%s\n    {\"id\": ", i ? "," : "");
    gk_write_json_string(out, c->id);
    fputs(", \"severity\": ", out);
    gk_write_json_string(out, gk_severity_name(c->severity));
    fputs(", \"table\": ", out);
    gk_write_json_string(out, c->table);
    fputs(", \"row\": ", out);
    gk_write_json_string(out, c->row);
    fputs(", \"col\": ", out);
    gk_write_json_string(out, c->col);
    fputs(", \"message\": ", out);
    gk_write_json_string(out, c->message);
    fputs("}", out);
  }
  fputs(doc->nchecks ? "\n  ],\n" : "],\n", out);
  fputs("  \"sections\": [", out);
  for (int p = 1; p <= GK_NPARTS; p++) {
    const gk_section *s = &doc->parts[p - 1];
    fprintf(out, "%s\n    {\"part\": %d, \"template_title\": ", p > 1 ? "," : "", p);
    gk_write_json_string(out, gk_lex_part_title(p));
    fputs(", \"title\": ", out);
    gk_write_json_string(out, s->title);
    fputs(", \"text\": ", out);
    gk_write_json_string(out, s->text);
    fputs("}", out);
  }
  fputs("\n  ],\n  \"diagnostics\": [", out);
  for (size_t i = 0; i < doc->ndiags; i++) {
    const gk_diag *d = &doc->diags[i];
    fprintf(out, "%s\n    {\"severity\": ", i ? "," : "");
    gk_write_json_string(out, gk_severity_name(d->severity));
    fputs(", \"code\": ", out);
    gk_write_json_string(out, d->code);
    fputs(", \"pos\": ", out);
    gk_write_json_string(out, d->pos);
    fputs(", \"message\": ", out);
    gk_write_json_string(out, d->msg);
    fputs("}", out);
  }
  fputs(doc->ndiags ? "\n  ]\n}\n" : "]\n}\n", out);
  return GK_OK;
}
