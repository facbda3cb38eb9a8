/* textfix.c: text repair: width folding, spaced-out CJK, label keys for matching. */
#include "textfix.h"

#include <glib.h>
#include <string.h>

#include "../core/lex.h"
#include "../core/utf8.h"

/* Whether NFKC leaves cp unchanged for sure: ASCII, the Latin-1 and Latin
 * Extended-A letters and signs without a compatibility decomposition (a font whose
 * ToUnicode map is garbage gives whole labels of them: ÿ ó ° Ā), CJK ideographs and
 * the CJK punctuation reports use. Anything else goes through GLib.
 * test_fold_fast_path checks every one against it. */
static int nfkc_stable(uint32_t cp) {
  return cp < 0x80 || (cp >= 0xC0 && cp <= 0xFF) || (cp >= 0xA1 && cp <= 0xA7) || cp == 0xA9 ||
         cp == 0xAB || cp == 0xAC || cp == 0xAE || cp == 0xB0 || cp == 0xB1 || cp == 0xB6 ||
         cp == 0xBB || cp == 0xBF ||
         (cp >= 0x100 && cp <= 0x17E && cp != 0x132 && cp != 0x133 && cp != 0x13F && cp != 0x140 &&
          cp != 0x149) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || cp == 0x3001 ||
         cp == 0x3002 || (cp >= 0x3008 && cp <= 0x3011) || cp == 0x2018 || cp == 0x2019 ||
         cp == 0x201C || cp == 0x201D || cp == 0x2014 || cp == 0xB7;
}

char *gk_text_fold(gk_arena *a, const char *s) {
  /* Fast path: text made only of NFKC-stable characters, of the full-width ASCII
     block (U+FF01–FF5E, whose NFKC form is the ASCII character 0xFEE0 below, as in
     Unicode's decomposition data) and of Kangxi radicals (the lexicon's table of their
     decompositions) is folded here; anything else goes to GLib. */
  size_t len = strlen(s), i = 0;
  int simple = 1, wide = 0;
  while (i < len && simple) {
    uint32_t cp = gk_utf8_next(s, len, &i);
    if ((cp >= 0xFF01 && cp <= 0xFF5E) || (cp >= 0x2F00 && cp <= 0x2FD5)) wide = 1;
    else simple = nfkc_stable(cp);
  }
  if (simple && !wide) return gk_arena_strndup(a, s, len);
  if (simple) {
    char *out = gk_arena_alloc(a, len + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (i = 0; i < len;) {
      size_t st = i;
      uint32_t cp = gk_utf8_next(s, len, &i);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out[o++] = (char)(cp - 0xFEE0);
      } else if (cp >= 0x2F00 && cp <= 0x2FD5) {
        o += (size_t)gk_utf8_put(gk_lex_fold_radical(cp), out + o);
      } else {
        memcpy(out + o, s + st, i - st);
        o += i - st;
      }
    }
    out[o] = '\0';
    return out;
  }
  gchar *n = g_utf8_normalize(s, -1, G_NORMALIZE_NFKC);
  if (!n) return gk_arena_strdup(a, s); /* not valid UTF-8: leave as is */
  char *r = gk_arena_strdup(a, n);
  g_free(n);
  return r;
}

char *gk_text_clean(gk_arena *a, const char *s) {
  size_t len = strlen(s);
  char *out = gk_arena_alloc(a, len + 1);
  if (!out) return NULL;
  size_t i = 0, o = 0;
  uint32_t prev = 0;      /* last code point written, 0 at start */
  int pending_space = 0;  /* a white-space run waits to be written */
  while (i < len) {
    uint32_t cp = gk_utf8_next(s, len, &i);
    /* Zero-width characters join what they sit between (`12<ZWSP>34` is 1234). */
    if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD)
      continue;
    if (gk_cp_is_space(cp)) {
      pending_space = 1;
      continue;
    }
    if (cp < 0x20 || cp == 0x7F) continue;
    /* A Kangxi radical from a font's ToUnicode map (⼆ for 二) is the ideograph. */
    cp = gk_lex_fold_radical(cp);
    /* Spaces between CJK characters are typesetting, but before a full-width digit
       they part two cells (０ ０ ０ across seven columns is seven zeros). */
    int wide_digits = cp >= 0xFF10 && cp <= 0xFF19;
    if (pending_space && o > 0 && !(gk_cp_is_cjk(prev) && gk_cp_is_cjk(cp) && !wide_digits)) out[o++] = ' ';
    pending_space = 0;
    o += (size_t)gk_utf8_put(cp, out + o);
    prev = cp;
  }
  out[o] = '\0';
  return out;
}

/* 一 … 十, the numerals of list numbering (〇 and 零 never start one). */
static int is_cn_numeral(uint32_t cp) { return gk_lex_cn_digit(cp) >= 1; }

/* A Latin-1 or Latin Extended character (¡ … ɏ, but × ÷): no label of a report has
 * one, and a re-distilled font whose ToUnicode map is wrong gives them for its CJK
 * punctuation (（ as ÿ, ） as Ā) and for some ideographs (议 as °). Keys treat
 * them as punctuation, so the rest of the label still matches, and ÿ七Ā as the
 * bracketed numbering it stands for. */
static int is_garbled_mark(uint32_t cp) {
  return cp >= 0xA1 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
}

static int is_punct(uint32_t cp) {
  if (is_garbled_mark(cp)) return 1;
  if (cp < 0x80) return !((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'));
  return (cp >= 0x2010 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xB7 || cp == 0xFFFD;
}

char *gk_text_key(gk_arena *a, const char *s) {
  char *f = gk_text_fold(a, s);
  return f ? gk_text_key_folded(a, f) : NULL;
}

char *gk_text_key_folded(gk_arena *a, const char *f) {
  size_t len = strlen(f);
  uint32_t *cps = gk_arena_alloc(a, (len + 1) * sizeof *cps);
  char *out = gk_arena_alloc(a, len + 1);
  if (!cps || !out) return NULL;
  size_t n = 0, i = 0;
  while (i < len) {
    uint32_t cp = gk_utf8_next(f, len, &i);
    if (!gk_cp_is_space(cp)) cps[n++] = cp;
  }
  size_t o = 0;
  for (size_t k = 0; k < n;) {
    /* (一) (12) 【一】: bracketed numbering; ÿ一Ā, its brackets garbled. */
    if ((cps[k] == '(' || cps[k] == 0x3010 || is_garbled_mark(cps[k])) && k + 2 < n) {
      size_t j = k + 1;
      while (j < n && j - k <= 3 && (is_cn_numeral(cps[j]) || (cps[j] >= '0' && cps[j] <= '9'))) j++;
      if (j > k + 1 && j < n && (cps[j] == ')' || cps[j] == 0x3011 || is_garbled_mark(cps[j]))) {
        k = j + 1;
        continue;
      }
    }
    /* 三、 1. 1、 12． (a numeral run followed by a list mark, not a decimal point). */
    if (is_cn_numeral(cps[k]) || (cps[k] >= '0' && cps[k] <= '9')) {
      size_t j = k;
      int cn = is_cn_numeral(cps[k]);
      while (j < n && j - k < 3 &&
             (cn ? is_cn_numeral(cps[j]) : (cps[j] >= '0' && cps[j] <= '9')))
        j++;
      if (j < n && (cps[j] == 0x3001 || cps[j] == '.' || cps[j] == 0xFF0E) &&
          !(j + 1 < n && cps[j + 1] >= '0' && cps[j + 1] <= '9')) {
        /* Only at the start or after punctuation/another label part: 第二十条 stays. */
        if (k == 0 || is_punct(cps[k - 1]) || cn || (cps[k] >= '0' && cps[k] <= '9')) {
          k = j + 1;
          continue;
        }
      }
    }
    if (!is_punct(cps[k])) o += (size_t)gk_utf8_put(cps[k], out + o);
    k++;
  }
  out[o] = '\0';
  return out;
}

/* Length of the Chinese numeral at p (一 … 十), or 0. */
static size_t cn_numeral_at(const char *p) {
  size_t i = 0, len = strnlen(p, 4);
  if (len < 3) return 0;
  return is_cn_numeral(gk_utf8_next(p, len, &i)) ? i : 0;
}

const char *gk_text_after_numbering(const char *s) {
  const char *best = s;
  for (const char *p = s; *p; p++) {
    const char *q = p;
    size_t w;
    if (*q == '(') {
      q++;
      int n = 0;
      while (n < 3 && ((w = cn_numeral_at(q)) || (*q >= '0' && *q <= '9'))) {
        q += w ? w : 1;
        n++;
      }
      if (n > 0 && *q == ')') best = q + 1;
      continue;
    }
    if ((p == s || p[-1] == ' ') && (w = cn_numeral_at(q))) {
      while ((w = cn_numeral_at(q))) q += w;
      if (strncmp(q, "、", 3) == 0) best = q + 3;
      continue;
    }
    if (*q >= '0' && *q <= '9' && (p == s || p[-1] == ' ' || p[-1] == ')')) {
      while (*q >= '0' && *q <= '9') q++;
      if ((*q == '.' && !(q[1] >= '0' && q[1] <= '9')) || strncmp(q, "、", 3) == 0)
        best = q + (*q == '.' ? 1 : 3);
    }
  }
  while (*best == ' ') best++;
  return best;
}

size_t gk_text_cps(const char *s, uint32_t *out, size_t max) {
  size_t len = strlen(s), i = 0, n = 0;
  while (i < len && n < max) out[n++] = gk_utf8_next(s, len, &i);
  return n;
}

#define SIM_MAX 96

/* LCS length by dynamic programming with two rolling rows, O(na·nb). */
static unsigned lcs_table(const uint32_t *a, size_t na, const uint32_t *b, size_t nb) {
  unsigned short prev[SIM_MAX + 1], cur[SIM_MAX + 1];
  memset(prev, 0, sizeof prev);
  for (size_t i = 1; i <= na; i++) {
    cur[0] = 0;
    for (size_t j = 1; j <= nb; j++) {
      if (a[i - 1] == b[j - 1])
        cur[j] = (unsigned short)(prev[j - 1] + 1);
      else
        cur[j] = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
    }
    memcpy(prev, cur, (nb + 1) * sizeof cur[0]);
  }
  return prev[nb];
}

/* Slots of lcs_bits' table of where each code point of a stands: a power of two, at
 * least twice the 64 code points a may have, so that probes stay short. */
#define SIM_SLOTS 128

/* LCS length of a string of at most 64 code points (a) and another, bit-parallel
 * (Hyyrö's formulation of the Allison-Dix recurrence): bit i of v is clear where
 * the LCS row gains at a[i], so the LCS is the number of clear bits. One word step
 * per code point of b instead of a row of na cells; each code point's positions in
 * a come from a small open-addressing table (keys hold no U+0000: it marks a free
 * slot). */
static unsigned lcs_bits(const uint32_t *a, size_t na, const uint32_t *b, size_t nb) {
  uint32_t cps[SIM_SLOTS];
  uint64_t at[SIM_SLOTS];
  memset(cps, 0, sizeof cps);
  for (size_t i = 0; i < na; i++) {
    size_t h = (a[i] * 2654435761u) >> 25;
    while (cps[h] && cps[h] != a[i]) h = (h + 1) & (SIM_SLOTS - 1);
    if (!cps[h]) cps[h] = a[i], at[h] = 0;
    at[h] |= (uint64_t)1 << i;
  }
  uint64_t all = na == 64 ? ~(uint64_t)0 : (((uint64_t)1 << na) - 1), v = all;
  for (size_t j = 0; j < nb; j++) {
    size_t h = (b[j] * 2654435761u) >> 25;
    while (cps[h] && cps[h] != b[j]) h = (h + 1) & (SIM_SLOTS - 1);
    if (!cps[h]) continue; /* not in a: v stays as it is */
    uint64_t u = v & at[h];
    v = (v + u) | (v - u);
  }
  return (unsigned)(na - (size_t)__builtin_popcountll(v & all));
}

double gk_text_sim(const uint32_t *a, size_t na, const uint32_t *b, size_t nb) {
  if (na == 0 || nb == 0) return 0.0;
  if (na > SIM_MAX) na = SIM_MAX;
  if (nb > SIM_MAX) nb = SIM_MAX;
  /* LCS is symmetric: the shorter string is the bit vector. */
  unsigned l = na <= 64   ? lcs_bits(a, na, b, nb)
               : nb <= 64 ? lcs_bits(b, nb, a, na)
                          : lcs_table(a, na, b, nb);
  return 2.0 * l / (double)(na + nb);
}

int gk_text_variants_load(gk_arena *a, const char *labels, gk_variants *v) {
  v->nv = 0;
  const char *p = labels;
  while (p && *p && v->nv < GK_VARIANT_MAX) {
    const char *bar = strchr(p, '|');
    size_t l = bar ? (size_t)(bar - p) : strlen(p);
    char *one = gk_arena_strndup(a, p, l);
    char *key = one ? gk_text_key(a, one) : NULL;
    if (!key) return -1;
    v->n[v->nv] = gk_text_cps(key, v->cp[v->nv], GK_KEY_MAX);
    v->nv++;
    p = bar ? bar + 1 : NULL;
  }
  return 0;
}

double gk_text_variants_sim(const gk_variants *v, const uint32_t *key, size_t nk, double floor) {
  double best = 0;
  for (int i = 0; i < v->nv; i++) {
    size_t a = v->n[i];
    if (a + nk == 0) continue;
    double bound = 2.0 * (double)(a < nk ? a : nk) / (double)(a + nk);
    if (bound <= floor || bound <= best) continue;
    double s = gk_text_sim(v->cp[i], a, key, nk);
    if (s > best) best = s;
  }
  return best;
}

double gk_text_sim_variants(gk_arena *a, const char *variants, const char *key) {
  gk_variants v;
  uint32_t kb[GK_KEY_MAX];
  if (gk_text_variants_load(a, variants, &v)) return 0.0;
  return gk_text_variants_sim(&v, kb, gk_text_cps(key, kb, GK_KEY_MAX), 0.0);
}

/* The page-marker shapes are the lexicon's; the name stays for the writers that call it. */
int gk_text_is_page_marker(const char *s) { return gk_lex_is_page_marker(s); }
