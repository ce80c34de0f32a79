# bash completion for milvus-jobs.
# The commands and flags come from the program itself (`milvus-jobs --commands`,
# `milvus-jobs [COMMAND] --options`), so they never drift from its help.
# Installed as share/bash-completion/completions/milvus-jobs.

_milvus_jobs() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  local prog=${COMP_WORDS[0]} cmd="" word i
  local -a valued words
  # Flags that take a value are printed as "--flag=".
  mapfile -t words < <("$prog" --options 2>/dev/null)
  for word in "${words[@]}"; do
    [[ $word == *= ]] && valued+=("${word%=}")
  done
  # The command: the first word that is neither a flag nor a flag's value.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ $word == -* ]]; then
      [[ $word != *=* && " ${valued[*]} " == *" $word "* ]] && ((i++))
      continue
    fi
    cmd=$word
    break
  done
  case $prev in
    --ca-file)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return 0
      ;;
  esac
  if [[ " ${valued[*]} " == *" $prev "* ]]; then
    COMPREPLY=()
    return 0
  fi
  if [[ $cur == -* ]]; then
    mapfile -t words < <("$prog" ${cmd:+"$cmd"} --options 2>/dev/null)
    mapfile -t COMPREPLY < <(compgen -W "${words[*]}" -- "$cur")
    # "--uri=" waits for its value: no space after it.
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then
      compopt -o nospace 2>/dev/null
    fi
  elif [[ -z $cmd ]]; then
    mapfile -t words < <("$prog" --commands 2>/dev/null)
    mapfile -t COMPREPLY < <(compgen -W "${words[*]}" -- "$cur")
  elif [[ $cmd == watch ]]; then
    mapfile -t COMPREPLY < <(compgen -W "- import: refresh:" -- "$cur")
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *: ]]; then
      compopt -o nospace 2>/dev/null
    fi
  fi
  return 0
}
complete -F _milvus_jobs milvus-jobs
