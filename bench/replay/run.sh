#!/usr/bin/env bash
# Replay benchmark: `replay` to stdout and to a file beside `validate` on the same events,
# then to a webhook receiver on 127.0.0.1 with --concurrency 1 and 8.
#   bench/replay/run.sh [EVENTS] [HTTP_EVENTS]      (default 100000 and 20000)
# Needs: cargo, python3. Outputs under bench/out/replay (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
h=${2:-20000}
out=bench/out/replay
mkdir -p "$out"
T="python3 bench/timeit.py"

cargo build --release --quiet --bin evschema --example replay-receiver
python3 bench/validate/gen.py "$n" "$out" >/dev/null
ev=target/release/evschema
head -n "$h" "$out/events.jsonl" > "$out/http.jsonl"

echo "machine: $(nproc) cores; $(uname -m); events: $n ($(du -m "$out/events.jsonl" | cut -f1) MB NDJSON), 1 in 100 invalid"
echo "-- to stdout or a file, against validate (exit 1: the invalid events)"
$T --label "validate" -- "$ev" validate -q "$out/events.jsonl"
$T --label "replay --to - (NDJSON to /dev/null)" -- "$ev" replay -q "$out/events.jsonl" --to -
$T --label "replay --to file:" -- "$ev" replay -q "$out/events.jsonl" --to "file:$out/replayed.ndjson"
rm -f "$out/state"
$T --runs 1 --label "replay --to file: --state (fresh state)" -- "$ev" replay -q "$out/events.jsonl" --to "file:$out/replayed.ndjson" --state "$out/state"
$T --label "replay --to file: --state (all resumed)" -- "$ev" replay -q "$out/events.jsonl" --to "file:$out/replayed.ndjson" --state "$out/state"

echo "-- to HTTP: $h events, a receiver on 127.0.0.1 (keep-alive, answers 200 at once)"
fifo=$out/receiver.in
rm -f "$fifo"; mkfifo "$fifo"
target/release/examples/replay-receiver < "$fifo" > "$out/receiver.url" &
rpid=$!
exec 9>"$fifo"   # the receiver serves until this closes
for _ in $(seq 1 50); do [ -s "$out/receiver.url" ] && break; sleep 0.1; done
url=$(head -n1 "$out/receiver.url")
rate() { # label, args...
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$ev" replay -q "$out/http.jsonl" --to "$url" "$@" > /dev/null || true
  t1=$(date +%s.%N)
  python3 -c "import sys; n=$h; s=$t1-$t0; print(f'{sys.argv[1]:<48} {s*1000:8.0f} ms  {n/s:8.0f} events/s')" "$label"
}
export BENCH_SECRET=bench-secret
rate "replay --to http --concurrency 1" --concurrency 1
rate "replay --to http --concurrency 8" --concurrency 8
rm -f "$out/http.state"
rate "replay --to http --concurrency 8 --state" --concurrency 8 --state "$out/http.state"
rate "replay --to http --concurrency 8 --secret-env" --concurrency 8 --secret-env BENCH_SECRET
exec 9>&-
wait "$rpid"
rm -f "$fifo"
