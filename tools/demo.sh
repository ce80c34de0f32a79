#!/usr/bin/env bash
# The main job: builds milvus-jobs, starts the dev server on the sample data,
# then refreshes an external collection and imports two files end to end,
# printing the progress of both.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MJ_BUILD_DIR:-$root/build}
"$root/tools/build.sh" milvus_jobs milvus-jobs-devserver main_job >/dev/null

work=$(mktemp -d)
cp -r "$root/examples/sample/data" "$work/data"
"$build/tools/devserver/milvus-jobs-devserver" --host 127.0.0.1 --port 0 \
  --config "$root/examples/sample/config.json" --data-dir "$work/data" --work-delay-ms 150 >"$work/server.out" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT

port=""
for _ in $(seq 100); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.out")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "demo: the dev server did not start" >&2; exit 1; }
echo "dev server on http://127.0.0.1:$port (sample data in examples/sample)"
"$build/examples/main_job" "http://127.0.0.1:$port"
echo "manifest written by the refresh:"
ls "$work/data/.milvus-jobs/manifests/"
