/* narrative_parts.c: the six part headings and the blocks each part spans. */
#include "narrative_parts.h"

#include <string.h>

#include "../core/doc.h"
#include "../core/lex.h"
#include "textfix.h"

typedef struct {
  size_t block;
  int part;
  double score;
} cand;

/* The headings' wordings as keys, computed once per process (they are constants). */
static gk_variants part_keys[GK_NPARTS];
static int part_keys_ready;

static int load_part_keys(gk_arena *scratch) {
  if (part_keys_ready) return GK_OK;
  gk_arena_pos at = gk_arena_mark(scratch);
  for (int p = 0; p < GK_NPARTS; p++)
    if (gk_text_variants_load(scratch, gk_lex_part_variants(p + 1), &part_keys[p])) return GK_ENOMEM;
  gk_arena_release(scratch, at);
  part_keys_ready = 1;
  return GK_OK;
}

double gk_narr_part_sim(int p, const char *key) {
  if (p < 1 || p > GK_NPARTS || !part_keys_ready) return 0.0;
  uint32_t kb[GK_KEY_MAX];
  return gk_text_variants_sim(&part_keys[p - 1], kb, gk_text_cps(key, kb, GK_KEY_MAX), 0.0);
}

/* Cheap pre-test on the raw text: a part heading starts, after white space, with an
 * ASCII digit or a CJK numeral (U+4E00–U+5FFF lead bytes E4 and E5), or with a
 * Kangxi radical standing for one (U+2F00–U+2FD5, lead bytes E2 BC-BF). */
static int may_be_heading(const char *text) {
  const unsigned char *q = (const unsigned char *)text;
  while (*q == ' ' || *q == '\t' || *q == '\f' || *q == '\v' || *q == '\r' ||
         (q[0] == 0xE3 && q[1] == 0x80 && q[2] == 0x80))
    q += *q == 0xE3 ? 3 : 1;
  while (*q == '#') q++; /* a Markdown heading: ## 三、… */
  while (*q == ' ') q++;
  return (*q >= '1' && *q <= '9') || q[0] == 0xE4 || q[0] == 0xE5 ||
         (q[0] == 0xE2 && q[1] >= 0xBC && q[1] <= 0xBF);
}

/* Adds block b's candidacies: the part its numeral names first; the others only
 * when that one does not fit. Temporaries in scratch. */
static int add_candidates(gk_doc *doc, gk_arena *scratch, size_t b, cand **cands, size_t *ncand,
                          size_t *capcand, gk_arena *store) {
  char *t = gk_text_clean(scratch, doc->blocks[b].text);
  if (!t) return GK_ENOMEM;
  /* Markdown's heading marks (## 三、…) are no part of the heading's text. */
  while (*t == '#') t++;
  while (*t == ' ') t++;
  size_t after;
  int num = gk_lex_part_numeral(t, &after);
  if (!num) return GK_OK;
  char *key = gk_text_key(scratch, t + after);
  if (!key) return GK_ENOMEM;
  double own = num <= GK_NPARTS ? gk_narr_part_sim(num, key) : 0;
  for (int p = 1; p <= GK_NPARTS; p++) {
    if (p != num && own >= GK_NARR_PART_SIM_OWN) continue;
    double s = p == num ? own : gk_narr_part_sim(p, key);
    if (!((num == p && s >= GK_NARR_PART_SIM_OWN) || s >= GK_NARR_PART_SIM_OTHER)) continue;
    cand *c = gk_arena_grow(store, *cands, *ncand, capcand, sizeof *c);
    if (!c) return GK_ENOMEM;
    *cands = c;
    (*cands)[(*ncand)++] = (cand){b, p, s + (num == p ? GK_NARR_PART_OWN_BONUS : 0.0)};
  }
  return GK_OK;
}

int gk_narr_find_headings(gk_doc *doc, gk_arena *scratch) {
  if (load_part_keys(scratch)) return GK_ENOMEM;
  /* The candidate list grows while each block's texts are released after it, so
     it has an arena of its own, freed on return. */
  gk_arena *store = gk_arena_new();
  if (!store) return GK_ENOMEM;
  int rc = GK_OK;
  cand *cands = NULL;
  size_t ncand = 0, capcand = 0;
  for (size_t b = 0; b < doc->nblocks && rc == GK_OK; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind != GK_BLOCK_PARAGRAPH || strlen(blk->text) > GK_NARR_HEADING_MAX_BYTES) continue;
    if (!may_be_heading(blk->text)) continue;
    gk_arena_pos at = gk_arena_mark(scratch);
    rc = add_candidates(doc, scratch, b, &cands, &ncand, &capcand, store);
    gk_arena_release(scratch, at);
  }
  if (rc) goto fail;
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
    /* The title is a result: the doc's arena. */
    sec->title = gk_text_clean(doc->arena, doc->blocks[heading[p - 1]].text);
    if (!sec->title) {
      rc = GK_ENOMEM;
      goto fail;
    }
    while (*sec->title == '#') sec->title++; /* Markdown's marks, not the title */
    while (*sec->title == ' ') sec->title++;
    sec->first_block = heading[p - 1] + 1;
    sec->end_block = end;
    if (heading[p - 1] < doc->preamble_end) doc->preamble_end = heading[p - 1];
  }
fail:
  gk_arena_free(store);
  return rc;
}
