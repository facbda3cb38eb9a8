/* narrative_claims.c: the figures the narrative states (applications received,
 * carried over, reviews, suits), for the text.mismatch rule. */
#include "narrative.h"

#include <stdlib.h>
#include <string.h>

#include "../core/doc.h"
#include "../core/utf8.h"
#include "textfix.h"

/* Bytes after 上年结转 / 公开申请 in which its count must follow (结转 2 件). */
#define CLAIM_WINDOW_NEAR 24
/* Bytes after 结转下年 / 行政复议 / 行政诉讼 in which the count must follow: these
 * words start a longer phrase (结转下年度继续办理 3 件). */
#define CLAIM_WINDOW_FAR 40
/* Bytes of a clause quoted in a claim's excerpt; a run-on sentence is cut there. */
#define CLAIM_EXCERPT_MAX_BYTES 150


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

/* The clause's claim, if it states one. The excerpt is a temporary in scratch;
 * gk_doc_add_claim copies it. */
static int scan_clause(gk_doc *doc, gk_arena *scratch, const char *cl, int line) {
  if (has_any(cl, excluded)) return GK_OK;
  /* Messages quote the clause; a run-on sentence is quoted in part. */
  const char *ex = cl;
  if (strlen(cl) > CLAIM_EXCERPT_MAX_BYTES) {
    char *c = gk_arena_strndup(scratch, cl, CLAIM_EXCERPT_MAX_BYTES);
    if (!c) return GK_ENOMEM;
    gk_utf8_trim(c);
    ex = c;
  }
  const char *k;
  long long v;
  int rc = GK_OK;
  if ((k = strstr(cl, "上年结转")) && number_after(k + strlen("上年结转"), CLAIM_WINDOW_NEAR, &v))
    return gk_doc_add_claim(doc, GK_CLAIM_CARRIED_IN, v, ex, line);
  if (((k = strstr(cl, "结转下年")) || (k = strstr(cl, "结转至下年")) || (k = strstr(cl, "转入下年"))) &&
      number_after(k, CLAIM_WINDOW_FAR, &v))
    return gk_doc_add_claim(doc, GK_CLAIM_CARRIED_OUT, v, ex, line);
  int review = strstr(cl, "行政复议") != NULL, suit = strstr(cl, "行政诉讼") != NULL;
  if (review != suit) {
    k = strstr(cl, review ? "行政复议" : "行政诉讼");
    if (number_after(k, CLAIM_WINDOW_FAR, &v))
      return gk_doc_add_claim(doc, review ? GK_CLAIM_REVIEW : GK_CLAIM_SUIT, v, ex, line);
    return GK_OK;
  }
  if (review || strstr(cl, "结转")) return GK_OK;
  if ((strstr(cl, "收到") || strstr(cl, "新收") || strstr(cl, "受理")) &&
      (k = strstr(cl, "公开申请")) && number_after(k + strlen("公开申请"), CLAIM_WINDOW_NEAR, &v))
    rc = gk_doc_add_claim(doc, GK_CLAIM_NEW, v, ex, line);
  return rc;
}

static int scan_paragraph(gk_doc *doc, gk_arena *a, const char *text, int line) {
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
    /* One clause at a time: a run-on paragraph does not pile up copies. */
    gk_arena_pos at = gk_arena_mark(a);
    char *cl = gk_arena_strndup(a, p, (size_t)(end - p));
    int rc = cl ? scan_clause(doc, a, cl, line) : GK_ENOMEM;
    gk_arena_release(a, at);
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
  /* Each paragraph's cleaned copy and clauses are temporaries of one scratch arena,
     released after the paragraph: only the claims (copied) stay. */
  gk_arena *scratch = gk_arena_new();
  if (!scratch) return GK_ENOMEM;
  int rc = GK_OK;
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
    gk_arena_pos at = gk_arena_mark(scratch);
    rc = scan_paragraph(doc, scratch, doc->blocks[b].text, doc->blocks[b].line);
    gk_arena_release(scratch, at);
    if (rc) break;
  }
  gk_arena_free(scratch);
  return rc;
}
