#!/usr/bin/env bash
# Asks a bash completion script for the candidates of one command line, as bash's programmable
# completion does when TAB is pressed at the line's end: COMP_LINE, COMP_POINT, COMP_WORDS and
# COMP_CWORD set, the function that `complete -F` registered for baseimg called, and COMPREPLY
# printed one candidate a line.
#
# Usage: complete.sh SCRIPT LINE     e.g. complete.sh baseimg.bash 'baseimg build '

# shellcheck source=/dev/null
source "$1"

# compopt changes options of a completion that bash is running; here none is, and it only says so.
compopt() { :; }

function=$(complete -p baseimg | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
COMP_LINE=$2
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
if [[ $COMP_LINE == *" " ]]; then
  COMP_WORDS+=("")
fi
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
"$function" baseimg "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
if [ ${#COMPREPLY[@]} -gt 0 ]; then
  printf '%s\n' "${COMPREPLY[@]}"
fi
