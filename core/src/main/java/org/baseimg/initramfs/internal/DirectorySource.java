package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.fs.FileMode;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.RootfsEntry;
import org.baseimg.initramfs.RootfsException;
import org.baseimg.initramfs.RootfsSource;

/**
 * A directory tree on the host, walked depth first with each directory's names sorted, which is
 * archive order. A first walk counts entries and finds hard links (their number of names inside the
 * tree, which is what the archive records); the second hands out entries. Memory holds one sorted
 * listing per level of the current path and one record per hard-linked file, never the tree.
 *
 * <p>Like {@code find -xdev}, the walk does not descend into another file system mounted in the
 * tree (a live {@code /proc}, say): it keeps the mount point and warns.
 */
public final class DirectorySource implements RootfsSource {
  private static final String ATTRIBUTES =
      "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastModifiedTime";

  private final Path givenRoot;
  private final String description;
  private Path root;
  private Set<ImagePath> leaveOut = Set.of();
  private long rootDevice;
  private Map<FileKey, RootfsEntry.HardLinkGroup> hardLinks;

  private record FileKey(long device, long inode) {}

  public DirectorySource(Path root) {
    this.givenRoot = root;
    this.description = "directory " + root;
  }

  @Override
  public java.util.Optional<Path> directory() {
    return java.util.Optional.of(givenRoot);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Totals prepare(Set<ImagePath> leaveOut, EventListener events)
      throws IOException, RootfsException {
    this.leaveOut = Set.copyOf(leaveOut);
    checkFileNameEncoding();
    Map<String, Object> rootAttributes;
    try {
      root = givenRoot.toRealPath();
      rootAttributes = Files.readAttributes(root, ATTRIBUTES);
    } catch (NoSuchFileException e) {
      throw new RootfsException(description, null, "does not exist");
    }
    if (FileType.ofMode((Integer) rootAttributes.get("mode")) != FileType.DIRECTORY) {
      throw new RootfsException(
          description, null, "is not a directory; give a directory or a tar archive");
    }
    rootDevice = (Long) rootAttributes.get("dev");

    Map<FileKey, int[]> namesPerFile = new HashMap<>();
    List<FileKey> firstSeenOrder = new ArrayList<>();
    long[] totals = new long[2];
    walk(
        root,
        ImagePath.ROOT,
        (path, attributes, entryPath) -> {
          totals[0]++;
          FileType type = FileType.ofMode((Integer) attributes.get("mode"));
          if (type == FileType.REGULAR && (Integer) attributes.get("nlink") > 1) {
            FileKey key = key(attributes);
            int[] names = namesPerFile.get(key);
            if (names == null) {
              namesPerFile.put(key, new int[] {1});
              firstSeenOrder.add(key);
              totals[1] += (Long) attributes.get("size");
            } else {
              names[0]++;
            }
          } else if (type == FileType.REGULAR) {
            totals[1] += (Long) attributes.get("size");
          }
        },
        events);

    hardLinks = new HashMap<>();
    long groupId = 0;
    for (FileKey key : firstSeenOrder) {
      int names = namesPerFile.get(key)[0];
      if (names > 1) {
        hardLinks.put(key, new RootfsEntry.HardLinkGroup(groupId++, names));
      }
    }
    return new Totals(totals[0], totals[1]);
  }

  @Override
  public void forEach(EntryConsumer consumer) throws IOException, RootfsException {
    if (hardLinks == null) {
      throw new IllegalStateException("prepare() first");
    }
    walk(
        root,
        ImagePath.ROOT,
        (path, attributes, entryPath) -> consumer.accept(entry(path, attributes, entryPath)),
        EventListener.NONE);
  }

  private RootfsEntry entry(Path path, Map<String, Object> attributes, ImagePath entryPath)
      throws IOException {
    FileMode mode = FileMode.of((Integer) attributes.get("mode"));
    long uid = Integer.toUnsignedLong((Integer) attributes.get("uid"));
    long gid = Integer.toUnsignedLong((Integer) attributes.get("gid"));
    long mtime = ((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.SECONDS);
    return switch (mode.type()) {
      case REGULAR -> {
        RootfsEntry regular =
            RootfsEntry.regular(
                entryPath,
                mode.permissions(),
                uid,
                gid,
                mtime,
                (Long) attributes.get("size"),
                () -> Files.newInputStream(path));
        RootfsEntry.HardLinkGroup group = hardLinks.get(key(attributes));
        yield group == null ? regular : regular.withHardLink(group);
      }
      case SYMLINK ->
          RootfsEntry.symlink(entryPath, Files.readSymbolicLink(path).toString(), uid, gid, mtime);
      case CHAR_DEVICE, BLOCK_DEVICE -> {
        long rdev = (Long) attributes.get("rdev");
        yield RootfsEntry.device(
            entryPath, mode.type(), mode.permissions(), uid, gid, mtime, deviceNumber(rdev));
      }
      default -> new RootfsEntry(entryPath, mode, uid, gid, mtime, 0, null, null, null, null);
    };
  }

  /** Splits a Linux {@code dev_t} as glibc's {@code major()} and {@code minor()} do. */
  static RootfsEntry.DeviceNumber deviceNumber(long rdev) {
    long major = ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & 0xffff_f000L);
    long minor = (rdev & 0xffL) | ((rdev >>> 12) & 0xffff_ff00L);
    return new RootfsEntry.DeviceNumber(major, minor);
  }

  private static FileKey key(Map<String, Object> attributes) {
    return new FileKey((Long) attributes.get("dev"), (Long) attributes.get("ino"));
  }

  @FunctionalInterface
  private interface Visitor {
    void visit(Path path, Map<String, Object> attributes, ImagePath entryPath)
        throws IOException, RootfsException;
  }

  private void walk(Path directory, ImagePath entryPath, Visitor visitor, EventListener events)
      throws IOException, RootfsException {
    Map<String, Object> attributes =
        Files.readAttributes(directory, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    visitor.visit(directory, attributes, entryPath);
    if (!entryPath.isRoot() && (Long) attributes.get("dev") != rootDevice) {
      events.on(
          new Event.Warning(
              "left out the contents of " + entryPath + ": another file system is mounted there"));
      return;
    }
    for (ImagePath child : sortedChildren(directory, entryPath)) {
      Path childPath = directory.resolve(child.name());
      Map<String, Object> childAttributes =
          Files.readAttributes(childPath, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      if (FileType.ofMode((Integer) childAttributes.get("mode")) == FileType.DIRECTORY) {
        walk(childPath, child, visitor, events);
      } else {
        visitor.visit(childPath, childAttributes, child);
      }
    }
  }

  private List<ImagePath> sortedChildren(Path directory, ImagePath entryPath)
      throws IOException, RootfsException {
    List<ImagePath> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path child : stream) {
        String name = child.getFileName().toString();
        if (name.indexOf('\uFFFD') >= 0) {
          throw new RootfsException(
              description,
              entryPath.resolve(name).toString(),
              "file name is not valid UTF-8; rename it");
        }
        ImagePath childPath = entryPath.resolve(name);
        if (!leaveOut.contains(childPath)) {
          children.add(childPath);
        }
      }
    }
    children.sort(null);
    return children;
  }

  /**
   * The JDK decodes file names with the locale's charset; under a non-UTF-8 locale every non-ASCII
   * name would come out as '?'.
   */
  private static void checkFileNameEncoding() throws IOException {
    String encoding = System.getProperty("sun.jnu.encoding");
    if (encoding != null && !Charset.forName(encoding).equals(StandardCharsets.UTF_8)) {
      throw new IOException(
          "this JVM decodes file names as "
              + encoding
              + ", which garbles non-ASCII names; run it with LC_ALL=C.UTF-8 (the baseimg launcher"
              + " does)");
    }
  }

  @Override
  public void close() {}
}
