/* fuzz_text.c: libFuzzer target of the text converter: plain text (any bytes: the text converter takes everything)
 * converted with gk_convert_text, then normalized, checked and written by every
 * writer, with the invariants and outputs checked (fuzz_check.c). */
#include <stdint.h>

#include "converters/convert.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  gk_fuzz_convert(GK_FMT_TEXT, gk_convert_text, data, size);
  return 0;
}
