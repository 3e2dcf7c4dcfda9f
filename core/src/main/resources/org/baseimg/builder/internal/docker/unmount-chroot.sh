#!/bin/sh
# Unmounts everything at or below TREE, deepest first; lazily when a mount is busy.
#   unmount-chroot.sh TREE
set -eu
tree=$1
awk -v tree="$tree" '$5 == tree || index($5, tree "/") == 1 { print $5 }' /proc/self/mountinfo \
  | sort -r \
  | while read -r m; do umount "$m" || umount -l "$m"; done
