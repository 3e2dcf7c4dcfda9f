package org.baseimg.initramfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.baseimg.debian.DebianArchive;
import org.baseimg.debian.DebianKernel;
import org.baseimg.debian.DebianMirror;
import org.baseimg.event.EventListener;
import org.baseimg.kernel.Kernel;
import org.baseimg.qemu.BootResult;
import org.baseimg.qemu.QemuBoot;
import org.baseimg.testing.MinbaseTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The acceptance test of the writer: a real arm64 minbase tree ({@code debootstrap --arch=arm64
 * --variant=minbase bookworm}), packed with each compression, boots in qemu-system-aarch64 with
 * Debian's stock arm64 kernel to the marker the built-in /init prints, which reports aarch64.
 */
class MinbaseBootIT {
  private static Path tree;
  private static Kernel kernel;

  @TempDir Path temp;

  @BeforeAll
  static void prepare() throws Exception {
    tree = MinbaseTree.arm64Bookworm();
    DebianArchive archive =
        DebianArchive.create(
            DebianMirror.fromHost(),
            MinbaseTree.cacheDirectory().resolve("kernels"),
            EventListener.NONE);
    kernel = DebianKernel.online(archive).fetch("bookworm", "arm64");
  }

  @ParameterizedTest
  @EnumSource(Compression.Format.class)
  void minbaseTree_packedWithEachCompression_bootsToTheMarkerOnAarch64(Compression.Format format)
      throws Exception {
    Path initramfs = temp.resolve("initramfs" + format.suffix());
    PackResult packed =
        InitramfsWriter.create(
                PackOptions.defaults()
                    .withCompression(Compression.of(format))
                    .withEpoch(1_700_000_000L),
                EventListener.NONE)
            .write(RootfsSource.directory(tree), initramfs);
    assertThat(InitramfsReader.read(initramfs).problems()).isEmpty();
    if (format != Compression.Format.NONE) {
      // The kernel must take the independently compressed streams one after the other.
      assertThat(packed.segments()).as("compressed streams").isGreaterThan(1);
    }

    BootResult result =
        QemuBoot.create("arm64", EventListener.NONE)
            .withTimeout(Duration.ofSeconds(180))
            .boot(kernel.image(), initramfs);

    assertThat(result.markerSeen())
        .as("marker on the console; last lines:%n%s", String.join("\n", result.consoleTail()))
        .isTrue();
    assertThat(result.reportedArch()).contains("aarch64");
    System.out.printf(
        Locale.ROOT,
        "MinbaseBootIT: %s, %d bytes in %d segment(s), packed in %.1f s; marker after %.1f s%n",
        Compression.of(format),
        Files.size(initramfs),
        packed.segments(),
        packed.elapsed().toMillis() / 1000.0,
        result.timeToMarker().orElseThrow().toMillis() / 1000.0);
  }
}
