#!/bin/sh
# provenance.sh: every non-null cell of every fixture's -f json has an entry in the
# provenance object, and every entry names a cell of the tables (jq).
# Usage: provenance.sh GKTAB TESTDATA
set -u
gktab=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for f in "$data"/*/*; do
  case "$f" in *.csv|*.checks|*.exit|*.err|*.md|*.dump|*.diags|*/README.md) continue ;; esac
  timeout 60 "$gktab" -q "$f" >"$tmp/out.json" 2>/dev/null
  [ -s "$tmp/out.json" ] || continue # unreadable inputs have no record
  n=$((n + 1))
  bad=$(jq -r '. as $d
    | ([.tables | to_entries[] | .key as $t | .value | to_entries[] | .key as $r | .value
        | to_entries[] | select(.value != null) | "\($t).\($r).\(.key)"]) as $cells
    | ($cells | map(select($d.provenance[.] == null))) as $missing
    | ($d.provenance | keys | map(. as $k | select($cells | index($k) == null)
        | select(($k | split(".")) as $p | $d.tables[$p[0]][$p[1]] | has($p[2]) | not))) as $stray
    | ($missing + $stray) | join(" ")' "$tmp/out.json") || { echo "FAIL: $f: JSON does not parse"; fail=1; continue; }
  if [ -n "$bad" ]; then
    echo "FAIL: $f: cells without provenance or entries without a cell: $bad"
    fail=1
  fi
done
[ $fail -eq 0 ] && echo "ok: provenance of every non-null cell in $n fixtures"
exit $fail
