/* crossyear.c: corpus.carry and corpus.in_force over the records of one run.
 *
 * Rule-table notes (for moving these into core/schema.c + core/check.c): a row of
 * either rule needs what a one-document row has (id, severity GK_SEV_WARNING, the
 * cell it reports, the arithmetic as terms of cell addresses) plus
 *   - a scope "pair": its terms are read from two documents, each term tagged with
 *     the year it reads, y (the earlier) or y+1 (the later);
 *   - a pairing key: same organ key (gk_xyear_organ_key) and years y, y+1;
 *   - a template condition over both documents: corpus.carry any/any (t3 is the
 *     same in both generations), corpus.in_force xxgk-2021/xxgk-2021 or
 *     xxgk-2019/xxgk-2019, never mixed;
 *   - the target: the failure goes into the later document's checks, and the
 *     message names both sources;
 *   - the null policy: a blank term counts as 0 (the document already reports
 *     value.blank); an absent, decimal, invalid or ambiguous term skips the pair.
 * The rows are then: carry: t3.carried_out.total@y = t3.carried_in.total@y+1,
 * reported at t3.carried_in.total; in_force (2021), for r in rules, normative:
 * t2.r.in_force@y+1 = t2.r.in_force@y + t2.r.issued@y+1 - t2.r.repealed@y+1,
 * reported at t2.r.in_force; in_force (2019), for r in licensing, other_services,
 * penalty, coercion, fees: t2.r.prev_items@y+1 = t2.r.prev_items@y + t2.r.change@y,
 * reported at t2.r.prev_items. */
#include "crossyear.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Indexes into the list below. */
enum {
  C_CARRIED_IN,
  C_CARRIED_OUT,
  C_2021, /* rules issued, repealed, in_force; normative the same */
  C_2019 = C_2021 + 6, /* prev_items, change for each 2019 row */
};

static const char *const rows_2021[] = {"rules", "normative"};
static const char *const rows_2019[] = {"licensing", "other_services", "penalty", "coercion",
                                        "fees"};
#define N2021 (sizeof rows_2021 / sizeof *rows_2021)
#define N2019 (sizeof rows_2019 / sizeof *rows_2019)

const char *const gk_xyear_cells[] = {
    "t3.carried_in.total",
    "t3.carried_out.total",
    "t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force",
    "t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force",
    "t2.licensing.prev_items", "t2.licensing.change",
    "t2.other_services.prev_items", "t2.other_services.change",
    "t2.penalty.prev_items", "t2.penalty.change",
    "t2.coercion.prev_items", "t2.coercion.change",
    "t2.fees.prev_items", "t2.fees.change",
    NULL,
};

/* Whether the bytes at p start with the UTF-8 string s. */
static int starts(const char *p, const char *s) { return strncmp(p, s, strlen(s)) == 0; }

char *gk_xyear_organ_key(const char *organ) {
  if (!organ) return NULL;
  /* A crawler's label (标题：…, 发布机构:…) ends at its colon: the organ follows. */
  const char *s = organ;
  for (const char *p = organ; *p; p++) {
    if (*p == ':') s = p + 1;
    else if (starts(p, "：")) s = p + strlen("：");
  }
  char *key = malloc(strlen(s) + 1);
  if (!key) return NULL;
  size_t n = 0;
  while (*s) {
    unsigned char c = (unsigned char)*s;
    /* Spaces (ASCII, no-break, ideographic) and markup marks are no part of a name. */
    if (c < 0x80 && (c <= ' ' || strchr("#*>_|[]()\"'", c))) {
      s++;
      continue;
    }
    if (starts(s, "\xc2\xa0") || starts(s, "\xe3\x80\x80")) {
      s += starts(s, "\xc2\xa0") ? 2 : 3;
      continue;
    }
    /* 人民政府 and 政府 name the same organ. */
    if (starts(s, "人民政府")) {
      s += strlen("人民");
      continue;
    }
    key[n++] = *s++;
  }
  key[n] = '\0';
  if (n == 0) {
    free(key);
    return NULL;
  }
  return key;
}

/* A term of the arithmetic: blank counts as 0; absent or not an integer spoils it. */
static int term(const gk_rcell *c, long long *v) {
  if (c->state == GK_RC_INT) *v = c->v;
  else if (c->state == GK_RC_BLANK) *v = 0;
  else return 0;
  return 1;
}

static int usable(const gk_record *r) {
  return (r->status == GK_ST_OK || r->status == GK_ST_FAILED_CHECKS) && r->schema && r->year > 0;
}

typedef struct {
  char *key;
  size_t i;
} entry;

static gk_record *sorted_base;

static int by_key_year(const void *a, const void *b) {
  const entry *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (c) return c;
  int ya = sorted_base[x->i].year, yb = sorted_base[y->i].year;
  if (ya != yb) return ya < yb ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

static int report(gk_record *later, const char *table, const char *row, const char *col,
                  const char *id, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int report(gk_record *later, const char *table, const char *row, const char *col,
                  const char *id, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return gk_record_add_check(later, id, GK_SEV_WARNING, table, row, col, msg);
}

/* Both rules over one pair: `a` of year y, `b` of year y+1. */
static int compare(const gk_record *a, gk_record *b) {
  long long x, y, z, w;
  int rc;
  /* corpus.carry: what y carried out is what y+1 carried in. */
  if (term(&a->cells[C_CARRIED_OUT], &x) && term(&b->cells[C_CARRIED_IN], &y) && x != y) {
    rc = report(b, "t3", "carried_in", "total", "corpus.carry",
                "carried_in.total of %d is %lld (%s), but carried_out.total of %d is %lld (%s)",
                b->year, y, b->source, a->year, x, a->source);
    if (rc) return rc;
  }
  /* corpus.in_force, never across the template change. */
  if (strcmp(a->schema, b->schema) != 0) return GK_OK;
  if (strcmp(b->schema, "xxgk-2021") == 0) {
    for (size_t r = 0; r < N2021; r++) {
      const gk_rcell *ia = &a->cells[C_2021 + 3 * r], *ib = &b->cells[C_2021 + 3 * r];
      if (!term(&ia[2], &x) || !term(&ib[0], &y) || !term(&ib[1], &z) || !term(&ib[2], &w))
        continue;
      if (w == x + y - z) continue;
      rc = report(b, "t2", rows_2021[r], "in_force", "corpus.in_force",
                  "%s.in_force of %d is %lld (%s), but in_force of %d %lld (%s) + issued %lld - "
                  "repealed %lld of %d = %lld",
                  rows_2021[r], b->year, w, b->source, a->year, x, a->source, y, z, b->year,
                  x + y - z);
      if (rc) return rc;
    }
  } else if (strcmp(b->schema, "xxgk-2019") == 0) {
    for (size_t r = 0; r < N2019; r++) {
      const gk_rcell *pa = &a->cells[C_2019 + 2 * r], *pb = &b->cells[C_2019 + 2 * r];
      if (!term(&pa[0], &x) || !term(&pa[1], &y) || !term(&pb[0], &z)) continue;
      if (z == x + y) continue;
      rc = report(b, "t2", rows_2019[r], "prev_items", "corpus.in_force",
                  "%s.prev_items of %d is %lld (%s), but prev_items %lld + change %lld of %d "
                  "(%s) = %lld",
                  rows_2019[r], b->year, z, b->source, x, y, a->year, a->source, x + y);
      if (rc) return rc;
    }
  }
  return GK_OK;
}

int gk_xyear_check(gk_record *recs, size_t n) {
  entry *e = malloc((n ? n : 1) * sizeof *e);
  if (!e) return GK_ENOMEM;
  size_t m = 0;
  int rc = GK_OK, pairs = 0;
  for (size_t i = 0; i < n; i++) {
    if (!usable(&recs[i])) continue;
    char *k = gk_xyear_organ_key(recs[i].organ);
    if (!k) continue;
    e[m].key = k;
    e[m++].i = i;
  }
  sorted_base = recs;
  qsort(e, m, sizeof *e, by_key_year);
  /* In each organ's run of years, every record of y+1 meets every record of y
   * (duplicates of one year, e.g. the HTML and the PDF of a report, each count). */
  for (size_t j = 0; j < m && rc == GK_OK; j++) {
    gk_record *b = &recs[e[j].i];
    for (size_t k = j; k-- > 0;) {
      if (strcmp(e[k].key, e[j].key) != 0) break;
      const gk_record *a = &recs[e[k].i];
      if (a->year == b->year) continue;
      if (a->year < b->year - 1) break;
      pairs++;
      rc = compare(a, b);
      if (rc) break;
    }
  }
  for (size_t j = 0; j < m; j++) free(e[j].key);
  free(e);
  return rc ? rc : pairs;
}
