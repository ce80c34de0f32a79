#!/usr/bin/env bash
# check_layout.sh LAYOUT_BINARY HEADER [EXPECTED_TABLE]
#
# Runs tests/abi/layout and checks that
#   - its field list is the header's, struct by struct, in declaration order
#     (so a field added to the header without a line in layout.c fails), and
#   - when EXPECTED_TABLE is given (LP64 targets), the whole table equals it:
#     a change is an ABI break unless it only appends fields (then update
#     tests/abi/layout.lp64.txt, and the bindings that mirror it).
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 LAYOUT_BINARY HEADER [EXPECTED_TABLE]" >&2
  exit 2
fi
layout=$1
header=$2
expected=${3:-}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

"$layout" > "$tmp/table"
cat "$tmp/table"

# struct.field names declared in the header, in order.
perl -0777 -ne '
  s{/\*.*?\*/}{}gs;
  while (/typedef\s+struct\s+(mj_\w+)\s*\{(.*?)\}\s*\1\s*;/gs) {
    my ($name, $body) = ($1, $2);
    for my $decl (split /;/, $body) {
      next unless $decl =~ /\S/;
      $decl =~ /(\w+)\s*(?:\[[^\]]*\])?\s*$/ or die "cannot read a field of $name: $decl\n";  # also "T name[N]"
      print "$name.$1\n";
    }
  }
' "$header" > "$tmp/header.fields"
awk '$1 ~ /\./ { print $1 }' "$tmp/table" > "$tmp/layout.fields"
if ! cmp -s "$tmp/header.fields" "$tmp/layout.fields"; then
  echo "FAIL: the fields in tests/abi/layout.c differ from the header's ('-' header only, '+' layout.c only):"
  { diff -u --label header --label layout.c "$tmp/header.fields" "$tmp/layout.fields" || true; } | sed -n '3,$p' | sed 's/^/  /'
  fail=1
fi

if [[ -n $expected ]]; then
  if ! diff -u --label "$expected" --label layout "$expected" "$tmp/table" > "$tmp/diff"; then
    echo "FAIL: the struct layout differs from $expected:"
    sed 's/^/  /' "$tmp/diff"
    echo "Appending a field is allowed (update $expected); moving, resizing or removing one breaks the ABI."
    fail=1
  fi
fi

exit $fail
