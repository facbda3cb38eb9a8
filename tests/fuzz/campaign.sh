#!/bin/sh
# campaign.sh: a long libFuzzer campaign of one target, bounded by CPU time rather
# than wall time, so that it can run at low priority beside other work and still
# report what it really spent. Prints libFuzzer's final statistics and the CPU
# seconds used; new crashing inputs land in DIR/crashes/.
# Usage: tests/fuzz/campaign.sh FUZZER CPU_SECONDS DIR [SEED_DIR...]
#   FUZZER  a target built with -Dfuzzing_engine=libfuzzer (e.g. build-fuzz/tests/fuzz_pdf)
#   DIR     the campaign's working corpus (created; keep it between campaigns)
set -eu
fuzzer=$1
budget=$2
dir=$3
shift 3
mkdir -p "$dir/corpus" "$dir/crashes"
log="$dir/fuzz.log"
nice -n 19 "$fuzzer" -print_final_stats=1 -artifact_prefix="$dir/crashes/" -rss_limit_mb=2048 \
  -timeout=30 "$dir/corpus" "$@" >"$log" 2>&1 &
pid=$!
ticks=$(getconf CLK_TCK)
cpu=0
while kill -0 "$pid" 2>/dev/null; do
  sleep 20
  # utime + stime of the fuzzer process (fields 14 and 15 of /proc/PID/stat).
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || break
  cpu=$(echo "$stat" | sed 's/.*) //' | awk -v t="$ticks" '{ printf "%d", ($12 + $13) / t }')
  if [ "$cpu" -ge "$budget" ]; then
    kill -INT "$pid" 2>/dev/null || true
    break
  fi
done
wait "$pid" 2>/dev/null || true
echo "cpu_seconds: $cpu"
grep -E '^(#[0-9]+ .*(DONE|pulse|NEW|REDUCE)|stat::|==[0-9]+==)' "$log" | tail -12
ls "$dir/crashes" | sed 's/^/crash: /'
