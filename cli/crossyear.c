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
  const char *const *list = gk_pair_cells();
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

/* A trial reading of an undecided row: the failures the pair rules report on it. */
typedef struct trial {
  pair p; /* first: get_cell reads the context as a pair */
  const char *table, *row;
  int fails;
  const char *rule_id;
} trial;

static int count_failure(void *ctx, const gk_rule *rule, const char *table, const char *row,
                         const char *col, const char *msg) {
  (void)col, (void)msg;
  trial *t = ctx;
  if (strcmp(table, t->table) == 0 && row && strcmp(row, t->row) == 0) {
    t->fails++;
    t->rule_id = rule->id;
  }
  return GK_OK;
}

/* Field k of a reading ('|'-separated) as an integer; 0 when it is none. */
static int field(const char *reading, size_t len, int k, long long *v) {
  const char *p = reading, *end = reading + len;
  for (int i = 0; i < k; i++) {
    p = memchr(p, '|', (size_t)(end - p));
    if (!p) return 0;
    p++;
  }
  const char *e = memchr(p, '|', (size_t)(end - p));
  if (!e) e = end;
  if (e == p || e - p > 18) return 0;
  long long x = 0;
  for (const char *q = p; q < e; q++) {
    if (*q < '0' || *q > '9') return 0;
    x = x * 10 + (*q - '0');
  }
  *v = x;
  return 1;
}

/* The pair rules' failures on row table.row of `r` (one of the pair) with its
 * undecided cells ks[0 .. nk) set to one reading (shift added to the first). */
static int try_reading(gk_arena *arena, const gk_record *a, gk_record *b, gk_record *r, const int *ks,
                       int nk, const char *reading, size_t len, long long shift, const char *table,
                       const char *row, trial *t) {
  for (int i = 0; i < nk; i++) {
    gk_rcell *c = &r->cells[ks[i]];
    if (!field(reading, len, c->alt_pos, &c->v)) return 0;
    c->state = GK_RC_INT;
    if (i == 0) c->v += shift;
  }
  gk_pair_report ra = {gk_schema_get(a->schema), a->year, a->source};
  gk_pair_report rb = {gk_schema_get(b->schema), b->year, b->source};
  *t = (trial){{a, b}, table, row, 0, NULL};
  gk_arena_pos mark = gk_arena_mark(arena);
  int rc = ra.schema && rb.schema ? gk_check_pair(arena, &ra, &rb, get_cell, count_failure, t) : 0;
  gk_arena_release(arena, mark);
  return rc < 0 ? rc : 1;
}

/* A reading changed this much is wrong under any rule that reads the row. */
#define XYEAR_SHIFT 1000000000000000LL

/* Settles the undecided rows of `r`, which is a or b of the pair (a of year y, b of
 * y+1). Returns the rows settled, or GK_ENOMEM. */
static int settle_in(gk_arena *arena, const gk_record *a, gk_record *b, gk_record *r) {
  const char *const *list = gk_pair_cells();
  int settled = 0;
  for (int k0 = 0; list[k0] && k0 < GK_RECORD_MAX_CELLS; k0++) {
    if (r->cells[k0].state != GK_RC_AMBIG) continue;
    /* The row's other undecided cells the rules read: the same row, the same readings. */
    char table[8], row[64];
    if (sscanf(list[k0], "%7[^.].%63[^.]", table, row) != 2) continue;
    size_t pl = strlen(table) + strlen(row) + 2;
    int ks[GK_RECORD_MAX_CELLS], nk = 0;
    for (int k = k0; list[k] && k < GK_RECORD_MAX_CELLS; k++)
      if (r->cells[k].state == GK_RC_AMBIG && strncmp(list[k], list[k0], pl) == 0 &&
          strcmp(r->cells[k].alts, r->cells[k0].alts) == 0)
        ks[nk++] = k;
    char *alts = strdup(r->cells[k0].alts);
    if (!alts) return GK_ENOMEM;
    const char *chosen = NULL, *rule_id = NULL;
    size_t chosen_len = 0;
    int fits = 0;
    for (const char *p = alts; *p && fits < 2;) {
      const char *e = strchr(p, ';');
      size_t len = e ? (size_t)(e - p) : strlen(p);
      trial t0, t1;
      int ok = try_reading(arena, a, b, r, ks, nk, p, len, 0, table, row, &t0);
      if (ok > 0) ok = try_reading(arena, a, b, r, ks, nk, p, len, XYEAR_SHIFT, table, row, &t1);
      if (ok < 0) {
        free(alts);
        return ok;
      }
      if (ok > 0 && t0.fails == 0 && t1.fails > 0) {
        fits++;
        chosen = p;
        chosen_len = len;
        rule_id = t1.rule_id;
      }
      p = e ? e + 1 : p + len;
    }
    int rc = GK_OK;
    if (fits == 1) {
      /* The cells take the reading; the document is read again with it. */
      try_reading(arena, a, b, r, ks, nk, chosen, chosen_len, 0, table, row, &(trial){0});
      const gk_record *other = r == b ? a : b;
      char why[512], *reading = strndup(chosen, chosen_len);
      snprintf(why, sizeof why, "%s with %d (%s)", rule_id, other->year, other->source);
      rc = reading ? gk_record_add_settle(r, table, row, reading, why) : GK_ENOMEM;
      free(reading);
      for (int i = 0; i < nk; i++) {
        free(r->cells[ks[i]].alts);
        r->cells[ks[i]].alts = NULL;
      }
      settled++;
    } else {
      for (int i = 0; i < nk; i++) r->cells[ks[i]].state = GK_RC_AMBIG;
    }
    free(alts);
    if (rc) return rc;
  }
  return settled;
}

/* The pairs of records of one organ and consecutive years, in order; each is passed
 * to fn. Returns the number of pairs, or fn's error. */
static int each_pair(gk_record *recs, size_t n, int (*fn)(gk_arena *, const gk_record *, gk_record *, void *),
                     void *ctx) {
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
      gk_record *a = &recs[e[k].i];
      if (a->year == b->year) continue;
      if (a->year < b->year - 1) break;
      pairs++;
      rc = fn(arena, a, b, ctx);
      if (rc < 0) break;
      rc = GK_OK;
    }
  }
  for (size_t j = 0; j < m; j++) free(e[j].key);
  free(e);
  gk_arena_free(arena);
  return rc ? rc : pairs;
}

static int check_fn(gk_arena *arena, const gk_record *a, gk_record *b, void *ctx) {
  (void)ctx;
  return compare(arena, a, b);
}

static int settle_fn(gk_arena *arena, const gk_record *a, gk_record *b, void *ctx) {
  int *settled = ctx;
  /* Either year may hold the undecided row; the other's cells decide it. */
  int x = settle_in(arena, a, b, b);
  if (x < 0) return x;
  int y = settle_in(arena, a, b, (gk_record *)a);
  if (y < 0) return y;
  *settled += x + y;
  return GK_OK;
}

int gk_xyear_settle(gk_record *recs, size_t n) {
  int settled = 0;
  int rc = each_pair(recs, n, settle_fn, &settled);
  return rc < 0 ? rc : settled;
}

int gk_xyear_check(gk_record *recs, size_t n) { return each_pair(recs, n, check_fn, NULL); }
