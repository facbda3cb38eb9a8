#!/bin/sh
# golden.sh: runs the real gktab binary over one testdata input and compares with
# the hand-verified expectations beside it:
#   NAME.csv     expected `--format csv` (first four columns: table,row,col,value)
#   NAME.checks  expected failed checks, `severity<TAB>rule<TAB>cell` per line
#   NAME.exit    expected exit code (default: 1 if NAME.checks has an error, else 0)
#   NAME.err     text that standard error must contain (for inputs that must fail)
# Usage: golden.sh GKTAB INPUT
set -u
gktab=$1
input=$2
base=${input%.*}
tmp=${TMPDIR:-/tmp}/gktab-golden.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0

expect_exit=0
if [ -f "$base.exit" ]; then
  expect_exit=$(cat "$base.exit")
elif [ -f "$base.checks" ] && grep -q '^error' "$base.checks"; then
  expect_exit=1
fi

# A bounded run: a hang is a failure, not a stuck suite.
timeout 60 "$gktab" -f csv "$input" >"$tmp/out.csv" 2>"$tmp/err.txt"
code=$?
if [ "$code" != "$expect_exit" ]; then
  echo "exit code $code, expected $expect_exit"
  cat "$tmp/err.txt"
  fail=1
fi
if [ -f "$base.csv" ]; then
  cut -d, -f1-4 "$tmp/out.csv" >"$tmp/got.csv"
  if ! diff -u "$base.csv" "$tmp/got.csv" >"$tmp/diff.txt"; then
    echo "CSV differs from $base.csv:"
    head -60 "$tmp/diff.txt"
    fail=1
  fi
fi
if [ -f "$base.checks" ]; then
  timeout 60 "$gktab" -q -f checks "$input" | cut -f1-3 >"$tmp/got.checks"
  if ! diff -u "$base.checks" "$tmp/got.checks" >"$tmp/diff.txt"; then
    echo "checks differ from $base.checks:"
    cat "$tmp/diff.txt"
    timeout 60 "$gktab" -q -f checks "$input" | head -30
    fail=1
  fi
fi
if [ -f "$base.err" ]; then
  if ! grep -qF -- "$(cat "$base.err")" "$tmp/err.txt"; then
    echo "stderr lacks: $(cat "$base.err")"
    echo "stderr was:"
    cat "$tmp/err.txt"
    fail=1
  fi
fi
if [ ! -f "$base.csv" ] && [ ! -f "$base.checks" ] && [ ! -f "$base.err" ]; then
  echo "no expectation file beside $input"
  fail=1
fi
exit $fail
