#!/usr/bin/env bash
# Lint: clang-format check of the C++ sources, and clang-tidy (checks in
# .clang-tidy) over the library and the dev server.
# Usage: tools/lint.sh BUILD_DIR [format|tidy]   (BUILD_DIR has compile_commands.json)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: tools/lint.sh BUILD_DIR [format|tidy]}
what=${2:-all}
cd "$root"

if [ "$what" = all ] || [ "$what" = format ]; then
  mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find src tools tests -name '*.[ch]pp')
  clang-format --dry-run --Werror "${sources[@]}"
  echo "format: ${#sources[@]} files clean"
fi
if [ "$what" = all ] || [ "$what" = tidy ]; then
  mapfile -t units < <(git ls-files 'src/*.cpp' 'tools/devserver/src/*.cpp' 2>/dev/null || find src tools/devserver/src -name '*.cpp')
  run-clang-tidy -p "$build" -quiet -j "$(nproc)" "${units[@]}" >"$build/clang-tidy.log" 2>&1 || {
    sed 's/\x1b\[[0-9;]*m//g' "$build/clang-tidy.log" | grep -E "(warning|error):" | sort -u >&2
    exit 1
  }
  echo "tidy: ${#units[@]} files clean"
fi
