package org.baseimg.inspect.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.Compression;
import org.baseimg.initramfs.InitramfsWriter;
import org.baseimg.initramfs.PackOptions;
import org.baseimg.initramfs.RootfsSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageScan#keptContent} follows symbolic links inside the archive as the booted system
 * would: relative ones from the link's directory, absolute ones from the image's root, links in the
 * middle of a path (Debian's doc-directory links) and links to links; a loop, a dangling link or a
 * file that was not kept gives nothing.
 */
class ImageScanKeptContentTest {
  @TempDir Path temp;

  /** Keeps every file named {@code copyright}, as the SBOM step does. */
  private ImageScan scan() throws Exception {
    Path tree = temp.resolve("tree");
    Path doc = Files.createDirectories(tree.resolve("usr/share/doc"));
    Files.createDirectories(doc.resolve("gcc-12-base"));
    Files.writeString(doc.resolve("gcc-12-base/copyright"), "gcc's copyright\n");
    Files.writeString(doc.resolve("gcc-12-base/changelog"), "not kept\n");
    // As libgcc-s1 ships it: the whole doc directory is a relative link to its source's.
    Files.createSymbolicLink(doc.resolve("libgcc-s1"), Path.of("gcc-12-base"));
    // An absolute link to a link to the directory (named so that no host has it: JUnit warns
    // about links to existing files outside the temporary directory), and a link to that link.
    Files.createSymbolicLink(doc.resolve("baseimg-doc"), Path.of("gcc-12-base"));
    Files.createSymbolicLink(doc.resolve("absolute"), Path.of("/usr/share/doc/baseimg-doc"));
    Files.createSymbolicLink(doc.resolve("chained"), Path.of("absolute"));
    // A link to the file itself, climbing with "..", and one through a directory link.
    Files.createDirectories(doc.resolve("zlib1g"));
    Files.createSymbolicLink(
        doc.resolve("zlib1g/copyright"), Path.of("../libgcc-s1/../gcc-12-base/copyright"));
    // Loops: a link to itself and two that point at each other.
    Files.createSymbolicLink(doc.resolve("self"), Path.of("self"));
    Files.createSymbolicLink(doc.resolve("ping"), Path.of("pong"));
    Files.createSymbolicLink(doc.resolve("pong"), Path.of("/usr/share/doc/ping"));
    Files.createSymbolicLink(doc.resolve("dangling"), Path.of("no-such-package"));

    Path archive = temp.resolve("image.cpio");
    InitramfsWriter.create(
            PackOptions.defaults().withCompression(Compression.none()).withEpoch(1_700_000_000L),
            EventListener.NONE)
        .write(RootfsSource.directory(tree), archive);
    return ImageScan.read(archive, false, path -> path.name().equals("copyright"));
  }

  private static String kept(ImageScan scan, String path) {
    return scan.keptContent(ImagePath.of(path))
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
        .orElse(null);
  }

  @Test
  void keptContent_followsRelativeAndAbsoluteLinksOnTheWay() throws Exception {
    ImageScan scan = scan();

    assertThat(kept(scan, "/usr/share/doc/gcc-12-base/copyright")).isEqualTo("gcc's copyright\n");
    assertThat(kept(scan, "/usr/share/doc/libgcc-s1/copyright")).isEqualTo("gcc's copyright\n");
    assertThat(kept(scan, "/usr/share/doc/absolute/copyright")).isEqualTo("gcc's copyright\n");
    assertThat(kept(scan, "/usr/share/doc/chained/copyright")).isEqualTo("gcc's copyright\n");
    assertThat(kept(scan, "/usr/share/doc/zlib1g/copyright")).isEqualTo("gcc's copyright\n");
  }

  @Test
  void keptContent_loopsDanglingLinksAndFilesNotKept_areEmpty() throws Exception {
    ImageScan scan = scan();

    assertThat(scan.keptContent(ImagePath.of("/usr/share/doc/self/copyright"))).isEmpty();
    assertThat(scan.keptContent(ImagePath.of("/usr/share/doc/ping/copyright"))).isEmpty();
    assertThat(scan.keptContent(ImagePath.of("/usr/share/doc/pong"))).isEmpty();
    assertThat(scan.keptContent(ImagePath.of("/usr/share/doc/dangling/copyright"))).isEmpty();
    assertThat(scan.keptContent(ImagePath.of("/usr/share/doc/libgcc-s1/changelog"))).isEmpty();
    assertThat(scan.keptContent(ImagePath.of("/usr/share/doc/libgcc-s1"))).isEmpty();
  }
}
