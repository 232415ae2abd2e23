#!/usr/bin/env bash
# The Python package (crates/evschema-py + python/evschema), with real components:
#   1. a venv of pinned tools, cached under target/tools/ and keyed by their versions;
#   2. `maturin develop` (a debug build, sharing target/debug with `cargo test`);
#   3. moto's server on 127.0.0.1 (a local SNS and SQS), stopped by its PID;
#   4. pytest over python/tests (catalog, inputs, threads, errors, publishers, SNS → SQS);
#   5. mypy --strict over the package and its stubs.
# Called by .ci/run. Needs python3 (3.9 or later) and cargo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

. "$root/scripts/lib.sh"
cached_venv py "${PY_TEST_REQUIREMENTS[@]}"
export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"

echo "-- maturin develop (debug build of the extension module)"
maturin develop --profile dev --quiet 2>&1 | grep -v '^$' | tail -n 3

echo "-- moto server on 127.0.0.1"
start_moto "$root/target/tools/moto.log"
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true' EXIT
export EVSCHEMA_AWS_ENDPOINT="http://127.0.0.1:$moto_port"

echo "-- pytest python/tests"
python3 -m pytest -q -p no:cacheprovider python/tests

echo "-- mypy --strict python/evschema (package and stubs)"
MYPYPATH="$root/python" mypy --strict --cache-dir "$root/target/tools/mypy-cache" -p evschema
