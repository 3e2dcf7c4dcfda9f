#!/bin/sh
# baseimg boot-test probes: appended to the image under test as /etc/baseimg/boot.d/99-probes, so
# the built-in /init runs it after the image's own boot scripts (network, agent) and before its
# marker line. Each finding is one console line, baseimg-probe: NAME=VALUE, that boot-test reads.
# Only what a minbase image has: sh, coreutils, grep, sed; modprobe when the image has kmod.

probe() { echo "baseimg-probe: $1=$2"; }

# The names in a directory, on one line.
names() {
  for entry in "$1"/*; do
    if [ -e "$entry" ] && [ "${entry##*/}" != "$2" ]; then printf '%s ' "${entry##*/}"; fi
  done
}

probe release "$(uname -r)"
# The consoles the kernel writes to, e.g. ttyAMA0 for the PL011 UART.
probe consoles "$(sed 's/ .*//' /proc/consoles | tr '\n' ' ')"
# The start of this shell's stack: the highest user mapping, above 2^39 only with 48-bit VAs.
probe stack "$(grep '\[stack\]' /proc/self/maps | sed 's/-.*//')"
probe event_sources "$(names /sys/bus/event_source/devices)"

module=$(sed -n 's/.*baseimg\.probe-module=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$module" ]; then
  if command -v modprobe >/dev/null 2>&1; then
    if modprobe "$module"; then probe modprobe ok; else probe modprobe failed; fi
  else
    probe modprobe missing
  fi
fi
# Wait a little for an interface besides lo, as a slow virtio probe may still be running.
tries=0
while [ "$tries" -lt 10 ] && [ -z "$(names /sys/class/net lo)" ]; do
  sleep 1
  tries=$((tries + 1))
done
probe interfaces "$(names /sys/class/net lo)"
# Local IPv4 addresses other than loopback, from the routing table: no ip command needed.
probe addresses "$(grep -B1 '/32 host LOCAL' /proc/net/fib_trie 2>/dev/null \
  | sed -n 's/^.*-- \([0-9.]*\)$/\1/p' | grep -v '^127\.' | sort -u | tr '\n' ' ')"
# Processes whose command line names the agent the image was built with.
agent=$(sed -n 's/.*baseimg\.probe-agent=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$agent" ]; then
  count=0
  for cmdline in /proc/[0-9]*/cmdline; do
    if tr '\0' ' ' < "$cmdline" 2>/dev/null | grep -q "$agent"; then count=$((count + 1)); fi
  done
  probe agent_processes "$count"
fi
probe finished yes
