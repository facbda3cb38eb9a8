#!/bin/sh
# metamorphic.sh: each seed report, re-dressed the ways real dumps differ (CRLF,
# tabs turned into runs of spaces, blank lines between rows, ideographic spaces,
# GBK and UTF-16 bytes, a space after every tab, full-width digits and brackets,
# numbering dropped, no-break spaces), must give exactly the cells of
# its hand-verified .csv: none of these changes what the document says.
# Usage: metamorphic.sh GKTAB TESTDATA_DIR
set -u
gktab=$1
dir=$2/text
tmp=${TMPDIR:-/tmp}/gktab-meta.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0
for src in "$dir"/00[0-4]-seed-*.txt; do
  name=$(basename "$src" .txt)
  sed 's/$/\r/' "$src" >"$tmp/crlf.txt"
  sed 's/\t/    /g' "$src" >"$tmp/spaces.txt"
  awk '{ print; print "" }' "$src" >"$tmp/blank-lines.txt"
  sed 's/ /　/g' "$src" >"$tmp/ideographic-spaces.txt"
  iconv -f UTF-8 -t GBK "$src" >"$tmp/gbk.txt"
  iconv -f UTF-8 -t UTF-16 "$src" >"$tmp/utf16.txt"
  sed 's/\t/\t /g' "$src" >"$tmp/tab-space.txt"
  sed 's/0/０/g; s/1/１/g; s/2/２/g; s/3/３/g; s/4/４/g; s/5/５/g; s/6/６/g; s/7/７/g; s/8/８/g; s/9/９/g' \
    "$src" >"$tmp/fullwidth-digits.txt"
  sed 's/(/（/g; s/)/）/g' "$src" >"$tmp/fullwidth-brackets.txt"
  sed 's/^\([一二三四]\)、//; s/\t\([一二三四]\)、/\t/g' "$src" >"$tmp/no-numbering.txt"
  sed 's/ /\xc2\xa0/g' "$src" >"$tmp/nbsp.txt"
  for v in crlf spaces blank-lines ideographic-spaces gbk utf16 tab-space fullwidth-digits \
    fullwidth-brackets no-numbering nbsp; do
    timeout 60 "$gktab" -q -f csv "$tmp/$v.txt" | cut -d, -f1-4 >"$tmp/got.csv"
    if ! diff -q "${src%.txt}.csv" "$tmp/got.csv" >/dev/null; then
      echo "FAIL $name as $v:"
      diff "${src%.txt}.csv" "$tmp/got.csv" | head -10
      fail=1
    else
      echo "ok   $name as $v"
    fi
  done
done
exit $fail
