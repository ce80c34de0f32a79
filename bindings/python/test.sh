#!/usr/bin/env bash
# Runs the Python binding's checks: a venv under the build dir with the pinned
# requirements, mypy --strict on the package, then pytest against the dev server.
# Usage: bindings/python/test.sh <venv-dir>
# Environment: MILVUS_JOBS_LIBRARY (path of libmilvus_jobs.so), MJ_DEVSERVER
# (path of milvus-jobs-devserver). ctest sets both (bindings/python/CMakeLists.txt).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${1:?usage: test.sh <venv-dir>}
python=${MJ_PYTHON:-python3}

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
