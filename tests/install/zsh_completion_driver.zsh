# zsh_completion_driver.zsh COMPLETION_FILE WORD...
# Runs a zsh completion function outside an interactive shell: the
# completion system's builtins it calls (compadd, _call_program, _files,
# _message) are stood in for by functions that print what they are given,
# and the words offered for the last WORD are printed on one line, sorted.
compfile=$1
shift
compadd() {
  while [[ $1 == -* && $1 != -- ]]; do
    [[ $1 == -S ]] && shift
    shift
  done
  [[ $1 == -- ]] && shift
  print -l -- "$@"
}
_call_program() { shift; "$@" }
_files() { print -- "<files>" }
_message() { print -- "<value>" }
words=("$@")
CURRENT=${#words}
PREFIX=${words[CURRENT]}
source $compfile | grep -F -- "$PREFIX" | grep -v "^$" | LC_ALL=C sort | tr '\n' ' '
print
