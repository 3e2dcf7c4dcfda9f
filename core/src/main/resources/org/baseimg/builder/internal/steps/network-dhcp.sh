#!/bin/sh
# Brings every network interface up with DHCP at boot (a profile's network: dhcp), before the agent:
# the built-in /init runs it from /etc/baseimg/boot.d when the image has no service manager.
# dhcpcd (package dhcpcd-base) gets one lease per interface and leaves the address configured.
for dev in /sys/class/net/*; do
  name=${dev##*/}
  [ "$name" = lo ] && continue
  if ! dhcpcd --oneshot --ipv4only --timeout 20 "$name" >/dev/console 2>&1; then
    echo "network: no DHCP lease on $name" >/dev/console
  fi
done
