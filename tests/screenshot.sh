#!/bin/sh
# screenshot.sh: a review page rendered by Debian's headless Chromium: the screenshot
# is a PNG of the window's size and not blank (tests/review/png_check.py). The page
# is a PDF fixture's, with its picture. Skipped (77) when chromium is not installed.
# Usage: screenshot.sh GKTAB TESTDATA
set -u
gktab=$1
data=$2
here=$(dirname "$0")
command -v chromium >/dev/null 2>&1 || { echo "chromium not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gktab" -q -f html "$data/pdf/002-blanks-continued.pdf" >"$tmp/page.html"
grep -q 'src="data:image/png;base64,' "$tmp/page.html" || { echo "FAIL: the page has no picture"; exit 1; }
# Each failing check of 002 names one cell (its hand-verified .checks): each is
# outlined on a picture.
want=$(grep -c . "$data/pdf/002-blanks-continued.checks")
got=$(grep -o '<div class="box' "$tmp/page.html" | wc -l)
[ "$got" -eq "$want" ] || { echo "FAIL: $got cells outlined on the pictures, want $want"; exit 1; }
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --no-first-run --user-data-dir="$tmp/profile" --hide-scrollbars --window-size=1200,900 \
  --screenshot="$tmp/shot.png" "file://$tmp/page.html" >"$tmp/log" 2>&1
[ -s "$tmp/shot.png" ] || { echo "FAIL: chromium wrote no screenshot"; cat "$tmp/log"; exit 1; }
python3 "$here/review/png_check.py" "$tmp/shot.png" 1200 900
