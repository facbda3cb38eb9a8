/* index.c: the corpus index of review pages: which rules fail how often (counts and
 * a bar chart), and every document with its verdict, linked to its page. */
#include "index.h"

#include <stdlib.h>
#include <string.h>

#include "../core/write_fmt.h"

/* Bars shown in the chart at most; the table above it lists every rule. */
#define GK_INDEX_MAX_BARS 40
/* Chart geometry (pixels): a bar's height and the width of the longest bar. */
#define GK_INDEX_BAR_H 18
#define GK_INDEX_BAR_W 420

typedef struct rule_count {
  const char *id;
  size_t failures, docs;
  int error; /* a failure of it had error severity */
} rule_count;

static int cmp_count(const void *a, const void *b) {
  const rule_count *x = a, *y = b;
  if (x->failures != y->failures) return x->failures > y->failures ? -1 : 1;
  return strcmp(x->id, y->id);
}

/* A column can be sorted by clicking its header; numbers as numbers. The page reads
 * the same without it (input order). */
static const char sort_script[] =
    "document.querySelectorAll('table.docs th').forEach(function(th,i){"
    "th.addEventListener('click',function(){var tb=th.closest('table').tBodies[0];"
    "var rows=Array.from(tb.rows),d=th.dataset.dir==='a'?-1:1;th.dataset.dir=d>0?'a':'d';"
    "rows.sort(function(a,b){var x=a.cells[i].dataset.key||a.cells[i].textContent,"
    "y=b.cells[i].dataset.key||b.cells[i].textContent,nx=parseFloat(x),ny=parseFloat(y);"
    "if(!isNaN(nx)&&!isNaN(ny))return (nx-ny)*d;return x.localeCompare(y,'zh')*d;});"
    "rows.forEach(function(r){tb.appendChild(r);});});});";

static const char css[] =
    "body{font:14px/1.45 \"Noto Sans CJK SC\",sans-serif;margin:16px 24px;color:#222}"
    "h1{font-size:20px}h2{font-size:16px;margin-top:20px}"
    "table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #bbb;padding:2px 8px}"
    "th{background:#f3f3f3}table.docs th{cursor:pointer}td.n{text-align:right}"
    ".ok{color:#176b2c}.failed_checks{color:#b00020}.unreadable,.timeout,.crashed{color:#7a4b00}"
    "code{font-size:12px}";

int gk_index_write(const gk_record *recs, char *const *pages, size_t n, FILE *f) {
  rule_count *rc = NULL;
  size_t nr = 0, cap = 0;
  size_t by_status[GK_ST_CRASHED + 1] = {0};
  for (size_t i = 0; i < n; i++) {
    const gk_record *r = &recs[i];
    by_status[r->status]++;
    for (size_t k = 0; k < r->nchecks; k++) {
      size_t j = 0;
      while (j < nr && strcmp(rc[j].id, r->checks[k].id) != 0) j++;
      if (j == nr) {
        if (nr == cap) {
          rule_count *m = realloc(rc, (cap = cap ? cap * 2 : 32) * sizeof *rc);
          if (!m) return free(rc), GK_ENOMEM;
          rc = m;
        }
        rc[nr++] = (rule_count){r->checks[k].id, 0, 0, 0};
      }
      rc[j].failures++;
      if (r->checks[k].severity == GK_SEV_ERROR) rc[j].error = 1;
      /* A document counts once per rule: its first failure of it. */
      size_t first = 0;
      while (first < k && strcmp(r->checks[first].id, r->checks[k].id) != 0) first++;
      if (first == k) rc[j].docs++;
    }
  }
  if (nr) qsort(rc, nr, sizeof *rc, cmp_count);
  fprintf(f, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<title>gktab review: %zu documents</title>\n<style>%s</style>\n</head>\n<body>\n",
          n, css);
  fprintf(f, "<h1>gktab review: %zu documents</h1>\n<p>", n);
  for (int s = 0; s <= GK_ST_CRASHED; s++)
    if (by_status[s])
      fprintf(f, "<span class=\"%s\">%s %zu</span> ", gk_status_name((gk_status)s),
              gk_status_name((gk_status)s), by_status[s]);
  fputs("</p>\n<h2>failures per rule</h2>\n", f);
  if (nr == 0) {
    fputs("<p>no check failed</p>\n", f);
  } else {
    fputs("<table class=\"rules\"><thead><tr><th>rule</th><th>severity</th><th>failures</th>"
          "<th>documents</th></tr></thead><tbody>\n",
          f);
    for (size_t j = 0; j < nr; j++) {
      fputs("<tr><td><code>", f);
      gk_write_html_text(f, rc[j].id);
      fprintf(f, "</code></td><td>%s</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
              rc[j].error ? "error" : "warning", rc[j].failures, rc[j].docs);
    }
    fputs("</tbody></table>\n", f);
    /* The chart: one bar per rule, longest first, length by failures. */
    size_t bars = nr < GK_INDEX_MAX_BARS ? nr : GK_INDEX_MAX_BARS;
    int label_w = 170, h = (int)bars * (GK_INDEX_BAR_H + 4) + 4;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
               "aria-label=\"failures per rule\" font-size=\"12\" font-family=\"monospace\">\n",
            label_w + GK_INDEX_BAR_W + 60, h);
    for (size_t j = 0; j < bars; j++) {
      int y = 4 + (int)j * (GK_INDEX_BAR_H + 4);
      int w = (int)((double)rc[j].failures / (double)rc[0].failures * GK_INDEX_BAR_W + 0.5);
      if (w < 1) w = 1;
      fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 6, y + GK_INDEX_BAR_H - 5);
      gk_write_html_text(f, rc[j].id);
      fprintf(f, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                 "<text x=\"%d\" y=\"%d\">%zu</text>\n",
              label_w, y, w, GK_INDEX_BAR_H, rc[j].error ? "#c0392b" : "#e59400", label_w + w + 4,
              y + GK_INDEX_BAR_H - 5, rc[j].failures);
    }
    fputs("</svg>\n", f);
    if (bars < nr) fprintf(f, "<p>the chart shows the %zu most frequent of %zu rules</p>\n", bars, nr);
  }
  fputs("<h2>documents</h2>\n<table class=\"docs\"><thead><tr><th>#</th><th>organ</th><th>year</th>"
        "<th>kind</th><th>verdict</th><th>failing rules</th><th>source</th></tr></thead><tbody>\n",
        f);
  for (size_t i = 0; i < n; i++) {
    const gk_record *r = &recs[i];
    fprintf(f, "<tr><td class=\"n\">%zu</td><td>", i + 1);
    gk_write_html_text(f, r->organ ? r->organ : "");
    if (r->year) fprintf(f, "</td><td class=\"n\">%d</td><td>", r->year);
    else fputs("</td><td></td><td>", f);
    gk_write_html_text(f, r->format ? r->format : "");
    fprintf(f, "</td><td class=\"%s\">%s", gk_status_name(r->status), gk_status_name(r->status));
    if (r->error) {
      fputs(": ", f);
      gk_write_html_text(f, r->error);
    }
    fputs("</td><td>", f);
    /* The failing rule ids, each once. */
    for (size_t k = 0; k < r->nchecks; k++) {
      size_t first = 0;
      while (first < k && strcmp(r->checks[first].id, r->checks[k].id) != 0) first++;
      if (first != k) continue;
      fputs(k ? " <code>" : "<code>", f);
      gk_write_html_text(f, r->checks[k].id);
      fputs("</code>", f);
    }
    fputs("</td><td>", f);
    if (pages && pages[i]) {
      fputs("<a href=\"", f);
      /* A file name of safe bytes (corpus.c): only the quote-free escaping needed. */
      gk_write_html_text(f, pages[i]);
      fputs("\">", f);
      gk_write_html_text(f, r->source);
      fputs("</a>", f);
    } else {
      gk_write_html_text(f, r->source);
    }
    fputs("</td></tr>\n", f);
  }
  fprintf(f, "</tbody></table>\n<script>%s</script>\n</body>\n</html>\n", sort_script);
  free(rc);
  return ferror(f) ? GK_EIO : GK_OK;
}
