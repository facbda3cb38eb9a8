/* fuzz_docx.c: libFuzzer target of the DOCX converter (libzip + libxml2, from
 * memory), then normalized, checked and written by every writer, with the
 * invariants and outputs checked (fuzz_check.c).
 *
 * Mutated ZIP bytes mostly fail the container's checksums, so the XML readers
 * behind it would see little: an input that does not start with a ZIP signature is
 * taken as the package's XML parts instead, separated by NUL bytes (which XML cannot
 * hold): word/document.xml, then word/numbering.xml, then word/styles.xml. They are
 * stored (not deflated) in a ZIP built in memory, and that goes to gk_convert_docx.
 * An input starting with "PK" goes to the converter as it is. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "converters/convert.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const part_names[] = {"word/document.xml", "word/numbering.xml",
                                         "word/styles.xml"};

/* Builds a stored ZIP of the NUL-separated parts. Returns it (caller frees with
 * free()) and its length in *len, or NULL when libzip fails. */
static unsigned char *package(const uint8_t *data, size_t size, size_t *len) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (!out) return NULL;
  zip_t *za = zip_open_from_source(out, ZIP_TRUNCATE, &ze);
  unsigned char *buf = NULL;
  if (!za) goto fail;
  zip_source_keep(out); /* zip_close frees the archive's reference; the bytes are read after */
  size_t start = 0;
  for (size_t p = 0; p < sizeof part_names / sizeof part_names[0] && start <= size; p++) {
    const uint8_t *nul = memchr(data + start, 0, size - start);
    size_t end = nul ? (size_t)(nul - data) : size;
    zip_source_t *s = zip_source_buffer(za, data + start, end - start, 0);
    zip_int64_t idx = s ? zip_file_add(za, part_names[p], s, ZIP_FL_OVERWRITE) : -1;
    if (idx < 0) {
      zip_source_free(s);
      zip_discard(za);
      goto fail;
    }
    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    if (!nul) break;
    start = end + 1;
  }
  /* Writes the archive into `out`. */
  if (zip_close(za) != 0) {
    zip_discard(za);
    goto fail;
  }
  zip_stat_t st;
  if (zip_source_stat(out, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(out) != 0)
    goto fail;
  buf = malloc(st.size ? st.size : 1);
  if (buf && zip_source_read(out, buf, st.size) != (zip_int64_t)st.size) {
    free(buf);
    buf = NULL;
  }
  zip_source_close(out);
  *len = (size_t)st.size;
fail:
  zip_source_free(out);
  return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
    gk_fuzz_convert(GK_FMT_DOCX, gk_convert_docx, data, size);
    return 0;
  }
  size_t len = 0;
  unsigned char *zip = package(data, size, &len);
  if (zip) gk_fuzz_convert(GK_FMT_DOCX, gk_convert_docx, zip, len);
  free(zip);
  return 0;
}
