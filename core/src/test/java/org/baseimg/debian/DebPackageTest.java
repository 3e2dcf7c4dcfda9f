package org.baseimg.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;
import org.baseimg.BadInputException;
import org.baseimg.debian.internal.KernelPackages;
import org.baseimg.internal.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DebPackageTest {
  private static final byte[] KERNEL = "not really a kernel\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BUSYBOX = "#!busybox\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path directory;

  @ParameterizedTest
  @ValueSource(strings = {"data.tar.xz", "data.tar.zst", "data.tar.gz", "data.tar"})
  void extract_kernelImagePattern_findsBootVmlinuzInAnyCompression(String dataMember)
      throws Exception {
    DebPackage deb = tinyDeb(dataMember);
    Path target = directory.resolve("vmlinuz");

    deb.extract(KernelPackages.IMAGE_MEMBER, "boot/vmlinuz-*", target);

    assertThat(target).hasBinaryContent(KERNEL);
  }

  @Test
  void extract_exactPathWithOrWithoutDotSlash_keepsPermissionBits() throws Exception {
    DebPackage deb = tinyDeb("data.tar.xz");
    Path first = directory.resolve("busybox1");
    Path second = directory.resolve("busybox2");

    deb.extract("./bin/busybox", first);
    deb.extract("/bin/busybox", second);

    assertThat(first).hasBinaryContent(BUSYBOX);
    assertThat(second).hasBinaryContent(BUSYBOX);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void extract_missingFile_namesWhatIsMissingAndLeavesNoTarget() throws Exception {
    DebPackage deb = tinyDeb("data.tar.xz");
    Path target = directory.resolve("nothing");

    assertThatThrownBy(() -> deb.extract("usr/bin/nothing", target))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("tiny 1.0")
        .hasMessageContaining("the package has no regular file usr/bin/nothing");
    assertThat(target).doesNotExist();
    try (var listing = Files.list(directory)) {
      assertThat(listing.map(path -> path.getFileName().toString()))
          .containsExactly("tiny_1.0_arm64.deb");
    }
  }

  @Test
  void extract_symlink_isNotFollowedAndSaysWhereItPoints() throws Exception {
    DebPackage deb = tinyDeb("data.tar.xz");

    assertThatThrownBy(() -> deb.extract("bin/sh", directory.resolve("sh")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("only links or special files: [bin/sh -> busybox]");
  }

  @Test
  void extract_notADeb_saysSo() throws Exception {
    Path file = directory.resolve("x.deb");
    Files.writeString(
        file, "!<arch>\nhello/          0           0     0     644     0         `\n");
    DebPackage deb = new DebPackage(file, "x", "1", "all", Hashing.sha256(file));

    assertThatThrownBy(() -> deb.extract("a", directory.resolve("a")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("not a Debian package");
  }

  @Test
  void extract_unknownDataCompression_namesTheMember() throws Exception {
    DebPackage deb = tinyDeb("data.tar.lz");

    assertThatThrownBy(() -> deb.extract("bin/busybox", directory.resolve("b")))
        .hasMessageContaining("data.tar.lz has an unknown compression");
  }

  /** A Debian package as dpkg-deb builds it: ar of debian-binary, control.tar.xz, data.tar.*. */
  private DebPackage tinyDeb(String dataMember) throws IOException {
    Path file = directory.resolve("tiny_1.0_arm64.deb");
    TestDebs.write(
        file,
        dataMember,
        List.of(
            TestDebs.Entry.directory("./"),
            TestDebs.Entry.directory("./bin/"),
            TestDebs.Entry.directory("./boot/"),
            TestDebs.Entry.file("./bin/busybox", 0755, BUSYBOX),
            TestDebs.Entry.symlink("./bin/sh", "busybox"),
            TestDebs.Entry.file("./boot/config-test", "CONFIG_X=y\n"),
            TestDebs.Entry.file("./boot/vmlinuz-test", 0644, KERNEL)));
    return new DebPackage(file, "tiny", "1.0", "arm64", Hashing.sha256(file));
  }

  @Test
  void imageMember_matchesVmlinuzAndVmlinuxButNotOtherBootFiles() {
    Pattern pattern = KernelPackages.IMAGE_MEMBER;
    assertThat(pattern.matcher("boot/vmlinuz-6.1.0-50-arm64").matches()).isTrue();
    assertThat(pattern.matcher("boot/vmlinux-6.1.0-50-powerpc64le").matches()).isTrue();
    assertThat(pattern.matcher("boot/config-6.1.0-50-arm64").matches()).isFalse();
    assertThat(pattern.matcher("usr/lib/linux/boot/vmlinuz-x").matches()).isFalse();
  }
}
