package org.baseimg.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a directory tree holds, for comparing a source tree with an extracted archive: for every
 * path its type, all twelve permission bits, owner, size and SHA-256 of regular files, symlink
 * target, device numbers and hard-link group.
 *
 * <p>Paths are relative to the root, {@code /}-separated, with the root itself as {@code "."}. Hard
 * links are described by names, not inode numbers: each non-directory with more than one name in
 * the tree lists all of them, so two trees are equal only if the same names share data. Mtimes are
 * recorded ({@link #mtimes()}) but compared only after {@link #withMtimes()}.
 *
 * <p>Typical use: {@code assertThat(expected.diff(actual)).isEmpty()}, which shows what differs.
 */
public final class TreeSnapshot {
  /** How many differing paths {@link #diff} spells out before it summarises. */
  private static final int MAX_DIFFERENCES_SHOWN = 20;

  /** {@code "."} first, then plain string order; any total order would do for equality. */
  private static final Comparator<String> PATH_ORDER =
      Comparator.comparing((String path) -> !path.equals(".")).thenComparing(Function.identity());

  /** The kind of an entry, as the type bits of {@code st_mode} say. */
  public enum Type {
    FIFO(0010000),
    CHAR_DEVICE(0020000),
    DIRECTORY(0040000),
    BLOCK_DEVICE(0060000),
    REGULAR(0100000),
    SYMLINK(0120000),
    SOCKET(0140000);

    private final int typeBits;

    Type(int typeBits) {
      this.typeBits = typeBits;
    }

    static Type ofMode(int mode) {
      for (Type type : values()) {
        if (type.typeBits == (mode & 0170000)) {
          return type;
        }
      }
      throw new IllegalArgumentException(
          "mode 0" + Integer.toOctalString(mode) + " has no known file type");
    }

    boolean isDevice() {
      return this == CHAR_DEVICE || this == BLOCK_DEVICE;
    }
  }

  /**
   * One path's metadata. Fields that do not apply to the type are neutral: {@code size} is 0 and
   * {@code sha256} null except for regular files, {@code linkTarget} is null except for symlinks,
   * device numbers are 0 except for devices.
   *
   * @param type the kind of entry
   * @param permissions the twelve permission bits; always 0 for symlinks, whose bits mean nothing
   *     on Linux
   * @param uid the numeric owner
   * @param gid the numeric group
   * @param size the length of a regular file
   * @param sha256 the lower-case hex SHA-256 of a regular file's content
   * @param linkTarget a symlink's target, exactly as stored
   * @param deviceMajor a device's major number
   * @param deviceMinor a device's minor number
   * @param hardLinks for a non-directory with other names in the tree, all its names sorted (this
   *     one included); otherwise empty
   * @param mtime the modification time in whole seconds (archives keep no more), or null when
   *     mtimes are not compared
   */
  public record Entry(
      Type type,
      int permissions,
      int uid,
      int gid,
      long size,
      String sha256,
      String linkTarget,
      int deviceMajor,
      int deviceMinor,
      List<String> hardLinks,
      Instant mtime) {
    public Entry {
      Objects.requireNonNull(type, "type");
      if ((permissions & ~07777) != 0) {
        throw new IllegalArgumentException(
            "permissions 0" + Integer.toOctalString(permissions) + " exceed 07777");
      }
      if (type == Type.SYMLINK && permissions != 0) {
        throw new IllegalArgumentException("symlink permissions are ignored and must be 0");
      }
      hardLinks = List.copyOf(hardLinks);
    }

    Entry withHardLinks(List<String> names) {
      return new Entry(
          type,
          permissions,
          uid,
          gid,
          size,
          sha256,
          linkTarget,
          deviceMajor,
          deviceMinor,
          names,
          mtime);
    }

    Entry withMtime(Instant seconds) {
      return new Entry(
          type,
          permissions,
          uid,
          gid,
          size,
          sha256,
          linkTarget,
          deviceMajor,
          deviceMinor,
          hardLinks,
          seconds);
    }

    /** A one-line description, e.g. {@code regular 04755 0:0 size=3000 sha256=1f2e3d4c5b6a…}. */
    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(type.name().toLowerCase().replace('_', '-'));
      if (type != Type.SYMLINK) {
        out.append(' ').append(octal(permissions));
      }
      out.append(' ').append(Integer.toUnsignedString(uid));
      out.append(':').append(Integer.toUnsignedString(gid));
      switch (type) {
        case REGULAR -> out.append(" size=").append(size).append(" sha256=").append(short256());
        case SYMLINK -> out.append(" -> ").append(linkTarget);
        case CHAR_DEVICE, BLOCK_DEVICE ->
            out.append(' ').append(deviceMajor).append(':').append(deviceMinor);
        default -> {}
      }
      if (!hardLinks.isEmpty()) {
        out.append(" links=").append(hardLinks);
      }
      if (mtime != null) {
        out.append(" mtime=").append(mtime);
      }
      return out.toString();
    }

    private String short256() {
      return sha256 == null ? "null" : sha256.substring(0, 12) + "…";
    }
  }

  private final SortedMap<String, Entry> entries;
  private final SortedMap<String, Instant> mtimes;

  private TreeSnapshot(SortedMap<String, Entry> entries, SortedMap<String, Instant> mtimes) {
    this.entries = Collections.unmodifiableSortedMap(entries);
    this.mtimes = Collections.unmodifiableSortedMap(mtimes);
  }

  /**
   * Walks {@code root} without following symlinks (a symlink to a directory is recorded as a
   * symlink) and records every path, the root included as {@code "."}.
   *
   * @throws IllegalArgumentException if {@code root} is not a directory
   */
  public static TreeSnapshot of(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(root + " is not a directory (symlinks are not followed)");
    }
    SortedMap<String, Entry> entries = new TreeMap<>(PATH_ORDER);
    SortedMap<String, Instant> mtimes = new TreeMap<>(PATH_ORDER);
    Map<List<Long>, List<String>> namesByInode = new HashMap<>();

    Files.walkFileTree(
        root,
        EnumSet.noneOf(FileVisitOption.class),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            record(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            record(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            throw e;
          }

          private void record(Path path) throws IOException {
            String name = root.equals(path) ? "." : root.relativize(path).toString();
            Map<String, Object> unix =
                Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) unix.get("mode");
            Type type = Type.ofMode(mode);
            long rdev = (Long) unix.get("rdev");
            boolean regular = type == Type.REGULAR;
            entries.put(
                name,
                new Entry(
                    type,
                    type == Type.SYMLINK ? 0 : mode & 07777,
                    (Integer) unix.get("uid"),
                    (Integer) unix.get("gid"),
                    regular ? (Long) unix.get("size") : 0,
                    regular ? sha256(path) : null,
                    type == Type.SYMLINK ? Files.readSymbolicLink(path).toString() : null,
                    type.isDevice() ? major(rdev) : 0,
                    type.isDevice() ? minor(rdev) : 0,
                    List.of(),
                    null));
            mtimes.put(name, ((FileTime) unix.get("lastModifiedTime")).toInstant());
            if (type != Type.DIRECTORY && (Integer) unix.get("nlink") > 1) {
              List<Long> inode = List.of((Long) unix.get("dev"), (Long) unix.get("ino"));
              namesByInode.computeIfAbsent(inode, key -> new ArrayList<>()).add(name);
            }
          }
        });

    for (List<String> names : namesByInode.values()) {
      if (names.size() > 1) {
        List<String> group = names.stream().sorted(PATH_ORDER).toList();
        for (String name : group) {
          entries.put(name, entries.get(name).withHardLinks(group));
        }
      }
    }
    return new TreeSnapshot(entries, mtimes);
  }

  /** Every path, sorted ({@code "."} first), with its metadata. */
  public Map<String, Entry> entries() {
    return entries;
  }

  /**
   * Every path's modification time as the file system holds it (nanoseconds included), whether or
   * not {@link #withMtimes()} made them part of equality.
   */
  public Map<String, Instant> mtimes() {
    return mtimes;
  }

  /** This snapshot with mtimes, in whole seconds, part of every entry and so of equality. */
  public TreeSnapshot withMtimes() {
    SortedMap<String, Entry> withMtimes = new TreeMap<>(PATH_ORDER);
    entries.forEach(
        (path, entry) ->
            withMtimes.put(
                path, entry.withMtime(mtimes.get(path).truncatedTo(ChronoUnit.SECONDS))));
    return new TreeSnapshot(withMtimes, new TreeMap<>(mtimes));
  }

  /**
   * This snapshot without the paths {@code exclude} accepts. Hard-link groups shrink to the names
   * that remain (and vanish when one name is left), as if the excluded names never existed.
   */
  public TreeSnapshot without(Predicate<String> exclude) {
    SortedMap<String, Entry> kept = new TreeMap<>(PATH_ORDER);
    SortedMap<String, Instant> keptMtimes = new TreeMap<>(PATH_ORDER);
    entries.forEach(
        (path, entry) -> {
          if (!exclude.test(path)) {
            kept.put(path, entry);
            keptMtimes.put(path, mtimes.get(path));
          }
        });
    kept.replaceAll(
        (path, entry) -> {
          List<String> group = entry.hardLinks().stream().filter(kept::containsKey).toList();
          return entry.withHardLinks(group.size() > 1 ? group : List.of());
        });
    return new TreeSnapshot(kept, keptMtimes);
  }

  /**
   * This snapshot without {@code paths} and everything below them, e.g. {@code without("init",
   * "dev/console", "proc")} for what an initramfs adds to its source tree.
   */
  public TreeSnapshot without(String... paths) {
    Set<String> roots = Set.of(paths);
    return without(
        path -> {
          for (String excluded : roots) {
            if (path.equals(excluded) || path.startsWith(excluded + "/")) {
              return true;
            }
          }
          return false;
        });
  }

  /**
   * What differs from {@code actual}, with this snapshot as the expected one: one line per path for
   * the first twenty paths, e.g. {@code usr/bin/su: permissions expected 04755 but was 0755}. Empty
   * exactly when the snapshots are equal.
   */
  public String diff(TreeSnapshot actual) {
    Set<String> paths = new TreeSet<>(PATH_ORDER);
    paths.addAll(entries.keySet());
    paths.addAll(actual.entries.keySet());
    List<String> lines = new ArrayList<>();
    for (String path : paths) {
      Entry want = entries.get(path);
      Entry got = actual.entries.get(path);
      if (got == null) {
        lines.add(path + ": missing, expected " + want);
      } else if (want == null) {
        lines.add(path + ": unexpected " + got);
      } else if (!want.equals(got)) {
        lines.add(path + ": " + fieldDifferences(want, got));
      }
    }
    if (lines.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append(lines.size()).append(" paths differ (expected vs actual):\n");
    lines.stream().limit(MAX_DIFFERENCES_SHOWN).forEach(line -> out.append(line).append('\n'));
    if (lines.size() > MAX_DIFFERENCES_SHOWN) {
      out.append("… and ").append(lines.size() - MAX_DIFFERENCES_SHOWN).append(" more\n");
    }
    return out.toString();
  }

  private static String fieldDifferences(Entry want, Entry got) {
    List<String> parts = new ArrayList<>();
    compare(parts, "type", want.type(), got.type(), Function.identity());
    compare(parts, "permissions", want.permissions(), got.permissions(), TreeSnapshot::octal);
    compare(parts, "uid", want.uid(), got.uid(), Integer::toUnsignedString);
    compare(parts, "gid", want.gid(), got.gid(), Integer::toUnsignedString);
    compare(parts, "size", want.size(), got.size(), Function.identity());
    compare(parts, "sha256", want.sha256(), got.sha256(), Function.identity());
    compare(parts, "link target", want.linkTarget(), got.linkTarget(), Function.identity());
    compare(parts, "device major", want.deviceMajor(), got.deviceMajor(), Function.identity());
    compare(parts, "device minor", want.deviceMinor(), got.deviceMinor(), Function.identity());
    compare(parts, "hard links", want.hardLinks(), got.hardLinks(), Function.identity());
    compare(
        parts,
        "mtime",
        want.mtime(),
        got.mtime(),
        mtime -> mtime == null ? "(not compared)" : mtime);
    return String.join(", ", parts);
  }

  private static <T> void compare(
      List<String> parts, String field, T want, T got, Function<T, Object> format) {
    if (!Objects.equals(want, got)) {
      parts.add(field + " expected " + format.apply(want) + " but was " + format.apply(got));
    }
  }

  /** Equal when the same paths have equal entries (mtimes only after {@link #withMtimes()}). */
  @Override
  public boolean equals(Object other) {
    return other instanceof TreeSnapshot snapshot && entries.equals(snapshot.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /** One line per path, {@code path description}, like a small mtree listing. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    entries.forEach((path, entry) -> out.append(path).append("  ").append(entry).append('\n'));
    return out.toString();
  }

  /** The major number of a Linux {@code dev_t}, as glibc's {@code major()} decodes it. */
  static int major(long rdev) {
    return (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0x00000fffL));
  }

  /** The minor number of a Linux {@code dev_t}, as glibc's {@code minor()} decodes it. */
  static int minor(long rdev) {
    return (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0x000000ffL));
  }

  private static String octal(int permissions) {
    return String.format("0%03o", permissions);
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
