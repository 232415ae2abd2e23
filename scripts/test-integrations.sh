#!/usr/bin/env bash
# Exercises evschema with the real tools users plug it into, as they would:
#   1. pre-commit (PyPI, pinned): `pre-commit try-repo` of this repository against a
#      temporary git repository, with good and bad schemas, events and docs, through the
#      `language: rust` hooks and the `language: python` ones (the wheel);
#   2. the GitHub composite action (action.yml): its install and run steps executed the
#      way the runner executes them, with the inputs substituted.
# Called by .ci/run. Needs python3, git and cargo; installs pre-commit into a venv under target/tools/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PRE_COMMIT_VERSION=4.7.0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

. "$root/scripts/lib.sh"
cached_venv pre-commit "pre-commit==$PRE_COMMIT_VERSION"
export PATH="$venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/pre-commit-cache"
# The hooks and the action install evschema with `cargo install`; these checks are about
# behaviour, not speed, so build cheaply and share one target folder between the two.
export CARGO_TARGET_DIR="$root/target/integration"
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
# the language: python hooks build the wheel (pyproject.toml, profile `wheel`) the same way
export CARGO_PROFILE_WHEEL_LTO=false
export CARGO_PROFILE_WHEEL_OPT_LEVEL=0
export CARGO_PROFILE_WHEEL_CODEGEN_UNITS=16
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.com
export GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.com

# try-repo takes the hooks from a commit: if the checkout has uncommitted changes, test a
# snapshot of the working tree instead of the last commit.
hooks_repo="$root"
if [ -n "$(git -C "$root" status --porcelain)" ]; then
  hooks_repo="$work/hooks-repo"
  git clone -q "$root" "$hooks_repo"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard) |
    (cd "$root" && xargs -0 cp --parents -t "$hooks_repo" 2>/dev/null || true)
  (cd "$hooks_repo" && git add -A && git commit -qm "working tree snapshot" --allow-empty)
fi

# ---- 1. pre-commit ---------------------------------------------------------------------
repo="$work/repo"
mkdir -p "$repo/docs"
cp -r "$root/schemas" "$repo/schemas"
cp "$root/docs/CATALOG.md" "$repo/docs/CATALOG.md"
# the catalog's settings (render's channel and domain names and order) travel with it
cp "$root/evschema.toml" "$repo/evschema.toml"
cd "$repo"
git init -q
git add -A
git commit -qm "catalog"

try() { # try HOOK_ID FILES... ; prints output, returns pre-commit's exit code
  local hook=$1
  shift
  pre-commit try-repo "$hooks_repo" "$hook" --files "$@" 2>&1
}

echo "-- pre-commit: evschema-lint passes on a good schema"
out=$(try evschema-lint schemas/sns_topics/license_created.json) || fail "lint hook failed on a good schema: $out"
echo "$out" | grep -q "Passed" || fail "lint hook did not run: $out"

echo "-- pre-commit: evschema-lint fails on a bad schema"
python3 - <<'EOF'
import json
p = "schemas/sns_topics/license_created.json"
s = json.load(open(p))
s["properties"]["payload"]["required"].append("no_such_field")
json.dump(s, open(p, "w"), indent=2)
EOF
if out=$(try evschema-lint schemas/sns_topics/license_created.json); then
  fail "lint hook passed a schema whose required names an undefined property: $out"
fi
echo "$out" | grep -q "no_such_field" || fail "lint hook output does not name the mistake: $out"
git checkout -q -- schemas

echo "-- pre-commit: evschema-validate passes valid events and fails invalid ones"
out=$(try evschema-validate schemas/examples/valid.ndjson) || fail "validate hook failed on valid events: $out"
if out=$(try evschema-validate schemas/examples/invalid.ndjson); then
  fail "validate hook passed invalid events: $out"
fi
echo "$out" | grep -q "invalid license.created" || fail "validate hook output: $out"

echo "-- pre-commit: evschema-render-check passes when docs are fresh, fails when stale"
out=$(try evschema-render-check schemas/sns_topics/license_created.json) || fail "render-check failed on fresh docs: $out"
python3 - <<'EOF'
import json
p = "schemas/sns_topics/license_created.json"
s = json.load(open(p))
s["description"] = "A changed description the docs do not have yet."
json.dump(s, open(p, "w"), indent=2)
EOF
if out=$(try evschema-render-check schemas/sns_topics/license_created.json); then
  fail "render-check passed stale docs: $out"
fi
echo "$out" | grep -q "A changed description" || fail "render-check output has no diff: $out"
git checkout -q -- schemas

echo "-- pre-commit (language: python): the wheel's command runs the same hooks"
out=$(try evschema-validate-python schemas/examples/valid.ndjson) || fail "python validate hook failed on valid events: $out"
echo "$out" | grep -q "Passed" || fail "python validate hook did not run: $out"
if out=$(try evschema-validate-python schemas/examples/invalid.ndjson); then
  fail "python validate hook passed invalid events: $out"
fi
echo "$out" | grep -q "invalid license.created" || fail "python validate hook output: $out"
out=$(try evschema-lint-python schemas/sns_topics/license_created.json) || fail "python lint hook failed on a good schema: $out"

# ---- 2. the GitHub composite action ------------------------------------------------------
# Executes the action's shell steps the way the runner does: `${{ ... }}` expressions are
# evaluated only in `env:` and `working-directory:` (a `run:` script holding one fails this
# check), the script runs with `bash -e` and that environment.
echo "-- action.yml: install and run steps, as the runner executes them"
export RUNNER_TEMP="$work/runner" GITHUB_OUTPUT="$work/github_output"
mkdir -p "$RUNNER_TEMP"
run_step() { # run_step STEP_ID COMMAND_INPUT ; runs one step of action.yml
  python3 - "$root/action.yml" "$1" "$2" "$hooks_repo" <<'EOF2'
import os, re, subprocess, sys
import yaml  # PyYAML, installed with pre-commit
action_file, step_id, command, action_path = sys.argv[1:5]
action = yaml.safe_load(open(action_file))
assert action["runs"]["using"] == "composite", action["runs"]
assert action["inputs"]["command"]["required"]
step = next(s for s in action["runs"]["steps"] if s.get("id") == step_id)
assert step["shell"] == "bash"
assert "${{" not in step["run"], f"step {step_id}: an expression inside run: is shell injection"
outputs = {}
for line in open(os.environ["GITHUB_OUTPUT"]).read().splitlines():
    if "=" in line:
        k, v = line.split("=", 1)
        outputs[k] = v
values = {
    "inputs.command": command,
    "inputs.version": "path",
    "inputs.working-directory": ".",
    "github.action_path": action_path,
    "steps.install.outputs.bin": outputs.get("bin", ""),
}
def expand(text):
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: values[m.group(1)], text)
env = dict(os.environ)
for k, v in (step.get("env") or {}).items():
    env[k] = expand(str(v))
cwd = expand(step.get("working-directory", "."))
sys.exit(subprocess.run(["bash", "-e", "-c", step["run"]], env=env, cwd=cwd).returncode)
EOF2
}
run_action() { # run_action COMMAND ; install once, then run the command
  if ! grep -q '^bin=' "$GITHUB_OUTPUT" 2>/dev/null; then
    : > "$GITHUB_OUTPUT"
    run_step install "" >/dev/null 2>&1 || fail "the action's install step failed"
  fi
  grep '^bin=' "$GITHUB_OUTPUT" > "$work/install_output"
  cp "$work/install_output" "$GITHUB_OUTPUT"
  run_step run "$1"
}
run_action "validate --format github schemas/examples/valid.ndjson" >/dev/null || fail "action run failed on valid events"
grep -qx "exit-code=0" "$GITHUB_OUTPUT" || fail "action did not report exit-code=0"
if out=$(run_action "validate --format github schemas/examples/invalid.ndjson"); then
  fail "action passed invalid events"
fi
grep -qx "exit-code=1" "$GITHUB_OUTPUT" || fail "action did not report exit-code=1"
echo "$out" | grep -q "^::error file=schemas/examples/invalid.ndjson,line=1," || fail "no annotations: $out"

echo "-- action.yml: quoted arguments group words"
mkdir -p "with space"
cp schemas/examples/valid.ndjson "with space/valid events.ndjson"
run_action "validate 'with space/valid events.ndjson'" >/dev/null || fail "a quoted path with a space did not reach evschema as one argument"

echo "-- action.yml: an input holding shell syntax runs nothing"
marker="$work/pwned"
for evil in "validate \$(touch $marker) schemas/examples/valid.ndjson" \
            "validate \`touch $marker\` ; touch $marker" \
            "lint schemas/ && touch $marker | touch $marker"; do
  run_action "$evil" >/dev/null 2>&1 || true
  [ ! -e "$marker" ] || fail "the action executed shell code from its command input: $evil"
done
if run_action "validate 'unterminated" >/dev/null 2>&1; then
  fail "an unmatched quote in the command input did not fail"
fi
grep -qx "exit-code=2" "$GITHUB_OUTPUT" || fail "an unmatched quote did not report exit-code=2"

echo "integrations: all passed"
