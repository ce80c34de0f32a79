#!/usr/bin/env bash
# Runs the Airflow provider's DAG tests: a venv of its own with the pinned
# requirements.txt (apache-airflow and its dependencies, pytest), the
# milvus-jobs package installed the README way (`pip install ./bindings/python`,
# which builds and bundles libmilvus_jobs), the provider (`pip install
# ./bindings/python/airflow`), mypy --strict on the provider, then pytest: real DAGs run by dag.test() with
# SQLite metadata in a temporary AIRFLOW_HOME against the dev server.
# Usage: bindings/python/airflow/test.sh <venv-dir> [<cmake-build-dir>]
# The CMake build directory of the package defaults to <venv-dir>-build; pass
# test.sh's (bindings/python-venv-build) to compile the library once.
# Environment (optional): MJ_DEVSERVER, MJ_PYTHON (as bindings/python/test.sh),
# MJ_AIRFLOW_MANY (imports of the many-deferrals DAG, default 200).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${1:?usage: test.sh <venv-dir> [<cmake-build-dir>]}
build=${2:-$venv-build}
# shellcheck source=../common.sh
. "$here/../common.sh"

python=$(mj_find_python)
stamp="$venv/.requirements.sha256"
want=$(cat "$here/requirements.txt" "$here/../build-constraints.txt" | sha256sum | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  t0=$SECONDS
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "airflow/test.sh: installing apache-airflow and the test requirements took $((SECONDS - t0)) s"
  echo "$want" > "$stamp"
fi

t0=$SECONDS
mj_pip_build "$venv/bin/python" install "$build" --force-reinstall --no-deps "$here/.."
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$here"
echo "airflow/test.sh: pip install ./bindings/python ./bindings/python/airflow took $((SECONDS - t0)) s"

cd "$here"
"$venv/bin/python" -m mypy --strict --cache-dir "$venv/.mypy_cache" src/milvus_jobs_airflow
unset MILVUS_JOBS_LIBRARY PYTHONPATH
export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/pytest" -p no:cacheprovider -q -rs -s tests
