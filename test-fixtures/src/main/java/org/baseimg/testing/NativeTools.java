package org.baseimg.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the independent reference tools (GNU cpio, bsdtar, GNU tar, zstd, xz, gzip) that tests check
 * our archives against.
 *
 * <p>A missing tool is an {@link IllegalStateException} that names the Debian package to install;
 * nothing here skips silently. A command that fails is a {@link CommandFailedException} carrying
 * the command, its exit code and its stderr.
 *
 * <p>Compressed archives are recognised by their magic bytes (zstd, xz, gzip) and piped through
 * {@code zstd -dc}, {@code xz -dc} or {@code gzip -dc}, which all decode concatenated streams. GNU
 * cpio and bsdtar both stop at the first {@code TRAILER!!!}, so of several concatenated cpio
 * archives (as the kernel accepts them) only the first is extracted.
 */
public final class NativeTools {
  /** Long enough for a few hundred MB through xz; a hung tool fails the test instead of CI. */
  // Ends a hung tool; long enough for an emulated debootstrap on a loaded 2-core machine.
  private static final long TIMEOUT_MINUTES = 20;

  private static final Map<String, String> PACKAGES =
      Map.of(
          "cpio", "cpio",
          "bsdtar", "libarchive-tools",
          "tar", "tar",
          "zstd", "zstd",
          "xz", "xz-utils",
          "gzip", "gzip",
          "mknod", "coreutils",
          "mkfifo", "coreutils",
          "touch", "coreutils");

  /** Tools whose name other implementations share (busybox); checked once per JVM. */
  private static final Map<String, Boolean> VERIFIED_GNU = new ConcurrentHashMap<>();

  private NativeTools() {}

  /**
   * What a finished command did.
   *
   * @param command the command line as run
   * @param exitCode the exit status; 128 + n when killed by signal n
   * @param stdout standard output decoded as UTF-8, or empty when it went to a file
   * @param stderr standard error decoded as UTF-8
   */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public Result {
      command = List.copyOf(command);
    }

    /** Standard output split into lines, without line terminators. */
    public List<String> stdoutLines() {
      return stdout.lines().collect(Collectors.toList());
    }
  }

  /** A command that exited non-zero or complained on stderr; keeps what it said. */
  public static final class CommandFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Result result;

    CommandFailedException(String problem, Result result) {
      super(
          problem
              + ": "
              + String.join(" ", result.command())
              + " (exit code "
              + result.exitCode()
              + ")"
              + (result.stderr().isBlank() ? "" : "\nstderr:\n" + result.stderr().strip()));
      this.result = result;
    }

    /** The failed command's result. */
    public Result result() {
      return result;
    }
  }

  /** Runs {@code command} in the current directory with empty stdin; fails on a non-zero exit. */
  public static Result run(List<String> command) throws IOException, InterruptedException {
    return run(command, Path.of(""));
  }

  /** Runs {@code command} in {@code directory} with empty stdin; fails on a non-zero exit. */
  public static Result run(List<String> command, Path directory)
      throws IOException, InterruptedException {
    return pipeline(List.of(command), directory, null, null);
  }

  /** Runs {@code command} in {@code directory} reading {@code stdin}; fails on a non-zero exit. */
  public static Result run(List<String> command, Path directory, Path stdin)
      throws IOException, InterruptedException {
    return pipeline(List.of(command), directory, stdin, null);
  }

  /**
   * {@link #run(List)} for a {@code close()} method, which should not throw {@link
   * InterruptedException} (try-with-resources would let it mask the interrupt): an interrupt keeps
   * the thread's flag set and surfaces as an {@link InterruptedIOException}.
   */
  public static Result runToClose(List<String> command) throws IOException {
    try {
      return run(command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted: " + String.join(" ", command));
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  /**
   * Extracts a cpio archive, compressed or not, with {@code cpio -idm --no-absolute-filenames} as
   * root, so owners (symlinks included), setuid bits, device nodes and hard links are restored.
   *
   * <p>GNU cpio leaves an existing {@code into} alone: the archive's {@code .} entry changes
   * neither its mode nor its owner, so compare snapshots {@code without(".")}. {@code -m} restores
   * regular files' mtimes but not symlinks', and a directory's only if nothing is extracted into it
   * later.
   *
   * @param into an empty or missing directory
   * @throws CommandFailedException if cpio exits non-zero or prints anything but the note that it
   *     removed a leading {@code /} (it exits 0 after "not created: newer or same age version
   *     exists" for a duplicate entry, which a test must not miss)
   */
  public static void extractWithGnuCpio(Path archive, Path into)
      throws IOException, InterruptedException {
    Privileges.requireRoot("extracting with GNU cpio while keeping owners and device nodes");
    requireGnu("cpio", "GNU cpio");
    prepareEmptyDirectory(into);
    List<String> cpio = List.of("cpio", "-idm", "--no-absolute-filenames", "--quiet");
    Result result = pipeline(decompressThen(archive, cpio), into, archive, null);
    rejectComplaints(result, "GNU cpio");
  }

  /**
   * Extracts a cpio (or tar) archive, compressed or not, with {@code bsdtar -xpf - --numeric-owner}
   * as root.
   *
   * <p>Unlike GNU cpio, bsdtar applies the {@code .} entry's mode to {@code into} (not its mtime),
   * restores the mtimes of symlinks and directories, and turns a socket entry into an empty regular
   * file.
   *
   * @param into an empty or missing directory
   * @throws CommandFailedException if bsdtar exits non-zero or prints anything but the note that it
   *     removed a leading {@code /}
   */
  public static void extractWithBsdtar(Path archive, Path into)
      throws IOException, InterruptedException {
    Privileges.requireRoot("extracting with bsdtar while keeping owners and device nodes");
    prepareEmptyDirectory(into);
    List<String> bsdtar = List.of("bsdtar", "-xpf", "-", "--numeric-owner");
    Result result = pipeline(decompressThen(archive, bsdtar), into, archive, null);
    rejectComplaints(result, "bsdtar");
  }

  /**
   * Lists a cpio archive, compressed or not, as {@code cpio -itv --numeric-uid-gid} does, e.g.
   * {@code crw-rw-rw- 1 0 0 1, 3 Jan 1 2026 dev/null}. Owners are numeric so the lines do not
   * depend on the host's {@code /etc/passwd}; dates are in UTC, but {@code ls} style still shows a
   * time for recent entries and a year for old ones.
   */
  public static List<String> listWithGnuCpio(Path archive)
      throws IOException, InterruptedException {
    requireGnu("cpio", "GNU cpio");
    List<String> cpio = List.of("cpio", "-itv", "--numeric-uid-gid", "--quiet");
    return pipeline(decompressThen(archive, cpio), Path.of(""), archive, null).stdoutLines();
  }

  /**
   * Decompresses {@code compressed} with the command-line tool its magic bytes name ({@code zstd
   * -dc}, {@code xz -dc} or {@code gzip -dc}) into {@code output}: an implementation independent of
   * the Java libraries that compress.
   *
   * @throws IllegalArgumentException if {@code compressed} starts with none of those magics
   */
  public static void decompress(Path compressed, Path output)
      throws IOException, InterruptedException {
    List<String> decompressor = decompressorFor(compressed);
    if (decompressor.isEmpty()) {
      throw new IllegalArgumentException(
          compressed + " starts with neither the zstd, the xz nor the gzip magic");
    }
    pipeline(List.of(decompressor), Path.of(""), compressed, output.toAbsolutePath());
  }

  /**
   * Packs {@code tree} with GNU cpio itself, like {@code find . | LC_ALL=C sort | cpio -o -H newc},
   * as a reference archive. Names are sorted (parents first, {@code .} included), but inode
   * numbers, device numbers of the host file system and mtimes are the host's.
   */
  public static void createWithGnuCpio(Path tree, Path archive)
      throws IOException, InterruptedException {
    requireGnu("cpio", "GNU cpio");
    Path names = Files.createTempFile("cpio-names-", ".lst");
    try {
      Files.write(names, sortedNulSeparatedNames(tree));
      pipeline(
          List.of(List.of("cpio", "--null", "-o", "-H", "newc", "--quiet")),
          tree,
          names,
          archive.toAbsolutePath());
    } finally {
      Files.deleteIfExists(names);
    }
  }

  /**
   * {@code find . -print0 | LC_ALL=C sort -z}: byte order puts every parent before its children.
   */
  private static byte[] sortedNulSeparatedNames(Path tree) throws IOException {
    List<byte[]> names;
    try (Stream<Path> paths = Files.walk(tree)) {
      names =
          paths
              .map(path -> tree.relativize(path).toString())
              .map(name -> (name.isEmpty() ? "." : "./" + name).getBytes(StandardCharsets.UTF_8))
              .sorted(Arrays::compareUnsigned)
              .collect(Collectors.toList());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] name : names) {
      out.writeBytes(name);
      out.write(0);
    }
    return out.toByteArray();
  }

  /** Fails with an install hint unless the {@code cpio}/{@code tar} on PATH is the GNU one. */
  static void requireGnu(String tool, String banner) throws IOException, InterruptedException {
    if (VERIFIED_GNU.containsKey(tool)) {
      return;
    }
    String version = run(List.of(tool, "--version")).stdout();
    if (!version.contains(banner)) {
      throw new IllegalStateException(
          tool
              + " on PATH is not "
              + banner
              + " (its --version says: "
              + version.lines().findFirst().orElse("nothing")
              + "): apt-get install "
              + PACKAGES.get(tool));
    }
    VERIFIED_GNU.put(tool, true);
  }

  /** The decompressor command for an archive's magic bytes, or an empty list if it is raw. */
  static List<String> decompressorFor(Path archive) throws IOException {
    byte[] head = new byte[6];
    int read;
    try (InputStream in = Files.newInputStream(archive)) {
      read = in.readNBytes(head, 0, head.length);
    }
    if (read >= 4 && startsWith(head, 0x28, 0xB5, 0x2F, 0xFD)) {
      return List.of("zstd", "-dc");
    }
    if (read >= 6 && startsWith(head, 0xFD, '7', 'z', 'X', 'Z', 0x00)) {
      return List.of("xz", "-dc");
    }
    if (read >= 2 && startsWith(head, 0x1F, 0x8B)) {
      return List.of("gzip", "-dc");
    }
    return List.of();
  }

  private static boolean startsWith(byte[] head, int... magic) {
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static List<List<String>> decompressThen(Path archive, List<String> consumer)
      throws IOException {
    List<String> decompressor = decompressorFor(archive);
    return decompressor.isEmpty() ? List.of(consumer) : List.of(decompressor, consumer);
  }

  private static void prepareEmptyDirectory(Path into) throws IOException {
    Files.createDirectories(into);
    try (Stream<Path> children = Files.list(into)) {
      if (children.findAny().isPresent()) {
        throw new IllegalArgumentException(
            "extraction target " + into + " is not empty; extract into a fresh directory");
      }
    }
  }

  private static void rejectComplaints(Result result, String tool) throws CommandFailedException {
    // Both tools say they stripped a leading '/'; that is expected for absolute member names.
    boolean complained =
        result.stderr().lines().anyMatch(line -> !line.contains("Removing leading"));
    if (complained) {
      throw new CommandFailedException(tool + " reported problems while extracting", result);
    }
  }

  /**
   * Runs {@code commands} as one pipeline: the first reads {@code stdin} (or nothing), the last
   * writes to {@code stdoutFile} (or its output is captured). Output goes through temporary files,
   * so no pipe can fill up and block.
   */
  private static Result pipeline(
      List<List<String>> commands, Path directory, Path stdin, Path stdoutFile)
      throws IOException, InterruptedException {
    for (List<String> command : commands) {
      requireInstalled(command.get(0));
    }
    File workingDirectory = directory.toAbsolutePath().toFile();
    List<Path> stderrFiles = new ArrayList<>();
    Path capturedStdout = null;
    List<Process> processes = List.of();
    try {
      List<ProcessBuilder> builders = new ArrayList<>();
      for (List<String> command : commands) {
        Path stderr = Files.createTempFile("native-tool-", ".stderr");
        stderrFiles.add(stderr);
        ProcessBuilder builder =
            new ProcessBuilder(command).directory(workingDirectory).redirectError(stderr.toFile());
        // Dates in listings (cpio -tv) must not depend on the host's time zone.
        builder.environment().put("TZ", "UTC");
        builders.add(builder);
      }
      ProcessBuilder first = builders.get(0);
      first.redirectInput(stdin == null ? new File("/dev/null") : stdin.toAbsolutePath().toFile());
      ProcessBuilder last = builders.get(builders.size() - 1);
      if (stdoutFile == null) {
        capturedStdout = Files.createTempFile("native-tool-", ".stdout");
        last.redirectOutput(capturedStdout.toFile());
      } else {
        last.redirectOutput(stdoutFile.toFile());
      }

      processes = ProcessBuilder.startPipeline(builders);
      for (int i = 0; i < processes.size(); i++) {
        if (!processes.get(i).waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
          throw new CommandFailedException(
              "timed out after " + TIMEOUT_MINUTES + " minutes",
              new Result(commands.get(i), -1, "", read(stderrFiles.get(i))));
        }
      }

      String stdout = capturedStdout == null ? "" : read(capturedStdout);
      // Report the first failing stage: an upstream failure (corrupt zstd frame) makes the
      // downstream tool fail too, with a less helpful message.
      for (int i = 0; i < processes.size(); i++) {
        int exitCode = processes.get(i).exitValue();
        if (exitCode != 0) {
          boolean isLast = i == processes.size() - 1;
          throw new CommandFailedException(
              "command failed",
              new Result(commands.get(i), exitCode, isLast ? stdout : "", allStderr(stderrFiles)));
        }
      }
      int lastIndex = commands.size() - 1;
      return new Result(commands.get(lastIndex), 0, stdout, read(stderrFiles.get(lastIndex)));
    } finally {
      // Kills what still runs after a timeout, an interrupt or an I/O failure (a no-op for exited
      // processes); an interrupt then propagates to the caller as InterruptedException.
      processes.forEach(Process::destroyForcibly);
      for (Path file : stderrFiles) {
        Files.deleteIfExists(file);
      }
      if (capturedStdout != null) {
        Files.deleteIfExists(capturedStdout);
      }
    }
  }

  private static String allStderr(List<Path> stderrFiles) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Path file : stderrFiles) {
      out.append(read(file));
    }
    return out.toString();
  }

  private static String read(Path file) throws IOException {
    // Not Files.readString: it throws on bytes that are not UTF-8 (names in old archives).
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  /** Fails with an install hint when {@code tool} is not on PATH. */
  static void requireInstalled(String tool) {
    if (tool.contains("/")) {
      return;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    boolean found =
        Arrays.stream(path.split(File.pathSeparator))
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, tool))
            .anyMatch(candidate -> Files.isExecutable(candidate) && !Files.isDirectory(candidate));
    if (!found) {
      throw new IllegalStateException(installHint(tool));
    }
  }

  /** E.g. "GNU cpio is not installed: apt-get install cpio". */
  static String installHint(String tool) {
    String name =
        switch (tool) {
          case "cpio" -> "GNU cpio";
          case "tar" -> "GNU tar";
          default -> tool;
        };
    String remedy =
        PACKAGES.containsKey(tool)
            ? "apt-get install " + PACKAGES.get(tool)
            : "install it or put it on PATH";
    return name + " is not installed: " + remedy;
  }
}
