#!/usr/bin/env bash
# A real Milvus 2.3 (REST v1 only) against the library and the CLI.
#
# Installs the registry's `milvus` package (pinned below: Milvus 2.3.5
# standalone, embedded etcd, local storage) into VENV, starts it on free
# loopback ports, runs every operation of the C API (every_operation) and
# every command of the CLI against it, and checks the categories and
# messages: refresh "needs Milvus >= 3.0", import "needs Milvus >= 2.4; this
# server is Milvus 2.3". Stops the server by pid: the package's milvus-server
# wrapper does not pass SIGTERM on, so its child (the milvus binary) is ended
# too, and nothing is left running.
#
# Usage: tests/milvus23/run.sh VENV EVERY_OPERATION CLI
# Environment: MJ_PYTHON (the python3 to make the venv with).
set -euo pipefail
venv=${1:?usage: run.sh VENV EVERY_OPERATION CLI}
every_operation=${2:?usage: run.sh VENV EVERY_OPERATION CLI}
cli=${3:?usage: run.sh VENV EVERY_OPERATION CLI}
pin=milvus==2.3.5
python=${MJ_PYTHON:-python3}
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
command -v "$python" >/dev/null || fail "$python not found: install python3 and python3-venv (tools/bootstrap.sh does)"

if [ "$(cat "$venv/.pin" 2>/dev/null)" != "$pin" ] || [ ! -x "$venv/bin/milvus-server" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv" || fail "cannot make a venv at $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$pin" || fail "pip install $pin failed"
  echo "$pin" >"$venv/.pin"
fi

data=$(mktemp -d)
log=$data/server.log
wrapper=
stop_server() {
  if [ -n "$wrapper" ]; then
    # The wrapper's children first (the milvus binary), then the wrapper.
    local children
    children=$(cat /proc/"$wrapper"/task/*/children 2>/dev/null || true)
    for pid in $children $wrapper; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 100); do
      local alive=0
      for pid in $children $wrapper; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ "$alive" = 0 ] && break
      sleep 0.1
    done
    for pid in $children $wrapper; do kill -KILL "$pid" 2>/dev/null || true; done
    wait "$wrapper" 2>/dev/null || true
    wrapper=
  fi
  rm -rf "$data"
}
trap stop_server EXIT

# Ten free loopback ports: the proxy (REST and gRPC), etcd and each coordinator.
read -r -a ports < <("$venv/bin/python" - <<'PY'
import socket
held = []
for _ in range(10):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
PY
)
port=${ports[0]}
"$venv/bin/milvus-server" --data "$data/milvus" --proxy-port "$port" --etcd-port "${ports[1]}" \
  --root-coord-port "${ports[2]}" --proxy-internal-port "${ports[3]}" --query-coord-port "${ports[4]}" \
  --query-node-port "${ports[5]}" --index-coord-port "${ports[6]}" --index-node-port "${ports[7]}" \
  --data-coord-port "${ports[8]}" --data-node-port "${ports[9]}" >"$log" 2>&1 &
wrapper=$!
uri=http://127.0.0.1:$port

started=$SECONDS
until "$venv/bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2).read()" \
  "$uri/v1/vector/collections" 2>/dev/null; do
  if ! kill -0 "$wrapper" 2>/dev/null; then
    tail -n 30 "$log" >&2
    ls "$data"/milvus/logs 2>/dev/null && tail -n 30 "$data"/milvus/logs/milvus-stderr.log >&2 || true
    fail "Milvus 2.3.5 ($pin) exited before serving $uri"
  fi
  if [ $((SECONDS - started)) -gt 150 ]; then
    tail -n 30 "$log" >&2
    fail "Milvus 2.3.5 ($pin) did not serve $uri/v1/vector/collections within 150 s"
  fi
  sleep 1
done
echo "Milvus 2.3.5 serves $uri (after $((SECONDS - started)) s)"

passed=0
failed=0
check() { # NAME OUTPUT WANT...: OUTPUT contains every WANT
  local name=$1 output=$2
  shift 2
  for want in "$@"; do
    if [[ $output != *"$want"* ]]; then
      echo "not ok - $name: missing \"$want\" in: $output" >&2
      failed=$((failed + 1))
      return
    fi
  done
  echo "ok - $name"
  passed=$((passed + 1))
}

refresh_text="needs Milvus >= 3.0"
import_text="import over REST needs Milvus >= 2.4; this server is Milvus 2.3"

# The C API, every operation.
ops=$("$every_operation" "$uri") || fail "every_operation did not run through: $ops"
line() { grep -P "^$1\t" <<<"$ops" || true; }
for op in refresh_external_collection refresh_external_collection_ex get_refresh_external_collection_progress \
  list_refresh_external_collection_jobs wait_refresh watch_refresh; do
  check "C API $op" "$(line "$op")" $'\tMJ_EUNSUPPORTED\t' "$refresh_text"
done
for op in bulk_import bulk_import_ex get_import_progress list_import_jobs list_import_jobs_page commit_import \
  abort_import wait_import watch_import; do
  check "C API $op" "$(line "$op")" $'\tMJ_EUNSUPPORTED\t' "$import_text" "(REST v1 only)"
done
check "C API bulk_import_ex outcome" "$(line bulk_import_ex.outcome)" "recovered=0 attempts=1"

# The CLI, every command: exit code 9 (server, protocol or unsupported) and the message.
run_cli() { # EXPECTED_TEXT ARGS...
  local want=$1 out rc=0
  shift
  out=$("$cli" --uri "$uri" --json --timeout-ms 10000 "$@" 2>&1) || rc=$?
  check "CLI $1" "exit=$rc $out" "exit=9 " '"status":"MJ_EUNSUPPORTED"' "$want"
}
run_cli "$refresh_text" refresh books_ext
run_cli "$refresh_text" refresh-status 1
run_cli "$refresh_text" refresh-list
run_cli "$import_text" import books rows.json
run_cli "$import_text" import-status 1
run_cli "$import_text" import-list
run_cli "$import_text" import-commit 1
run_cli "$import_text" import-abort 1

stop_server
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
