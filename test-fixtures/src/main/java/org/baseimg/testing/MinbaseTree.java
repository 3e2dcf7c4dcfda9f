package org.baseimg.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Debian minbase tree for a foreign architecture, made once with {@code debootstrap
 * --variant=minbase} through QEMU user emulation and kept in a cache, cleaned as a build cleans it
 * (apt lists, .debs and apt's binary caches removed). Concurrent test JVMs share it through a file
 * lock. The mirror is debootstrap's default: no host name is written here.
 *
 * <p>Cache: {@code $BASEIMG_TEST_CACHE}, else {@code /var/cache/baseimg-test}.
 */
public final class MinbaseTree {
  private MinbaseTree() {}

  /** The cleaned {@code bookworm} minbase tree for arm64. */
  public static Path arm64Bookworm() throws IOException, InterruptedException {
    return get("arm64", "bookworm", "aarch64");
  }

  /**
   * The cleaned minbase tree for {@code arch} and {@code suite}, bootstrapped on first use.
   *
   * @param qemuName the binfmt_misc entry's name without {@code qemu-}, e.g. {@code aarch64}
   */
  public static Path get(String arch, String suite, String qemuName)
      throws IOException, InterruptedException {
    Privileges.requireRoot("debootstrap of a " + arch + " tree");
    Path cache = cacheDirectory();
    Files.createDirectories(cache);
    Path tree = cache.resolve("minbase-" + arch + "-" + suite);
    try (FileChannel lockFile =
        FileChannel.open(
            cache.resolve(tree.getFileName() + ".lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      lockFile.lock(); // released when the channel closes
      if (Files.isDirectory(tree.resolve("usr/bin"))) {
        return tree;
      }
      requireTool("debootstrap", "apt-get install debootstrap");
      requireBinfmt(qemuName);
      Path partial = cache.resolve(tree.getFileName() + ".partial");
      deleteTree(partial);
      System.err.printf(
          "test fixture: debootstrap --arch=%s --variant=minbase %s (about two minutes, once)%n",
          arch, suite);
      NativeTools.run(
          List.of("debootstrap", "--arch=" + arch, "--variant=minbase", suite, partial.toString()));
      clean(partial);
      Files.move(partial, tree);
      return tree;
    }
  }

  /**
   * Where test fixtures keep what they download or bootstrap once: $BASEIMG_TEST_CACHE or
   * /var/cache/baseimg-test.
   */
  public static Path cacheDirectory() {
    String configured = System.getenv("BASEIMG_TEST_CACHE");
    return Path.of(
        configured == null || configured.isBlank() ? "/var/cache/baseimg-test" : configured);
  }

  /** Removes what a build removes before packing: apt lists, downloaded .debs, apt's caches. */
  private static void clean(Path tree) throws IOException {
    List<Path> doomed = new ArrayList<>();
    for (String directory :
        List.of("var/lib/apt/lists", "var/cache/apt/archives", "var/cache/apt")) {
      Path dir = tree.resolve(directory);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        files
            .filter(path -> !Files.isDirectory(path))
            .filter(path -> !path.getFileName().toString().equals("lock"))
            .forEach(doomed::add);
      }
    }
    for (Path path : doomed) {
      Files.delete(path);
    }
  }

  private static void requireTool(String tool, String install)
      throws IOException, InterruptedException {
    NativeTools.Result which =
        NativeTools.run(List.of("sh", "-c", "command -v " + tool + " || true"));
    if (which.stdout().isBlank()) {
      throw new IllegalStateException(tool + " is not installed: " + install);
    }
  }

  private static void requireBinfmt(String qemuName) throws IOException {
    Path entry = Path.of("/proc/sys/fs/binfmt_misc/qemu-" + qemuName);
    if (!Files.exists(entry)) {
      throw new IllegalStateException(
          "binfmt_misc has no qemu-"
              + qemuName
              + " entry: apt-get install qemu-user-static"
              + " binfmt-support, mount binfmt_misc and run update-binfmts --enable qemu-"
              + qemuName
              + " (./run-tests does all of it)");
    }
    String text = Files.readString(entry);
    if (!text.contains("enabled") || !text.matches("(?s).*flags: [A-Z]*F[A-Z]*.*")) {
      throw new IllegalStateException(
          "binfmt_misc entry qemu-"
              + qemuName
              + " is disabled or lacks the F flag: "
              + text.trim());
    }
  }

  private static void deleteTree(Path root) throws IOException, InterruptedException {
    if (!Files.exists(root)) {
      return;
    }
    // A debootstrap that was killed leaves /proc mounted in its second stage's chroot.
    List<String> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields.length > 4 && Path.of(fields[4]).startsWith(root.toAbsolutePath())) {
        mounts.add(fields[4]);
      }
    }
    mounts.sort(Comparator.reverseOrder());
    for (String mountPoint : mounts) {
      NativeTools.run(List.of("umount", "-l", mountPoint));
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
