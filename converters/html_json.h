/* html_json.h: one JSON container of a page script read through json-glib (the
 * gkconv_htmljson module).
 *
 * json-glib pulls in GObject and GIO, whose loading costs every HTML run some
 * millions of instructions; most pages carry their report in the body and never need
 * it. So this reader lives in a module of its own, loaded by html_script.c only when
 * a script value that holds a report sits inside a JSON container (tests and fuzzers
 * link it in). */
#ifndef GK_HTML_JSON_H
#define GK_HTML_JSON_H

#include <stddef.h>

/* What json-glib read of one string member and its siblings; every pointer is
 * malloc'd (NULL when absent) and freed by the caller with free(). */
typedef struct gk_html_json_value {
  char *value;                /* the string at `key` or `index` */
  char *title, *organ, *date; /* sibling string fields of an object, or NULL */
} gk_html_json_value;

/** Parses json[0, n) as one JSON object or array and takes its member `key` (when
 *  key is not "") or its element `index` (when key is "" and index >= 0), which must
 *  be a string, with the object's title, organ and date fields (first non-empty
 *  string of a list of usual keys each). Returns 1 when read (out filled), 0 when the
 *  text is no JSON or holds no string there (why[0, whycap) says so, out untouched),
 *  -1 when out of memory. */
int gk_html_json_read(const char *json, size_t n, const char *key, long index,
                      gk_html_json_value *out, char *why, size_t whycap);

/* Its type, for the loader. */
typedef int (*gk_html_json_read_fn)(const char *json, size_t n, const char *key, long index,
                                    gk_html_json_value *out, char *why, size_t whycap);

#endif
