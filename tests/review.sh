#!/bin/sh
# review.sh: the review page (-f html) of every fixture through Python's html.parser
# (tests/review/parse.py): every cell of the template on one <td data-cell> with the
# JSON's value, no script, no external resource; and a report whose title, labels
# and file name hold markup, quotes, & and invalid UTF-8 renders them as text.
# Usage: review.sh GKTAB TESTDATA
set -u
gktab=$1
data=$2
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for f in "$data"/*/*; do
  case "$f" in *.csv|*.checks|*.exit|*.err|*.md|*.dump|*.diags|*/README.md) continue ;; esac
  timeout 60 "$gktab" -q "$f" >"$tmp/p.json" 2>/dev/null
  [ -s "$tmp/p.json" ] || continue # unreadable: no page either
  if ! timeout 120 "$gktab" -q -f html "$f" >"$tmp/p.html" 2>"$tmp/err"; then
    [ $? -le 1 ] || { echo "FAIL: $f: -f html failed: $(cat "$tmp/err")"; fail=1; continue; }
  fi
  python3 "$here/review/parse.py" "$tmp/p.html" "$tmp/p.json" >"$tmp/out" || { cat "$tmp/out"; fail=1; }
  n=$((n + 1))
done
echo "ok: $n review pages parsed"

# Markup in the text and the name: escaped, never markup.
bad=$(printf 'a<b>&"q\047\377.txt')
{
  printf '镇平县人民政府 2024 年政府信息公开工作年度报告 <script>alert(1)</script> & "q" \047x\047 \377\376\n'
  tail -n +4 "$data/text/000-seed-zhenping.txt" | sed 's/^规章\t/<img src=x onerror=alert(2)>规章\t/'
} >"$tmp/$bad"
"$gktab" -q -f html "$tmp/$bad" >"$tmp/bad.html" 2>/dev/null
"$gktab" -q "$tmp/$bad" >"$tmp/bad.json" 2>/dev/null
python3 "$here/review/parse.py" "$tmp/bad.html" "$tmp/bad.json" >"$tmp/out" || { cat "$tmp/out"; fail=1; }
grep -q '<script' "$tmp/bad.html" && { echo "FAIL: a <script> element in the page"; fail=1; }
grep -q '<img src=x' "$tmp/bad.html" && { echo "FAIL: an <img> of the input in the page"; fail=1; }
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;x&#39;' "$tmp/bad.html" ||
  { echo "FAIL: the title's markup is not shown as text"; fail=1; }
grep -qF 'a&lt;b&gt;&amp;&quot;q&#39;' "$tmp/bad.html" || { echo "FAIL: the file name is not escaped"; fail=1; }
grep -qF '&lt;img src=x onerror=alert(2)&gt;规章' "$tmp/bad.html" ||
  { echo "FAIL: the label's markup is not shown as text in the source lines"; fail=1; }
iconv -f UTF-8 -t UTF-8 "$tmp/bad.html" >/dev/null || { echo "FAIL: the page is not UTF-8"; fail=1; }
[ $fail -eq 0 ] && echo "ok: markup in the input shown as text"
exit $fail
