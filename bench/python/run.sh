#!/usr/bin/env bash
# Builds the release wheel (profile `wheel`), installs it with the compared libraries
# (pinned) into a venv under target/tools/, and runs bench.py. Not part of .ci/run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
REQUIREMENTS=("maturin==1.16.0" "jsonschema-rs==0.60.3" "fastjsonschema==2.22.3" "jsonschema==4.26.0")
. "$root/scripts/lib.sh"
cached_venv py-bench "${REQUIREMENTS[@]}"
rm -rf target/wheels/bench
"$venv/bin/maturin" build --quiet --out target/wheels/bench
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/bench/*.whl
cd /tmp && "$venv/bin/python" "$root/bench/python/bench.py" "$@"
