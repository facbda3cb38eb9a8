#!/bin/sh
# bench/growth.sh: peak memory and time against input size, three sizes per kind,
# whole process (release build). A report's body repeated k times stands for a long
# document; the target is peak RSS ≤ 64 MB + 20 × the input size, and time linear.
# Usage: bench/growth.sh   (needs python3 to build the inputs, GNU time to measure)
set -eu
cd "$(dirname "$0")/.."
. scripts/setup.sh
gk_install_missing time
gk_build build-bench -Dbuildtype=release -Dtests=false
G=./build-bench/gktab
out=bench/out/growth
mkdir -p "$out"

python3 - "$out" <<'PY'
import re, sys, zipfile
out = sys.argv[1]
html = open("testdata/html/001-template-utf8.html", encoding="utf-8").read()
a, b = html.index("<body"), html.rindex("</body>")
a = html.index(">", a) + 1
for k in (10, 50, 200):
    open(f"{out}/html-{k}.html", "w", encoding="utf-8").write(html[:a] + html[a:b] * k + html[b:])
src = zipfile.ZipFile("testdata/docx/020-lo-from-html.docx")
doc = src.read("word/document.xml").decode("utf-8")
a = doc.index(">", doc.index("<w:body")) + 1
b = doc.rindex("<w:sectPr")
for k in (10, 40, 100):
    with zipfile.ZipFile(f"{out}/docx-{k}.docx", "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                data = (doc[:a] + doc[a:b] * k + doc[b:]).encode("utf-8")
            z.writestr(name, data)
PY

printf '%-22s %10s %10s %9s %10s %s\n' input "bytes" "unpacked" "seconds" "peak MB" "limit MB (64 + 20x)"
for f in "$out"/html-10.html "$out"/html-50.html "$out"/html-200.html \
  "$out"/docx-10.docx "$out"/docx-40.docx "$out"/docx-100.docx; do
  size=$(wc -c <"$f")
  case $f in
    *.docx) unpacked=$(python3 -c 'import sys,zipfile; print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))' "$f") ;;
    *) unpacked=$size ;;
  esac
  /usr/bin/time -f '%e %M' -o "$out/time.txt" "$G" -q -f csv "$f" >/dev/null 2>&1 || true
  read -r secs kb <"$out/time.txt"
  printf '%-22s %10s %10s %9s %10.1f %10.1f\n' "$(basename "$f")" "$size" "$unpacked" "$secs" \
    "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" \
    "$(awk -v s="$size" 'BEGIN { print 64 + 20 * s / 1048576 }')"
done
