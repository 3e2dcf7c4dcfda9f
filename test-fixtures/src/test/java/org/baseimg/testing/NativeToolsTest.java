package org.baseimg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.baseimg.testing.NativeTools.CommandFailedException;
import org.baseimg.testing.NativeTools.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs without root: only the command runner, magic detection and cpio listing. */
class NativeToolsTest {
  @TempDir Path temp;

  @Test
  void run_succeedingCommand_capturesStdoutAndStderr() throws Exception {
    Result result = NativeTools.run(List.of("sh", "-c", "echo out; echo err >&2"));

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdoutLines()).containsExactly("out");
    assertThat(result.stderr()).isEqualTo("err\n");
  }

  @Test
  void run_failingCommand_throwsWithCommandExitCodeAndStderr() {
    assertThatThrownBy(() -> NativeTools.run(List.of("sh", "-c", "echo oops >&2; exit 3")))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("sh -c echo oops >&2; exit 3")
        .hasMessageContaining("exit code 3")
        .hasMessageContaining("oops")
        .satisfies(e -> assertThat(((CommandFailedException) e).result().exitCode()).isEqualTo(3));
  }

  @Test
  void run_missingTool_throwsWithInstallHint() {
    assertThatThrownBy(() -> NativeTools.run(List.of("no-such-tool-baseimg")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no-such-tool-baseimg is not installed: install it or put it on PATH");
  }

  @Test
  void installHint_knownTool_namesTheDebianPackage() {
    assertThat(NativeTools.installHint("cpio"))
        .isEqualTo("GNU cpio is not installed: apt-get install cpio");
    assertThat(NativeTools.installHint("bsdtar"))
        .isEqualTo("bsdtar is not installed: apt-get install libarchive-tools");
  }

  @Test
  void run_inDirectoryWithStdin_readsTheFile() throws Exception {
    Files.writeString(temp.resolve("in"), "a\nb\n");

    Result result = NativeTools.run(List.of("wc", "-l"), temp, temp.resolve("in"));

    assertThat(result.stdout().strip()).isEqualTo("2");
  }

  @Test
  void decompressorFor_magicBytes_picksTheTool() throws IOException {
    assertThat(NativeTools.decompressorFor(write("z", 0x28, 0xB5, 0x2F, 0xFD, 0, 0)))
        .containsExactly("zstd", "-dc");
    assertThat(NativeTools.decompressorFor(write("x", 0xFD, '7', 'z', 'X', 'Z', 0)))
        .containsExactly("xz", "-dc");
    assertThat(NativeTools.decompressorFor(write("g", 0x1F, 0x8B, 8)))
        .containsExactly("gzip", "-dc");
    assertThat(NativeTools.decompressorFor(write("c", '0', '7', '0', '7', '0', '1'))).isEmpty();
    assertThat(NativeTools.decompressorFor(write("e"))).isEmpty();
  }

  @Test
  void decompress_gzip_runsGzipIntoTheOutput() throws Exception {
    Path compressed = temp.resolve("text.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(compressed))) {
      out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
    }

    NativeTools.decompress(compressed, temp.resolve("text"));

    assertThat(temp.resolve("text"))
        .hasBinaryContent("hello\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void decompress_plainData_isRejected() throws IOException {
    Path plain = write("plain", '0', '7', '0', '7', '0', '1');
    assertThatThrownBy(() -> NativeTools.decompress(plain, temp.resolve("out")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither the zstd, the xz nor the gzip magic");
  }

  @Test
  void listWithGnuCpio_referenceArchive_listsEveryName() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("tree/sub"));
    Files.writeString(tree.resolve("file"), "x");
    Path archive = temp.resolve("a.cpio");

    NativeTools.createWithGnuCpio(tree.getParent(), archive);
    List<String> lines = NativeTools.listWithGnuCpio(archive);

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("d").endsWith(" .");
    assertThat(lines.get(1)).endsWith(" sub");
    assertThat(lines.get(2)).startsWith("-rw").endsWith(" sub/file");
  }

  private Path write(String name, int... bytes) throws IOException {
    byte[] content = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      content[i] = (byte) bytes[i];
    }
    return Files.write(temp.resolve(name), content);
  }
}
