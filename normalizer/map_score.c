/* map_score.c: how well a row's label keys fit a template row's wordings. */
#include "map_score.h"

#include <string.h>

double gk_map_key_sim(const gk_variants *v, const gk_keyref *k, double floor) {
  return gk_text_variants_sim(v, k->cp, k->n, floor);
}

static int same_key(const gk_keyref *a, const gk_keyref *b) {
  return a->n == b->n && (a->cp == b->cp || memcmp(a->cp, b->cp, a->n * sizeof a->cp[0]) == 0);
}

double gk_map_row_score(const gk_variants *v, const gk_rowkeys *r) {
  /* Cheapest first: the leaf label decides nearly every row on its own. */
  double s = gk_map_key_sim(v, &r->leaf, GK_MAP_SIM_FLOOR);
  if (s >= GK_MAP_SIM_LEAF_SURE) return s;
  const gk_keyref *more[] = {&r->own, &r->tail_own, &r->tail2_own, &r->next_own, &r->centred};
  for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
    /* A key equal to the one before it scores the same. */
    if (more[i]->n == 0 || (i > 0 && same_key(more[i], more[i - 1]))) continue;
    double t = gk_map_key_sim(v, more[i], s > GK_MAP_SIM_FLOOR ? s : GK_MAP_SIM_FLOOR);
    if (t > s) s = t;
  }
  if (s >= GK_MAP_SIM_OWN_SURE || r->full.n == r->tail_own.n) return s;
  double t = GK_MAP_FULL_WEIGHT *
             gk_map_key_sim(v, &r->full, (s > GK_MAP_SIM_FLOOR ? s : GK_MAP_SIM_FLOOR) / GK_MAP_FULL_WEIGHT);
  return t > s ? t : s;
}
