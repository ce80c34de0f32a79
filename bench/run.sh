#!/usr/bin/env bash
# bench/run.sh: every benchmark of bench/ (see bench/README.md).
#
#   bench/run.sh            all of them
#   bench/run.sh peers      this library against its peers (bench/peers/run.sh)
#   bench/run.sh watcher    the watcher benchmark (bench/watcher/run.sh), when present
#
# Flags after the name go to that benchmark, e.g. `bench/run.sh peers --seconds 5`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
which=${1:-all}
[ $# -gt 0 ] && shift
case "$which" in
  peers) exec "$here/peers/run.sh" "$@" ;;
  watcher) exec "$here/watcher/run.sh" "$@" ;;
  all)
    "$here/peers/run.sh"
    if [ -x "$here/watcher/run.sh" ]; then "$here/watcher/run.sh"; fi
    ;;
  *) echo "usage: bench/run.sh [all|peers|watcher] [flags]" >&2; exit 2 ;;
esac
