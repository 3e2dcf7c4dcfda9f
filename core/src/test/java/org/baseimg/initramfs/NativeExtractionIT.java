package org.baseimg.initramfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.baseimg.event.EventListener;
import org.baseimg.fs.FileType;
import org.baseimg.testing.NativeTools;
import org.baseimg.testing.TestTree;
import org.baseimg.testing.TreeSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The writer checked against independent readers: GNU cpio and bsdtar extract what baseimg packed
 * from a tree with every file type, and the result is the tree. Needs root (devices, owners).
 */
class NativeExtractionIT {
  private static final long EPOCH = 1_700_000_000L;

  @TempDir static Path shared;
  static Path tree;
  static TreeSnapshot expected;

  @TempDir Path temp;

  @BeforeAll
  static void buildTree() throws Exception {
    tree = shared.resolve("tree");
    TestTree.builder().seed(42).build(tree);
    expected = TreeSnapshot.of(tree);
  }

  static Stream<Arguments> extractorsAndCompressions() {
    return Stream.of(Compression.Format.values())
        .flatMap(
            format -> Stream.of(Arguments.of("GNU cpio", format), Arguments.of("bsdtar", format)));
  }

  private static PackOptions bare(Compression.Format format) {
    return PackOptions.defaults()
        .withCompression(
            Compression.of(format, format == Compression.Format.ZSTD ? 3 : format.defaultLevel()))
        .withEpoch(EPOCH)
        .withBare(true);
  }

  private static PackResult pack(RootfsSource source, PackOptions options, Path output)
      throws Exception {
    return InitramfsWriter.create(options, EventListener.NONE).write(source, output);
  }

  private static void extract(String extractor, Path archive, Path into) throws Exception {
    if (extractor.equals("GNU cpio")) {
      NativeTools.extractWithGnuCpio(archive, into);
    } else {
      NativeTools.extractWithBsdtar(archive, into);
    }
  }

  @ParameterizedTest(name = "{0} extracts {1}")
  @MethodSource("extractorsAndCompressions")
  void pack_treeWithEveryFileType_extractsToTheSameTree(String extractor, Compression.Format format)
      throws Exception {
    Path archive = temp.resolve("tree.img");
    pack(RootfsSource.directory(tree), bare(format), archive);

    Path extracted = temp.resolve("extracted");
    extract(extractor, archive, extracted);

    // GNU cpio leaves the existing target directory as it is, so "." is compared by bsdtar only.
    TreeSnapshot actual = TreeSnapshot.of(extracted);
    if (extractor.equals("GNU cpio")) {
      assertThat(expected.without(".").diff(actual.without("."))).isEmpty();
    } else {
      assertThat(expected.diff(actual)).isEmpty();
    }
  }

  @Test
  void pack_fromTarInGnuAndPaxForm_givesTheSameBytesAsFromTheDirectory() throws Exception {
    PackResult fromDirectory =
        pack(RootfsSource.directory(tree), bare(Compression.Format.NONE), temp.resolve("dir.img"));
    for (TestTree.TarFormat format : List.of(TestTree.TarFormat.GNU, TestTree.TarFormat.PAX)) {
      Path tar = temp.resolve("tree-" + format + ".tar");
      TestTree.toTar(tree, tar, format);
      PackResult fromTar =
          pack(
              RootfsSource.tar(tar),
              bare(Compression.Format.NONE),
              temp.resolve("tar-" + format + ".img"));
      assertThat(fromTar.sha256()).as("tar in %s form", format).isEqualTo(fromDirectory.sha256());
    }
  }

  @Test
  void pack_sameTreeBuiltInReverseOrderWithOtherMtimes_givesTheSameBytes() throws Exception {
    Path other = temp.resolve("other");
    TestTree.builder()
        .seed(42)
        .creationOrder(TestTree.Order.REVERSE)
        .mtime(Instant.parse("2025-03-04T05:06:07Z"))
        .build(other);
    PackResult first =
        pack(RootfsSource.directory(tree), bare(Compression.Format.ZSTD), temp.resolve("a"));
    PackResult second =
        pack(RootfsSource.directory(other), bare(Compression.Format.ZSTD), temp.resolve("b"));
    assertThat(second.sha256()).isEqualTo(first.sha256());
  }

  @Test
  void pack_clampsMtimesToTheEpoch_asBsdtarRestoresThem() throws Exception {
    Path archive = temp.resolve("tree.img");
    pack(RootfsSource.directory(tree), bare(Compression.Format.NONE), archive);
    Path extracted = temp.resolve("extracted");
    NativeTools.extractWithBsdtar(archive, extracted);

    Map<String, Instant> mtimes = TreeSnapshot.of(extracted).mtimes();
    mtimes.forEach(
        (path, mtime) -> {
          if (!path.equals(".")) {
            assertThat(mtime.getEpochSecond()).as(path).isLessThanOrEqualTo(EPOCH);
          }
        });
    assertThat(mtimes.get(TestTree.RANDOM_FILE).getEpochSecond()).isEqualTo(EPOCH);
  }

  @Test
  void pack_socket_isCarriedAsASocket() throws Exception {
    Path withSocket = temp.resolve("with-socket");
    TestTree.builder().seed(7).withSocket(true).withDeepPath(false).build(withSocket);
    Path archive = temp.resolve("socket.img");
    pack(RootfsSource.directory(withSocket), bare(Compression.Format.NONE), archive);

    Path extracted = temp.resolve("extracted");
    NativeTools.extractWithGnuCpio(archive, extracted);

    assertThat(TreeSnapshot.of(extracted).entries().get(TestTree.SOCKET).type())
        .isEqualTo(TreeSnapshot.Type.SOCKET);
  }

  @Test
  void pack_withEssentials_extractsConsoleInitAndMountPoints() throws Exception {
    Path archive = temp.resolve("tree.img");
    pack(RootfsSource.directory(tree), bare(Compression.Format.GZIP).withBare(false), archive);
    Path extracted = temp.resolve("extracted");
    NativeTools.extractWithBsdtar(archive, extracted);

    TreeSnapshot actual = TreeSnapshot.of(extracted);
    TreeSnapshot.Entry console = actual.entries().get("dev/console");
    assertThat(console.type()).isEqualTo(TreeSnapshot.Type.CHAR_DEVICE);
    assertThat(console.deviceMajor()).isEqualTo(5);
    assertThat(console.deviceMinor()).isEqualTo(1);
    assertThat(actual.entries().get("init").permissions()).isEqualTo(0755);
    assertThat(Files.readString(extracted.resolve("init"))).contains(InitProgram.BOOT_MARKER);
    for (String mountPoint : List.of("proc", "sys", "run", "tmp")) {
      assertThat(actual.entries().get(mountPoint).type())
          .as(mountPoint)
          .isEqualTo(TreeSnapshot.Type.DIRECTORY);
    }
    // Everything the tree has is still there, unchanged.
    assertThat(expected.diff(actual.without("init", "dev/console", "proc", "sys"))).isEmpty();
  }

  @Test
  void inspect_listsWhatTheTreeHolds() throws Exception {
    Path archive = temp.resolve("tree.img");
    pack(RootfsSource.directory(tree), bare(Compression.Format.XZ), archive);

    InitramfsListing listing = InitramfsReader.read(archive);

    assertThat(listing.problems()).isEmpty();
    Map<String, TreeSnapshot.Entry> entries = expected.entries();
    assertThat(listing.entries()).hasSize(entries.size());
    for (InitramfsListing.Entry entry : listing.entries()) {
      TreeSnapshot.Entry original = entries.get(entry.name());
      assertThat(original).as(entry.name()).isNotNull();
      assertThat(entry.mode().type().name()).as(entry.name()).isEqualTo(original.type().name());
      if (entry.mode().type() != FileType.SYMLINK) {
        assertThat(entry.mode().permissions()).as(entry.name()).isEqualTo(original.permissions());
      }
      assertThat(entry.uid()).as(entry.name()).isEqualTo(original.uid());
      assertThat(entry.gid()).as(entry.name()).isEqualTo(original.gid());
      assertThat(entry.linkTarget()).as(entry.name()).isEqualTo(original.linkTarget());
      if (entry.mode().type().isDevice()) {
        assertThat(entry.rdevMajor()).as(entry.name()).isEqualTo(original.deviceMajor());
        assertThat(entry.rdevMinor()).as(entry.name()).isEqualTo(original.deviceMinor());
      }
      if (!original.hardLinks().isEmpty()) {
        assertThat(entry.nlink()).as(entry.name()).isEqualTo(original.hardLinks().size());
      } else if (entry.mode().type() == FileType.REGULAR) {
        assertThat(entry.size()).as(entry.name()).isEqualTo(original.size());
      }
    }
  }
}
