#!/bin/sh
# mojibake.sh: text fixtures whose labels are unreadable, as a GBK file decoded as
# Latin-1 shows it: every CJK character becomes two Latin-1 letters, while ASCII
# (digits, tabs, the numbering) survives. From the seed 000-seed-zhenping.txt:
#   095-mojibake-labels         the seed so garbled: t3 and t4 mapped by position
#   096-mojibake-labels-broken  the same with t3.granted.natural 45 -> 46, so that
#                               t3.row_total fails: t3 is left missing, not mapped
# Usage: tests/gen/mojibake.sh [OUTDIR]   (default testdata/text)
set -eu
cd "$(dirname "$0")/../.."
out=${1:-testdata/text}
seed=testdata/text/000-seed-zhenping.txt
garble() {
  python3 -c 'import sys
s = sys.stdin.buffer.read().decode("utf-8")
sys.stdout.buffer.write(s.encode("gbk", errors="replace").decode("latin-1").encode("utf-8"))'
}
garble <"$seed" >"$out/095-mojibake-labels.txt"
# The row of (一) 予以公开: its first cell, 45, becomes 46 (its total stays 45).
sed 's/^\(三、本年度办理结果\t(一) 予以公开\t\)45\t/\146\t/' "$seed" | garble \
  >"$out/096-mojibake-labels-broken.txt"
