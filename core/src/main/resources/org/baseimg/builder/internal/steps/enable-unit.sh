#!/bin/sh
# Enables a systemd unit at boot the way systemctl enable would, without systemd running:
# a wants link in multi-user.target.wants to wherever the package put the unit.
#   enable-unit.sh UNIT
set -eu
unit=$1
for dir in /lib/systemd/system /usr/lib/systemd/system; do
  if [ -e "$dir/$unit" ]; then
    mkdir -p /etc/systemd/system/multi-user.target.wants
    ln -sf "$dir/$unit" "/etc/systemd/system/multi-user.target.wants/$unit"
    break
  fi
done
