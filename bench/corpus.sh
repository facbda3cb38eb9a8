#!/bin/sh
# bench/corpus.sh: corpus-mode throughput on a mixed corpus (the converted text, HTML,
# DOCX and PDF fixtures, repeated by symlinks to about 2,000 inputs): docs/s of the
# plain in-process batch, of 1 and of 2 isolated workers; the scaling of 2 workers
# over 1 (target ≥ 1.8×); the per-document cost of isolation (1 worker against in
# process); the peak resident memory of a worker. Release build; run it on an idle
# machine, once: the figures are wall-clock.
# Usage: bench/corpus.sh [N]   (N inputs, default 2000)
set -eu
cd "$(dirname "$0")/.."
. scripts/setup.sh
gk_install_missing
gk_build build-bench -Dbuildtype=release -Dtests=false
G=$PWD/build-bench/gktab
n=${1:-2000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gktab-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The fixtures that convert (an expectation .csv beside them), of every kind.
ls testdata/text/*.txt testdata/html/*.html testdata/docx/*.docx testdata/pdf/*.pdf |
  while read -r f; do [ -f "${f%.*}.csv" ] && echo "$PWD/$f"; done >"$tmp/seeds"
k=$(wc -l <"$tmp/seeds")
i=0
while [ "$i" -lt "$n" ]; do
  f=$(sed -n "$((i % k + 1))p" "$tmp/seeds")
  ln -s "$f" "$tmp/$(printf '%05d' "$i")-$(basename "$f")"
  i=$((i + 1))
done
ls "$tmp"/0* >"$tmp/list"
echo "corpus: $n inputs from $k fixtures ($(grep -c '\.txt$' "$tmp/seeds") text," \
  "$(grep -c '\.html$' "$tmp/seeds") HTML, $(grep -c '\.docx$' "$tmp/seeds") DOCX," \
  "$(grep -c '\.pdf$' "$tmp/seeds") PDF); $(nproc) cores"

now() { date +%s.%N; }
# run LABEL OPTIONS…: one run over the corpus; sets secs, prints its docs/s and the
# summary's peak RSS of a worker.
run() {
  label=$1
  shift
  t0=$(now)
  "$G" -q -f jsonl --summary --files-from "$tmp/list" "$@" >"$tmp/out.jsonl" 2>"$tmp/sum.txt" || true
  t1=$(now)
  lines=$(wc -l <"$tmp/out.jsonl")
  [ "$lines" = "$n" ] || echo "warning: $lines records for $n inputs" >&2
  rss=$(sed -n 's/.*peak RSS of a worker \([0-9.]*\) MB.*/\1/p' "$tmp/sum.txt")
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
  awk -v l="$label" -v s="$secs" -v n="$n" -v r="$rss" \
    'BEGIN { printf "%-28s %8.2f s %9.1f docs/s   peak RSS %s MB\n", l, s, n / s, r }'
}
run "in process (no isolation)" --in-process
t_in=$secs
run "1 worker (-j 1)" -j 1
t_1=$secs
run "2 workers (-j 2)" -j 2
t_2=$secs
awk -v a="$t_in" -v b="$t_1" -v c="$t_2" -v n="$n" 'BEGIN {
  printf "scaling: 2 workers = %.2fx 1 worker (target >= 1.8x)\n", b / c
  printf "isolation: %.3f ms per document (1 worker against in process, %+.1f%%)\n",
    (b - a) * 1000 / n, (b - a) * 100 / a
}'
echo "(wall-clock figures: on a shared machine, other load skews them, the scaling most)"
