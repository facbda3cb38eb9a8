/* lex.c: the leaf lexicon: part headings, numerals, counting, dash, blank and page tokens. */
#include "lex.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* ------------------------------------------------------------------ part headings */

static const char *const part_titles[GK_LEX_NPARTS] = {
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
};

/* Wordings of the same headings in reports that follow older or local versions of
 * the template ('|'-separated, the national wording first). */
static const char *const part_variants[GK_LEX_NPARTS] = {
    "总体情况|概述|基本情况",
    "主动公开政府信息情况|主动公开政府信息情况统计",
    "收到和处理政府信息公开申请情况|收到和处理政府信息公开申请的情况",
    "政府信息公开行政复议、行政诉讼情况|因政府信息公开工作被申请行政复议、提起行政诉讼情况|"
    "因政府信息公开申请行政复议、提起行政诉讼的情况|政府信息公开行政复议和行政诉讼情况",
    "存在的主要问题及改进情况|政府信息公开工作存在的主要问题及改进情况|存在的主要问题和改进情况|"
    "存在的主要问题及改进措施",
    "其他需要报告的事项|其他需要报告事项",
};

/* The words of each heading that every wording above shares. */
static const char *const part_words[GK_LEX_NPARTS] = {
    "总体情况",     "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "行政诉讼情况", "存在的主要问题",       "其他需要报告的事项",
};

const char *gk_lex_part_title(int p) {
  return p >= 1 && p <= GK_LEX_NPARTS ? part_titles[p - 1] : NULL;
}

const char *gk_lex_part_variants(int p) {
  return p >= 1 && p <= GK_LEX_NPARTS ? part_variants[p - 1] : NULL;
}

const char *gk_lex_part_word(int p) {
  return p >= 1 && p <= GK_LEX_NPARTS ? part_words[p - 1] : NULL;
}

int gk_lex_part_numeral(const char *s, size_t *after) {
  int n = 0;
  size_t i = 0;
  if (s[0] >= '1' && s[0] <= '9' && !(s[1] >= '0' && s[1] <= '9')) {
    n = s[0] - '0';
    i = 1;
  } else {
    size_t len = strnlen(s, 4);
    uint32_t cp = gk_utf8_next(s, len, &i);
    int d = gk_lex_cn_digit(cp);
    if (d < 1 || d > 9) return 0;
    n = d;
    /* 二十… counts past the six parts: a list item of some other kind. */
    size_t j = i;
    if (gk_lex_fold_radical(gk_utf8_next(s, strnlen(s, i + 4), &j)) == 0x5341 /* 十 */) return 0;
  }
  /* The numeral must be followed by a list mark or a space. */
  if (strncmp(s + i, "、", 3) == 0 || strncmp(s + i, "．", 3) == 0 || strncmp(s + i, "，", 3) == 0)
    i += 3;
  else if (s[i] == '.' || s[i] == ' ' || s[i] == ',')
    i += 1;
  else
    return 0;
  while (s[i] == ' ') i++;
  *after = i;
  return n;
}

/* ------------------------------------------------------------------ radicals */

/* The unified ideograph of each Kangxi radical U+2F00–U+2FD5, in order: the
 * radicals' compatibility decompositions in Unicode's character data. */
static const uint16_t kangxi_radicals[0x2FD6 - 0x2F00] = {
    0x4E00, 0x4E28, 0x4E36, 0x4E3F, 0x4E59, 0x4E85, 0x4E8C, 0x4EA0,
    0x4EBA, 0x513F, 0x5165, 0x516B, 0x5182, 0x5196, 0x51AB, 0x51E0,
    0x51F5, 0x5200, 0x529B, 0x52F9, 0x5315, 0x531A, 0x5338, 0x5341,
    0x535C, 0x5369, 0x5382, 0x53B6, 0x53C8, 0x53E3, 0x56D7, 0x571F,
    0x58EB, 0x5902, 0x590A, 0x5915, 0x5927, 0x5973, 0x5B50, 0x5B80,
    0x5BF8, 0x5C0F, 0x5C22, 0x5C38, 0x5C6E, 0x5C71, 0x5DDB, 0x5DE5,
    0x5DF1, 0x5DFE, 0x5E72, 0x5E7A, 0x5E7F, 0x5EF4, 0x5EFE, 0x5F0B,
    0x5F13, 0x5F50, 0x5F61, 0x5F73, 0x5FC3, 0x6208, 0x6236, 0x624B,
    0x652F, 0x6534, 0x6587, 0x6597, 0x65A4, 0x65B9, 0x65E0, 0x65E5,
    0x66F0, 0x6708, 0x6728, 0x6B20, 0x6B62, 0x6B79, 0x6BB3, 0x6BCB,
    0x6BD4, 0x6BDB, 0x6C0F, 0x6C14, 0x6C34, 0x706B, 0x722A, 0x7236,
    0x723B, 0x723F, 0x7247, 0x7259, 0x725B, 0x72AC, 0x7384, 0x7389,
    0x74DC, 0x74E6, 0x7518, 0x751F, 0x7528, 0x7530, 0x758B, 0x7592,
    0x7676, 0x767D, 0x76AE, 0x76BF, 0x76EE, 0x77DB, 0x77E2, 0x77F3,
    0x793A, 0x79B8, 0x79BE, 0x7A74, 0x7ACB, 0x7AF9, 0x7C73, 0x7CF8,
    0x7F36, 0x7F51, 0x7F8A, 0x7FBD, 0x8001, 0x800C, 0x8012, 0x8033,
    0x807F, 0x8089, 0x81E3, 0x81EA, 0x81F3, 0x81FC, 0x820C, 0x821B,
    0x821F, 0x826E, 0x8272, 0x8278, 0x864D, 0x866B, 0x8840, 0x884C,
    0x8863, 0x897E, 0x898B, 0x89D2, 0x8A00, 0x8C37, 0x8C46, 0x8C55,
    0x8C78, 0x8C9D, 0x8D64, 0x8D70, 0x8DB3, 0x8EAB, 0x8ECA, 0x8F9B,
    0x8FB0, 0x8FB5, 0x9091, 0x9149, 0x91C6, 0x91CC, 0x91D1, 0x9577,
    0x9580, 0x961C, 0x96B6, 0x96B9, 0x96E8, 0x9751, 0x975E, 0x9762,
    0x9769, 0x97CB, 0x97ED, 0x97F3, 0x9801, 0x98A8, 0x98DB, 0x98DF,
    0x9996, 0x9999, 0x99AC, 0x9AA8, 0x9AD8, 0x9ADF, 0x9B25, 0x9B2F,
    0x9B32, 0x9B3C, 0x9B5A, 0x9CE5, 0x9E75, 0x9E7F, 0x9EA5, 0x9EBB,
    0x9EC3, 0x9ECD, 0x9ED1, 0x9EF9, 0x9EFD, 0x9F0E, 0x9F13, 0x9F20,
    0x9F3B, 0x9F4A, 0x9F52, 0x9F8D, 0x9F9C, 0x9FA0,
};

uint32_t gk_lex_fold_radical(uint32_t cp) {
  if (cp >= 0x2F00 && cp <= 0x2FD5) return kangxi_radicals[cp - 0x2F00];
  /* The two characters of the CJK Radicals Supplement with a decomposition. */
  if (cp == 0x2E9F) return 0x6BCD; /* ⺟ 母 */
  if (cp == 0x2EF3) return 0x9F9F; /* ⻳ 龟 */
  return cp;
}

/* ------------------------------------------------------------------ numerals */

int gk_lex_cn_digit(uint32_t cp) {
  /* Every numeral (〇 U+3007 and up) and every radical folded to one lies above the
     CJK Radicals Supplement's start: ASCII and Latin text goes no further. */
  if (cp < 0x2E80) return -1;
  cp = gk_lex_fold_radical(cp);
  switch (cp) {
    case 0x3007: /* 〇 */
    case 0x96F6: return 0; /* 零 */
    case 0x4E00: return 1; /* 一 */
    case 0x4E8C: return 2; /* 二 */
    case 0x4E09: return 3; /* 三 */
    case 0x56DB: return 4; /* 四 */
    case 0x4E94: return 5; /* 五 */
    case 0x516D: return 6; /* 六 */
    case 0x4E03: return 7; /* 七 */
    case 0x516B: return 8; /* 八 */
    case 0x4E5D: return 9; /* 九 */
    case 0x5341: return 10; /* 十 */
    default: return -1;
  }
}

int gk_lex_digit(uint32_t cp) {
  if (cp >= '0' && cp <= '9') return (int)(cp - '0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10);
  return -1;
}

/* ------------------------------------------------------------------ counting */

typedef struct {
  const char *digit[10];
  const char *ten, *hundred, *thousand, *zero;
} counting;

static const counting count_plain = {
    {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}, "十", "百", "千", "零"};
static const counting count_legal = {
    {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}, "拾", "佰", "仟", "零"};
static const counting count_trad = {
    {"零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"}, "拾", "佰", "仟", "零"};

typedef struct {
  char *out;
  size_t cap, len;
} sink;

static void put(sink *k, const char *s) {
  size_t n = strlen(s);
  if (k->cap == 0) return;
  if (k->len + n >= k->cap) n = k->len < k->cap - 1 ? k->cap - 1 - k->len : 0;
  memcpy(k->out + k->len, s, n);
  k->len += n;
  k->out[k->len] = '\0';
}

size_t gk_lex_cn_format(int v, gk_cn_style style, char *out, size_t cap) {
  const counting *c = style == GK_CN_PLAIN ? &count_plain
                      : style == GK_CN_LEGAL ? &count_legal
                                             : &count_trad;
  sink k = {out, cap, 0};
  if (cap) out[0] = '\0';
  if (v < 0) v = 0;
  if (v >= 10000) {
    char tmp[16];
    snprintf(tmp, sizeof tmp, "%d", v);
    put(&k, tmp);
    return k.len;
  }
  if (v == 0) {
    put(&k, c->digit[0]);
    return k.len;
  }
  int th = v / 1000, h = v / 100 % 10, t = v / 10 % 10, u = v % 10;
  int zero = 0, any = 0;
  if (th) {
    put(&k, c->digit[th]);
    put(&k, c->thousand);
    any = 1;
  }
  if (h) {
    put(&k, c->digit[h]);
    put(&k, c->hundred);
    any = 1;
  } else if (any && (t || u)) {
    zero = 1;
  }
  if (t) {
    if (zero) put(&k, c->zero);
    zero = 0;
    /* 十一, not 一十一, when plain counting starts with the tens. */
    if (!(t == 1 && !any && style == GK_CN_PLAIN)) put(&k, c->digit[t]);
    put(&k, c->ten);
    any = 1;
  } else if (any && u) {
    zero = 1;
  }
  if (u) {
    if (zero) put(&k, c->zero);
    put(&k, c->digit[u]);
  }
  return k.len;
}

/* ------------------------------------------------------------------ tokens */

int gk_lex_is_dash(uint32_t cp) {
  return cp == '-' || cp == 0x2012 || cp == 0x2013 || cp == 0x2014 || cp == 0x2015 ||
         cp == 0x2212 || cp == 0xFF0D || cp == 0x2500;
}

/* Whether the character at s (n bytes of UTF-8) starts one of the NULL-terminated
 * marks. */
static int starts_a_mark(const char *const *marks, const char *s, size_t n) {
  for (int k = 0; marks[k]; k++)
    if (strncmp(marks[k], s, n) == 0) return 1;
  return 0;
}

int gk_lex_is_blank(const char *s, size_t len) {
  static const char *const marks[] = {"/", "\\", "-/-", "无", "／", "＼", "x", "×",
                                      "&nbsp;", "&#160;", "&nbsp", NULL};
  /* Compare with white space removed: `— —` and `&nbsp;` leftovers count too. */
  char buf[32];
  size_t o = 0, i = 0;
  int dashes = 1;
  while (i < len) {
    size_t st = i;
    uint32_t cp = gk_utf8_next(s, len, &i);
    if (gk_cp_is_space(cp)) continue;
    if (!gk_lex_is_dash(cp)) dashes = 0;
    /* Most cells are numbers or labels: turned down at their first character. */
    if (o == 0 && !dashes && !starts_a_mark(marks, s + st, i - st)) return 0;
    /* A long run of dashes is still a blank; any other long text is not a mark. */
    if (o + (i - st) >= sizeof buf) {
      if (!dashes) return 0;
      continue;
    }
    memcpy(buf + o, s + st, i - st);
    o += i - st;
  }
  buf[o] = '\0';
  if (o == 0 || dashes) return 1;
  for (int k = 0; marks[k]; k++)
    if (strcmp(buf, marks[k]) == 0) return 1;
  return 0;
}

/* `- 4 -`: a dash-like character first and last (a lone "-3" is a value). */
static int framed_by_dashes(const char *s) {
  size_t len = strlen(s), i = 0;
  uint32_t first = 0, last = 0;
  while (i < len) {
    uint32_t cp = gk_utf8_next(s, len, &i);
    if (gk_cp_is_space(cp)) continue;
    if (!first) first = cp;
    last = cp;
  }
  return gk_lex_is_dash(first) && gk_lex_is_dash(last);
}

/* Page numbers have at most this many digits (N/M included); more is a value. */
#define PAGE_MARKER_MAX_DIGITS 8

int gk_lex_is_page_marker(const char *s) {
  /* Work on ASCII-ish shapes after removing spaces and dash-like characters. */
  size_t len = strlen(s), i = 0;
  char buf[64];
  size_t o = 0;
  int digits = 0;
  while (i < len) {
    uint32_t cp = gk_utf8_next(s, len, &i);
    if (gk_cp_is_space(cp) || gk_lex_is_dash(cp)) continue;
    if (o + 4 >= sizeof buf) return 0;
    int d = gk_lex_digit(cp);
    /* Every accepted shape starts with a digit, 第, 共 or Page: a label cell is
       turned down at its first character, not after 64 bytes. */
    if (o == 0 && d < 0 && cp != 0x7B2C && cp != 0x5171 && cp != 'P' && cp != 'p') return 0;
    if (d >= 0) {
      cp = (uint32_t)('0' + d);
      digits++;
    }
    o += (size_t)gk_utf8_put(cp, buf + o);
  }
  buf[o] = '\0';
  if (digits == 0 || digits > PAGE_MARKER_MAX_DIGITS) return 0;
  /* Accepted shapes: N/M, 第N页, 第N页共M页, 共M页第N页, PageN, and N framed by dashes. */
  const char *p = buf;
  if (strncmp(p, "第", 3) == 0 || strncmp(p, "共", 3) == 0) return strstr(p, "页") != NULL;
  if (strncmp(p, "Page", 4) == 0 || strncmp(p, "page", 4) == 0) return 1;
  for (const char *q = p; *q; q++)
    if (!((*q >= '0' && *q <= '9') || *q == '/')) return 0;
  /* A bare number is a page number only when it was framed by dashes (`- 4 -`) or is
     N/M; a lone "12" line could be a value of a table in a one-cell-per-line dump. */
  return framed_by_dashes(s) || strchr(p, '/') != NULL;
}

/* Field names that crawlers and site templates print before a page's title. */
static const char *const field_labels[] = {"标题", "文章标题", "信息标题", "题目", "主题", "名称",
                                           "title", "Title", "TITLE"};

size_t gk_lex_field_label_len(const char *s) {
  for (size_t k = 0; k < sizeof field_labels / sizeof field_labels[0]; k++) {
    size_t l = strlen(field_labels[k]);
    if (strncmp(s, field_labels[k], l) != 0) continue;
    size_t i = l;
    while (s[i] == ' ') i++;
    if (s[i] == ':') i++;
    else if (strncmp(s + i, "：", 3) == 0) i += 3;
    else continue;
    while (s[i] == ' ') i++;
    return i;
  }
  return 0;
}
