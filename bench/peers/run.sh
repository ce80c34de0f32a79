#!/usr/bin/env bash
# bench/peers/run.sh: this library against its peers, in one run.
#
#   bench/peers/run.sh [harness flags]      e.g. --seconds 5, --peers c,curl,pymilvus
#
# 1. builds the library (RelWithDebInfo), the dev server and the C runners
#    with tools/build.sh (which apt-get installs the Debian packages);
# 2. makes sure the peers' toolchains are there (python3-venv, node + npm, go;
#    apt-get installs what is missing when it can);
# 3. runs bench/peers/harness.py, which installs the pinned peers into build/bench
#    (pip into a venv from bench/peers/requirements.txt, npm ci from
#    bench/peers/node/package-lock.json, go build with bench/peers/go-sdk/go.sum),
#    starts the dev server, measures, prints the table and writes it to
#    bench/results/latest.md and build/bench/results.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${MJ_BUILD_DIR:-$root/build}
export MJ_BUILD_DIR=$build

"$root/tools/build.sh" milvus_jobs milvus-jobs-devserver \
  mj_bench_c_bench mj_bench_c_async_bench mj_bench_curl_bench mj_bench_load_cost mj_bench_rss_exec

# Toolchains of the peers: install the Debian packages that are missing. A
# peer whose toolchain is still missing prints "not available" in the table.
need=()
command -v python3 >/dev/null || need+=(python3)
command -v python3 >/dev/null && python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v go >/dev/null || need+=(golang-go)
command -v valgrind >/dev/null || need+=(valgrind)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "bench: installing ${need[*]}" >&2
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; } ||
    echo "bench: could not install ${need[*]}; those peers will show as not available" >&2
fi
# The Go SDK's go.mod asks for a newer Go than some distributions ship: let
# the go command fetch that toolchain (through the module proxy) when needed.
export GOTOOLCHAIN=${GOTOOLCHAIN:-auto}

mkdir -p "$root/bench/results"
exec python3 "$root/bench/peers/harness.py" --build-dir "$build" \
  --out "$root/bench/results/latest.md" --out "$build/bench/results.md" "$@"
