#!/usr/bin/env bash
# Memory stays bounded on a multi-GB stream: pipes the benchmark events N times (default 40,
# about 2.1 GB) through `evschema validate -` and reports wall time and peak RSS.
#   bench/validate/big-stream.sh [TIMES]       (run bench/validate/run.sh first)
set -euo pipefail
cd "$(dirname "$0")/../.."
times=${1:-40}
ev=target/release/evschema
events=bench/out/events.jsonl
[ -f "$events" ] || python3 bench/validate/gen.py 100000 bench/out
cargo build --release --quiet
bytes=$(( $(stat -c %s "$events") * times ))
echo "streaming $times x $events = $((bytes / 1000000)) MB through evschema validate -"
for mode in ndjson array; do
  if [ "$mode" = ndjson ]; then
    feed() { for _ in $(seq "$times"); do cat "$events"; done; }
    args=(validate -)
  else
    feed() { echo "["; for i in $(seq "$times"); do sed '$!s/$/,/' "$events"; [ "$i" -lt "$times" ] && echo ","; done; echo "]"; }
    args=(validate --array -)
  fi
  start=$(date +%s.%N)
  feed | /usr/bin/time -f "%M" -o bench/out/rss.txt "$ev" "${args[@]}" > bench/out/big-$mode.txt || true
  end=$(date +%s.%N)
  rss=$(tail -n1 bench/out/rss.txt)
  echo "$mode: $(tail -n1 bench/out/big-$mode.txt); wall $(echo "$end - $start" | bc) s; peak RSS $((rss / 1024)) MB"
done
