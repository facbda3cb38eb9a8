/* lex.h: the leaf lexicon: what every room knows of the reports' language, written
 * once. Part headings and their wordings, numerals (Chinese, full-width, circled),
 * Chinese counting as Word numbers lists, dash and blank tokens, page markers.
 * Converters and the normalizer both read it; it depends on nothing but utf8. */
#ifndef GK_LEX_H
#define GK_LEX_H

#include <stddef.h>
#include <stdint.h>

/* The report's six parts (一、总体情况 … 六、其他需要报告的事项). */
#define GK_LEX_NPARTS 6

/** The national template's wording of part p's heading (1..6), without its numeral.
 *  Returns NULL for p out of range. Static string. */
const char *gk_lex_part_title(int p);

/** The '|'-separated wordings of part p's heading seen in reports that follow older
 *  or local versions of the template, the national wording first. NULL out of range. */
const char *gk_lex_part_variants(int p);

/** A distinctive substring of part p's heading (numbering and punctuation vary), for
 *  quick scans of raw text. NULL out of range. Static string. */
const char *gk_lex_part_word(int p);

/** Reads a leading part numeral of cleaned text: 一、 二． 三， 4. 5 (a list mark or a
 *  space must follow). Returns the part number 1..9 and sets *after to the offset past
 *  the mark and the spaces after it; returns 0 when the text does not start so.
 *  Bracketed numbering (（一）) is a sub-heading, never a part; 二十… is no part. */
int gk_lex_part_numeral(const char *s, size_t *after);

/** Bytes of a crawler's or CMS's field label that starts cleaned text (`标题: `,
 *  `文章标题：`, `Title:`), the colon and the spaces after it included; 0 if none. */
size_t gk_lex_field_label_len(const char *s);

/** The value of a Chinese digit: 〇 零 一 … 九 → 0..9, 十 → 10; else -1. */
int gk_lex_cn_digit(uint32_t cp);

/** The unified ideograph that a Kangxi radical (U+2F00–U+2FD5, and the two
 *  decomposable characters of the CJK Radicals Supplement) stands for, else cp: some
 *  fonts' ToUnicode maps give ⼆⼗ for 二十, and headings and labels are matched on
 *  the ideographs. */
uint32_t gk_lex_fold_radical(uint32_t cp);

/** The value of an ASCII or full-width digit (0-9, ０-９), else -1. */
int gk_lex_digit(uint32_t cp);

/** Whether cp is dash-like: - ‒ – — ― − － ─. */
int gk_lex_is_dash(uint32_t cp);

/** Whether the `len` bytes of UTF-8 at s are a blank-cell token once white space is
 *  removed: empty, / ／ \, a run of dashes, -/-, 无, x ×, a leftover &nbsp;. */
int gk_lex_is_blank(const char *s, size_t len);

/** Whether a cleaned line is a page header/footer artefact: `- 4 -`, `第 4 页`,
 *  `第4页 共10页`, `4/10`, `Page 3`. A bare number is not (a one-cell-per-line dump
 *  holds such lines as values). */
int gk_lex_is_page_marker(const char *s);

/* Chinese counting styles of Word's numbering (w:numFmt). */
typedef enum {
  GK_CN_PLAIN,      /* chineseCounting: 一 … 十一 … 一百零五 */
  GK_CN_LEGAL,      /* chineseLegalSimplified: 壹 … 壹拾壹 */
  GK_CN_LEGAL_TRAD, /* ideographLegalTraditional: 壹 貳 參 … */
} gk_cn_style;

/** Writes v in Chinese counting of `style` into out (cap bytes, always NUL-terminated
 *  when cap > 0). Values of 10000 and more are written in ASCII digits; negative
 *  values as 0. Returns the length written, not counting the NUL. */
size_t gk_lex_cn_format(int v, gk_cn_style style, char *out, size_t cap);

#endif
