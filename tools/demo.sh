#!/usr/bin/env bash
# The main job: builds milvus-jobs, starts the dev server on the sample data,
# then refreshes an external collection (a manifest of its Parquet files, with
# their row counts) and imports a JSON, a CSV and a Parquet file, checked against
# the collection's schema, end to end with the milvus-jobs command line (live
# progress bars on a terminal), and runs examples/main_job.c, which does the
# same through the C API.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MJ_BUILD_DIR:-$root/build}
"$root/tools/build.sh" milvus_jobs milvus-jobs-devserver milvus-jobs main_job >/dev/null

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

export MILVUS_URI="http://127.0.0.1:$port"
cli="$build/tools/cli/milvus-jobs"
echo
echo "\$ milvus-jobs refresh books_ext --source s3://bucket/books_v2 --spec '{\"format\":\"parquet\"}' --wait"
"$cli" refresh books_ext --source s3://bucket/books_v2 --spec '{"format":"parquet"}' --wait
echo
echo "\$ milvus-jobs import books import/books-part1.json import/books-part2.csv import/books-part3.parquet --wait"
"$cli" import books import/books-part1.json import/books-part2.csv import/books-part3.parquet --wait
echo
echo "\$ milvus-jobs import-list books"
"$cli" import-list books
echo
echo "the same through the C API (examples/main_job.c):"
"$build/examples/main_job" "$MILVUS_URI"
echo "manifests written by the refreshes (each Parquet file with its rows and columns):"
ls "$work/data/.milvus-jobs/manifests/"
manifest=$(ls "$work"/data/.milvus-jobs/manifests/*.json | head -1)
grep -E '"(path|rows|totalRows)"' "$manifest" | tr -d ' ' | paste -sd' ' -
