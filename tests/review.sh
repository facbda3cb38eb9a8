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

# The corpus index: one page per converted input, index.html linking to each, the
# failing rules counted (010's three t3 rules), an SVG chart, an unreadable input named.
mkdir "$tmp/in"
cp "$data/text/000-seed-zhenping.txt" "$data/text/010-corrupt-total.txt" "$data/html/001-template-utf8.html" \
  "$data/pdf/002-blanks-continued.pdf" "$data/pdf/006-damaged.pdf" "$tmp/in/"
"$gktab" -q -r -j 2 --out "$tmp/site" -f html "$tmp/in" 2>/dev/null
python3 - "$tmp/site" <<'PY' || fail=1
import os, sys
from html.parser import HTMLParser
out = sys.argv[1]
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.links = []; s.rows = 0; s.svg = 0; s.rects = 0; s.body = False; s.text = []
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == "a": s.links.append(a["href"])
        if tag == "tbody": s.body = True
        if tag == "tr" and s.body: s.rows += 1
        if tag == "svg": s.svg += 1
        if tag == "rect": s.rects += 1
    def handle_data(s, d): s.text.append(d)
p = P(); p.feed(open(os.path.join(out, "index.html"), encoding="utf-8").read())
text = " ".join(p.text)
bad = []
pages = sorted(f for f in os.listdir(out) if f.endswith(".html") and f != "index.html")
if len(pages) != 4: bad.append("%d pages, want 4 (the damaged PDF has none)" % len(pages))
if sorted(p.links) != pages: bad.append("links %s, pages %s" % (p.links, pages))
if p.svg != 1 or p.rects < 3: bad.append("no bar chart (%d svg, %d bars)" % (p.svg, p.rects))
for rule in ("t3.balance", "t3.results_sum", "t3.row_total", "value.blank"):
    if rule not in text: bad.append("rule %s not counted" % rule)
if "damaged PDF" not in text: bad.append("the unreadable input's reason is missing")
for b in bad: print("FAIL: index:", b)
if not bad: print("ok: corpus index, %d pages linked" % len(pages))
sys.exit(1 if bad else 0)
PY
exit $fail
