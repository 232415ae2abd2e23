#!/usr/bin/env bash
# Lints the generated event catalog with markdownlint-cli (default rules plus the few
# exceptions in .markdownlint.jsonc): docs/CATALOG.md, a fresh `render --split` of schemas/,
# the render golden files under tests/fixtures/render/, docs/render.md, docs/export.md and
# docs/replay.md.
#
# markdownlint-cli is installed on first use into target/tools/markdownlint, at a
# pinned version so every machine lints with the same rules.
# Usage: scripts/markdownlint.sh            (EVSCHEMA=path/to/evschema to skip `cargo run`)
set -euo pipefail

MARKDOWNLINT_VERSION=0.50.0
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

tools="$root/target/tools/markdownlint"
bin="$tools/node_modules/.bin/markdownlint"
if [ ! -x "$bin" ] || ! "$bin" --version 2>/dev/null | grep -qx "$MARKDOWNLINT_VERSION"; then
  echo "installing markdownlint-cli@$MARKDOWNLINT_VERSION into target/tools/markdownlint" >&2
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" "markdownlint-cli@$MARKDOWNLINT_VERSION" >&2
fi

split=$(mktemp -d)
trap 'rm -rf "$split"' EXIT
if [ -n "${EVSCHEMA:-}" ]; then
  "$EVSCHEMA" render schemas --split "$split"
else
  cargo run --quiet -- render schemas --split "$split"
fi

files=(docs/CATALOG.md docs/render.md docs/export.md docs/replay.md "$split")
for golden in tests/fixtures/render/*/expected.md tests/fixtures/render/*/split; do
  [ -e "$golden" ] && files+=("$golden")
done
"$bin" --config .markdownlint.jsonc "${files[@]}"
echo "markdownlint: ${#files[@]} paths clean"
