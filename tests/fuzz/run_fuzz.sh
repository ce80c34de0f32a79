#!/usr/bin/env bash
# Regression run of decode_fuzz: replays the seed corpus plus whatever earlier
# runs added, then fuzzes for SECONDS more. Any finding fails the test and
# leaves its reproducer in the build directory.
# Usage: run_fuzz.sh FUZZER CORPUS_DIR SECONDS SOURCE_DIR...
set -euo pipefail
fuzzer=$1
corpus=$2
seconds=$3
shift 3
"$(dirname "$0")/make_corpus.sh" "$corpus" "$@"
work=$(dirname "$corpus")
cd "$work"
"$fuzzer" -runs=0 "$corpus"
"$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$corpus"
