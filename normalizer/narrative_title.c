/* narrative_title.c: the report's title, the organ that issues it, and its year. */
#include "narrative_title.h"

#include "../core/lex.h"

#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "textfix.h"

/* Whether s starts with four ASCII digits. */
static int four_digits(const char *s) {
  for (int i = 0; i < 4; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* Title: the first paragraph naming the report. A title that starts with its year
 * names no organ; the short line above it, when it is no label (no colon), is that
 * organ's name printed on a line of its own (麟游县人民政府 / 2024年…年度报告). */
static int find_title(gk_doc *doc, gk_arena *scratch, size_t limit) {
  for (size_t b = 0; b < limit; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind != GK_BLOCK_PARAGRAPH) continue;
    char *t = gk_text_clean(scratch, blk->text);
    if (!t) return GK_ENOMEM;
    t += gk_lex_field_label_len(t); /* 标题: … as a crawler writes it */
    if (strlen(t) > GK_NARR_TITLE_MAX_BYTES || !(strstr(t, "年度报告") || strstr(t, "工作报告")))
      continue;
    if (b > 0 && doc->blocks[b - 1].kind == GK_BLOCK_PARAGRAPH && t[0] >= '0' && t[0] <= '9') {
      char *prev = gk_text_clean(scratch, doc->blocks[b - 1].text);
      if (!prev) return GK_ENOMEM;
      if (*prev && strlen(prev) <= GK_NARR_ORGAN_LINE_MAX_BYTES && !strchr(prev, ':') &&
          !strstr(prev, "："))
        t = gk_arena_printf(scratch, "%s%s", prev, t);
      if (!t) return GK_ENOMEM;
    }
    doc->title = gk_arena_strdup(doc->arena, t);
    return doc->title ? GK_OK : GK_ENOMEM;
  }
  return GK_OK;
}

/* Organ: a 单位名称 line wins. */
static int find_organ_line(gk_doc *doc, size_t limit) {
  for (size_t b = 0; b < limit; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind != GK_BLOCK_PARAGRAPH) continue;
    const char *m = strstr(blk->text, "单位名称");
    if (!m) continue;
    m += strlen("单位名称");
    if (strncmp(m, "：", 3) == 0) m += 3;
    else if (*m == ':') m++;
    char *o = gk_text_clean(doc->arena, m);
    if (!o) return GK_ENOMEM;
    if (*o) doc->organ = o;
    return GK_OK;
  }
  return GK_OK;
}

/* The year is the title's first four digits; the organ, when no line named it, is
 * the title up to the year or up to 政府信息公开. */
static int organ_year_from_title(gk_doc *doc, gk_arena *scratch) {
  const char *t = doc->title;
  size_t cut = strlen(t);
  const char *rep = strstr(t, "政府信息公开");
  if (rep) cut = (size_t)(rep - t);
  for (size_t i = 0; i < cut && t[i]; i++)
    if (four_digits(t + i)) {
      if (!doc->year) doc->year = atoi(t + i);
      cut = i;
      break;
    }
  if (doc->organ || cut == 0) return GK_OK;
  char *o = gk_arena_strndup(scratch, t, cut);
  char *c = o ? gk_text_clean(scratch, o) : NULL;
  if (!c) return GK_ENOMEM;
  /* Trailing 关于 / spaces are not part of the organ. */
  size_t l = strlen(c);
  if (l >= 6 && strcmp(c + l - 6, "关于") == 0) c[l - 6] = '\0';
  if (!*c) return GK_OK;
  doc->organ = gk_arena_strdup(doc->arena, c);
  return doc->organ ? GK_OK : GK_ENOMEM;
}

/* The narrative's first 20xx年 (or 20xx 年). */
static void year_from_text(gk_doc *doc) {
  for (size_t b = 0; b < doc->nblocks && !doc->year; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind != GK_BLOCK_PARAGRAPH) continue;
    for (const char *p = blk->text; *p; p++)
      if (p[0] == '2' && p[1] == '0' && four_digits(p) &&
          (strncmp(p + 4, "年", 3) == 0 || strncmp(p + 4, " 年", 4) == 0)) {
        doc->year = atoi(p);
        break;
      }
  }
}

int gk_narr_find_title(gk_doc *doc, gk_arena *scratch) {
  size_t limit = doc->preamble_end < GK_NARR_TITLE_SCAN_BLOCKS ? doc->preamble_end
                                                                : GK_NARR_TITLE_SCAN_BLOCKS;
  if (limit == 0 && doc->nblocks)
    limit = doc->nblocks < GK_NARR_TITLE_SCAN_BLOCKS ? doc->nblocks : GK_NARR_TITLE_SCAN_BLOCKS;
  gk_arena_pos at = gk_arena_mark(scratch);
  int rc = find_title(doc, scratch, limit);
  if (!rc) rc = find_organ_line(doc, limit);
  if (!rc && doc->title) rc = organ_year_from_title(doc, scratch);
  gk_arena_release(scratch, at);
  if (!rc && !doc->year) year_from_text(doc);
  return rc;
}
