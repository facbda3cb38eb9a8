#!/bin/sh
# bench/run.sh: whole-process benchmarks with hyperfine (release build), and in the
# same run the tools a user would otherwise reach for: pandoc for HTML and DOCX,
# pdftotext -layout for PDF (bench/pdf.sh: every readable PDF fixture, a batch of 50
# in one process, peak memory and the floor of poppler-glib). Prints a summary table;
# raw numbers in bench/out/.
# Usage: bench/run.sh [RUNS]   (default 100 runs per command)
set -eu
cd "$(dirname "$0")/.."
. scripts/setup.sh
gk_install_missing hyperfine poppler-utils pandoc
gk_build build-bench -Dbuildtype=release -Dtests=false
runs=${1:-100}
G=./build-bench/gktab
out=bench/out
mkdir -p "$out"

# mean_ms CSV: the mean of hyperfine's first command in milliseconds.
mean_ms() { awk -F, 'NR==2 { printf "%.3f", $2 * 1000 }' "$1"; }

# One typical document per kind: the first fixture with a .csv expectation.
pick() {
  for f in testdata/"$1"/*."$2"; do
    [ -f "${f%.*}.csv" ] && { echo "$f"; return; }
  done
}

# Instructions per run (callgrind) do not move with the machine's load, unlike
# wall time on a shared 2-core box: printed beside the times when valgrind is there.
instr() {
  command -v valgrind >/dev/null 2>&1 || { echo "-"; return; }
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" "$@" >/dev/null 2>&1
  awk '/^summary:/ { printf "%.1fM", $2 / 1e6 }' "$out/cg.out"
}

printf '%-6s %-36s %9s %7s %8s %-22s %7s\n' kind file "gktab ms" "docs/s" "instr" "other tool" "ratio"
for spec in text:txt: html:html:pandoc docx:docx:pandoc; do
  kind=${spec%%:*}
  rest=${spec#*:}
  ext=${rest%%:*}
  tool=${rest#*:}
  f=$(pick "$kind" "$ext")
  [ -n "$f" ] || continue
  case $tool in
    pandoc) other="pandoc -f $kind -t plain $f" ;;
    *) other="" ;;
  esac
  if [ -n "$other" ]; then
    hyperfine -N -w 5 -r "$runs" --style none --export-csv "$out/$kind.csv" \
      "$G -f csv $f" "$other" >/dev/null 2>&1
    g=$(mean_ms "$out/$kind.csv")
    o=$(awk -F, 'NR==3 { printf "%.3f", $2 * 1000 }' "$out/$kind.csv")
    ratio=$(awk -v a="$g" -v b="$o" 'BEGIN { printf "%.2f", a / b }')
    printf '%-6s %-36s %9s %7.0f %8s %-22s %7s\n' "$kind" "$(basename "$f")" "$g" \
      "$(awk -v a="$g" 'BEGIN { print 1000 / a }')" "$(instr $G -f csv "$f")" "${tool} ${o} ms" "${ratio}x"
  else
    hyperfine -N -w 5 -r "$runs" --style none --export-csv "$out/$kind.csv" "$G -f csv $f" >/dev/null 2>&1
    g=$(mean_ms "$out/$kind.csv")
    printf '%-6s %-36s %9s %7.0f %8s %-22s %7s\n' "$kind" "$(basename "$f")" "$g" \
      "$(awk -v a="$g" 'BEGIN { print 1000 / a }')" "$(instr $G -f csv "$f")" "-" "-"
  fi
done

# Throughput of a batch: every text fixture in one process (corpus mode). Some
# fixtures fail a check by design (the exit status is then 1), so hyperfine is told
# to time the run whatever its status (-i); without it, set -e stopped the script
# here and the PDF figures below were never printed.
set -- testdata/text/*.txt
hyperfine -N -i -w 3 -r "$runs" --style none --export-csv "$out/batch.csv" "$G -q -f csv $*" >/dev/null 2>&1
b=$(mean_ms "$out/batch.csv")
echo "batch: $# text reports in one process: $b ms, $(awk -v a="$b" -v n=$# 'BEGIN { printf "%.0f", n * 1000 / a }') docs/s"

# Growth curve of a long text (peak RSS and time at 50k, 100k, 200k table rows).
sh bench/growth_text.sh "$G"

# Where a DOCX run's instructions go (module load, inflate, parse, walk, normalizer).
if command -v valgrind >/dev/null 2>&1; then sh bench/callgrind-docx.sh; fi

# PDF against pdftotext -layout: instructions, wall time and peak memory, one file a
# run and a batch of 50 in one process, with the floor of poppler-glib alone.
sh bench/pdf.sh "$runs"
