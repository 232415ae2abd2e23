# Shared pieces of the test scripts (sourced, not run):
#   cached_venv NAME REQ...   a venv of pinned requirements under target/tools/NAME-<key>,
#                             the key hashing the Python version and the requirements, made
#                             once and reused; sets $venv
#   start_moto LOG            moto's server on a free port of 127.0.0.1 from $venv, waited
#                             for; sets $moto_port and $moto_pid (stop it by that PID)
# Both expect $root, the repository's top folder.

# The venv of scripts/python.sh and scripts/test-subscriptions.sh (one venv, one key).
PY_TEST_REQUIREMENTS=(
  "maturin==1.16.0"
  "pytest==9.2.0"
  "moto[server]==5.2.5"
  "boto3==1.44.5"
  "mypy==2.4.1"
)

cached_venv() {
  local name=$1
  shift
  local key
  key=$(printf '%s\n' "$(python3 -c 'import sys; print(sys.version.split()[0])')" "$@" | sha256sum | cut -c1-12)
  venv="$root/target/tools/$name-$key"
  if [ ! -f "$venv/.complete" ]; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
    touch "$venv/.complete"
  fi
}

start_moto() {
  local log=$1
  moto_port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"$log" 2>&1 &
  moto_pid=$!
  for _ in $(seq 1 100); do
    if "$venv/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$moto_port/moto-api/')" 2>/dev/null; then
      return 0
    fi
    kill -0 "$moto_pid" 2>/dev/null || { cat "$log" >&2; echo "FAIL: moto_server exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "FAIL: moto_server did not answer on 127.0.0.1:$moto_port" >&2
  exit 1
}
