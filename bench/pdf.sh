#!/bin/sh
# bench/pdf.sh: gktab on PDFs against `pdftotext -layout` in the same run (release
# build), in callgrind instructions (which do not move with the load of a shared
# machine) and wall time (hyperfine), with
#   - each readable PDF fixture as a whole process (one file per run);
#   - a batch of 50 PDFs in one gktab process (--in-process), per document, against
#     pdftotext's whole process on the same documents (pdftotext reads one file a run);
#   - peak memory (GNU time, max RSS) against pdftotext's;
#   - the floor of poppler-glib alone (bench/pdf_floor.c: load it as gktab does, open
#     each document, ask each page for its text and character boxes, nothing else),
#     and where a single run's instructions go.
# Targets (issue 10): whole process <= 1.0x pdftotext, per document in the batch
# <= 0.9x, peak memory <= 2x.
#
# Measured on 2026-12-03 (release build, poppler 22.12, glibc 2.36 of Debian 12; the
# seven readable fixtures, 3-6 pages from LibreOffice):
#                                       before (main)      after
#   whole process, instructions           1.11-1.18x      1.08-1.12x   (not met)
#   batch of 50, per document             0.948x          0.900x       (met, no margin)
# With the 15 fixtures of the PDF families added (Chromium, Ghostscript; 22 readable
# in all), measured again after the merge: single files 1.04-1.15x, the batch 0.925x
# per document (not met: the floor of poppler-glib alone is 0.888x, and gktab's own
# work is 5.0 M a document), peak memory 1.3-1.5x.
#   peak memory                           1.4-1.5x        1.4-1.5x     (met)
# On 2026-12-04, 48 readable fixtures (the Ghostscript and wkhtmltopdf families
# added): single files 1.04-1.24x, the batch 0.917x per document (0.931x before: line
# building without libc's qsort, each grid keyed once per document for the tables'
# anchors, the templates' rules and label keys computed once per process); the floor
# 0.868x, gktab's own work 5.5 M a document (target needs <= 3.6 M). Not met.
# What moved: poppler-glib builds poppler's GlobalParams when a first document opens
# and destroys it when the last one closes, so a batch paid 3.9 M + 1.0 M per
# document; converters/pdf.c now holds one empty document for the process. Loading
# the module: its libraries named in the order they are bound to (meson.build),
# dlopen 16.95 M -> 13.56 M.
# On 2026-12-06 (53 readable fixtures, cairo's re-saves added; the batch is the
# first 50): the batch 0.8979x per document (98.66 M against 109.87 M; 0.917x
# before), met. gktab's own work fell from 5.4 M to 3.4 M a document: a bare number
# cell read without the label pipeline (-18 M on the batch), t4's layout survey and
# gathering in one reading, LCS bit-parallel with a table of positions, label keys
# not folded twice, list-mark and digit edges searched apart from the other glyphs,
# glibc's fastbins off (the consolidation of poppler's freed chunks after every page
# cost the layout's allocations 35 M), the CSV written with one fwrite, and smaller
# cuts (strtod, cn numerals at every byte, strchr per byte). Single files 1.04-1.24x
# (not met: the floor is 1.05x on 001 and 1.14x on 071, the smallest), peak memory
# 1.3-1.5x (met).
# Why 1.0x whole process is out of reach: the floor of poppler-glib alone
# (bench/pdf_floor.c, loaded as gktab loads it) is 1.047x pdftotext on 001 (100.6 M
# against 96.1 M). Both build the same text page per page (fonts loaded for every
# page: 55.6 M of 78.2 M; content streams 13.2 M; coalescing 6.9 M), but poppler-glib
# drags in gio, gobject, cairo and X11/xcb (11,800 symbol bindings against
# pdftotext's 7,800): loading it costs 13.6 M where pdftotext starts in 9.1 M. On top
# of the floor gktab's own work is 4.8-5.2 M a document (glyphs to lines and grids
# about 2 M, the normalizer 2.5 M, checks and output 0.5 M). Each page is already
# read once: one text page per page (poppler_page_get_text and
# poppler_page_get_text_layout share it), no page read twice, pictures only for
# -f html; cairo is loaded with poppler-glib whatever gktab asks.
# Usage: bench/pdf.sh [RUNS]   (hyperfine runs per single file, default 30; the batch
# runs a tenth as often, at least 3 times)
set -eu
cd "$(dirname "$0")/.."
. scripts/setup.sh
gk_install_missing hyperfine poppler-utils valgrind time
gk_build build-bench -Dbuildtype=release -Dtests=false
runs=${1:-30}
G=./build-bench/gktab
out=bench/out/pdf
mkdir -p "$out"

# The documents: every PDF fixture with a .csv expectation (the readable reports).
docs=""
for f in testdata/pdf/*.pdf; do
  [ -f "${f%.pdf}.csv" ] && docs="$docs $f"
done
# The batch: those documents cycled to 50 names (symlinks), in name order.
rm -rf "$out/batch"
mkdir -p "$out/batch"
i=0
while [ $i -lt 50 ]; do
  for f in $docs; do
    [ $i -lt 50 ] || break
    ln -s "$PWD/$f" "$out/batch/$(printf %02d $i)-$(basename "$f")"
    i=$((i + 1))
  done
done

# instr OUT CMD...: callgrind's instruction count of one run of CMD (exit status ignored).
instr() {
  o=$1
  shift
  valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$o" "$@" >/dev/null 2>&1 || true
  awk '/^summary:/ { print $2 }' "$o"
}
# wall_ms CMD...: hyperfine's mean in milliseconds (exit status ignored).
wall_ms() {
  n=$1
  shift
  hyperfine -N -i -w 3 -r "$n" --style none --export-csv "$out/hf.csv" "$*" >/dev/null 2>&1
  awk -F, 'NR == 2 { printf "%.3f", $2 * 1000 }' "$out/hf.csv"
}
# peak_kb CMD...: peak RSS in KB of one run.
peak_kb() {
  /usr/bin/time -f '%M' -o "$out/time.txt" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$out/time.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
mega() { awk -v a="$1" 'BEGIN { printf "%.1f", a / 1e6 }'; }

echo "PDF: gktab -q -f csv FILE against pdftotext -layout FILE - (whole process, one file a run)"
printf '%-34s %5s %9s %9s %7s %9s %9s %7s %8s %8s %6s\n' file pages "gktab I" "pdftxt I" ratio \
  "gktab ms" "pdftxt ms" ratio "gktab MB" "pdftxt MB" ratio
: >"$out/single.txt"
for f in $docs; do
  b=$(basename "$f" .pdf)
  gi=$(instr "$out/cg-gktab-$b.out" $G -q -f csv "$f")
  pi=$(instr "$out/cg-pdftotext-$b.out" pdftotext -layout "$f" -)
  gw=$(wall_ms "$runs" $G -q -f csv "$f")
  pw=$(wall_ms "$runs" pdftotext -layout "$f" -)
  gm=$(peak_kb $G -q -f csv "$f")
  pm=$(peak_kb pdftotext -layout "$f" -)
  echo "$f $gi $pi $gw $pw $gm $pm" >>"$out/single.txt"
  printf '%-34s %5s %8sM %8sM %6sx %9s %9s %6sx %8.1f %8.1f %5sx\n' "$(basename "$f")" \
    "$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')" "$(mega "$gi")" "$(mega "$pi")" \
    "$(ratio "$gi" "$pi")" "$gw" "$pw" "$(ratio "$gw" "$pw")" \
    "$(awk -v k="$gm" 'BEGIN { print k / 1024 }')" "$(awk -v k="$pm" 'BEGIN { print k / 1024 }')" \
    "$(ratio "$gm" "$pm")"
done
awk '{ ri = $2 / $3; rw = $4 / $5; rm = $6 / $7
       if (NR == 1 || ri > mi) mi = ri; if (NR == 1 || rw > mw) mw = rw; if (NR == 1 || rm > mm) mm = rm }
     END { printf "single file, worst of %d: instructions %.3fx (target <= 1.0x), wall %.2fx, peak memory %.2fx (target <= 2x)\n",
                  NR, mi, mw, mm }' "$out/single.txt"

# The batch: gktab converts the 50 in one process; pdftotext's per-document figures
# are those of its whole process on each document (above), weighted by how often the
# document is in the batch.
set -- "$out"/batch/*.pdf
nb=$#
bi=$(instr "$out/cg-batch.out" $G --in-process -q -f csv "$@")
br=$((runs / 10 < 3 ? 3 : runs / 10))
bw=$(wall_ms "$br" $G --in-process -q -f csv "$@")
bm=$(peak_kb $G --in-process -q -f csv "$@")
for f in "$@"; do readlink "$f"; done | sed "s|^$PWD/||" >"$out/batch.txt"
awk -v nb="$nb" -v bi="$bi" -v bw="$bw" -v bm="$bm" '
  NR == FNR { pi[$1] = $3; pw[$1] = $5; pm[$1] = $7; next }
  { si += pi[$1]; sw += pw[$1]; if (pm[$1] > mm) mm = pm[$1] }
  END {
    printf "batch of %d PDFs in one process (--in-process): per document %.2fM instructions, pdftotext %.2fM: %.4fx (target <= 0.9x)\n",
           nb, bi / nb / 1e6, si / nb / 1e6, (bi / nb) / (si / nb)
    printf "  wall per document %.2f ms, pdftotext %.2f ms: %.2fx; peak memory of the batch %.1f MB, pdftotext %.1f MB: %.2fx\n",
           bw / nb, sw / nb, (bw / nb) / (sw / nb), bm / 1024, mm / 1024, bm / mm
  }' "$out/single.txt" "$out/batch.txt"

# The floor: poppler-glib alone, loaded as gktab loads its module (RTLD_DEEPBIND, the
# libraries of gkconv_pdf.so named in the same order), asked for what gktab asks.
cflags=$(pkg-config --cflags poppler-glib)
libs=$(pkg-config --libs poppler-glib)
needed=$(readelf -d build-bench/gkconv_pdf.so | awk '/\(NEEDED\)/ { gsub(/[][]/, "", $5); printf ",-l:%s", $5 }')
cc -O2 -fPIC -shared -DGK_FLOOR_MODULE $cflags -o "$out/pdf_floor.so" bench/pdf_floor.c \
  -Wl,--push-state,--no-as-needed"$needed",--pop-state $libs
cc -O2 -o "$out/pdf_floor" bench/pdf_floor.c -ldl
first=${docs# }
first=${first%% *}
fi1=$(instr "$out/cg-floor.out" "$out/pdf_floor" "$out/pdf_floor.so" "$first")
fib=$(instr "$out/cg-floor-batch.out" "$out/pdf_floor" "$out/pdf_floor.so" "$@")
pi1=$(awk -v f="$first" '$1 == f { print $3 }' "$out/single.txt")
gi1=$(awk -v f="$first" '$1 == f { print $2 }' "$out/single.txt")
printf 'floor (poppler-glib only, bench/pdf_floor.c) on %s: %sM whole process = %sx pdftotext; gktab %sM\n' \
  "$(basename "$first")" "$(mega "$fi1")" "$(ratio "$fi1" "$pi1")" "$(mega "$gi1")"
awk -v nb="$nb" -v fib="$fib" -v bi="$bi" '
  NR == FNR { pi[$1] = $3; next } { si += pi[$1] }
  END { printf "floor per document in the batch: %.1fM = %.3fx pdftotext; gktab %.1fM (its own work: %.1fM a document)\n",
               fib / nb / 1e6, fib / si, bi / nb / 1e6, (bi - fib) / nb / 1e6 }' "$out/single.txt" "$out/batch.txt"

# Where one run goes, gktab and pdftotext, on the first document (inclusive counts).
b=$(basename "$first" .pdf)
callgrind_annotate --inclusive=yes --threshold=100 "$out/cg-gktab-$b.out" 2>/dev/null >"$out/cg-gktab.txt"
callgrind_annotate --inclusive=yes --threshold=100 "$out/cg-pdftotext-$b.out" 2>/dev/null >"$out/cg-pdftotext.txt"
# incl FILE PATTERN: the inclusive count of the first function matching, in M.
incl() {
  awk -v fn="$2" '$0 ~ fn { gsub(",", "", $1); printf "%.2f", $1 / 1e6; found = 1; exit }
                  END { if (!found) printf "-" }' "$1"
}
total() { awk '/PROGRAM TOTALS/ { gsub(",", "", $1); printf "%.2f", $1 / 1e6; exit }' "$1"; }
gt=$(total "$out/cg-gktab.txt")
pt=$(total "$out/cg-pdftotext.txt")
echo "where the instructions go ($(basename "$first"), M):"
printf '  gktab %s M:\n' "$gt"
printf '    %-58s %7s\n' \
  "loading the PDF module and poppler-glib (dlopen)" "$(incl "$out/cg-gktab.txt" ':dlopen@@')" \
  "poppler: text pages built (poppler_page_get_text)" "$(incl "$out/cg-gktab.txt" ':poppler_page_get_text ')" \
  "  of which fonts loaded per page (GfxResources)" "$(incl "$out/cg-gktab.txt" ':GfxResources::GfxResources')" \
  "  of which content streams run (Gfx::go)" "$(incl "$out/cg-gktab.txt" ':Gfx::go')" \
  "  of which words to blocks (TextPage::coalesce)" "$(incl "$out/cg-gktab.txt" ':TextPage::coalesce')" \
  "poppler: open the document (+ GlobalParams)" "$(incl "$out/cg-gktab.txt" ':poppler_document_new_from_bytes ')" \
  "poppler: character boxes (poppler_page_get_text_layout)" "$(incl "$out/cg-gktab.txt" ':poppler_page_get_text_layout ')" \
  "poppler: pages and text pages freed (g_object_unref)" "$(incl "$out/cg-gktab.txt" ':g_object_unref ')" \
  "gktab: glyphs to lines and grids (gk_pdf_layout_add_page)" "$(incl "$out/cg-gktab.txt" ':gk_pdf_layout_add_page ')" \
  "gktab: normalizer (gk_normalize)" "$(incl "$out/cg-gktab.txt" ':gk_normalize ')"
printf '  pdftotext %s M:\n' "$pt"
printf '    %-58s %7s\n' \
  "start-up: loading libpoppler and its libraries (_dl_start)" "$(incl "$out/cg-pdftotext.txt" ':_dl_start ')" \
  "text pages built and printed (PDFDoc::displayPages)" "$(incl "$out/cg-pdftotext.txt" ':PDFDoc::displayPages')" \
  "  of which fonts loaded per page (GfxResources)" "$(incl "$out/cg-pdftotext.txt" ':GfxResources::GfxResources')" \
  "GlobalParams (built once)" "$(incl "$out/cg-pdftotext.txt" ':GlobalParams::GlobalParams')"
