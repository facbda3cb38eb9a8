#!/bin/sh
# bench/growth_text.sh: the text growth curve: peak RSS and wall time of one conversion
# of the seed report with its t3 rows repeated into four tables of N/4 rows, for
# N = 50 000, 100 000, 200 000. Memory and time should grow linearly with the input;
# the target is peak RSS <= 64 MB + 20 x the input size.
# Usage: bench/growth_text.sh [GKTAB]   (default ./build/gktab; needs /usr/bin/time)
set -eu
cd "$(dirname "$0")/.."
G=${1:-./build/gktab}
seed=testdata/text/000-seed-zhenping.txt
tmp=${TMPDIR:-/tmp}/gktab-growth.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
printf '%8s %10s %10s %10s %8s\n' rows "input MB" "peak MB" "target MB" "time s"
for n in 50000 100000 200000; do
  { sed -n 1,50p "$seed"
    for t in 1 2 3 4; do
      awk -v n=$((n / 4)) 'NR >= 51 && NR <= 75 { l[c++] = $0 } END { for (i = 0; i < n; i++) print l[i % c] }' "$seed"
      echo "续表$t"
    done
    sed -n '76,$p' "$seed"; } >"$tmp/in.txt"
  /usr/bin/time -f '%M %e' -o "$tmp/time" "$G" -q -f csv "$tmp/in.txt" >/dev/null || true
  bytes=$(wc -c <"$tmp/in.txt")
  read -r kb secs <"$tmp/time"
  awk -v n="$n" -v b="$bytes" -v kb="$kb" -v s="$secs" 'BEGIN {
    mb = b / 1048576; printf "%8d %10.1f %10.1f %10.1f %8.2f\n", n, mb, kb / 1024, 64 + 20 * mb, s }'
done
