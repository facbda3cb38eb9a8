/* gktab.h: the public interface: the model and core's entry points (core/base.h),
 * the stages that fill the model, and the command line as a function. */
#ifndef GKTAB_H
#define GKTAB_H

#include "../converters/convert.h"
#include "../core/base.h"
#include "../normalizer/normalize.h"

/** The command line as a function: arguments and streams in, exit code out. */
int gk_cli_main(int argc, char **argv, FILE *in, FILE *out, FILE *err);

#endif
