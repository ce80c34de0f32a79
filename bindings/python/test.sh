#!/usr/bin/env bash
# Runs the Python binding's checks the README way: a venv with the pinned test
# requirements, `pip install ./bindings/python` (not editable: it builds
# libmilvus_jobs and bundles it in the package), mypy --strict on the package,
# then pytest against the dev server.
# Usage: bindings/python/test.sh <venv-dir>
# Environment (all optional): MJ_DEVSERVER (else milvus-jobs-devserver on PATH,
# else the repository's build trees: the tests find it and say which);
# MJ_PYTHON (the python3 to make the venv with).
# The CMake build directory is kept at <venv-dir>-build, so a second run
# rebuilds nothing; ccache is used when installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${1:?usage: test.sh <venv-dir>}
# shellcheck source=common.sh
. "$here/common.sh"

python=$(mj_find_python)
stamp="$venv/.requirements.sha256"
want=$(cat "$here/requirements.txt" "$here/build-constraints.txt" | sha256sum | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" > "$stamp"
fi

t0=$SECONDS
mj_pip_build "$venv/bin/python" install "$venv-build" --force-reinstall --no-deps "$here"
echo "test.sh: pip install ./bindings/python took $((SECONDS - t0)) s"

cd "$here"
"$venv/bin/python" -m mypy --strict --cache-dir "$venv/.mypy_cache" src/milvus_jobs
# No environment: the installed package finds its bundled library, the tests
# find the dev server. (`pytest`, not `python -m pytest`: the latter would put
# the source folder on sys.path.)
unset MILVUS_JOBS_LIBRARY PYTHONPATH
export MJ_REQUIRE_PYMILVUS=1 PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/pytest" -p no:cacheprovider -q -rs tests
