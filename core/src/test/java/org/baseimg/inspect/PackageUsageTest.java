package org.baseimg.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.baseimg.event.EventListener;
import org.baseimg.fs.FileType;
import org.baseimg.initramfs.Compression;
import org.baseimg.initramfs.InitramfsFormatException;
import org.baseimg.initramfs.InitramfsListing;
import org.baseimg.initramfs.InitramfsReader;
import org.baseimg.initramfs.InitramfsWriter;
import org.baseimg.initramfs.PackOptions;
import org.baseimg.initramfs.RootfsSource;
import org.baseimg.testing.DpkgImageTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageUsageTest {
  @TempDir Path temp;

  static Path pack(Path tree, Path archive) throws Exception {
    PackOptions options =
        PackOptions.defaults().withCompression(Compression.none()).withEpoch(1_700_000_000L);
    InitramfsWriter.create(options, EventListener.NONE)
        .write(RootfsSource.directory(tree), archive);
    return archive;
  }

  /** A usr-merged tree of three packages, a hard-linked pair, an overlay file and an empty one. */
  private Path image() throws Exception {
    Path tree =
        DpkgImageTree.builder()
            .usrMerged()
            .installMultiArchSame(
                "libc6",
                "2.36-9",
                Map.of(
                    "/lib/aarch64-linux-gnu/libc.so.6",
                    "c".repeat(5000),
                    "/usr/share/doc/libc6/copyright",
                    "GPL"))
            .install(
                "coreutils",
                "9.1-1",
                Map.of("/bin/ls", "l".repeat(300), "/usr/bin/[", "t".repeat(100)))
            .install("base-files", "12.4+deb12u5", "all", Map.of("/etc/debian_version", "12.4\n"))
            .install("usr-is-merged", "37~deb12u1", "all", Map.of())
            .file("/etc/hostname", "edge\n")
            .file("/etc/salt/minion.d/overlay.conf", "master: salt\n")
            .build(temp.resolve("tree"));
    // test shares its data with [ : one group, its 100 bytes counted once.
    Files.createLink(tree.resolve("usr/bin/test"), tree.resolve("usr/bin/["));
    Files.writeString(
        tree.resolve("var/lib/dpkg/info/coreutils.list"),
        "/usr/bin/test\n",
        StandardOpenOption.APPEND);
    return pack(tree, temp.resolve("image.cpio"));
  }

  @Test
  void of_usrMergedImage_creditsListedPathsThroughTheArchivesSymlinks() throws Exception {
    PackageUsage usage = PackageUsage.of(image());

    assertThat(usage.packages())
        .extracting(PackageUsage.Share::name)
        .containsExactly("libc6:arm64", "coreutils", "base-files", "usr-is-merged");
    assertThat(usage.packages().get(0))
        .isEqualTo(new PackageUsage.Share("libc6:arm64", "2.36-9", 2, 5003));
    // /bin/ls is usr/bin/ls behind bin -> usr/bin; [ and test share one inode.
    assertThat(usage.packages().get(1))
        .isEqualTo(new PackageUsage.Share("coreutils", "9.1-1", 3, 400));
    assertThat(usage.packages().get(3))
        .isEqualTo(new PackageUsage.Share("usr-is-merged", "37~deb12u1", 0, 0));
    assertThat(usage.noPackage().name()).isEqualTo(PackageUsage.NO_PACKAGE);
    assertThat(usage.noPackagePaths())
        .contains(
            "/bin",
            "/lib",
            "/etc/hostname",
            "/etc/salt/minion.d/overlay.conf",
            "/var/lib/dpkg/status",
            "/var/lib/dpkg/info/coreutils.list")
        .doesNotContain("/usr/bin/ls", "/usr/lib/aarch64-linux-gnu/libc.so.6");
  }

  @Test
  void of_anyImage_bytesAndFilesAddUpToTheArchives() throws Exception {
    Path archive = image();
    PackageUsage usage = PackageUsage.of(archive);

    InitramfsListing listing = InitramfsReader.read(archive);
    long regularBytes =
        listing.entries().stream()
            .filter(entry -> entry.mode().type() == FileType.REGULAR)
            .mapToLong(InitramfsListing.Entry::size)
            .sum();
    long files =
        listing.entries().stream()
            .filter(entry -> entry.mode().type() != FileType.DIRECTORY)
            .count();
    assertThat(usage.regularFileBytes()).isEqualTo(regularBytes);
    assertThat(usage.files()).isEqualTo(files);
    assertThat(
            usage.packages().stream().mapToLong(PackageUsage.Share::bytes).sum()
                + usage.noPackage().bytes())
        .isEqualTo(regularBytes);
    assertThat(
            usage.packages().stream().mapToLong(PackageUsage.Share::files).sum()
                + usage.noPackage().files())
        .isEqualTo(files);
    assertThat(usage.noPackagePaths()).hasSize(usage.noPackage().files());
  }

  @Test
  void of_divertedPath_isTheDivertingPackagesAndTheOtherFileWhereTheDiversionSendsIt()
      throws Exception {
    Path tree =
        DpkgImageTree.builder()
            .install("dash", "0.5.12-2", Map.of("/usr/bin/sh", "d".repeat(10)))
            .install("sh-shim", "1", Map.of("/usr/bin/sh.distrib", "s".repeat(20)))
            .build(temp.resolve("tree"));
    // sh-shim ships /usr/bin/sh, diverted by dash to /usr/bin/sh.distrib.
    Path list = tree.resolve("var/lib/dpkg/info/sh-shim.list");
    Files.writeString(list, Files.readString(list).replace("sh.distrib", "sh"));
    Files.writeString(
        tree.resolve("var/lib/dpkg/diversions"),
        "/usr/bin/sh\n/usr/bin/sh.distrib\ndash\n",
        StandardCharsets.UTF_8);

    PackageUsage usage = PackageUsage.of(pack(tree, temp.resolve("image.cpio")));

    assertThat(usage.packages())
        .containsExactly(
            new PackageUsage.Share("sh-shim", "1", 1, 20),
            new PackageUsage.Share("dash", "0.5.12-2", 1, 10));
  }

  @Test
  void of_listedPathThroughASymlinkLoop_ownsNothing() throws Exception {
    Path tree =
        DpkgImageTree.builder()
            .install("looped", "1", Map.of("/opt/real", "r"))
            .build(temp.resolve("tree"));
    Files.createSymbolicLink(tree.resolve("loop"), Path.of("loop"));
    Files.writeString(
        tree.resolve("var/lib/dpkg/info/looped.list"), "/loop/x\n", StandardOpenOption.APPEND);

    PackageUsage usage = PackageUsage.of(pack(tree, temp.resolve("image.cpio")));

    assertThat(usage.packages()).containsExactly(new PackageUsage.Share("looped", "1", 1, 1));
    assertThat(usage.noPackagePaths()).contains("/loop");
  }

  @Test
  void of_imageWithoutDpkg_isAllNoPackage() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("tree/etc"));
    Files.writeString(tree.resolve("motd"), "hello");
    PackageUsage usage = PackageUsage.of(pack(tree.getParent(), temp.resolve("image.cpio")));
    assertThat(usage.packages()).isEmpty();
    assertThat(usage.noPackage().bytes()).isEqualTo(usage.regularFileBytes());
  }

  @Test
  void of_notAnInitramfs_isAFormatException() throws Exception {
    Path text = Files.writeString(temp.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> PackageUsage.of(text))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("unknown data at offset 0");
  }

  @Test
  void toJson_holdsTheShares() throws Exception {
    String json = PackageUsage.of(image()).toJson();
    assertThat(json)
        .contains("\"name\": \"libc6:arm64\"")
        .contains("\"noPackage\": {")
        .endsWith("}\n");
  }
}
