#!/usr/bin/env bash
# Runs the Python binding's checks: a venv under the build dir with the pinned
# requirements, mypy --strict on the package, then pytest against the dev server.
# Usage: bindings/python/test.sh <venv-dir>
# Environment: MILVUS_JOBS_LIBRARY (path of libmilvus_jobs.so), MJ_DEVSERVER
# (path of milvus-jobs-devserver). ctest sets both (bindings/python/CMakeLists.txt).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${1:?usage: test.sh <venv-dir>}
# A Python 3.11+ (the pinned test requirements need it; the package itself runs on 3.8+) that can make a venv (Debian's python3 needs python3-venv for that).
python=""
for cand in ${MJ_PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$cand" >/dev/null 2>&1 &&
    "$cand" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=$cand
    break
  fi
done
if [ -z "$python" ]; then
  echo "test.sh: no python3 (>= 3.11) with the venv and ensurepip modules; install one (Debian: apt-get install python3-venv)" >&2
  exit 1
fi

: "${MILVUS_JOBS_LIBRARY:?set MILVUS_JOBS_LIBRARY to the path of libmilvus_jobs.so}"
: "${MJ_DEVSERVER:?set MJ_DEVSERVER to the path of milvus-jobs-devserver}"

stamp="$venv/.requirements.sha256"
want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" > "$stamp"
fi

cd "$here"
"$venv/bin/python" -m mypy --strict --cache-dir "$venv/.mypy_cache" milvus_jobs
export MJ_REQUIRE_PYMILVUS=1 PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" -m pytest -p no:cacheprovider -q -rs tests
