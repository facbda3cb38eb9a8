#!/bin/sh
# bench/review.sh: what the review page's pictures cost: a 5-page PDF report
# (testdata/pdf/012, LibreOffice) converted with -f json and with -f html (release
# build, hyperfine), and each embedded picture's PNG size against the 150 KB budget
# per table at its resolution.
# Usage: bench/review.sh
set -eu
cd "$(dirname "$0")/.."
. scripts/setup.sh
gk_install_missing hyperfine python3
gk_build build-bench -Dbuildtype=release -Dtests=false
G=./build-bench/gktab
pdf=testdata/pdf/012-lo-from-html-2019.pdf
out=bench/out/review
mkdir -p "$out"
hyperfine -N --warmup 3 --runs 30 --export-markdown "$out/times.md" \
  "$G -q -f json $pdf" "$G -q -f html $pdf" >/dev/null
cat "$out/times.md"
"$G" -q -f html "$pdf" >"$out/page.html" || true
"$G" -q -f json "$pdf" >"$out/page.json" || true
printf '\npage: %s bytes of HTML, JSON: %s bytes\n' "$(wc -c <"$out/page.html")" "$(wc -c <"$out/page.json")"
# The pictures: decoded PNG bytes, pixels and resolution from the figure captions.
python3 - "$out/page.html" <<'PY'
import base64, re, struct, sys
html = open(sys.argv[1], encoding="utf-8").read()
pngs = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
caps = re.findall(r"<figcaption>([^<]+)</figcaption>", html)
print("| picture | PNG bytes | pixels | region |")
print("|---|---|---|---|")
for i, (b, cap) in enumerate(zip(pngs, caps)):
    png = base64.b64decode(b)
    w, h = struct.unpack(">II", png[16:24])
    print("| %d | %d (%.0f KB)%s | %dx%d | %s |" % (i + 1, len(png), len(png) / 1024,
          "" if len(png) <= 150 * 1024 else " OVER", w, h, cap))
PY
