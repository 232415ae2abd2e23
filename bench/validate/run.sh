#!/usr/bin/env bash
# Validate benchmark: evschema against the parse-only floor and the anchors, in one run,
# ending with a table of ratios (wall and CPU time over the floor's, RSS, and how many times
# faster than sourcemeta and ajv).
#   bench/validate/run.sh [EVENTS]      (default 100000)
#   EVSCHEMA=path/to/evschema bench/validate/run.sh   (another build, e.g. a baseline)
# Needs: cargo, python3, gzip, node/npm (anchors are installed under bench/out/anchors,
# git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
out=bench/out
mkdir -p "$out"
rec=$out/validate-times.tsv
: > "$rec"
T="python3 bench/timeit.py --record $rec"

if [ -z "${EVSCHEMA:-}" ]; then
  cargo build --release --quiet --bin evschema
fi
cargo build --release --quiet --manifest-path bench/floor/Cargo.toml --target-dir "$out/floor-target"
python3 bench/validate/gen.py "$n" "$out"
gzip -6 -c "$out/events.jsonl" > "$out/events.jsonl.gz"
ev=${EVSCHEMA:-target/release/evschema}
floor=$out/floor-target/release/parse-floor

anchors=$out/anchors
if [ ! -x "$anchors/node_modules/.bin/ajv" ]; then
  npm install --silent --prefix "$anchors" ajv-cli@5 ajv-formats@3 @sourcemeta/jsonschema@16 >/dev/null
fi
ajv=$anchors/node_modules/.bin/ajv
# the native sourcemeta binary inside the npm package (the npm bin is a Node wrapper)
arch=$(uname -m); case "$arch" in aarch64) arch=arm64;; esac
sm=$anchors/node_modules/@sourcemeta/jsonschema/build/github-releases/jsonschema-linux-$arch
[ -x "$sm" ] || sm=

echo "machine: $(nproc) cores; $(uname -m); load $(cut -d' ' -f1-3 /proc/loadavg); events: $n ($(du -m $out/events.jsonl | cut -f1) MB NDJSON)"
echo "-- NDJSON stream"
$T --label "floor" -- "$floor" "$out/events.jsonl"
$T --label "NDJSON" -- "$ev" validate -q "$out/events.jsonl"
$T --label "NDJSON --jobs 1" -- "$ev" validate -q --jobs 1 "$out/events.jsonl"
$T --label "NDJSON --format json" -- "$ev" validate --format json "$out/events.jsonl"
$T --label ".jsonl.gz" -- "$ev" validate -q "$out/events.jsonl.gz"
[ -n "$sm" ] && $T --label "sourcemeta NDJSON" -- "$sm" validate -c -F "$out/router.json" "$out/events.jsonl"
echo "-- one JSON array"
$T --label "array" -- "$ev" validate -q --array "$out/events.json"
$T --label "ajv array" -- "$ajv" validate --spec=draft7 --strict=false -c ajv-formats -s "$out/array.json" -d "$out/events.json"
[ -n "$sm" ] && $T --label "sourcemeta array" -- "$sm" validate -F "$out/array.json" "$out/events.json"
echo "-- start-up: one small event against the shipped catalog"
$T --runs 31 --label "version" -- "$ev" --version
$T --runs 31 --label "one event" -- "$ev" validate -q "$out/one.json"
[ -n "$sm" ] && $T --runs 21 --label "sourcemeta one event" -- "$sm" validate -F "$out/router.json" "$out/one.json"

python3 - "$rec" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    label, wall, cpu, rss = line.rstrip("\n").split("\t")
    rows[label] = (float(wall), float(cpu), float(rss))
fw, fc, _ = rows["floor"]
def faster(label, anchor):
    return f"{rows[anchor][0] / rows[label][0]:.1f}x" if anchor in rows else "-"
print()
print("| evschema validate | wall / floor | CPU / floor CPU | peak RSS | vs sourcemeta | vs ajv |")
print("|---|---|---|---|---|---|")
for label, sm, ajv in [("NDJSON", "sourcemeta NDJSON", None),
                       ("NDJSON --jobs 1", "sourcemeta NDJSON", None),
                       ("NDJSON --format json", "sourcemeta NDJSON", None),
                       (".jsonl.gz", "sourcemeta NDJSON", None),
                       ("array", "sourcemeta array", "ajv array")]:
    w, c, r = rows[label]
    print(f"| {'--array' if label == 'array' else label} | {w / fw:.2f}x ({w:.3f} s) | {c / fc:.2f}x | {r:.1f} MB"
          f" | {faster(label, sm)} faster | {faster(label, ajv) + ' faster' if ajv else '-'} |")
v, one = rows["version"][0], rows["one event"][0]
print(f"\nstart-up, one event against the shipped catalog: {one * 1000:.1f} ms,"
      f" {(one - v) * 1000:.1f} ms above `evschema --version` ({v * 1000:.1f} ms)"
      + (f"; sourcemeta {rows['sourcemeta one event'][0] * 1000:.1f} ms" if "sourcemeta one event" in rows else ""))
PY
