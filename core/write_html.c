/* write_html.c: the review page of one document (-f html): one standalone file, no
 * external resources and no scripts. Metadata and the verdict at the top; the three
 * tables in the template's own layout (group cells merged), every value cell with
 * data-cell="t3.new.natural" and its provenance in the title attribute, the cells of
 * failing checks highlighted (data-check) with the checks' messages beside the
 * table; for PDF input a picture of each table's region with those cells outlined,
 * for text input the table's source lines with the values marked. */
#include <stdlib.h>
#include <string.h>

#include "write_html.h"

#include "rules.h"
#include "utf8.h"
#include "write_fmt.h"

/* Source lines shown around a text table's values, before the first and after the
 * last (its header and notes). */
#define SOURCE_CONTEXT_LINES 3
/* Source lines shown per table at most: a table read from a 200 000-line dump does
 * not become a 200 000-line page. */
#define SOURCE_MAX_LINES 400

/* ---- which cells the failing checks name ---- */

typedef struct cellref {
  int t, r, col; /* table, row and column index of the schema */
} cellref;

typedef struct involved {
  cellref *v; /* malloc'd */
  size_t n, cap;
  size_t *check; /* the check of each entry (index in doc->checks) */
} involved;

static int inv_add(involved *iv, int t, int r, int col, size_t check) {
  if (iv->n == iv->cap) {
    size_t nc = iv->cap ? iv->cap * 2 : 64;
    cellref *v = realloc(iv->v, nc * sizeof *v);
    if (!v) return GK_ENOMEM;
    iv->v = v;
    size_t *c = realloc(iv->check, nc * sizeof *c);
    if (!c) return GK_ENOMEM;
    iv->check = c;
    iv->cap = nc;
  }
  iv->v[iv->n] = (cellref){t, r, col};
  iv->check[iv->n++] = check;
  return GK_OK;
}

static int table_index(const gk_doc *doc, const char *key) {
  for (int t = 0; key && t < GK_NTABLES; t++)
    if (strcmp(doc->schema->tables[t]->key, key) == 0) return t;
  return -1;
}

/* Every cell of check k: the terms of its rule's instance (t3.balance names a column:
 * its four cells), else the cell, row or column it names. */
static int check_cells(const gk_doc *doc, size_t k, involved *iv) {
  const gk_check_result *c = &doc->checks[k];
  int t = table_index(doc, c->table);
  if (t < 0) return GK_OK;
  const gk_stable *st = doc->schema->tables[t];
  int r = c->row ? gk_schema_row_index(st, c->row) : -1;
  int col = c->col ? gk_schema_col_index(st, c->col) : -1;
  gk_rule_set set;
  if (gk_rules_for(doc->schema, (gk_table)t, doc->variant_other, &set)) return GK_ENOMEM;
  int matched = 0;
  for (int i = 0; i < set.ninsts; i++) {
    const gk_rule_inst *in = &set.insts[i];
    if (strcmp(in->rule->id, c->id) != 0) continue;
    if (in->row >= 0 && r >= 0 && in->row != r) continue;
    if (in->col >= 0 && col >= 0 && in->col != col) continue;
    if (in->row < 0 && in->col < 0) continue;
    matched = 1;
    for (int j = 0; j < in->nterms; j++)
      if (inv_add(iv, t, in->terms[j].row, in->terms[j].col, k)) return GK_ENOMEM;
  }
  if (matched) return GK_OK;
  for (int rr = 0; rr < st->nrows; rr++) {
    if (r >= 0 && rr != r) continue;
    if (r < 0 && col < 0) break; /* a whole table: named in the list only */
    const gk_srow *row = &st->rows[rr];
    for (int p = 0; p < row->ncols; p++)
      if ((col < 0 || row->cols[p] == col) && inv_add(iv, t, rr, row->cols[p], k)) return GK_ENOMEM;
  }
  return GK_OK;
}

/* The checks of cell (t, r, col): their ids space-separated into buf; 0 when none. */
static int cell_checks(const gk_doc *doc, const involved *iv, int t, int r, int col, char *buf,
                       size_t cap, int *error) {
  size_t o = 0;
  int n = 0;
  buf[0] = '\0';
  *error = 0;
  for (size_t i = 0; i < iv->n; i++) {
    if (iv->v[i].t != t || iv->v[i].r != r || iv->v[i].col != col) continue;
    const gk_check_result *c = &doc->checks[iv->check[i]];
    if (c->severity == GK_SEV_ERROR) *error = 1;
    size_t l = strlen(c->id);
    /* Each id once. */
    int dup = 0;
    for (const char *p = buf; (p = strstr(p, c->id)) != NULL; p += l)
      if ((p == buf || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\0')) dup = 1;
    if (dup || o + l + 2 > cap) continue;
    if (o) buf[o++] = ' ';
    memcpy(buf + o, c->id, l + 1);
    o += l;
    n++;
  }
  return n;
}

/* ---- the cells ---- */

/* Provenance as words, for the title attribute. */
static void write_src_words(FILE *out, const gk_src *s) {
  switch (s->kind) {
    case GK_SRC_TEXT:
      fprintf(out, "line %d", s->line);
      if (s->column > 0) fprintf(out, ", column %d", s->column);
      break;
    case GK_SRC_TABLE:
      fprintf(out, "table %d, row %d, column %d (0-based)", s->table, s->row, s->col);
      if (s->offset >= 0) fprintf(out, ", byte %d", s->offset);
      break;
    case GK_SRC_PDF:
      fprintf(out, "page %d", s->page);
      if (s->has_box)
        fprintf(out, ", x %.1f–%.1f, y %.1f–%.1f pt", s->x0, s->x1, s->y0, s->y1);
      break;
    default: fputs("source position not known", out); break;
  }
}

typedef struct page_ctx {
  const gk_doc *doc;
  FILE *out;
  involved iv;
} page_ctx;

/* A diagnostic of the reading of row `rk` of table `tk` (the "values" notes say how
 * ambiguous digits were read), or NULL. */
static const char *reading_note(const gk_doc *doc, const char *tk, const char *rk) {
  char want[96];
  snprintf(want, sizeof want, "%s.%s: ", tk, rk);
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].code && strcmp(doc->diags[i].code, "values") == 0 &&
        strncmp(doc->diags[i].msg, want, strlen(want)) == 0)
      return doc->diags[i].msg;
  return NULL;
}

/* One value cell: <td data-cell=… [data-check=…] class=… title=…>value</td>. */
static void write_value_cell(const page_ctx *pc, int t, int r, int p, const char *extra) {
  const gk_doc *doc = pc->doc;
  const gk_stable *st = doc->schema->tables[t];
  const gk_srow *row = &st->rows[r];
  int col = row->cols[p];
  const gk_value *v = gk_doc_value_get(doc, t, r, p);
  char ids[256];
  int error;
  int nchk = cell_checks(doc, &pc->iv, t, r, col, ids, sizeof ids, &error);
  /* A row read with a note (digits that could be read several ways, blanks placed or
     dropped): its cells say how, with the candidate groups as printed. */
  const char *note = reading_note(doc, st->key, row->key);
  const char *cls = "v";
  switch (v->state) {
    case GK_VAL_MISSING: cls = "v missing"; break;
    case GK_VAL_BLANK: cls = "v blank"; break;
    case GK_VAL_INVALID: cls = "v invalid"; break;
    case GK_VAL_AMBIGUOUS: cls = "v ambiguous"; break;
    case GK_VAL_CUT_OFF: cls = "v cutoff"; break;
    default: break;
  }
  FILE *out = pc->out;
  fprintf(out, "<td%s data-cell=\"%s.%s.%s\"", extra ? extra : "", st->key, row->key,
          st->cols[col].key);
  if (nchk) fprintf(out, " data-check=\"%s\"", ids);
  fprintf(out, " class=\"%s%s%s%s%s\" title=\"", cls, nchk ? " fail" : "", nchk && !error ? " warn" : "",
          v->decided_by ? " decided" : "", note && !v->decided_by ? " noted" : "");
  fprintf(out, "%s.%s.%s: ", st->key, row->key, st->cols[col].key);
  switch (v->state) {
    case GK_VAL_MISSING: fputs("row not found in the document", out); break;
    case GK_VAL_BLANK: fputs("blank in the document (null, not 0)", out); break;
    case GK_VAL_AMBIGUOUS:
      fputs("not decided (null): one of ", out);
      gk_write_html_text(out, v->text);
      fputs("; ", out);
      write_src_words(out, &v->src);
      break;
    case GK_VAL_CUT_OFF:
      fputs("cut off at the page's right edge (null): the PDF has no glyphs for it; ", out);
      write_src_words(out, &v->src);
      break;
    default: write_src_words(out, &v->src); break;
  }
  if (v->state == GK_VAL_INVALID) fputs("; not a value of this column's kind", out);
  if (v->decided_by) {
    fputs("; reading decided by ", out);
    gk_write_html_text(out, v->decided_by);
  }
  if (note) {
    fputs(v->decided_by ? ": " : "; the row was read with a note: ", out);
    gk_write_html_text(out, note);
  }
  if (nchk) fprintf(out, "; failing: %s", ids);
  fputs("\">", out);
  switch (v->state) {
    case GK_VAL_MISSING: fputs("<span class=\"mark\">未找到</span>", out); break;
    case GK_VAL_BLANK: fputs("<span class=\"mark\">空</span>", out); break;
    case GK_VAL_AMBIGUOUS: fputs("<span class=\"mark\">未定</span>", out); break;
    case GK_VAL_CUT_OFF: fputs("<span class=\"mark\">截断</span>", out); break;
    default: gk_write_html_text(out, gk_value_text(v)); break;
  }
  if (v->decided_by) fputs("<sup>≟</sup>", out);
  else if (note) fputs("<sup>?</sup>", out);
  fputs("</td>", out);
}

/* The first of a '|'-separated list of label variants, into buf. */
static const char *first_label(const char *labels, char *buf, size_t cap) {
  size_t l = strcspn(labels, "|");
  if (l >= cap) l = cap - 1;
  memcpy(buf, labels, l);
  buf[l] = '\0';
  return buf;
}

/* ---- t2: blocks of rows under one article of 第二十条, each with its header ---- */

typedef struct t2_article {
  const char *row, *article;
} t2_article;

static const t2_article t2_articles[] = {
    {"rules", "第二十条第（一）项"},         {"normative", "第二十条第（一）项"},
    {"licensing", "第二十条第（五）项"},     {"other_services", "第二十条第（五）项"},
    {"penalty", "第二十条第（六）项"},       {"coercion", "第二十条第（六）项"},
    {"fees", "第二十条第（八）项"},          {"procurement", "第二十条第（九）项"},
};

static const char *t2_article_of(const char *row) {
  for (size_t i = 0; i < sizeof t2_articles / sizeof t2_articles[0]; i++)
    if (strcmp(t2_articles[i].row, row) == 0) return t2_articles[i].article;
  return "";
}

static void write_t2(const page_ctx *pc) {
  FILE *out = pc->out;
  const gk_stable *st = pc->doc->schema->tables[0];
  int width = 0;
  for (int r = 0; r < st->nrows; r++)
    if (st->rows[r].ncols > width) width = st->rows[r].ncols;
  char lab[256];
  const char *cur = NULL;
  fputs("<table class=\"tpl\">\n", out);
  for (int r = 0; r < st->nrows; r++) {
    if (!gk_doc_row_active(pc->doc, 0, r)) continue;
    const gk_srow *row = &st->rows[r];
    const char *art = t2_article_of(row->key);
    /* A new article, or other columns: the block's title and header rows. */
    int same_cols = r > 0 && st->rows[r - 1].ncols == row->ncols &&
                    memcmp(st->rows[r - 1].cols, row->cols, sizeof row->cols[0] * (size_t)row->ncols) == 0;
    if (!cur || strcmp(cur, art) != 0 || !same_cols) {
      cur = art;
      fprintf(out, "<tr><th class=\"grp\" colspan=\"%d\">", width + 1);
      gk_write_html_text(out, art);
      fputs("</th></tr>\n<tr><th>信息内容</th>", out);
      for (int p = 0; p < row->ncols; p++) {
        int span = p == row->ncols - 1 ? width - row->ncols + 1 : 1;
        fprintf(out, span > 1 ? "<th colspan=\"%d\">" : "<th>", span);
        gk_write_html_text(out, first_label(st->cols[row->cols[p]].labels, lab, sizeof lab));
        fputs("</th>", out);
      }
      fputs("</tr>\n", out);
    }
    fputs("<tr><th class=\"lab\">", out);
    gk_write_html_text(out, first_label(row->labels, lab, sizeof lab));
    fputs("</th>", out);
    for (int p = 0; p < row->ncols; p++) {
      char extra[32] = "";
      int span = p == row->ncols - 1 ? width - row->ncols + 1 : 1;
      if (span > 1) snprintf(extra, sizeof extra, " colspan=\"%d\"", span);
      write_value_cell(pc, 0, r, p, extra);
    }
    fputs("</tr>\n", out);
  }
  fputs("</table>\n", out);
}

/* ---- t3: the applicant columns under two header rows, the result rows grouped ---- */

typedef struct t3_row_label {
  const char *row;
  const char *group; /* NULL: a row of its own (一、二、四); "": under 三 with no
                        subgroup; else its subgroup under 三 */
  const char *label;
} t3_row_label;

static const t3_row_label t3_labels[] = {
    {"new", NULL, "一、本年新收政府信息公开申请数量"},
    {"carried_in", NULL, "二、上年结转政府信息公开申请数量"},
    {"granted", "", "（一）予以公开"},
    {"partial", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
    {"deny_secret", "（三）不予公开", "1.属于国家秘密"},
    {"deny_law", "（三）不予公开", "2.其他法律行政法规禁止公开"},
    {"deny_safety", "（三）不予公开", "3.危及“三安全一稳定”"},
    {"deny_third_party", "（三）不予公开", "4.保护第三方合法权益"},
    {"deny_internal", "（三）不予公开", "5.属于三类内部事务信息"},
    {"deny_process", "（三）不予公开", "6.属于四类过程性信息"},
    {"deny_enforcement", "（三）不予公开", "7.属于行政执法案卷"},
    {"deny_query", "（三）不予公开", "8.属于行政查询事项"},
    {"unable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"},
    {"unable_create", "（四）无法提供", "2.没有现成信息需要另行制作"},
    {"unable_unclear", "（四）无法提供", "3.补正后申请内容仍不明确"},
    {"reject_petition", "（五）不予处理", "1.信访举报投诉类申请"},
    {"reject_repeat", "（五）不予处理", "2.重复申请"},
    {"reject_publication", "（五）不予处理", "3.要求提供公开出版物"},
    {"reject_mass", "（五）不予处理", "4.无正当理由大量反复申请"},
    {"reject_confirm", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"},
    {"other_no_correction", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
    {"other_no_fee", "（六）其他处理",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
    {"other_other", "（六）其他处理", "3.其他"},
    {"other", "", "（六）其他处理"},
    {"results_total", "", "（七）总计"},
    {"carried_out", NULL, "四、结转下年度继续办理"},
};

static const t3_row_label *t3_label_of(const char *row) {
  for (size_t i = 0; i < sizeof t3_labels / sizeof t3_labels[0]; i++)
    if (strcmp(t3_labels[i].row, row) == 0) return &t3_labels[i];
  return NULL;
}

/* The group of row r for the layout: NULL, "" or its subgroup (unknown rows: own). */
static const char *t3_group(const gk_stable *st, int r) {
  const t3_row_label *l = t3_label_of(st->rows[r].key);
  return l ? l->group : NULL;
}

static void write_t3(const page_ctx *pc) {
  FILE *out = pc->out;
  const gk_doc *doc = pc->doc;
  const gk_stable *st = doc->schema->tables[1];
  char lab[256];
  /* The header: 申请人情况 over 自然人, 法人或其他组织 (its five), 总计. */
  fputs("<table class=\"tpl\">\n<tr><th colspan=\"3\" rowspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>"
        "<th colspan=\"7\">申请人情况</th></tr>\n"
        "<tr><th rowspan=\"2\">自然人</th><th colspan=\"5\">法人或其他组织</th><th rowspan=\"2\">总计</th></tr>\n<tr>",
        out);
  for (int c = 1; c <= 5 && c < st->ncols; c++) {
    fputs("<th>", out);
    gk_write_html_text(out, first_label(st->cols[c].labels, lab, sizeof lab));
    fputs("</th>", out);
  }
  fputs("</tr>\n", out);
  for (int r = 0; r < st->nrows; r++) {
    if (!gk_doc_row_active(doc, 1, r)) continue;
    const gk_srow *row = &st->rows[r];
    const t3_row_label *l = t3_label_of(row->key);
    const char *g = t3_group(st, r);
    fputs("<tr>", out);
    if (!g) {
      fputs("<th class=\"lab\" colspan=\"3\">", out);
      gk_write_html_text(out, l ? l->label : first_label(row->labels, lab, sizeof lab));
      fputs("</th>", out);
    } else {
      /* 三、本年度办理结果 spans the run of rows under it; a subgroup its own run. */
      int prev = r - 1;
      while (prev >= 0 && !gk_doc_row_active(doc, 1, prev)) prev--;
      if (prev < 0 || !t3_group(st, prev)) {
        int n = 0;
        for (int k = r; k < st->nrows; k++) {
          if (!gk_doc_row_active(doc, 1, k)) continue;
          if (!t3_group(st, k)) break;
          n++;
        }
        fprintf(out, "<th class=\"grp\" rowspan=\"%d\">三、本年度办理结果</th>", n);
      }
      if (*g) {
        const char *pg = prev >= 0 ? t3_group(st, prev) : NULL;
        if (!pg || strcmp(pg, g) != 0) {
          int n = 0;
          for (int k = r; k < st->nrows; k++) {
            if (!gk_doc_row_active(doc, 1, k)) continue;
            const char *kg = t3_group(st, k);
            if (!kg || strcmp(kg, g) != 0) break;
            n++;
          }
          fprintf(out, "<th class=\"grp\" rowspan=\"%d\">", n);
          gk_write_html_text(out, g);
          fputs("</th>", out);
        }
        fputs("<th class=\"lab\">", out);
      } else {
        fputs("<th class=\"lab\" colspan=\"2\">", out);
      }
      gk_write_html_text(out, l->label);
      fputs("</th>", out);
    }
    for (int p = 0; p < row->ncols; p++) write_value_cell(pc, 1, r, p, NULL);
    fputs("</tr>\n", out);
  }
  fputs("</table>\n", out);
}

/* ---- t4: 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉), five columns each ---- */

static void write_t4(const page_ctx *pc) {
  FILE *out = pc->out;
  const gk_stable *st = pc->doc->schema->tables[2];
  char lab[256];
  fputs("<table class=\"tpl\">\n<tr><th colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th></tr>\n<tr>",
        out);
  for (int c = 0; c < st->ncols; c++) {
    fputs("<th rowspan=\"2\">", out);
    gk_write_html_text(out, first_label(st->cols[c].labels, lab, sizeof lab));
    fputs("</th>", out);
  }
  for (int r = 1; r < st->nrows; r++) {
    fprintf(out, "<th colspan=\"%d\">", st->rows[r].ncols);
    gk_write_html_text(out, first_label(st->rows[r].labels, lab, sizeof lab));
    fputs("</th>", out);
  }
  fputs("</tr>\n<tr>", out);
  for (int r = 1; r < st->nrows; r++)
    for (int p = 0; p < st->rows[r].ncols; p++) {
      fputs("<th>", out);
      gk_write_html_text(out, first_label(st->cols[st->rows[r].cols[p]].labels, lab, sizeof lab));
      fputs("</th>", out);
    }
  fputs("</tr>\n<tr>", out);
  for (int r = 0; r < st->nrows; r++)
    for (int p = 0; p < st->rows[r].ncols; p++) write_value_cell(pc, 2, r, p, NULL);
  fputs("</tr>\n</table>\n", out);
}

/* ---- the checks beside a table ---- */

/* The checks of table key tk (NULL: those of no table) as a list; 0 when none. */
static int write_check_list(const page_ctx *pc, const char *tk) {
  const gk_doc *doc = pc->doc;
  FILE *out = pc->out;
  int n = 0;
  for (size_t i = 0; i < doc->nchecks; i++) {
    const gk_check_result *c = &doc->checks[i];
    int mine = tk ? c->table && strcmp(c->table, tk) == 0 : table_index(doc, c->table) < 0;
    if (!mine) continue;
    if (n++ == 0) fputs("<ol class=\"checks\">\n", out);
    fprintf(out, "<li id=\"check-%zu\" class=\"%s\" data-check=\"", i,
            c->severity == GK_SEV_ERROR ? "error" : "warning");
    gk_write_html_text(out, c->id);
    fputs("\"><b>", out);
    gk_write_html_text(out, c->id);
    fputs("</b> ", out);
    if (c->row || c->col) {
      fputs("<code>", out);
      gk_write_html_text(out, c->table);
      fputc('.', out);
      gk_write_html_text(out, c->row ? c->row : "*");
      fputc('.', out);
      gk_write_html_text(out, c->col ? c->col : "*");
      fputs("</code> ", out);
    }
    gk_write_html_text(out, gk_severity_name(c->severity));
    fputs(": ", out);
    gk_write_html_text(out, c->message);
    fputs("</li>\n", out);
  }
  if (n) fputs("</ol>\n", out);
  return n;
}

/* ---- PDF: the pictures of a table's regions ---- */

static void write_base64(FILE *out, const unsigned char *b, size_t n) {
  static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char q[4];
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)b[i] << 16 | (i + 1 < n ? (unsigned)b[i + 1] << 8 : 0) |
                 (i + 2 < n ? b[i + 2] : 0);
    q[0] = tab[v >> 18 & 63];
    q[1] = tab[v >> 12 & 63];
    q[2] = i + 1 < n ? tab[v >> 6 & 63] : '=';
    q[3] = i + 2 < n ? tab[v & 63] : '=';
    fwrite(q, 1, 4, out);
  }
}

static int box_in(const gk_src *s, const gk_picture *pic) {
  if (s->kind != GK_SRC_PDF || !s->has_box || s->page != pic->page) return 0;
  double cx = (s->x0 + s->x1) / 2, cy = (s->y0 + s->y1) / 2;
  return cx >= pic->x0 && cx <= pic->x1 && cy >= pic->y0 && cy <= pic->y1;
}

/* The pictures holding a value of table t, each with its failing cells outlined at
 * their boxes (points scaled to the picture's pixels). */
static void write_pictures(const page_ctx *pc, int t) {
  const gk_doc *doc = pc->doc;
  FILE *out = pc->out;
  const gk_stable *st = doc->schema->tables[t];
  for (size_t k = 0; k < doc->npictures; k++) {
    const gk_picture *pic = &doc->pictures[k];
    int has = 0;
    for (int r = 0; r < st->nrows && !has; r++)
      for (int p = 0; p < st->rows[r].ncols && !has; p++)
        has = box_in(&gk_doc_value_get(doc, t, r, p)->src, pic);
    if (!has || !pic->png) continue;
    /* The picture shrinks to the room beside the table; the outlines are placed in
       percent of it, so they stay on their cells at any width. */
    fprintf(out, "<figure class=\"pic\"><div class=\"picbox\" style=\"max-width:%dpx\">", pic->width);
    fprintf(out, "<img width=\"%d\" height=\"%d\" alt=\"page %d of the source\" src=\"data:image/png;base64,",
            pic->width, pic->height, pic->page);
    write_base64(out, pic->png, pic->len);
    fputs("\">", out);
    /* The failing cells of this table on the picture, a little larger than their glyphs. */
    for (int r = 0; r < st->nrows; r++) {
      const gk_srow *row = &st->rows[r];
      for (int p = 0; p < row->ncols; p++) {
        const gk_value *v = gk_doc_value_get(doc, t, r, p);
        char ids[256];
        int error;
        if (!box_in(&v->src, pic) ||
            !cell_checks(doc, &pc->iv, t, r, row->cols[p], ids, sizeof ids, &error))
          continue;
        /* A little larger than the glyphs (points), as percent of the region. */
        double pad = 1.5, rw = pic->x1 - pic->x0, rh = pic->y1 - pic->y0;
        fprintf(out,
                "<div class=\"box%s\" style=\"left:%.2f%%;top:%.2f%%;width:%.2f%%;height:%.2f%%\" "
                "title=\"%s.%s.%s: %s\"></div>",
                error ? "" : " warn", (v->src.x0 - pad - pic->x0) / rw * 100,
                (v->src.y0 - pad - pic->y0) / rh * 100, (v->src.x1 - v->src.x0 + 2 * pad) / rw * 100,
                (v->src.y1 - v->src.y0 + 2 * pad) / rh * 100, st->key, row->key,
                st->cols[row->cols[p]].key, ids);
      }
    }
    fprintf(out, "</div><figcaption>page %d, x %.0f–%.0f, y %.0f–%.0f pt, %.0f dpi</figcaption></figure>\n",
            pic->page, pic->x0, pic->x1, pic->y0, pic->y1, pic->scale * 72);
  }
}

/* ---- text: the table's source lines with the values marked ---- */

typedef struct src_piece {
  int line, column;
  const char *text;
} src_piece;

static int cmp_piece(const void *a, const void *b) {
  const src_piece *x = a, *y = b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return (x->column > y->column) - (x->column < y->column);
}

typedef struct src_mark {
  int line, column, r, p;
} src_mark;

static int cmp_mark(const void *a, const void *b) {
  const src_mark *x = a, *y = b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return (x->column > y->column) - (x->column < y->column);
}

/* Whether code point cp continues a number's run (digits, full-width digits, , .). */
static int in_number(uint32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19) || cp == ',' || cp == '.' ||
         cp == 0xFF0C || cp == 0xFF0E;
}

/* Writes the source lines of table t's values (text input): the paragraphs and cells
 * of those lines at their columns, each value's digits in a <mark>. */
static int write_source(const page_ctx *pc, int t) {
  const gk_doc *doc = pc->doc;
  FILE *out = pc->out;
  const gk_stable *st = doc->schema->tables[t];
  int lo = 0, hi = 0;
  size_t nm = 0;
  for (int r = 0; r < st->nrows; r++)
    for (int p = 0; p < st->rows[r].ncols; p++) {
      const gk_src *s = &gk_doc_value_get(doc, t, r, p)->src;
      if (s->kind != GK_SRC_TEXT || s->column <= 0) continue;
      if (!lo || s->line < lo) lo = s->line;
      if (s->line > hi) hi = s->line;
      nm++;
    }
  if (!nm) return GK_OK;
  lo = lo > SOURCE_CONTEXT_LINES ? lo - SOURCE_CONTEXT_LINES : 1;
  hi += SOURCE_CONTEXT_LINES;
  int cut = hi - lo + 1 > SOURCE_MAX_LINES;
  if (cut) hi = lo + SOURCE_MAX_LINES - 1;
  /* The pieces of those lines: paragraphs whole, cells at their columns. */
  src_piece *pv = NULL;
  size_t np = 0, cap = 0;
  for (size_t b = 0; b < doc->nblocks; b++) {
    const gk_block *blk = &doc->blocks[b];
    if (blk->kind == GK_BLOCK_PARAGRAPH) {
      if (blk->line < lo || blk->line > hi) continue;
      if (np == cap) {
        src_piece *n = realloc(pv, (cap = cap ? cap * 2 : 256) * sizeof *pv);
        if (!n) return free(pv), GK_ENOMEM;
        pv = n;
      }
      pv[np++] = (src_piece){blk->line, 1, blk->text};
      continue;
    }
    for (size_t r = 0; r < blk->nrows; r++)
      for (size_t c = 0; c < blk->rows[r].ncells; c++) {
        const gk_cell *cl = &blk->rows[r].cells[c];
        if (cl->src.kind != GK_SRC_TEXT || cl->src.line < lo || cl->src.line > hi) continue;
        if (np == cap) {
          src_piece *n = realloc(pv, (cap = cap ? cap * 2 : 256) * sizeof *pv);
          if (!n) return free(pv), GK_ENOMEM;
          pv = n;
        }
        pv[np++] = (src_piece){cl->src.line, cl->src.column, cl->text};
      }
  }
  src_mark *mv = malloc(nm * sizeof *mv);
  if (!mv) return free(pv), GK_ENOMEM;
  nm = 0;
  for (int r = 0; r < st->nrows; r++)
    for (int p = 0; p < st->rows[r].ncols; p++) {
      const gk_src *s = &gk_doc_value_get(doc, t, r, p)->src;
      if (s->kind == GK_SRC_TEXT && s->column > 0 && s->line >= lo && s->line <= hi)
        mv[nm++] = (src_mark){s->line, s->column, r, p};
    }
  if (np) qsort(pv, np, sizeof *pv, cmp_piece);
  qsort(mv, nm, sizeof *mv, cmp_mark);
  fputs("<details class=\"source\" open><summary>source lines</summary><pre>", out);
  size_t pi = 0, mi = 0;
  for (int line = lo; line <= hi; line++) {
    fprintf(out, "<span class=\"ln\">%5d</span> ", line);
    int col = 1, open = 0;
    while (mi < nm && mv[mi].line < line) mi++;
    for (; pi < np && pv[pi].line == line; pi++) {
      const char *s = pv[pi].text;
      if (pv[pi].column < col) continue; /* overlapping pieces: the first stands */
      if (pv[pi].column > col) {
        /* The separator the cells stood apart by: a tab, or the spaces there were. */
        int gap = pv[pi].column - col;
        if (gap == 1) fputc('\t', out);
        else fprintf(out, "%*s", gap, "");
        col = pv[pi].column;
      }
      size_t len = strlen(s), i = 0;
      while (i < len) {
        size_t st0 = i;
        uint32_t cp = gk_utf8_next(s, len, &i);
        if (open && !in_number(cp)) fputs("</mark>", out), open = 0;
        while (mi < nm && mv[mi].line == line && mv[mi].column < col) mi++;
        if (!open && mi < nm && mv[mi].line == line && mv[mi].column == col) {
          const gk_srow *row = &st->rows[mv[mi].r];
          int c = row->cols[mv[mi].p];
          char ids[256];
          int error;
          int n = cell_checks(doc, &pc->iv, t, mv[mi].r, c, ids, sizeof ids, &error);
          fprintf(out, "<mark class=\"%s\" data-src=\"%s.%s.%s\" title=\"%s.%s.%s, line %d, column %d%s%s\">",
                  n ? (error ? "fail" : "fail warn") : "", st->key, row->key, st->cols[c].key, st->key,
                  row->key, st->cols[c].key, line, col, n ? ": failing " : "", n ? ids : "");
          open = 1;
          mi++;
        }
        if (cp == '\n') fputc(' ', out);
        else {
          char one[8];
          size_t l = i - st0 < sizeof one ? i - st0 : 0;
          memcpy(one, s + st0, l);
          one[l] = '\0';
          gk_write_html_text(out, one);
        }
        col++;
      }
      if (open) fputs("</mark>", out), open = 0;
    }
    fputc('\n', out);
  }
  fputs("</pre>", out);
  if (cut) fprintf(out, "<p class=\"note\">only the first %d lines are shown</p>", SOURCE_MAX_LINES);
  fputs("</details>\n", out);
  free(pv);
  free(mv);
  return GK_OK;
}

/* ---- the page ---- */

static const char css[] =
    "body{font:14px/1.45 \"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif;margin:16px 24px;color:#222;background:#fff}"
    "h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #ccc}"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}"
    "dl.meta dt{color:#666}dl.meta dd{margin:0}"
    ".verdict.pass{color:#176b2c;font-weight:bold}.verdict.fail{color:#b00020;font-weight:bold}"
    ".pair{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}"
    "table.tpl{border-collapse:collapse;font-size:13px}"
    "table.tpl th,table.tpl td{border:1px solid #999;padding:2px 6px}"
    "table.tpl th{background:#f3f3f3;font-weight:normal}"
    "table.tpl th.lab{text-align:left}th.grp{background:#e8e8e8}"
    "td.v{text-align:right;font-variant-numeric:tabular-nums;min-width:2.5em}"
    "td.blank .mark,td.missing .mark{color:#888;font-size:11px}"
    "td.ambiguous .mark,td.cutoff .mark{color:#b00;font-size:11px}"
    "td.missing{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#eee 4px,#eee 8px)}"
    "td.invalid{color:#b00020}td.decided{background:#fff7d6}td.noted{background:#f4f0ff}"
    "td.fail{background:#ffd6d6;outline:2px solid #b00020;outline-offset:-2px}"
    "td.fail.warn{background:#fff0c2;outline-color:#c77700}"
    "ol.checks{margin:0;padding-left:20px;max-width:520px;font-size:13px}"
    "ol.checks li.error b{color:#b00020}ol.checks li.warning b{color:#c77700}"
    ".pic{margin:8px 0}.picbox{position:relative;border:1px solid #ccc}"
    ".picbox img{display:block;width:100%;height:auto}aside{flex:1 1 360px;min-width:360px}"
    ".box{position:absolute;border:2px solid #e00000;box-sizing:border-box;background:rgba(255,0,0,.12)}"
    ".box.warn{border-color:#e08000;background:rgba(255,160,0,.15)}"
    "figcaption,.note{color:#666;font-size:12px}"
    "pre{font-size:12px;tab-size:8;background:#fafafa;border:1px solid #ddd;padding:6px;overflow-x:auto}"
    "pre .ln{color:#999}mark{background:#d6ecff}mark.fail{background:#ffb3b3}mark.fail.warn{background:#ffe19a}"
    "footer{margin-top:24px;color:#888;font-size:12px}";

static void meta_row(FILE *out, const char *name, const char *value) {
  fputs("<dt>", out);
  gk_write_html_text(out, name);
  fputs("</dt><dd>", out);
  if (value) gk_write_html_text(out, value);
  else fputs("<span class=\"note\">not found</span>", out);
  fputs("</dd>", out);
}

static const char *part_numeral[GK_NTABLES] = {"二", "三", "四"};

int gk_write_html_doc(const gk_doc *doc, FILE *out) {
  page_ctx pc = {doc, out, {0}};
  gk_arena *a = gk_arena_new();
  if (!a) return GK_ENOMEM;
  int rc = GK_OK;
  for (size_t k = 0; k < doc->nchecks && rc == GK_OK && doc->schema; k++)
    rc = check_cells(doc, k, &pc.iv);
  if (rc) goto done;
  size_t errors = 0, warnings = 0;
  for (size_t k = 0; k < doc->nchecks; k++) {
    if (doc->checks[k].severity == GK_SEV_ERROR) errors++;
    else warnings++;
  }
  fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
        out);
  gk_write_html_text(out, doc->title ? doc->title : doc->source);
  fprintf(out, " — gktab review</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
  gk_write_html_text(out, doc->title ? doc->title : doc->source);
  fputs("</h1>\n<dl class=\"meta\">", out);
  meta_row(out, "organ", doc->organ);
  char year[16];
  snprintf(year, sizeof year, "%d", doc->year);
  meta_row(out, "year", doc->year ? year : NULL);
  meta_row(out, "template", doc->schema ? doc->schema->id : NULL);
  meta_row(out, "source", doc->source);
  meta_row(out, "kind", gk_format_name(doc->format));
  /* A document that was not mapped (no template) passed nothing. */
  fprintf(out, "<dt>verdict</dt><dd class=\"verdict %s\">", errors || !doc->schema ? "fail" : "pass");
  if (!doc->schema) fputs("not converted (see the diagnostics)", out);
  else if (errors) fprintf(out, "%zu error%s", errors, errors == 1 ? "" : "s");
  else fputs("passed", out);
  if (warnings) fprintf(out, ", %zu warning%s", warnings, warnings == 1 ? "" : "s");
  fputs("</dd></dl>\n</header>\n", out);
  /* Notes on the pictures (a page that could not be rendered, the cap). */
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].code && strcmp(doc->diags[i].code, "picture") == 0) {
      fputs("<p class=\"note\">", out);
      gk_write_html_text(out, doc->diags[i].msg);
      fputs("</p>\n", out);
    }
  for (int t = 0; t < GK_NTABLES && doc->schema; t++) {
    const gk_stable *st = doc->schema->tables[t];
    fprintf(out, "<section id=\"%s\">\n<h2>%s、", st->key, part_numeral[t]);
    gk_write_html_text(out, st->title);
    if (!doc->table_found[t]) fputs(" <span class=\"note\">(table not found)</span>", out);
    fputs("</h2>\n<div class=\"pair\"><div class=\"tbl\">\n", out);
    if (t == 0) write_t2(&pc);
    else if (t == 1) write_t3(&pc);
    else write_t4(&pc);
    fputs("</div>\n", out);
    /* Beside the table: its failing checks, then the pictures of its regions. */
    fputs("<aside>", out);
    write_check_list(&pc, st->key);
    write_pictures(&pc, t);
    fputs("</aside></div>\n", out);
    if ((rc = write_source(&pc, t))) goto done;
    fputs("</section>\n", out);
  }
  fputs("<section id=\"other\">\n", out);
  if (doc->schema) {
    int any = 0;
    for (size_t k = 0; k < doc->nchecks && !any; k++) any = table_index(doc, doc->checks[k].table) < 0;
    if (any) {
      fputs("<h2>other checks</h2>\n", out);
      write_check_list(&pc, NULL);
    }
  }
  size_t shown = 0;
  for (size_t i = 0; i < doc->ndiags; i++) shown += doc->diags[i].severity >= GK_SEV_WARNING;
  fprintf(out, "<details><summary>%zu diagnostic%s (%zu warnings or errors)</summary><ul>\n",
          doc->ndiags, doc->ndiags == 1 ? "" : "s", shown);
  for (size_t i = 0; i < doc->ndiags; i++) {
    const gk_diag *d = &doc->diags[i];
    fputs("<li>", out);
    if (d->pos) {
      gk_write_html_text(out, d->pos);
      fputs(": ", out);
    }
    gk_write_html_text(out, gk_severity_name(d->severity));
    fputs(": ", out);
    gk_write_html_text(out, d->msg);
    if (d->code) {
      fputs(" [", out);
      gk_write_html_text(out, d->code);
      fputs("]", out);
    }
    fputs("</li>\n", out);
  }
  fputs("</ul></details>\n</section>\n<footer>gktab " GK_VERSION
        " review page: hover a value for where it was read; 空 = blank in the document (null, not 0), "
        "未找到 = row not found, ≟ = reading decided by the template's arithmetic, ? = the row was read "
        "with a note (its candidate readings in the title).</footer>\n</body>\n</html>\n",
        out);
done:
  free(pc.iv.v);
  free(pc.iv.check);
  gk_arena_free(a);
  return rc;
}
