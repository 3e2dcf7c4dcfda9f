#!/bin/sh
# baseimg's built-in /init: just enough to reach the image's own init, or a shell.
# The kernel runs it as PID 1 from the RAM root file system.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

mount -t proc -o nosuid,nodev,noexec proc /proc 2>/dev/null
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys 2>/dev/null
mount -t devtmpfs -o nosuid devtmpfs /dev 2>/dev/null

# Load the modules the hardware asks for, as udev would at boot, when the image has kmod and the
# running kernel's modules: every device's modalias, again while loading makes new devices (a
# virtio PCI device shows its virtio device only once virtio_pci is loaded).
if command -v modprobe >/dev/null 2>&1 && [ -d "/lib/modules/$(uname -r)" ]; then
  loaded=""
  for _ in 1 2 3; do
    aliases=$(cat /sys/bus/*/devices/*/modalias 2>/dev/null | sort -u)
    [ "$aliases" = "$loaded" ] && break
    loaded=$aliases
    # shellcheck disable=SC2086 # one argument per alias
    modprobe -qab $aliases 2>/dev/null || :
  done
fi

# An image without a service manager gets what the build enabled (the agent) from here: each
# script starts its service in the background and returns. With /sbin/init, that init does it.
if [ ! -x /sbin/init ]; then
  for script in /etc/baseimg/boot.d/*; do
    if [ -x "$script" ]; then "$script"; fi
  done
fi

# Boot tests wait for this line.
echo "baseimg-init: userspace is up arch=$(uname -m)"

# A boot test asks for a clean power-off instead of a login. The pause lets the serial port
# drain: powering off at once sometimes loses the marker line.
case " $(cat /proc/cmdline 2>/dev/null) " in
  *" baseimg.boot-test "*)
    sleep 1
    echo o > /proc/sysrq-trigger
    sleep 10
    ;;
esac

if [ -x /sbin/init ]; then
  exec /sbin/init "$@"
fi
echo "baseimg-init: no /sbin/init in this image; starting a shell"
exec /bin/sh
