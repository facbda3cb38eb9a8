/* fuzz_pdf.c: libFuzzer target of the pdf converter: PDF (poppler-glib, from memory)
 * converted with gk_convert_pdf, then normalized, checked and written by every
 * writer, with the invariants and outputs checked (fuzz_check.c). */
#include <stdint.h>

#include "converters/convert.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  gk_fuzz_convert(GK_FMT_PDF, gk_convert_pdf, data, size);
  return 0;
}
