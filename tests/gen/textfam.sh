#!/bin/sh
# textfam.sh: remakes the text fixtures of issue 9's families 2-6 (testdata/text/06x-, 07x-)
# from their source fixtures. Run by hand from the tree's root; outputs are committed and
# CI does not run it. Each fixture's expected .csv/.checks are those of its source fixture,
# hand-verified there: the flattening changes the shape of the text, never a number.
set -eu
T=testdata/text
# 3. One-cell-per-line dump (seed 003) with no blank line before the part headings.
python3 - <<'PY'
import re
s = open("testdata/text/003-seed-linyou.txt", encoding="utf-8").read()
open("testdata/text/060-cells-heading-no-blank.txt", "w", encoding="utf-8").write(
    re.sub(r"\n\n+(?=[二三四五六]、)", "\n", s))
PY
# 5. get_text('\n') dumps of the HTML fixture with blank cells: a no-break space, a dash.
python3 tests/gen/flatten.py lines testdata/html/005-nbsp-blanks.html > $T/061-gettext-nbsp.txt
python3 tests/gen/flatten.py lines testdata/html/005-nbsp-blanks.html --blank '—' > $T/062-gettext-dash.txt
