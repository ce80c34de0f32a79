#!/usr/bin/env bash
# Seed corpus for decode_fuzz: every wire example (tests/data/wire, and the
# further server answers kept in tests/fuzz/seeds) behind each of
# the 8 route bytes and the 4 snapshot route bytes (0x40-0x43), with HTTP
# status byte 0 (200).
# Usage: make_corpus.sh OUT_DIR SOURCE_DIR...
set -euo pipefail
out=$1
shift
mkdir -p "$out"
n=0
for dir in "$@"; do
  for f in "$dir"/*; do
    [ -f "$f" ] || continue
    for route in 00 01 02 03 04 05 06 07 40 41 42 43; do
      { printf "\\x$route\\x00"; cat "$f"; } >"$out/$(basename "$f").r$route"
      n=$((n + 1))
    done
  done
done
echo "corpus: $n seeds in $out"
