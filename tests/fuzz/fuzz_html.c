/* fuzz_html.c: libFuzzer target of the html converter: HTML (libxml2's HTML parser)
 * converted with gk_convert_html, then normalized, checked and written by every
 * writer, with the invariants and outputs checked (fuzz_check.c). */
#include <stdint.h>

#include "converters/convert.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  gk_fuzz_convert(GK_FMT_HTML, gk_convert_html, data, size);
  return 0;
}
