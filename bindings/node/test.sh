#!/usr/bin/env bash
# The Node binding's tests, as ctest runs them (bindings/node/CMakeLists.txt):
# npm ci, build the addon against the headers of the installed Node, check the
# TypeScript declarations with tsc, then node --test against the dev server.
# Needs: milvus_jobs.pc on PKG_CONFIG_PATH, the library on LD_LIBRARY_PATH (or
# installed), MJ_DEVSERVER = path of milvus-jobs-devserver.
set -euo pipefail
cd "$(dirname "$0")"
: "${MJ_DEVSERVER:?set MJ_DEVSERVER to the milvus-jobs-devserver binary}"

# The Node install prefix ships include/node: build against it, download nothing.
nodedir=$(node -p 'require("path").resolve(process.execPath, "..", "..")')
if [ ! -f "$nodedir/include/node/node_api.h" ]; then
  echo "test.sh: no Node headers in $nodedir/include/node; install the Node development headers" >&2
  exit 1
fi
pkg-config --exists milvus_jobs || {
  echo "test.sh: pkg-config does not find milvus_jobs; set PKG_CONFIG_PATH=<prefix>/lib/pkgconfig" >&2
  exit 1
}

npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# A dead proxy: if node-gyp tried to download headers, the build would fail.
http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 \
  HTTPS_PROXY=http://127.0.0.1:9 npm_config_nodedir="$nodedir" \
  node node_modules/node-gyp/bin/node-gyp.js rebuild --nodedir="$nodedir" --jobs 2 --loglevel=warn
node_modules/.bin/tsc -p test/tsconfig.json
node --test --test-concurrency=1 test/*.test.js
