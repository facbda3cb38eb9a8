#!/bin/sh
# test.sh: installs what is missing, builds gktab twice (plain, and with
# AddressSanitizer + UndefinedBehaviorSanitizer), and runs the whole suite in both:
# cmocka unit tests and fixture tests that drive the real binary over testdata/.
# Ends with one line "N passed, N failed".
set -eu
cd "$(dirname "$0")"
. scripts/setup.sh
gk_install_missing
passed=0
failed=0
run_suite() {
  dir=$1
  shift
  gk_build "$dir" "$@"
  log="$dir/meson-logs/suite.txt"
  meson test -C "$dir" --print-errorlogs >"$log" 2>&1 || true
  tail -n 12 "$log"
  grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|TIMEOUT|ERROR)' "$log" || true
  ok=$(sed -n "s/^Ok: *\([0-9]*\) *\$/\1/p" "$log" | tail -n 1)
  bad=0
  for k in Fail Timeout "Unexpected Pass"; do
    n=$(sed -n "s/^$k: *\([0-9]*\) *\$/\1/p" "$log" | tail -n 1)
    bad=$((bad + ${n:-0}))
  done
  if [ -z "$ok" ]; then
    echo "meson test did not run in $dir" >&2
    bad=$((bad + 1))
    ok=0
  fi
  passed=$((passed + ok))
  failed=$((failed + bad))
}
echo "== plain build"
run_suite build
echo "== ASan + UBSan build"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
run_suite build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
