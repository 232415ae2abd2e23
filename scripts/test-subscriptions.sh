#!/usr/bin/env bash
# The moto oracle for subscriptions: a local moto server (SNS, SQS, EventBridge) on
# 127.0.0.1, the real subscriptions and rules of the shipped catalog and of the fixture
# catalog (tests/fixtures/subscriptions/orders), generated events published to them, and the
# deliveries compared with `evschema route --format json`; then a sample of good and bad
# policies given to both. Reuses the venv scripts/python.sh caches under target/tools (same
# pinned requirements, same key). Called by .ci/run. Needs python3 and cargo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

. "$root/scripts/lib.sh"
cached_venv py "${PY_TEST_REQUIREMENTS[@]}"

cargo build --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/debug/evschema"

start_moto "$root/target/tools/moto-subscriptions.log"
work=$(mktemp -d)
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

cat >"$work/cases.json" <<JSON
{
  "catalogs": [
    {"name": "shipped", "config": "evschema.toml", "catalog": "schemas", "source": "credentialing",
     "events": ["schemas/examples/valid.ndjson", "schemas/examples/invalid.ndjson"]},
    {"name": "orders", "config": "tests/fixtures/subscriptions/orders/evschema.toml",
     "catalog": "tests/fixtures/subscriptions/orders/catalog", "source": "com.example.orders",
     "events": ["tests/fixtures/subscriptions/orders/catalog/examples/events.ndjson"]}
  ],
  "syntax": "tests/fixtures/subscriptions/syntax-samples.json"
}
JSON
"$venv/bin/python" scripts/subscriptions_oracle.py "$bin" "http://127.0.0.1:$moto_port" "$work/cases.json"
