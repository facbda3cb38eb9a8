/* fuzz_any.c: libFuzzer target over the whole pipeline: any bytes in, every writer out,
 * model invariants checked after conversion and after normalization. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/gktab.h"
#include "core/doc.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  gk_doc *doc = gk_doc_new("fuzz");
  if (!doc) return 0;
  if (gk_convert(doc, data, size) == GK_OK) {
    if (gk_doc_validate(doc, stderr) != 0) abort();
    if (gk_normalize(doc, NULL) == GK_OK && gk_normalize_views(doc, GK_VIEW_SECTIONS | GK_VIEW_TEXT) == GK_OK) {
      if (gk_check(doc) < 0) abort();
      if (gk_doc_validate(doc, stderr) != 0) abort();
      /* Every writer into a memory stream, as cmark's fuzzer renders every format. */
      char *buf = NULL;
      size_t len = 0;
      FILE *mem = open_memstream(&buf, &len);
      if (mem) {
        for (int k = GK_OUT_JSON; k <= GK_OUT_CHECKS; k++) gk_write(doc, (gk_output)k, mem, 1);
        fclose(mem);
        /* Whatever came in, what goes out is valid UTF-8. */
        if (buf && !gk_utf8_valid(buf, len)) abort();
        free(buf);
      }
    }
  }
  gk_doc_free(doc);
  return 0;
}
