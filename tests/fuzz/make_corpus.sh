#!/usr/bin/env bash
# Seed corpus for decode_fuzz: every wire example (tests/data/wire, and the
# further server answers kept in tests/fuzz/seeds) behind each of
# the 8 route bytes, with HTTP status byte 0 (200).
# Usage: make_corpus.sh OUT_DIR SOURCE_DIR...
set -euo pipefail
out=$1
shift
mkdir -p "$out"
n=0
for dir in "$@"; do
  for f in "$dir"/*; do
    [ -f "$f" ] || continue
    for route in 0 1 2 3 4 5 6 7; do
      { printf "\\x0$route\\x00"; cat "$f"; } >"$out/$(basename "$f").r$route"
      n=$((n + 1))
    done
  done
done
echo "corpus: $n seeds in $out"
