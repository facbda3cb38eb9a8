/* textfix.h: text repair: width folding, spaced-out CJK, label keys for matching. */
#ifndef GK_TEXTFIX_H
#define GK_TEXTFIX_H

#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"

/** NFKC-folds valid UTF-8 `s` (full-width digits and punctuation to ASCII).
 *  Returns an arena string, or NULL when out of memory. */
char *gk_text_fold(gk_arena *a, const char *s);

/** Display clean-up: every run of white space (line breaks included) becomes one
 *  space, spaces between two CJK characters are removed (`本 年 度` → `本年度`),
 *  control characters dropped, ends trimmed. Returns an arena string or NULL. */
char *gk_text_clean(gk_arena *a, const char *s);

/** Matching key of a label: folded, numbering (`三、` `(一)` `1.`) removed, white
 *  space and punctuation removed. Returns an arena string or NULL. */
char *gk_text_key(gk_arena *a, const char *s);

/** gk_text_key of text folded already (gk_text_fold's output: folding it again
 *  changes nothing). Returns an arena string or NULL. */
char *gk_text_key_folded(gk_arena *a, const char *folded);

/** The text after the last numbering mark ((一) 三、 1. 2、) of a folded label, so a
 *  cell holding group and row labels (三、本年度办理结果 (一) 予以公开) yields its row
 *  label; the label itself when it has no mark past its start. Points into s. */
const char *gk_text_after_numbering(const char *s);

/** Decodes a key into at most `max` code points. Returns the count. */
size_t gk_text_cps(const char *s, uint32_t *out, size_t max);

/** Dice similarity 2·LCS/(|a|+|b|) of two code-point strings, in [0, 1]. */
double gk_text_sim(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

#define GK_KEY_MAX 96    /* code points of a label key that take part in matching */
#define GK_VARIANT_MAX 6 /* wordings of one label */

/* A label's wordings as matching keys, computed once and reused for every
 * comparison (template rows, part headings). */
typedef struct gk_variants {
  uint32_t cp[GK_VARIANT_MAX][GK_KEY_MAX];
  size_t n[GK_VARIANT_MAX];
  int nv;
} gk_variants;

/** Loads the '|'-separated wordings `labels` as keys. Returns 0 or GK_ENOMEM. */
int gk_text_variants_load(gk_arena *a, const char *labels, gk_variants *v);

/** Best similarity of the key (code points) to any wording. Wordings whose Dice
 *  bound 2·min/(sum) cannot beat `floor` are skipped without computing the LCS. */
double gk_text_variants_sim(const gk_variants *v, const uint32_t *key, size_t nk, double floor);

/** Best similarity of `key` to any of the '|'-separated label `variants`. */
double gk_text_sim_variants(gk_arena *a, const char *variants, const char *key);

/** Whether the (cleaned) line is a page header/footer artefact: gk_lex_is_page_marker
 *  under the name the writers know. */
int gk_text_is_page_marker(const char *s);

#endif
