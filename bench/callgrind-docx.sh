#!/bin/sh
# bench/callgrind-docx.sh: instructions of one whole DOCX run (release build, callgrind),
# with where they go: loading the converter module (dlopen of libxml2, libzip and what
# they pull in), inflating (libzip + zlib), tokenizing (libxml2) and building the tree
# (our SAX callbacks), walking the body into the model, and normalizing. Instruction
# counts do not move with the load of a shared machine, unlike wall time.
# Usage: bench/callgrind-docx.sh [FILE.docx]   (default: the filled-in WPS template)
#
# Where the instructions go (001-wps-template-filled.docx: word/document.xml is 276 KB
# with 8,792 elements and 12,226 attributes; release build, -O3, no sanitizers;
# libxml2 2.9.14, libzip 1.9.2, glibc 2.36 of Debian 12):
#                                                  before     after
#   whole process                                  38.72 M   33.73 M
#   before main (gktab's libraries: glib, and the
#     json-glib -> gio/gobject/mount/selinux chain)  2.86 M    2.86 M
#   dlopen of the DOCX module                       8.70 M    4.70 M   (RTLD_DEEPBIND)
#   inflate (libzip + zlib; 1.07 M is crc32)        1.90 M    1.89 M
#   parse (libxml2 + our callbacks)                19.31 M   19.31 M
#     our callbacks (on_start, on_end)              1.72 M    1.72 M
#   body walk into the model                        0.49 M    0.49 M
#   normalizer                                      4.60 M    3.61 M   (rules: row rules
#                                                                       walked at their row)
# The floor, bench/docx_floor.c (dlopen libzip + libxml2, inflate document.xml, SAX1
# parse with counting callbacks, nothing else, loaded as gktab loads its module):
# 24.1 M, of which dlopen 4.7 M (libzip pulls libcrypto: 4,191 relocations bound at
# once; libxml2 pulls ICU and libstdc++: 4,298), inflate 1.8 M, parse 17.3 M. So 25 M
# whole-process is out of reach with these libraries: 0.9 M would be left for gktab's
# own start (2.9 M), the tree (1.7 M), the body walk (0.5 M) and the normalizer (3.6 M).
# Measured and not taken: SAX2 (startElementNs) parses the same part in 4.5 M more
# than SAX1; the push parser (xmlCreatePushParserCtxt, 16 or 64 KB chunks) 0.35 M
# more than one buffer; XML_PARSE_NODICT and XML_PARSE_IGNORE_ENC change nothing in
# SAX mode; xmlInitParser, xmlNewParserCtxt, zip_open_from_source are < 0.13 M each;
# no unneeded part is parsed (styles.xml only when numbering.xml defines lists). A
# bump allocator through xmlMemSetup saves 1.46 M of malloc/free in the parse, but it
# is process-wide state of a shared library (libxml2 keeps error copies in globals)
# and hides libxml2's memory from ASan, so it is not used. Linking json-glib only
# where it is needed (--summary-from, the HTML module) would save about 2.6 M of
# startup for every run: a minimal program linked with glib alone starts in 0.37 M,
# with json-glib in 2.98 M.
set -eu
cd "$(dirname "$0")/.."
. scripts/setup.sh
gk_install_missing valgrind
gk_build build-bench -Dbuildtype=release -Dtests=false
f=${1:-testdata/docx/001-wps-template-filled.docx}
out=bench/out
mkdir -p "$out"
valgrind --tool=callgrind --dump-instr=no --trace-children=no \
  --callgrind-out-file="$out/cg-docx.out" ./build-bench/gktab -f csv "$f" >/dev/null 2>&1 || true
callgrind_annotate --inclusive=yes --threshold=100 "$out/cg-docx.out" 2>/dev/null >"$out/cg-docx.txt"

# incl FUNCTION: the inclusive count of the first function whose name matches, in M.
incl() {
  awk -v fn="$1" '$0 ~ fn { gsub(",", "", $1); printf "%.2f", $1 / 1e6; found = 1; exit }
                  END { if (!found) printf "-" }' "$out/cg-docx.txt"
}
total=$(awk '/PROGRAM TOTALS/ { gsub(",", "", $1); printf "%.2f", $1 / 1e6; exit }' "$out/cg-docx.txt")
printf 'docx %s: %s M instructions (callgrind, whole process)\n' "$(basename "$f")" "$total"
printf '  %-44s %7s M\n' \
  "converter module load (dlopen)" "$(incl ':dlopen@@')" \
  "DOCX converter in all (gk_convert_docx)" "$(incl ':gk_convert_docx ')" \
  "  inflate parts (libzip + zlib)" "$(incl ':gk_docx_zip_read ')" \
  "  parse parts (libxml2 + our callbacks)" "$(incl ':xmlCtxtReadMemory ')" \
  "    our element callbacks (on_start, on_end)" \
  "$(awk -v a="$(incl ':on_start ')" -v b="$(incl ':on_end ')" 'BEGIN { printf "%.2f", a + b }')" \
  "  body walk into the model" "$(incl ':gk_docx_body_walk ')" \
  "normalizer (gk_normalize)" "$(incl ':gk_normalize ')"
printf '  %-44s %7s M\n' "before main (the executable's libraries)" \
  "$(awk -v t="$total" -v m="$(incl ':\(below main\) ')" 'BEGIN { printf "%.2f", t - m }')"

# The floor (bench/docx_floor.c): dlopen libzip + libxml2, inflate document.xml and
# SAX1-parse it with callbacks that only count; what gktab costs above it is its own.
cflags=$(pkg-config --cflags libxml-2.0 libzip)
libs=$(pkg-config --libs libxml-2.0 libzip)
# With gktab's load order (meson.build: libcrypto and libstdc++ named first) when present.
first=""
for l in crypto stdc++; do
  ldd "$(pkg-config --variable=libdir libzip)/libzip.so" "$(pkg-config --variable=libdir libxml-2.0)/libxml2.so" \
    2>/dev/null | grep -q "lib$l\.so" && [ -e "$(cc -print-file-name="lib$l.so")" ] && first="$first -l$l"
done
cc -O2 -fPIC -shared -DGK_FLOOR_MODULE $cflags -o "$out/docx_floor.so" bench/docx_floor.c \
  -Wl,--push-state,--no-as-needed $first -Wl,--pop-state $libs
cc -O2 -o "$out/docx_floor" bench/docx_floor.c -ldl
valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$out/cg-floor.out" \
  "$out/docx_floor" "$out/docx_floor.so" "$f" >/dev/null 2>&1 || true
callgrind_annotate --inclusive=yes --threshold=100 "$out/cg-floor.out" 2>/dev/null >"$out/cg-floor.txt"
fincl() {
  awk -v fn="$1" '$0 ~ fn { gsub(",", "", $1); printf "%.2f", $1 / 1e6; found = 1; exit }
                  END { if (!found) printf "-" }' "$out/cg-floor.txt"
}
printf 'floor (libzip + libxml2 only, bench/docx_floor.c): %s M instructions\n' \
  "$(awk '/PROGRAM TOTALS/ { gsub(",", "", $1); printf "%.2f", $1 / 1e6; exit }' "$out/cg-floor.txt")"
printf '  %-44s %7s M\n' \
  "dlopen of libzip + libxml2 and what they pull" "$(fincl ':dlopen@@')" \
  "inflate document.xml (libzip + zlib)" "$(fincl ':zip_fread ')" \
  "parse document.xml (libxml2, empty callbacks)" "$(fincl ':xmlCtxtReadMemory ')"
