/* map_keys.c: the mapper's rows and their label keys, built from grid rows and
 * paragraphs. One physical row is read in three steps: its cells into labels and
 * value items (read_cells), then either label material for later rows
 * (push_pending), the continuation of the data row above (continue_row), or a new
 * data row with its keys (add_data_row). */
#include "map_keys.h"

#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "textfix.h"

/* One physical row as read: label cells (scratch strings) with their keys, and the
 * value items after the last label cell. */
typedef struct prow {
  const char *labels[MAX_ITEMS];
  keybuf lkeys[MAX_ITEMS];
  int nlabels;
  gk_vitem items[MAX_ITEMS];
  int nitems;
  int numbers;
} prow;

const char *pos_str(gk_arena *a, gk_pos p) {
  if (p.line) return gk_arena_printf(a, "line %d", p.line);
  if (p.table) return gk_arena_printf(a, "table %d:row %d", p.table, p.row);
  return NULL;
}

const char *applicant_labels(int c) { return gk_schemas[0]->tables[1]->cols[c].labels; }

int region_init(region *rg, gk_doc *doc, gk_arena *tmp, int keep_text) {
  memset(rg, 0, sizeof *rg);
  rg->doc = doc;
  rg->tmp = tmp;
  rg->keep_text = keep_text;
  rg->cut_cells = -1;
  rg->a = gk_arena_new();
  return rg->a ? GK_OK : GK_ENOMEM;
}

void region_free(region *rg) {
  for (int i = 0; i < rg->npending; i++) free(rg->pending[i]);
  rg->npending = 0;
  gk_arena_free(rg->a);
  rg->a = NULL;
}

/* The matching key of folded text s as code points. Temporaries in a. */
static int key_of(gk_arena *a, const char *s, keybuf *k) {
  char *key = gk_text_key_folded(a, s);
  if (!key) return GK_ENOMEM;
  k->n = gk_text_cps(key, k->cp, KEY_MAX);
  return GK_OK;
}

void key_cat(keybuf *dst, const keybuf *src) {
  size_t n = src->n;
  if (dst->n + n > KEY_MAX) n = KEY_MAX - dst->n;
  memcpy(dst->cp + dst->n, src->cp, n * sizeof src->cp[0]);
  dst->n += n;
}

/* Fixes a built key in the region's arena. A key equal to one already fixed for the
 * same row (`same`, may be NULL) shares its code points: most rows' keys coincide. */
static int key_fix(region *rg, const keybuf *k, const gk_keyref *same, gk_keyref *out) {
  out->n = k->n;
  if (k->n == 0) {
    out->cp = NULL;
    return GK_OK;
  }
  if (same && same->n == k->n && memcmp(same->cp, k->cp, k->n * sizeof k->cp[0]) == 0) {
    out->cp = same->cp;
    return GK_OK;
  }
  uint32_t *cp = gk_arena_alloc_uninit(rg->a, k->n * sizeof *cp);
  if (!cp) return GK_ENOMEM;
  memcpy(cp, k->cp, k->n * sizeof *cp);
  out->cp = cp;
  return GK_OK;
}

static int append_text(region *rg, const char *s) {
  size_t l = strlen(s);
  if (rg->text_len + l + 2 > rg->text_cap) {
    size_t ncap = rg->text_cap ? rg->text_cap * 2 : 1024;
    while (ncap < rg->text_len + l + 2) ncap *= 2;
    char *n = gk_arena_alloc_uninit(rg->a, ncap);
    if (!n) return GK_ENOMEM;
    if (rg->text_len) memcpy(n, rg->region_text, rg->text_len);
    rg->region_text = n;
    rg->text_cap = ncap;
  }
  memcpy(rg->region_text + rg->text_len, s, l);
  rg->text_len += l;
  rg->region_text[rg->text_len++] = '\n';
  rg->region_text[rg->text_len] = '\0';
  return GK_OK;
}

static char *join_fragments(gk_arena *a, const char *const *f, int n) {
  size_t total = 1;
  for (int i = 0; i < n; i++) total += strlen(f[i]) + 1;
  char *s = gk_arena_alloc(a, total);
  if (!s) return NULL;
  size_t o = 0;
  for (int i = 0; i < n; i++) {
    size_t l = strlen(f[i]);
    memcpy(s + o, f[i], l);
    o += l;
  }
  s[o] = '\0';
  return s;
}

long label_at(gk_arena *a, const char *key, const char *labels) {
  const char *p = labels;
  while (p && *p) {
    const char *bar = strchr(p, '|');
    size_t l = bar ? (size_t)(bar - p) : strlen(p);
    char *v = gk_arena_strndup(a, p, l);
    char *vk = v ? gk_text_key(a, v) : NULL;
    if (!vk) return -1;
    const char *m = strstr(key, vk);
    if (m) return m - key;
    p = bar ? bar + 1 : NULL;
  }
  return -1;
}

static int header_has_all(region *rg, const char *text) {
  char *key = gk_text_key(rg->tmp, text);
  if (!key) return 0;
  for (int c = 1; c < N_APPLICANT; c++)
    if (label_at(rg->tmp, key, applicant_labels(c)) < 0) return 0;
  return 1;
}

/* The longest key of a t3 column head (six CJK characters) in bytes. */
#define COLUMN_HEAD_MAX_BYTES 18
/* Room for the keys of every wording of every t3 column head. */
#define COLUMN_HEAD_KEYS 64

/* The keys of t3's column heads as code points, made on first use (the schema is
 * static data, as narrative_parts' part keys are). */
static uint32_t head_cps[COLUMN_HEAD_KEYS][COLUMN_HEAD_MAX_BYTES];
static size_t head_ncps[COLUMN_HEAD_KEYS];
static int nhead_keys = -1;

static void load_head_keys(gk_arena *a) {
  const gk_stable *t3 = gk_schemas[0]->tables[1];
  nhead_keys = 0;
  for (int c = 0; c < t3->ncols; c++)
    for (const char *p = t3->cols[c].labels; p && *p;) {
      const char *bar = strchr(p, '|');
      size_t l = bar ? (size_t)(bar - p) : strlen(p);
      char *v = gk_arena_strndup(a, p, l);
      char *vk = v ? gk_text_key(a, v) : NULL;
      if (vk && strlen(vk) <= COLUMN_HEAD_MAX_BYTES && nhead_keys < COLUMN_HEAD_KEYS) {
        head_ncps[nhead_keys] = gk_text_cps(vk, head_cps[nhead_keys], COLUMN_HEAD_MAX_BYTES);
        nhead_keys++;
      }
      p = bar ? bar + 1 : NULL;
    }
}

/* Whether a label whose key (code points) is k is one of t3's column heads. The
 * heads are short (社会公益组织 is the longest): a longer key is none. */
static int key_is_column_head(gk_arena *a, const keybuf *k) {
  if (k->n == 0 || k->n > COLUMN_HEAD_MAX_BYTES) return 0;
  if (nhead_keys < 0) load_head_keys(a);
  for (int i = 0; i < nhead_keys; i++)
    if (head_ncps[i] == k->n && memcmp(head_cps[i], k->cp, k->n * sizeof k->cp[0]) == 0) return 1;
  return 0;
}

int map_is_column_head(gk_arena *a, const char *frag) {
  char *key = gk_text_key(a, frag);
  if (!key) return 0;
  keybuf k;
  k.n = gk_text_cps(key, k.cp, KEY_MAX);
  return key_is_column_head(a, &k);
}

/* Column heads on one line of no numbers that open a header band after numbers (t3's
 * heads under t2's rows when t3's heading was not read, or a header repeated on a
 * continuation page): two are a header line, since no row label reads as one. */
#define HEAD_LINE_MIN 2

/* Whether a row of labels is a line of t3's column heads (自然人 … 总计). */
static int head_line(region *rg, const prow *pr) {
  int heads = 0;
  for (int i = 0; i < pr->nlabels && heads < HEAD_LINE_MIN; i++)
    heads += key_is_column_head(rg->tmp, &pr->lkeys[i]);
  return heads >= HEAD_LINE_MIN;
}

/* Keeps a label fragment for the next data row. Its text is a copy of its own (the
 * scratch copy goes with the row); the oldest of MAX_PENDING is dropped. */
static int push_pending(region *rg, const char *frag, const keybuf *key) {
  /* Kept apart too: a row printed with a label and empty cells (a PDF shows no
     cells at all) is a row of blanks, not a missing row. A column head alone on
     its line above the first numbers (其他, printed lower than the heads beside it)
     is header, never a row of blanks (3.其他 reads the same). */
  if (rg->norphans < MAX_ORPHANS && (rg->numbers_seen || !key_is_column_head(rg->tmp, key))) {
    keybuf *o = gk_arena_grow(rg->a, rg->orphans, rg->norphans, &rg->caporphans, sizeof *o);
    if (o) {
      rg->orphans = o;
      rg->orphans[rg->norphans++] = *key;
    }
  }
  char *copy = strdup(frag);
  if (!copy) return GK_ENOMEM;
  if (rg->npending == MAX_PENDING) {
    free(rg->pending[0]);
    memmove(rg->pending, rg->pending + 1, sizeof rg->pending[0] * (MAX_PENDING - 1));
    memmove(rg->pending_key, rg->pending_key + 1, sizeof rg->pending_key[0] * (MAX_PENDING - 1));
    rg->npending--;
  }
  rg->pending[rg->npending] = copy;
  rg->pending_key[rg->npending++] = *key;
  return GK_OK;
}

static void clear_pending(region *rg) {
  for (int i = 0; i < rg->npending; i++) free(rg->pending[i]);
  rg->npending = 0;
}

/* Records the label fragments that came after a data row (before the next one):
 * the rest of a label wrapped below its values. */
static int close_row(region *rg, lrow *r) {
  keybuf next;
  next.n = 0;
  if (rg->npending > 0 && r->k.own.n > 0) {
    memcpy(next.cp, r->k.own.cp, r->k.own.n * sizeof next.cp[0]);
    next.n = r->k.own.n;
    for (int i = 0; i < rg->npending && i < NEXT_OWN_FRAGMENTS; i++) key_cat(&next, &rg->pending_key[i]);
  }
  if (key_fix(rg, &next, NULL, &r->k.next_own)) return GK_ENOMEM;
  keybuf centred;
  centred.n = 0;
  if (rg->npending > 0 && r->centre_head.n > 0) {
    memcpy(centred.cp, r->centre_head.cp, r->centre_head.n * sizeof centred.cp[0]);
    centred.n = r->centre_head.n;
    key_cat(&centred, &rg->pending_key[0]);
  }
  return key_fix(rg, &centred, NULL, &r->k.centred);
}

static void add_item(prow *pr, const char *g, int soft, const gk_src *src) {
  if (pr->nitems >= MAX_ITEMS) return;
  pr->items[pr->nitems].g = g;
  pr->items[pr->nitems].soft = soft;
  pr->items[pr->nitems].empty = 0;
  pr->items[pr->nitems].src = *src;
  pr->numbers += g != NULL;
  pr->nitems++;
}

static int add_label(region *rg, prow *pr, const char *lab) {
  if (pr->nlabels >= MAX_ITEMS) return GK_OK;
  if (key_of(rg->tmp, lab, &pr->lkeys[pr->nlabels])) return GK_ENOMEM;
  pr->labels[pr->nlabels++] = lab;
  return GK_OK;
}

/* Whether the raw text has a digit at byte i (ASCII or full-width); its length. */
static size_t digit_at(const char *s, size_t i) {
  if (s[i] >= '0' && s[i] <= '9') return 1;
  if ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
      (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99)
    return 3;
  return 0;
}

/* The provenance of the number groups of a cell: the cell's, and for a text input
 * the column of each group, found as the digit runs of the raw text (separators
 * ',' and '.' inside a run), the first `n` of them or, for numbers that end a
 * label (`from_end`), the last `n`. Writes out[0 .. n). */
static void group_srcs(const char *raw, const gk_src *cell, int n, int from_end, gk_src *out) {
  size_t starts[MAX_ITEMS];
  int nr = 0;
  for (size_t i = 0; raw[i];) {
    size_t d = digit_at(raw, i);
    if (!d) {
      i++;
      continue;
    }
    /* A run: digits, and a separator between two digits. */
    size_t st = i;
    while (raw[i]) {
      if ((d = digit_at(raw, i))) i += d;
      else if ((raw[i] == ',' || raw[i] == '.') && digit_at(raw, i + 1)) i++;
      else break;
    }
    if (nr < MAX_ITEMS) starts[nr++] = st;
    else memmove(starts, starts + 1, sizeof starts[0] * (MAX_ITEMS - 1)), starts[MAX_ITEMS - 1] = st;
  }
  int first = from_end ? nr - n : 0;
  if (first < 0) first = 0;
  for (int k = 0; k < n; k++) {
    out[k] = *cell;
    int r = first + k;
    if (cell->kind != GK_SRC_TEXT || cell->column <= 0 || r >= nr) continue;
    int col = cell->column;
    for (size_t b = 0; b < starts[r]; b++) col += ((unsigned char)raw[b] & 0xC0) != 0x80;
    out[k].column = col;
  }
}

/* Digits a bare number cell may have to be read by the shortcut in read_cell. */
#define PLAIN_NUMBER_MAX_DIGITS 18

/* Whether s is ASCII digits only, 1 to PLAIN_NUMBER_MAX_DIGITS of them. */
static int plain_number(const char *s) {
  size_t n = 0;
  while (s[n] >= '0' && s[n] <= '9') n++;
  return n > 0 && n <= PLAIN_NUMBER_MAX_DIGITS && s[n] == '\0';
}

/* One cell: a page marker is skipped, a text cell starts a new label (values before
 * it were not this row's), and a text cell that ends in numbers is label and values;
 * a blank or a number is a value item. */
static int read_cell(region *rg, prow *pr, const char *cell, const gk_src *src, gk_pos pos) {
  gk_arena *a = rg->tmp;
  /* Most value cells are a bare number, which cleaning and folding leave as it is,
     is no page marker and is its own one group: the steps below, in short. */
  if (plain_number(cell)) {
    if (rg->keep_text && append_text(rg, cell)) return GK_ENOMEM;
    if (rg->text_only) return GK_OK;
    gk_src gs;
    group_srcs(cell, src, 1, /*from_end*/ 0, &gs);
    add_item(pr, cell, 0, &gs);
    return GK_OK;
  }
  char *clean = gk_text_clean(a, cell);
  if (!clean) return GK_ENOMEM;
  if (*clean && gk_text_is_page_marker(clean)) return GK_OK;
  char *folded = gk_text_fold(a, clean);
  if (!folded) return GK_ENOMEM;
  if (rg->keep_text && *folded && append_text(rg, folded)) return GK_ENOMEM;
  if (rg->text_only) return GK_OK;
  gk_numcell nc;
  if (gk_num_classify(a, folded, &nc)) return GK_ENOMEM;
  if (nc.kind == GK_NC_TEXT) {
    gk_numcell tail;
    long cut = gk_num_split_tail(a, folded, &tail);
    pr->nitems = 0;
    pr->numbers = 0;
    if (cut <= 0) return add_label(rg, pr, folded);
    char *lab = gk_arena_strndup(a, folded, (size_t)cut);
    if (!lab) return GK_ENOMEM;
    if (add_label(rg, pr, lab)) return GK_ENOMEM;
    gk_src gs[GK_MAX_GROUPS];
    group_srcs(cell, src, tail.ngroups, /*from_end*/ 1, gs);
    for (int g = 0; g < tail.ngroups; g++) add_item(pr, tail.groups[g], g > 0, &gs[g]);
    return GK_OK;
  }
  if (nc.kind == GK_NC_BLANK) {
    int n0 = pr->nitems;
    add_item(pr, NULL, 0, src);
    if (pr->nitems > n0) pr->items[n0].empty = *clean == '\0';
    return GK_OK;
  }
  gk_src gs[GK_MAX_GROUPS];
  group_srcs(cell, src, nc.ngroups, /*from_end*/ 0, gs);
  for (int g = 0; g < nc.ngroups; g++) add_item(pr, nc.groups[g], g > 0, &gs[g]);
  if (nc.remark && !rg->quiet)
    return gk_diag_add(rg->doc, GK_SEV_NOTE, "remark", pos_str(a, pos),
                       "took the leading number of \"%s%s\"", nc.groups[0], nc.remark);
  return GK_OK;
}

/* A header row (several label cells before any data): kept whole, because only
 * labels that share one source row have a column order to trust; a PDF's or a
 * dump's header lines can come out in any vertical order. */
static int note_header(region *rg, const prow *pr) {
  /* One label that holds every organisation label is a header line of column text:
     the labels of one source row too. */
  if (rg->numbers_seen || pr->nlabels == 0 || rg->header_row) return GK_OK;
  char *joined = join_fragments(rg->tmp, pr->labels, pr->nlabels);
  if (!joined) return GK_ENOMEM;
  if (!header_has_all(rg, joined)) return GK_OK;
  rg->header_row = gk_arena_strdup(rg->a, joined);
  return rg->header_row ? GK_OK : GK_ENOMEM;
}

/* Copies items into the region's arena: the groups of one row in one block. */
static int items_keep(region *rg, const gk_vitem *it, int n, int cap, gk_vitem **out) {
  size_t bytes = 0;
  for (int i = 0; i < n; i++) bytes += it[i].g ? strlen(it[i].g) + 1 : 0;
  gk_vitem *items = gk_arena_alloc_uninit(rg->a, (size_t)(cap > 0 ? cap : 1) * sizeof *items);
  char *text = bytes ? gk_arena_alloc_uninit(rg->a, bytes) : NULL;
  if (!items || (bytes && !text)) return GK_ENOMEM;
  for (int i = 0; i < n; i++) {
    items[i] = it[i];
    if (!it[i].g) continue;
    size_t l = strlen(it[i].g) + 1;
    memcpy(text, it[i].g, l);
    items[i].g = text;
    text += l;
  }
  *out = items;
  return GK_OK;
}

/* One number alone on its line right after a data row, with no label text in
 * between: a dump that puts every cell on a line of its own (pdftotext without
 * -layout). It continues that row. Returns 1 when taken, 0 when not, or GK_ENOMEM. */
static int continue_row(region *rg, const prow *pr) {
  /* A blank token alone on its line (get_text('\n') prints an empty cell as a
     no-break space, — or /) is that row's next cell too, not the end of the row. */
  if (pr->nlabels != 0 || pr->nitems != 1 || pr->numbers > 1 || rg->npending != 0 ||
      rg->nrows == 0 || !rg->last_was_data)
    return 0;
  lrow *prev = &rg->rows[rg->nrows - 1];
  if (prev->nitems >= MAX_ITEMS) return 0;
  if (prev->nitems == prev->capitems) {
    gk_vitem *n;
    int cap = prev->capitems * 2 > MAX_ITEMS ? MAX_ITEMS : prev->capitems * 2;
    if (items_keep(rg, prev->items, prev->nitems, cap, &n)) return GK_ENOMEM;
    prev->items = n;
    prev->capitems = cap;
  }
  gk_vitem *slot;
  if (items_keep(rg, pr->items, 1, 1, &slot)) return GK_ENOMEM;
  prev->items[prev->nitems] = slot[0];
  prev->items[prev->nitems].soft = 0;
  prev->nitems++;
  prev->numbers += pr->numbers;
  return 1;
}

/* The keys of a data row with label cells of its own. */
static int own_keys(region *rg, const prow *pr, lrow *r) {
  int np = rg->npending;
  keybuf own, leaf, tail, tail2, full, head;
  own.n = tail.n = tail2.n = full.n = head.n = 0;
  for (int i = 0; i < pr->nlabels; i++) key_cat(&own, &pr->lkeys[i]);
  /* The leaf is what follows the cell's last numbering mark: a row label printed
     with its group labels in one cell (三、本年度办理结果 (一) 予以公开, as when
     tabs became spaces) is matched on 予以公开. */
  const char *last = pr->labels[pr->nlabels - 1];
  const char *after = gk_text_after_numbering(last);
  if (after != last && *after) {
    if (key_of(rg->tmp, after, &leaf)) return GK_ENOMEM;
  } else {
    leaf = pr->lkeys[pr->nlabels - 1];
  }
  if (np) {
    key_cat(&tail, &rg->pending_key[np - 1]);
    key_cat(&head, &rg->pending_key[np - 1]);
    key_cat(&head, &leaf);
  }
  key_cat(&tail, &own);
  if (np > 1) {
    key_cat(&tail2, &rg->pending_key[np - 2]);
    key_cat(&tail2, &tail);
  }
  for (int i = 0; i < np; i++) key_cat(&full, &rg->pending_key[i]);
  key_cat(&full, &own);
  r->label = join_fragments(rg->a, pr->labels, pr->nlabels);
  if (!r->label) return GK_ENOMEM;
  if (key_fix(rg, &own, NULL, &r->k.own) || key_fix(rg, &leaf, &r->k.own, &r->k.leaf) ||
      key_fix(rg, &tail, &r->k.own, &r->k.tail_own) || key_fix(rg, &tail2, NULL, &r->k.tail2_own) ||
      key_fix(rg, &full, &r->k.tail_own, &r->k.full) || key_fix(rg, &head, NULL, &r->centre_head))
    return GK_ENOMEM;
  if (pr->nlabels > 1 && key_fix(rg, &pr->lkeys[pr->nlabels - 2], NULL, &r->second)) return GK_ENOMEM;
  return GK_OK;
}

/* The keys of a data row of values only, on the line after their label: the label
 * is what came before, one or more fragments of it. */
static int pending_keys(region *rg, lrow *r) {
  int np = rg->npending;
  keybuf own, tail, tail2, full;
  own.n = tail.n = tail2.n = full.n = 0;
  if (np) own = rg->pending_key[np - 1];
  if (np > 1) key_cat(&tail, &rg->pending_key[np - 2]);
  key_cat(&tail, &own);
  if (np > 2) {
    key_cat(&tail2, &rg->pending_key[np - 3]);
    key_cat(&tail2, &tail);
  }
  for (int i = 0; i < np; i++) key_cat(&full, &rg->pending_key[i]);
  r->label = gk_arena_strdup(rg->a, np ? rg->pending[np - 1] : "");
  if (!r->label) return GK_ENOMEM;
  if (key_fix(rg, &own, NULL, &r->k.own) || key_fix(rg, &tail, &r->k.own, &r->k.tail_own) ||
      key_fix(rg, &tail2, NULL, &r->k.tail2_own) || key_fix(rg, &full, &r->k.tail_own, &r->k.full))
    return GK_ENOMEM;
  r->k.leaf = r->k.own;
  return GK_OK;
}

/* The list number of a label (1 for `1.属于国家秘密`, also after a group label in
 * front, `（五）不予处理1.信访…`), or 0 when it has none. */
static int list_number(const char *s) {
  while (*s && !(*s >= '0' && *s <= '9')) s++;
  int n = 0;
  while (*s >= '0' && *s <= '9' && n < 1000) n = n * 10 + (*s++ - '0');
  int mark = *s == '.' || (strncmp(s, "\xE3\x80\x81", 3) == 0); /* 1. or 1、 */
  return mark ? n : 0;
}

/* Whether what is pending is a block of whole labels, one per line, numbered 1. 2.
 * 3. … in order: a pipeline that printed a group's labels above a table of its
 * value rows. Each value row then takes the next label (the template's arithmetic
 * checks the order); a label wrapped over lines is never numbered so twice. */
static int pending_is_label_block(const region *rg) {
  if (rg->npending < 2) return 0;
  int first = list_number(rg->pending[0]);
  if (first < 1) return 0;
  for (int i = 1; i < rg->npending; i++)
    if (list_number(rg->pending[i]) != first + i) return 0;
  return 1;
}

/* Hands the first label of a pending label block to row r and keeps the rest for
 * the value rows that follow. */
static int take_block_label(region *rg, lrow *r) {
  int np = rg->npending;
  rg->npending = 1;
  int rc = pending_keys(rg, r);
  rg->npending = np;
  if (rc) return rc;
  free(rg->pending[0]);
  memmove(rg->pending, rg->pending + 1, sizeof rg->pending[0] * (size_t)(np - 1));
  memmove(rg->pending_key, rg->pending_key + 1, sizeof rg->pending_key[0] * (size_t)(np - 1));
  rg->npending--;
  return GK_OK;
}

/* A new data row: its values, and its keys from its labels and what was pending. */
static int add_data_row(region *rg, const prow *pr, gk_pos pos) {
  lrow *r = gk_arena_grow(rg->a, rg->rows, rg->nrows, &rg->cap, sizeof *r);
  if (!r) return GK_ENOMEM;
  rg->rows = r;
  r = &rg->rows[rg->nrows++];
  memset(r, 0, sizeof *r);
  r->nitems = r->capitems = pr->nitems;
  r->numbers = pr->numbers;
  r->labelled = pr->nlabels > 0;
  r->pos = pos;
  for (int i = 0; i < pr->nitems; i++)
    if (pr->items[i].src.cut_off) {
      if (rg->cut_cells < 0 || i < rg->cut_cells) rg->cut_cells = i, rg->cut_page = pr->items[i].src.page;
      break;
    }
  if (items_keep(rg, pr->items, pr->nitems, pr->nitems, &r->items)) return GK_ENOMEM;
  /* What was pending also followed the previous data row. */
  if (rg->nrows > 1 && close_row(rg, &rg->rows[rg->nrows - 2])) return GK_ENOMEM;
  if (pr->nlabels == 0 && pending_is_label_block(rg)) {
    int rc = take_block_label(rg, r);
    if (rc) return rc;
  } else {
    int rc = pr->nlabels > 0 ? own_keys(rg, pr, r) : pending_keys(rg, r);
    if (rc) return rc;
    clear_pending(rg);
  }
  int rc;
  rg->last_was_data = r->numbers > 0;
  rg->total_rows++;
  if (rg->flush && rg->nrows >= MAP_BATCH_ROWS) {
    size_t end = rg->nrows - MAP_BATCH_KEEP;
    if ((rc = rg->flush(rg, end))) return rc;
    return region_drop_rows(rg, end);
  }
  return GK_OK;
}

/* Takes one physical row (cell texts) into the region; its temporaries are
 * released before the return. */
static int add_physical_row(region *rg, const char *const *cells, const gk_src *const *srcs,
                            int ncells, gk_pos pos) {
  gk_arena_pos at = gk_arena_mark(rg->tmp);
  prow *pr = gk_arena_alloc_uninit(rg->tmp, sizeof *pr);
  int rc = pr ? GK_OK : GK_ENOMEM;
  if (pr) pr->nlabels = pr->nitems = pr->numbers = 0;
  for (int c = 0; c < ncells && !rc; c++) rc = read_cell(rg, pr, cells[c], srcs[c], pos);
  if (rc || rg->text_only) goto done;
  rc = note_header(rg, pr);
  if (rc) goto done;
  /* A list numeral cut from its label, left of the row's empty value cells: no
     value. The row stays a row (with no cells, so it never stores one, not even
     blanks): the fragments around it belong to it and the rows beside it, never to
     the next row with values, which would take a label wrapped from the row above. */
  int above = rg->nrows ? rg->rows[rg->nrows - 1].numbers : 0;
  int cut = ncells > 1 ? gk_num_cut_numeral(cells, ncells, above) : -1;
  if (cut >= 0) {
    rg->last_was_data = 0;
    pr->nitems = pr->numbers = 0;
    if (pr->nlabels > 0) rc = add_data_row(rg, pr, pos);
    if (!rc && !rg->quiet)
      rc = gk_diag_add(rg->doc, GK_SEV_NOTE, "numeral", pos_str(rg->tmp, pos),
                       "\"%s\" stands alone left of the row's empty cells: a list numeral cut "
                       "from its label, not a value", cells[cut]);
    goto done;
  }
  if (pr->numbers) rg->numbers_seen = 1;
  else if (rg->numbers_seen && head_line(rg, pr)) rg->numbers_seen = 0;
  rc = continue_row(rg, pr);
  if (rc != 0) {
    rc = rc > 0 ? GK_OK : rc;
    goto done;
  }
  rg->last_was_data = 0;
  if (pr->numbers == 0 && !(pr->nlabels > 0 && pr->nitems > 0)) {
    /* No values: the row's text is label material for the next data row. */
    for (int i = 0; i < pr->nlabels && !rc; i++) rc = push_pending(rg, pr->labels[i], &pr->lkeys[i]);
  } else {
    rc = add_data_row(rg, pr, pos);
  }
done:
  gk_arena_release(rg->tmp, at);
  return rc;
}

int region_add_block(region *rg, const gk_block *b) {
  if (b->kind == GK_BLOCK_PARAGRAPH) {
    const char *cells[1] = {b->text};
    /* A paragraph is one source line of a text input (its columns count from 1),
       a line of an HTML page, a page of a PDF. */
    gk_src src = {0};
    if (b->page) {
      src.kind = GK_SRC_PDF;
      src.page = b->page;
    } else if (b->line) {
      src.kind = GK_SRC_TEXT;
      src.line = b->line;
      src.column = rg->doc->format == GK_FMT_TEXT ? 1 : 0;
    }
    const gk_src *srcs[1] = {&src};
    return add_physical_row(rg, cells, srcs, 1, (gk_pos){b->line, 0, 0});
  }
  return region_add_rows(rg, b, 0, b->nrows);
}

int region_add_rows(region *rg, const gk_block *b, size_t from, size_t end) {
  if (b->kind == GK_BLOCK_PARAGRAPH) return region_add_block(rg, b);
  for (size_t r = from; r < b->nrows && r < end; r++) {
    const gk_row *row = &b->rows[r];
    const char *cells[GK_MAX_COLS];
    const gk_src *srcs[GK_MAX_COLS];
    int n = 0;
    for (size_t c = 0; c < row->ncells && n < GK_MAX_COLS; c++)
      if (!row->cells[c].covered) srcs[n] = &row->cells[c].src, cells[n++] = row->cells[c].text;
    gk_pos pos = {row->line, b->index, (int)r + 1};
    int rc = add_physical_row(rg, cells, srcs, n, pos);
    if (rc) return rc;
  }
  return GK_OK;
}

/* Copies a fixed key into arena a (sharing with `same` when equal). */
static int key_move(gk_arena *a, const gk_keyref *k, const gk_keyref *same, const gk_keyref *same_new,
                    gk_keyref *out) {
  out->n = k->n;
  if (k->n == 0) {
    out->cp = NULL;
    return GK_OK;
  }
  if (same && k->cp == same->cp) {
    out->cp = same_new->cp;
    return GK_OK;
  }
  uint32_t *cp = gk_arena_alloc_uninit(a, k->n * sizeof *cp);
  if (!cp) return GK_ENOMEM;
  memcpy(cp, k->cp, k->n * sizeof *cp);
  out->cp = cp;
  return GK_OK;
}

int region_drop_rows(region *rg, size_t n) {
  if (n == 0) return GK_OK;
  gk_arena *na = gk_arena_new();
  if (!na) return GK_ENOMEM;
  gk_arena *old = rg->a;
  size_t keep = rg->nrows - n, cap = keep > 8 ? keep : 8;
  lrow *rows = gk_arena_alloc_uninit(na, cap * sizeof *rows);
  keybuf *orph = rg->norphans ? gk_arena_alloc_uninit(na, rg->norphans * sizeof *orph) : NULL;
  char *header = rg->header_row ? gk_arena_strdup(na, rg->header_row) : NULL;
  char *text = rg->text_len ? gk_arena_alloc_uninit(na, rg->text_cap) : NULL;
  if (!rows || (rg->norphans && !orph) || (rg->header_row && !header) || (rg->text_len && !text))
    goto fail;
  rg->a = na; /* items_keep copies into the region's arena */
  for (size_t i = 0; i < keep; i++) {
    const lrow *o = &rg->rows[n + i];
    lrow *r = &rows[i];
    *r = *o;
    const gk_rowkeys *k = &o->k;
    if (key_move(na, &k->own, NULL, NULL, &r->k.own) ||
        key_move(na, &k->leaf, &k->own, &r->k.own, &r->k.leaf) ||
        key_move(na, &k->tail_own, &k->own, &r->k.own, &r->k.tail_own) ||
        key_move(na, &k->tail2_own, NULL, NULL, &r->k.tail2_own) ||
        key_move(na, &k->next_own, NULL, NULL, &r->k.next_own) ||
        key_move(na, &k->centred, NULL, NULL, &r->k.centred) ||
        key_move(na, &o->centre_head, NULL, NULL, &r->centre_head) ||
        key_move(na, &o->second, NULL, NULL, &r->second) ||
        key_move(na, &k->full, &k->tail_own, &r->k.tail_own, &r->k.full) ||
        items_keep(rg, o->items, o->nitems, o->capitems, &r->items) ||
        !(r->label = gk_arena_strdup(na, o->label)))
      goto fail;
  }
  if (orph) memcpy(orph, rg->orphans, rg->norphans * sizeof *orph);
  if (text) memcpy(text, rg->region_text, rg->text_len + 1);
  rg->rows = rows;
  rg->nrows = keep;
  rg->cap = cap;
  rg->orphans = orph;
  rg->caporphans = rg->norphans;
  rg->header_row = header;
  rg->region_text = text;
  gk_arena_free(old);
  return GK_OK;
fail:
  rg->a = old;
  gk_arena_free(na);
  return GK_ENOMEM;
}

int region_finish(region *rg) {
  return rg->nrows ? close_row(rg, &rg->rows[rg->nrows - 1]) : GK_OK;
}
