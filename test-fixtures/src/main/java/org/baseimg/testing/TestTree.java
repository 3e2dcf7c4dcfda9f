package org.baseimg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.baseimg.testing.TestTreeNode.Kind;

/**
 * A directory tree on disk with every kind of entry an initramfs writer must carry: regular files
 * (empty, text-sized and a few KB of seeded random bytes), directories (empty, read-only, setgid,
 * sticky), symlinks (relative, absolute, dangling, owned by non-root), hard-link groups of three
 * (in three directories) and two, character and block devices (including the largest numbers Linux
 * allows, 4095:1048575), a fifo, optionally a unix socket, setuid and setgid files, owners 1000,
 * 65534 and 200000 (above 16 bits), a non-ASCII name, a name with spaces and a path 200 directories
 * deep.
 *
 * <p>Building needs root (mknod, chown) and a UTF-8 {@code sun.jnu.encoding} (run the JVM with
 * {@code LC_ALL=C.UTF-8}). Every entry gets an explicit mode and owner, so the result does not
 * depend on the umask; the root itself gets {@code 0755 0:0}. The seed decides file contents; the
 * creation order and mtimes only change what an archive writer must hide (inode numbers, {@code
 * readdir} order, host mtimes), so two builds with the same seed have equal {@link TreeSnapshot}s.
 *
 * <pre>{@code
 * TestTree tree = TestTree.builder().seed(42).creationOrder(Order.REVERSE).build(dir);
 * }</pre>
 *
 * <p>Most of this file is the catalogue: a documented constant per notable entry and the list that
 * makes them, kept together so that one can be checked against the other; how one entry is made on
 * disk is {@link TestTreeNode}'s.
 */
public final class TestTree {
  /** In which order the entries are created. */
  public enum Order {
    /** Parents first, in the order of the list of entries. */
    FORWARD,
    /** The list backwards; missing parents are made on the way and set up later. */
    REVERSE
  }

  /** A GNU tar {@code --format}. */
  public enum TarFormat {
    /** GNU tar's own format; long names through {@code ././@LongLink} entries. */
    GNU("gnu"),
    /** POSIX.1-2001; long names and large ids in extended headers. */
    PAX("pax"),
    /**
     * POSIX.1-1988; names of at most 256 bytes (155 prefix + 100 name), so no {@link #DEEP_FILE}.
     */
    USTAR("ustar");

    private final String option;

    TarFormat(String option) {
      this.option = option;
    }
  }

  /** An empty regular file, {@code 0644 0:0}. */
  public static final String EMPTY_FILE = "etc/empty.conf";

  /** A few KB of seeded random bytes, {@code 0644 0:0}. */
  public static final String RANDOM_FILE = "usr/lib/random.bin";

  /** A file without any permission bits, {@code 0000 0:0}. */
  public static final String NO_PERMISSIONS_FILE = "etc/no-permissions";

  /** A name with spaces. */
  public static final String SPACES_FILE = "etc/name with spaces";

  /** A non-ASCII name: UTF-8 with two-byte and three-byte characters. */
  public static final String NON_ASCII_FILE = "usr/share/grüße-日本.txt";

  /** A setuid file, {@code 04755 0:0}. */
  public static final String SETUID_FILE = "usr/bin/su";

  /** A setgid file, {@code 02755 0:5}. */
  public static final String SETGID_FILE = "usr/bin/wall";

  /** A setgid directory, {@code 02755 0:8}. */
  public static final String SETGID_DIRECTORY = "var/mail";

  /** A sticky, world-writable directory, {@code 01777 0:0}. */
  public static final String STICKY_DIRECTORY = "tmp";

  /** An empty directory. */
  public static final String EMPTY_DIRECTORY = "mnt";

  /** A directory without write permission, {@code 0555}, holding {@link #READ_ONLY_FILE}. */
  public static final String READ_ONLY_DIRECTORY = "usr/share/read-only";

  /** A {@code 0444} file inside {@link #READ_ONLY_DIRECTORY}. */
  public static final String READ_ONLY_FILE = "usr/share/read-only/file";

  /** A relative symlink to {@code fixture-shell}, in the same directory. */
  public static final String RELATIVE_SYMLINK = "usr/bin/sh";

  /** A relative symlink that climbs with {@code ..}: {@code ../usr/lib/os-release}. */
  public static final String PARENT_SYMLINK = "etc/os-release";

  /**
   * An absolute symlink, {@code /usr/bin/fixture-shell}: it resolves inside the image, and on no
   * host (JUnit's {@code @TempDir} warns about links to existing files outside it).
   */
  public static final String ABSOLUTE_SYMLINK = "usr/bin/editor";

  /** A relative symlink whose target does not exist. */
  public static final String DANGLING_SYMLINK = "usr/lib/dangling";

  /** A symlink owned by {@code 1000:1000}. */
  public static final String USER_SYMLINK = "home/user/profile-link";

  /** A symlink owned by {@code 200000:200000}. */
  public static final String HIGH_UID_SYMLINK = "home/high-ids/link";

  /** A file owned by {@code 1000:1000}. */
  public static final String USER_FILE = "home/user/.profile";

  /** A file owned by {@code 65534:65534} (nobody:nogroup). */
  public static final String NOBODY_FILE = "var/nobody/file";

  /** A file owned by {@code 200000:200001}: ids that need more than 16 bits. */
  public static final String HIGH_UID_FILE = "home/high-ids/data";

  /** Three names of one file, in three directories, {@code 0755 0:0}, a few KB. */
  public static final List<String> HARD_LINKS_OF_3 =
      List.of("usr/bin/hardlink3", "usr/sbin/hardlink3", "var/lib/hardlink3");

  /** Two names of one file, in one directory, {@code 0600 1000:1000}. */
  public static final List<String> HARD_LINKS_OF_2 =
      List.of("usr/lib/hardlink2-a", "usr/lib/hardlink2-b");

  /** A character device, 1:3 like {@code /dev/null}, {@code 0666 0:0}. */
  public static final String CHAR_DEVICE = "dev/null";

  /** A block device, 7:0 like {@code /dev/loop0}, {@code 0660 0:6}. */
  public static final String BLOCK_DEVICE = "dev/loop0";

  /** A character device with the largest numbers Linux allows, 4095:1048575. */
  public static final String MAX_NUMBERS_DEVICE = "dev/max-numbers";

  /** A fifo, {@code 0600 0:0}. */
  public static final String FIFO = "run/initctl";

  /** A unix socket, {@code 0666 0:0}; only with {@link Builder#withSocket(boolean)}. */
  public static final String SOCKET = "run/test.sock";

  /** How many directories {@link #DEEP_FILE} sits below {@code deep/}. */
  public static final int DEEP_LEVELS = 200;

  /** A file 200 directories named {@code d} below {@code deep/}; about 420 bytes of path. */
  public static final String DEEP_FILE = "deep/" + "d/".repeat(DEEP_LEVELS) + "bottom.txt";

  /** Linux's {@code sun_path} holds 108 bytes, the terminating NUL included. */
  private static final int MAX_SOCKET_PATH_BYTES = 107;

  private final Path root;
  private final List<String> paths;

  private TestTree(Path root, List<String> paths) {
    this.root = root;
    this.paths = paths;
  }

  /** A builder with seed 0, {@link Order#FORWARD}, host mtimes, no socket and the deep path. */
  public static Builder builder() {
    return new Builder();
  }

  /** The directory the tree was built in. */
  public Path root() {
    return root;
  }

  /** Every path in the tree, relative and sorted, {@code "."} (the root) first. */
  public List<String> paths() {
    return paths;
  }

  /**
   * Packs {@code tree} with GNU tar in its default {@link TarFormat#GNU} format.
   *
   * @see #toTar(Path, Path, TarFormat)
   */
  public static void toTar(Path tree, Path tarFile) throws IOException, InterruptedException {
    toTar(tree, tarFile, TarFormat.GNU);
  }

  /**
   * Packs {@code tree} with {@code tar --format=... --numeric-owner -C tree -cf tarFile .}, in the
   * host's {@code readdir} order, so tests can feed the same tree through a tar.
   *
   * @throws IllegalArgumentException if the tree holds a socket, which tar cannot store (GNU tar
   *     would only warn "socket ignored" and exit 0)
   * @throws NativeTools.CommandFailedException if tar fails, e.g. for {@link TarFormat#USTAR} and a
   *     tree with {@link #DEEP_FILE} ("file name is too long")
   */
  public static void toTar(Path tree, Path tarFile, TarFormat format)
      throws IOException, InterruptedException {
    try (Stream<Path> paths = Files.walk(tree)) {
      List<Path> sockets = paths.filter(TestTree::isSocket).toList();
      if (!sockets.isEmpty()) {
        throw new IllegalArgumentException(
            "tar cannot hold sockets, but " + tree + " has " + sockets + "; build without them");
      }
    }
    NativeTools.requireGnu("tar", "GNU tar");
    NativeTools.run(
        List.of(
            "tar",
            "--format=" + format.option,
            "--numeric-owner",
            "-C",
            tree.toAbsolutePath().toString(),
            "-cf",
            tarFile.toAbsolutePath().toString(),
            "."));
  }

  private static void checkSocketPathFits(Path socket) {
    int bytes = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SOCKET_PATH_BYTES) {
      throw new IllegalArgumentException(
          "the socket path "
              + socket.toAbsolutePath()
              + " is "
              + bytes
              + " bytes, more than the 107 Linux allows; build under a shorter root or"
              + " withSocket(false)");
    }
  }

  private static boolean isSocket(Path path) {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & 0170000) == 0140000;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Options of a {@link TestTree}; {@link #build} makes it. */
  public static final class Builder {
    private long seed;
    private Order order = Order.FORWARD;
    private Instant mtime;
    private boolean withSocket;
    private boolean withDeepPath = true;

    private Builder() {}

    /** Decides the content of every regular file. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The order entries are created in, which changes inode numbers and {@code readdir} order. */
    public Builder creationOrder(Order order) {
      this.order = Objects.requireNonNull(order, "order");
      return this;
    }

    /** Sets every entry's mtime (and atime), symlinks and the root included, to {@code mtime}. */
    public Builder mtime(Instant mtime) {
      this.mtime = Objects.requireNonNull(mtime, "mtime");
      return this;
    }

    /** Leaves the mtimes the host gave while building ("now"): the default. */
    public Builder hostMtimes() {
      this.mtime = null;
      return this;
    }

    /**
     * Adds the unix socket {@link #SOCKET}; off by default because tar cannot hold sockets. Its
     * absolute path must fit Linux's 107-byte socket path limit.
     */
    public Builder withSocket(boolean withSocket) {
      this.withSocket = withSocket;
      return this;
    }

    /** Leaves out {@code deep/} and {@link #DEEP_FILE} when false, e.g. for {@code ustar}. */
    public Builder withDeepPath(boolean withDeepPath) {
      this.withDeepPath = withDeepPath;
      return this;
    }

    /**
     * Builds the tree in {@code root}, which must be missing or empty.
     *
     * @throws IllegalStateException if not running as root or file names are not UTF-8
     * @throws IllegalArgumentException if {@code root} is not empty, or too long for the socket
     */
    public TestTree build(Path root) throws IOException, InterruptedException {
      Privileges.requireRoot("building a TestTree (mknod, chown)");
      if (!"UTF-8".equals(System.getProperty("sun.jnu.encoding"))) {
        throw new IllegalStateException(
            "the JVM encodes file names as "
                + System.getProperty("sun.jnu.encoding")
                + ", so "
                + NON_ASCII_FILE
                + " cannot be created; run it with LC_ALL=C.UTF-8");
      }
      Files.createDirectories(root);
      try (Stream<Path> children = Files.list(root)) {
        if (children.findAny().isPresent()) {
          throw new IllegalArgumentException("TestTree root " + root + " is not empty");
        }
      }
      List<TestTreeNode> nodes = nodes(withSocket, withDeepPath);
      if (withSocket) {
        checkSocketPathFits(root.resolve(SOCKET));
      }

      List<TestTreeNode> creationOrder = new ArrayList<>(nodes);
      if (order == Order.REVERSE) {
        Collections.reverse(creationOrder);
      }
      for (TestTreeNode node : creationOrder) {
        node.create(root, seed, order);
      }
      // Owners before modes: chown clears setuid and setgid bits.
      for (TestTreeNode node : creationOrder) {
        node.applyOwnerAndMode(root);
      }
      TestTreeNode.applyOwnerAndMode(root, 0, 0, 0755);
      // Last, because creating an entry changes its directory's mtime.
      List<String> paths = new ArrayList<>();
      paths.add(".");
      nodes.forEach(node -> paths.addAll(node.names()));
      paths.subList(1, paths.size()).sort(null);
      if (mtime != null) {
        setMtimes(root, paths, mtime);
      }
      return new TestTree(root, List.copyOf(paths));
    }
  }

  /**
   * Sets mtime and atime of {@code names} under {@code root} with one {@code touch -h}: the JDK's
   * setTimes opens non-symlinks to call futimens, which blocks on a fifo and fails on devices.
   */
  private static void setMtimes(Path root, List<String> names, Instant mtime)
      throws IOException, InterruptedException {
    String time = String.format("@%d.%09d", mtime.getEpochSecond(), mtime.getNano());
    List<String> command = new ArrayList<>(List.of("touch", "-h", "-d", time, "--"));
    command.addAll(names);
    NativeTools.run(command, root);
  }

  /** The entries, parents before children. */
  private static List<TestTreeNode> nodes(boolean withSocket, boolean withDeepPath) {
    List<TestTreeNode> nodes = new ArrayList<>();
    nodes.add(TestTreeNode.directory("dev", 0755, 0, 0));
    nodes.add(TestTreeNode.device(Kind.CHAR_DEVICE, CHAR_DEVICE, 0666, 0, 1, 3));
    nodes.add(TestTreeNode.device(Kind.BLOCK_DEVICE, BLOCK_DEVICE, 0660, 6, 7, 0));
    nodes.add(TestTreeNode.device(Kind.CHAR_DEVICE, MAX_NUMBERS_DEVICE, 0600, 0, 4095, 1048575));

    nodes.add(TestTreeNode.directory("etc", 0755, 0, 0));
    nodes.add(TestTreeNode.file(EMPTY_FILE, 0644, 0, 0, 0));
    nodes.add(TestTreeNode.file("etc/hostname", 0644, 0, 0, 16));
    nodes.add(TestTreeNode.file("etc/shadow", 0640, 0, 42, 300));
    nodes.add(TestTreeNode.file(NO_PERMISSIONS_FILE, 0000, 0, 0, 10));
    nodes.add(TestTreeNode.file(SPACES_FILE, 0644, 0, 0, 20));
    nodes.add(TestTreeNode.symlink(PARENT_SYMLINK, "../usr/lib/os-release", 0, 0));

    nodes.add(TestTreeNode.directory("home", 0755, 0, 0));
    nodes.add(TestTreeNode.directory("home/user", 0750, 1000, 1000));
    nodes.add(TestTreeNode.file(USER_FILE, 0644, 1000, 1000, 200));
    nodes.add(TestTreeNode.symlink(USER_SYMLINK, ".profile", 1000, 1000));
    nodes.add(TestTreeNode.directory("home/high-ids", 0700, 200000, 200000));
    nodes.add(TestTreeNode.file(HIGH_UID_FILE, 0640, 200000, 200001, 50));
    nodes.add(TestTreeNode.symlink(HIGH_UID_SYMLINK, "data", 200000, 200000));

    nodes.add(TestTreeNode.directory(EMPTY_DIRECTORY, 0755, 0, 0));

    nodes.add(TestTreeNode.directory("run", 0755, 0, 0));
    nodes.add(TestTreeNode.special(Kind.FIFO, FIFO, 0600));
    if (withSocket) {
      nodes.add(TestTreeNode.special(Kind.SOCKET, SOCKET, 0666));
    }

    nodes.add(TestTreeNode.directory(STICKY_DIRECTORY, 01777, 0, 0));

    nodes.add(TestTreeNode.directory("usr", 0755, 0, 0));
    nodes.add(TestTreeNode.directory("usr/bin", 0755, 0, 0));
    nodes.add(TestTreeNode.directory("usr/sbin", 0755, 0, 0));
    nodes.add(TestTreeNode.directory("usr/lib", 0755, 0, 0));
    nodes.add(TestTreeNode.directory("usr/share", 0755, 0, 0));
    nodes.add(TestTreeNode.file("usr/bin/fixture-shell", 0755, 0, 0, 2000));
    nodes.add(TestTreeNode.symlink(RELATIVE_SYMLINK, "fixture-shell", 0, 0));
    nodes.add(TestTreeNode.symlink(ABSOLUTE_SYMLINK, "/usr/bin/fixture-shell", 0, 0));
    nodes.add(TestTreeNode.file(SETUID_FILE, 04755, 0, 0, 3000));
    nodes.add(TestTreeNode.file(SETGID_FILE, 02755, 0, 5, 1500));
    nodes.add(TestTreeNode.file("usr/lib/os-release", 0644, 0, 0, 100));
    nodes.add(TestTreeNode.file(RANDOM_FILE, 0644, 0, 0, 4096 + 1234));
    nodes.add(TestTreeNode.symlink(DANGLING_SYMLINK, "no/such/target", 0, 0));
    nodes.add(TestTreeNode.file(NON_ASCII_FILE, 0644, 0, 0, 30));
    nodes.add(TestTreeNode.directory(READ_ONLY_DIRECTORY, 0555, 0, 0));
    nodes.add(TestTreeNode.file(READ_ONLY_FILE, 0444, 0, 0, 20));

    nodes.add(TestTreeNode.directory("var", 0755, 0, 0));
    nodes.add(TestTreeNode.directory("var/lib", 0755, 0, 0));
    nodes.add(TestTreeNode.directory(SETGID_DIRECTORY, 02755, 0, 8));
    nodes.add(TestTreeNode.directory("var/nobody", 0700, 65534, 65534));
    nodes.add(TestTreeNode.file(NOBODY_FILE, 0600, 65534, 65534, 10));
    nodes.add(TestTreeNode.directory("var/tmp", 01777, 0, 0));

    nodes.add(TestTreeNode.hardLinks(HARD_LINKS_OF_3, 0755, 0, 0, 5000));
    nodes.add(TestTreeNode.hardLinks(HARD_LINKS_OF_2, 0600, 1000, 1000, 700));

    if (withDeepPath) {
      String directory = "deep";
      nodes.add(TestTreeNode.directory(directory, 0755, 0, 0));
      for (int level = 0; level < DEEP_LEVELS; level++) {
        directory += "/d";
        nodes.add(TestTreeNode.directory(directory, 0755, 0, 0));
      }
      nodes.add(TestTreeNode.file(DEEP_FILE, 0644, 0, 0, 10));
    }
    checkParentsComeFirst(nodes);
    return nodes;
  }

  /** Guards the list above: FORWARD order must never need a parent it has not made yet. */
  private static void checkParentsComeFirst(List<TestTreeNode> nodes) {
    Set<String> made = new HashSet<>();
    for (TestTreeNode node : nodes) {
      for (String name : node.names()) {
        int slash = name.lastIndexOf('/');
        if (slash >= 0 && !made.contains(name.substring(0, slash))) {
          throw new AssertionError(name + " is listed before its parent directory");
        }
        if (!made.add(name)) {
          throw new AssertionError(name + " is listed twice");
        }
      }
    }
  }
}
