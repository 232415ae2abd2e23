#!/usr/bin/env bash
# Lint benchmark: `evschema lint` on a generated 1,000-schema catalog, next to the anchors
# (ANCHORS.md), measured in one run so the figures compare.
#   bench/lint/run.sh [N]      (default 1000 schemas)
# Anchors install outside the repository, under ${ANCHORS:-/tmp/evschema-lint-anchors}:
# npm @sourcemeta/jsonschema@16 (its native binary is called, not the Node wrapper) and
# check-jsonschema 0.39.0 in a venv. Timing: hyperfine when installed, else bench/timeit.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000}
out=bench/out
cat_dir=$out/lint-catalog
anchors=${ANCHORS:-/tmp/evschema-lint-anchors}
mkdir -p "$out" "$anchors"

cargo build --release --quiet
target=${CARGO_TARGET_DIR:-target}
ev=$target/release/evschema
python3 bench/lint/gen.py "$n" "$cat_dir" >/dev/null

if [ ! -d "$anchors/npm/node_modules/@sourcemeta/jsonschema" ]; then
  npm install --silent --prefix "$anchors/npm" @sourcemeta/jsonschema@16 >/dev/null
fi
arch=$(uname -m); case "$arch" in aarch64) arch=arm64;; esac
sm=$anchors/npm/node_modules/@sourcemeta/jsonschema/build/github-releases/jsonschema-linux-$arch
if [ ! -x "$anchors/venv/bin/check-jsonschema" ]; then
  python3 -m venv "$anchors/venv"
  "$anchors/venv/bin/pip" install --quiet check-jsonschema==0.39.0
fi
cj=$anchors/venv/bin/check-jsonschema
mapfile -t files < <(find "$cat_dir" -name '*.json' | sort)

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); catalog: ${#files[@]} schemas ($(du -sk "$cat_dir" | cut -f1) KB)"
echo "sourcemeta $("$sm" --version); check-jsonschema $("$cj" --version | awk '{print $NF}')"
labels=(
  "evschema lint (all rules)"
  "evschema lint --format json"
  "sourcemeta jsonschema lint"
  "sourcemeta jsonschema metaschema"
  "check-jsonschema --check-metaschema"
)
cmds=(
  "$ev lint --no-config $cat_dir"
  "$ev lint --no-config --format json $cat_dir"
  "$sm lint $cat_dir"
  "$sm metaschema $cat_dir"
  "$cj --check-metaschema ${files[*]}"
)
if command -v hyperfine >/dev/null; then
  args=()
  for i in "${!cmds[@]}"; do args+=(-n "${labels[$i]}" "${cmds[$i]}"); done
  hyperfine --warmup 1 --runs 5 -i -N "${args[@]}"
else
  for i in "${!cmds[@]}"; do
    # shellcheck disable=SC2086
    python3 bench/timeit.py --runs 5 --label "${labels[$i]}" -- ${cmds[$i]}
  done
fi
echo "-- start-up: the shipped catalog (19 schemas)"
python3 bench/timeit.py --runs 21 --label "evschema lint schemas/" -- "$ev" lint --no-config schemas
python3 bench/timeit.py --runs 21 --label "sourcemeta jsonschema metaschema schemas/" -- "$sm" metaschema schemas/sns_topics schemas/sqs_queues schemas/webhooks schemas/common
