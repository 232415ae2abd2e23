#!/usr/bin/env bash
# Regenerates completions/ from the clap definition (a test fails when they are stale).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
mkdir -p completions
bin="${CARGO_TARGET_DIR:-target}/debug/evschema"
"$bin" completions bash > completions/evschema.bash
"$bin" completions zsh > completions/_evschema
"$bin" completions fish > completions/evschema.fish
"$bin" completions powershell > completions/_evschema.ps1
"$bin" completions elvish > completions/evschema.elv
