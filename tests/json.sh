#!/bin/sh
# json.sh: the JSON writer's output parses (jq) whatever the cells and file names hold:
# a decimal written with a leading zero (06432.466) and a file name that is not UTF-8.
# Usage: json.sh GKTAB TESTDATA
set -eu
gktab=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
sed 's/^行政事业性收费\t6432.466/行政事业性收费\t06432.466/' "$data/text/000-seed-zhenping.txt" >"$tmp/lead.txt"
"$gktab" -q "$tmp/lead.txt" >"$tmp/lead.json" || true
amount=$(jq -r '.tables.t2.fees.amount' "$tmp/lead.json") || { echo "FAIL: JSON with 06432.466 does not parse"; fail=1; }
[ "${amount:-}" = "6432.466" ] || { echo "FAIL: fees.amount is '${amount:-}', want 6432.466"; fail=1; }
bad=$(printf 'r\377\376port.txt')
cp "$data/text/000-seed-zhenping.txt" "$tmp/$bad"
"$gktab" -q "$tmp/$bad" >"$tmp/name.json" || true
src=$(jq -r '.source' "$tmp/name.json") || { echo "FAIL: JSON with a non-UTF-8 file name does not parse"; fail=1; }
case "${src:-}" in
  *'r\xFF\xFEport.txt') ;;
  *) echo "FAIL: source is '${src:-}', want the bad bytes as \\xHH"; fail=1 ;;
esac
"$gktab" -q -f csv "$tmp/$bad" | iconv -f UTF-8 -t UTF-8 >/dev/null || { echo "FAIL: CSV is not UTF-8"; fail=1; }
[ $fail -eq 0 ] && echo "ok: JSON numbers and names"
exit $fail
