/* narrative.c: the report's parts, title, organ, year, and the text of its prose
 * parts. The headings are found in narrative_parts.c, the title, organ and year in
 * narrative_title.c, the figures the prose states in narrative_claims.c. */
#include "narrative.h"

#include <string.h>

#include "../core/doc.h"
#include "../core/lex.h"
#include "narrative_parts.h"
#include "narrative_title.h"
#include "textfix.h"

const char *gk_narr_part_title(int p) { return gk_lex_part_title(p); }

int gk_narr_find_parts(gk_doc *doc) {
  /* One scratch arena for the cleaned copies and keys of every paragraph looked at;
     only the titles, organ and year are kept, in the doc's arena. */
  gk_arena *scratch = gk_arena_new();
  if (!scratch) return GK_ENOMEM;
  int rc = gk_narr_find_headings(doc, scratch);
  if (!rc) rc = gk_narr_find_title(doc, scratch);
  gk_arena_free(scratch);
  return rc;
}

const char *gk_narr_section_text(gk_doc *doc, int p) {
  /* Assembled on demand: only the JSON writer shows the prose. */
  if (p < 1 || p > GK_NPARTS || p == 2 || p == 3 || p == 4) return NULL;
  gk_section *sec = &doc->parts[p - 1];
  if (!sec->title || sec->text) return sec->text;
  gk_arena *a = doc->arena;
  gk_arena *scratch = gk_arena_new();
  if (!scratch) return NULL;
  size_t total = 0;
  for (size_t b = sec->first_block; b < sec->end_block; b++)
    if (doc->blocks[b].kind == GK_BLOCK_PARAGRAPH) total += strlen(doc->blocks[b].text) + 1;
  char *txt = gk_arena_alloc(a, total + 1);
  if (!txt) goto fail;
  size_t o = 0;
  for (size_t b = sec->first_block; b < sec->end_block; b++) {
    if (doc->blocks[b].kind != GK_BLOCK_PARAGRAPH) continue;
    /* The cleaned copy is a temporary: released once copied into the text. */
    gk_arena_pos at = gk_arena_mark(scratch);
    char *c = gk_text_clean(scratch, doc->blocks[b].text);
    if (!c) goto fail;
    if (*c && !gk_lex_is_page_marker(c)) {
      size_t l = strlen(c);
      if (o) txt[o++] = '\n';
      memcpy(txt + o, c, l);
      o += l;
    }
    gk_arena_release(scratch, at);
  }
  txt[o] = '\0';
  sec->text = txt;
  gk_arena_free(scratch);
  return txt;
fail:
  gk_arena_free(scratch);
  return NULL;
}

