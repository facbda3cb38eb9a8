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

void gk_write_json_src(FILE *out, const gk_src *src, const char *decided_by) {
  putc('{', out);
  switch (src->kind) {
    case GK_SRC_TEXT:
      fprintf(out, "\"line\": %d", src->line);
      if (src->column > 0) fprintf(out, ", \"column\": %d", src->column);
      break;
    case GK_SRC_TABLE:
      fprintf(out, "\"table\": %d, \"row\": %d, \"col\": %d", src->table, src->row, src->col);
      if (src->offset >= 0) fprintf(out, ", \"offset\": %d", src->offset);
      break;
    case GK_SRC_PDF:
      fprintf(out, "\"page\": %d", src->page);
      if (src->has_box)
        fprintf(out, ", \"bbox\": [%.2f, %.2f, %.2f, %.2f]", src->x0, src->y0, src->x1, src->y1);
      if (src->cut_off) fputs(", \"cut_off\": true", out);
      break;
    default: break;
  }
  if (decided_by) {
    fputs(src->kind != GK_SRC_NONE ? ", \"decided_by\": " : "\"decided_by\": ", out);
    gk_write_json_string(out, decided_by);
  }
  putc('}', out);
}

/* Every value with a known source, by cell address (README: Provenance). */
static void write_provenance(const gk_doc *doc, FILE *out) {
  fputs("  \"provenance\": {", out);
  int first = 1;
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    for (int r = 0; r < st->nrows; r++) {
      if (!gk_doc_row_active(doc, t, r)) continue;
      const gk_srow *row = &st->rows[r];
      for (int p = 0; p < row->ncols; p++) {
        const gk_value *v = gk_doc_value_get(doc, t, r, p);
        if (v->src.kind == GK_SRC_NONE && !v->decided_by) continue;
        fprintf(out, "%s\n    \"%s.%s.%s\": ", first ? "" : ",", st->key, row->key,
                st->cols[row->cols[p]].key);
        first = 0;
        gk_write_json_src(out, &v->src, v->decided_by);
      }
    }
  }
  fputs(first ? "},\n" : "\n  },\n", out);
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
  if (doc->schema) write_provenance(doc, out);
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
