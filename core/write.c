/* write.c: writer dispatch: one call per output kind, and the views each needs. */
#include "write.h"

#include "write_csv.h"
#include "write_dump.h"
#include "write_html.h"
#include "write_json.h"
#include "write_text.h"

unsigned gk_write_views(gk_output kind) {
  switch (kind) {
    case GK_OUT_JSON: return GK_VIEW_SECTIONS;
    case GK_OUT_TEXT: return GK_VIEW_TEXT;
    default: return 0;
  }
}

int gk_write(const gk_doc *doc, gk_output kind, FILE *out, int first) {
  int rc;
  switch (kind) {
    case GK_OUT_JSON: rc = gk_write_json_doc(doc, out); break;
    case GK_OUT_CSV: rc = gk_write_csv_doc(doc, out, first); break;
    case GK_OUT_TEXT: rc = gk_write_text_doc(doc, out); break;
    case GK_OUT_MD: rc = gk_write_md_doc(doc, out); break;
    case GK_OUT_DUMP: rc = gk_write_dump_doc(doc, out); break;
    case GK_OUT_HTML: rc = gk_write_html_doc(doc, out); break;
    default: rc = gk_write_checks_doc(doc, out); break;
  }
  if (rc == 0 && ferror(out)) rc = GK_EIO;
  return rc;
}
