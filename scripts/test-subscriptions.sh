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

REQUIREMENTS=(
  "maturin==1.16.0"
  "pytest==9.2.0"
  "moto[server]==5.2.5"
  "boto3==1.44.5"
  "mypy==2.4.1"
)
key=$(printf '%s\n' "$(python3 -c 'import sys; print(sys.version.split()[0])')" "${REQUIREMENTS[@]}" | sha256sum | cut -c1-12)
venv="$root/target/tools/py-$key"
if [ ! -x "$venv/bin/moto_server" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${REQUIREMENTS[@]}"
  touch "$venv/.complete"
fi

cargo build --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/debug/evschema"

port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log="$root/target/tools/moto-subscriptions.log"
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
work=$(mktemp -d)
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  if "$venv/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; then
    break
  fi
  kill -0 "$moto_pid" 2>/dev/null || { cat "$log" >&2; echo "FAIL: moto_server exited" >&2; exit 1; }
  sleep 0.1
done

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
"$venv/bin/python" scripts/subscriptions_oracle.py "$bin" "http://127.0.0.1:$port" "$work/cases.json"
