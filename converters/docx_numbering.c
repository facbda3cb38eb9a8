/* docx_numbering.c: numbering.xml and styles.xml → the labels of numbered paragraphs. */
#include "docx_numbering.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "../core/lex.h"
#include "docx_zip.h"

/* Number formats (w:numFmt) drawn differently. */
enum { F_DECIMAL, F_NONE, F_BULLET, F_CN, F_CN_LEGAL, F_CN_LEGAL_TRAD, F_UPPER_LETTER,
       F_LOWER_LETTER, F_UPPER_ROMAN, F_LOWER_ROMAN, F_DECIMAL_ZERO, F_DECIMAL_FULL,
       F_CIRCLE, F_PAREN_ENCLOSED, F_FULLSTOP_ENCLOSED, F_TIANGAN, F_DIZHI };

/* What follows a label (w:suff). */
enum { SUFF_TAB, SUFF_SPACE, SUFF_NOTHING };

/* Enclosed numbers (①, ⑴, ⒈) exist in Unicode for 1..20 only; others are decimal. */
#define ENCLOSED_MAX 20
/* Letters repeat past z (aa, bbb …); a label stops at this many. */
#define LETTER_MAX_REPEAT 8
/* Roman numerals are written up to 3999 (MMMCMXCIX); others are decimal. */
#define ROMAN_MAX 3999

static int fmt_of(const char *s) {
  static const struct {
    const char *name;
    int fmt;
  } map[] = {
      {"decimal", F_DECIMAL},
      {"none", F_NONE},
      {"bullet", F_BULLET},
      {"chineseCounting", F_CN},
      {"chineseCountingThousand", F_CN},
      {"japaneseCounting", F_CN},
      {"taiwaneseCounting", F_CN},
      {"taiwaneseCountingThousand", F_CN},
      {"ideographDigital", F_CN},
      {"chineseLegalSimplified", F_CN_LEGAL},
      {"ideographLegalTraditional", F_CN_LEGAL_TRAD},
      {"upperLetter", F_UPPER_LETTER},
      {"lowerLetter", F_LOWER_LETTER},
      {"upperRoman", F_UPPER_ROMAN},
      {"lowerRoman", F_LOWER_ROMAN},
      {"decimalZero", F_DECIMAL_ZERO},
      {"decimalFullWidth", F_DECIMAL_FULL},
      {"decimalFullWidth2", F_DECIMAL_FULL},
      {"decimalEnclosedCircle", F_CIRCLE},
      {"decimalEnclosedCircleChinese", F_CIRCLE},
      {"decimalEnclosedParen", F_PAREN_ENCLOSED},
      {"decimalEnclosedFullstop", F_FULLSTOP_ENCLOSED},
      {"ideographTraditional", F_TIANGAN},
      {"ideographZodiac", F_DIZHI},
  };
  if (!s) return F_DECIMAL;
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp(s, map[i].name) == 0) return map[i].fmt;
  return F_DECIMAL;
}

/* ---------- formatting one counter ---------- */

static void add_decimal(gk_strbuf *b, const char *printf_fmt, int v) {
  char tmp[32];
  snprintf(tmp, sizeof tmp, printf_fmt, v);
  gk_strbuf_add_str(b, tmp);
}

static void add_letters(gk_strbuf *b, int upper, int v) {
  if (v < 1) v = 1;
  int rep = (v - 1) / 26 + 1;
  char ch = (char)((upper ? 'A' : 'a') + (v - 1) % 26);
  for (int i = 0; i < rep && i < LETTER_MAX_REPEAT; i++) gk_strbuf_add(b, &ch, 1);
}

/* Returns 0 when v cannot be written in Roman numerals. */
static int add_roman(gk_strbuf *b, int upper, int v) {
  static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
  static const char *up[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
  static const char *lo[] = {"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"};
  if (v < 1 || v > ROMAN_MAX) return 0;
  for (int i = 0; i < 13; i++)
    while (v >= val[i]) {
      gk_strbuf_add_str(b, upper ? up[i] : lo[i]);
      v -= val[i];
    }
  return 1;
}

/* The cyclic ideographic counts: the ten heavenly stems, the twelve earthly branches.
 * Returns 0 past the end of the cycle. */
static int add_cycle(gk_strbuf *b, int fmt, int v) {
  static const char *tiangan[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
  static const char *dizhi[] = {"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"};
  int n = fmt == F_TIANGAN ? 10 : 12;
  if (v < 1 || v > n) return 0;
  gk_strbuf_add_str(b, fmt == F_TIANGAN ? tiangan[v - 1] : dizhi[v - 1]);
  return 1;
}

/* Chinese counting (一 十一 一百零五; 壹拾壹) from the lexicon. A legal count of zero
 * writes nothing, as this converter did before the lexicon (the lexicon writes 零):
 * fixtures stay as they were, and no report's list starts at zero. */
static void add_chinese(gk_strbuf *b, int fmt, int v) {
  char tmp[64];
  if (fmt != F_CN && v <= 0) return;
  gk_cn_style style = fmt == F_CN ? GK_CN_PLAIN : fmt == F_CN_LEGAL ? GK_CN_LEGAL : GK_CN_LEGAL_TRAD;
  size_t n = gk_lex_cn_format(v, style, tmp, sizeof tmp);
  gk_strbuf_add(b, tmp, n);
}

/* Appends one counter value in format fmt (F_*). */
static void fmt_number(gk_strbuf *b, int fmt, int v) {
  if (v < 0) v = 0;
  switch (fmt) {
    case F_NONE:
    case F_BULLET: return;
    case F_CN:
    case F_CN_LEGAL:
    case F_CN_LEGAL_TRAD: add_chinese(b, fmt, v); return;
    case F_UPPER_LETTER:
    case F_LOWER_LETTER: add_letters(b, fmt == F_UPPER_LETTER, v); return;
    case F_UPPER_ROMAN:
    case F_LOWER_ROMAN:
      if (add_roman(b, fmt == F_UPPER_ROMAN, v)) return;
      break;
    case F_DECIMAL_ZERO: add_decimal(b, "%02d", v); return;
    case F_DECIMAL_FULL: {
      char tmp[32];
      snprintf(tmp, sizeof tmp, "%d", v);
      for (char *p = tmp; *p; p++) gk_strbuf_add_cp(b, 0xFF10u + (unsigned)(*p - '0'));
      return;
    }
    case F_CIRCLE:
    case F_PAREN_ENCLOSED:
    case F_FULLSTOP_ENCLOSED:
      if (v >= 1 && v <= ENCLOSED_MAX) {
        unsigned base = fmt == F_CIRCLE ? 0x2460u : fmt == F_PAREN_ENCLOSED ? 0x2474u : 0x2488u;
        gk_strbuf_add_cp(b, base + (unsigned)v - 1);
        return;
      }
      break;
    case F_TIANGAN:
    case F_DIZHI:
      if (add_cycle(b, fmt, v)) return;
      break;
    default: break;
  }
  add_decimal(b, "%d", v);
}

void gk_docx_numbering_format(gk_strbuf *b, const char *fmt, int v) { fmt_number(b, fmt_of(fmt), v); }

/* ---------- loading numbering.xml and styles.xml ---------- */

static void read_lvl(const gk_docx_node *l, gk_docx_lvl *d) {
  memset(d, 0, sizeof *d);
  d->has = 1;
  d->start = gk_docx_int(gk_docx_child(l, N_start), N_val, 1);
  d->fmt = fmt_of(gk_docx_val(gk_docx_child(l, N_numFmt)));
  const char *t = gk_docx_val(gk_docx_child(l, N_lvlText));
  snprintf(d->text, sizeof d->text, "%s", t ? t : "");
  const char *s = gk_docx_val(gk_docx_child(l, N_suff));
  d->suff = !s                            ? SUFF_TAB
            : strcmp(s, "space") == 0     ? SUFF_SPACE
            : strcmp(s, "nothing") == 0   ? SUFF_NOTHING
                                          : SUFF_TAB;
  d->restart = gk_docx_int(gk_docx_child(l, N_lvlRestart), N_val, -1);
  d->islgl = gk_docx_on(gk_docx_child(l, N_isLgl));
  const char *ps = gk_docx_val(gk_docx_child(l, N_pStyle));
  snprintf(d->pstyle, sizeof d->pstyle, "%s", ps ? ps : "");
}

static void read_abstract(const gk_docx_node *n, gk_docx_abs *a) {
  a->id = gk_docx_int(n, N_abstractNumId, -1);
  for (gk_docx_node *l = n->children; l; l = l->next) {
    if (!is_w(l, N_lvl)) continue;
    int il = gk_docx_int(l, N_ilvl, 0);
    if (il >= 0 && il < GK_DOCX_NUM_LEVELS) read_lvl(l, &a->lv[il]);
  }
}

static void read_num(const gk_docx_node *n, gk_docx_num *m) {
  m->id = gk_docx_int(n, N_numId, -1);
  m->abs = gk_docx_int(gk_docx_child(n, N_abstractNumId), N_val, -1); /* an id for now */
  for (gk_docx_node *o = n->children; o; o = o->next) {
    if (!is_w(o, N_lvlOverride)) continue;
    int il = gk_docx_int(o, N_ilvl, 0);
    if (il < 0 || il >= GK_DOCX_NUM_LEVELS) continue;
    gk_docx_node *so = gk_docx_child(o, N_startOverride), *l = gk_docx_child(o, N_lvl);
    if (so) {
      m->has_start[il] = 1;
      m->start[il] = gk_docx_int(so, N_val, 1);
    }
    if (l) {
      m->has_lvl[il] = 1;
      read_lvl(l, &m->lv[il]);
    }
  }
}

/* Inflates and parses an optional part: GK_OK with t empty when it is absent. */
static int load_tree(gk_doc *doc, gk_docx_zip *z, const char *name, gk_docx_tree *t) {
  memset(t, 0, sizeof *t);
  t->root = -1;
  char *buf;
  size_t len;
  int rc = gk_docx_zip_read(doc, z, name, &buf, &len);
  if (rc || !buf) return rc;
  rc = gk_docx_tree_parse(doc, name[0] == '/' ? name + 1 : name, buf, len, t);
  free(buf);
  return rc;
}

static int load_lists(gk_doc *doc, gk_docx_zip *z, const char *part, gk_docx_numbering *nb) {
  gk_docx_tree d;
  int rc = load_tree(doc, z, part, &d);
  const gk_docx_node *root = gk_docx_tree_root(&d);
  size_t na = 0, nn = 0;
  for (gk_docx_node *n = root ? root->children : NULL; n; n = n->next) {
    na += is_w(n, N_abstractNum);
    nn += is_w(n, N_num);
  }
  if (!rc && root) {
    nb->abs = calloc(na ? na : 1, sizeof *nb->abs);
    nb->nums = calloc(nn ? nn : 1, sizeof *nb->nums);
    if (!nb->abs || !nb->nums) rc = GK_ENOMEM;
  }
  for (gk_docx_node *n = root && !rc ? root->children : NULL; n; n = n->next) {
    if (is_w(n, N_abstractNum)) read_abstract(n, &nb->abs[nb->nabs++]);
    else if (is_w(n, N_num)) read_num(n, &nb->nums[nb->nnums++]);
  }
  /* Abstract ids to indexes. */
  for (size_t i = 0; i < nb->nnums; i++) {
    int id = nb->nums[i].abs;
    nb->nums[i].abs = -1;
    for (size_t k = 0; k < nb->nabs; k++)
      if (nb->abs[k].id == id) nb->nums[i].abs = (int)k;
  }
  gk_docx_tree_free(&d);
  return rc;
}

static int is_true(const char *v) {
  return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0);
}

static int load_styles(gk_doc *doc, gk_docx_zip *z, const char *part, gk_docx_numbering *nb) {
  gk_docx_tree d;
  int rc = load_tree(doc, z, part, &d);
  const gk_docx_node *root = gk_docx_tree_root(&d);
  size_t n = 0;
  for (gk_docx_node *s = root ? root->children : NULL; s; s = s->next) n += is_w(s, N_style);
  if (!rc && root && !(nb->styles = calloc(n ? n : 1, sizeof *nb->styles))) rc = GK_ENOMEM;
  for (gk_docx_node *s = root && !rc ? root->children : NULL; s; s = s->next) {
    if (!is_w(s, N_style)) continue;
    const char *type = gk_docx_wattr(s, N_type), *id = gk_docx_wattr(s, N_styleId);
    if (!id || (type && strcmp(type, "paragraph") != 0)) continue;
    gk_docx_style *p = &nb->styles[nb->nstyles++];
    snprintf(p->id, sizeof p->id, "%s", id);
    const char *b = gk_docx_val(gk_docx_child(s, N_basedOn));
    snprintf(p->based_on, sizeof p->based_on, "%s", b ? b : "");
    gk_docx_node *np = gk_docx_child(gk_docx_child(s, N_pPr), N_numPr);
    p->num_id = np ? gk_docx_int(gk_docx_child(np, N_numId), N_val, -1) : -1;
    p->ilvl = np ? gk_docx_int(gk_docx_child(np, N_ilvl), N_val, -1) : -1;
    p->is_default = is_true(gk_docx_wattr(s, N_default));
  }
  gk_docx_tree_free(&d);
  return rc;
}

int gk_docx_numbering_load(gk_doc *doc, gk_docx_zip *z, const char *numbering,
                           const char *styles, gk_docx_numbering *nb) {
  memset(nb, 0, sizeof *nb);
  int rc = load_lists(doc, z, numbering, nb);
  /* Styles matter only for their numbering: without lists they are not read. */
  if (!rc && nb->nnums) rc = load_styles(doc, z, styles, nb);
  return rc;
}

void gk_docx_numbering_free(gk_docx_numbering *nb) {
  free(nb->abs);
  free(nb->nums);
  free(nb->styles);
  memset(nb, 0, sizeof *nb);
}

/* ---------- labels ---------- */

static const gk_docx_style *find_style(const gk_docx_numbering *nb, const char *id) {
  for (size_t i = 0; i < nb->nstyles; i++)
    if (id ? strcmp(nb->styles[i].id, id) == 0 : nb->styles[i].is_default) return &nb->styles[i];
  return NULL;
}

/* The level definition a num uses: its own override, else the abstract's. */
static const gk_docx_lvl *level_of(const gk_docx_numbering *nb, const gk_docx_num *m, int il) {
  if (m->has_lvl[il]) return &m->lv[il];
  return &nb->abs[m->abs].lv[il];
}

/* Advances the counters of list m at level il: counters are shared by every num of
 * one abstract list; a num with a start override restarts those levels the first
 * time it is used; deeper levels restart after this one unless lvlRestart says
 * otherwise. */
static void count(gk_docx_numbering *nb, gk_docx_num *m, int il) {
  gk_docx_abs *a = &nb->abs[m->abs];
  const gk_docx_lvl *d = level_of(nb, m, il);
  if (a->set[il]) {
    if (a->cnt[il] < GK_DOCX_MAX_COUNTER) a->cnt[il]++;
  } else {
    a->cnt[il] = d->start;
    a->set[il] = 1;
  }
  for (int l = il + 1; l < GK_DOCX_NUM_LEVELS; l++) {
    const gk_docx_lvl *dl = level_of(nb, m, l);
    if (dl->restart == 0) continue;
    if (dl->restart > 0 && il + 1 > dl->restart) continue;
    a->set[l] = 0;
  }
}

/* Appends the label of level il of list m: its lvlText with each %N replaced by
 * level N's counter, and the suffix. */
static void add_label(const gk_docx_numbering *nb, const gk_docx_num *m, int il, gk_strbuf *b) {
  const gk_docx_abs *a = &nb->abs[m->abs];
  const gk_docx_lvl *d = level_of(nb, m, il);
  size_t before = b->len;
  for (const char *p = d->text; *p; p++) {
    if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
      int l = p[1] - '1';
      const gk_docx_lvl *dl = level_of(nb, m, l);
      int v = a->set[l] ? a->cnt[l] : dl->start;
      fmt_number(b, d->islgl && dl->fmt != F_DECIMAL_ZERO ? F_DECIMAL : dl->fmt, v);
      p++;
    } else {
      gk_strbuf_add(b, p, 1);
    }
  }
  if (b->len > before) {
    if (d->suff == SUFF_TAB) gk_strbuf_add_str(b, "\t");
    else if (d->suff == SUFF_SPACE) gk_strbuf_add_str(b, " ");
  }
}

/* Counts a paragraph of list num_id at level il and appends its label. */
static void add_numbering(gk_docx_numbering *nb, gk_strbuf *b, int num_id, int il) {
  if (num_id <= 0 || il < 0 || il >= GK_DOCX_NUM_LEVELS) return;
  gk_docx_num *m = NULL;
  for (size_t i = 0; i < nb->nnums; i++)
    if (nb->nums[i].id == num_id) m = &nb->nums[i];
  if (!m || m->abs < 0) return;
  gk_docx_abs *a = &nb->abs[m->abs];
  if (!m->used) {
    for (int l = 0; l < GK_DOCX_NUM_LEVELS; l++)
      if (m->has_start[l]) {
        a->set[l] = 1;
        a->cnt[l] = m->start[l] - 1;
      }
    m->used = 1;
  }
  const gk_docx_lvl *d = level_of(nb, m, il);
  if (!d->has) return;
  count(nb, m, il);
  if (d->fmt == F_BULLET) return; /* a bullet carries no label */
  add_label(nb, m, il, b);
}

/* A style-linked list: the level whose pStyle is the paragraph's style, else 0. */
static int style_level(const gk_docx_numbering *nb, int num_id, const char *style_id) {
  int il = 0;
  for (size_t i = 0; style_id && i < nb->nnums; i++) {
    if (nb->nums[i].id != num_id || nb->nums[i].abs < 0) continue;
    for (int l = 0; l < GK_DOCX_NUM_LEVELS; l++)
      if (strcmp(nb->abs[nb->nums[i].abs].lv[l].pstyle, style_id) == 0) il = l;
  }
  return il;
}

void gk_docx_numbering_label(gk_docx_numbering *nb, const gk_docx_node *ppr, gk_strbuf *b) {
  if (!nb->nnums) return;
  gk_docx_node *np = gk_docx_child(ppr, N_numPr);
  int num_id = np ? gk_docx_int(gk_docx_child(np, N_numId), N_val, -1) : -1;
  int il = np ? gk_docx_int(gk_docx_child(np, N_ilvl), N_val, -1) : -1;
  const char *sid = gk_docx_val(gk_docx_child(ppr, N_pStyle));
  const gk_docx_style *s = find_style(nb, sid);
  const char *style_id = s ? s->id : NULL;
  for (int hop = 0; s && hop < GK_DOCX_MAX_STYLE_HOPS && (num_id < 0 || il < 0); hop++) {
    if (num_id < 0 && s->num_id >= 0) num_id = s->num_id;
    if (il < 0 && s->ilvl >= 0) il = s->ilvl;
    s = s->based_on[0] ? find_style(nb, s->based_on) : NULL;
  }
  if (num_id <= 0) return;
  if (il < 0) il = style_level(nb, num_id, style_id);
  add_numbering(nb, b, num_id, il);
}
