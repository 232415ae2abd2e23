#!/usr/bin/env bash
# Diff benchmark: `evschema diff` (release build) next to getsentry's json-schema-diff
# (crates.io) on the same pairs, in one run.
#   bench/diff/run.sh [PAIRS]          (default 218, the size of GitHub's webhook catalog)
# Optional: GH_OLD=DIR GH_NEW=DIR (two checkouts of octokit/webhooks'
# payload-schemas/api.github.com, e.g. tags v7.3.1 and v7.6.1) adds the real catalog.
# json-schema-diff is installed under $TOOLS (default target/tools); the generated pairs go
# to bench/out/diff/ (git-ignored).
#
# What is compared: the folder diff of PAIRS self-contained schemas (one in four changed:
# optional property added, enum value removed, maxLength narrowed, property made required),
# and one large schema (~45 KB, nested four deep) with two changes. json-schema-diff compares
# one pair per process and reports structural changes without proofs or witnesses;
# evschema proves each direction and searches a witness event for each breaking change.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-218}
out=bench/out/diff
tools=${TOOLS:-target/tools}
JSD_VERSION=0.1.8
T="python3 bench/timeit.py"
mkdir -p "$out"

cargo build --release --quiet
ev=${CARGO_TARGET_DIR:-target}/release/evschema
rm -rf "$out/old" "$out/new"
python3 bench/diff/gen.py "$n" "$out"

jsd=$tools/json-schema-diff/bin/json-schema-diff
if [ ! -x "$jsd" ]; then
  cargo install --quiet --locked --features build-binary --version "$JSD_VERSION" \
    --root "$tools/json-schema-diff" json-schema-diff
fi
cat > "$out/jsd-all.sh" <<SH
#!/usr/bin/env bash
for f in $out/old/*.json; do "$jsd" "\$f" "$out/new/\${f##*/}" >/dev/null; done
SH
chmod +x "$out/jsd-all.sh"

echo "machine: $(nproc) cores; $(uname -m); $n pairs ($(du -sk $out/old | cut -f1) KB a side)"
$T --label "evschema diff OLD/ NEW/ ($n pairs, one process)" -- "$ev" diff "$out/old" "$out/new"
$T --label "json-schema-diff $JSD_VERSION, $n pairs (one process each)" -- "$out/jsd-all.sh"
$T --label "evschema diff, one large schema" -- "$ev" diff "$out/large-old.json" "$out/large-new.json"
$T --label "json-schema-diff $JSD_VERSION, one large schema" -- "$jsd" "$out/large-old.json" "$out/large-new.json"
if [ -n "${GH_OLD:-}" ] && [ -n "${GH_NEW:-}" ]; then
  $T --label "evschema diff GitHub webhooks $GH_OLD -> $GH_NEW" -- "$ev" diff "$GH_OLD" "$GH_NEW"
fi
