#!/bin/sh
# bench/pdf_memory.sh: peak RSS and time of gktab (release build) and of
# `pdftotext -layout` on the same PDFs: a report (testdata/pdf/001), the glyph bomb
# (testdata/pdf/013, refused by the glyph limit) and 44 pages of 45,000 glyphs just
# under the limit (read to the end). The target: gktab's peak at most 2x pdftotext's,
# plus what the tables need.
# Usage: bench/pdf_memory.sh   (needs GNU time, python3 for the under-limit file)
set -eu
cd "$(dirname "$0")/.."
. scripts/setup.sh
gk_install_missing time poppler-utils
gk_build build-bench -Dbuildtype=release -Dtests=false
G=./build-bench/gktab
out=bench/out/pdf
mkdir -p "$out"
python3 tests/gen_glyph_bomb.py "$out/under-limit.pdf" 44 300 150

# peak FILE CMD...: "seconds peak-KB exit" of one run.
peak() {
  /usr/bin/time -f '%e %M %x' -o "$out/time.txt" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$out/time.txt"
}

printf '%-30s %9s %10s %5s %9s %10s %7s\n' input "gktab s" "gktab MB" exit "pdftotext s" "pdftotext MB" ratio
for f in testdata/pdf/001-xxgk2021-libreoffice.pdf testdata/pdf/013-glyph-bomb.pdf \
  "$out/under-limit.pdf"; do
  set -- $(peak "$G" -q -f csv "$f")
  gs=$1 gk=$2 gx=$3
  set -- $(peak pdftotext -layout "$f" -)
  ps=$1 pk=$2
  printf '%-30s %9s %10.1f %5s %11s %12.1f %6.2fx\n' "$(basename "$f")" "$gs" \
    "$(awk -v k="$gk" 'BEGIN { print k / 1024 }')" "$gx" "$ps" \
    "$(awk -v k="$pk" 'BEGIN { print k / 1024 }')" "$(awk -v a="$gk" -v b="$pk" 'BEGIN { print a / b }')"
done
