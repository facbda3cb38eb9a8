#!/bin/sh
# oneliners.sh: remakes the crawler one-liner fixtures testdata/text/08x-oneliner-*
# from the HTML fixtures (tests/gen/oneliners.py says how the expectations are made).
set -eu
cd "$(dirname "$0")/../.."
python3 tests/gen/oneliners.py testdata/text \
  plain:080:testdata/html/001-template-utf8.html \
  plain:081:testdata/html/006-br-labels.html \
  plain:082:testdata/html/007-template-2019.html \
  plain:083:testdata/html/008-corrupt-total.html \
  spaced:084:testdata/html/009-pinyin-chrome.html \
  renumbered:085:testdata/html/004-split-tables.html
