/* docx_zip.h: the DOCX container: a ZIP read from memory with libzip, checked for
 * zip bombs before anything is inflated, and its parts inflated with their bytes
 * counted. Inputs that are not a DOCX (legacy .doc, .xlsx, .odt, a plain ZIP) are
 * named, with how to convert them. The libzip handle never leaves docx_zip.c.
 * Private to the DOCX converter. */
#ifndef GK_DOCX_ZIP_H
#define GK_DOCX_ZIP_H

#include <stddef.h>

struct gk_doc;

/* Limits of the container, all checked against the central directory before any
 * entry is inflated, and again while inflating. */

/* Most entries a package may have: a report has about twenty. */
#ifndef GK_DOCX_MAX_ENTRIES
#define GK_DOCX_MAX_ENTRIES 10000
#endif
/* Most bytes one entry may inflate to (the declared size, then the counted bytes). */
#ifndef GK_DOCX_MAX_ENTRY_BYTES
#define GK_DOCX_MAX_ENTRY_BYTES (64u << 20)
#endif
/* Most bytes all entries together may declare. */
#ifndef GK_MAX_UNZIPPED_BYTES
#define GK_MAX_UNZIPPED_BYTES (512u << 20)
#endif
/* Highest declared size : compressed size ratio of one entry. Deflate of real XML
 * rarely passes 60:1 (WPS markup is repetitive); runs of zeros reach 1000:1. */
#ifndef GK_DOCX_MAX_RATIO
#define GK_DOCX_MAX_RATIO 200
#endif
/* Entries that declare at most this many bytes are not checked for ratio: a small
 * part can compress well and cannot make a bomb. */
#define GK_DOCX_RATIO_MIN_BYTES (1u << 20)

/* An opened package (wraps libzip's zip_t and the source over the caller's bytes). */
typedef struct gk_docx_zip gk_docx_zip;

/** Opens the package in buf[0..len) (borrowed: it must outlive the package) and
 *  checks its central directory against the limits above. Returns GK_OK with *out
 *  set, or GK_EFORMAT (damaged ZIP, an OLE2 file such as a legacy .doc), GK_ELIMIT
 *  (a limit hit) with *out NULL, after an error diagnostic on doc that says why, or
 *  GK_ENOMEM without one (the caller reports it). The caller frees *out with gk_docx_zip_free(). */
int gk_docx_zip_open(struct gk_doc *doc, const unsigned char *buf, size_t len,
                     gk_docx_zip **out);

/** Closes the package; NULL is allowed. */
void gk_docx_zip_free(gk_docx_zip *z);

/** Whether the package has part `name` (a leading '/' is ignored; OPC part names
 *  are case-insensitive). */
int gk_docx_zip_has(const gk_docx_zip *z, const char *name);

/** Inflates part `name` into a fresh NUL-terminated buffer, counting the bytes: an
 *  entry that inflates past its declared size is refused whatever the directory
 *  says. Returns GK_OK with *out set (caller frees it with free()) and *outlen its
 *  length; GK_OK with *out NULL when the part is absent; or GK_EFORMAT (damaged or
 *  truncated entry) or GK_ELIMIT with *out NULL after an error diagnostic on doc,
 *  or GK_ENOMEM without one. */
int gk_docx_zip_read(struct gk_doc *doc, gk_docx_zip *z, const char *name, char **out,
                     size_t *outlen);

/** Says what a package without a Word document is (an OpenDocument file, an Excel
 *  workbook, a presentation, a plain ZIP) and how to get a DOCX or another input
 *  from it. Always returns a negative status (GK_EFORMAT, or that of reading the
 *  mimetype part), after an error diagnostic on doc. */
int gk_docx_zip_not_docx(struct gk_doc *doc, gk_docx_zip *z);

#endif
