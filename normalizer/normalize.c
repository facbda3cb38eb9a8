/* normalize.c: the normalizer's entry point: parts, template, tables, claims. */
#include "normalize.h"

#include "../core/doc.h"
#include "map.h"
#include "narrative.h"

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
