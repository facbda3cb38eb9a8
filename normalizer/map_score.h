/* map_score.h: how well a row's label keys fit a template row's wordings, and the
 * thresholds the mapper decides by. Scores are Dice similarities (gk_text_sim) in
 * [0, 1] of label keys (gk_text_key). */
#ifndef GK_MAP_SCORE_H
#define GK_MAP_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "textfix.h"

/* A label key fixed in an arena: code points and their count. */
typedef struct gk_keyref {
  const uint32_t *cp;
  size_t n;
} gk_keyref;

/* The label keys of one data row, cheapest and likeliest first (see map_keys.h). */
typedef struct gk_rowkeys {
  gk_keyref leaf, own, tail_own, tail2_own, next_own, centred, full;
} gk_rowkeys;

/* Scores under this never match anything, so nothing below it is worth computing. */
#define GK_MAP_SIM_FLOOR 0.5
/* A leaf label this close decides the row alone: the longer keys are not tried. */
#define GK_MAP_SIM_LEAF_SURE 0.95
/* A row key this close is not bettered by the whole pending text (the full key). */
#define GK_MAP_SIM_OWN_SURE 0.9
/* Weight of the full key (every fragment pending since the last data row): it may
 * hold a header or a group label, so it counts for less than the row's own keys. */
#define GK_MAP_FULL_WEIGHT 0.9
/* The next template row is taken at once when its label fits this well (rows come
 * in template order); otherwise every row is scored. */
#define GK_MAP_SIM_NEXT_ROW 0.9
/* The least score that matches a data row to a template row; a labelled row below
 * the current one that scores this for another template row is a row of its own,
 * not the rest of a wrapped label. */
#define GK_MAP_SIM_MATCH 0.6
/* Score added to template rows after the last matched one: template order breaks
 * near-ties. */
#define GK_MAP_ORDER_BONUS 0.02
/* A row of blanks only (no numbers) counts when its label fits at least this well. */
#define GK_MAP_SIM_BLANK_ROW 0.8
/* A label standing alone without values (a PDF prints no cells for a row of blanks)
 * makes a row of blanks only when it is the row's own nearly to the letter. */
#define GK_MAP_SIM_ORPHAN 0.9
/* t4: a row's leaf label fits a kind of case (the labelled layout) this well. */
#define GK_MAP_SIM_T4_LABEL 0.8

/* A floor just under a threshold for gk_text_variants_sim, which skips wordings
 * whose bound is at or below the floor: a wording that can reach the threshold
 * exactly must still be computed, as the tests are `>=`. */
#define GK_MAP_BELOW(th) ((th) - 0.01)

/** Similarity of a key to a template row's wordings; wordings that cannot beat
 *  `floor` are skipped (the result is then at most floor). */
double gk_map_key_sim(const gk_variants *v, const gk_keyref *k, double floor);

/** The best score of a row's keys against one template row: the leaf first, then
 *  the row's own and wrapped keys, then the full key weighed by GK_MAP_FULL_WEIGHT.
 *  Returns a score in [0, 1]; scores under GK_MAP_SIM_FLOOR are not exact. */
double gk_map_row_score(const gk_variants *v, const gk_rowkeys *r);

#endif
