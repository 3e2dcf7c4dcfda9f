package org.baseimg.debian.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.junit.jupiter.api.Test;

class KernelPackagesTest {
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);
  private static final String SHA_C = "c".repeat(64);

  /** Shaped like bookworm's main/binary-arm64/Packages, trimmed. */
  private static final String PACKAGES =
      """
      Package: busybox-static
      Version: 1:1.35.0-4+deb12u1+b1
      Architecture: arm64
      Filename: pool/main/b/busybox/busybox-static_1.35.0-4+deb12u1+b1_arm64.deb
      Size: 822236
      SHA256: %1$s

      Package: linux-image-6.1.0-47-arm64
      Source: linux-signed-arm64 (6.1.158+1)
      Version: 6.1.158-1
      Architecture: arm64
      Depends: kmod, linux-base (>= 4.3~), initramfs-tools (>= 0.120+deb8u2) | linux-initramfs-tool
      Description: Linux 6.1 for 64-bit ARMv8 machines (signed)
       The Linux kernel 6.1 and modules for use on ARMv8 machines.
       .
       Second paragraph.
      Filename: pool/main/l/linux-signed-arm64/linux-image-6.1.0-47-arm64_6.1.158-1_arm64.deb
      Size: 59000000
      SHA256: %2$s

      Package: linux-image-arm64
      Source: linux-signed-arm64 (6.1.176+1)
      Version: 6.1.176-1
      Architecture: arm64
      Provides: linux-image-generic, wireguard-modules (= 1.0.0)
      Depends: linux-image-6.1.0-50-arm64 (= 6.1.176-1)
      Filename: pool/main/l/linux-signed-arm64/linux-image-arm64_6.1.176-1_arm64.deb
      Size: 1444
      SHA256: %1$s

      Package: linux-image-6.1.0-50-arm64
      Version: 6.1.176-1
      Architecture: arm64
      Depends: kmod, linux-base (>= 4.3~), initramfs-tools (>= 0.120+deb8u2) | linux-initramfs-tool
      Filename: pool/main/l/linux-signed-arm64/linux-image-6.1.0-50-arm64_6.1.176-1_arm64.deb
      Size: 59515068
      SHA256: %3$s

      Package: linux-image-6.1.0-50-rt-arm64
      Version: 6.1.176-1
      Architecture: arm64
      Filename: pool/main/l/linux-signed-arm64/linux-image-6.1.0-50-rt-arm64_6.1.176-1_arm64.deb
      Size: 1
      SHA256: %1$s
      """
          .formatted(SHA_A, SHA_B, SHA_C);

  @Test
  void read_stanzasWithContinuationLines_keepsOnlyTheFilteredPackages() throws Exception {
    PackagesIndex index =
        PackagesIndex.parse(PACKAGES, name -> name.startsWith("linux-image-"), "test");

    assertThat(index.versions("busybox-static")).isEmpty();
    PackagesIndex.Entry entry = index.newest("linux-image-6.1.0-47-arm64").orElseThrow();
    assertThat(entry.version()).isEqualTo("6.1.158-1");
    assertThat(entry.size()).isEqualTo(59000000L);
    assertThat(entry.sha256()).isEqualTo(SHA_B);
    assertThat(entry.debFileName()).isEqualTo("linux-image-6.1.0-47-arm64_6.1.158-1_arm64.deb");
    assertThat(entry.depends()).hasSize(3);
    assertThat(entry.depends().get(2))
        .extracting(Relation::name)
        .containsExactly("initramfs-tools", "linux-initramfs-tool");
  }

  /** Found by PackagesIndexFuzzTest: an IllegalArgumentException escaped from a mirror's index. */
  @Test
  void read_dependsAlternativeWithoutPackageName_isRefusedNamingTheStanza() {
    String index =
        """
        Package: linux-image-arm64
        Version: 6.1.176-1
        Depends: kmod, (>= 4.3~) | linux-base
        Filename: pool/main/l/linux-signed-arm64/linux-image-arm64_6.1.176-1_arm64.deb
        Size: 1444
        SHA256: %s
        """
            .formatted(SHA_A);

    assertThatThrownBy(() -> PackagesIndex.parse(index, name -> true, "bookworm/main"))
        .isInstanceOf(BaseimgException.class)
        .hasMessage(
            "the Packages index bookworm/main is malformed: stanza of linux-image-arm64 at line 1"
                + " has a malformed Depends or Pre-Depends: relation '(>= 4.3~)' names no"
                + " package");
  }

  @Test
  void resolve_metapackage_followsDependsToTheExactVersionedPackage() throws Exception {
    PackagesIndex index =
        PackagesIndex.parse(PACKAGES, name -> name.startsWith("linux-image-"), "test");

    PackagesIndex.Entry kernel = KernelPackages.resolve(index, KernelPackages.metapackage("arm64"));

    assertThat(kernel.name()).isEqualTo("linux-image-6.1.0-50-arm64");
    assertThat(kernel.version()).isEqualTo("6.1.176-1");
    assertThat(kernel.sha256()).isEqualTo(SHA_C);
  }

  @Test
  void resolve_severalVersionsOfTheTarget_picksTheOneTheConstraintNames() throws Exception {
    String twoVersions =
        PACKAGES
            + """

            Package: linux-image-6.1.0-50-arm64
            Version: 6.1.177-1
            Architecture: arm64
            Filename: pool/main/l/linux-signed-arm64/linux-image-6.1.0-50-arm64_6.1.177-1_arm64.deb
            Size: 2
            SHA256: %s
            """
                .formatted(SHA_A);
    PackagesIndex index = PackagesIndex.parse(twoVersions, name -> true, "test");

    assertThat(index.newest("linux-image-6.1.0-50-arm64").orElseThrow().version())
        .isEqualTo("6.1.177-1");
    assertThat(KernelPackages.resolve(index, "linux-image-arm64").version()).isEqualTo("6.1.176-1");
  }

  @Test
  void resolve_targetMissingFromIndex_saysWhichDependencyIsMissing() throws Exception {
    String withoutTarget =
        PACKAGES.replace("Package: linux-image-6.1.0-50-arm64\n", "Package: something-else\n");
    PackagesIndex index = PackagesIndex.parse(withoutTarget, name -> true, "bookworm/main");

    assertThatThrownBy(() -> KernelPackages.resolve(index, "linux-image-arm64"))
        .isInstanceOf(BaseimgException.class)
        .hasMessageContaining(
            "linux-image-arm64 6.1.176-1 depends on linux-image-6.1.0-50-arm64 (= 6.1.176-1),"
                + " which the index bookworm/main does not have");
  }

  @Test
  void resolve_noMetapackage_saysSo() throws Exception {
    PackagesIndex index = PackagesIndex.parse(PACKAGES, name -> true, "bookworm/main/binary-amd64");

    assertThatThrownBy(() -> KernelPackages.resolve(index, "linux-image-amd64"))
        .hasMessage("the index bookworm/main/binary-amd64 has no package linux-image-amd64");
  }

  @Test
  void metapackage_knownAndUnknownArchitectures() throws Exception {
    assertThat(KernelPackages.metapackage("arm64")).isEqualTo("linux-image-arm64");
    assertThat(KernelPackages.metapackage("amd64")).isEqualTo("linux-image-amd64");
    assertThatThrownBy(() -> KernelPackages.metapackage("aarch64"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no stock Debian kernel is known for architecture 'aarch64'")
        .hasMessageContaining("amd64, arm64");
  }

  @Test
  void read_stanzaWithoutChecksum_isReportedWithItsLine() {
    String broken = "Package: linux-image-arm64\nVersion: 1\nFilename: x.deb\nSize: 3\n";

    assertThatThrownBy(() -> PackagesIndex.parse(broken, name -> true, "test"))
        .isInstanceOf(BaseimgException.class)
        .hasMessageContaining("linux-image-arm64 at line 1 lacks a valid");
  }

  @Test
  void relation_parseField_dropsQualifiersAndNormalisesOldOperators() throws Exception {
    assertThat(Relation.parseField("libc6:any (>= 2.34) [arm64] <!nocheck>, a (< 2) | b (>> 1)"))
        .containsExactly(
            java.util.List.of(new Relation("libc6", ">=", "2.34")),
            java.util.List.of(new Relation("a", "<=", "2"), new Relation("b", ">>", "1")));
    assertThat(new Relation("k", "=", "6.1.176-1").satisfiedBy("6.1.176-1")).isTrue();
    assertThat(new Relation("k", ">>", "6.1.176-1").satisfiedBy("6.1.176-1")).isFalse();
  }
}
