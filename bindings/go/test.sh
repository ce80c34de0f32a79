#!/usr/bin/env bash
# Checks the Go binding:
#   1. go vet, a build of every example, go test -race ./... against
#      milvus-jobs-devserver processes the tests start (the quickstart example
#      among them);
#   2. the consumer recipe of README.md: tools/install.sh into a fresh prefix,
#      a new module outside the checkout that takes the binding through a
#      replace directive (and through go.work), built with cgo from the
#      installed milvus_jobs.pc and run with no LD_LIBRARY_PATH against the
#      installed dev server: an import and a refresh, each waited on.
#
# The library is found through pkg-config: a system prefix (tools/install.sh
# with no argument) needs nothing; another prefix needs PKG_CONFIG_PATH at
# build time only (the .pc file puts an rpath into the binary). The dev server:
# MJ_DEVSERVER, else PATH, else this checkout's build trees. ctest sets
# PKG_CONFIG_PATH to its staged install, MJ_DEVSERVER, and MJ_INSTALL_BUILD_DIR
# to its build tree (bindings/go/CMakeLists.txt). By hand:
#   tools/install.sh && bindings/go/test.sh            # as root, or:
#   tools/install.sh $PWD/build-release/prefix
#   PKG_CONFIG_PATH=$PWD/build-release/prefix/lib/pkgconfig bindings/go/test.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"

go=${MJ_GO:-go}
if ! command -v "$go" >/dev/null 2>&1; then
  echo "bindings/go/test.sh: no Go toolchain ('$go'); install Go >= 1.22 and put it on PATH" >&2
  exit 1
fi
go=$(command -v "$go")
pkg-config --exists milvus_jobs || {
  echo "bindings/go/test.sh: pkg-config cannot find milvus_jobs; run tools/install.sh (a system prefix)," \
    "or set PKG_CONFIG_PATH to the lib/pkgconfig directory of the prefix you installed into" >&2
  exit 1
}
# Nothing below may lean on the loader's search path: the binaries find the
# library through the rpath milvus_jobs.pc puts in.
unset LD_LIBRARY_PATH

export CGO_ENABLED=1
export GOTOOLCHAIN=local   # never download a toolchain
export GOFLAGS=-mod=mod    # no dependencies beyond the standard library; none to verify
export GOPROXY=off         # and nothing to fetch: the consumer takes the binding from this checkout
# Without HOME, Go has no build cache ("off"): keep one beside the build.
cache=$("$go" env GOCACHE 2>/dev/null || true)
if [ -z "$cache" ] || [ "$cache" = off ]; then
  export GOCACHE=${MJ_GO_BUILD_DIR:-${TMPDIR:-/tmp}}/go-cache
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/mj-go-test.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# ---- 1. the binding's own checks
(
  # Go's build cache does not hash headers outside the module: put the
  # header's digest into CGO_CFLAGS (part of the cache key) so a changed
  # header rebuilds.
  header=$(pkg-config --variable=includedir milvus_jobs)/milvus_jobs.h
  export CGO_CFLAGS="${CGO_CFLAGS:--O2 -g} -DMJ_HEADER_DIGEST_$(sha256sum "$header" | cut -c1-16)"
  out=${MJ_GO_BUILD_DIR:-$work}/examples
  mkdir -p "$out"
  "$go" version
  echo "library: $(pkg-config --modversion milvus_jobs) from $(pkg-config --variable=libdir milvus_jobs)"
  "$go" vet ./...
  "$go" build -o "$out/" ./examples/...
  MJ_GO_EXAMPLES="$out" "$go" test -race -count=1 -v ./... >"$work/test.log" 2>&1 || {
    cat "$work/test.log"
    echo "bindings/go/test.sh: go test failed" >&2
    exit 1
  }
  grep -E '^(milvusjobs tests:|ok |FAIL|---)' "$work/test.log" | grep -v -- '--- PASS' || true
  grep -E 'cancel latency' "$work/test.log" || true
  echo "go test: $(grep -c -- '--- PASS' "$work/test.log") passed (tests and subtests), $(grep -c -- '--- FAIL' "$work/test.log" || true) failed, $(grep -c -- '--- SKIP' "$work/test.log" || true) skipped"
  if grep -q -- '--- SKIP' "$work/test.log"; then
    echo "bindings/go/test.sh: a test skipped; every test must run and assert" >&2
    exit 1
  fi
)

# ---- 2. the consumer recipe (README.md, "Install")
prefix=$work/prefix
start=$SECONDS
MJ_INSTALL_BUILD_DIR=${MJ_INSTALL_BUILD_DIR:-$root/build-release} "$root/tools/install.sh" "$prefix" >"$work/install.log" 2>&1 || {
  cat "$work/install.log"
  echo "bindings/go/test.sh: tools/install.sh $prefix failed" >&2
  exit 1
}
echo "consumer: tools/install.sh $prefix: $((SECONDS - start)) s"

mkdir -p "$work/consumer"
cat >"$work/consumer/main.go" <<'EOF'
// A program of a Go user: an import and a refresh against the server in
// os.Args[1], each waited on.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := milvusjobs.NewClient(milvusjobs.Options{URI: os.Args[1]})
	check(err)
	defer c.Close()
	id, err := c.BulkImport(ctx, milvusjobs.ImportRequest{CollectionName: "books", Files: [][]string{{"import/rows.json"}}})
	check(err)
	imp, err := c.WaitImport(ctx, id, nil, nil)
	check(err)
	rid, err := c.RefreshExternalCollection(ctx, milvusjobs.RefreshRequest{CollectionName: "books_ext"})
	check(err)
	ref, err := c.WaitRefresh(ctx, rid, nil, nil)
	check(err)
	fmt.Printf("import %s: %s, %d rows; refresh %d: %s; library %s\n", id, imp.State, imp.ImportedRows, rid, ref.State, milvusjobs.Version())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
EOF

# The dev server, as installed, on a small world of its own.
world=$work/world
mkdir -p "$world/data/import" "$world/data/bucket/books"
printf '[{"id":1},{"id":2},{"id":3}]' >"$world/data/import/rows.json"
printf 'pppp' >"$world/data/bucket/books/part-0.parquet"
cat >"$world/config.json" <<'EOF'
{"collections":[{"name":"books"},
  {"name":"books_ext","externalSource":"s3://bucket/books","externalSpec":"{\"format\":\"parquet\"}"}]}
EOF
"$prefix/bin/milvus-jobs-devserver" --port 0 --config "$world/config.json" --data-dir "$world/data" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
  grep -q listening "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
uri=$(sed -n 's/^milvus-jobs-devserver listening on //p' "$work/server.out")
[ -n "$uri" ] || { cat "$work/server.err"; echo "bindings/go/test.sh: the installed dev server did not start" >&2; exit 1; }

consume() { # $1: how the module takes the binding (replace | go.work)
  local dir=$work/consumer-$1
  rm -rf "$dir" && mkdir -p "$dir" && cp "$work/consumer/main.go" "$dir/"
  (
    cd "$dir"
    unset GOFLAGS # a user's defaults (go.work refuses -mod=mod)
    "$go" mod init example.com/mjconsumer >/dev/null 2>&1
    if [ "$1" = replace ]; then
      "$go" mod edit -replace "github.com/milvus-jobs/milvus-jobs/bindings/go=$here"
      "$go" mod tidy 2>/dev/null
    else
      "$go" work init . "$here"
    fi
    start=$SECONDS
    # PKG_CONFIG_PATH only because $prefix is not a system prefix. CGO_CFLAGS
    # names the prefix because Go's build cache keys a cgo package on CGO_*
    # and its sources, not on pkg-config's answer: without it, a build of the
    # package against another prefix (an earlier run's) would be reused, with
    # that prefix's -L and rpath.
    PKG_CONFIG_PATH=$prefix/lib/pkgconfig CGO_CFLAGS="-O2 -g -DMJ_PREFIX_$(echo "$prefix" | sha256sum | cut -c1-16)" \
      "$go" build -o app .
    echo "consumer ($1): go build: $((SECONDS - start)) s"
    if ! readelf -d app | grep -E 'R(UN)?PATH' | grep -qF "$prefix/lib"; then
      readelf -d app | grep -E 'R(UN)?PATH|NEEDED' >&2 || true
      echo "bindings/go/test.sh: the consumer binary carries no rpath to $prefix/lib" >&2
      exit 1
    fi
    lib=$(env -u LD_LIBRARY_PATH ldd ./app | awk '/libmilvus_jobs/ {print $3}')
    case "$lib" in
      "$prefix"/lib/*) ;;
      *) echo "bindings/go/test.sh: the consumer loads libmilvus_jobs from '$lib', not $prefix/lib" >&2; exit 1 ;;
    esac
    out=$(env -u LD_LIBRARY_PATH -u PKG_CONFIG_PATH ./app "$uri")
    echo "consumer ($1): $out"
    case "$out" in
      *"Completed, 3 rows; refresh "*": RefreshCompleted;"*) ;;
      *) echo "bindings/go/test.sh: unexpected consumer output" >&2; exit 1 ;;
    esac
  )
}
consume replace
consume go.work
echo "bindings/go/test.sh: all passed"
