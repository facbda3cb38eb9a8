/* main.c: the gktab executable. */
#include "gktab.h"

int main(int argc, char **argv) { return gk_cli_main(argc, argv, stdin, stdout, stderr); }
