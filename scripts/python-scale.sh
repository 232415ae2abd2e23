#!/usr/bin/env bash
# The scale path of the Python package: examples/python/spark_validate.py (mapPartitions
# and mapInArrow) and dask_validate.py, each in local mode on a generated archive, checked
# against evschema's own counts. Not called by .ci/run: PySpark and its dependencies are a
# ~450 MB install (minutes on a cold machine); the venv is cached under target/tools/.
# Needs python3, cargo and a Java runtime (PySpark 4 needs Java 17 or later).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

REQUIREMENTS=(
  "maturin==1.16.0"
  "pytest==9.2.0"
  "pyspark==4.3.0"
  "dask[dataframe]==2026.8.0"
  "pyarrow==26.0.1"
  "pandas==3.1.1"
)
. "$root/scripts/lib.sh"
cached_venv py-scale "${REQUIREMENTS[@]}"
export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"
maturin develop --profile dev --quiet 2>&1 | grep -v '^$' | tail -n 3
python3 -m pytest -q -p no:cacheprovider python/tests_scale
