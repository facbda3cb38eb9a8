/* module.h: converters that need heavy libraries (libxml2, libzip, poppler), and the
 * CLI's JSONL reader (json-glib, with GIO), live in loadable modules, so a run that never meets such an input never pays for loading
 * those libraries (poppler alone pulls in some fifty shared objects: ~10 ms). */
#ifndef GK_MODULE_H
#define GK_MODULE_H

#include <stddef.h>

struct gk_doc;

#include "convert.h"

/** Returns the converter `symbol` (e.g. "gk_convert_pdf") of module `name` ("pdf"),
 *  loading gkconv_<name>.so on first use from beside the executable, or else from
 *  GK_MODULE_DIR (the install directory), or $GKTAB_MODULE_DIR when set. Returns NULL
 *  after adding an error diagnostic that names the module and why it did not load. */
gk_convert_fn gk_module_get(struct gk_doc *doc, const char *name, const char *symbol);

/** Returns `symbol` of module `name` (the file name without ".so", e.g. "gkcli_jsonl"),
 *  loaded once per process from the same directories, or NULL with the reason in
 *  why[0, whycap). */
void *gk_module_symbol(const char *name, const char *symbol, char *why, size_t whycap);

#endif
