/* fuzz_docx.c: libFuzzer target of the docx converter: DOCX (libzip + libxml2, from memory)
 * converted with gk_convert_docx, then normalized, checked and written by every
 * writer, with the invariants and outputs checked (fuzz_check.c). */
#include <stdint.h>

#include "converters/convert.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  gk_fuzz_convert(GK_FMT_DOCX, gk_convert_docx, data, size);
  return 0;
}
