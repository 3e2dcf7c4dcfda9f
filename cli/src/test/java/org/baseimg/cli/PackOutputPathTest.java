package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code pack -o OUT} does with what is already at OUT. */
class PackOutputPathTest {
  @TempDir Path temp;
  Path tree;

  @BeforeEach
  void tree() throws IOException {
    tree = Files.createDirectories(temp.resolve("tree"));
    Files.writeString(tree.resolve("hello"), "world\n");
  }

  private CommandLineRun pack(String out) {
    return CommandLineRun.of(
        "pack",
        tree.toString(),
        "-o",
        out,
        "--bare",
        "--compression",
        "none",
        "--epoch",
        "1700000000",
        "--console",
        "plain");
  }

  private static List<String> names(byte[] cpio) throws IOException {
    List<String> names = new ArrayList<>();
    try (CpioArchiveInputStream in =
        new CpioArchiveInputStream(new java.io.ByteArrayInputStream(cpio))) {
      CpioArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        names.add(entry.getName());
      }
    }
    return names;
  }

  @Test
  void pack_fifoAtOutput_isRefusedWithExit2AndLeftInPlace() throws Exception {
    Path fifo = temp.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).as("mkfifo").isZero();

    CommandLineRun run = pack(fifo.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("is a FIFO, not a regular file");
    assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(fifo.toFile().exists()).isTrue();
  }

  @Test
  void pack_directoryAtOutput_isRefusedWithExit2() throws IOException {
    Path directory = Files.createDirectories(temp.resolve("dir"));

    CommandLineRun run = pack(directory.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("is a directory");
    assertThat(directory).isEmptyDirectory();
  }

  @Test
  void pack_symlinkAtOutput_isFollowedAndKept() throws IOException {
    Path real = temp.resolve("real.cpio");
    Path link = Files.createSymbolicLink(temp.resolve("link.cpio"), real);

    CommandLineRun run = pack(link.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(names(Files.readAllBytes(real))).contains("hello");
  }

  @Test
  void pack_dashOutput_writesTheArchiveToStandardOutputAndTheSummaryToStandardError()
      throws IOException {
    Path file = temp.resolve("file.cpio");
    assertThat(pack(file.toString()).exitCode()).isZero();

    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    CommandLineRun run;
    try {
      System.setOut(new PrintStream(captured, true));
      run = pack("-");
    } finally {
      System.setOut(original);
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(captured.toByteArray()).isEqualTo(Files.readAllBytes(file));
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("-: ").contains("sha256 ");
    assertThat(Path.of("-")).doesNotExist();
  }

  @Test
  void pack_outputInsideTheSourceDirectory_isLeftOutWithItsTemporaryFiles() throws IOException {
    Path out = tree.resolve("sub/out.cpio");
    Files.createDirectories(out.getParent());
    // A killed run's leftover temporary file.
    Files.writeString(tree.resolve("sub/.out.cpio.12345.partial"), "leftover");

    CommandLineRun first = pack(out.toString());
    byte[] firstBytes = Files.readAllBytes(out);
    CommandLineRun second = pack(out.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(firstBytes);
    assertThat(names(firstBytes))
        .contains("hello", "sub")
        .noneMatch(name -> name.contains("out.cpio"));
  }
}
