#!/bin/sh
# bench/decoder.sh: the run-together digit decoder on its worst case, a crawler
# one-liner whose every t2, t3 and t4 cell ran together (testdata/text/080, made from
# testdata/html/001), against the same report as a tab dump (innerText of the same
# page): whole-process callgrind instructions (they do not move with the machine's
# load) and hyperfine wall times, in one run. The issue's bound: at most 2x.
# Usage: bench/decoder.sh [RUNS]   (default 50)
set -eu
cd "$(dirname "$0")/.."
. scripts/setup.sh
gk_install_missing hyperfine valgrind
gk_build build-bench -Dbuildtype=release -Dtests=false
runs=${1:-50}
G=./build-bench/gktab
out=bench/out
mkdir -p "$out"
one=testdata/text/080-oneliner-template-utf8.txt
tab=$out/decoder-tab.txt
python3 tests/gen/flatten.py innertext testdata/html/001-template-utf8.html >"$tab"
instr() {
  valgrind --tool=callgrind --callgrind-out-file="$out/cg-decoder.out" "$@" >/dev/null 2>&1 || true
  awk '/^summary:/ { print $2 }' "$out/cg-decoder.out"
}
i1=$(instr $G -q -f csv "$one")
i2=$(instr $G -q -f csv "$tab")
hyperfine -N -w 5 -r "$runs" --export-csv "$out/decoder.csv" -i "$G -q -f csv $one" "$G -q -f csv $tab" >/dev/null
t1=$(awk -F, 'NR==2 { printf "%.2f", $2 * 1000 }' "$out/decoder.csv")
t2=$(awk -F, 'NR==3 { printf "%.2f", $2 * 1000 }' "$out/decoder.csv")
printf '%-28s %12s %9s\n' input instructions "ms mean"
printf '%-28s %12s %9s\n' "one-liner (080)" "$i1" "$t1"
printf '%-28s %12s %9s\n' "tab dump (innerText of 001)" "$i2" "$t2"
awk -v a="$i1" -v b="$i2" 'BEGIN { printf "ratio %.2fx instructions (bound 2x)\n", a / b }'
