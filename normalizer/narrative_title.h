/* narrative_title.h: the report's title, the organ that issues it, and its year. */
#ifndef GK_NARRATIVE_TITLE_H
#define GK_NARRATIVE_TITLE_H

#include "../core/arena.h"

struct gk_doc;

/* Blocks before part 一 (at most this many) in which the title is looked for. */
#define GK_NARR_TITLE_SCAN_BLOCKS 12
/* A paragraph longer than this (bytes) is prose that quotes the report's name, not
 * its title. */
#define GK_NARR_TITLE_MAX_BYTES 150
/* A line above the title longer than this (bytes) is no organ name of its own. */
#define GK_NARR_ORGAN_LINE_MAX_BYTES 60

/** Sets doc->title, doc->organ and doc->year from the paragraphs before part 一 (and
 *  the narrative's first 20xx年 for the year). Call after the headings are found.
 *  Temporaries go to `scratch` and are released; results are copied into the doc's
 *  arena. Returns GK_OK or GK_ENOMEM. */
int gk_narr_find_title(struct gk_doc *doc, gk_arena *scratch);

#endif
