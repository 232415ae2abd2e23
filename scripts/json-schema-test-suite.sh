#!/usr/bin/env bash
# Runs the JSON-Schema-Test-Suite through `evschema validate` for draft-04, draft-06,
# draft-07, 2019-09 and 2020-12 (the required tests; `optional/` is left out), the
# remote-ref groups included: the suite's remotes/ folder is mapped from
# http://localhost:1234/ with --map, so nothing is fetched.
#
# The suite comes from the PyPI sdist of `jsonschema` (its json/ folder is the suite),
# pinned by version and sha256, downloaded with pip and cached under target/tools/.
# Fails when a draft passes fewer than MIN_PERCENT of its tests.
# Usage: scripts/json-schema-test-suite.sh [--list-failures]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
VERSION=4.25.1
SHA256=e4a9655ce0da0c0b67a085847e00a3a51449e1157f4f75e9fb5aa545e122eb85
MIN_PERCENT=99.5

tools="$root/target/tools/json-schema-test-suite-$VERSION"
if [ ! -d "$tools/json/tests" ]; then
  mkdir -p "$tools/download"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps \
    --no-binary :all: "jsonschema==$VERSION" -d "$tools/download"
  archive="$tools/download/jsonschema-$VERSION.tar.gz"
  echo "$SHA256  $archive" | sha256sum -c --quiet
  tar -xzf "$archive" -C "$tools/download" "jsonschema-$VERSION/json"
  rm -rf "$tools/json"
  mv "$tools/download/jsonschema-$VERSION/json" "$tools/json"
  rm -rf "$tools/download"
fi

(cd "$root" && cargo build --quiet)
python3 "$root/scripts/json_schema_test_suite.py" \
  --suite "$tools/json" --evschema "$root/target/debug/evschema" \
  --min-percent "$MIN_PERCENT" "$@"
