#!/usr/bin/env bash
# The Node binding's tests, as ctest runs them (bindings/node/CMakeLists.txt)
# and as a user installs the package:
#  1. `npm ci` here: the pinned packages, and the addon built by the package's
#     own install script with the milvus-jobs core compiled in (no library to
#     install first, no PKG_CONFIG_PATH);
#  2. the addon exports nothing but Node's entry points and imports no mj_*
#     symbol (nm): its core never clashes with another libmilvus_jobs;
#  3. tsc over the TypeScript declarations, then `npm test` against the dev
#     server (MJ_DEVSERVER, else PATH, else the repository's build trees);
#  4. `npm pack`, then `npm install <tarball>` in a fresh npm project in a
#     temporary directory and a small program there: a refresh and an import
#     against the dev server.
# Needs Node >= 18.17 with npm, a C++17 compiler, make, Python 3, and the
# libcurl and RapidJSON headers (tools/bootstrap.sh installs them).
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "test.sh: node and npm are required (Node >= 18.17; tools/bootstrap.sh installs them)" >&2
  exit 1
}
export MJ_NODE_WERROR=1 # warnings are errors here, not in users' installs
if [ -z "${CXX:-}" ] && command -v ccache >/dev/null; then
  export CC="ccache gcc" CXX="ccache g++"
fi
step() { printf '%s test.sh: %s\n' "$(date +%T)" "$*"; }
t0=$SECONDS

step "npm ci (builds the addon)"
npm ci --no-audit --no-fund --loglevel=error
step "npm ci took $((SECONDS - t0)) s"

exported=$(nm -D --defined-only build/Release/milvus_jobs_node.node | awk '{print $3}' | sort)
if [ "$exported" != $'napi_register_module_v1\nnode_api_module_get_api_version_v1' ]; then
  echo "test.sh: the addon exports more than Node's entry points:" >&2
  echo "$exported" >&2
  exit 1
fi

# ... and takes no mj_* symbol from outside: it never binds to another copy.
if nm -D --undefined-only build/Release/milvus_jobs_node.node | grep ' mj_' >&2; then
  echo "test.sh: the addon imports mj_* symbols instead of using its own core" >&2
  exit 1
fi

node_modules/.bin/tsc -p test/tsconfig.json
t1=$SECONDS
npm test
step "npm test took $((SECONDS - t1)) s"

t2=$SECONDS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
step "npm pack"
tarball=$(npm pack --pack-destination "$tmp" --loglevel=error | tail -n 1)
[ ! -e native ] || { echo "test.sh: npm pack left native/ behind" >&2; exit 1; }
tar -tzf "$tmp/$tarball" >"$tmp/contents.txt" # (no pipe into grep -q: SIGPIPE under pipefail)
grep -qx 'package/native/src/milvus_jobs.map' "$tmp/contents.txt" || {
  echo "test.sh: $tarball does not carry the core's sources (native/)" >&2
  exit 1
}
mkdir "$tmp/project"
cd "$tmp/project"
npm init -y >/dev/null
step "npm install $tarball in a fresh project"
# ccache: the same relative paths in every temporary project.
CCACHE_BASEDIR=$tmp npm install "$tmp/$tarball" --no-audit --no-fund --loglevel=error
cat >app.js <<'JS'
const { Client } = require('milvus-jobs');

(async () => {
  const client = new Client({ uri: process.argv[2] });
  const refreshId = await client.refreshExternalCollection({ collectionName: 'books_ext' });
  const refresh = await client.waitRefresh(refreshId, { timeoutMs: 30000 });
  const importId = await client.bulkImport({ collectionName: 'books', files: [['books/part1.json']] });
  const imported = await client.waitImport(importId, { timeoutMs: 30000 });
  console.log(`refresh ${refreshId}: ${refresh.state}; import ${importId}: ${imported.state}, ${imported.importedRows} rows`);
  client.close();
  if (refresh.state !== 'completed' || imported.state !== 'completed') process.exit(1);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
JS
node "$here/test/with-devserver.js" node app.js
step "pack + install + run took $((SECONDS - t2)) s; all took $((SECONDS - t0)) s"
