#!/usr/bin/env zsh
# complete.sh for zsh: sources a completion script as ~/.zshrc would, prints what compdef
# registered for baseimg, then the candidates of one command line, one a line. Run it with
# `zsh -f`, so that no user setup is read.
#
# Usage: complete.zsh SCRIPT LINE

source "$1"
print -r -- "registered: ${_comps[baseimg]}"

# bashcompinit runs bash functions with bash's 0-based arrays. (The script makes compopt an alias
# of bashcompinit's complete, which is quiet outside a completion: nothing to stub.)
setopt ksharrays
COMP_LINE=$2
COMP_POINT=${#COMP_LINE}
COMP_WORDS=(${=COMP_LINE})
if [[ $COMP_LINE == *" " ]]; then
  COMP_WORDS+=("")
fi
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
_complete_baseimg
if (( ${#COMPREPLY[@]} )); then
  print -rl -- "${COMPREPLY[@]}"
fi
