/* golden.c: the in-process golden runner. For every input of testdata/<kind>/ it runs
 * convert → normalize → check → writers in this process (static converters, no
 * modules) and compares with the expectations beside the input, as libxml2's
 * runtest.c does from its table of test descriptions:
 *   NAME.csv     hand-verified: `-f csv`, first four fields of each line
 *   NAME.checks  hand-verified: `-f checks`, first three fields of each line
 *   NAME.exit    hand-verified exit code (default: 1 if NAME.checks has an error line)
 *   NAME.err     hand-verified text standard error must contain
 *   NAME.dump    derived: `-f dump`, the model tree and the diagnostics
 *   NAME.diags   derived: every diagnostic (notes too) with its position
 * The fields are cut as tests/golden.sh cuts them (cut -d, -f1-4 and cut -f1-3), so
 * both runners read the same files. `golden --update` rewrites only the derived
 * layers; the hand-verified files are never written.
 * Usage: golden [--update] [KIND...]   (run from the project root) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/gktab.h"
#include "../core/doc.h"
#include "../core/utf8.h"
#include "../core/write.h"

typedef struct {
  const char *kind;   /* the name on the command line */
  const char *dir;    /* relative to the project root */
  const char *inputs; /* suffixes of the inputs, space-separated */
} test_desc;

static const test_desc descs[] = {
    {"text", "testdata/text", ".txt"},
    {"html", "testdata/html", ".html"},
    /* The refused neighbours of DOCX live beside it: .doc, .xlsx, .odt, a plain zip. */
    {"docx", "testdata/docx", ".docx .doc .xlsx .odt .zip"},
    {"pdf", "testdata/pdf", ".pdf"},
};

/* Files of a fixture folder that are not inputs: the expectations and notes. */
static const char *const expectation_suffixes[] = {".csv", ".checks", ".exit", ".err",
                                                   ".dump", ".diags", ".md", NULL};

/* Exit codes of the CLI (cli/cli.c), reproduced for the .exit comparison. */
enum { EXIT_PASS = 0, EXIT_CHECK = 1, EXIT_INPUT = 2 };

static int update;

/* A growable byte buffer; the runner's own, never model data. */
typedef struct {
  char *p;
  size_t len;
} bytes;

static int has_suffix(const char *name, const char *suf) {
  size_t n = strlen(name), s = strlen(suf);
  return n > s && strcmp(name + n - s, suf) == 0;
}

/* Whether name ends with one of the space-separated suffixes in list. */
static int has_suffix_in(const char *name, const char *list) {
  char buf[128];
  for (const char *p = list; *p;) {
    size_t n = strcspn(p, " ");
    if (n && n < sizeof buf) {
      memcpy(buf, p, n);
      buf[n] = '\0';
      if (has_suffix(name, buf)) return 1;
    }
    p += n;
    p += strspn(p, " ");
  }
  return 0;
}

/* Reads a whole file. Returns 0, or -1 when it cannot be read (out->p NULL). The
 * buffer is NUL-terminated; the caller frees out->p with free(). */
static int read_file(const char *path, bytes *out) {
  out->p = NULL;
  out->len = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  size_t cap = 1 << 16, n = 0, r;
  char *b = malloc(cap + 1);
  while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *nb = realloc(b, (cap *= 2) + 1);
      if (!nb) free(b);
      b = nb;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (!b || bad) {
    free(b);
    return -1;
  }
  b[n] = '\0';
  out->p = b;
  out->len = n;
  return 0;
}

/* Keeps the first `nfields` fields of every line, split on `delim` without regard to
 * quoting, exactly as cut(1) -d DELIM -f1-N does: a line without the delimiter is
 * kept whole, and every output line ends with a newline. Caller frees the result. */
static char *cut_fields(const char *s, size_t len, char delim, int nfields) {
  char *out = malloc(len + 2);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    size_t end = i;
    while (end < len && s[end] != '\n') end++;
    int fields = 1;
    for (size_t k = i; k < end; k++) {
      if (s[k] == delim && ++fields > nfields) break;
      out[o++] = s[k];
    }
    out[o++] = '\n';
    i = end < len ? end + 1 : end;
  }
  out[o] = '\0';
  return out;
}

/* Runs one writer into memory. Returns the text (caller frees) or NULL. */
static char *write_mem(gk_doc *doc, gk_output kind, size_t *len) {
  char *buf = NULL;
  FILE *mem = open_memstream(&buf, len);
  if (!mem) return NULL;
  int rc = gk_write(doc, kind, mem, /*first*/ 1);
  if (fclose(mem) != 0 || rc != GK_OK) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* Prints the first line where got differs from want, both with line numbers. */
static void show_diff(const char *what, const char *want, const char *got) {
  int line = 1;
  const char *w = want, *g = got;
  while (*w && *g) {
    size_t wl = strcspn(w, "\n"), gl = strcspn(g, "\n");
    if (wl != gl || memcmp(w, g, wl) != 0) break;
    w += wl + (w[wl] == '\n');
    g += gl + (g[gl] == '\n');
    line++;
  }
  printf("  %s differs at line %d:\n    want: %.*s%s\n    got:  %.*s%s\n", what, line,
         (int)strcspn(w, "\n"), w, *w ? "" : "(end)", (int)strcspn(g, "\n"), g,
         *g ? "" : "(end)");
}

/* Compares a hand-verified expectation, when the file exists. Returns 1 on mismatch. */
static int compare_verified(const char *path, const char *what, const char *got) {
  bytes want;
  if (read_file(path, &want) != 0) return 0;
  int bad = strcmp(want.p, got) != 0;
  if (bad) show_diff(what, want.p, got);
  free(want.p);
  return bad;
}

/* Compares a derived layer, or rewrites it under --update. Returns 1 on mismatch
 * (or when it is missing without --update, or cannot be written). */
static int compare_derived(const char *path, const char *what, const char *got) {
  bytes want;
  int have = read_file(path, &want) == 0;
  int same = have && strcmp(want.p, got) == 0;
  if (!same && !update) {
    if (have) show_diff(what, want.p, got);
    else printf("  %s missing: %s (golden --update writes it)\n", what, path);
  }
  free(want.p);
  if (same) return 0;
  if (!update) return 1;
  FILE *f = fopen(path, "wb");
  if (!f || fputs(got, f) == EOF || fclose(f) != 0) {
    printf("  cannot write %s\n", path);
    return 1;
  }
  printf("  updated %s\n", path);
  return 0;
}

/* The first error diagnostic's message, as the CLI reports a refused input. */
static const char *first_error(const gk_doc *doc) {
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].severity == GK_SEV_ERROR) return doc->diags[i].msg;
  return "conversion failed";
}

/* Runs one input through the pipeline and compares every layer. Returns 0 when the
 * case passes. */
static int run_case(const char *dir, const char *name) {
  char path[4096], base[4096], exp[4096 + 16];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  snprintf(base, sizeof base, "%s", path);
  char *dot = strrchr(base, '.');
  if (dot && dot > strrchr(base, '/')) *dot = '\0';

  bytes in;
  if (read_file(path, &in) != 0) {
    printf("  cannot read %s\n", path);
    return 1;
  }
  int fail = 0;
  size_t live0 = gk_arena_live();
  /* The source is the bare file name, so the derived layers do not depend on
     where the tree is checked out. */
  gk_doc *doc = gk_doc_new(name);
  if (!doc) {
    free(in.p);
    printf("  out of memory\n");
    return 1;
  }

  /* The pipeline as cli/cli.c runs it, with the model invariants checked after
     conversion and after normalization. */
  int code = EXIT_PASS;
  char refusal[2048] = "";
  int rc = gk_convert(doc, (const unsigned char *)in.p, in.len);
  free(in.p);
  if (rc == GK_OK && gk_doc_validate(doc, stdout) != 0) fail = 1;
  if (rc == GK_OK) rc = gk_normalize(doc, NULL);
  if (rc == GK_OK) rc = gk_normalize_views(doc, GK_VIEW_SECTIONS | GK_VIEW_TEXT);
  if (rc == GK_OK && gk_doc_validate(doc, stdout) != 0) fail = 1;
  int errors = rc == GK_OK ? gk_check(doc) : 0;
  if (rc != GK_OK || errors < 0) {
    snprintf(refusal, sizeof refusal, "gktab: %s: %s\n", name,
             rc == GK_ENOMEM || errors < 0 ? "out of memory" : first_error(doc));
    code = EXIT_INPUT;
  } else if (errors > 0) {
    code = EXIT_CHECK;
  }

  /* The CLI writes nothing for a refused input; the derived layers are written
     anyway, since they show why it was refused. */
  char *csv = NULL, *checks = NULL, *dump = NULL, *diags = NULL;
  size_t csv_len = 0, checks_len = 0, dump_len = 0, diags_len = 0;
  if (code != EXIT_INPUT) {
    csv = write_mem(doc, GK_OUT_CSV, &csv_len);
    checks = write_mem(doc, GK_OUT_CHECKS, &checks_len);
    /* The other writers run too: whatever they write must be valid UTF-8. */
    for (int k = GK_OUT_JSON; k <= GK_OUT_DUMP; k++) {
      size_t n = 0;
      char *t = write_mem(doc, (gk_output)k, &n);
      if (!t || !gk_utf8_valid(t, n)) {
        printf("  writer %d failed or wrote invalid UTF-8\n", k);
        fail = 1;
      }
      free(t);
    }
    if (!csv || !checks) {
      printf("  a writer failed\n");
      code = EXIT_INPUT;
      fail = 1;
    }
  }
  dump = write_mem(doc, GK_OUT_DUMP, &dump_len);
  FILE *mem = open_memstream(&diags, &diags_len);
  if (mem) {
    gk_diag_print(doc, GK_SEV_NOTE, mem);
    fclose(mem);
  }
  /* Standard error as `gktab -f csv` prints it: the one-line refusal, or the
     warnings and errors, then the failed checks. */
  char *err_text = NULL;
  size_t err_len = 0;
  mem = open_memstream(&err_text, &err_len);
  if (mem) {
    fputs(refusal, mem);
    if (code != EXIT_INPUT) {
      gk_diag_print(doc, GK_SEV_WARNING, mem);
      for (size_t i = 0; i < doc->nchecks; i++) {
        const gk_check_result *c = &doc->checks[i];
        fprintf(mem, "%s: %s: %s: %s\n", name, gk_severity_name(c->severity), c->id, c->message);
      }
    }
    fclose(mem);
  }
  gk_doc_free(doc);
  if (gk_arena_live() != live0) {
    printf("  leak: %zu arena blocks live before, %zu after gk_doc_free\n", live0,
           gk_arena_live());
    fail = 1;
  }
  if (!dump || !diags || !gk_utf8_valid(dump, dump_len) || !gk_utf8_valid(diags, diags_len)) {
    printf("  the dump or the diagnostics failed or are not valid UTF-8\n");
    fail = 1;
  }

  /* Hand-verified layers. */
  int expect_exit = EXIT_PASS, have_expectation = 0;
  bytes b;
  snprintf(exp, sizeof exp, "%s.checks", base);
  if (read_file(exp, &b) == 0) {
    have_expectation = 1;
    if (strncmp(b.p, "error", 5) == 0 || strstr(b.p, "\nerror")) expect_exit = EXIT_CHECK;
    free(b.p);
  }
  snprintf(exp, sizeof exp, "%s.exit", base);
  if (read_file(exp, &b) == 0) {
    expect_exit = atoi(b.p);
    free(b.p);
  }
  if (code != expect_exit) {
    printf("  exit code %d, expected %d\n%s", code, expect_exit, refusal);
    fail = 1;
  }
  char *got = cut_fields(csv ? csv : "", csv_len, ',', 4);
  snprintf(exp, sizeof exp, "%s.csv", base);
  have_expectation |= read_file(exp, &b) == 0;
  free(b.p);
  fail |= got ? compare_verified(exp, "CSV", got) : 1;
  free(got);
  got = cut_fields(checks ? checks : "", checks_len, '\t', 3);
  snprintf(exp, sizeof exp, "%s.checks", base);
  fail |= got ? compare_verified(exp, "checks", got) : 1;
  free(got);
  snprintf(exp, sizeof exp, "%s.err", base);
  if (read_file(exp, &b) == 0) {
    have_expectation = 1;
    /* The file's text without its final newline, as golden.sh's $(cat) takes it. */
    size_t n = b.len;
    while (n && b.p[n - 1] == '\n') b.p[--n] = '\0';
    if (!err_text || !strstr(err_text, b.p)) {
      printf("  standard error lacks: %s\n  it was:\n%s", b.p, err_text ? err_text : "");
      fail = 1;
    }
    free(b.p);
  }
  if (!have_expectation) {
    printf("  no hand-verified expectation beside %s\n", path);
    fail = 1;
  }

  /* Derived layers. */
  snprintf(exp, sizeof exp, "%s.dump", base);
  if (dump) fail |= compare_derived(exp, "dump", dump);
  snprintf(exp, sizeof exp, "%s.diags", base);
  if (diags) fail |= compare_derived(exp, "diags", diags);

  free(csv);
  free(checks);
  free(dump);
  free(diags);
  free(err_text);
  return fail;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every input of one description in name order. Returns the number of
 * failed cases; prints one TAP-like line per case. */
static int run_desc(const test_desc *d) {
  DIR *dir = opendir(d->dir);
  if (!dir) {
    printf("not ok - %s: cannot open %s (run from the project root)\n", d->kind, d->dir);
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int failed = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    if (e->d_name[0] == '.') continue;
    int known = 0;
    for (int k = 0; expectation_suffixes[k]; k++) known |= has_suffix(e->d_name, expectation_suffixes[k]);
    if (known) continue;
    /* A file that is neither an input nor an expectation would be silently left
       out: name it instead. */
    if (!has_suffix_in(e->d_name, d->inputs)) {
      printf("not ok - %s/%s: neither an input (%s) nor an expectation\n", d->dir, e->d_name,
             d->inputs);
      failed++;
      continue;
    }
    if (n == cap) {
      char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
      if (!nn) break;
      names = nn;
    }
    names[n++] = strdup(e->d_name);
  }
  closedir(dir);
  qsort(names, n, sizeof *names, cmp_names);
  for (size_t i = 0; i < n; i++) {
    int bad = names[i] ? run_case(d->dir, names[i]) : 1;
    printf("%s %zu - %s/%s\n", bad ? "not ok" : "ok", i + 1, d->dir, names[i] ? names[i] : "?");
    fflush(stdout);
    failed += bad;
    free(names[i]);
  }
  free(names);
  if (n == 0) {
    printf("not ok - %s: no inputs in %s\n", d->kind, d->dir);
    failed++;
  }
  return failed;
}

int main(int argc, char **argv) {
  const size_t ndescs = sizeof descs / sizeof descs[0];
  int failed = 0, ran = 0;
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--update") == 0 || strcmp(argv[i], "-u") == 0) update = 1;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') continue;
    size_t k = 0;
    while (k < ndescs && strcmp(descs[k].kind, argv[i]) != 0) k++;
    if (k == ndescs) {
      fprintf(stderr, "golden: unknown kind '%s' (text, html, docx, pdf)\n", argv[i]);
      return 64;
    }
    failed += run_desc(&descs[k]);
    ran = 1;
  }
  if (!ran)
    for (size_t k = 0; k < ndescs; k++) failed += run_desc(&descs[k]);
  printf("%d failed\n", failed);
  return failed ? 1 : 0;
}
