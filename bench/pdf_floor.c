/* pdf_floor.c: the least a PDF reader built on poppler-glib pays on this machine, for
 * bench/pdf.sh: dlopen a module linked with poppler-glib (as gktab loads its
 * converter, RTLD_DEEPBIND, the same libraries in the same order), and for each file
 * open the document from memory and ask each page for what gktab asks: its text
 * (poppler_page_get_text) and the boxes of its characters
 * (poppler_page_get_text_layout), both from the one text page Poppler builds per page.
 * Like gktab, one empty document is held open for the process, so poppler's
 * GlobalParams is built once. No layout, no model, no normalizer, no output. What
 * gktab costs above this is gktab's own.
 *
 * Built twice from this one file by the script: with -DGK_FLOOR_MODULE as the module
 * pdf_floor.so, and without it as the program that loads it.
 * Usage: pdf_floor MODULE.so FILE.pdf...   (prints the characters of each file) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef GK_FLOOR_MODULE
#include <poppler.h>

/* One empty page (the xref offsets are those of these exact bytes). */
static const char holder_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 1 1]>>endobj\n"
    "xref\n0 4\n"
    "0000000000 65535 f \n"
    "0000000009 00000 n \n"
    "0000000052 00000 n \n"
    "0000000101 00000 n \n"
    "trailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n";
static PopplerDocument *holder;

/* Returns the number of characters with a box in the file, or -1 if it does not open. */
long gk_floor_run(const void *buf, size_t len) {
  if (!holder) {
    GBytes *hb = g_bytes_new_static(holder_pdf, sizeof holder_pdf - 1);
    holder = poppler_document_new_from_bytes(hb, NULL, NULL);
    g_bytes_unref(hb);
  }
  GBytes *b = g_bytes_new_static(buf, len);
  PopplerDocument *d = poppler_document_new_from_bytes(b, NULL, NULL);
  g_bytes_unref(b);
  if (!d) return -1;
  long n = 0;
  int np = poppler_document_get_n_pages(d);
  for (int i = 0; i < np; i++) {
    PopplerPage *p = poppler_document_get_page(d, i);
    if (!p) continue;
    char *t = poppler_page_get_text(p);
    PopplerRectangle *r = NULL;
    guint nr = 0;
    if (t && poppler_page_get_text_layout(p, &r, &nr)) n += (long)nr;
    g_free(r);
    g_free(t);
    g_object_unref(p);
  }
  g_object_unref(d);
  return n;
}
#else
#include <dlfcn.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: pdf_floor MODULE.so FILE.pdf...\n");
    return 64;
  }
  void *h = dlopen(argv[1], RTLD_LAZY | RTLD_LOCAL | RTLD_DEEPBIND);
  if (!h) {
    fprintf(stderr, "pdf_floor: %s\n", dlerror());
    return 2;
  }
  long (*run)(const void *, size_t);
  *(void **)(&run) = dlsym(h, "gk_floor_run");
  if (!run) return 2;
  for (int a = 2; a < argc; a++) {
    FILE *f = fopen(argv[a], "rb");
    if (!f) return 2;
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    do {
      if (len == cap && !(buf = realloc(buf, cap = cap ? 2 * cap : 1 << 16))) return 2;
      got = fread(buf + len, 1, cap - len, f);
      len += got;
    } while (got > 0);
    fclose(f);
    printf("%s: %ld characters\n", argv[a], run(buf, len));
    free(buf);
  }
  return 0;
}
#endif
