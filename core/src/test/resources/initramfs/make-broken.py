#!/usr/bin/env python3
"""Writes the deliberately broken initramfs files the reader tests use.

Run from this directory: python3 make-broken.py. Each file holds one fault; README says which.
"""
import gzip

def entry(name, mode, data=b"", ino=1, nlink=1, rdev=(0, 0), check=0, magic=b"070701", pad=b"\0"):
    encoded = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, nlink, 1700000000, len(data), 0, 0, rdev[0], rdev[1], len(encoded), check]
    header = magic + b"".join(b"%08X" % f for f in fields) + encoded
    header += pad * ((4 - len(header) % 4) % 4)
    return header + data + b"\0" * ((4 - len(data) % 4) % 4)

def trailer():
    return entry("TRAILER!!!", 0, ino=0)

DIR, REG, LNK = 0o040755, 0o100644, 0o120777

def write(name, data):
    with open(name, "wb") as f:
        f.write(data)

sound = entry(".", DIR, ino=1) + entry("etc", DIR, ino=2) + entry("etc/motd", REG, b"hello\n", ino=3) + trailer()
write("sound.cpio", sound)
write("truncated.cpio", sound[: len(sound) - 140])
write("duplicate.cpio", entry(".", DIR) + entry("etc", DIR, ino=2) + entry("etc", DIR, ino=3) + trailer())
write("bad-padding.cpio", entry(".", DIR) + entry("etcx", DIR, ino=2, pad=b"X") + trailer())
write("hardlink-mismatch.cpio", entry(".", DIR) + entry("a", REG, ino=5, nlink=3)
      + entry("b", REG, b"data", ino=5, nlink=3) + trailer())
write("hardlink-data-twice.cpio", entry(".", DIR) + entry("a", REG, b"data", ino=5, nlink=2)
      + entry("b", REG, b"data", ino=5, nlink=2) + trailer())
write("no-trailer.cpio", entry(".", DIR) + entry("etc", DIR, ino=2))
write("orphan.cpio", entry(".", DIR) + entry("usr/bin/env", REG, b"x", ino=2) + trailer())
write("checksum-mismatch.cpio", entry(".", DIR, magic=b"070702") + entry("f", REG, b"abc", ino=2, magic=b"070702", check=1) + trailer())
write("lz4.img", bytes([0x04, 0x22, 0x4D, 0x18]) + b"\0" * 60)
write("garbage.img", b"this is no initramfs\n" * 4)
# An early microcode archive (plain) followed by the compressed main archive: how distributions ship.
early = entry("kernel", DIR) + entry("kernel/x86", DIR, ino=2) + entry("kernel/x86/microcode", DIR, ino=3) \
    + entry("kernel/x86/microcode/GenuineIntel.bin", REG, b"ucode", ino=4) + trailer()
main = gzip.compress(sound, mtime=0)
write("early-plus-gzip.img", early + b"\0" * 8 + main)
write("gzip-truncated.img", main[: len(main) - 10])
