/* docx_zip.c: the DOCX container: libzip over the input bytes, zip-bomb limits from
 * the central directory, bounded inflate, and naming what is not a DOCX. */
#include "docx_zip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "../core/doc.h"
#include "docx_diag.h"

struct gk_docx_zip {
  zip_t *za;
};

static double mib(zip_uint64_t n) { return (double)n / (1024.0 * 1024.0); }

static const char *stat_name(const zip_stat_t *st) {
  return (st->valid & ZIP_STAT_NAME) && st->name ? st->name : "?";
}

/* Refuses one entry whose declared size or compression ratio is out of bounds. */
static int check_entry(gk_doc *doc, const zip_stat_t *st) {
  const char *name = stat_name(st);
  zip_uint64_t ratio = st->size / (st->comp_size ? st->comp_size : 1);
  if (st->size > GK_DOCX_MAX_ENTRY_BYTES)
    return gk_docx_fail(doc, GK_ELIMIT,
                        "refused: ZIP entry \"%.80s\" would inflate to %.0f MiB (limit %u MiB per entry): a zip bomb or not a report",
                        name, mib(st->size), GK_DOCX_MAX_ENTRY_BYTES >> 20);
  if (st->size > GK_DOCX_RATIO_MIN_BYTES && ratio > GK_DOCX_MAX_RATIO)
    return gk_docx_fail(doc, GK_ELIMIT,
                        "refused: ZIP entry \"%.80s\" has a compression ratio of %llu:1 (limit %d:1): a zip bomb",
                        name, (unsigned long long)ratio, GK_DOCX_MAX_RATIO);
  return GK_OK;
}

/* Refuses a zip bomb from its central directory, before anything is inflated. */
static int check_directory(gk_doc *doc, zip_t *za) {
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n < 0) return gk_docx_fail(doc, GK_EFORMAT, "not a DOCX file: the ZIP directory cannot be read");
  if (n > GK_DOCX_MAX_ENTRIES)
    return gk_docx_fail(doc, GK_ELIMIT,
                        "refused: the ZIP has %lld entries (limit %d): not a report, perhaps a zip bomb",
                        (long long)n, GK_DOCX_MAX_ENTRIES);
  zip_uint64_t total = 0;
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t st;
    if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0)
      return gk_docx_fail(doc, GK_EFORMAT, "not a DOCX file: ZIP entry %lld cannot be read", (long long)i);
    if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) continue;
    int rc = check_entry(doc, &st);
    if (rc) return rc;
    total += st.size;
    if (total > GK_MAX_UNZIPPED_BYTES)
      return gk_docx_fail(doc, GK_ELIMIT,
                          "refused: the ZIP entries would inflate to more than %u MiB in all: a zip bomb or not a report",
                          GK_MAX_UNZIPPED_BYTES >> 20);
  }
  return GK_OK;
}

/* Whether the UTF-16LE form of `ascii` occurs in buf (OLE2 directory entry names). */
static int has_utf16(const unsigned char *buf, size_t len, const char *ascii) {
  unsigned char pat[64];
  size_t n = strlen(ascii);
  if (n * 2 > sizeof pat) return 0;
  for (size_t i = 0; i < n; i++) {
    pat[2 * i] = (unsigned char)ascii[i];
    pat[2 * i + 1] = 0;
  }
  return memmem(buf, len, pat, n * 2) != NULL;
}

/* Names an OLE2 compound file from its stream names. */
static int ole2_error(gk_doc *doc, const unsigned char *buf, size_t len) {
  if (has_utf16(buf, len, "EncryptedPackage"))
    return gk_docx_fail(doc, GK_EFORMAT,
                        "not a DOCX file: it is a password-protected (encrypted) Office document; open it in Word or WPS, remove the password, and save it as .docx");
  if (has_utf16(buf, len, "WordDocument"))
    return gk_docx_fail(doc, GK_EFORMAT,
                        "not a DOCX file: it is a legacy Word 97-2003 document (.doc, OLE2); convert it with `soffice --headless --convert-to docx FILE`");
  if (has_utf16(buf, len, "Workbook") || has_utf16(buf, len, "Book"))
    return gk_docx_fail(doc, GK_EFORMAT,
                        "not a DOCX file: it is a legacy Excel workbook (.xls, OLE2); export the report as DOCX, HTML or PDF (e.g. `soffice --headless --convert-to html FILE`)");
  return gk_docx_fail(doc, GK_EFORMAT,
                      "not a DOCX file: it is an OLE2 compound file (legacy Office, e.g. .doc); convert it with `soffice --headless --convert-to docx FILE`");
}

int gk_docx_zip_open(gk_doc *doc, const unsigned char *buf, size_t len, gk_docx_zip **out) {
  *out = NULL;
  if (len >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
    return ole2_error(doc, buf, len);
  gk_docx_zip *z = calloc(1, sizeof *z);
  if (!z) return GK_ENOMEM;
  zip_error_t ze;
  zip_error_init(&ze);
  /* The source reads the caller's bytes in place: no copy of the package. */
  zip_source_t *src = zip_source_buffer_create(buf, len, /*freep*/ 0, &ze);
  if (!src) {
    zip_error_fini(&ze);
    free(z);
    return GK_ENOMEM;
  }
  z->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!z->za) {
    int code = zip_error_code_zip(&ze);
    char why[200];
    snprintf(why, sizeof why, "%s", zip_error_strerror(&ze));
    zip_source_free(src);
    zip_error_fini(&ze);
    free(z);
    return gk_docx_fail(doc, GK_EFORMAT, "not a DOCX file: %s (%s)",
                        code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_SEEK ||
                                code == ZIP_ER_READ
                            ? "the ZIP container is damaged or truncated"
                            : "the ZIP container cannot be opened",
                        why);
  }
  zip_error_fini(&ze);
  int rc = check_directory(doc, z->za);
  if (rc) {
    gk_docx_zip_free(z);
    return rc;
  }
  *out = z;
  return GK_OK;
}

void gk_docx_zip_free(gk_docx_zip *z) {
  if (!z) return;
  if (z->za) zip_close(z->za);
  free(z);
}

/* The index of part `name`, or -1. */
static zip_int64_t locate(const gk_docx_zip *z, const char *name) {
  if (name[0] == '/') name++;
  return zip_name_locate(z->za, name, ZIP_FL_NOCASE);
}

int gk_docx_zip_has(const gk_docx_zip *z, const char *name) { return locate(z, name) >= 0; }

/* Inflates the open entry into buf (cap bytes: one more than declared, to notice an
 * overlong entry). Returns GK_OK with *got set, or a status after a diagnostic. */
static int inflate_entry(gk_doc *doc, zip_file_t *zf, const zip_stat_t *st, char *buf,
                         size_t cap, size_t *got) {
  const char *name = stat_name(st);
  *got = 0;
  for (;;) {
    zip_int64_t r = zip_fread(zf, buf + *got, cap - *got);
    if (r < 0)
      return gk_docx_fail(doc, GK_EFORMAT, "not a DOCX file: ZIP entry \"%.80s\" is damaged: %s",
                          name, zip_error_strerror(zip_file_get_error(zf)));
    if (r == 0) return GK_OK;
    *got += (size_t)r;
    if (*got > st->size)
      return gk_docx_fail(doc, GK_ELIMIT,
                          "refused: ZIP entry \"%.80s\" inflates past its declared %llu bytes: a zip bomb or a damaged file",
                          name, (unsigned long long)st->size);
  }
}

int gk_docx_zip_read(gk_doc *doc, gk_docx_zip *z, const char *name, char **out,
                     size_t *outlen) {
  *out = NULL;
  *outlen = 0;
  zip_int64_t idx = locate(z, name);
  if (idx < 0) return GK_OK;
  zip_stat_t st;
  if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return gk_docx_fail(doc, GK_EFORMAT, "not a DOCX file: ZIP entry %lld has no size", (long long)idx);
  if (st.size > GK_DOCX_MAX_ENTRY_BYTES)
    return gk_docx_fail(doc, GK_ELIMIT, "refused: ZIP entry \"%.80s\" is too large", stat_name(&st));
  /* One allocation of the declared size, a spare byte to notice an overlong entry,
     and the NUL. */
  size_t cap = (size_t)st.size + 1;
  char *buf = malloc(cap + 1);
  if (!buf) return GK_ENOMEM;
  zip_file_t *zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
  if (!zf) {
    free(buf);
    return gk_docx_fail(doc, GK_EFORMAT, "not a DOCX file: ZIP entry \"%.80s\" cannot be opened: %s",
                        stat_name(&st), zip_error_strerror(zip_get_error(z->za)));
  }
  size_t got;
  int rc = inflate_entry(doc, zf, &st, buf, cap, &got);
  zip_fclose(zf);
  if (!rc && got != st.size)
    rc = gk_docx_fail(doc, GK_EFORMAT,
                      "not a DOCX file: ZIP entry \"%.80s\" is truncated (%zu of %llu bytes)",
                      stat_name(&st), got, (unsigned long long)st.size);
  if (rc) {
    free(buf);
    return rc;
  }
  buf[got] = '\0';
  *out = buf;
  *outlen = got;
  return GK_OK;
}

/* What the mimetype part of an OpenDocument or EPUB package says it is, or NULL. */
static const char *mimetype_kind(const char *mime) {
  if (strstr(mime, "opendocument.text")) return "an OpenDocument text (.odt)";
  if (strstr(mime, "opendocument.spreadsheet")) return "an OpenDocument spreadsheet (.ods)";
  if (strstr(mime, "opendocument.presentation")) return "an OpenDocument presentation (.odp)";
  if (strstr(mime, "epub")) return "an EPUB book";
  return NULL;
}

int gk_docx_zip_not_docx(gk_doc *doc, gk_docx_zip *z) {
  char *mime;
  size_t len;
  int rc = gk_docx_zip_read(doc, z, "mimetype", &mime, &len);
  if (rc) return rc;
  if (mime) {
    const char *what = mimetype_kind(mime);
    free(mime);
    if (what && strstr(what, "text"))
      return gk_docx_fail(doc, GK_EFORMAT,
                          "not a DOCX file: it is %s; convert it with `soffice --headless --convert-to docx FILE`",
                          what);
    if (what)
      return gk_docx_fail(doc, GK_EFORMAT,
                          "not a DOCX file: it is %s; export the report as DOCX, HTML or PDF (e.g. `soffice --headless --convert-to html FILE`)",
                          what);
  }
  if (gk_docx_zip_has(z, "xl/workbook.xml"))
    return gk_docx_fail(doc, GK_EFORMAT,
                        "not a DOCX file: it is an Excel workbook (.xlsx); export the report as DOCX, HTML or PDF (e.g. `soffice --headless --convert-to html FILE`)");
  if (gk_docx_zip_has(z, "ppt/presentation.xml"))
    return gk_docx_fail(doc, GK_EFORMAT,
                        "not a DOCX file: it is a PowerPoint presentation (.pptx); export the report as DOCX or PDF");
  return gk_docx_fail(doc, GK_EFORMAT,
                      "not a DOCX file: a ZIP archive without a Word document (no word/document.xml); if it holds a report, unpack it and convert the report itself");
}
