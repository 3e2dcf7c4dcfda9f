#!/bin/sh
# Mounts what commands in the chroot at TREE need, as a host build does.
#   mount-chroot.sh TREE
set -eu
cd "$1"
mkdir -p proc sys dev/pts
mount -t proc proc proc
mount -t sysfs sysfs sys
mount --bind /dev dev
mount -t devpts -o newinstance,ptmxmode=0666 devpts dev/pts
