#!/bin/sh
# patho.sh: worst-case inputs generated at test time (too big to commit), each run
# through the real binary under a time limit. gktab must answer every one with a
# result or a clear error (exit 0, 1 or 2), never a crash, a sanitizer report or a hang.
# Usage: patho.sh GKTAB
set -u
gktab=$1
tmp=${TMPDIR:-/tmp}/gktab-patho.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0

check() { # NAME FILE [EXPECTED-EXIT]
  name=$1
  file=$2
  want=${3:-}
  start=$(date +%s)
  timeout 60 "$gktab" -f csv "$file" >"$tmp/out" 2>"$tmp/err"
  code=$?
  secs=$(($(date +%s) - start))
  bad=""
  case $code in 0 | 1 | 2) ;; *) bad="exit $code" ;; esac
  [ -n "$want" ] && [ "$code" != "$want" ] && bad="exit $code, expected $want"
  grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$tmp/err" && bad="$bad sanitizer report"
  if [ "$code" = 2 ] && [ "$(wc -l <"$tmp/err")" -lt 1 ]; then bad="$bad no error message"; fi
  if [ -n "$bad" ]; then
    echo "FAIL $name: $bad (${secs}s)"
    head -5 "$tmp/err"
    fail=1
  else
    echo "ok   $name: exit $code in ${secs}s: $(head -c 160 "$tmp/err" | head -1)"
  fi
}

: >"$tmp/empty.txt"
check "empty input" "$tmp/empty.txt" 2

printf '\t%.0s' $(seq 1 10000) >"$tmp/cols.txt"
printf 'x\n' >>"$tmp/cols.txt"
check "10 000 columns" "$tmp/cols.txt"

awk 'BEGIN { for (i = 0; i < 400000; i++) printf "规章\t%d\t%d\t%d\n", i, i, i }' >"$tmp/rows.txt"
check "400 000 table rows" "$tmp/rows.txt"

awk 'BEGIN { for (i = 0; i < 1200000; i++) print "行" }' >"$tmp/lines.txt"
check "1 200 000 paragraphs" "$tmp/lines.txt"

awk 'BEGIN { for (i = 0; i < 2000000; i++) printf "本 年 度 1 "; print "" }' >"$tmp/longline.txt"
check "one 20 MB line" "$tmp/longline.txt"

head -c 2000000 /dev/urandom >"$tmp/random.bin"
check "random bytes" "$tmp/random.bin"

printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >"$tmp/image.png"
check "PNG image" "$tmp/image.png" 2

printf '一、总体情况\0\0\0二、主动公开政府信息情况\n规章\t1\0\t2\t3\n' >"$tmp/nul.txt"
check "NUL bytes in text" "$tmp/nul.txt"

awk 'BEGIN { printf "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量"; for (i = 0; i < 40; i++) printf " 1"; print "" }' >"$tmp/groups.txt"
check "40 ambiguous digit groups" "$tmp/groups.txt"

# A crawler one-liner whose every t3 row runs 40 random digits together and whose
# t4 runs 200: astronomically many splits. The decoder's bounds (search steps per
# document, states of the rows' combination) end it at once; every cell undecided.
python3 -c '
import random
random.seed(3)
rows = ["本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "予以公开", "部分公开",
        "属于国家秘密", "其他法律行政法规禁止公开", "保护第三方合法权益", "属于三类内部事务信息",
        "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项", "本机关不掌握相关政府信息",
        "没有现成信息需要另行制作", "补正后申请内容仍不明确", "信访举报投诉类申请", "重复申请",
        "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息",
        "其他", "总计", "结转下年度继续办理"]
d = lambda n: "".join(random.choice("123456789") for _ in range(n))
print("三、收到和处理政府信息公开申请情况" + "".join(r + d(40) for r in rows) +
      "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼尚未审结总计" + d(200))
' >"$tmp/runs.txt"
check "one-liner of 40-digit runs" "$tmp/runs.txt" 1

# A long text: the seed report with its t3 rows repeated into four tables of 50 000
# rows (200 000 rows, 12 MB), under a 1 GiB address-space limit and the time limit:
# the mapper's memory must not grow with the table (see bench/growth_text.sh).
seed=$(dirname "$0")/../testdata/text/000-seed-zhenping.txt
if [ -f "$seed" ]; then
  { sed -n 1,50p "$seed"
    for t in 1 2 3 4; do
      awk 'NR >= 51 && NR <= 75 { l[c++] = $0 } END { for (i = 0; i < 50000; i++) print l[i % c] }' "$seed"
      echo "续表$t"
    done
    sed -n '76,$p' "$seed"; } >"$tmp/long.txt"
  # AddressSanitizer reserves terabytes of shadow address space: no limit there.
  if ldd "$gktab" 2>/dev/null | grep -q libasan; then
    check "200 000 t3 rows (sanitizer build: no memory limit)" "$tmp/long.txt" 0
  else
    ( ulimit -v 1048576; check "200 000 t3 rows under a 1 GiB limit" "$tmp/long.txt" 0; exit $fail ) || fail=1
  fi
fi

# A PDF glyph bomb (tests/gen_glyph_bomb.py): 113 KB, 1,100 pages of 45,000 tiny
# glyphs each. It must end within 30 s in 1 GiB of address space, refused by the
# glyph limit with its one error line. (AddressSanitizer reserves terabytes of
# address space, so a sanitized gktab runs it without the address-space limit.)
bomb=$(dirname "$0")/../testdata/pdf/013-glyph-bomb.pdf
vlimit=1048576
ldd "$gktab" 2>/dev/null | grep -q libasan && vlimit=unlimited
start=$(date +%s)
(
  ulimit -v $vlimit
  exec timeout 30 "$gktab" -f csv "$bomb"
) >"$tmp/out" 2>"$tmp/err"
code=$?
secs=$(($(date +%s) - start))
if [ "$code" = 2 ] && grep -q 'glyphs; the limit is' "$tmp/err" && [ "$(wc -l <"$tmp/err")" = 1 ]; then
  echo "ok   PDF glyph bomb (ulimit -v $vlimit): exit 2 in ${secs}s: $(head -c 160 "$tmp/err")"
else
  echo "FAIL PDF glyph bomb (ulimit -v $vlimit): exit $code in ${secs}s, expected 2 and the limit"
  head -5 "$tmp/err"
  fail=1
fi

# Just under the document's glyph limit: 44 pages of 45,000 glyphs (1,980,000) are
# read to the end, pages one at a time, in the same limits. The digits are no report
# (no table, not one Chinese character): exit 2 saying so, with every glyph counted.
LC_ALL=C awk -v pages=44 -v rows=300 -v cols=150 '
  function emit(s) { printf "%s", s; off += length(s) }
  function obj(n, body) { ofs[n] = off; emit(n " 0 obj\n" body "\nendobj\n") }
  BEGIN {
    emit("%PDF-1.4\n")
    for (i = 0; i < pages; i++) kids = kids (4 + 2 * i) " 0 R "
    obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
    obj(2, "<< /Type /Pages /Count " pages " /Kids [" kids "] /MediaBox [0 0 595 842] " \
        "/Resources << /Font << /F1 3 0 R >> >> >>")
    obj(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for (c = 0; c < cols; c++) row = row "7"
    s = "BT /F1 1 Tf 1.2 TL 10 832 Td\n"
    for (r = 0; r < rows; r++) s = s "(" row ") \047\n"
    s = s "ET"
    for (i = 0; i < pages; i++) {
      obj(4 + 2 * i, "<< /Type /Page /Parent 2 0 R /Contents " (5 + 2 * i) " 0 R >>")
      obj(5 + 2 * i, "<< /Length " length(s) " >>\nstream\n" s "\nendstream")
    }
    n = 4 + 2 * pages
    x = off
    emit("xref\n0 " n "\n0000000000 65535 f \n")
    for (k = 1; k < n; k++) emit(sprintf("%010d 00000 n \n", ofs[k]))
    emit("trailer\n<< /Size " n " /Root 1 0 R >>\nstartxref\n" x "\n%%EOF\n")
  }' >"$tmp/under.pdf"
start=$(date +%s)
(
  ulimit -v $vlimit
  exec timeout 30 "$gktab" -f csv "$tmp/under.pdf"
) >"$tmp/out" 2>"$tmp/err"
code=$?
secs=$(($(date +%s) - start))
if [ "$code" = 2 ] && grep -q 'none of its 1980000 characters is Chinese' "$tmp/err"; then
  echo "ok   PDF of 1,980,000 glyphs (ulimit -v $vlimit): exit $code in ${secs}s"
else
  echo "FAIL PDF of 1,980,000 glyphs (ulimit -v $vlimit): exit $code in ${secs}s, expected exit 2 saying none of its 1980000 characters is Chinese"
  head -5 "$tmp/err"
  fail=1
fi

# An allocator put in front of libc's (LD_PRELOAD, as HPC sites and heap profilers
# do): the PDF module's libraries must use it too, or a buffer poppler allocates is
# freed on the wrong heap (converters/module.c). The sanitizer builds have their own
# allocator first and refuse a second, so they skip this.
jemalloc=$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -n 1)
src=$(dirname "$0")/../testdata/pdf/001-xxgk2021-libreoffice.pdf
if [ -z "$jemalloc" ]; then
  echo "FAIL allocator preloaded: libjemalloc.so.2 not installed (scripts/setup.sh installs it)"
  fail=1
elif ldd "$gktab" 2>/dev/null | grep -q 'libasan'; then
  echo "skip allocator preloaded: a sanitizer build"
else
  timeout 60 "$gktab" -q -f csv "$src" >"$tmp/plain.csv" 2>/dev/null
  LD_PRELOAD=$jemalloc timeout 60 "$gktab" -q -f csv "$src" >"$tmp/out" 2>"$tmp/err"
  code=$?
  if [ "$code" = 0 ] && [ -s "$tmp/out" ] && cmp -s "$tmp/out" "$tmp/plain.csv"; then
    echo "ok   allocator preloaded (LD_PRELOAD=$jemalloc): the same tables"
  else
    echo "FAIL allocator preloaded (LD_PRELOAD=$jemalloc): exit $code"
    head -5 "$tmp/err"
    fail=1
  fi
fi

exit $fail
