#!/usr/bin/env bash
# `evschema export` checked by the tools users feed its output to:
#   1. @asyncapi/parser (npm, pinned) parses the AsyncAPI document, JSON and YAML, with no
#      error, and every payload it returns equals the catalog's schema;
#   2. botocore's service model for EventBridge Schemas (boto3, pinned; a stubbed client, no
#      network) accepts every CreateSchema request, each Content passes the draft-04
#      metaschema and every valid catalog example validates against it (python-jsonschema);
#   3. the Confluent register requests have the documented REST shape, references first.
# Each check is also shown to fail on a broken input. Called by .ci/run. Needs node, npm,
# python3 and cargo; installs are cached under target/tools/, keyed by version.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PARSER_VERSION=3.6.6
SPECS_VERSION=6.11.1
BOTO3_VERSION=1.44.8
JSONSCHEMA_VERSION=4.23.0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

node_dir="$root/target/tools/asyncapi-$PARSER_VERSION"
if [ ! -f "$node_dir/node_modules/@asyncapi/parser/package.json" ] ||
   ! grep -q "\"version\": \"$PARSER_VERSION\"" "$node_dir/node_modules/@asyncapi/parser/package.json"; then
  mkdir -p "$node_dir"
  echo '{"name":"evschema-asyncapi-check","private":true}' > "$node_dir/package.json"
  (cd "$node_dir" && npm install --no-audit --no-fund --silent --save-exact \
    "@asyncapi/parser@$PARSER_VERSION" "@asyncapi/specs@$SPECS_VERSION")
fi
. "$root/scripts/lib.sh"
cached_venv boto3 "boto3==$BOTO3_VERSION" "jsonschema==$JSONSCHEMA_VERSION"

cd "$root"
cargo build --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/debug/evschema"

echo "-- export the shipped catalog to all three targets"
"$bin" export asyncapi -o "$work/asyncapi.json"
"$bin" export asyncapi -o "$work/asyncapi.yaml"
"$bin" export eventbridge -o "$work/eventbridge" --registry credentialing
"$bin" export confluent -o "$work/confluent"

echo "-- @asyncapi/parser $PARSER_VERSION"
check_asyncapi() { NODE_PATH="$node_dir/node_modules" node "$root/scripts/export/asyncapi-check.js" "$@"; }
check_asyncapi "$work/asyncapi.json" "$root/schemas"
check_asyncapi "$work/asyncapi.yaml" "$root/schemas"
python3 - "$work/asyncapi.json" "$work/broken.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["channels"]["sns_topics.license"]["bindings"]["sns"].pop("name")
json.dump(d, open(sys.argv[2], "w"))
PY
if out=$(check_asyncapi "$work/broken.json" "$root/schemas" 2>&1); then
  fail "the parser accepted an sns binding without its required name: $out"
fi
echo "   (a binding without its required name is rejected: ok)"

echo "-- boto3 $BOTO3_VERSION (stubbed schemas client) and the draft-04 metaschema"
check_registries() { "$venv/bin/python" "$root/scripts/export/registry-check.py" "$@"; }
check_registries "$work/eventbridge" "$work/confluent" schemas/examples/valid.ndjson
cp -r "$work/eventbridge" "$work/eb-broken"
python3 - "$work/eb-broken/license.created.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["Type"] = "JSONSchemaDraft7"
json.dump(r, open(sys.argv[1], "w"))
PY
if out=$(check_registries "$work/eb-broken" "$work/confluent" 2>&1); then
  fail "botocore accepted Type JSONSchemaDraft7: $out"
fi
echo "   (a Type the service model does not list is rejected: ok)"
cp "$work/eventbridge/license.created.json" "$work/eb-broken/license.created.json"
python3 - "$work/eb-broken/license.created.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
del r["RegistryName"]
json.dump(r, open(sys.argv[1], "w"))
PY
if out=$(check_registries "$work/eb-broken" "$work/confluent" 2>&1) || ! grep -q "RegistryName" <<<"$out"; then
  fail "botocore accepted a request without its RegistryName: $out"
fi
echo "   (botocore rejects a request without RegistryName: ok)"

echo "-- --check sees the files just written as current"
"$bin" export eventbridge -o "$work/eventbridge" --registry credentialing --check >/dev/null
"$bin" export confluent -o "$work/confluent" --check >/dev/null
"$bin" export asyncapi -o "$work/asyncapi.yaml" --check >/dev/null
echo "export integrations: ok"
