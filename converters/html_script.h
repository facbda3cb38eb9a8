/* html_script.h: report HTML held in a page's scripts (the HTML converter's helper).
 *
 * Pages built with current web frameworks ship an empty body and the report as data:
 * a JavaScript string literal (`var content = "<p>…" + "…";`) or one field of framework
 * JSON (`<script id="__NEXT_DATA__">`, `window.__INITIAL_STATE__ = {…}`). This file finds
 * the script bodies in the page, scans them with a bounded lexer of string literals
 * (never a JavaScript engine: nothing is executed or fetched), decodes the literals,
 * and reads JSON containers through json-glib (html_json.h). Everything here is heap memory owned
 * by the caller; no json-glib object outlives a call. */
#ifndef GK_HTML_SCRIPT_H
#define GK_HTML_SCRIPT_H

#include <stddef.h>

#include "../core/strbuf.h"

struct gk_doc;

/* One <script> element of the page. */
typedef struct gk_html_script {
  size_t off, len; /* the body, as bytes of the page */
  int line;        /* source line of the start tag */
  int json;        /* the type attribute says JSON (application/json, …+json) */
  char id[64];     /* the id attribute, "" when none (cut at 63 bytes) */
} gk_html_script;

typedef struct gk_html_scripts {
  gk_html_script *v; /* malloc'd; free with gk_html_scripts_free */
  size_t n, cap;
} gk_html_scripts;

/** Finds the <script> bodies of a UTF-8 page the way libxml2's HTML parser delimits
 *  them (comments, attribute values and <style> bodies skipped; a body ends at
 *  `</script`, case ignored, or at the end of the page). When any body is not empty,
 *  *cut receives a malloc'd copy of the page with every body replaced by its line
 *  breaks (lines keep their numbers, and the HTML parser does not scan megabytes of
 *  script), *cutlen its length; else *cut is NULL. Returns GK_OK or GK_ENOMEM.
 *  The caller frees *cut with free() and the list with gk_html_scripts_free. */
int gk_html_scripts_find(const char *page, size_t len, gk_html_scripts *sc, char **cut,
                         size_t *cutlen);

void gk_html_scripts_free(gk_html_scripts *sc);

/* Results of the literal decoder. */
enum {
  GK_LIT_OK = 0,
  GK_LIT_UNTERMINATED = 1, /* no closing quote (or a line break inside '…' / "…") */
  GK_LIT_TOO_LONG = 2,     /* the decoded text would pass `max` bytes */
  GK_LIT_SUBST = 3,        /* a template literal with ${…}: not a constant */
  GK_LIT_NOMEM = 4,
};

/** Decodes the JavaScript string literal at s[0] ('…', "…" or `…` without ${}):
 *  escapes \n \r \t \b \f \v \0 \xHH \uXXXX \u{…} (surrogate pairs joined, lone ones
 *  U+FFFD), legacy octal, line continuations, and identity escapes (\" \/ …); NUL
 *  characters are dropped. Appends the UTF-8 to `out` (at most `max` bytes in all) and
 *  sets *end to the offset past the closing quote. Returns a GK_LIT_* value. */
int gk_html_lit_decode(const char *s, size_t len, size_t *end, gk_strbuf *out, size_t max);

/** Decodes a chain of literals joined with `+` (white space and comments between),
 *  starting at the literal at s[0]; *end is the offset past the last literal. When a
 *  `+` joins something that is not a literal (a variable, a call), *joined_other is
 *  set: the value is not a constant. Returns a GK_LIT_* value. */
int gk_html_lit_chain(const char *s, size_t len, size_t *end, gk_strbuf *out, size_t max,
                      int *joined_other);

/* A string value of a script that holds a report. */
typedef struct gk_html_cand {
  char *html;  /* the decoded HTML (malloc'd, NUL-terminated) */
  size_t len;
  size_t script;    /* index in gk_html_scripts */
  char path[256];   /* where in the script: props.pageProps.article.content */
  char *title, *organ, *date; /* sibling JSON fields, or NULL (malloc'd) */
  int parts;        /* distinct part headings the text holds */
  int json;         /* read through json-glib (else the literal decoder) */
  /* The innermost container, while scanning (offsets in the script body). */
  size_t cont_open, cont_close;
  int cont_depth;
  char key[128];    /* the member's key in that container, or "" */
  long index;       /* the element's index, when the container is an array */
} gk_html_cand;

typedef struct gk_html_cands {
  gk_html_cand *v; /* malloc'd; free with gk_html_cands_free */
  size_t n, cap;
  size_t rejected;   /* long string values that held a report but could not be used */
  char why[160];     /* the reason of the last rejection */
} gk_html_cands;

/** Whether decoded text holds a report: two part headings, or a <table> with one
 *  heading or one of the templates' header labels. Returns the number of part
 *  headings found (at least 1) or 0. */
int gk_html_report_score(const char *s, size_t len);

/** Scans one script body for string values holding a report (gk_html_report_score),
 *  appending them to `out` (the longest GK_HTML_MAX_CANDS of the page are kept).
 *  Values inside a JSON object or array are re-read through json-glib, which also
 *  gives their sibling fields; a JSON script whose container json-glib refuses is
 *  rejected (out->rejected, out->why). Bounded: linear in `len`, each literal decoded
 *  once, at most GK_HTML_LIT_MAX bytes per value. Returns GK_OK or GK_ENOMEM. */
int gk_html_script_search(const char *body, size_t len, size_t script, int json,
                          gk_html_cands *out);

void gk_html_cands_free(gk_html_cands *c);

/** Copies into out (cap bytes) the first title-like text (…年度报告, …工作报告) of an
 *  HTML fragment, tags and white space removed, looking at the first
 *  GK_HTML_TITLE_SCAN bytes. Returns 1 when found, else 0 (out = ""). */
int gk_html_title_in(const char *html, size_t len, char *out, size_t cap);

/** The organ part of a report title: the text before its four-digit year (before
 *  政府信息公开 when there is no year), written into out. Returns its length (0 when
 *  the title starts with the year or names no organ). */
size_t gk_html_title_organ(const char *title, char *out, size_t cap);

#endif
