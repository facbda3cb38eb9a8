/* docx_floor.c: the least any DOCX reader built on libzip and libxml2 pays on this
 * machine, for bench/callgrind-docx.sh: dlopen a module linked with both libraries
 * (as gktab loads its converter), open the package from memory, inflate
 * word/document.xml and parse it with libxml2's SAX1 interface and gktab's parser
 * options, with callbacks that only count. No tree, no model, no normalizer, no
 * output. What gktab costs above this is gktab's own.
 *
 * Built twice from this one file by the script: with -DGK_FLOOR_MODULE as the module
 * docx_floor.so, and without it as the program that loads it.
 * Usage: docx_floor MODULE.so FILE.docx */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef GK_FLOOR_MODULE
#include <libxml/parser.h>
#include <zip.h>

static long nelem;
static void on_start(void *c, const xmlChar *n, const xmlChar **a) {
  (void)c, (void)n, (void)a;
  nelem++;
}
static void on_end(void *c, const xmlChar *n) { (void)c, (void)n; }
static void on_text(void *c, const xmlChar *s, int l) { (void)c, (void)s, (void)l; }

/* Returns the number of elements of word/document.xml, or -1. */
long gk_floor_run(const void *buf, size_t len) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
  zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
  zip_int64_t i = za ? zip_name_locate(za, "word/document.xml", 0) : -1;
  zip_stat_t st;
  if (i < 0 || zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0) return -1;
  char *x = malloc(st.size + 1);
  zip_file_t *zf = x ? zip_fopen_index(za, (zip_uint64_t)i, 0) : NULL;
  if (!zf) return -1;
  zip_int64_t got = 0, r;
  while ((r = zip_fread(zf, x + got, st.size + 1 - (zip_uint64_t)got)) > 0) got += r;
  zip_fclose(zf);
  zip_close(za);
  /* gktab's settings (converters/docx_xml.c): SAX1, no network, no error printing. */
  xmlParserCtxtPtr c = xmlNewParserCtxt();
  memset(c->sax, 0, sizeof *c->sax);
  c->sax->initialized = 1;
  c->sax->startElement = on_start;
  c->sax->endElement = on_end;
  c->sax->characters = on_text;
  xmlDocPtr d = xmlCtxtReadMemory(c, x, (int)got, "document.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (d) xmlFreeDoc(d);
  int ok = c->wellFormed;
  xmlFreeParserCtxt(c);
  free(x);
  return ok ? nelem : -1;
}
#else
#include <dlfcn.h>

int main(int argc, char **argv) {
  if (argc != 3) return 64;
  FILE *f = fopen(argv[2], "rb");
  if (!f) return 2;
  static char buf[64 << 20];
  size_t len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  /* As converters/module.c loads a converter. */
  void *h = dlopen(argv[1], RTLD_LAZY | RTLD_LOCAL | RTLD_DEEPBIND);
  if (!h) {
    fprintf(stderr, "%s\n", dlerror());
    return 2;
  }
  long (*run)(const void *, size_t);
  *(void **)&run = dlsym(h, "gk_floor_run");
  long n = run ? run(buf, len) : -1;
  printf("%ld elements\n", n);
  return n < 0 ? 2 : 0;
}
#endif
