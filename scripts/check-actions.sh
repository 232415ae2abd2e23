#!/usr/bin/env bash
# Audits the GitHub action and the workflow the docs recommend with zizmor (PyPI, pinned):
# any finding of medium or high severity fails. Also checks that docs/ci.md shows exactly
# the audited workflow file. Called by .ci/run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ZIZMOR_VERSION=1.32.0
. "$root/scripts/lib.sh"
cached_venv zizmor "zizmor==$ZIZMOR_VERSION"
cd "$root"
# --offline: no GitHub API look-ups; --min-severity medium: low/informational are reported
# by zizmor's own exit code only above this threshold.
"$venv/bin/zizmor" --offline --min-severity medium action.yml docs/examples/event-contracts.yml

python3 - <<'PY'
import sys
doc = open("docs/ci.md").read()
wf = open("docs/examples/event-contracts.yml").read()
if "```yaml\n" + wf + "```\n" not in doc:
    sys.exit("docs/ci.md does not show docs/examples/event-contracts.yml verbatim")
print("docs/ci.md shows the audited workflow verbatim")
PY
