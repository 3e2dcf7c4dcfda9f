package org.baseimg.initramfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.baseimg.event.EventListener;

/** Helpers the initramfs tests share: pack into memory, list, write tars. */
final class Packing {
  static final long EPOCH = 1_700_000_000L;

  private Packing() {}

  static PackOptions options(Compression compression) {
    return PackOptions.defaults().withCompression(compression).withEpoch(EPOCH);
  }

  static PackResult pack(RootfsSource source, PackOptions options, Path output)
      throws IOException, RootfsException {
    return InitramfsWriter.create(options, EventListener.NONE).write(source, output);
  }

  static byte[] packToBytes(RootfsSource source, PackOptions options)
      throws IOException, RootfsException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InitramfsWriter.create(options, EventListener.NONE).write(source, out);
    return out.toByteArray();
  }

  static InitramfsListing list(byte[] archive, Path scratch) throws Exception {
    Path file = Files.createTempFile(scratch, "archive", ".img");
    Files.write(file, archive);
    return InitramfsReader.read(file);
  }

  static Map<String, InitramfsListing.Entry> byName(InitramfsListing listing) {
    return listing.entries().stream()
        .collect(Collectors.toMap(InitramfsListing.Entry::name, entry -> entry));
  }

  /** A small tree of regular files, directories, a symlink and a hard-link pair. */
  static void smallTree(Path root, boolean reverse, Instant mtime) throws IOException {
    List<String> directories = List.of("etc", "usr", "usr/bin", "usr/share/doc");
    List<String> files = List.of("etc/hostname", "usr/bin/tool", "usr/share/doc/README", "empty");
    List<String> order = new java.util.ArrayList<>(files);
    if (reverse) {
      java.util.Collections.reverse(order);
    }
    List<String> directoryOrder = new java.util.ArrayList<>(directories);
    if (reverse) {
      java.util.Collections.reverse(directoryOrder);
    }
    for (String directory : directoryOrder) {
      Files.createDirectories(root.resolve(directory));
    }
    for (String file : order) {
      Files.writeString(
          root.resolve(file), file.equals("empty") ? "" : "content of " + file + "\n");
    }
    Files.createSymbolicLink(root.resolve("usr/bin/alias"), Path.of("tool"));
    Files.createLink(root.resolve("usr/bin/tool-hardlink"), root.resolve("usr/bin/tool"));
    Files.setPosixFilePermissions(
        root.resolve("usr/bin/tool"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    try (var walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        if (!Files.isSymbolicLink(path)) {
          Files.setLastModifiedTime(path, FileTime.from(mtime));
        }
      }
    }
  }

  /** Writes a tar the way GNU tar would hold {@code root}, with commons-compress. */
  static void tarOf(Path root, Path tar) throws IOException {
    Map<Object, String> firstNameOfInode = new java.util.HashMap<>();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      List<Path> paths;
      try (var walk = Files.walk(root)) {
        paths = walk.sorted().toList();
      }
      for (Path path : paths) {
        String name = root.relativize(path).toString();
        name = name.isEmpty() ? "./" : "./" + name;
        Map<String, Object> attributes =
            Files.readAttributes(path, "unix:*", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry entry;
        boolean withData = false;
        Object inode = attributes.get("ino");
        boolean regular = Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (regular
            && (Integer) attributes.get("nlink") > 1
            && firstNameOfInode.containsKey(inode)) {
          entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
          entry.setLinkName(firstNameOfInode.get(inode));
        } else if (Files.isSymbolicLink(path)) {
          entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
          entry.setLinkName(Files.readSymbolicLink(path).toString());
        } else if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        } else {
          entry = new TarArchiveEntry(name);
          entry.setSize((Long) attributes.get("size"));
          firstNameOfInode.putIfAbsent(inode, name);
          withData = true;
        }
        entry.setMode((Integer) attributes.get("mode"));
        entry.setUserId((Integer) attributes.get("uid"));
        entry.setGroupId((Integer) attributes.get("gid"));
        entry.setModTime((FileTime) attributes.get("lastModifiedTime"));
        out.putArchiveEntry(entry);
        if (withData) {
          Files.copy(path, out);
        }
        out.closeArchiveEntry();
      }
    }
  }
}
