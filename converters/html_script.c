/* html_script.c: report HTML held in a page's scripts: script bodies, a bounded lexer
 * of JavaScript string literals, JSON containers read through json-glib.
 *
 * The lexer knows only what it needs to step over code without mistaking it for
 * data: string and template literals, comments, regular-expression literals (told
 * from division by the token before them), brackets, identifiers and keys. It keeps a
 * stack of open brackets with the key or index each one is the value of, so a value
 * it finds can be named (props.pageProps.article.content) and its innermost JSON
 * container handed to json-glib, which is slow on megabytes of small tokens and so
 * only ever sees the container of a value that holds a report (through the
 * gkconv_htmljson module, loaded then: html_json.h). */
#include "html_script.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/base.h"
#include "../core/lex.h"
#include "../core/schema.h"
#include "../core/utf8.h"
#include "html_json.h"
#include "module.h"

/* Bytes of one decoded string value; a longer value is no report page's content. */
#ifndef GK_HTML_LIT_MAX
#define GK_HTML_LIT_MAX (16u << 20)
#endif
/* Raw bytes a string value needs before it is decoded and scored: shorter values
 * (titles, URLs, summaries) cannot hold a report's tables. */
#ifndef GK_HTML_MIN_REPORT
#define GK_HTML_MIN_REPORT 512
#endif
/* Candidate values kept per page (list pages carry a few related reports). */
#ifndef GK_HTML_MAX_CANDS
#define GK_HTML_MAX_CANDS 8
#endif
/* Open brackets tracked by name; deeper ones are counted, and named "…". */
#ifndef GK_HTML_SCRIPT_DEPTH
#define GK_HTML_SCRIPT_DEPTH 64
#endif
/* Bytes of one JSON container handed to json-glib (about 150 instructions a byte on
 * small tokens); a larger one is read by the literal decoder alone. */
#ifndef GK_HTML_JSON_MAX
#define GK_HTML_JSON_MAX (32u << 20)
#endif
/* Bytes of decoded HTML searched for the report's title line. */
#ifndef GK_HTML_TITLE_SCAN
#define GK_HTML_TITLE_SCAN 16384
#endif

/* ------------------------------------------------------------ script bodies */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int ci_prefix(const char *s, size_t n, const char *lw) {
  size_t i = 0;
  for (; lw[i]; i++)
    if (i >= n || lower((unsigned char)s[i]) != lw[i]) return 0;
  return 1;
}

static int name_char(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == ':' || c == '.';
}

static int space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Finds `</name` (case ignored) from i; returns its offset or len. */
static size_t find_end_tag(const char *p, size_t len, size_t i, const char *name) {
  size_t nl = strlen(name);
  while (i < len) {
    const char *q = memchr(p + i, '<', len - i);
    if (!q) return len;
    size_t j = (size_t)(q - p);
    if (j + 1 < len && p[j + 1] == '/' && ci_prefix(p + j + 2, len - j - 2, name) &&
        (j + 2 + nl >= len || !name_char((unsigned char)p[j + 2 + nl])))
      return j;
    i = j + 1;
  }
  return len;
}

/* Copies an attribute value (cut to cap-1 bytes). */
static void copy_val(const char *v, size_t n, char *out, size_t cap) {
  if (n >= cap) n = cap - 1;
  memcpy(out, v, n);
  out[n] = '\0';
}

/* Appends s to dst (cap bytes), cut at a character boundary. */
static void cat(char *dst, size_t cap, const char *s) {
  size_t n = strlen(dst), k = strlen(s);
  if (n + 1 >= cap) return;
  if (k > cap - n - 1) k = cap - n - 1;
  memcpy(dst + n, s, k);
  dst[n + k] = '\0';
  gk_utf8_trim(dst);
}

static void set(char *dst, size_t cap, const char *s) {
  dst[0] = '\0';
  cat(dst, cap, s);
}

static int add_script(gk_html_scripts *sc, const gk_html_script *s) {
  if (sc->n == sc->cap) {
    size_t ncap = sc->cap ? sc->cap * 2 : 16;
    gk_html_script *n = realloc(sc->v, ncap * sizeof *n);
    if (!n) return GK_ENOMEM;
    sc->v = n;
    sc->cap = ncap;
  }
  sc->v[sc->n++] = *s;
  return GK_OK;
}

static size_t count_lines(const char *p, size_t from, size_t to) {
  size_t n = 0;
  while (from < to) {
    const char *q = memchr(p + from, '\n', to - from);
    if (!q) break;
    n++;
    from = (size_t)(q - p) + 1;
  }
  return n;
}

int gk_html_scripts_find(const char *page, size_t len, gk_html_scripts *sc, char **cut,
                         size_t *cutlen) {
  *cut = NULL;
  *cutlen = 0;
  size_t i = 0, line_at = 0;
  int line = 1;
  size_t body_bytes = 0;
  while (i < len) {
    const char *q = memchr(page + i, '<', len - i);
    if (!q) break;
    size_t j = (size_t)(q - page);
    if (j + 3 < len && page[j + 1] == '!' && page[j + 2] == '-' && page[j + 3] == '-') {
      /* A comment runs to -->; an unterminated one to the end, as libxml2 reads it. */
      const char *e = memmem(page + j + 4, len - j - 4, "-->", 3);
      if (!e) break;
      i = (size_t)(e - page) + 3;
      continue;
    }
    if (j + 1 >= len || !((page[j + 1] | 0x20) >= 'a' && (page[j + 1] | 0x20) <= 'z')) {
      i = j + 1;
      continue;
    }
    /* A start tag: its name, then attributes to the '>' outside quotes. */
    size_t k = j + 1;
    while (k < len && name_char((unsigned char)page[k])) k++;
    int is_script = k - j - 1 == 6 && ci_prefix(page + j + 1, 6, "script");
    int is_style = k - j - 1 == 5 && ci_prefix(page + j + 1, 5, "style");
    gk_html_script s;
    memset(&s, 0, sizeof s);
    int selfclose = 0;
    while (k < len && page[k] != '>') {
      if (space((unsigned char)page[k]) || page[k] == '/') {
        selfclose = page[k] == '/';
        k++;
        continue;
      }
      selfclose = 0;
      size_t an = k;
      while (k < len && !space((unsigned char)page[k]) && page[k] != '=' && page[k] != '>') k++;
      size_t anl = k - an;
      while (k < len && space((unsigned char)page[k])) k++;
      if (k >= len || page[k] != '=') continue;
      k++;
      while (k < len && space((unsigned char)page[k])) k++;
      size_t vs = k, vl;
      if (k < len && (page[k] == '"' || page[k] == '\'')) {
        char qc = page[k];
        const char *e = memchr(page + k + 1, qc, len - k - 1);
        vs = k + 1;
        k = e ? (size_t)(e - page) + 1 : len;
        vl = (e ? (size_t)(e - page) : len) - vs;
      } else {
        while (k < len && !space((unsigned char)page[k]) && page[k] != '>') k++;
        vl = k - vs;
      }
      if (is_script && anl == 2 && ci_prefix(page + an, 2, "id")) {
        copy_val(page + vs, vl, s.id, sizeof s.id);
      } else if (is_script && anl == 4 && ci_prefix(page + an, 4, "type")) {
        char t[64];
        copy_val(page + vs, vl, t, sizeof t);
        for (char *c = t; *c; c++) *c = (char)lower((unsigned char)*c);
        s.json = strstr(t, "json") != NULL;
      }
    }
    if (k >= len) break;
    k++; /* past '>' */
    if (!is_script && !is_style) {
      i = k;
      continue;
    }
    if (is_script && selfclose) { /* <script/>: libxml2 closes it at once */
      i = k;
      continue;
    }
    size_t end = find_end_tag(page, len, k, is_script ? "script" : "style");
    if (is_script) {
      line += (int)count_lines(page, line_at, j);
      line_at = j;
      s.off = k;
      s.len = end - k;
      s.line = line;
      if (add_script(sc, &s)) return GK_ENOMEM;
      body_bytes += s.len;
    }
    i = end;
  }
  if (!body_bytes) return GK_OK;
  /* The page without the bodies: each body keeps only its line breaks. */
  char *c = malloc(len + 1);
  if (!c) return GK_ENOMEM;
  size_t o = 0, from = 0;
  for (size_t n = 0; n < sc->n; n++) {
    const gk_html_script *s = &sc->v[n];
    memcpy(c + o, page + from, s->off - from);
    o += s->off - from;
    for (size_t b = s->off; b < s->off + s->len;) {
      const char *nl = memchr(page + b, '\n', s->off + s->len - b);
      if (!nl) break;
      c[o++] = '\n';
      b = (size_t)(nl - page) + 1;
    }
    from = s->off + s->len;
  }
  memcpy(c + o, page + from, len - from);
  o += len - from;
  c[o] = '\0';
  *cut = c;
  *cutlen = o;
  return GK_OK;
}

void gk_html_scripts_free(gk_html_scripts *sc) {
  free(sc->v);
  sc->v = NULL;
  sc->n = sc->cap = 0;
}

/* ------------------------------------------------------------ literal decoder */

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Reads n hex digits at s[*i]; -1 when they are not there. */
static long hexn(const char *s, size_t len, size_t *i, int n) {
  long v = 0;
  for (int k = 0; k < n; k++) {
    if (*i >= len) return -1;
    int h = hexval((unsigned char)s[*i]);
    if (h < 0) return -1;
    v = v * 16 + h;
    (*i)++;
  }
  return v;
}

static void put_cp(gk_strbuf *out, uint32_t cp) {
  if (cp == 0) return; /* a NUL would end the HTML parser's input */
  if (cp < 0x80) {
    char c = (char)cp;
    gk_strbuf_add(out, &c, 1);
  } else {
    gk_strbuf_add_cp(out, cp);
  }
}

/* Bytes that may end a run of plain text in a literal: the quotes, a backslash, line
 * breaks and $ (one lookup a byte, then the exact test for this literal's quote). */
static const unsigned char dec_stop[256] = {
    ['"'] = 1, ['\''] = 1, ['`'] = 1, ['\\'] = 1, ['\n'] = 1, ['\r'] = 1, ['$'] = 1,
};

int gk_html_lit_decode(const char *s, size_t len, size_t *end, gk_strbuf *out, size_t max) {
  if (!len || (s[0] != '"' && s[0] != '\'' && s[0] != '`')) return GK_LIT_UNTERMINATED;
  char q = s[0];
  size_t i = 1;
  uint32_t hi = 0; /* a pending high surrogate */
  while (i < len) {
    /* Copy the run up to the next quote, backslash or line break in one go. */
    size_t st = i;
    while (i < len && !dec_stop[(unsigned char)s[i]]) i++;
    /* Another quote, or the $ of a '…' or "…" literal, is text. */
    while (i < len && s[i] != q && s[i] != '\\' && s[i] != '\n' && s[i] != '\r' &&
           !(q == '`' && s[i] == '$')) {
      i++;
      while (i < len && !dec_stop[(unsigned char)s[i]]) i++;
    }
    if (i > st) {
      if (hi) put_cp(out, 0xFFFD), hi = 0;
      if (out->len + (i - st) > max) return GK_LIT_TOO_LONG;
      gk_strbuf_add(out, s + st, i - st);
    }
    if (i >= len) break;
    char c = s[i];
    if (c == q) {
      if (hi) put_cp(out, 0xFFFD);
      *end = i + 1;
      return out->oom ? GK_LIT_NOMEM : GK_LIT_OK;
    }
    if (c == '$') {
      if (i + 1 < len && s[i + 1] == '{') return GK_LIT_SUBST;
      gk_strbuf_add(out, "$", 1);
      i++;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (q != '`') return GK_LIT_UNTERMINATED;
      /* Template literals keep line breaks, CR LF and CR read as LF. */
      gk_strbuf_add(out, "\n", 1);
      i += (c == '\r' && i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    /* A backslash escape. */
    if (++i >= len) break;
    c = s[i++];
    uint32_t cp;
    long v;
    switch (c) {
      case 'n': cp = '\n'; break;
      case 'r': cp = '\r'; break;
      case 't': cp = '\t'; break;
      case 'b': cp = '\b'; break;
      case 'f': cp = '\f'; break;
      case 'v': cp = '\v'; break;
      case '\r':
        if (i < len && s[i] == '\n') i++;
        continue; /* a line continuation */
      case '\n': continue;
      case 'x':
        v = hexn(s, len, &i, 2);
        if (v < 0) return GK_LIT_UNTERMINATED; /* a syntax error: no value */
        cp = (uint32_t)v;
        break;
      case 'u':
        if (i < len && s[i] == '{') {
          size_t k = i + 1;
          v = 0;
          while (k < len && hexval((unsigned char)s[k]) >= 0 && v <= 0x10FFFF)
            v = v * 16 + hexval((unsigned char)s[k++]);
          if (k >= len || s[k] != '}' || k == i + 1) return GK_LIT_UNTERMINATED;
          i = k + 1;
          cp = v > 0x10FFFF ? 0xFFFD : (uint32_t)v;
        } else {
          v = hexn(s, len, &i, 4);
          if (v < 0) return GK_LIT_UNTERMINATED;
          cp = (uint32_t)v;
        }
        break;
      default:
        if (c >= '0' && c <= '7') {
          /* \0 and legacy octal escapes (sloppy-mode scripts). */
          cp = (uint32_t)(c - '0');
          for (int k = 0; k < 2 && i < len && s[i] >= '0' && s[i] <= '7' && cp * 8 + (uint32_t)(s[i] - '0') <= 0377; k++)
            cp = cp * 8 + (uint32_t)(s[i++] - '0');
          break;
        }
        /* An identity escape (\" \' \/ \\ …), possibly of a multi-byte character:
           the character itself. */
        {
          size_t at = i - 1;
          cp = gk_utf8_next(s, len, &at);
          i = at;
          if (cp == 0x2028 || cp == 0x2029) continue; /* a line continuation too */
        }
        break;
    }
    /* Surrogate pairs written as two \u escapes make one character. */
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (hi) put_cp(out, 0xFFFD);
      hi = cp;
      continue;
    }
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
      cp = hi ? 0x10000 + ((hi - 0xD800) << 10) + (cp - 0xDC00) : 0xFFFD;
      hi = 0;
    } else if (hi) {
      put_cp(out, 0xFFFD);
      hi = 0;
    }
    if (out->len + 4 > max) return GK_LIT_TOO_LONG;
    put_cp(out, cp);
  }
  return GK_LIT_UNTERMINATED;
}

/* Skips white space and comments from i; returns the new offset. */
static size_t skip_ws_slow(const char *s, size_t len, size_t i) {
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (space(c) || c == '\v') {
      i++;
    } else if (c == '/' && i + 1 < len && s[i + 1] == '/') {
      const char *e = memchr(s + i, '\n', len - i);
      i = e ? (size_t)(e - s) + 1 : len;
    } else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
      const char *e = memmem(s + i + 2, len - i - 2, "*/", 2);
      i = e ? (size_t)(e - s) + 2 : len;
    } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
      i += 2; /* NBSP is white space in scripts */
    } else {
      break;
    }
  }
  return i;
}

/* The common case inline: most tokens are followed by no white space at all. */
static inline size_t skip_ws(const char *s, size_t len, size_t i) {
  if (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (!space(c) && c != '\v' && c != '/' && c != 0xC2) return i;
  }
  return skip_ws_slow(s, len, i);
}

int gk_html_lit_chain(const char *s, size_t len, size_t *end, gk_strbuf *out, size_t max,
                      int *joined_other) {
  *joined_other = 0;
  size_t i = 0;
  for (;;) {
    size_t e;
    int rc = gk_html_lit_decode(s + i, len - i, &e, out, max);
    if (rc) return rc;
    i += e;
    *end = i;
    size_t k = skip_ws(s, len, i);
    if (k >= len || s[k] != '+' || (k + 1 < len && (s[k + 1] == '+' || s[k + 1] == '='))) return GK_LIT_OK;
    k = skip_ws(s, len, k + 1);
    if (k < len && (s[k] == '"' || s[k] == '\'' || s[k] == '`')) {
      i = k;
      continue;
    }
    *joined_other = 1;
    return GK_LIT_OK;
  }
}

/* Steps over a literal without decoding it: the offset past its closing quote, or 0
 * when it does not close (then the rest of the script is not scanned). Sets *subst
 * when a template literal holds ${. In JavaScript a line break ends a '…' or "…"
 * literal unclosed unless a backslash continues the line; in a JSON script (`json`)
 * a raw line break inside a string is json-glib's to refuse, so the scan looks for
 * the closing quote alone: one memchr per literal. */
static size_t skip_literal(const char *s, size_t len, size_t i, int *subst, int json) {
  char q = s[i++];
  while (i < len) {
    const char *e = memchr(s + i, q, len - i);
    if (!e) return 0;
    size_t k = (size_t)(e - s);
    if (q == '`') {
      /* ${ not escaped (an odd run of backslashes before the $ escapes it) */
      for (const char *d = s + i; (d = memmem(d, (size_t)(e - d), "${", 2)); d += 2) {
        size_t b = 0;
        while (d - b > s + i && d[-1 - (long)b] == '\\') b++;
        if (b % 2 == 0) *subst = 1;
      }
    } else if (!json) {
      for (size_t f = i; f < k;) {
        const char *nl = memchr(s + f, '\n', k - f);
        if (!nl) break;
        size_t at = (size_t)(nl - s), b = 0;
        if (at > i && s[at - 1] == '\r') at--;
        while (at - b > i && s[at - 1 - b] == '\\') b++;
        if (b % 2 == 0) return 0;
        f = (size_t)(nl - s) + 1;
      }
    }
    size_t bs = 0;
    while (k - bs > i - 1 && s[k - 1 - bs] == '\\') bs++;
    if (bs % 2 == 0) return k + 1;
    i = k + 1;
  }
  return 0;
}

/* ------------------------------------------------------------ scoring */

int gk_html_report_score(const char *s, size_t len) {
  int parts = 0;
  for (int p = 1; p <= GK_LEX_NPARTS; p++) {
    const char *w = gk_lex_part_word(p);
    if (memmem(s, len, w, strlen(w))) parts++;
  }
  if (parts >= 2) return parts;
  int table = memmem(s, len, "<table", 6) || memmem(s, len, "<TABLE", 6) ||
              memmem(s, len, "role=\"table\"", 12) || memmem(s, len, "display:table", 13);
  if (!table) return 0;
  if (parts) return parts;
  for (int k = 0; gk_schemas[k]; k++) {
    const char *m = gk_schemas[k]->markers;
    while (*m) {
      const char *bar = strchr(m, '|');
      size_t n = bar ? (size_t)(bar - m) : strlen(m);
      if (memmem(s, len, m, n)) return 1;
      m += n + (bar ? 1 : 0);
    }
  }
  return 0;
}

/* ------------------------------------------------------------ JSON through json-glib */

/* The JSON reader: linked in (tests, fuzzers), else the gkconv_htmljson module, loaded
 * on the first candidate inside a JSON container (html_json.h says why). */
static gk_html_json_read_fn json_reader(char *why, size_t whycap) {
#ifdef GK_STATIC_CONVERTERS
  (void)why;
  (void)whycap;
  return gk_html_json_read;
#else
  gk_html_json_read_fn fn;
  char w[512];
  *(void **)(&fn) = gk_module_symbol("gkconv_htmljson", "gk_html_json_read", w, sizeof w);
  if (!fn) {
    set(why, whycap, "cannot load the JSON reader: ");
    cat(why, whycap, w);
  }
  return fn;
#endif
}

/* Re-reads the candidate from its container with json-glib: its value, and the
 * sibling title, organ and date. Returns 1 when json-glib read it, 0 when the
 * container is no JSON or the reader did not load (why says so), -1 when out of
 * memory. */
static int json_read(const char *body, gk_html_cand *c, char *why, size_t whycap) {
  size_t n = c->cont_close - c->cont_open + 1;
  if (n > GK_HTML_JSON_MAX) {
    snprintf(why, whycap, "its JSON container (%zu bytes) is past %u bytes", n, GK_HTML_JSON_MAX);
    return 0;
  }
  gk_html_json_read_fn read = json_reader(why, whycap);
  if (!read) return 0;
  gk_html_json_value v;
  memset(&v, 0, sizeof v);
  int r = read(body + c->cont_open, n, c->key, c->index, &v, why, whycap);
  if (r == 0 && strstr(why, "finds no string")) cat(why, whycap, c->path);
  if (r != 1) return r;
  free(c->html);
  c->html = v.value;
  c->len = strlen(v.value);
  c->json = 1;
  c->title = v.title;
  c->organ = v.organ;
  c->date = v.date;
  return 1;
}

/* ------------------------------------------------------------ the scan */

typedef struct {
  char open;     /* '{', '[' or '(' */
  size_t at;     /* offset of the bracket */
  char name[96]; /* what this container is the value of, when its parent does not say
                    (a call f(…), a statement x = {…}); else "" */
  char key[128]; /* '{': the key whose value comes next */
  long index;    /* '[': the index of the current element */
  size_t key_at, key_end; /* the JSON scan's key literal, copied into key only when a
                             value needs its path (key_end 0: none pending) */
} level;

typedef struct {
  const char *s;
  size_t len;
  level lv[GK_HTML_SCRIPT_DEPTH];
  int depth;     /* open brackets, tracked or not */
  size_t ident_at, ident_len; /* the last identifier chain (a.b.c), 0 long when none */
  char lhs[96];   /* the target of the last `=` at the top level */
  gk_html_cands *out;
  size_t script;
  int json;
  gk_strbuf buf; /* decoding scratch */
} scan;


/* Copies an identifier of n bytes into out (cap bytes), cut at a character boundary. */
static void copy_ident(char *out, size_t cap, const char *id, size_t n) {
  if (n >= cap) {
    copy_val(id, n, out, cap);
    gk_utf8_trim(out);
    return;
  }
  memcpy(out, id, n);
  out[n] = '\0';
}

/* Whether an expression starts after the keyword id[0, n): a '/' then is a regex. */
static int keyword_before_expr(const char *id, size_t n) {
  /* By length, so that most identifiers (JSON's true, false, null among them) are
     compared with one keyword or none. */
  static const char *const kw[7] = {NULL, NULL, "do in of", "new", "case else void",
                                    "throw", "return typeof delete"};
  if (n < 2 || n > 6) return 0;
  for (const char *k = kw[n]; *k; k += n + (k[n] == ' ')) {
    if (memcmp(id, k, n) == 0) return 1;
    if (!k[n]) break;
  }
  return 0;
}

/* The name a value at the current position gets: the key, the index, the target. */
static void value_name(const scan *sc, char *out, size_t cap) {
  out[0] = '\0';
  if (sc->depth == 0) {
    set(out, cap, sc->lhs);
    return;
  }
  if (sc->depth > GK_HTML_SCRIPT_DEPTH) {
    snprintf(out, cap, "…");
    return;
  }
  const level *l = &sc->lv[sc->depth - 1];
  /* In a block or a call, a statement's `x = …` names what follows. */
  if (l->open == '{') set(out, cap, l->key[0] ? l->key : sc->lhs);
  else if (l->open == '[') snprintf(out, cap, "[%ld]", l->index);
  else set(out, cap, sc->lhs);
}

/* The path of a value: each open container named by its parent's current key or
 * index (they do not change while the container is open), then the value's name. */
static void full_path(const scan *sc, const char *last, char *out, size_t cap) {
  out[0] = '\0';
  int n = sc->depth < GK_HTML_SCRIPT_DEPTH ? sc->depth : GK_HTML_SCRIPT_DEPTH;
  for (int i = 0; i <= n; i++) {
    char idx[32];
    const char *part = i < n ? sc->lv[i].name : last;
    if (i < n && !*part && i > 0) {
      const level *p = &sc->lv[i - 1];
      if (p->open == '{') part = p->key;
      else if (p->open == '[') snprintf(idx, sizeof idx, "[%ld]", p->index), part = idx;
    }
    if (!*part) continue;
    if (*out && part[0] != '[') cat(out, cap, ".");
    cat(out, cap, part);
  }
}

static void free_cand(gk_html_cand *c) {
  free(c->html);
  free(c->title);
  free(c->organ);
  free(c->date);
}

/* Keeps a decoded value that holds a report. */
static int add_cand(scan *sc, const char *last, int parts) {
  gk_html_cands *o = sc->out;
  gk_html_cand c;
  memset(&c, 0, sizeof c);
  c.html = malloc(sc->buf.len + 1);
  if (!c.html) return GK_ENOMEM;
  memcpy(c.html, sc->buf.p, sc->buf.len + 1);
  c.len = sc->buf.len;
  c.script = sc->script;
  c.parts = parts;
  c.index = -1;
  c.cont_close = SIZE_MAX;
  full_path(sc, last, c.path, sizeof c.path);
  if (sc->depth >= 1 && sc->depth <= GK_HTML_SCRIPT_DEPTH) {
    const level *l = &sc->lv[sc->depth - 1];
    if (l->open == '{' || l->open == '[') {
      c.cont_open = l->at;
      c.cont_depth = sc->depth;
      if (l->open == '{') set(c.key, sizeof c.key, l->key);
      else c.index = l->index;
    }
  }
  /* The longest GK_HTML_MAX_CANDS values are kept. */
  if (o->n == GK_HTML_MAX_CANDS) {
    size_t shortest = 0;
    for (size_t i = 1; i < o->n; i++)
      if (o->v[i].len < o->v[shortest].len) shortest = i;
    if (o->v[shortest].len >= c.len) {
      free_cand(&c);
      return GK_OK;
    }
    free_cand(&o->v[shortest]);
    o->v[shortest] = o->v[--o->n];
  }
  if (o->n == o->cap) {
    size_t ncap = o->cap ? o->cap * 2 : 4;
    gk_html_cand *n = realloc(o->v, ncap * sizeof *n);
    if (!n) {
      free_cand(&c);
      return GK_ENOMEM;
    }
    o->v = n;
    o->cap = ncap;
  }
  o->v[o->n++] = c;
  return GK_OK;
}

static void reject(gk_html_cands *o, const char *path, const char *why) {
  o->rejected++;
  set(o->why, sizeof o->why, *path ? path : "a string");
  cat(o->why, sizeof o->why, ": ");
  cat(o->why, sizeof o->why, why);
}

/* The key literal s[i, e) of level l, decoded (short) for the path and for json-glib. */
static void set_key(scan *sc, level *l, size_t i, size_t e) {
  const char *s = sc->s;
  size_t kl = e - i - 2;
  l->key_end = 0;
  if (kl < sizeof l->key && !memchr(s + i + 1, '\\', kl)) {
    memcpy(l->key, s + i + 1, kl); /* most keys have no escapes */
    l->key[kl] = '\0';
    return;
  }
  gk_strbuf_clear(&sc->buf);
  size_t end;
  if (gk_html_lit_decode(s + i, sc->len - i, &end, &sc->buf, sizeof l->key - 1) == GK_LIT_OK)
    set(l->key, sizeof l->key, sc->buf.p ? sc->buf.p : "");
  else
    l->key[0] = '\0';
}

/* A literal chain at sc->s[i]: a key when a ':' follows inside an object, else a
 * value (decoded and scored when long). Returns the offset past it, 0 at an
 * unclosed literal (the scan stops), or SIZE_MAX when out of memory. */
static size_t on_literal(scan *sc, size_t i) {
  const char *s = sc->s;
  size_t len = sc->len;
  /* Find the chain's extent cheaply first: most literals are short keys and values. */
  size_t e = i, raw = 0;
  int subst = 0, other = 0;
  for (;;) {
    size_t k = skip_literal(s, len, e, &subst, sc->json);
    if (!k) return 0;
    raw += k - e;
    e = k;
    size_t w = skip_ws(s, len, e);
    if (w < len && s[w] == '+' && !(w + 1 < len && (s[w + 1] == '+' || s[w + 1] == '='))) {
      size_t n = skip_ws(s, len, w + 1);
      if (n < len && (s[n] == '"' || s[n] == '\'' || s[n] == '`')) {
        e = n;
        continue;
      }
      other = 1;
    }
    break;
  }
  size_t after = skip_ws(s, len, e);
  int in_obj = sc->depth >= 1 && sc->depth <= GK_HTML_SCRIPT_DEPTH && sc->lv[sc->depth - 1].open == '{';
  if (after < len && s[after] == ':' && in_obj) {
    set_key(sc, &sc->lv[sc->depth - 1], i, e);
    return e;
  }
  if (raw < GK_HTML_MIN_REPORT) return e;
  char name[128];
  value_name(sc, name, sizeof name);
  gk_strbuf_clear(&sc->buf);
  size_t end;
  int jo;
  int rc = gk_html_lit_chain(s + i, len - i, &end, &sc->buf, GK_HTML_LIT_MAX, &jo);
  if (rc == GK_LIT_NOMEM || sc->buf.oom) return SIZE_MAX;
  /* Only a value that holds a report is worth a diagnostic when it cannot be used. */
  int parts = rc == GK_LIT_OK || rc == GK_LIT_TOO_LONG || rc == GK_LIT_SUBST
                  ? gk_html_report_score(sc->buf.p ? sc->buf.p : "", sc->buf.len)
                  : 0;
  if (!parts) return e;
  char path[256];
  full_path(sc, name, path, sizeof path);
  if (rc == GK_LIT_SUBST || subst) reject(sc->out, path, "a template literal with ${…}, not a constant");
  else if (rc == GK_LIT_TOO_LONG) reject(sc->out, path, "longer than the literal limit");
  else if (rc != GK_LIT_OK) reject(sc->out, path, "a malformed string literal");
  else if (other || jo) reject(sc->out, path, "joined with + to something that is not a string literal");
  else if (add_cand(sc, name, parts)) return SIZE_MAX;
  return e;
}

/* Whether a '/' here starts a regular expression (after an operator, an opening
 * bracket, a keyword or nothing) rather than a division. */
static int regex_allowed(int prev) {
  return prev == 0 || strchr("(,=:[!&|?{};+-*%<>~^", prev) != NULL;
}

static size_t skip_regex(const char *s, size_t len, size_t i) {
  int cls = 0;
  for (i++; i < len; i++) {
    char c = s[i];
    if (c == '\\') i++;
    else if (c == '\n') return i;
    else if (c == '[') cls = 1;
    else if (c == ']') cls = 0;
    else if (c == '/' && !cls) return i + 1;
  }
  return len;
}

/* Byte classes of identifiers, one lookup a byte: 1 starts one (letters, _ $ and
 * the bytes of non-ASCII characters), 2 only continues one (digits). Filled on the
 * first search (the same bytes every time, so a second thread filling it too writes
 * what is already there). */
static unsigned char ident_class[256];

static void ident_class_init(void) {
  if (ident_class['a']) return;
  for (int c = 0; c < 256; c++)
    ident_class[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
                             c >= 0x80
                         ? 1
                     : c >= '0' && c <= '9' ? 2
                                            : 0;
}

static int ident_start(unsigned char c) { return ident_class[c] == 1; }

static int ident_char(unsigned char c) { return ident_class[c] != 0; }

static void close_level(scan *sc, size_t i) {
  if (sc->depth <= 0) return;
  if (sc->depth <= GK_HTML_SCRIPT_DEPTH) {
    const level *l = &sc->lv[sc->depth - 1];
    for (size_t k = 0; k < sc->out->n; k++) {
      gk_html_cand *c = &sc->out->v[k];
      if (c->script == sc->script && c->cont_depth == sc->depth && c->cont_open == l->at &&
          c->cont_close == SIZE_MAX)
        c->cont_close = i;
    }
  }
  sc->depth--;
}

/* The bytes the JSON scan stops at; everything else (numbers, true, false, null,
 * white space) is stepped over. */
static const unsigned char json_stop[256] = {
    ['"'] = 1, ['{'] = 1, ['['] = 1, ['}'] = 1, [']'] = 1, [','] = 1,
};

/* The offset past the JSON string whose opening quote is s[i], or 0 when it does not
 * close: inline, one memchr, since a page holds some hundred thousand short strings. */
static inline size_t json_string_end(const char *s, size_t len, size_t i) {
  size_t k = i + 1;
  for (;;) {
    const char *e = k < len ? memchr(s + k, '"', len - k) : NULL;
    if (!e) return 0;
    size_t q = (size_t)(e - s), j = q - 1;
    /* Escaped when an odd run of backslashes precedes it. */
    while (j > i && s[j] == '\\') j--;
    if ((q - 1 - j) % 2 == 0) return q + 1;
    k = q + 1;
  }
}

static void open_level(scan *sc, char c, size_t i) {
  if (sc->depth < GK_HTML_SCRIPT_DEPTH) {
    level *l = &sc->lv[sc->depth];
    l->open = c;
    l->at = i;
    l->key[0] = l->name[0] = '\0';
    l->key_end = 0;
    l->index = 0;
  }
  sc->depth++;
}

/* The scan of a script whose type says JSON: strings, brackets and commas only (no
 * comments, regular expressions, identifiers or + joins to tell apart), each string
 * stepped over with one memchr and each key only remembered where it is, so that a
 * page's megabytes of menus and article lists cost a few instructions a byte. A value
 * long enough to hold a report goes to on_literal as in the JavaScript scan, with its
 * container's keys copied first. Returns GK_OK or GK_ENOMEM. */
static int json_scan(scan *sc) {
  const char *s = sc->s;
  size_t len = sc->len, i = 0;
  while (i < len) {
    while (i < len && !json_stop[(unsigned char)s[i]]) i++;
    if (i >= len) break;
    char c = s[i];
    if (c == '"') {
      size_t e = json_string_end(s, len, i);
      if (!e) break; /* an unclosed string: nothing after it is reliable */
      size_t w = e;
      while (w < len && space((unsigned char)s[w])) w++;
      level *l = sc->depth >= 1 && sc->depth <= GK_HTML_SCRIPT_DEPTH ? &sc->lv[sc->depth - 1] : NULL;
      if (w < len && s[w] == ':' && l && l->open == '{') {
        l->key_at = i;
        l->key_end = e;
        i = w + 1;
        continue;
      }
      if (e - i >= GK_HTML_MIN_REPORT) {
        int n = sc->depth < GK_HTML_SCRIPT_DEPTH ? sc->depth : GK_HTML_SCRIPT_DEPTH;
        for (int k = 0; k < n; k++)
          if (sc->lv[k].key_end) set_key(sc, &sc->lv[k], sc->lv[k].key_at, sc->lv[k].key_end);
        e = on_literal(sc, i);
        if (e == SIZE_MAX) return GK_ENOMEM;
        if (!e) break;
      }
      i = e;
      continue;
    }
    if (c == '{' || c == '[') {
      open_level(sc, c, i);
    } else if (c == '}' || c == ']') {
      close_level(sc, i);
    } else if (sc->depth >= 1 && sc->depth <= GK_HTML_SCRIPT_DEPTH) { /* ',' */
      level *l = &sc->lv[sc->depth - 1];
      if (l->open == '[') l->index++;
      else l->key[0] = '\0', l->key_end = 0;
    }
    i++;
  }
  return GK_OK;
}

int gk_html_script_search(const char *body, size_t len, size_t script, int json,
                          gk_html_cands *out) {
  scan *sc = calloc(1, sizeof *sc);
  if (!sc) return GK_ENOMEM;
  ident_class_init();
  sc->s = body;
  sc->len = len;
  sc->out = out;
  sc->script = script;
  sc->json = json;
  size_t first = out->n;
  int rc = GK_OK, prev = 0;
  size_t i = 0;
  if (json) rc = json_scan(sc);
  else while (i < len) {
    unsigned char c = (unsigned char)body[i];
    if (space(c)) {
      i++;
      continue;
    }
    if (c == '/' && i + 1 < len && (body[i + 1] == '/' || body[i + 1] == '*')) {
      i = skip_ws(body, len, i);
      continue;
    }
    if (c == '/' && regex_allowed(prev)) {
      i = skip_regex(body, len, i);
      prev = 'r';
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      size_t e = on_literal(sc, i);
      if (e == SIZE_MAX) {
        rc = GK_ENOMEM;
        break;
      }
      if (!e) break; /* an unclosed literal: nothing after it is reliable */
      i = e;
      prev = '"';
      continue;
    }
    if (c == '{' || c == '[' || c == '(') {
      if (sc->depth < GK_HTML_SCRIPT_DEPTH) {
        level *l = &sc->lv[sc->depth];
        l->open = (char)c;
        l->at = i;
        l->key[0] = l->name[0] = '\0';
        l->index = 0;
        l->key_end = 0;
        /* Named here only when the parent will not name it (see full_path). */
        const level *p = sc->depth ? &sc->lv[sc->depth - 1] : NULL;
        if (c == '(') {
          copy_ident(l->name, sizeof l->name, body + sc->ident_at, sc->ident_len);
          if (sc->ident_len) cat(l->name, sizeof l->name, "()");
        } else if (sc->lhs[0] && (!p || p->open == '(' || (p->open == '{' && !p->key[0]))) {
          set(l->name, sizeof l->name, sc->lhs);
        }
      }
      sc->depth++;
      sc->ident_len = 0;
      prev = c;
      i++;
      continue;
    }
    if (c == '}' || c == ']' || c == ')') {
      close_level(sc, i);
      prev = ')';
      i++;
      continue;
    }
    if (c == ',') {
      if (sc->depth >= 1 && sc->depth <= GK_HTML_SCRIPT_DEPTH) {
        level *l = &sc->lv[sc->depth - 1];
        if (l->open == '[') l->index++;
        else if (l->open == '{') l->key[0] = '\0';
      }
      prev = c;
      i++;
      continue;
    }
    if (ident_start(c)) {
      /* An identifier chain a.b.c: a key before ':', a target before '='. */
      size_t st = i;
      while (i < len && (ident_char((unsigned char)body[i]) ||
                         (body[i] == '.' && i + 1 < len && ident_start((unsigned char)body[i + 1]))))
        i++;
      size_t n = i - st;
      size_t w = skip_ws(body, len, i);
      int in_obj = sc->depth >= 1 && sc->depth <= GK_HTML_SCRIPT_DEPTH &&
                   sc->lv[sc->depth - 1].open == '{';
      if (w < len && body[w] == ':' && in_obj) {
        copy_ident(sc->lv[sc->depth - 1].key, sizeof sc->lv[0].key, body + st, n);
      } else if (w < len && body[w] == '=' &&
                 !(w + 1 < len && (body[w + 1] == '=' || body[w + 1] == '>'))) {
        copy_ident(sc->lhs, sizeof sc->lhs, body + st, n);
      }
      /* Copied only when a '(' opens a call it names. */
      sc->ident_at = st;
      sc->ident_len = n;
      prev = keyword_before_expr(body + st, n) ? '=' : 'a';
      continue;
    }
    if (c >= '0' && c <= '9') {
      while (i < len && (ident_char((unsigned char)body[i]) || body[i] == '.')) i++;
      prev = '0';
      continue;
    }
    if (c == ';') sc->lhs[0] = '\0';
    prev = c;
    i++;
  }
  /* Values inside a JSON container are re-read through json-glib. */
  for (size_t k = first; k < out->n && rc == GK_OK;) {
    gk_html_cand *c = &out->v[k];
    if (c->cont_close == SIZE_MAX || (!c->key[0] && c->index < 0)) {
      if (json) {
        reject(out, c->path, "not inside a closed JSON object or array");
        free_cand(c);
        out->v[k] = out->v[--out->n];
        continue;
      }
      k++;
      continue;
    }
    char why[128];
    int r = json_read(body, c, why, sizeof why);
    if (r < 0) {
      rc = GK_ENOMEM;
    } else if (r == 0 && json) {
      /* A JSON script json-glib refuses: its values are not to be trusted. */
      reject(out, c->path, why);
      free_cand(c);
      out->v[k] = out->v[--out->n];
      continue;
    }
    k++;
  }
  gk_strbuf_free(&sc->buf);
  free(sc);
  return rc;
}

void gk_html_cands_free(gk_html_cands *c) {
  for (size_t i = 0; i < c->n; i++) free_cand(&c->v[i]);
  free(c->v);
  c->v = NULL;
  c->n = c->cap = 0;
}

/* ------------------------------------------------------------ titles */

int gk_html_title_in(const char *html, size_t len, char *out, size_t cap) {
  out[0] = '\0';
  size_t n = len < GK_HTML_TITLE_SCAN ? len : GK_HTML_TITLE_SCAN;
  static const char *const words[] = {"年度报告", "工作报告", NULL};
  const char *best = NULL;
  for (int w = 0; words[w]; w++) {
    const char *m = memmem(html, n, words[w], strlen(words[w]));
    if (m && (!best || m < best)) best = m;
  }
  if (!best) return 0;
  /* The text between the tags around it. */
  size_t a = (size_t)(best - html), b = a;
  while (a > 0 && html[a - 1] != '>') a--;
  while (b < len && html[b] != '<') b++;
  size_t o = 0;
  for (size_t i = a; i < b && o + 4 < cap;) {
    size_t st = i;
    uint32_t cp = gk_utf8_next(html, b, &i);
    if (gk_cp_is_space(cp) || cp < 0x20) continue;
    if (html[st] == '&' && i - st == 1) {
      /* &nbsp; and the like are spacing in a title. */
      const char *semi = memchr(html + i, ';', b - i < 8 ? b - i : 8);
      if (semi) {
        i = (size_t)(semi - html) + 1;
        continue;
      }
    }
    memcpy(out + o, html + st, i - st);
    o += i - st;
  }
  out[o] = '\0';
  if (o == 0 || o > 300) {
    out[0] = '\0';
    return 0;
  }
  return 1;
}

size_t gk_html_title_organ(const char *t, char *out, size_t cap) {
  size_t n = strlen(t), cut = n;
  const char *rep = strstr(t, "政府信息公开");
  if (rep) cut = (size_t)(rep - t);
  for (size_t i = 0; i + 3 < n; i++)
    if (t[i] >= '0' && t[i] <= '9' && t[i + 1] >= '0' && t[i + 1] <= '9' && t[i + 2] >= '0' &&
        t[i + 2] <= '9' && t[i + 3] >= '0' && t[i + 3] <= '9') {
      if (i < cut) cut = i;
      break;
    }
  if (cut == n) cut = 0; /* neither a year nor the report's name: no organ known */
  if (cut >= cap) cut = cap - 1;
  memcpy(out, t, cut);
  out[cut] = '\0';
  return cut;
}
