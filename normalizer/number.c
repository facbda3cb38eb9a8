/* number.c: reading numbers out of table cells: blanks, groups, separators, remarks. */
#include "number.h"

#include <stdlib.h>
#include <string.h>

#include "../core/lex.h"
#include "../core/utf8.h"

/* A blank cell holds at most this many dashes (— or ——); a longer run is a rule
 * drawn across the page (—————), layout rather than an empty cell. */
#define BLANK_MAX_DASHES 2

int gk_num_is_blank(const char *s) {
  /* The blank tokens are the lexicon's (dashes, /, 无, &nbsp; leftovers …). */
  size_t len = strlen(s), i = 0;
  if (!gk_lex_is_blank(s, len)) return 0;
  int dashes = 0;
  while (i < len) dashes += gk_lex_is_dash(gk_utf8_next(s, len, &i));
  return dashes <= BLANK_MAX_DASHES;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads one group at s: [sign] digits [,ddd]* [. digits]. Writes the group without
 * separators into out (cap bytes). Returns the bytes consumed, 0 if none. */
static size_t read_group(const char *s, int allow_sign, char *out, size_t cap) {
  size_t i = 0, o = 0;
  if (allow_sign && (s[0] == '-' || s[0] == '+') && is_digit(s[1])) {
    if (s[0] == '-') out[o++] = '-';
    i = 1;
  }
  if (!is_digit(s[i])) return 0;
  while (is_digit(s[i]) && o + 2 < cap) out[o++] = s[i++];
  /* Thousands separators: a comma followed by exactly three digits. */
  while (s[i] == ',' && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
         !is_digit(s[i + 4]) && o + 5 < cap) {
    memcpy(out + o, s + i + 1, 3);
    o += 3;
    i += 4;
  }
  if (s[i] == '.' && is_digit(s[i + 1])) {
    out[o++] = s[i++];
    while (is_digit(s[i]) && o + 2 < cap) out[o++] = s[i++];
  }
  if (is_digit(s[i])) return 0; /* absurdly long digit run */
  out[o] = '\0';
  return i;
}

static size_t skip_space(const char *s, size_t i) {
  size_t len = strlen(s);
  while (i < len) {
    size_t j = i;
    uint32_t cp = gk_utf8_next(s, len, &j);
    if (!gk_cp_is_space(cp)) break;
    i = j;
  }
  return i;
}

static const char *units[] = {"万元", "元", "件", "条", "个", "项", "次", "起", "人次", "份", NULL};

static size_t match_unit(const char *s) {
  for (int k = 0; units[k]; k++) {
    size_t l = strlen(units[k]);
    if (strncmp(s, units[k], l) == 0) return l;
  }
  return 0;
}

int gk_num_classify(gk_arena *a, const char *s, gk_numcell *out) {
  memset(out, 0, sizeof *out);
  if (gk_num_is_blank(s)) {
    out->kind = GK_NC_BLANK;
    return GK_OK;
  }
  out->kind = GK_NC_TEXT;
  char g[64];
  size_t i = skip_space(s, 0);
  while (s[i]) {
    size_t n = read_group(s + i, 1, g, sizeof g);
    if (!n) break;
    if (out->ngroups >= GK_MAX_GROUPS) return GK_OK;
    out->groups[out->ngroups] = gk_arena_strdup(a, g);
    if (!out->groups[out->ngroups]) return GK_ENOMEM;
    out->ngroups++;
    i = skip_space(s, i + n);
  }
  if (out->ngroups == 0) return GK_OK;
  i += match_unit(s + i);
  i = skip_space(s, i);
  if (s[i] == '\0') {
    out->kind = GK_NC_NUMBER;
    return GK_OK;
  }
  /* `22（其中修订16件）`: one number and a remark in brackets. */
  if (out->ngroups == 1 && (s[i] == '(' || strncmp(s + i, "【", 3) == 0)) {
    out->kind = GK_NC_NUMBER;
    out->remark = gk_arena_strdup(a, s + i);
    return out->remark ? GK_OK : GK_ENOMEM;
  }
  out->ngroups = 0;
  return GK_OK;
}

/* A number glued to the label it follows (`行政规范性文件9`, from a PDF whose label and
 * value cells touch): digits that end the text right after a CJK character. Returns
 * the label's length with the number in `tail`, or -1. */
static long glued_tail(gk_arena *a, const char *s, size_t st, size_t end, gk_numcell *tail) {
  size_t d = end;
  while (d > st && ((s[d - 1] >= '0' && s[d - 1] <= '9') || s[d - 1] == '.')) d--;
  if (d == end || d == st || s[d] == '.') return -1;
  /* The character before the digits must be CJK (an ideograph or full-width mark). */
  size_t back = d - 1;
  while (back > st && ((unsigned char)s[back] & 0xC0) == 0x80) back--;
  size_t i = back;
  uint32_t cp = gk_utf8_next(s, d, &i);
  if (i != d || !gk_cp_is_cjk(cp)) return -1;
  char g[64], tmp[64];
  if (end - d >= sizeof g) return -1;
  memcpy(g, s + d, end - d);
  g[end - d] = '\0';
  if (read_group(g, 0, tmp, sizeof tmp) != end - d) return -1;
  tail->groups[0] = gk_arena_strdup(a, tmp);
  if (!tail->groups[0]) return -1;
  tail->ngroups = 1;
  tail->kind = GK_NC_NUMBER;
  return (long)d;
}

/* An OCR misread of a number (`1s`, `1o4`, `”16`): a token of ASCII and curly
 * quotes only, at least one digit in it, that is not a number. It holds a cell's
 * place in a row of numbers but is never read as one (gk_num_to_value: invalid). */
static int misread_token(const char *g) {
  int digit = 0;
  for (const unsigned char *p = (const unsigned char *)g; *p; p++) {
    if (*p >= '0' && *p <= '9') digit = 1;
    else if (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D)) p += 2; /* “ ” */
    else if (*p < 0x21 || *p > 0x7E) return 0;
  }
  return digit;
}

long gk_num_split_tail(gk_arena *a, const char *s, gk_numcell *tail) {
  memset(tail, 0, sizeof *tail);
  /* Split into white-space separated tokens, then take the longest numeric suffix. */
  size_t len = strlen(s);
  size_t starts[GK_MAX_GROUPS + 1], ends[GK_MAX_GROUPS + 1];
  int nt = 0;
  long label_end = -1;
  size_t i = 0;
  while (i < len) {
    i = skip_space(s, i);
    if (i >= len) break;
    size_t st = i;
    while (i < len) {
      size_t j = i;
      uint32_t cp = gk_utf8_next(s, len, &j);
      if (gk_cp_is_space(cp)) break;
      i = j;
    }
    if (nt == GK_MAX_GROUPS + 1) { /* keep only the last tokens */
      memmove(starts, starts + 1, sizeof starts[0] * GK_MAX_GROUPS);
      memmove(ends, ends + 1, sizeof ends[0] * GK_MAX_GROUPS);
      nt--;
    }
    starts[nt] = st;
    ends[nt] = i;
    nt++;
  }
  int first = nt, nreal = 0;
  char g[64];
  while (first > 0) {
    size_t tl = ends[first - 1] - starts[first - 1];
    if (tl >= sizeof g) break;
    memcpy(g, s + starts[first - 1], tl);
    g[tl] = '\0';
    char tmp[64];
    size_t n = read_group(g, 1, tmp, sizeof tmp);
    int numeric = n == tl;
    /* A misread token inside a run of numbers (two real ones after it) keeps its
       cell's place; at the run's end (`100%`) it is text. */
    if (numeric) nreal++;
    else if (!(gk_num_is_blank(g) && strcmp(g, "无") != 0) && !(nreal >= 2 && misread_token(g))) break;
    first--;
  }
  if (first == nt && nt > 0) return glued_tail(a, s, starts[nt - 1], ends[nt - 1], tail);
  if (first == nt || first == 0) return -1;
  label_end = (long)starts[first];
  /* The label must really be a label: it ends in something other than a digit. */
  for (int k = first; k < nt; k++) {
    size_t tl = ends[k] - starts[k];
    memcpy(g, s + starts[k], tl);
    g[tl] = '\0';
    if (gk_num_is_blank(g)) {
      /* A blank marker inside the run: keep it as a group-less blank by a NULL. */
      tail->groups[tail->ngroups++] = NULL;
      continue;
    }
    char tmp[64];
    if (read_group(g, 1, tmp, sizeof tmp) != tl) {
      /* A misread token: kept as written, so that it is reported, not read. */
      memcpy(tmp, g, tl + 1);
    }
    tail->groups[tail->ngroups] = gk_arena_strdup(a, tmp);
    if (!tail->groups[tail->ngroups]) return -1;
    tail->ngroups++;
  }
  tail->kind = GK_NC_NUMBER;
  while (label_end > 0 && (s[label_end - 1] == ' ' || s[label_end - 1] == '\t')) label_end--;
  return label_end;
}

int gk_num_to_value(gk_arena *a, const char *g, gk_vkind kind, gk_value *v) {
  memset(v, 0, sizeof *v);
  v->text = gk_arena_strdup(a, g);
  if (!v->text) return GK_ENOMEM;
  int neg = g[0] == '-';
  int frac = strchr(g, '.') != NULL;
  const char *digits = neg ? g + 1 : g;
  /* A whole number of up to 15 digits (nearly every group) is exact in a double:
     its value is summed here rather than parsed twice by strtod and strtoll. */
  size_t nd = strspn(digits, "0123456789");
  long long whole = 0;
  int plain = nd > 0 && nd <= 15 && digits[nd] == '\0';
  for (size_t k = 0; plain && k < nd; k++) whole = whole * 10 + (digits[k] - '0');
  v->d = !plain ? strtod(g, NULL) : neg ? -(double)whole : (double)whole; /* -0 stays -0.0 */
  if (neg) whole = -whole;
  if (kind == GK_VK_TEXT) {
    v->state = GK_VAL_TEXT;
    return GK_OK;
  }
  /* A count is never printed with leading zeros (0000000, 009): such a group is a
     misread (digits of several cells run together, an O read as 0), not a number.
     An amount in 万元 may be (06432.466): it is read as the number. */
  int lead0 = kind != GK_VK_DECIMAL && digits[0] == '0' && digits[1] >= '0' && digits[1] <= '9';
  /* Anything but digits and one decimal point (an OCR token `1s`) is no number. */
  const char *body = digits[0] == '+' ? digits + 1 : digits;
  int junk = body[strspn(body, "0123456789.")] != '\0';
  if ((neg && kind != GK_VK_SIGNED) || (frac && kind != GK_VK_DECIMAL) || strlen(digits) > 15 || lead0 || junk) {
    v->state = GK_VAL_INVALID;
    return GK_OK;
  }
  v->state = GK_VAL_NUMBER;
  if (!frac) {
    v->is_int = 1;
    v->i = plain ? whole : strtoll(g, NULL, 10);
    /* Canonical integer text: no leading zeros ("007" → "7"). */
    char digits_buf[24], *q = digits_buf + sizeof digits_buf;
    unsigned long long u = v->i < 0 ? 0ULL - (unsigned long long)v->i : (unsigned long long)v->i;
    *--q = '\0';
    do *--q = (char)('0' + u % 10); while ((u /= 10) > 0);
    if (v->i < 0) *--q = '-';
    v->text = gk_arena_strdup(a, q);
    if (!v->text) return GK_ENOMEM;
  }
  return GK_OK;
}

/* The cell's text without the white space at its ends: [*b, *e). */
static void trim(const char *s, const char **b, const char **e) {
  const char *x = s ? s : "", *y = x + strlen(x);
  while (x < y && (*x == ' ' || *x == '\t' || *x == '\n' || *x == '\r')) x++;
  while (y > x && (y[-1] == ' ' || y[-1] == '\t' || y[-1] == '\n' || y[-1] == '\r')) y--;
  *b = x;
  *e = y;
}

int gk_num_cut_numeral(const char *const *cells, int n, int min_blanks) {
  int at = -1, text = 0;
  for (int c = 0; c < n; c++) {
    const char *b, *e;
    trim(cells[c], &b, &e);
    if (b == e) continue;
    /* digits: only digits; numeric: digits and number punctuation only. */
    int digits = 1, numeric = 0, other = 0;
    for (const char *p = b; p < e && !other; p++) {
      if (is_digit(*p)) {
        numeric = 1;
        continue;
      }
      digits = 0;
      /* Anything but number punctuation makes the cell text: no need to read on. */
      other = *p != '.' && *p != ',' && *p != '+' && *p != '-' && *p != ' ';
    }
    if (at >= 0) return -1;           /* anything after the numeral but empty cells */
    if (!numeric || other) {          /* a label cell before it */
      text = 1;
      continue;
    }
    if (!digits || e - b > GK_NUM_NUMERAL_MAX_DIGITS || *b == '0') return -1; /* a value */
    at = c;
  }
  int blanks = at >= 0 ? n - 1 - at : 0;
  return text && blanks >= GK_NUM_NUMERAL_MIN_BLANKS && blanks >= min_blanks ? at : -1;
}
