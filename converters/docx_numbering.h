/* docx_numbering.h: Word's automatic numbering (一、 （一） 1.) rebuilt from
 * numbering.xml and styles.xml, so a numbered paragraph's text starts with the label
 * the reader sees. Private to the DOCX converter. */
#ifndef GK_DOCX_NUMBERING_H
#define GK_DOCX_NUMBERING_H

#include <stddef.h>

#include "../core/strbuf.h"
#include "docx_xml.h"

struct gk_doc;
struct gk_docx_zip;

/* List levels of one list (w:ilvl 0..8), as WordprocessingML defines them. */
#define GK_DOCX_NUM_LEVELS 9
/* Bytes kept of a level's w:lvlText and w:pStyle, and of a style's ids: Word's own
 * are a few characters; longer ones are cut. */
#define GK_DOCX_NUM_TEXT 64
/* Most w:basedOn links followed from a paragraph's style to find its numbering (a
 * loop of styles ends there). */
#define GK_DOCX_MAX_STYLE_HOPS 16
/* Highest value a list counter reaches; more paragraphs keep that label (no report
 * has a list anywhere near as long, and the counter cannot overflow). */
#define GK_DOCX_MAX_COUNTER 1000000

typedef struct {
  int start, fmt, suff, restart, islgl, has;
  char text[GK_DOCX_NUM_TEXT];
  char pstyle[GK_DOCX_NUM_TEXT];
} gk_docx_lvl;

/* A w:abstractNum: the level definitions and the counters its nums share. */
typedef struct {
  int id;
  gk_docx_lvl lv[GK_DOCX_NUM_LEVELS];
  int cnt[GK_DOCX_NUM_LEVELS], set[GK_DOCX_NUM_LEVELS];
} gk_docx_abs;

/* A w:num: an abstract list with start and level overrides. */
typedef struct {
  int id, abs; /* abs: index into abstracts, or -1 */
  int has_start[GK_DOCX_NUM_LEVELS], start[GK_DOCX_NUM_LEVELS];
  int has_lvl[GK_DOCX_NUM_LEVELS];
  gk_docx_lvl lv[GK_DOCX_NUM_LEVELS];
  int used;
} gk_docx_num;

/* A paragraph style's numbering. */
typedef struct {
  char id[GK_DOCX_NUM_TEXT], based_on[GK_DOCX_NUM_TEXT];
  int num_id, ilvl; /* -1 when not set */
  int is_default;
} gk_docx_style;

/* The lists of one document and their counters (heap arrays). */
typedef struct {
  gk_docx_abs *abs;
  size_t nabs;
  gk_docx_num *nums;
  size_t nnums;
  gk_docx_style *styles;
  size_t nstyles;
} gk_docx_numbering;

/** Loads the lists of part `numbering` and, when it defines any, the paragraph
 *  styles of part `styles` (either part may be absent: no numbering). Returns GK_OK
 *  with *nb filled; or the status of reading or parsing a damaged part (after an
 *  error diagnostic on doc, none for GK_ENOMEM). The caller frees *nb with
 *  gk_docx_numbering_free() either way. */
int gk_docx_numbering_load(struct gk_doc *doc, struct gk_docx_zip *z, const char *numbering,
                           const char *styles, gk_docx_numbering *nb);

/** Frees the arrays of nb and leaves it empty. */
void gk_docx_numbering_free(gk_docx_numbering *nb);

/** Advances the counters for a paragraph with properties `ppr` (its own w:numPr,
 *  else its style's through w:basedOn) and appends its label to b, as Word draws it,
 *  with the tab or space after it. Appends nothing to an unnumbered paragraph or a
 *  bullet. An allocation failure sets b->oom. */
void gk_docx_numbering_label(gk_docx_numbering *nb, const gk_docx_node *ppr, gk_strbuf *b);

/** Appends counter value v in number format `fmt` (a w:numFmt value; NULL or an
 *  unknown one is decimal). For tests and for the label. */
void gk_docx_numbering_format(gk_strbuf *b, const char *fmt, int v);

#endif
