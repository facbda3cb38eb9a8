/* narrative.h: the report's parts, title, organ, year, and the figures its prose states. */
#ifndef GK_NARRATIVE_H
#define GK_NARRATIVE_H

struct gk_doc;

/** Finds the six part headings and fills doc->parts, the title, organ and year.
 *  Returns GK_OK or GK_ENOMEM. */
int gk_narr_find_parts(struct gk_doc *doc);

/** Collects the figures the narrative states (applications received, carried over,
 *  reviews, suits) into doc->claims for the text.mismatch rule. Returns GK_OK or GK_ENOMEM. */
int gk_narr_find_claims(struct gk_doc *doc);

/** The narrative text of part p (1, 5 or 6; NULL for the table parts 2–4 and for a
 *  part not found): its paragraphs cleaned, one per line. Built on first use and
 *  kept by the doc. NULL also when out of memory. */
const char *gk_narr_section_text(struct gk_doc *doc, int p);

/** The title of part p (1..6) in the national template, without its numeral. Static. */
const char *gk_narr_part_title(int p);

#endif
