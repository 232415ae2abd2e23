#!/usr/bin/env bash
# Reference resolution and catalog discovery costs (release build):
#   1. `validate --schema F` for one event, with F's folder holding nothing else vs
#      NEIGHBOURS unrelated schemas (only the files F reaches are read);
#   2. `validate --catalog DIR` for one event over a catalog of CATALOG files with `$id`s
#      (every file is read, indexed and its refs checked).
#   bench/refs/run.sh [NEIGHBOURS] [CATALOG]
set -euo pipefail
cd "$(dirname "$0")/../.."
neighbours=${1:-2000}
catalog=${2:-1000}
out=bench/out/refs
rm -rf "$out"
python3 bench/refs/gen.py "$out" "$neighbours" "$catalog"
cargo build --release --quiet
ev=target/release/evschema
# median wall time of N runs, in ms
median() {
  local n=$1; shift
  for _ in $(seq "$n"); do
    local s e
    s=$(date +%s%N)
    "$@" > /dev/null
    e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
small=$(median 21 "$ev" --no-config validate --schema "$out/lazy/small/push/event.json" --catalog "$out/lazy/small" "$out/event.json")
big=$(median 21 "$ev" --no-config validate --schema "$out/lazy/big/push/event.json" --catalog "$out/lazy/big" "$out/event.json")
ids=$(median 5 "$ev" --no-config validate --catalog "$out/ids" "$out/ids-event.json")
echo "validate --schema, 1 event, folder with 3 files:            $small ms"
echo "validate --schema, 1 event, folder with $((neighbours + 3)) files:         $big ms"
echo "validate --catalog, 1 event, catalog of $catalog files with \$ids: $ids ms"
