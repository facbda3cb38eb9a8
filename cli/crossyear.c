/* crossyear.c: pairing the records of one run by organ and year for the corpus rules.
 * The rules themselves are rows of the template's rule table (gk_stable.pair_rules in
 * core/schema.c), evaluated and worded by core/check_pair.c; here is what only a
 * corpus knows: which records are one organ, which years follow each other, and
 * which cells a record must keep for the rules to read. */
#include "crossyear.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/check_pair.h"
#include "../core/rules.h"

/* The cells the pair rules read, over every template: filled once from the rule table. */
static const char *cells[GK_RECORD_MAX_CELLS + 1];
static char cell_text[GK_RECORD_MAX_CELLS][64];

static void add_cell(int *n, const char *t, const char *r, const char *c) {
  char a[64];
  snprintf(a, sizeof a, "%s.%s.%s", t, r, c);
  for (int i = 0; i < *n; i++)
    if (strcmp(cells[i], a) == 0) return;
  if (*n >= GK_RECORD_MAX_CELLS) return; /* a rule table this large would need a bigger record */
  memcpy(cell_text[*n], a, sizeof a);
  cells[*n] = cell_text[*n];
  (*n)++;
}

const char *const *gk_xyear_cells(void) {
  if (cells[0]) return cells;
  gk_arena *a = gk_arena_new();
  int n = 0;
  for (int s = 0; a && gk_schemas[s]; s++)
    for (int t = 0; t < GK_NTABLES; t++) {
      const gk_stable *st = gk_schemas[s]->tables[t];
      gk_rule_set set;
      if (gk_rules_expand_pairs(a, gk_schemas[s], (gk_table)t, &set) != GK_OK) continue;
      for (int k = 0; k < set.ninsts; k++)
        for (int i = 0; i < set.insts[k].nterms; i++) {
          const gk_rule_term *tm = &set.insts[k].terms[i];
          add_cell(&n, st->key, st->rows[tm->row].key, st->cols[tm->col].key);
        }
    }
  gk_arena_free(a);
  cells[n] = NULL;
  return cells;
}

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

typedef struct {
  const gk_record *earlier;
  gk_record *later;
} pair;

/* A record's cell for the pair rules: blank reads 0; absent or not an integer spoils
 * the instance. */
static int get_cell(void *ctx, int later, const char *table, const char *row, const char *col,
                    long long *v) {
  const pair *p = ctx;
  const gk_record *r = later ? p->later : p->earlier;
  char a[160];
  snprintf(a, sizeof a, "%s.%s.%s", table, row, col);
  const char *const *list = gk_xyear_cells();
  for (int k = 0; list[k]; k++) {
    if (strcmp(list[k], a) != 0) continue;
    if (r->cells[k].state == GK_RC_INT) *v = r->cells[k].v;
    else if (r->cells[k].state == GK_RC_BLANK) *v = 0;
    else return 0;
    return 1;
  }
  return 0;
}

static int add_failure(void *ctx, const gk_rule *rule, const char *table, const char *row,
                       const char *col, const char *msg) {
  pair *p = ctx;
  return gk_record_add_check(p->later, rule->id, rule->severity, table, row, col, msg);
}

/* The pair rules over `a` of year y and `b` of year y+1. */
static int compare(gk_arena *arena, const gk_record *a, gk_record *b) {
  gk_pair_report ra = {gk_schema_get(a->schema), a->year, a->source};
  gk_pair_report rb = {gk_schema_get(b->schema), b->year, b->source};
  if (!ra.schema || !rb.schema) return GK_OK;
  pair p = {a, b};
  gk_arena_pos mark = gk_arena_mark(arena);
  int rc = gk_check_pair(arena, &ra, &rb, get_cell, add_failure, &p);
  gk_arena_release(arena, mark);
  return rc < 0 ? rc : GK_OK;
}

int gk_xyear_check(gk_record *recs, size_t n) {
  entry *e = malloc((n ? n : 1) * sizeof *e);
  gk_arena *arena = gk_arena_new();
  if (!e || !arena) {
    free(e);
    gk_arena_free(arena);
    return GK_ENOMEM;
  }
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
      rc = compare(arena, a, b);
      if (rc) break;
    }
  }
  for (size_t j = 0; j < m; j++) free(e[j].key);
  free(e);
  gk_arena_free(arena);
  return rc ? rc : pairs;
}
