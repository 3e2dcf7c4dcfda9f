package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pack} onto a file system that fills up half-way: a 1 MiB tmpfs (mounting it needs root, as
 * run-tests runs) and a tree of 4 MiB that does not compress.
 */
class PackFullDiskIT {
  @TempDir Path temp;
  private Path small;

  @BeforeEach
  void mountSmallTmpfs() throws Exception {
    if (!"0".equals(run("id", "-u").strip())) {
      throw new AssertionError("PackFullDiskIT mounts a tmpfs: run it as root (run-tests does)");
    }
    small = Files.createDirectories(temp.resolve("small"));
    run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString());
  }

  @AfterEach
  void unmount() throws Exception {
    if (small != null) {
      run("umount", small.toString());
    }
  }

  @Test
  void pack_outputFileSystemFull_failsWithExit1InOneLineAndLeavesNothing() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("tree"));
    byte[] noise = new byte[4 << 20];
    new Random(1).nextBytes(noise);
    Files.write(tree.resolve("noise"), noise);
    Path out = small.resolve("out.cpio");

    CommandLineRun pack =
        CommandLineRun.of(
            "pack",
            tree.toString(),
            "-o",
            out.toString(),
            "--bare",
            "--compression",
            "none",
            "--console",
            "plain");

    assertThat(pack.exitCode()).as(pack.err()).isEqualTo(ExitCode.FAILURE);
    assertThat(pack.errLines())
        .as(pack.err())
        .singleElement()
        .asString()
        .contains("No space left on device")
        .doesNotContain("Exception");
    try (var left = Files.list(small)) {
      assertThat(left).as("what pack left on the full file system").isEmpty();
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
