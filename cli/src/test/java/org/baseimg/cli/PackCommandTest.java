package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackCommandTest {
  @TempDir Path temp;
  Path tree;
  Path out;

  @BeforeEach
  void tree() throws IOException {
    tree = Files.createDirectories(temp.resolve("tree"));
    Files.writeString(tree.resolve("hello"), "world\n");
    out = temp.resolve("out.cpio");
  }

  @Test
  void pack_directory_writesTheArtifactAndOneSummaryLine() {
    CommandLineRun run =
        CommandLineRun.of(
            "pack",
            tree.toString(),
            "-o",
            out.toString(),
            "--compression",
            "gzip",
            "--epoch",
            "1700000000",
            "--console",
            "plain");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(out).exists();
    assertThat(run.out().lines().toList())
        .singleElement()
        .asString()
        .startsWith(out + ": ")
        .contains("(gzip -6)")
        .contains("sha256 ");
  }

  @Test
  void pack_sameTreeTwice_printsTheSameSha256() {
    String first =
        sha256(
            CommandLineRun.of(
                    "pack",
                    tree.toString(),
                    "-o",
                    out.toString(),
                    "--epoch",
                    "1700000000",
                    "--console",
                    "plain")
                .out());
    String second =
        sha256(
            CommandLineRun.of(
                    "pack",
                    tree.toString(),
                    "-o",
                    temp.resolve("again.cpio").toString(),
                    "--epoch",
                    "1700000000",
                    "--console",
                    "plain")
                .out());
    assertThat(first).isEqualTo(second).hasSize(64);
  }

  @Test
  void pack_withAFrameCache_keepsTheFramesAndGivesTheSameBytes() throws IOException {
    Path frames = temp.resolve("frames");
    CommandLineRun without = pack(out);
    CommandLineRun first = pack(temp.resolve("first.cpio"), "--frame-cache", frames.toString());
    CommandLineRun second = pack(temp.resolve("second.cpio"), "--frame-cache", frames.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(sha256(first.out()))
        .isEqualTo(sha256(second.out()))
        .isEqualTo(sha256(without.out()));
    try (var kept = Files.walk(frames)) {
      assertThat(kept.filter(path -> path.toString().endsWith(".frame"))).hasSize(1);
    }
  }

  private CommandLineRun pack(Path output, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "pack",
                tree.toString(),
                "-o",
                output.toString(),
                "--level",
                "3",
                "--epoch",
                "1700000000",
                "--console",
                "plain"));
    args.addAll(List.of(options));
    return CommandLineRun.of(args.toArray(String[]::new));
  }

  private static String sha256(String summary) {
    return summary.substring(summary.indexOf("sha256 ") + 7).trim();
  }

  @Test
  void pack_unknownCompression_isBadInputInOneLine() {
    assertBadInput(
        CommandLineRun.of("pack", tree.toString(), "-o", out.toString(), "--compression", "lz4"),
        "unknown compression 'lz4'; use zstd, xz, gzip or none");
  }

  @Test
  void pack_levelOutOfRange_isBadInputInOneLine() {
    assertBadInput(
        CommandLineRun.of(
            "pack", tree.toString(), "-o", out.toString(), "--compression", "xz", "--level", "12"),
        "xz level 12 is out of range; use 0..9");
  }

  @Test
  void pack_missingSource_isBadInputInOneLine() {
    assertBadInput(
        CommandLineRun.of("pack", temp.resolve("absent").toString(), "-o", out.toString()),
        "does not exist");
  }

  @Test
  void pack_epochPast2106_isBadInputInOneLine() {
    assertBadInput(
        CommandLineRun.of("pack", tree.toString(), "-o", out.toString(), "--epoch", "5000000000"),
        "outside cpio's time range");
  }

  @Test
  void pack_missingInitFile_isBadInputInOneLine() {
    assertBadInput(
        CommandLineRun.of(
            "pack",
            tree.toString(),
            "-o",
            out.toString(),
            "--init",
            temp.resolve("no-init").toString()),
        "does not exist");
  }

  @Test
  void pack_truncatedTar_isBadInputAndLeavesNothing() throws IOException {
    Path tar = temp.resolve("tree.tar");
    Files.write(tar, new byte[1000]);
    Files.write(tar, "hello".getBytes(), java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    assertBadInput(CommandLineRun.of("pack", tar.toString(), "-o", out.toString()), "tar");
  }

  @Test
  void pack_tarEntryEscapingTheRoot_isBadInputAndLeavesNothing() throws IOException {
    Path tar = temp.resolve("evil.tar");
    try (var out =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            Files.newOutputStream(tar))) {
      var entry =
          new org.apache.commons.compress.archivers.tar.TarArchiveEntry("../../etc/cron.d/x");
      entry.setSize(1);
      out.putArchiveEntry(entry);
      out.write('x');
      out.closeArchiveEntry();
    }
    assertBadInput(
        CommandLineRun.of("pack", tar.toString(), "-o", out.toString()), "climbs out of the root");
  }

  @Test
  void pack_fileOf4GiB_isBadInputAndLeavesNothing() throws IOException {
    try (var sparse = new java.io.RandomAccessFile(tree.resolve("disk.img").toFile(), "rw")) {
      sparse.setLength(4L << 30);
    }
    assertBadInput(
        CommandLineRun.of("pack", tree.toString(), "-o", out.toString()),
        "cannot hold a file of 4 GiB or more");
  }

  @Test
  void pack_mtimePast2106_isBadInputAndLeavesNothing() throws IOException {
    Files.setLastModifiedTime(
        tree.resolve("hello"),
        java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2107-01-01T00:00:00Z")));
    assertBadInput(
        CommandLineRun.of("pack", tree.toString(), "-o", out.toString()),
        "does not fit cpio's 32-bit field");
  }

  @Test
  void pack_tarOnStandardInput_isPacked() throws IOException {
    Path tar = temp.resolve("tree.tar");
    try (var tarOut =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            Files.newOutputStream(tar))) {
      var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("etc/hostname");
      entry.setSize(5);
      tarOut.putArchiveEntry(entry);
      tarOut.write("edge\n".getBytes());
      tarOut.closeArchiveEntry();
    }
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(Files.newInputStream(tar));
      CommandLineRun run =
          CommandLineRun.of("pack", "-", "-o", out.toString(), "--console", "plain");
      assertThat(run.exitCode()).as(run.err()).isZero();
    } finally {
      System.setIn(stdin);
    }
    assertThat(CommandLineRun.of("inspect", out.toString()).out()).contains("etc/hostname");
  }

  @Test
  void pack_withoutOutput_isBadInputAndNamesTheOption() {
    CommandLineRun run = CommandLineRun.of("pack", tree.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("--output");
  }

  private void assertBadInput(CommandLineRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains(message);
    assertThat(out).doesNotExist();
    try (var files = Files.list(temp)) {
      assertThat(files.map(path -> path.getFileName().toString()).toList())
          .noneMatch(name -> name.endsWith(".partial"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void help_listsTheExitCodes() {
    for (List<String> args :
        List.of(List.of("--help"), List.of("pack", "--help"), List.of("inspect", "--help"))) {
      CommandLineRun run = CommandLineRun.of(args.toArray(String[]::new));
      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).contains("Exit codes:").contains("2  bad input");
    }
  }

  @Test
  void version_printsTheVersion() {
    CommandLineRun run = CommandLineRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("baseimg ").doesNotContain("unknown");
  }
}
