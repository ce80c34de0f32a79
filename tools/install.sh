#!/usr/bin/env bash
# The fast build for users and bindings: the library, the milvus-jobs CLI and
# milvus-jobs-devserver alone (no tests, benchmarks, examples or fuzzers), in
# Release, then `cmake --install` into a prefix.
#
# Usage: tools/install.sh [PREFIX]        (default /usr/local)
#   MJ_INSTALL_COMPONENTS="library tools"   what to install (default both)
#   MJ_INSTALL_BUILD_DIR=DIR                 where to build (default build-release)
# Under /usr/local (or any prefix the loader searches) it runs ldconfig when it can.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${1:-/usr/local}
build=${MJ_INSTALL_BUILD_DIR:-$root/build-release}
"$root/tools/bootstrap.sh"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMJ_BUILD_TESTS=OFF -DMJ_BUILD_EXAMPLES=OFF -DMJ_BUILD_BENCH=OFF -DMJ_LINT=OFF \
    -DMJ_BINDING_TESTS=OFF -DMJ_WERROR=OFF >/dev/null
fi
ninja -C "$build" milvus_jobs milvus-jobs milvus-jobs-devserver
for component in ${MJ_INSTALL_COMPONENTS:-library tools}; do
  cmake --install "$build" --prefix "$prefix" --component "$component" >/dev/null
done
# The loader's cache only matters for the prefixes it searches.
case "$prefix" in
  /usr | /usr/local) [ "$(id -u)" -eq 0 ] && command -v ldconfig >/dev/null && ldconfig ;;
esac
echo "installed milvus-jobs into $prefix (lib, include, pkg-config, bin/milvus-jobs with its man page and bash/zsh completions, bin/milvus-jobs-devserver)"
