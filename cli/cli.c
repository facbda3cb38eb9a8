/* cli.c: the command line as a function: arguments and streams in, exit code out. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gktab.h"

#include "../core/doc.h"
#include "corpus.h"
#include "summary.h"

/* A worker's address-space limit when --max-memory is not given: room for the
 * 256 MiB input limit, its copies in the converters and poppler's own mappings. */
#define GK_DEFAULT_MAX_MEMORY (4ull << 30)

/* Seconds a worker may spend on one document when --timeout is not given. */
#define GK_DEFAULT_TIMEOUT 30.0

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
    "  -f, --format FMT   json (default), jsonl, csv, text, md, checks, dump (the model tree),\n"
    "                     or html (a standalone review page)\n"
    "  -s, --schema ID    force the template: xxgk-2021 or xxgk-2019 (default: detect)\n"
    "  -q, --quiet        print no diagnostics on standard error\n"
    "  -v, --verbose      also print notes (how ambiguous cells were read)\n"
    "\n"
    "Corpus mode (several inputs, or any of these options): each document is converted\n"
    "in an isolated worker; one record per input, in input order:\n"
    "  -r, --recursive    walk directories (sorted by name)\n"
    "      --files-from F read input paths from file F (- for standard input), one a line\n"
    "  -0, --null         with --files-from: paths are separated by NUL bytes\n"
    "  -j, --jobs N       N worker processes (default: the number of cores)\n"
    "      --timeout S    seconds per document before its worker is killed (default 30, 0: none)\n"
    "      --max-memory M address-space limit of a worker, e.g. 512M, 2G (default 4G, 0: none)\n"
    "      --in-process   convert in this process, one after the other (no isolation)\n"
    "      --out DIR      write one .json record per input and summary.json into DIR\n"
    "      --summary      print a corpus report on standard error (summary.json with --out)\n"
    "      --summary-from FILE  rebuild the report from JSONL records (-f json: as JSON)\n"
    "Statuses: ok, failed_checks, unreadable, timeout, crashed; timeout and crashed count\n"
    "as exit status 2.\n"
    "\n"
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
  /* The review page shows a PDF's table regions as pictures: rendered only for it. */
  doc->want_pictures = o->out == GK_OUT_HTML;
  int code = EXIT_PASS;
  int rc = gk_convert(doc, buf, len);
  free(buf);
  if (rc == GK_OK) rc = gk_normalize(doc, o->schema);
  if (rc == GK_OK) rc = gk_normalize_views(doc, gk_write_views(o->out));
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

/* Most workers -j accepts: far beyond any machine's cores, small enough for a table. */
#define GK_MAX_JOBS 1024

/* A size with an optional K, M, G or T suffix (powers of 1024). Returns 0 or -1. */
static int parse_size(const char *s, unsigned long long *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || !(v >= 0)) return -1;
  double mul = 1;
  switch (*end) {
    case 'k': case 'K': mul = 1024.0; end++; break;
    case 'm': case 'M': mul = 1024.0 * 1024; end++; break;
    case 'g': case 'G': mul = 1024.0 * 1024 * 1024; end++; break;
    case 't': case 'T': mul = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
  }
  if (*end == 'B' || *end == 'b') end++;
  if (*end || v * mul > 1.8e19) return -1;
  *out = (unsigned long long)(v * mul);
  return 0;
}

/* Corpus mode: the inputs gathered (arguments, then the list), then gk_corpus_run. */
static int run_corpus(const gk_corpus_opts *co, int nargs, char **args, const char *files_from,
                      int nul, int recursive, FILE *in, FILE *out, FILE *err) {
  gk_inputs inputs = {0};
  int rc = GK_OK;
  for (int i = 0; i < nargs && rc == GK_OK; i++) rc = gk_inputs_add(&inputs, args[i], recursive);
  if (rc == GK_OK && files_from) {
    FILE *f = strcmp(files_from, "-") == 0 ? in : fopen(files_from, "r");
    if (!f) {
      fprintf(err, "gktab: %s: %s\n", files_from, strerror(errno));
      gk_inputs_free(&inputs);
      return EXIT_INPUT;
    }
    rc = gk_inputs_read_list(&inputs, f, nul ? '\0' : '\n', recursive);
    if (f != in) fclose(f);
  }
  if (rc == GK_OK && inputs.n == 0 && !files_from) rc = gk_inputs_add(&inputs, "-", 0);
  if (rc != GK_OK) {
    fprintf(err, "gktab: cannot gather the inputs: %s\n",
            rc == GK_ENOMEM ? "out of memory" : "read error");
    gk_inputs_free(&inputs);
    return EXIT_INPUT;
  }
  int code = gk_corpus_run(co, &inputs, in, out, err);
  gk_inputs_free(&inputs);
  return code;
}

int gk_cli_main(int argc, char **argv, FILE *in, FILE *out, FILE *err) {
  enum { O_FILES_FROM = 256, O_TIMEOUT, O_MAX_MEMORY, O_IN_PROCESS, O_OUT, O_SUMMARY,
         O_SUMMARY_FROM };
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'}, {"schema", required_argument, NULL, 's'},
      {"quiet", no_argument, NULL, 'q'},        {"verbose", no_argument, NULL, 'v'},
      {"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
      {"recursive", no_argument, NULL, 'r'},    {"null", no_argument, NULL, '0'},
      {"jobs", required_argument, NULL, 'j'},   {"files-from", required_argument, NULL, O_FILES_FROM},
      {"timeout", required_argument, NULL, O_TIMEOUT},
      {"max-memory", required_argument, NULL, O_MAX_MEMORY},
      {"in-process", no_argument, NULL, O_IN_PROCESS},
      {"out", required_argument, NULL, O_OUT},
      {"summary", no_argument, NULL, O_SUMMARY},
      {"summary-from", required_argument, NULL, O_SUMMARY_FROM},
      {NULL, 0, NULL, 0},
  };
  options o = {GK_OUT_JSON, NULL, 0, 0, 1};
  gk_corpus_opts co = {0};
  co.pool.timeout = GK_DEFAULT_TIMEOUT;
  co.pool.max_memory = GK_DEFAULT_MAX_MEMORY;
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  co.pool.jobs = ncpu > 0 ? (int)ncpu : 1;
  int corpus = 0, recursive = 0, nul = 0, format_given = 0;
  const char *files_from = NULL, *summary_from = NULL;
  int c;
  optind = 0; /* reentrant for tests: reset getopt */
  opterr = 0;
  while ((c = getopt_long(argc, argv, "f:s:qvhVr0j:", longopts, NULL)) != -1) {
    char *end;
    switch (c) {
      case 'r': recursive = corpus = 1; break;
      case '0': nul = 1; break;
      case 'j':
        errno = 0;
        co.pool.jobs = (int)strtol(optarg, &end, 10);
        if (errno || *end || co.pool.jobs < 1 || co.pool.jobs > GK_MAX_JOBS) {
          fprintf(err, "gktab: -j needs a number of workers from 1 to %d\n", GK_MAX_JOBS);
          return EXIT_USAGE;
        }
        corpus = 1;
        break;
      case O_FILES_FROM: files_from = optarg, corpus = 1; break;
      case O_TIMEOUT:
        co.pool.timeout = strtod(optarg, &end);
        if (*end || !(co.pool.timeout >= 0) || co.pool.timeout > 1e6) {
          fprintf(err, "gktab: --timeout needs a number of seconds (0: none)\n");
          return EXIT_USAGE;
        }
        corpus = 1;
        break;
      case O_MAX_MEMORY:
        if (parse_size(optarg, &co.pool.max_memory) != 0) {
          fprintf(err, "gktab: --max-memory needs a size such as 512M or 2G (0: none)\n");
          return EXIT_USAGE;
        }
        corpus = 1;
        break;
      case O_IN_PROCESS: co.in_process = corpus = 1; break;
      case O_OUT: co.out_dir = optarg, corpus = 1; break;
      case O_SUMMARY: co.summary = corpus = 1; break;
      case O_SUMMARY_FROM: summary_from = optarg; break;
      case 'f':
        format_given = 1;
        co.jsonl = 0;
        if (strcmp(optarg, "jsonl") == 0) o.out = GK_OUT_JSON, co.jsonl = corpus = 1;
        else if (strcmp(optarg, "json") == 0) o.out = GK_OUT_JSON;
        else if (strcmp(optarg, "csv") == 0) o.out = GK_OUT_CSV;
        else if (strcmp(optarg, "text") == 0) o.out = GK_OUT_TEXT;
        else if (strcmp(optarg, "md") == 0) o.out = GK_OUT_MD;
        else if (strcmp(optarg, "checks") == 0) o.out = GK_OUT_CHECKS;
        else if (strcmp(optarg, "dump") == 0) o.out = GK_OUT_DUMP;
        else if (strcmp(optarg, "html") == 0) o.out = GK_OUT_HTML;
        else {
          fprintf(err, "gktab: unknown format '%s' (json, jsonl, csv, text, md, checks, dump, html)\n",
                  optarg);
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
        if (optopt && strchr("fsj", optopt))
          fprintf(err, "gktab: option -%c needs an argument\n", optopt);
        else if (optopt >= O_FILES_FROM)
          fprintf(err, "gktab: option '%s' needs an argument\n", argv[optind - 1]);
        else
          fprintf(err, "gktab: unknown option '%s'\n", argv[optind - 1]);
        fputs("Try 'gktab --help'.\n", err);
        return EXIT_USAGE;
    }
  }
  if (summary_from) {
    if (corpus || optind < argc) {
      fprintf(err, "gktab: --summary-from takes no inputs and no corpus options\n");
      return EXIT_USAGE;
    }
    return gk_summary_from_jsonl(summary_from, in, format_given && o.out == GK_OUT_JSON && !co.jsonl,
                                 out, err);
  }
  if (nul && !files_from) {
    fprintf(err, "gktab: -0 goes with --files-from\n");
    return EXIT_USAGE;
  }
  if (co.out_dir && format_given && ((o.out != GK_OUT_JSON && o.out != GK_OUT_HTML) || co.jsonl)) {
    fprintf(err, "gktab: --out writes JSON records, or review pages with -f html; it takes no other -f\n");
    return EXIT_USAGE;
  }
  if (corpus || argc - optind > 1) {
    co.run.out = o.out;
    co.run.schema = o.schema;
    co.run.quiet = o.quiet;
    co.run.verbose = o.verbose;
    co.progress = !o.quiet && isatty(fileno(err));
    return run_corpus(&co, argc - optind, argv + optind, files_from, nul, recursive, in, out, err);
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
