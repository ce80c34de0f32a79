#!/usr/bin/env bash
# Makes the import files of the dev server format tests with the real client: a venv with the
# pinned pymilvus (requirements.txt), then make_files.py writes Parquet, JSON and Numpy files
# with LocalBulkWriter into OUT_DIR.
# Usage: tests/devserver/bulkwriter_files.sh VENV_DIR OUT_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${1:?usage: bulkwriter_files.sh VENV_DIR OUT_DIR}
out=${2:?usage: bulkwriter_files.sh VENV_DIR OUT_DIR}
python=""
for cand in python3 python3.13 python3.12 python3.11 python3.10 python3.9; do
  if command -v "$cand" >/dev/null 2>&1 &&
    "$cand" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
    python=$cand
    break
  fi
done
if [ -z "$python" ]; then
  echo "bulkwriter_files.sh: no python3 (>= 3.9) with the venv and ensurepip modules; install one (Debian: apt-get install python3-venv)" >&2
  exit 1
fi
# One venv per checkout: reinstalled only when requirements.txt changes.
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" >"$venv/.requirements.sha256"
fi
rm -rf "$out"
"$venv/bin/python" "$here/make_files.py" "$out"
echo "bulkwriter_files.sh: wrote $(find "$out" -type f | wc -l) files into $out"
