/* cli.c: the command line as a function: arguments and streams in, exit code out. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gktab.h"

#include "../core/doc.h"

/* Exit codes (documented in README.md and --help). */
enum {
  EXIT_PASS = 0,     /* converted, no error-severity check failed */
  EXIT_CHECK = 1,    /* converted, some check failed */
  EXIT_INPUT = 2,    /* input unreadable or not convertible */
  EXIT_USAGE = 64,   /* bad command line */
};

static const char usage[] =
    "Usage: gktab [OPTIONS] [FILE...]\n"
    "Convert 政府信息公开工作年度报告 (text, HTML, DOCX, PDF) into canonical, checked tables.\n"
    "With no FILE, or when FILE is -, read standard input (with no FILE and a terminal\n"
    "there, print this help). The input kind is detected from its content.\n"
    "\n"
    "  -f, --format FMT   json (default), csv, text, md, or checks\n"
    "  -s, --schema ID    force the template: xxgk-2021 or xxgk-2019 (default: detect)\n"
    "  -q, --quiet        print no diagnostics on standard error\n"
    "  -v, --verbose      also print notes (how ambiguous cells were read)\n"
    "  -h, --help         show this help\n"
    "  -V, --version      show the version\n"
    "\n"
    "Exit status: 0 converted and every check passed; 1 converted but an error-severity\n"
    "check failed; 2 an input could not be read or converted; 64 usage error.\n"
    "With several files the status is the worst of them; every file is still processed.\n";

/* Reads a whole stream into a malloc'd buffer. Returns 0, or an errno value;
 * EFBIG when the input passes the size limit. */
static int read_all(FILE *f, unsigned char **buf, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  unsigned char *b = malloc(cap);
  if (!b) return ENOMEM;
  for (;;) {
    if (n == cap) {
      if (cap > GK_MAX_INPUT_BYTES) {
        free(b);
        return EFBIG;
      }
      unsigned char *nb = realloc(b, cap * 2);
      if (!nb) {
        free(b);
        return ENOMEM;
      }
      b = nb;
      cap *= 2;
    }
    size_t r = fread(b + n, 1, cap - n, f);
    n += r;
    if (r == 0) {
      if (ferror(f)) {
        int e = errno ? errno : EIO;
        free(b);
        return e;
      }
      break;
    }
  }
  *buf = b;
  *len = n;
  return 0;
}

/* The first error diagnostic's message, for the one-line failure report. */
static const char *first_error(const gk_doc *doc) {
  for (size_t i = 0; i < doc->ndiags; i++)
    if (doc->diags[i].severity == GK_SEV_ERROR) return doc->diags[i].msg;
  return "conversion failed";
}

unsigned gk_output_views(gk_output kind) {
  switch (kind) {
    case GK_OUT_JSON: return GK_VIEW_SECTIONS;
    case GK_OUT_TEXT: return GK_VIEW_TEXT;
    default: return 0;
  }
}

typedef struct {
  gk_output out;
  const char *schema;
  int quiet, verbose;
  int first;
} options;

static int process(const options *o, const char *name, FILE *in, FILE *out, FILE *err, int *first) {
  const char *label = strcmp(name, "-") == 0 ? "<stdin>" : name;
  unsigned char *buf = NULL;
  size_t len = 0;
  FILE *f = in;
  if (strcmp(name, "-") != 0) {
    struct stat st;
    if (stat(name, &st) == 0 && S_ISDIR(st.st_mode)) {
      fprintf(err, "gktab: %s: is a directory\n", name);
      return EXIT_INPUT;
    }
    f = fopen(name, "rb");
    if (!f) {
      fprintf(err, "gktab: %s: %s\n", name, strerror(errno));
      return EXIT_INPUT;
    }
  }
  int e = read_all(f, &buf, &len);
  if (f != in) fclose(f);
  if (e) {
    fprintf(err, "gktab: %s: %s\n", label,
            e == EFBIG ? "input larger than the 256 MiB limit" : strerror(e));
    return EXIT_INPUT;
  }
  gk_doc *doc = gk_doc_new(label);
  if (!doc) {
    free(buf);
    fprintf(err, "gktab: %s: out of memory\n", label);
    return EXIT_INPUT;
  }
  int code = EXIT_PASS;
  int rc = gk_convert(doc, buf, len);
  free(buf);
  if (rc == GK_OK) rc = gk_normalize(doc, o->schema);
  if (rc == GK_OK) rc = gk_normalize_views(doc, gk_output_views(o->out));
  if (rc != GK_OK) {
    fprintf(err, "gktab: %s: %s\n", label,
            rc == GK_ENOMEM ? "out of memory" : first_error(doc));
    gk_doc_free(doc);
    return EXIT_INPUT;
  }
  int errors = gk_check(doc);
  if (errors < 0) {
    fprintf(err, "gktab: %s: out of memory\n", label);
    gk_doc_free(doc);
    return EXIT_INPUT;
  }
  if (errors > 0) code = EXIT_CHECK;
  if (gk_write(doc, o->out, out, *first) != GK_OK) {
    fprintf(err, "gktab: %s: write error\n", label);
    code = EXIT_INPUT;
  }
  *first = 0;
  if (!o->quiet) {
    gk_diag_print(doc, o->verbose ? GK_SEV_NOTE : GK_SEV_WARNING, err);
    if (o->out != GK_OUT_CHECKS)
      for (size_t i = 0; i < doc->nchecks; i++) {
        const gk_check_result *c = &doc->checks[i];
        fprintf(err, "%s: %s: %s: %s\n", label, gk_severity_name(c->severity), c->id, c->message);
      }
  }
  gk_doc_free(doc);
  return code;
}

int gk_cli_main(int argc, char **argv, FILE *in, FILE *out, FILE *err) {
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'}, {"schema", required_argument, NULL, 's'},
      {"quiet", no_argument, NULL, 'q'},        {"verbose", no_argument, NULL, 'v'},
      {"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0},
  };
  options o = {GK_OUT_JSON, NULL, 0, 0, 1};
  int c;
  optind = 0; /* reentrant for tests: reset getopt */
  opterr = 0;
  while ((c = getopt_long(argc, argv, "f:s:qvhV", longopts, NULL)) != -1) {
    switch (c) {
      case 'f':
        if (strcmp(optarg, "json") == 0) o.out = GK_OUT_JSON;
        else if (strcmp(optarg, "csv") == 0) o.out = GK_OUT_CSV;
        else if (strcmp(optarg, "text") == 0) o.out = GK_OUT_TEXT;
        else if (strcmp(optarg, "md") == 0) o.out = GK_OUT_MD;
        else if (strcmp(optarg, "checks") == 0) o.out = GK_OUT_CHECKS;
        else {
          fprintf(err, "gktab: unknown format '%s' (json, csv, text, md, checks)\n", optarg);
          return EXIT_USAGE;
        }
        break;
      case 's':
        if (!gk_schema_get(optarg)) {
          fprintf(err, "gktab: unknown schema '%s' (xxgk-2021, xxgk-2019)\n", optarg);
          return EXIT_USAGE;
        }
        o.schema = optarg;
        break;
      case 'q': o.quiet = 1; break;
      case 'v': o.verbose = 1; break;
      case 'h': fputs(usage, out); return EXIT_PASS;
      case 'V': fprintf(out, "gktab %s\n", GK_VERSION); return EXIT_PASS;
      default:
        if (optopt && strchr("fs", optopt))
          fprintf(err, "gktab: option -%c needs an argument\n", optopt);
        else
          fprintf(err, "gktab: unknown option '%s'\n", argv[optind - 1]);
        fputs("Try 'gktab --help'.\n", err);
        return EXIT_USAGE;
    }
  }
  int first = 1, worst = EXIT_PASS;
  if (optind >= argc) {
    /* Nothing to read from a terminal: say how to use it instead of waiting. */
    if (isatty(fileno(in))) {
      fputs(usage, err);
      return EXIT_USAGE;
    }
    return process(&o, "-", in, out, err, &first);
  }
  for (int i = optind; i < argc; i++) {
    int code = process(&o, argv[i], in, out, err, &first);
    /* 2 (unreadable) outranks 1 (check failed) outranks 0. */
    if (code > worst) worst = code;
  }
  fflush(out);
  return worst;
}
