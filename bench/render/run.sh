#!/usr/bin/env bash
# Render benchmark: `evschema render` (release build) next to @adobe/jsonschema2md on the
# same generated catalog, in one run.
#   bench/render/run.sh [SCHEMAS]       (default 1000)
# Needs: cargo, python3, node/npm. jsonschema2md is installed under $TOOLS
# (default /tmp/evschema-bench-tools), the catalog and outputs go to bench/out/render/
# (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000}
out=bench/out/render
tools=${TOOLS:-/tmp/evschema-bench-tools}
JSONSCHEMA2MD_VERSION=8.0.11
T="python3 bench/timeit.py"
mkdir -p "$out"

cargo build --release --quiet
ev=${CARGO_TARGET_DIR:-target}/release/evschema
python3 bench/render/gen.py "$n" "$out"

j2md=$tools/node_modules/.bin/jsonschema2md
if [ ! -x "$j2md" ]; then
  npm install --silent --no-audit --no-fund --prefix "$tools" "@adobe/jsonschema2md@$JSONSCHEMA2MD_VERSION" >/dev/null
fi

echo "machine: $(nproc) cores; $(uname -m); catalog: $n schemas ($(du -sk $out/catalog | cut -f1) KB)"
$T --label "evschema render (one document)" -- "$ev" render "$out/catalog" -o "$out/CATALOG.md"
$T --label "evschema render --split" -- "$ev" render "$out/catalog" --split "$out/split"
$T --label "evschema render --check (up to date)" -- "$ev" render "$out/catalog" -o "$out/CATALOG.md" --check
rm -rf "$out/j2md"
# jsonschema2md takes minutes on this catalog: one run.
$T --runs 1 --label "jsonschema2md $JSONSCHEMA2MD_VERSION (-e json, no schema out)" -- \
  "$j2md" -d "$out/catalog" -e json -o "$out/j2md" -x -
echo "outputs: evschema $(du -k $out/CATALOG.md | cut -f1) KB in 1 file," \
  "$(ls $out/split | wc -l) split pages; jsonschema2md $(ls $out/j2md 2>/dev/null | wc -l) files"
