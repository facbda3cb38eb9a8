#!/bin/sh
# run.sh: installs what is missing, builds gktab, and converts the bundled sample
# reports (or the files given) into canonical tables as Markdown.
set -eu
cd "$(dirname "$0")"
. scripts/setup.sh
gk_install_missing
gk_build build
if [ $# -eq 0 ]; then
  set -- testdata/text/000-seed-zhenping.txt testdata/text/001-seed-ganhetan.txt \
    testdata/text/002-seed-shanzhou.txt testdata/text/003-seed-linyou.txt \
    testdata/text/004-seed-zhangliang.txt
fi
status=0
./build/gktab -f md "$@" || status=$?
echo "gktab: converted $# file(s), exit status $status (0 all checks pass, 1 a check failed, 2 unreadable input)" >&2
exit $status
