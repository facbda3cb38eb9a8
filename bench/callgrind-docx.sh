#!/bin/sh
# bench/callgrind-docx.sh: instructions of one whole DOCX run (release build, callgrind),
# with where they go: loading the converter module (dlopen of libxml2, libzip and what
# they pull in), inflating (libzip + zlib), tokenizing (libxml2) and building the tree
# (our SAX callbacks), walking the body into the model, and normalizing. Instruction
# counts do not move with the load of a shared machine, unlike wall time.
# Usage: bench/callgrind-docx.sh [FILE.docx]   (default: the filled-in WPS template)
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
