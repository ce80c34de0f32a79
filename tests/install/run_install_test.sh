#!/usr/bin/env bash
# run_install_test.sh BUILD_DIR CMAKE CC PKG_CONFIG [EXTRA_CFLAGS]
#
# Installs the build into a fresh temporary prefix and builds
# tests/install/consumer.c against that install, as a user would:
#   (a) cc consumer.c $(pkg-config --cflags --libs milvus_jobs), run with
#       LD_LIBRARY_PATH=<libdir>;
#   (b) tests/install/cmake_consumer: find_package(milvus_jobs 0.1 REQUIRED)
#       + milvus_jobs::milvus_jobs, configured with CMAKE_PREFIX_PATH=<prefix>.
# Needs only cc, cmake, ninja and pkg-config (plus libcurl's .pc, which
# milvus_jobs.pc requires). The temporary directory is always removed.
set -euo pipefail

if [[ $# -lt 4 || $# -gt 5 ]]; then
  echo "usage: $0 BUILD_DIR CMAKE CC PKG_CONFIG [EXTRA_CFLAGS]" >&2
  exit 2
fi
build_dir=$1
cmake=$2
cc=$3
pkg_config=$4
extra_cflags=${5:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mj-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

step() { printf '\n== %s\n' "$*"; }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
under_prefix() { # under_prefix PATH: PATH (resolved) lies inside the prefix
  local p
  p=$(cd "$1" 2>/dev/null && pwd -P) || return 1
  [[ $p/ == "$(cd "$prefix" && pwd -P)"/* ]]
}

# The install copies what the build left: bring the library up to date first
# (a no-op after `ninja`).
step "build milvus_jobs (up to date?)"
"$cmake" --build "$build_dir" --target milvus_jobs
# The command line is installed too when it is built (MJ_BUILD_CLI).
if [[ ${MJ_INSTALL_CLI:-0} == 1 ]]; then
  "$cmake" --build "$build_dir" --target milvus-jobs
fi

step "install into $prefix"
"$cmake" --install "$build_dir" --prefix "$prefix"

# GNUInstallDirs picks lib, lib64 or lib/<multiarch>: find the .pc file.
mapfile -t pcs < <(find "$prefix" -name milvus_jobs.pc -path '*/pkgconfig/*')
[[ ${#pcs[@]} -eq 1 ]] || die "expected one milvus_jobs.pc under $prefix, found ${#pcs[@]}"
pcdir=$(dirname "${pcs[0]}")
libdir=$(dirname "$pcdir")
[[ -e $libdir/libmilvus_jobs.so && -e $libdir/libmilvus_jobs.so.0 ]] ||
  die "libmilvus_jobs.so{,.0} not installed next to ${pcs[0]} (in $libdir)"
[[ -f $prefix/include/milvus_jobs.h ]] || die "milvus_jobs.h not installed in $prefix/include"
echo "pkg-config file: ${pcs[0]}"
if [[ ${MJ_INSTALL_CLI:-0} == 1 ]]; then
  [[ -x $prefix/bin/milvus-jobs ]] || die "bin/milvus-jobs not installed in $prefix"
  # It must find the library of its own prefix (RPATH $ORIGIN/../lib...).
  env -u LD_LIBRARY_PATH "$prefix/bin/milvus-jobs" --version | grep -q "^milvus-jobs " ||
    die "the installed milvus-jobs does not run from $prefix"
  echo "command line: $prefix/bin/milvus-jobs"
fi

# ---------------------------------------------------------------- (a) pkg-config
step "(a) pkg-config consumer"
export PKG_CONFIG_PATH=$pcdir
pc_version=$("$pkg_config" --modversion milvus_jobs)
pc_libdir=$("$pkg_config" --variable=libdir milvus_jobs)
pc_includedir=$("$pkg_config" --variable=includedir milvus_jobs)
pc_flags=$("$pkg_config" --cflags --libs milvus_jobs)
echo "version $pc_version, libdir $pc_libdir, includedir $pc_includedir"
echo "flags: $pc_flags"
# The .pc must describe the install it came with, not the configure-time
# CMAKE_INSTALL_PREFIX: otherwise the consumer silently builds against
# whatever lives there (or fails to).
under_prefix "$pc_libdir" ||
  die "milvus_jobs.pc: libdir=$pc_libdir is not inside the install prefix $prefix (the .pc file is not relocatable: cmake --install --prefix does not rewrite it)"
under_prefix "$pc_includedir" ||
  die "milvus_jobs.pc: includedir=$pc_includedir is not inside the install prefix $prefix"
# shellcheck disable=SC2086 # word splitting of the flags is intended
"$cc" $extra_cflags -std=c99 -Wall -Wextra -Wpedantic -Werror \
  "$here/consumer.c" -o "$tmp/consumer_pkgconfig" $pc_flags
LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$tmp/consumer_pkgconfig"
unset PKG_CONFIG_PATH

# ---------------------------------------------------------------- (b) CMake
step "(b) CMake find_package consumer"
"$cmake" -S "$here/cmake_consumer" -B "$tmp/cmake_consumer" -G Ninja \
  -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_C_FLAGS="$extra_cflags" \
  -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON \
  -DMJ_EXPECTED_PREFIX="$prefix"
"$cmake" --build "$tmp/cmake_consumer"
"$tmp/cmake_consumer/consumer"

step "install test: ok"
