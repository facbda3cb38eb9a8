/* normalize.c: the normalizer's entry point: parts, template, tables, claims. */
#include "normalize.h"

#include "../core/doc.h"
#include "../core/utf8.h"
#include "map.h"
#include "narrative.h"
#include "number.h"

#include <string.h>

/* How many characters (not white space) s holds, and how many of them are Chinese
 * (ideographs, radicals, CJK punctuation; not the full-width Latin forms, nor the
 * curly quotes that Latin text has too). */
static void count_chinese(const char *s, size_t *chars, size_t *chinese) {
  size_t len = s ? strlen(s) : 0, i = 0;
  while (i < len) {
    uint32_t cp = gk_utf8_next(s, len, &i);
    if (gk_cp_is_space(cp)) continue;
    ++*chars;
    *chinese += cp >= 0x2E80 && gk_cp_is_cjk(cp) && !(cp >= 0xFF01 && cp <= 0xFF60);
  }
}

/* A document none of whose tables was found and whose text holds not one Chinese
 * character was not read: its text is not the report's (a PDF whose fonts map their
 * glyphs to no Unicode, as printing through PostScript gives, reads as Latin
 * punctuation; a file in some other language). Saying the tables are missing would
 * blame the report for what the text layer lost. Returns GK_EFORMAT with the reason
 * as an error diagnostic, or GK_OK. (A report whose labels alone are garbled keeps
 * its digits, and its tables are found by position: not this.) */
static int check_readable(gk_doc *doc) {
  for (int t = 0; t < GK_NTABLES; t++)
    if (doc->table_found[t]) return GK_OK;
  size_t chars = 0, chinese = 0;
  for (size_t b = 0; b < doc->nblocks && chinese == 0; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind == GK_BLOCK_PARAGRAPH) count_chinese(blk->text, &chars, &chinese);
    for (size_t r = 0; blk->kind == GK_BLOCK_GRID && r < blk->nrows; r++)
      for (size_t c = 0; c < blk->rows[r].ncells; c++)
        count_chinese(blk->rows[r].cells[c].text, &chars, &chinese);
  }
  if (chars == 0 || chinese > 0) return GK_OK;
  /* The likely cause differs by kind: a PDF's text layer can be lost while its page
   * looks right; any other input simply is no report in Chinese. */
  if (doc->format == GK_FMT_PDF)
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL,
                "unreadable text: none of its %zu characters is Chinese (a PDF whose "
                "fonts map glyphs to no Unicode, as printing through PostScript gives?); "
                "OCR is not supported",
                chars);
  else
    gk_diag_add(doc, GK_SEV_ERROR, "format", NULL,
                "not a report: none of its %zu characters is Chinese", chars);
  return GK_EFORMAT;
}

int gk_normalize(gk_doc *doc, const char *schema_id) {
  int rc = gk_narr_find_parts(doc);
  if (rc) return rc;
  const gk_schema *schema = NULL;
  if (schema_id) {
    schema = gk_schema_get(schema_id);
    if (!schema) {
      gk_diag_add(doc, GK_SEV_ERROR, "schema", NULL, "unknown schema \"%s\"", schema_id);
      return GK_EFORMAT;
    }
  }
  if ((rc = gk_map_tables(doc, schema))) return rc;
  if ((rc = check_readable(doc))) return rc;
  return gk_narr_find_claims(doc);
}

/* Whether `reading` is one of the ';'-separated readings of alts. */
static int has_reading(const char *alts, const char *reading) {
  size_t l = strlen(reading);
  for (const char *p = alts; p && *p;) {
    const char *e = strchr(p, ';');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == l && memcmp(p, reading, l) == 0) return 1;
    p = e ? e + 1 : NULL;
  }
  return 0;
}

int gk_normalize_settle(gk_doc *doc, const char *table, const char *row, const char *reading,
                        const char *why) {
  if (!doc->schema) return GK_EFORMAT;
  for (int t = 0; t < GK_NTABLES; t++) {
    const gk_stable *st = doc->schema->tables[t];
    if (strcmp(st->key, table) != 0) continue;
    int r = gk_schema_row_index(st, row);
    if (r < 0) return GK_EFORMAT;
    const gk_srow *sr = &st->rows[r];
    int undecided = 0;
    for (int p = 0; p < sr->ncols; p++) {
      const gk_value *v = gk_doc_value(doc, t, r, p);
      if (v->state != GK_VAL_AMBIGUOUS) continue;
      if (!v->alts || !has_reading(v->alts, reading)) return GK_EFORMAT;
      undecided++;
    }
    if (!undecided) return GK_EFORMAT;
    for (int p = 0; p < sr->ncols; p++) {
      gk_value *v = gk_doc_value(doc, t, r, p);
      if (v->state != GK_VAL_AMBIGUOUS) continue;
      /* The cell's value is field alt_pos of the reading. */
      const char *f = reading;
      for (int k = 0; k < v->alt_pos && f; k++) {
        f = strchr(f, '|');
        if (f) f++;
      }
      if (!f) return GK_EFORMAT;
      const char *e = strchr(f, '|');
      char *g = gk_arena_strndup(doc->arena, f, e ? (size_t)(e - f) : strlen(f));
      char *by = gk_arena_strdup(doc->arena, why);
      if (!g || !by) return GK_ENOMEM;
      gk_src src = v->src;
      if (gk_num_to_value(doc->arena, g, st->cols[sr->cols[p]].kind, v)) return GK_ENOMEM;
      v->src = src;
      v->decided_by = by;
    }
    return gk_diag_add(doc, GK_SEV_NOTE, "values", NULL, "%s.%s read as %s: decided by %s", table,
                       row, reading, why);
  }
  return GK_EFORMAT;
}
