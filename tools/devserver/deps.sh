#!/usr/bin/env bash
# Installs the Parquet library the dev server reads Parquet files with: the Arrow and Parquet
# C++ libraries and headers that the pyarrow wheel ships (for building extensions against it),
# pinned, in a venv of their own. Debian has no Arrow/Parquet package; the wheel does.
# Then writes DIR/deps.cmake, which tools/devserver/CMakeLists.txt includes: header dir, the two
# shared libraries, and the libstdc++ ABI they were built with.
# Usage: tools/devserver/deps.sh DIR     (run by CMake at configure time; safe to run again)
set -euo pipefail
pyarrow_version=26.0.1
dir=${1:?usage: deps.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
venv=$dir/pyarrow-$pyarrow_version

# Two build trees configuring at once share the venv: one installs, the other waits.
exec 9>"$dir/.lock"
flock 9

if [ ! -f "$venv/.installed" ]; then
  python=""
  for cand in python3 python3.13 python3.12 python3.11 python3.10 python3.9; do
    if command -v "$cand" >/dev/null 2>&1 &&
      "$cand" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
      python=$cand
      break
    fi
  done
  if [ -z "$python" ]; then
    echo "deps.sh: no python3 (>= 3.9) with the venv and ensurepip modules, needed to install the" \
      "Parquet library (pyarrow $pyarrow_version); install one (Debian: apt-get install python3-venv," \
      "tools/bootstrap.sh does)" >&2
    exit 1
  fi
  rm -rf "$venv"
  "$python" -m venv "$venv"
  echo "deps.sh: installing pyarrow $pyarrow_version (Arrow and Parquet C++ libraries) into $venv" >&2
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir \
    "pyarrow==$pyarrow_version"; then
    echo "deps.sh: pip could not install pyarrow==$pyarrow_version (no network to the Python package" \
      "index, or no wheel for this Python and platform)" >&2
    exit 1
  fi
  touch "$venv/.installed"
fi

"$venv/bin/python" - "$dir/deps.cmake" <<'PY'
import glob, os, sys
import pyarrow

include = pyarrow.get_include()
libdir = pyarrow.get_library_dirs()[0]


def library(name):
    # The versioned name (libarrow.so.2600): the wheel ships no unversioned symlink.
    found = sorted(glob.glob(os.path.join(libdir, "lib%s.so.*" % name)), key=len)
    if not found:
        sys.exit("deps.sh: the pyarrow wheel has no lib%s.so.* in %s" % (name, libdir))
    return found[0]


arrow, parquet = library("arrow"), library("parquet")
for header in ("arrow/api.h", "parquet/arrow/reader.h"):
    if not os.path.exists(os.path.join(include, header)):
        sys.exit("deps.sh: the pyarrow wheel has no %s under %s" % (header, include))
# manylinux_2_28 wheels use the C++11 libstdc++ ABI, manylinux2014 ones the old one: ask the library.
with open(arrow, "rb") as f:
    cxx11 = b"__cxx11" in f.read()
text = (
    "set(MJ_ARROW_VERSION \"%s\")\n" % pyarrow.__version__
    + "set(MJ_ARROW_INCLUDE_DIR \"%s\")\n" % include
    + "set(MJ_ARROW_LIBRARY_DIR \"%s\")\n" % libdir
    + "set(MJ_ARROW_LIBRARY \"%s\")\n" % arrow
    + "set(MJ_PARQUET_LIBRARY \"%s\")\n" % parquet
    + "set(MJ_ARROW_CXX11_ABI %d)\n" % (1 if cxx11 else 0)
)
tmp = sys.argv[1] + ".tmp"
with open(tmp, "w") as f:
    f.write(text)
os.replace(tmp, sys.argv[1])
PY
