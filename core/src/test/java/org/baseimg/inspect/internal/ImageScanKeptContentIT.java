package org.baseimg.inspect.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.Compression;
import org.baseimg.initramfs.InitramfsWriter;
import org.baseimg.initramfs.PackOptions;
import org.baseimg.initramfs.RootfsSource;
import org.baseimg.testing.TestTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageScan#keptContent} through the links of the shared {@link TestTree} (which needs root:
 * devices, owners), packed by {@link InitramfsWriter}: each link gives its target's bytes as the
 * tree has them, a dangling one nothing.
 */
class ImageScanKeptContentIT {
  @TempDir Path temp;

  @Test
  void keptContent_testTreesLinks_giveTheirTargetsBytes() throws Exception {
    Path tree = temp.resolve("tree");
    TestTree.builder().seed(7).build(tree);
    Path archive = temp.resolve("tree.cpio");
    InitramfsWriter.create(
            PackOptions.defaults().withCompression(Compression.none()).withEpoch(1_700_000_000L),
            EventListener.NONE)
        .write(RootfsSource.directory(tree), archive);

    ImageScan scan = ImageScan.read(archive, false, path -> true);

    byte[] shell = Files.readAllBytes(tree.resolve("usr/bin/fixture-shell"));
    byte[] osRelease = Files.readAllBytes(tree.resolve("usr/lib/os-release"));
    assertThat(scan.keptContent(image(TestTree.RELATIVE_SYMLINK)))
        .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(shell));
    assertThat(scan.keptContent(image(TestTree.ABSOLUTE_SYMLINK)))
        .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(shell));
    assertThat(scan.keptContent(image(TestTree.PARENT_SYMLINK)))
        .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(osRelease));
    assertThat(scan.keptContent(image(TestTree.DANGLING_SYMLINK))).isEmpty();
  }

  private static ImagePath image(String relative) {
    return ImagePath.of("/" + relative);
  }
}
