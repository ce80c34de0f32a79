#!/usr/bin/env bash
# check_versions.sh HEADER LIBRARY SYMBOLS_TXT MAP [NM]
#
# Each exported function lives in the version node of the release that
# added it, and the three places that say which release that was agree:
#   1. the header: the "Since MAJOR.MINOR." of the comment just above the
#      declaration (a declaration right below another, with no blank line
#      between, shares that one's comment);
#   2. abi/symbols.txt: `name MAJOR.MINOR`;
#   3. the library: `nm -D` shows name@@NODE, where NODE is MILVUS_JOBS_0 for
#      0.1 (the first node) and MILVUS_JOBS_MAJOR.MINOR after that;
# and src/milvus_jobs.map names every function explicitly (no wildcard that
# would put a new function in the first node silently).
set -euo pipefail

if [[ $# -lt 4 || $# -gt 5 ]]; then
  echo "usage: $0 HEADER LIBRARY SYMBOLS_TXT MAP [NM]" >&2
  exit 2
fi
header=$1
library=$2
symbols_txt=$3
map=$4
nm_tool=${5:-nm}
for f in "$header" "$library" "$symbols_txt" "$map"; do
  [[ -r $f ]] || { echo "check_versions: cannot read $f" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

node_of() { # 0.1 -> MILVUS_JOBS_0, 0.2 -> MILVUS_JOBS_0.2
  if [[ $1 == 0.1 ]]; then echo MILVUS_JOBS_0; else echo "MILVUS_JOBS_$1"; fi
}

# 1. The header: name and Since, or name and "?" where the comment has none.
perl -0777 -ne '
  my $since = "?";
  while (/^MJ_API\b[^(;]*?\b(mj_\w+)\s*\(/mg) {
    my ($name, $pos) = ($1, $-[0]);
    my $before = substr($_, 0, $pos);
    if ($before =~ m{/\*((?:(?!\*/).)*)\*/[ \t]*\n\z}s) {
      my @s = ($1 =~ /Since (\d+\.\d+)\./g);
      $since = @s ? $s[-1] : "?";
    } elsif ($before !~ /;[ \t]*\n\z/) {
      $since = "?";
    }
    print "$name $since\n";
  }
' "$header" | LC_ALL=C sort > "$tmp/header"
missing=$(awk '$2 == "?" { print $1 }' "$tmp/header")
if [[ -n $missing ]]; then
  echo "FAIL: no \"Since MAJOR.MINOR.\" in the comment above:"
  printf '  %s\n' $missing
  fail=1
fi

# 2. abi/symbols.txt.
LC_ALL=C sort "$symbols_txt" > "$tmp/symbols"
if ! cmp -s "$tmp/header" "$tmp/symbols"; then
  echo "FAIL: the header's Since and $symbols_txt differ ('-' header, '+' symbols.txt):"
  { diff -u "$tmp/header" "$tmp/symbols" || true; } | sed -n '3,$p' | grep '^[-+]' | sed 's/^/  /' || true
  fail=1
fi

# 3. The library's version nodes.
"$nm_tool" -D --defined-only "$library" | awk 'NF >= 2 { print $NF }' | grep '@' |
  grep -v '^MILVUS_JOBS_[0-9.]*@' | sed 's/@@*/ /' | LC_ALL=C sort > "$tmp/nodes"
while read -r name since; do
  [[ $since == "?" ]] && continue
  want=$(node_of "$since")
  got=$(awk -v n="$name" '$1 == n { print $2 }' "$tmp/nodes")
  if [[ -z $got ]]; then
    echo "FAIL: $name (Since $since) is not exported: list it in node $want of $map"
    fail=1
  elif [[ $got != "$want" ]]; then
    echo "FAIL: $name is Since $since in the header but exported in node $got: move it to node $want of $map"
    fail=1
  fi
done < "$tmp/header"

# 4. The map lists names, never patterns, in its global: sections.
if perl -0777 -ne 'while (/global:(.*?)(?:local:|\})/gs) { exit 1 if $1 =~ /[*?\[]/ }' "$map"; then :; else
  echo "FAIL: $map uses a wildcard in a global: list; name each function in the node of its version"
  fail=1
fi

if [[ $fail -ne 0 ]]; then
  cat <<'MSG'

A function added in version X.Y says "Since X.Y." in its header comment, has
the line `name X.Y` in abi/symbols.txt and is listed in node MILVUS_JOBS_X.Y
of src/milvus_jobs.map (a new node inherits the previous one).
MSG
  exit 1
fi
echo "check_versions: $(wc -l < "$tmp/header") functions in the version node of their Since"
