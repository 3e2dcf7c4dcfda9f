package org.baseimg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Needs root: proves {@link TreeSnapshot} and the extraction helpers against GNU cpio's own
 * archives of a {@link TestTree}.
 */
class NativeToolsIT {
  /** Built and packed once: the tests only read the tree and the archive. */
  @TempDir static Path shared;

  private static TestTree tree;
  private static TreeSnapshot expected;
  private static Path archive;

  @TempDir Path temp;

  @BeforeAll
  static void packTreeWithGnuCpio() throws Exception {
    tree = TestTree.builder().seed(11).withSocket(true).build(shared.resolve("t"));
    expected = TreeSnapshot.of(tree.root());
    archive = shared.resolve("tree.cpio");
    NativeTools.createWithGnuCpio(tree.root(), archive);
  }

  @Test
  void extractWithGnuCpio_gnuCpioArchive_reproducesTheTree() throws Exception {
    Path out = temp.resolve("out");

    NativeTools.extractWithGnuCpio(archive, out);

    // GNU cpio never touches the existing target directory, so "." says nothing.
    assertThat(expected.without(".").diff(TreeSnapshot.of(out).without("."))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "xz", "gzip"})
  void extractWithGnuCpio_compressedArchive_isDecompressedFirst(String compressor)
      throws Exception {
    Path copy = Files.copy(archive, temp.resolve("tree.cpio"));
    NativeTools.run(List.of(compressor, "-q", copy.toString()));
    String suffix =
        switch (compressor) {
          case "zstd" -> ".zst";
          case "xz" -> ".xz";
          default -> ".gz";
        };
    Path compressed = temp.resolve("tree.cpio" + suffix);
    Path out = temp.resolve("out");

    NativeTools.extractWithGnuCpio(compressed, out);

    assertThat(expected.without(".").diff(TreeSnapshot.of(out).without("."))).isEmpty();
  }

  @Test
  void extractWithGnuCpio_concatenatedZstdFrames_areDecodedAsOneStream() throws Exception {
    byte[] bytes = Files.readAllBytes(archive);
    int half = bytes.length / 2;
    Path first = Files.write(temp.resolve("first"), Arrays.copyOfRange(bytes, 0, half));
    Path second =
        Files.write(temp.resolve("second"), Arrays.copyOfRange(bytes, half, bytes.length));
    NativeTools.run(List.of("zstd", "-q", first.toString(), second.toString()));
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    joined.writeBytes(Files.readAllBytes(temp.resolve("first.zst")));
    joined.writeBytes(Files.readAllBytes(temp.resolve("second.zst")));
    Path concatenated = Files.write(temp.resolve("joined.cpio.zst"), joined.toByteArray());
    Path out = temp.resolve("out");

    NativeTools.extractWithGnuCpio(concatenated, out);

    assertThat(expected.without(".").diff(TreeSnapshot.of(out).without("."))).isEmpty();
  }

  @Test
  void extractWithBsdtar_gnuCpioArchive_reproducesTheTreeButMakesSocketsFiles() throws Exception {
    Path out = temp.resolve("out");

    NativeTools.extractWithBsdtar(archive, out);

    TreeSnapshot actual = TreeSnapshot.of(out);
    assertThat(expected.without(TestTree.SOCKET).diff(actual.without(TestTree.SOCKET))).isEmpty();
    assertThat(actual.entries().get(TestTree.SOCKET).type()).isEqualTo(TreeSnapshot.Type.REGULAR);
  }

  @Test
  void extractWithGnuCpio_nonEmptyTarget_isRejected() throws Exception {
    Path out = Files.createDirectories(temp.resolve("out"));
    Files.writeString(out.resolve("stale"), "x");

    assertThatThrownBy(() -> NativeTools.extractWithGnuCpio(archive, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not empty");
  }

  @Test
  void extractWithGnuCpio_duplicateEntry_failsOnCpiosComplaint() throws Exception {
    Path twice = temp.resolve("twice.cpio");
    Path names = Files.writeString(temp.resolve("names"), "etc/hostname\netc/hostname\n");
    NativeTools.run(
        List.of("cpio", "-o", "-H", "newc", "--quiet", "-O", twice.toString()), tree.root(), names);

    assertThatThrownBy(() -> NativeTools.extractWithGnuCpio(twice, temp.resolve("out")))
        .isInstanceOf(NativeTools.CommandFailedException.class)
        .hasMessageContaining("not created");
  }

  @Test
  void listWithGnuCpio_testTree_showsDevicesSetuidAndOwners() throws Exception {
    List<String> lines = NativeTools.listWithGnuCpio(archive);

    assertThat(lines).hasSize(tree.paths().size());
    assertThat(lines).anyMatch(line -> line.startsWith("crw-rw-rw-") && line.endsWith(" dev/null"));
    assertThat(lines)
        .anyMatch(line -> line.contains("4095, 1048575") && line.endsWith("max-numbers"));
    assertThat(lines)
        .anyMatch(line -> line.startsWith("-rwsr-xr-x") && line.endsWith(" usr/bin/su"));
    assertThat(lines)
        .anyMatch(line -> line.contains(" 200000   200001 ") && line.endsWith("high-ids/data"));
    assertThat(lines).anyMatch(line -> line.endsWith(TestTree.NON_ASCII_FILE));
  }
}
