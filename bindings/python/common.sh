# Shared by test.sh and wheel_check.sh (sourced).

# A Python 3.11+ (the pinned test requirements need it; the package itself runs
# on 3.8+) that can make a venv (Debian's python3 needs python3-venv for that).
mj_find_python() {
  local cand
  for cand in ${MJ_PYTHON:-} python3 /usr/bin/python3; do
    if command -v "$cand" >/dev/null 2>&1 &&
      "$cand" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$cand"
      return 0
    fi
  done
  echo "no python3 (>= 3.11) with the venv and ensurepip modules; install one (Debian: apt-get install python3-venv)" >&2
  return 1
}

# mj_pip_build PYTHON install|wheel BUILD_DIR ARGS...: pip install / pip wheel
# of the package, with the isolated build environment pinned
# (build-constraints.txt) and CMake's build directory kept in BUILD_DIR.
mj_pip_build() {
  local python=$1 verb=$2 build=$3
  shift 3
  local here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  if command -v ccache >/dev/null 2>&1; then
    export CMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER:-ccache}
    export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}
  fi
  PIP_CONSTRAINT="$here/build-constraints.txt" "$python" -m pip "$verb" --quiet --disable-pip-version-check \
    --config-settings=build-dir="$build" "$@"
}
