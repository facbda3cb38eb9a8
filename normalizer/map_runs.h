/* map_runs.h: tables whose cells ran together when a crawler flattened the page
 * (textContent, get_text() without a separator): the whole body on one line, each
 * row's label followed by the digits of all its cells with nothing between them
 * (`规章3127行政规范性文件14596…`). Private to the map_*.c files.
 *
 * The paragraphs' text is cut into digit runs and the text between them. A run
 * belongs to the template row whose label ends the text before it; rows are found
 * in template order (one alignment over t2, t3 and t4, so a label of the narrative
 * or of a column header cannot take a row's run). Each table's runs are then split
 * into cells by normalizer/digitrun under the table's rules (t3 jointly, t4's
 * fifteen cells as one run, t2 row by row since it has no arithmetic). Cells that
 * every satisfying reading gives the same value are stored; the others are
 * GK_VAL_AMBIGUOUS with their candidates (the checker's value.ambiguous). */
#ifndef GK_MAP_RUNS_H
#define GK_MAP_RUNS_H

#include "../core/arena.h"
#include "../core/schema.h"

struct gk_doc;

/* Bytes of paragraph text read for run-together tables: many times a report's
 * body (under 100 KB), so a larger text is no flattened report and is not read. */
#define GK_RUNS_MAX_TEXT (2u << 20)

/** Reads the tables that gk_map_tables found nowhere (no row of theirs) from
 *  run-together digits in the doc's paragraphs, when their rows' labels are there.
 *  `forced` is the schema the user named, or NULL: then a text whose markers name
 *  another generation than the one the mapper took switches the doc to it (no
 *  table was read by then). Scratch memory in `tmp` is released before it returns.
 *  Returns GK_OK (also when nothing was found) or GK_ENOMEM. */
int gk_map_runs(struct gk_doc *doc, const gk_schema *forced, gk_arena *tmp);

#endif
