#!/usr/bin/env bash
# check_exports.sh HEADER LIBRARY SYMBOLS_TXT [NM]
#
# The exported C API, three ways, must be the same set of names:
#   1. the header:      every declaration `MJ_API ... mj_name(` (may span lines)
#   2. the library:     `nm -D --defined-only` of the built libmilvus_jobs.so
#                       (@@VERSION stripped, the version-node symbols
#                       MILVUS_JOBS_* ignored)
#   3. abi/symbols.txt: one `name since-version` per line (e.g. `mj_version 0.1`),
#                       committed, so removing a function fails here.
# Also: every export carries a version node (the linker script applied), every
# symbols.txt line is well formed and no name is listed twice.
set -euo pipefail

if [[ $# -lt 3 || $# -gt 4 ]]; then
  echo "usage: $0 HEADER LIBRARY SYMBOLS_TXT [NM]" >&2
  exit 2
fi
header=$1
library=$2
symbols_txt=$3
nm_tool=${4:-nm}

for f in "$header" "$library" "$symbols_txt"; do
  [[ -r $f ]] || { echo "check_exports: cannot read $f" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0

# 1. The header. Comments are removed first so a name in prose never counts.
perl -0777 -ne '
  s{/\*.*?\*/}{}gs;
  s{//[^\n]*}{}g;
  while (/^MJ_API\b[^(;]*?\b(mj_\w+)\s*\(/mg) { print "$1\n" }
' "$header" | LC_ALL=C sort > "$tmp/header.all"
LC_ALL=C sort -u "$tmp/header.all" > "$tmp/header"
if ! cmp -s "$tmp/header.all" "$tmp/header"; then
  echo "FAIL: the header declares a function more than once:"
  LC_ALL=C uniq -d "$tmp/header.all" | sed 's/^/  /'
  fail=1
fi
if [[ ! -s $tmp/header ]]; then
  echo "FAIL: found no MJ_API declarations in $header"
  exit 1
fi

# 2. The library.
"$nm_tool" -D --defined-only "$library" > "$tmp/nm.raw"
awk 'NF >= 2 { print $NF }' "$tmp/nm.raw" | grep -v '^MILVUS_JOBS_[0-9.]*$' > "$tmp/nm.names" || true
unversioned=$(grep -v '@' "$tmp/nm.names" || true)
if [[ -n $unversioned ]]; then
  echo "FAIL: exported without a version node (is src/milvus_jobs.map applied?):"
  printf '  %s\n' $unversioned
  fail=1
fi
sed 's/@.*//' "$tmp/nm.names" | LC_ALL=C sort -u > "$tmp/library"

# 3. abi/symbols.txt.
bad_lines=$(grep -nEv '^mj_[A-Za-z0-9_]+ [0-9]+\.[0-9]+$' "$symbols_txt" || true)
if [[ -n $bad_lines ]]; then
  echo "FAIL: $symbols_txt: lines not of the form 'mj_name MAJOR.MINOR':"
  printf '%s\n' "$bad_lines" | sed 's/^/  line /'
  fail=1
fi
awk '{ print $1 }' "$symbols_txt" | LC_ALL=C sort > "$tmp/symbols.all"
LC_ALL=C sort -u "$tmp/symbols.all" > "$tmp/symbols"
if ! cmp -s "$tmp/symbols.all" "$tmp/symbols"; then
  echo "FAIL: $symbols_txt lists a name more than once:"
  LC_ALL=C uniq -d "$tmp/symbols.all" | sed 's/^/  /'
  fail=1
fi

# A symbol cannot have appeared in a version newer than the header's.
hdr_major=$(sed -n 's/^#define MJ_VERSION_MAJOR \([0-9]*\).*/\1/p' "$header")
hdr_minor=$(sed -n 's/^#define MJ_VERSION_MINOR \([0-9]*\).*/\1/p' "$header")
too_new=$(awk -v M="$hdr_major" -v m="$hdr_minor" 'NF == 2 {
    split($2, v, "."); if (v[1] + 0 > M + 0 || (v[1] + 0 == M + 0 && v[2] + 0 > m + 0)) print $0 }' "$symbols_txt")
if [[ -n $too_new ]]; then
  echo "FAIL: $symbols_txt names versions newer than the header's $hdr_major.$hdr_minor:"
  printf '%s\n' "$too_new" | sed 's/^/  /'
  fail=1
fi

compare() { # compare A_FILE A_LABEL B_FILE B_LABEL
  if ! cmp -s "$1" "$3"; then
    echo "FAIL: $2 and $4 differ ('-' only in $2, '+' only in $4):"
    { diff -u --label "$2" --label "$4" "$1" "$3" || true; } | sed -n '3,$p' | grep '^[-+]' | sed 's/^/  /' || true
    fail=1
  fi
}
compare "$tmp/header" "header ($header)" "$tmp/library" "library exports ($library)"
compare "$tmp/header" "header ($header)" "$tmp/symbols" "$symbols_txt"

if [[ $fail -ne 0 ]]; then
  cat <<'EOF'

A function added to the header needs MJ_API, a definition exported by the
library and a line `name MAJOR.MINOR` in abi/symbols.txt. A function removed
from the header or the library is an ABI break: restore it.
EOF
  exit 1
fi
echo "check_exports: $(wc -l < "$tmp/header") functions agree across header, library and $symbols_txt"
