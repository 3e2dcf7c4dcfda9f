#!/bin/sh
# Removes build-time state from the image, so that it carries nothing of the build and two builds
# of one profile give the same bytes. Runs inside the image (chroot or container), as root.
set -eu
rm -f /usr/sbin/policy-rc.d
rm -rf /var/lib/apt/lists/*
mkdir -p /var/lib/apt/lists/partial
rm -f /var/cache/apt/*.bin
find /var/cache/apt/archives -type f -name '*.deb' -delete
rm -f /var/cache/apt/archives/lock /var/cache/apt/archives/partial/*
rm -f /var/lib/dpkg/*-old /var/cache/debconf/*-old
# Logs: emptied of the build, the files themselves kept where packages expect them.
find /var/log -type f -delete
# A machine id must be made on first boot, never shared by every machine of an image.
if [ -e /etc/machine-id ]; then : > /etc/machine-id; fi
rm -f /var/lib/dbus/machine-id /var/lib/systemd/random-seed
rm -f /etc/ssh/ssh_host_*
find / -xdev -name __pycache__ -type d -prune -exec rm -rf {} +
rm -f /etc/salt/minion_id
rm -rf /etc/salt/pki/minion/*
# ldconfig's aux-cache holds inode numbers and times of the build's files.
rm -f /var/cache/ldconfig/aux-cache
rm -rf /tmp/* /tmp/.[!.]* /var/tmp/* /root/.cache /root/.bash_history
# debootstrap copies the build host's name (with its file's mode) and resolver.
echo localhost > /etc/hostname
chmod 0644 /etc/hostname
rm -f /etc/resolv.conf
rm -rf /debootstrap
