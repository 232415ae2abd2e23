#!/usr/bin/env bash
# Validate benchmark: evschema against the parse-only floor and the anchors, in one run.
#   bench/validate/run.sh [EVENTS]      (default 100000)
# Needs: cargo, python3, node/npm (anchors are installed under bench/out/anchors, git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
out=bench/out
mkdir -p "$out"
T="python3 bench/timeit.py"

cargo build --release --quiet
cargo build --release --quiet --manifest-path bench/floor/Cargo.toml --target-dir "$out/floor-target"
python3 bench/validate/gen.py "$n" "$out"
ev=target/release/evschema
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

echo "machine: $(nproc) cores; $(uname -m); events: $n ($(du -m $out/events.jsonl | cut -f1) MB NDJSON)"
echo "-- NDJSON stream"
$T --label "floor: parse into serde_json::Value, 1 core" -- "$floor" "$out/events.jsonl"
$T --label "evschema validate (routes by event_type)" -- "$ev" validate -q "$out/events.jsonl"
$T --label "evschema validate --jobs 1" -- "$ev" validate -q --jobs 1 "$out/events.jsonl"
$T --label "evschema validate --format json" -- "$ev" validate --format json "$out/events.jsonl"
[ -n "$sm" ] && $T --label "sourcemeta jsonschema validate -F (router)" -- "$sm" validate -F "$out/router.json" "$out/events.jsonl"
echo "-- one JSON array"
$T --label "evschema validate --array" -- "$ev" validate -q --array "$out/events.json"
$T --label "ajv-cli + ajv-formats (array wrapper)" -- "$ajv" validate --spec=draft7 --strict=false -c ajv-formats -s "$out/array.json" -d "$out/events.json"
[ -n "$sm" ] && $T --label "sourcemeta jsonschema validate -F (array)" -- "$sm" validate -F "$out/array.json" "$out/events.json"
echo "-- start-up: one small event against the shipped catalog"
$T --runs 21 --label "evschema validate one.json" -- "$ev" validate -q "$out/one.json"
[ -n "$sm" ] && $T --runs 21 --label "sourcemeta jsonschema validate -F one.json" -- "$sm" validate -F "$out/router.json" "$out/one.json"
