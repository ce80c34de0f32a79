#!/usr/bin/env bash
# Runs every test: builds everything, then ctest (unit, integration against
# the dev server over loopback, ABI, install consumers, the fuzz regression
# run, valgrind memcheck of the unit and integration suites). Then, unless
# MJ_SANITIZERS=0:
#   build-asan  the unit and integration suites under AddressSanitizer +
#               UndefinedBehaviorSanitizer (lint and binding tests off);
#   build-tsan  the concurrency, threading and fault tests under
#               ThreadSanitizer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MJ_BUILD_DIR:-$root/build}
# The core is compiled by several builds (the trees below, and the Python,
# Node and Rust packages when they install): ccache shares the work.
"$root/tools/bootstrap.sh"
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
if command -v ccache >/dev/null; then
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
"$root/tools/build.sh"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 300

[ "${MJ_SANITIZERS:-1}" = 0 ] && exit 0

# A sanitizer tree: configured once, then built (only `targets`, when given).
sanitizer_build() {
  local dir=$1 sanitize=$2
  shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMJ_SANITIZE="$sanitize" \
      -DMJ_LINT=OFF -DMJ_BINDING_TESTS=OFF -DMJ_BUILD_EXAMPLES=OFF >/dev/null
  fi
  ninja -C "$dir" "$@"
}

asan=${MJ_ASAN_BUILD_DIR:-$root/build-asan}
sanitizer_build "$asan" address,undefined
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The library's own suites; the ABI and install checks link uninstrumented programs.
ctest --test-dir "$asan" --output-on-failure -j "$(nproc)" --timeout 300 -E '^(abi_|install_)'

tsan=${MJ_TSAN_BUILD_DIR:-$root/build-tsan}
sanitizer_build "$tsan" thread mj_integration_tests
# The dev server children inherit these options; tools/tsan.supp holds the one
# known race inside cpp-httplib's shutdown. Any other report, in the tests
# (which halt) or in a dev server (which does not fail the test), fails the step.
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tools/tsan.supp"
tsan_log=$tsan/tsan-run.log
"$tsan/tests/integration/mj_integration_tests" \
  --gtest_filter='*SixteenThreads*:*ManyThreads*:*Cancel*:Faults.*:FaultsNeverSent.*:Wait.*:Watch.*:AsyncReads.*' 2>&1 | tee "$tsan_log"
if grep -q 'WARNING: ThreadSanitizer' "$tsan_log"; then
  echo "ThreadSanitizer reported a problem (see above or $tsan_log)" >&2
  exit 1
fi
echo "ThreadSanitizer: no reports"
