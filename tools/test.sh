#!/usr/bin/env bash
# Runs every test: builds everything, then ctest (unit, integration against
# the dev server over loopback, ABI, install consumers).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MJ_BUILD_DIR:-$root/build}
"$root/tools/build.sh"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 300
