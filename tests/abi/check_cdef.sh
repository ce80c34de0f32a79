#!/usr/bin/env bash
# check_cdef.sh CC HEADER
#
# `cc -E -P -DMJ_FFI_CDEF milvus_jobs.h` is what FFI generators (cffi cdef,
# koffi) read: it must be plain declarations, with no preprocessor line left
# ('#...'), no compiler extensions (__attribute__, __declspec), no extern "C",
# every MJ_API function of the header still declared, and, given the two
# standard headers it leaves out, valid pedantic C99.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 CC HEADER" >&2
  exit 2
fi
cc=$1
header=$2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

"$cc" -x c -E -P -DMJ_FFI_CDEF "$header" > "$tmp/cdef.h"
if [[ ! -s $tmp/cdef.h ]]; then
  echo "FAIL: the preprocessed header is empty"
  exit 1
fi

report() { # report WHAT PATTERN
  local hits
  hits=$(grep -nE -- "$2" "$tmp/cdef.h" || true)
  if [[ -n $hits ]]; then
    echo "FAIL: the MJ_FFI_CDEF output contains $1:"
    printf '%s\n' "$hits" | head -20 | sed 's/^/  /'
    fail=1
  fi
}
report "preprocessor lines" '^[[:space:]]*#'
report "__attribute__" '__attribute__'
report "__declspec" '__declspec'
report 'extern "C"' 'extern[[:space:]]*"C"'
report "MJ_API (not expanded)" '\bMJ_API\b'

# Every function the header declares is still declared.
perl -0777 -ne 's{/\*.*?\*/}{}gs; while (/^MJ_API\b[^(;]*?\b(mj_\w+)\s*\(/mg) { print "$1\n" }' \
  "$header" | sort -u > "$tmp/header.names"
missing=""
while read -r name; do
  grep -qE "\\b$name[[:space:]]*\\(" "$tmp/cdef.h" || missing="$missing $name"
done < "$tmp/header.names"
if [[ -n $missing ]]; then
  echo "FAIL: functions missing from the MJ_FFI_CDEF output:$missing"
  fail=1
fi

# It is still C: compile it behind the two standard headers it leaves out.
{
  printf '#include <stddef.h>\n#include <stdint.h>\n'
  cat "$tmp/cdef.h"
} > "$tmp/cdef_check.c"
if ! "$cc" -x c -std=c99 -fsyntax-only -Wall -Wextra -Wpedantic -Werror -Wstrict-prototypes \
  "$tmp/cdef_check.c"; then
  echo "FAIL: the MJ_FFI_CDEF output does not compile as C99"
  fail=1
fi

if [[ $fail -ne 0 ]]; then
  exit 1
fi
echo "check_cdef: $(wc -l < "$tmp/header.names") functions, $(wc -l < "$tmp/cdef.h") lines of plain C"
