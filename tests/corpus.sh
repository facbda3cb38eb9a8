#!/bin/sh
# corpus.sh: corpus mode end to end: a bad-input corpus (good, failing, empty, random,
# truncated, hanging, crashing, symlink loops, a FIFO, odd names) gives one record per
# input in input order with the right status; the batch survives the crash and the
# hang; -j 1 and -j 2 agree; --files-from -0; --out; --summary and --summary-from;
# the cross-year rules on tests/corpus/series; GNU parallel's merged JSONL equals the
# -j run's. Usage: corpus.sh GKTAB SOURCE_ROOT
set -u
gktab=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
T=$root/testdata
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gktab-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
  echo "FAIL: $*"
  fail=1
}

# The corpus. Names are numbered so that the sorted walk order is plain to see.
c=$tmp/c
mkdir -p "$c/07 sub dir" "$c/08-loops"
cp "$T/text/000-seed-zhenping.txt" "$c/01-good.txt"
cp "$T/text/010-corrupt-total.txt" "$c/02-failing.txt"
cp "$root/tests/corpus/bad/empty.txt" "$c/03-empty.txt"
cp "$root/tests/corpus/bad/random.bin" "$c/04-random.bin"
head -c 3000 "$T/pdf/001-xxgk2021-libreoffice.pdf" >"$c/05-truncated.pdf"
head -c 3000 "$T/docx/001-wps-template-filled.docx" >"$c/06-truncated.docx"
cp "$T/html/001-template-utf8.html" "$c/07 sub dir/a b.html"
nl='
'
cp "$T/text/000-seed-zhenping.txt" "$c/07 sub dir/new${nl}line.txt"
ln -s loop-b "$c/08-loops/loop-a"
ln -s loop-a "$c/08-loops/loop-b"
ln -s .. "$c/08-loops/up"
ln -s missing "$c/08-loops/dangling"
mkfifo "$c/09-fifo"
cp "$T/text/000-seed-zhenping.txt" "$c/10-hang-me.txt"
cp "$T/text/000-seed-zhenping.txt" "$c/11-crash-me.txt"
cp "$T/pdf/001-xxgk2021-libreoffice.pdf" "$c/12-good.pdf"
cp "$T/docx/010-handmade-spans.docx" "$c/13-good.docx"

# Expected records, in the walk's order (bytes: ' ' < '-' < '/'): status, then path.
cat >"$tmp/expected" <<EOF
ok	$c/01-good.txt
failed_checks	$c/02-failing.txt
unreadable	$c/03-empty.txt
unreadable	$c/04-random.bin
unreadable	$c/05-truncated.pdf
unreadable	$c/06-truncated.docx
ok	$c/07 sub dir/a b.html
ok	$c/07 sub dir/new\\nline.txt
unreadable	$c/08-loops/dangling
unreadable	$c/08-loops/loop-a
unreadable	$c/08-loops/loop-b
unreadable	$c/08-loops/up
unreadable	$c/09-fifo
timeout	$c/10-hang-me.txt
crashed	$c/11-crash-me.txt
ok	$c/12-good.pdf
ok	$c/13-good.docx
EOF

run() {
  GKTAB_TEST_HANG=hang-me GKTAB_TEST_CRASH=crash-me timeout 120 "$gktab" "$@"
}

run -r -j 2 --timeout 2 -f jsonl "$c" >"$tmp/j2.jsonl" 2>"$tmp/j2.err"
code=$?
[ "$code" = 2 ] || bad "exit status $code, expected 2 (the worst: unreadable, timeout, crashed)"
jq -r '[.status, .source] | @tsv' "$tmp/j2.jsonl" >"$tmp/got" || bad "the JSONL does not parse"
if ! diff -u "$tmp/expected" "$tmp/got"; then bad "records differ from the expected statuses"; fi
n=$(wc -l <"$tmp/j2.jsonl")
[ "$n" = 17 ] || bad "$n JSONL lines for 17 inputs"
# Every failure has its one-line reason; a converted document has none.
jq -e -s 'all(.[]; if (.status == "ok" or .status == "failed_checks") then .error == null
  else (.error | type == "string" and length > 0 and (contains("\n") | not)) end)' \
  "$tmp/j2.jsonl" >/dev/null || bad "a record lacks its reason, or a converted one has one"
jq -r 'select(.source | endswith("crash-me.txt")) | .error' "$tmp/j2.jsonl" | grep -q 'worker' ||
  bad "the crash record does not say the worker died"
jq -r 'select(.source | endswith("hang-me.txt")) | .error' "$tmp/j2.jsonl" | grep -q '2 s time limit' ||
  bad "the timeout record does not name the limit"
jq -r 'select(.source | endswith("loop-a")) | .error' "$tmp/j2.jsonl" | grep -q 'symlink loop' ||
  bad "the symlink loop is not named"
jq -r 'select(.source | endswith("up")) | .error' "$tmp/j2.jsonl" | grep -q 'contains itself' ||
  bad "the directory loop is not named"
# Same keys as -f json, plus status and error.
"$gktab" -q "$c/01-good.txt" | jq -c 'keys' >"$tmp/keys.json"
jq -c 'select(.source | endswith("01-good.txt")) | del(.status, .error) | keys' "$tmp/j2.jsonl" |
  diff - "$tmp/keys.json" >/dev/null || bad "JSONL keys are not -f json's plus status and error"

# One worker: the same records, byte for byte.
run -r -j 1 --timeout 2 -f jsonl "$c" >"$tmp/j1.jsonl" 2>/dev/null
cmp -s "$tmp/j1.jsonl" "$tmp/j2.jsonl" || bad "-j 1 and -j 2 give different JSONL"

# An unreadable file. Root reads anything, so the case needs another user.
touch "$tmp/locked.txt"
chmod 000 "$tmp/locked.txt"
if [ "$(id -u)" != 0 ]; then
  "$gktab" -f jsonl "$tmp/locked.txt" "$c/01-good.txt" 2>/dev/null | jq -r .status | tr '\n' ' ' |
    grep -qx 'unreadable ok ' || bad "a chmod 000 file is not unreadable"
else
  echo "skip: chmod 000 is readable by root (the FIFO and the dangling link cover unreadable entries)"
fi

# --files-from with NUL separators: a name with a newline survives; order as listed.
printf '%s\0%s\0%s\0' "$c/13-good.docx" "$c/07 sub dir/new${nl}line.txt" "$c/03-empty.txt" |
  "$gktab" --files-from - -0 -f jsonl 2>/dev/null | jq -r .status | tr '\n' ' ' >"$tmp/ff"
[ "$(cat "$tmp/ff")" = "ok ok unreadable " ] || bad "--files-from - -0 gave: $(cat "$tmp/ff")"
printf '%s\n%s\n' "$c/12-good.pdf" "$c/07 sub dir/a b.html" >"$tmp/list"
"$gktab" --files-from "$tmp/list" -f jsonl 2>/dev/null | jq -r .format | tr '\n' ' ' >"$tmp/ff"
[ "$(cat "$tmp/ff")" = "pdf html " ] || bad "--files-from FILE gave: $(cat "$tmp/ff")"

# CSV: one header, the source column, the converted inputs' rows in input order, as
# the single-file runs print them.
run -r -j 2 --timeout 2 -f csv "$c" >"$tmp/out.csv" 2>/dev/null
[ "$(grep -c '^table,row,col,value,source$' "$tmp/out.csv")" = 1 ] || bad "CSV header not once"
for f in "$c/01-good.txt" "$c/02-failing.txt" "$c/07 sub dir/a b.html" \
  "$c/07 sub dir/new${nl}line.txt" "$c/12-good.pdf" "$c/13-good.docx"; do
  "$gktab" -q -f csv "$f" | sed 1d
done >"$tmp/csv-expected"
sed 1d "$tmp/out.csv" | cmp -s - "$tmp/csv-expected" || bad "CSV rows differ from the single-file runs"

# --out: one .json per input (distinct names) and summary.json; the summary's counts.
run -r -j 2 --timeout 2 --out "$tmp/out" --summary "$c" 2>/dev/null
n=$(ls "$tmp/out" | grep -vc '^summary.json$')
[ "$n" = 17 ] || bad "--out wrote $n records for 17 inputs"
for f in "$tmp/out"/*.json; do jq -e . "$f" >/dev/null || bad "$f does not parse"; done
jq -c '[.documents, .by_status]' "$tmp/out/summary.json" >"$tmp/sum"
echo '[17,{"ok":5,"failed_checks":1,"unreadable":9,"timeout":1,"crashed":1}]' |
  diff - "$tmp/sum" || bad "summary.json counts differ"
jq -e '.failures_by_rule | map(.id) | index("t3.balance") != null' "$tmp/out/summary.json" \
  >/dev/null || bad "summary.json lacks the failing document's rule"
jq -e '.timing.slowest[0].source | endswith("hang-me.txt")' "$tmp/out/summary.json" >/dev/null ||
  bad "the hanging input is not the slowest"
# The same counts rebuilt from JSONL (no timing in records).
"$gktab" -f json --summary-from "$tmp/j2.jsonl" >"$tmp/from.json" || bad "--summary-from failed"
jq -c '[.documents, .by_status]' "$tmp/from.json" | diff - "$tmp/sum" ||
  bad "--summary-from counts differ from the run's"
jq -e '.timing == null' "$tmp/from.json" >/dev/null || bad "--summary-from invents timing"
# The text report goes to stderr, the records stay on stdout.
run -r -j 2 --timeout 2 -q -f jsonl --summary "$c" 2>"$tmp/sum.txt" >/dev/null
grep -q '^gktab summary: 17 documents' "$tmp/sum.txt" || bad "--summary text missing on stderr"

# A memory limit: a worker that hits it gives its input a record; the batch goes on.
# (Not under AddressSanitizer, which needs its address space: workers skip the limit.)
if ! ldd "$gktab" 2>/dev/null | grep -q asan; then
  head -c 64000000 /dev/zero | tr '\0' a >"$tmp/big.txt"
  "$gktab" -f jsonl --max-memory 48M "$tmp/big.txt" "$c/01-good.txt" 2>/dev/null |
    jq -r '[.status, .error] | @tsv' | tr '\t\n' ': ' >"$tmp/mem"
  [ "$(cat "$tmp/mem")" = "unreadable:out of memory ok: " ] ||
    bad "under --max-memory 48M: $(cat "$tmp/mem")"
  rm -f "$tmp/big.txt"
fi

# Cross-year rules: the four hand-worked warnings, on the later years' records.
S=$root/tests/corpus/series
(cd "$S/.." && "$gktab" -q -j 2 -f checks series/*.txt) | grep '	corpus\.' |
  sed "s|series/|SERIES/|g" >"$tmp/series.got"
diff -u "$S/../series.expected" "$tmp/series.got" || bad "cross-year checks differ"

# An undecided t2 row settled by the neighbour year (tests/corpus/settle): the 2023
# crawler one-liner's 规章 digits 3127 read 3|1|27, 3|12|7 or 31|2|7, and only 3|1|27
# gives 2022's 25 in force + 3 - 1 = 27; 行政规范性文件 14596 only as 14|5|96 (87 + 14 - 5).
# Alone, the one-liner leaves them null (value.ambiguous, exit 1); with 2022, in any
# output format, they are read, the note names the rule and the year, and it passes.
Q=$root/tests/corpus/settle
want="t2,rules,issued,3 t2,rules,repealed,1 t2,rules,in_force,27 t2,normative,issued,14 t2,normative,repealed,5 t2,normative,in_force,96"
for j in 1 2; do
  "$gktab" -v -j $j -f csv "$Q/qingshan-2022.html" "$Q/qingshan-2023.txt" >"$tmp/settle.csv" 2>"$tmp/settle.err"
  code=$?
  got=$(grep 'qingshan-2023' "$tmp/settle.csv" | head -6 | cut -d, -f1-4 | tr '\n' ' ' | sed 's/ $//')
  [ "$got" = "$want" ] || bad "settle -j $j: 2023's t2 is '$got'"
  [ "$code" = 0 ] || bad "settle -j $j: exit $code, expected 0"
  grep -q 't2.rules read as 3|1|27: decided by corpus.in_force with 2022' "$tmp/settle.err" ||
    bad "settle -j $j: no note naming the rule and the year"
done
"$gktab" -q -f csv "$Q/qingshan-2023.txt" >"$tmp/alone.csv"
[ $? = 1 ] || bad "the one-liner alone should fail value.ambiguous"
grep -q '^t2,rules,issued,,' "$tmp/alone.csv" || bad "the one-liner alone should leave t2.rules.issued null"
# A neighbour whose arithmetic fits no reading decides nothing: the cells stay null.
sed 's/>25</>26</' "$Q/qingshan-2022.html" >"$tmp/qingshan-2022.html"
"$gktab" -q -j 2 -f csv "$tmp/qingshan-2022.html" "$Q/qingshan-2023.txt" >"$tmp/nofit.csv"
grep -q 'qingshan-2023.txt' "$tmp/nofit.csv" && grep 'qingshan-2023' "$tmp/nofit.csv" | grep -q '^t2,rules,issued,,' ||
  bad "a neighbour that fits no reading must not settle t2.rules"
# Years that are not consecutive, or one year alone, say nothing.
"$gktab" -q -f checks "$S/zhenping-2023.txt" "$S/zhenping-2025.txt" "$S/qingshi-2020.txt" |
  grep -q 'corpus\.' && bad "cross-year checks fired on non-consecutive years"
# In JSONL they sit in the later year's checks; the earlier year's record is untouched.
"$gktab" -q -f jsonl "$S/zhenping-2023.txt" "$S/zhenping-2024.txt" |
  jq -r '[.year, ([.checks[].id] | join(","))] | @tsv' | tr '\t\n' ': ' >"$tmp/xj"
[ "$(cat "$tmp/xj")" = "2023: 2024:corpus.in_force " ] || bad "JSONL cross-year: $(cat "$tmp/xj")"

# GNU parallel: chunks of 4 inputs in 2 jobs, kept in order, concatenated, equal the
# -j run's JSONL (no testdata organ has two consecutive years, so no pair is split).
if command -v parallel >/dev/null; then
  ls "$T"/*/* | grep -Ev '\.(csv|checks|exit|err|md)$' >"$tmp/all"
  "$gktab" -q -j 2 -f jsonl --files-from "$tmp/all" >"$tmp/pj.jsonl" 2>/dev/null
  parallel --will-cite -k -j 2 -N 4 "$gktab" -q -f jsonl <"$tmp/all" >"$tmp/par.jsonl" 2>/dev/null
  [ -s "$tmp/pj.jsonl" ] || bad "the -j run over testdata wrote nothing"
  cmp -s "$tmp/pj.jsonl" "$tmp/par.jsonl" || bad "GNU parallel's merged JSONL differs from -j's"
  [ "$(wc -l <"$tmp/par.jsonl")" = "$(wc -l <"$tmp/all")" ] || bad "parallel: not one line per input"
else
  bad "GNU parallel is not installed (scripts/setup.sh installs it)"
fi

[ "$fail" = 0 ] && echo "PASS: corpus mode"
exit "$fail"
