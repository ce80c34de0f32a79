#!/usr/bin/env bash
# Tests of the Rust binding (run by ctest as `binding_rust`, or by hand).
#
#   cargo test    both crates: layout/name/constant checks of milvus-jobs-sys,
#                 the safe API against milvus-jobs-devserver, doc tests
#   examples      quickstart and watch, run against a dev server on the sample data
#   valgrind      the import, refresh, concurrency, wait and watch tests and the example
#                 again under valgrind (no invalid access, no definite leak),
#                 when valgrind is installed (tools/bootstrap.sh installs it)
#   rustdoc       the docs build with -D warnings
#   clippy        with -D warnings, when clippy is installed
#
# Needs no environment variable: milvus-jobs-sys finds the library with
# pkg-config (ctest points PKG_CONFIG_PATH at the staged install) or builds it
# from this repository (the `vendored` feature), and the tests find the dev
# server from MJ_DEVSERVER, PATH or the repository's build trees.
# CARGO_TARGET_DIR keeps cargo's output out of the source tree (default
# build/cargo; ctest puts it under the CMake build directory).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"

if ! command -v cargo >/dev/null 2>&1 && [ -x "${HOME:-/root}/.cargo/bin/cargo" ]; then
  export PATH="${HOME:-/root}/.cargo/bin:$PATH"
fi
command -v cargo >/dev/null 2>&1 || { echo "test.sh: cargo not found; install Rust (rustup) to test the Rust binding" >&2; exit 1; }
# The dev server, found as the tests find it (tests/support/mod.rs).
if [ -z "${MJ_DEVSERVER:-}" ]; then
  for candidate in "$(command -v milvus-jobs-devserver || true)" \
    "$root/build/tools/devserver/milvus-jobs-devserver" \
    "$root/build-release/tools/devserver/milvus-jobs-devserver"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then MJ_DEVSERVER=$candidate; break; fi
  done
fi
if [ -z "${MJ_DEVSERVER:-}" ] || [ ! -x "$MJ_DEVSERVER" ]; then
  echo "test.sh: no milvus-jobs-devserver (MJ_DEVSERVER, PATH, build/, build-release/); build it with" >&2
  echo "  MJ_INSTALL_BUILD_DIR=$root/build-release $root/tools/install.sh $root/build-release/prefix" >&2
  exit 1
fi
export MJ_DEVSERVER
echo "test.sh: dev server $MJ_DEVSERVER"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/build/cargo}
export CARGO_TERM_COLOR=never
# The machine has few cores, shared with the other tests.
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}

cargo test --locked --workspace -- --test-threads=4

# The example, against a dev server over a copy of the sample data.
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cp -r "$root/tests/data/devserver/data" "$work/data"
"$MJ_DEVSERVER" --host 127.0.0.1 --port 0 --config "$root/tests/data/devserver/config.json" \
  --data-dir "$work/data" --work-delay-ms 20 >"$work/server.out" &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/server.out" && break; sleep 0.1; done
uri=$(sed -n 's/.*listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/server.out")
[ -n "$uri" ] || { echo "test.sh: the dev server did not start" >&2; exit 1; }
cargo run --locked --quiet -p milvus-jobs --example quickstart -- "$uri" | tee "$work/example.out"
grep -q "import: Completed" "$work/example.out"
grep -q "refresh: RefreshCompleted" "$work/example.out"
cargo run --locked --quiet -p milvus-jobs --example watch -- "$uri" | tee "$work/watch.out"
grep -q "all jobs done" "$work/watch.out"

if command -v valgrind >/dev/null 2>&1; then
  vg=(valgrind -q --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite,indirect --error-exitcode=9)
  for t in import refresh concurrency wait watch; do
    bin=$(cargo test --locked -q -p milvus-jobs --test "$t" --no-run --message-format=json 2>/dev/null |
      sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
    echo "valgrind: tests/$t.rs"
    "${vg[@]}" "$bin" --test-threads=2 -q
  done
  echo "valgrind: examples/quickstart.rs"
  "${vg[@]}" "$CARGO_TARGET_DIR/debug/examples/quickstart" "$uri" >/dev/null
else
  echo "valgrind: not installed, memory check not run"
fi

# Docs build without a broken link or a missing doc (#![deny(missing_docs)]).
RUSTDOCFLAGS="-D warnings" cargo doc --locked --quiet --no-deps --workspace
echo "rustdoc: clean"

if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --locked --workspace --all-targets --quiet -- -D warnings
  echo "clippy: clean"
else
  echo "clippy: not installed, lint step not run"
fi
