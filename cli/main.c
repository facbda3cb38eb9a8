/* main.c: the gktab executable. */
#include <malloc.h>

#include "gktab.h"

int main(int argc, char **argv) {
  /* Poppler frees tens of thousands of small chunks a page. With glibc's fastbins
     they wait, and the next allocation of a kilobyte or more (the next page's
     glyphs, the layout's arrays) consolidates them all; without, each is merged as
     it is freed, which costs less overall: 0.19 M instructions a document in a
     batch of 50 PDFs (callgrind, bench/pdf.sh); a single PDF pays 0.1 M more
     (105.2 M against 105.1 M on testdata/pdf/001), text, HTML and DOCX within
     0.01%. The process-wide setting belongs to the executable, not the library. */
  mallopt(M_MXFAST, 0);
  return gk_cli_main(argc, argv, stdin, stdout, stderr);
}
