#!/bin/sh
# Tries, inside a new build container, what debootstrap and the chroot steps need: mounting,
# device nodes, chown and chroot. Exits non-zero at the first that the container may not do.
set -e
d=$(mktemp -d)
mount -t proc proc "$d"
umount "$d"
mknod "$d/null" c 1 3
chown 1:1 "$d/null"
rm "$d/null"
rmdir "$d"
chroot / true
