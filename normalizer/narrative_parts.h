/* narrative_parts.h: the six part headings and the blocks each part spans. */
#ifndef GK_NARRATIVE_PARTS_H
#define GK_NARRATIVE_PARTS_H

#include "../core/arena.h"

struct gk_doc;

/* A paragraph longer than this (bytes) is prose, never a part heading. */
#define GK_NARR_HEADING_MAX_BYTES 160
/* Similarity a heading needs to the wordings of the part its numeral names. */
#define GK_NARR_PART_SIM_OWN 0.7
/* Similarity a heading needs to another part's wordings (a misnumbered heading must
 * match almost exactly). */
#define GK_NARR_PART_SIM_OTHER 0.85
/* Score bonus of a heading whose numeral names the part, over a misnumbered one. */
#define GK_NARR_PART_OWN_BONUS 0.1

/** Best similarity of a heading's key (gk_text_key, numeral removed) to part p's
 *  wordings (gk_lex_part_variants), in [0, 1]; 0 for p out of range. */
double gk_narr_part_sim(int p, const char *key);

/** Finds the part headings and fills doc->parts (title, block range) and
 *  doc->preamble_end. Temporaries go to `scratch`, which is released before the
 *  return; titles are copied into the doc's arena. Returns GK_OK or GK_ENOMEM. */
int gk_narr_find_headings(struct gk_doc *doc, gk_arena *scratch);

#endif
