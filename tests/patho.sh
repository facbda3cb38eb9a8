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

exit $fail
