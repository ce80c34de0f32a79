#!/usr/bin/env bash
# bench/run.sh: the benchmarks of bench/ (see bench/README.md).
#
#   bench/run.sh            all of them
#   bench/run.sh peers      this library against its peers (bench/peers/run.sh)
#   bench/run.sh watcher    the watcher with many jobs (bench/watcher, watcher_bench)
#
# Flags after the name go to that benchmark, e.g. `bench/run.sh peers --seconds 5`
# or `bench/run.sh watcher --jobs 10000`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${MJ_BUILD_DIR:-$root/build}
watcher() {
  MJ_BUILD_DIR=$build "$root/tools/build.sh" watcher_bench
  "$build/bench/watcher/watcher_bench" "$@"
}
which=${1:-all}
[ $# -gt 0 ] && shift
case "$which" in
  peers) exec "$here/peers/run.sh" "$@" ;;
  watcher) watcher "$@" ;;
  all)
    "$here/peers/run.sh"
    watcher
    ;;
  *) echo "usage: bench/run.sh [all|peers|watcher] [flags]" >&2; exit 2 ;;
esac
