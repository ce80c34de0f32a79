#!/usr/bin/env bash
# run_cli_docs_test.sh BUILD_DIR CMAKE
#
# Installs the `library` and `tools` components into a fresh temporary prefix, as
# `cmake --install` does for a user, and checks what the command line brings
# with it: bin/milvus-jobs, its man page (rendered by groff without a warning,
# and the sections a reader looks for), and the bash and zsh completions
# (each sourced and asked for words, with the installed program on PATH).
# The temporary directory is always removed.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR CMAKE" >&2
  exit 2
fi
build_dir=$1
cmake=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mj-cli-docs-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

step() { printf '\n== %s\n' "$*"; }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
for tool in groff zsh; do
  command -v "$tool" >/dev/null || die "$tool is missing: tools/bootstrap.sh installs it"
done

step "install the library and tools components into $prefix"
# The library too: the installed program finds it next to itself ($ORIGIN/../lib).
"$cmake" --install "$build_dir" --prefix "$prefix" --component library >/dev/null
"$cmake" --install "$build_dir" --prefix "$prefix" --component tools >/dev/null
env -u LD_LIBRARY_PATH "$prefix/bin/milvus-jobs" --version | grep -q "^milvus-jobs " ||
  die "the installed milvus-jobs does not run from $prefix"
man_page=$prefix/share/man/man1/milvus-jobs.1
bash_completion=$prefix/share/bash-completion/completions/milvus-jobs
zsh_completion=$prefix/share/zsh/site-functions/_milvus-jobs
for f in "$prefix/bin/milvus-jobs" "$man_page" "$bash_completion" "$zsh_completion"; do
  [[ -f $f ]] || die "$f not installed"
  echo "installed: ${f#"$prefix"/}"
done
export PATH=$prefix/bin:$PATH

step "the man page renders"
warnings=$(groff -man -Tutf8 -ww -z "$man_page" 2>&1)
[[ -z $warnings ]] || die "groff warns about the man page: $warnings"
rendered=$(groff -man -Tascii -P-cbou "$man_page")
for section in NAME SYNOPSIS COMMANDS OPTIONS "ZILLIZ CLOUD" WATCH ENVIRONMENT "EXIT STATUS" EXAMPLES; do
  grep -q "^$section" <<<"$rendered" || die "the man page has no section $section"
done
# Every command of the program is described.
while read -r command; do
  grep -qE "^ +$command( |$)" <<<"$rendered" || die "the man page does not describe the command $command"
done < <(milvus-jobs --commands)
echo "man page: $(wc -l <<<"$rendered") lines, every command and section"

step "bash completion"
bash_words() { # bash_words WORD...: what completing the last word offers
  bash -c 'source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _milvus_jobs; echo "${COMPREPLY[*]}"' \
    "$bash_completion" "$@"
}
expect() { # expect WHAT GOT WANT
  [[ $2 == "$3" ]] || die "$1: got \"$2\", want \"$3\""
  echo "$1: $2"
}
expect "bash: milvus-jobs wa" "$(bash_words milvus-jobs wa)" "watch"
expect "bash: milvus-jobs import-l" "$(bash_words milvus-jobs import-l)" "import-list"
expect "bash: milvus-jobs --uri http://x import-list --pa" \
  "$(bash_words milvus-jobs --uri http://x import-list --pa)" "--page= --page-size="
expect "bash: milvus-jobs watch --coll" "$(bash_words milvus-jobs watch --coll)" "--collection="
expect "bash: milvus-jobs watch re" "$(bash_words milvus-jobs watch re)" "refresh:"
expect "bash: milvus-jobs --cluster-id <value>" "$(bash_words milvus-jobs --cluster-id '')" ""

step "zsh completion"
zsh_words() { zsh "$here/zsh_completion_driver.zsh" "$zsh_completion" "$@" | sed 's/ $//'; }
expect "zsh: milvus-jobs wa" "$(zsh_words milvus-jobs wa)" "watch"
expect "zsh: milvus-jobs import-l" "$(zsh_words milvus-jobs import-l)" "import-list"
expect "zsh: milvus-jobs --uri http://x import-list --pa" \
  "$(zsh_words milvus-jobs --uri http://x import-list --pa)" "--page-size= --page="
expect "zsh: milvus-jobs watch re" "$(zsh_words milvus-jobs watch re)" "refresh:"
expect "zsh: milvus-jobs --cluster-id <value>" "$(zsh_words milvus-jobs --cluster-id '')" "<value>"

step "cli docs test: ok"
