#!/usr/bin/env bash
# Acceptance: each binding installed the way its README says, into a fresh
# environment made here, then a short program of its own runs a refresh and an
# import to completion against a dev server. The only variable the programs get
# is the server's address (MJ_URI); nothing else is exported.
#
#   tests/acceptance/fresh_installs.sh [python|node|rust|go ...]   (default: all four)
#
# The dev server: $MJ_DEVSERVER, else milvus-jobs-devserver on PATH, else the
# repository's build trees. A missing toolchain fails the step loudly.
# Go's documented install puts the library into /usr/local (tools/install.sh):
# this step needs root, as CI has.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
langs=("$@")
[ ${#langs[@]} -gt 0 ] || langs=(python node rust go)

work=$(mktemp -d "${TMPDIR:-/tmp}/mj-acceptance.XXXXXX")
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf '[acceptance] %s\n' "$*"; }
die() { say "FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || die "$1 is not installed: $2"; }

# ---------------------------------------------------------------- dev server
devserver=${MJ_DEVSERVER:-}
if [ -z "$devserver" ] && command -v milvus-jobs-devserver >/dev/null; then
  devserver=$(command -v milvus-jobs-devserver)
fi
for candidate in "$root/build/tools/devserver/milvus-jobs-devserver" \
  "$root/build-release/tools/devserver/milvus-jobs-devserver"; do
  [ -z "$devserver" ] && [ -x "$candidate" ] && devserver=$candidate
done
[ -n "$devserver" ] || die "no milvus-jobs-devserver: run tools/install.sh (or tools/build.sh) first"
say "dev server: $devserver"

cp -r "$root/examples/sample/data" "$work/data"
"$devserver" --host 127.0.0.1 --port 0 --config "$root/examples/sample/config.json" \
  --data-dir "$work/data" --work-delay-ms 20 >"$work/server.out" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 200); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.out")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || die "the dev server did not start: $(cat "$work/server.out")"
uri="http://127.0.0.1:$port"
say "dev server on $uri"

# Every program must print this line last, with the refresh and import states.
expect_done() {
  local out=$1 lang=$2
  grep -q '^refresh RefreshCompleted, import Completed$' "$out" || {
    cat "$out" >&2
    die "$lang: the program did not finish a refresh and an import"
  }
}

# Runs "$@" without any variable that points at this project (library, build
# tree, pkg-config or loader paths): what a user has. The machine's own
# settings for its package clients stay. MJ_URI is the server's address.
project_vars=(MILVUS_JOBS_LIBRARY MILVUS_JOBS_LIB_DIR MJ_DEVSERVER MJ_LIBRARY MJ_LAYOUT_BIN MJ_BUILD_DIR
  PKG_CONFIG_PATH LD_LIBRARY_PATH LIBRARY_PATH CPATH PYTHONPATH NODE_PATH CGO_CFLAGS CGO_LDFLAGS RUSTFLAGS)
unset_args=()
for v in "${project_vars[@]}"; do unset_args+=(-u "$v"); done
clean_env() { env "${unset_args[@]}" MJ_URI="$uri" "$@"; }

timed() {
  local label=$1
  shift
  local t0=$SECONDS
  "$@"
  say "$label took $((SECONDS - t0)) s"
}

# ---------------------------------------------------------------- python
run_python() {
  need python3 "apt-get install python3 python3-venv"
  local d="$work/python"
  mkdir -p "$d"
  python3 -m venv "$d/venv"
  timed "python: pip install ./bindings/python" \
    clean_env "$d/venv/bin/pip" install --quiet "$root/bindings/python"
  cat >"$d/app.py" <<'EOF'
import os
from milvus_jobs import MilvusJobsClient

with MilvusJobsClient(os.environ["MJ_URI"]) as client:
    refresh_id = client.refresh_external_collection("books_ext")
    refreshed = client.wait_for_refresh(refresh_id, timeout=60)
    import_id = client.bulk_import("books", files=[["import/books-part1.json"]])
    imported = client.wait_for_import(import_id, timeout=60)
    print(f"import {import_id}: {imported.imported_rows} rows")
    print(f"refresh {refreshed.state_name}, import {imported.state_name}")
EOF
  (cd "$d" && clean_env "$d/venv/bin/python" app.py) >"$d/out.txt" 2>&1 || { cat "$d/out.txt" >&2; die "python program"; }
  expect_done "$d/out.txt" python
  say "python: $(tail -2 "$d/out.txt" | head -1)"
}

# ---------------------------------------------------------------- node
run_node() {
  need node "apt-get install nodejs npm"
  need npm "apt-get install npm"
  local d="$work/node"
  mkdir -p "$d"
  (cd "$d" && clean_env npm init -y >/dev/null)
  timed "node: npm install bindings/node" \
    clean_env bash -c "cd '$d' && npm install --no-audit --no-fund --loglevel=error '$root/bindings/node'"
  cat >"$d/app.js" <<'EOF'
const { Client } = require('milvus-jobs');
(async () => {
  const client = new Client({ uri: process.env.MJ_URI });
  const refreshId = await client.refreshExternalCollection({ collectionName: 'books_ext' });
  const refreshed = await client.waitRefresh(refreshId, { signal: AbortSignal.timeout(60_000) });
  const importId = await client.bulkImport({ collectionName: 'books', files: ['import/books-part1.json'] });
  const imported = await client.waitImport(importId, { signal: AbortSignal.timeout(60_000) });
  console.log(`import ${importId}: ${imported.importedRows} rows`);
  console.log(`refresh ${refreshed.stateName}, import ${imported.stateName}`);
  client.close();
})().catch((e) => { console.error(e); process.exit(1); });
EOF
  (cd "$d" && clean_env node app.js) >"$d/out.txt" 2>&1 || { cat "$d/out.txt" >&2; die "node program"; }
  expect_done "$d/out.txt" node
  say "node: $(tail -2 "$d/out.txt" | head -1)"
}

# ---------------------------------------------------------------- rust
run_rust() {
  need cargo "install Rust (rustup) with cargo"
  local d="$work/rust"
  (cd "$work" && clean_env cargo new --quiet --vcs none rust)
  (cd "$d" && clean_env cargo add --quiet --path "$root/bindings/rust/milvus-jobs")
  cat >"$d/src/main.rs" <<'EOF'
use milvus_jobs::{Client, ImportRequest, RefreshRequest, WaitOptions};

fn main() -> Result<(), milvus_jobs::Error> {
    let client = Client::builder().uri(std::env::var("MJ_URI").expect("MJ_URI")).build()?;
    let refresh_id = client.refresh_external_collection(&RefreshRequest::new("books_ext"))?;
    let refreshed = client.wait_refresh(refresh_id, &WaitOptions::default(), |_| {})?;
    let import_id = client.bulk_import(&ImportRequest::new("books").file("import/books-part1.json"))?;
    let imported = client.wait_import(&import_id, &WaitOptions::default(), |_| {})?;
    println!("import {import_id}: {} rows", imported.imported_rows);
    println!("refresh {}, import {}", refreshed.state, imported.state);
    Ok(())
}
EOF
  timed "rust: cargo build (milvus-jobs by path)" \
    clean_env bash -c "cd '$d' && cargo build --quiet"
  (cd "$d" && clean_env "$d/target/debug/rust") >"$d/out.txt" 2>&1 || { cat "$d/out.txt" >&2; die "rust program"; }
  expect_done "$d/out.txt" rust
  say "rust: $(tail -2 "$d/out.txt" | head -1)"
}

# ---------------------------------------------------------------- go
run_go() {
  need go "install Go (1.22 or newer)"
  [ "$(id -u)" -eq 0 ] || die "go: the documented install (tools/install.sh into /usr/local) needs root"
  local d="$work/go"
  mkdir -p "$d"
  timed "go: tools/install.sh (library, CLI, dev server into /usr/local)" \
    clean_env "$root/tools/install.sh"
  (cd "$d" && clean_env go mod init example.com/app >/dev/null 2>&1)
  (cd "$d" && clean_env go mod edit -replace "github.com/milvus-jobs/milvus-jobs/bindings/go=$root/bindings/go")
  cat >"$d/main.go" <<'EOF'
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

func main() {
	ctx := context.Background()
	client, err := milvusjobs.NewClient(milvusjobs.Options{URI: os.Getenv("MJ_URI")})
	check(err)
	defer client.Close()
	refreshID, err := client.RefreshExternalCollection(ctx, milvusjobs.RefreshRequest{CollectionName: "books_ext"})
	check(err)
	refreshed, err := client.WaitRefresh(ctx, refreshID, nil, nil)
	check(err)
	importID, err := client.BulkImport(ctx, milvusjobs.ImportRequest{CollectionName: "books", Files: [][]string{{"import/books-part1.json"}}})
	check(err)
	imported, err := client.WaitImport(ctx, importID, nil, nil)
	check(err)
	fmt.Printf("import %s: %d rows\n", importID, imported.ImportedRows)
	fmt.Printf("refresh %s, import %s\n", refreshed.StateName, imported.StateName)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
EOF
  timed "go: go mod tidy + go build" \
    clean_env bash -c "cd '$d' && go mod tidy >/dev/null && go build -o app ."
  (cd "$d" && clean_env ./app) >"$d/out.txt" 2>&1 || { cat "$d/out.txt" >&2; die "go program"; }
  expect_done "$d/out.txt" go
  say "go: $(tail -2 "$d/out.txt" | head -1)"
}

passed=0
for lang in "${langs[@]}"; do
  case $lang in
    python | node | rust | go) "run_$lang" ;;
    *) die "unknown binding $lang (python, node, rust, go)" ;;
  esac
  passed=$((passed + 1))
done
echo "acceptance: ${passed} passed, 0 failed"
