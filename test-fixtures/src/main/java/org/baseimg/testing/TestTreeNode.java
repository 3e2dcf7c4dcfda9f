package org.baseimg.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.baseimg.testing.TestTree.Order;

/**
 * One entry of a {@link TestTree} and how it is made on disk (mknod, mkfifo, a bound socket, hard
 * links): a regular file may have several names (a hard-link group), everything else has one.
 */
record TestTreeNode(
    Kind kind,
    List<String> names,
    int mode,
    int uid,
    int gid,
    int size,
    String target,
    int major,
    int minor) {

  static TestTreeNode directory(String name, int mode, int uid, int gid) {
    return new TestTreeNode(Kind.DIRECTORY, List.of(name), mode, uid, gid, 0, null, 0, 0);
  }

  static TestTreeNode file(String name, int mode, int uid, int gid, int size) {
    return new TestTreeNode(Kind.REGULAR, List.of(name), mode, uid, gid, size, null, 0, 0);
  }

  static TestTreeNode hardLinks(List<String> names, int mode, int uid, int gid, int size) {
    return new TestTreeNode(Kind.REGULAR, names, mode, uid, gid, size, null, 0, 0);
  }

  static TestTreeNode symlink(String name, String target, int uid, int gid) {
    return new TestTreeNode(Kind.SYMLINK, List.of(name), 0, uid, gid, 0, target, 0, 0);
  }

  static TestTreeNode device(Kind kind, String name, int mode, int gid, int major, int minor) {
    return new TestTreeNode(kind, List.of(name), mode, 0, gid, 0, null, major, minor);
  }

  static TestTreeNode special(Kind kind, String name, int mode) {
    return new TestTreeNode(kind, List.of(name), mode, 0, 0, 0, null, 0, 0);
  }

  void create(Path root, long seed, Order order) throws IOException, InterruptedException {
    List<String> creationNames = new ArrayList<>(names);
    if (order == Order.REVERSE) {
      Collections.reverse(creationNames);
    }
    Path first = root.resolve(creationNames.get(0));
    // In REVERSE order children come before their parents; their own nodes set them up later.
    Files.createDirectories(first.getParent());
    switch (kind) {
      case DIRECTORY -> {
        try {
          Files.createDirectory(first);
        } catch (FileAlreadyExistsException e) {
          // Made earlier as the parent of a child created first; fine.
        }
      }
      case REGULAR -> Files.write(first, content(seed));
      case SYMLINK -> Files.createSymbolicLink(first, Path.of(target));
      case CHAR_DEVICE, BLOCK_DEVICE ->
          NativeTools.run(
              List.of(
                  "mknod",
                  first.toString(),
                  kind == Kind.CHAR_DEVICE ? "c" : "b",
                  Integer.toString(major),
                  Integer.toString(minor)));
      case FIFO -> NativeTools.run(List.of("mkfifo", first.toString()));
      case SOCKET -> {
        // Binding creates the socket file; closing the channel leaves it in place.
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
          channel.bind(UnixDomainSocketAddress.of(first.toAbsolutePath()));
        }
      }
    }
    for (String other : creationNames.subList(1, creationNames.size())) {
      Path link = root.resolve(other);
      Files.createDirectories(link.getParent());
      Files.createLink(link, first);
    }
  }

  void applyOwnerAndMode(Path root) throws IOException {
    // Hard links share one inode: setting the first name sets them all.
    Path path = root.resolve(names.get(0));
    if (kind == Kind.SYMLINK) {
      Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    } else {
      applyOwnerAndMode(path, uid, gid, mode);
    }
  }

  /** Seeded by the first declared name, so the creation order cannot change it. */
  byte[] content(long seed) {
    byte[] bytes = new byte[size];
    // java.util.Random's algorithm is fixed by its specification: same bytes on every JDK.
    new Random(seed * 31 + names.get(0).hashCode()).nextBytes(bytes);
    return bytes;
  }

  static void applyOwnerAndMode(Path path, int uid, int gid, int mode) throws IOException {
    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    // Unlike PosixFilePermission, "unix:mode" is a plain chmod(2): setuid, setgid and sticky too.
    // Not NOFOLLOW_LINKS: the JDK would then open() the file for fchmod, which blocks on a fifo.
    Files.setAttribute(path, "unix:mode", mode);
  }

  /** What an entry is. */
  enum Kind {
    DIRECTORY,
    REGULAR,
    SYMLINK,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    FIFO,
    SOCKET
  }
}
