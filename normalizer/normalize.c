/* normalize.c: the normalizer's entry point: parts, template, tables, claims. */
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
  } else {
    /* Detection reads table 2's labels; the default is only a starting point. */
    if ((rc = gk_doc_set_schema(doc, gk_schemas[0]))) return rc;
    schema = gk_map_detect_schema(doc);
  }
  if ((rc = gk_doc_set_schema(doc, schema))) return rc;
  if ((rc = gk_map_tables(doc))) return rc;
  return gk_narr_find_claims(doc);
}
