#!/usr/bin/env bash
# Builds the release wheel (profile `wheel`), installs it with the compared libraries
# (pinned) into a venv under target/tools/, and runs bench.py. Not part of .ci/run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
REQUIREMENTS=("maturin==1.16.0" "jsonschema-rs==0.60.3" "fastjsonschema==2.22.3" "jsonschema==4.26.0")
key=$(printf '%s\n' "$(python3 -c 'import sys; print(sys.version.split()[0])')" "${REQUIREMENTS[@]}" | sha256sum | cut -c1-12)
venv="$root/target/tools/py-bench-$key"
if [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${REQUIREMENTS[@]}"
  touch "$venv/.complete"
fi
rm -rf target/wheels/bench
"$venv/bin/maturin" build --quiet --out target/wheels/bench
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/bench/*.whl
cd /tmp && "$venv/bin/python" "$root/bench/python/bench.py" "$@"
