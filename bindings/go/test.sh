#!/usr/bin/env bash
# Checks the Go binding: go vet, go test -race (against milvus-jobs-devserver,
# started by the tests), and a build of every example, which the tests then run.
#
# Needs: PKG_CONFIG_PATH naming milvus_jobs.pc, LD_LIBRARY_PATH (or a system
# prefix) for libmilvus_jobs.so.0, MJ_DEVSERVER = the dev server binary.
# ctest sets all three (bindings/go/CMakeLists.txt). By hand, after tools/build.sh:
#   cmake --install build --prefix build/stage --component library
#   PKG_CONFIG_PATH=$PWD/build/stage/lib/pkgconfig LD_LIBRARY_PATH=$PWD/build/stage/lib \
#   MJ_DEVSERVER=$PWD/build/tools/devserver/milvus-jobs-devserver bindings/go/test.sh
set -euo pipefail
cd "$(dirname "$0")"

go=${MJ_GO:-go}
if ! command -v "$go" >/dev/null 2>&1; then
  echo "bindings/go/test.sh: no Go toolchain ('$go'); install Go >= 1.22 and put it on PATH" >&2
  exit 1
fi
: "${MJ_DEVSERVER:?set MJ_DEVSERVER to the milvus-jobs-devserver binary}"
pkg-config --exists milvus_jobs || {
  echo "bindings/go/test.sh: pkg-config cannot find milvus_jobs; set PKG_CONFIG_PATH to the directory of milvus_jobs.pc" >&2
  exit 1
}

export CGO_ENABLED=1
# Go's build cache does not hash headers outside the module: put the header's
# digest into CGO_CFLAGS (part of the cache key) so a changed header rebuilds.
header=$(pkg-config --variable=includedir milvus_jobs)/milvus_jobs.h
export CGO_CFLAGS="${CGO_CFLAGS:--O2 -g} -DMJ_HEADER_DIGEST_$(sha256sum "$header" | cut -c1-16)"
export GOTOOLCHAIN=local   # never download a toolchain
export GOFLAGS=-mod=mod    # no dependencies beyond the standard library; none to verify
# Without HOME, Go has no build cache ("off"): keep one beside the build.
cache=$("$go" env GOCACHE 2>/dev/null || true)
if [ -z "$cache" ] || [ "$cache" = off ]; then
  export GOCACHE=${MJ_GO_BUILD_DIR:-${TMPDIR:-/tmp}}/go-cache
fi

out=${MJ_GO_BUILD_DIR:-$(mktemp -d)}/examples
mkdir -p "$out"
"$go" version
"$go" vet ./...
"$go" build -o "$out/" ./examples/...
MJ_GO_EXAMPLES="$out" "$go" test -race -count=1 ./...
