package org.baseimg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The work the launcher runs once, under {@code -XX:ArchiveClassesAtExit}, so that the classes the
 * short commands load go into a class-data-sharing archive beside the jar: later runs map them
 * instead of reading and verifying them again, which is most of a short command's time. It runs the
 * short commands themselves, in one JVM, on small inputs it writes to a temporary directory.
 *
 * <p>Not a command: nothing a user would run, and its exit code only says whether every run
 * succeeded.
 */
public final class StartupTraining {
  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    Path work = Files.createTempDirectory("baseimg-training-");
    try {
      int failures = train(work);
      System.exit(failures == 0 ? ExitCode.OK : ExitCode.FAILURE);
    } finally {
      try (Stream<Path> paths = Files.walk(work)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  static int train(Path work) throws IOException {
    Path tree = Files.createDirectories(work.resolve("tree/etc"));
    Files.writeString(tree.resolve("hostname"), "localhost\n");
    Path image = work.resolve("tiny.cpio.gz");
    Path before =
        Files.writeString(work.resolve("a.config"), "CONFIG_A=y\n# CONFIG_B is not set\n");
    Path after = Files.writeString(work.resolve("b.config"), "CONFIG_A=m\nCONFIG_B=y\n");
    List<List<String>> commandLines =
        List.of(
            List.of("--help"),
            List.of("profile", "validate", "base-arm64"),
            List.of("profile", "show", "edge-arm64"),
            List.of("kconfig", "diff", before.toString(), after.toString()),
            List.of(
                "pack",
                work.resolve("tree").toString(),
                "-o",
                image.toString(),
                "--compression",
                "gzip",
                "--bare",
                "--console",
                "plain"),
            List.of("inspect", image.toString(), "--summary"),
            List.of("inspect", image.toString()));
    int failures = 0;
    for (List<String> commandLine : commandLines) {
      StringWriter err = new StringWriter();
      int code =
          Main.run(
              commandLine.toArray(String[]::new),
              new PrintWriter(new StringWriter()),
              new PrintWriter(err));
      if (code != ExitCode.OK) {
        System.err.println("baseimg: training run " + commandLine + " failed: " + err);
        failures++;
      }
    }
    return failures;
  }
}
