/* normalize.c: the normalizer's entry point: parts, template, tables, claims. */
#include "normalize.h"

#include "../core/doc.h"
#include "map.h"
#include "narrative.h"
#include "number.h"

#include <string.h>

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
