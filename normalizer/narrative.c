/* narrative.c: the report's parts, title, organ, year, and the figures its prose states. */
#include "narrative.h"

#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "../core/utf8.h"
#include "textfix.h"

static const char *part_titles[GK_NPARTS] = {
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
};

/* Wordings of the same headings seen in reports that follow older or local
 * versions of the template ('|'-separated, the national wording first). */
static const char *part_variants[GK_NPARTS] = {
    "总体情况|概述|基本情况",
    "主动公开政府信息情况|主动公开政府信息情况统计",
    "收到和处理政府信息公开申请情况|收到和处理政府信息公开申请的情况",
    "政府信息公开行政复议、行政诉讼情况|因政府信息公开工作被申请行政复议、提起行政诉讼情况|"
    "因政府信息公开申请行政复议、提起行政诉讼的情况|政府信息公开行政复议和行政诉讼情况",
    "存在的主要问题及改进情况|政府信息公开工作存在的主要问题及改进情况|存在的主要问题和改进情况|"
    "存在的主要问题及改进措施",
    "其他需要报告的事项|其他需要报告事项",
};

const char *gk_narr_part_title(int p) { return p >= 1 && p <= GK_NPARTS ? part_titles[p - 1] : NULL; }

/* Reads a leading part numeral (一、 二. 3、 4 …) from cleaned text. Returns the
 * part number 1..9 and the offset after it, or 0 when the text does not start so.
 * Bracketed numbering (（一）) is a sub-heading, never a part. */
static int part_numeral(const char *s, size_t *after) {
  static const char *cn[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
  int n = 0;
  size_t i = 0;
  if (s[0] >= '1' && s[0] <= '9' && !(s[1] >= '0' && s[1] <= '9')) {
    n = s[0] - '0';
    i = 1;
  } else {
    for (int k = 0; k < 9; k++)
      if (strncmp(s, cn[k], 3) == 0) {
        n = k + 1;
        i = 3;
        break;
      }
    if (n && strncmp(s + i, "十", 3) == 0) return 0;
  }
  if (!n) return 0;
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

typedef struct {
  size_t block;
  int part;
  double score;
} cand;

/* The headings' wordings as keys, computed once per process (they are constants). */
static gk_variants part_keys[GK_NPARTS];
static int part_keys_ready;

static int load_part_keys(gk_arena *a) {
  if (part_keys_ready) return GK_OK;
  for (int p = 0; p < GK_NPARTS; p++)
    if (gk_text_variants_load(a, part_variants[p], &part_keys[p])) return GK_ENOMEM;
  part_keys_ready = 1;
  return GK_OK;
}

/* Best similarity of a heading key to part p's wordings. */
static double part_sim(int p, const char *key) {
  uint32_t kb[GK_KEY_MAX];
  return gk_text_variants_sim(&part_keys[p - 1], kb, gk_text_cps(key, kb, GK_KEY_MAX), 0.0);
}

int gk_narr_find_parts(gk_doc *doc) {
  gk_arena *a = doc->arena;
  if (load_part_keys(a)) return GK_ENOMEM;
  cand *cands = NULL;
  size_t ncand = 0, capcand = 0;
  for (size_t b = 0; b < doc->nblocks; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind != GK_BLOCK_PARAGRAPH || strlen(blk->text) > 160) continue;
    /* Cheap pre-test: a part heading starts with a numeral after white space. */
    const unsigned char *q = (const unsigned char *)blk->text;
    while (*q == ' ' || *q == '\t' || *q == '\f' || *q == '\v' || *q == '\r' || (q[0] == 0xE3 && q[1] == 0x80 && q[2] == 0x80)) q += *q == 0xE3 ? 3 : 1;
    if (!(*q >= '1' && *q <= '9') && !(q[0] == 0xE4 || q[0] == 0xE5)) continue;
    char *t = gk_text_clean(a, blk->text);
    if (!t) return GK_ENOMEM;
    size_t after;
    int num = part_numeral(t, &after);
    if (!num) continue;
    char *key = gk_text_key(a, t + after);
    if (!key) return GK_ENOMEM;
    /* The part its numeral names first; the others only when that does not fit
       (a misnumbered heading must then match almost exactly). */
    double own = num <= GK_NPARTS ? part_sim(num, key) : 0;
    for (int p = 1; p <= GK_NPARTS; p++) {
      if (p != num && own >= 0.7) continue;
      double s = p == num ? own : part_sim(p, key);
      if (!((num == p && s >= 0.7) || s >= 0.85)) continue;
      cand *c = gk_arena_grow(a, cands, ncand, &capcand, sizeof *c);
      if (!c) return GK_ENOMEM;
      cands = c;
      cands[ncand++] = (cand){b, p, s + (num == p ? 0.1 : 0.0)};
    }
  }
  /* Per part the best candidate after the previous part's heading. */
  size_t prev_block = 0;
  int have_prev = 0;
  size_t heading[GK_NPARTS];
  int found[GK_NPARTS] = {0};
  for (int p = 1; p <= GK_NPARTS; p++) {
    double best = -1;
    for (size_t i = 0; i < ncand; i++) {
      if (cands[i].part != p || (have_prev && cands[i].block <= prev_block)) continue;
      if (cands[i].score > best + 1e-9) {
        best = cands[i].score;
        heading[p - 1] = cands[i].block;
      }
    }
    if (best < 0) continue;
    found[p - 1] = 1;
    prev_block = heading[p - 1];
    have_prev = 1;
  }
  /* Each part runs to the next found heading. */
  doc->preamble_end = doc->nblocks;
  for (int p = GK_NPARTS; p >= 1; p--) {
    gk_section *sec = &doc->parts[p - 1];
    memset(sec, 0, sizeof *sec);
    if (!found[p - 1]) continue;
    size_t end = doc->nblocks;
    for (int q = p + 1; q <= GK_NPARTS; q++)
      if (found[q - 1]) {
        end = heading[q - 1];
        break;
      }
    sec->title = gk_text_clean(a, doc->blocks[heading[p - 1]].text);
    sec->first_block = heading[p - 1] + 1;
    sec->end_block = end;
    if (heading[p - 1] < doc->preamble_end) doc->preamble_end = heading[p - 1];
  }
  /* Title: the first paragraph naming the report; a short line before it that
     names the organ (麟游县人民政府 / 2024年…年度报告) belongs to it. */
  size_t limit = doc->preamble_end < 12 ? doc->preamble_end : 12;
  if (limit == 0 && doc->nblocks) limit = doc->nblocks < 12 ? doc->nblocks : 12;
  for (size_t b = 0; b < limit; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind != GK_BLOCK_PARAGRAPH) continue;
    char *t = gk_text_clean(a, blk->text);
    if (!t) return GK_ENOMEM;
    if (strlen(t) > 150 || !(strstr(t, "年度报告") || strstr(t, "工作报告"))) continue;
    if (b > 0 && doc->blocks[b - 1].kind == GK_BLOCK_PARAGRAPH) {
      char *prev = gk_text_clean(a, doc->blocks[b - 1].text);
      if (!prev) return GK_ENOMEM;
      if (*prev && strlen(prev) <= 60 && !strchr(prev, ':') && !strstr(prev, "：") &&
          (t[0] >= '0' && t[0] <= '9'))
        t = gk_arena_printf(a, "%s%s", prev, t);
    }
    doc->title = t;
    break;
  }
  /* Organ: a 单位名称 line wins; else the title up to the year or the report name. */
  for (size_t b = 0; b < limit; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind != GK_BLOCK_PARAGRAPH) continue;
    const char *m = strstr(blk->text, "单位名称");
    if (!m) continue;
    m += strlen("单位名称");
    if (strncmp(m, "：", 3) == 0) m += 3;
    else if (*m == ':') m++;
    char *o = gk_text_clean(a, m);
    if (o && *o) doc->organ = o;
    break;
  }
  if (doc->title) {
    const char *t = doc->title;
    size_t cut = strlen(t);
    const char *rep = strstr(t, "政府信息公开");
    if (rep) cut = (size_t)(rep - t);
    for (size_t i = 0; i < cut && t[i]; i++) {
      if (t[i] >= '0' && t[i] <= '9' && t[i + 1] >= '0' && t[i + 1] <= '9' && t[i + 2] >= '0' &&
          t[i + 2] <= '9' && t[i + 3] >= '0' && t[i + 3] <= '9') {
        if (!doc->year) doc->year = atoi(t + i);
        if (i < cut) cut = i;
        break;
      }
    }
    if (!doc->organ && cut > 0) {
      char *o = gk_arena_strndup(a, t, cut);
      if (!o) return GK_ENOMEM;
      /* Trailing 关于 / 的 / spaces are not part of the organ. */
      char *c = gk_text_clean(a, o);
      if (!c) return GK_ENOMEM;
      size_t l = strlen(c);
      if (l >= 6 && strcmp(c + l - 6, "关于") == 0) c[l - 6] = '\0';
      if (*c) doc->organ = c;
    }
  }
  if (!doc->year) {
    /* The narrative's first 20xx年. */
    for (size_t b = 0; b < doc->nblocks && !doc->year; b++) {
      const gk_block *blk = &doc->blocks[b];
      if (blk->kind != GK_BLOCK_PARAGRAPH) continue;
      for (const char *p = blk->text; *p; p++)
        if ((p[0] == '2' && p[1] == '0') && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
            p[3] <= '9' && (strncmp(p + 4, "年", 3) == 0 || strncmp(p + 4, " 年", 4) == 0)) {
          doc->year = atoi(p);
          break;
        }
    }
  }
  return GK_OK;
}

const char *gk_narr_section_text(gk_doc *doc, int p) {
  /* Assembled on demand: only the JSON writer shows the prose. */
  if (p < 1 || p > GK_NPARTS || p == 2 || p == 3 || p == 4) return NULL;
  gk_section *sec = &doc->parts[p - 1];
  if (!sec->title || sec->text) return sec->text;
  gk_arena *a = doc->arena;
  size_t total = 0;
  for (size_t b = sec->first_block; b < sec->end_block; b++)
    if (doc->blocks[b].kind == GK_BLOCK_PARAGRAPH) total += strlen(doc->blocks[b].text) + 1;
  char *txt = gk_arena_alloc(a, total + 1);
  if (!txt) return NULL;
  size_t o = 0;
  for (size_t b = sec->first_block; b < sec->end_block; b++) {
    if (doc->blocks[b].kind != GK_BLOCK_PARAGRAPH) continue;
    char *c = gk_text_clean(a, doc->blocks[b].text);
    if (!c) return NULL;
    if (!*c || gk_text_is_page_marker(c)) continue;
    size_t l = strlen(c);
    if (o) txt[o++] = '\n';
    memcpy(txt + o, c, l);
    o += l;
  }
  txt[o] = '\0';
  sec->text = txt;
  return txt;
}

/* ---- figures stated by the narrative ---- */

static const char *excluded[] = {"来信", "咨询", "热线", "信箱", "留言", "处理费", "收费",
                                 "信访", "投诉", "来电", NULL};

/* Finds the first "N件" / "N起" within `window` bytes after `from`. Returns 1 and the
 * number, or 0. */
static int number_after(const char *from, size_t window, long long *out) {
  size_t len = strlen(from);
  if (window > len) window = len;
  for (size_t i = 0; i < window; i++) {
    if (from[i] < '0' || from[i] > '9') continue;
    if (i > 0 && from[i - 1] >= '0' && from[i - 1] <= '9') continue;
    char *end;
    long long v = strtoll(from + i, &end, 10);
    if (strncmp(end, "件", 3) == 0 || strncmp(end, "起", 3) == 0 || strncmp(end, "个", 3) == 0) {
      /* 2024年 is a year, not a count; strtoll stops before 年 so the unit test fails. */
      *out = v;
      return 1;
    }
    /* A number followed by something else (a year, a percentage) ends the search. */
    return 0;
  }
  return 0;
}

static int has_any(const char *s, const char **words) {
  for (int i = 0; words[i]; i++)
    if (strstr(s, words[i])) return 1;
  return 0;
}

static int scan_clause(gk_doc *doc, const char *cl, int line) {
  if (has_any(cl, excluded)) return GK_OK;
  /* Messages quote the clause; a run-on sentence is quoted in part. */
  const char *ex = cl;
  if (strlen(cl) > 150) {
    char *c = gk_arena_strndup(doc->arena, cl, 150);
    if (!c) return GK_ENOMEM;
    gk_utf8_trim(c);
    ex = c;
  }
  const char *k;
  long long v;
  int rc = GK_OK;
  if ((k = strstr(cl, "上年结转")) && number_after(k + strlen("上年结转"), 24, &v))
    return gk_doc_add_claim(doc, GK_CLAIM_CARRIED_IN, v, ex, line);
  if (((k = strstr(cl, "结转下年")) || (k = strstr(cl, "结转至下年")) || (k = strstr(cl, "转入下年"))) &&
      number_after(k, 40, &v))
    return gk_doc_add_claim(doc, GK_CLAIM_CARRIED_OUT, v, ex, line);
  int review = strstr(cl, "行政复议") != NULL, suit = strstr(cl, "行政诉讼") != NULL;
  if (review != suit) {
    k = strstr(cl, review ? "行政复议" : "行政诉讼");
    if (number_after(k, 40, &v))
      return gk_doc_add_claim(doc, review ? GK_CLAIM_REVIEW : GK_CLAIM_SUIT, v, ex, line);
    return GK_OK;
  }
  if (review || strstr(cl, "结转")) return GK_OK;
  if ((strstr(cl, "收到") || strstr(cl, "新收") || strstr(cl, "受理")) &&
      (k = strstr(cl, "公开申请")) && number_after(k + strlen("公开申请"), 24, &v))
    rc = gk_doc_add_claim(doc, GK_CLAIM_NEW, v, ex, line);
  return rc;
}

static int scan_paragraph(gk_doc *doc, const char *text, int line) {
  gk_arena *a = doc->arena;
  /* Folded, so full-width digits (８０件) read as numbers. */
  char *c = gk_text_clean(a, text);
  char *t = c ? gk_text_fold(a, c) : NULL;
  if (!t) return GK_ENOMEM;
  /* Spaces around digits (`共收到申请 4 件`) are layout; drop them all. */
  size_t w = 0;
  for (size_t r = 0; t[r]; r++)
    if (t[r] != ' ') t[w++] = t[r];
  t[w] = '\0';
  /* Clauses end at 。；;，, and ！？. */
  static const char *stops[] = {"。", "；", "，", "！", "？", ";", ",", NULL};
  const char *p = t;
  while (*p) {
    const char *end = p + strlen(p);
    for (int i = 0; stops[i]; i++) {
      const char *s = strstr(p, stops[i]);
      if (s && s < end) end = s;
    }
    char *cl = gk_arena_strndup(a, p, (size_t)(end - p));
    if (!cl) return GK_ENOMEM;
    int rc = scan_clause(doc, cl, line);
    if (rc) return rc;
    if (!*end) break;
    p = end;
    /* skip the stop mark */
    size_t i = 0, l = strlen(p);
    gk_utf8_next(p, l, &i);
    p += i;
  }
  return GK_OK;
}

int gk_narr_find_claims(gk_doc *doc) {
  /* Only the prose: the preamble and parts 一, 五, 六 (tables state their own figures). */
  for (size_t b = 0; b < doc->nblocks; b++) {
    int narrative = b < doc->preamble_end;
    for (int p = 1; p <= GK_NPARTS && !narrative; p++) {
      const gk_section *s = &doc->parts[p - 1];
      if ((p == 1 || p == 5 || p == 6) && s->title && b >= s->first_block && b < s->end_block)
        narrative = 1;
    }
    if (!narrative || doc->blocks[b].kind != GK_BLOCK_PARAGRAPH) continue;
    /* Most prose states none of these figures; skip it cheaply. */
    const char *t = doc->blocks[b].text;
    if (!strstr(t, "申请") && !strstr(t, "复议") && !strstr(t, "诉讼") && !strstr(t, "结转")) continue;
    int rc = scan_paragraph(doc, doc->blocks[b].text, doc->blocks[b].line);
    if (rc) return rc;
  }
  return GK_OK;
}
