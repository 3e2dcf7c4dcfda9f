package org.baseimg.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.baseimg.debian.DebianLicenses;
import org.baseimg.fs.ImagePath;

/** SBOM inputs as a build of a small bookworm image would fill them. */
final class TestInputs {
  private TestInputs() {}

  static final String ARTIFACT_SHA256 = "a".repeat(63) + "1";

  /** Licenses as DebianLicenses reads them from the copyright files in src/test/resources. */
  static List<String> licensesOf(String packageName) {
    try (InputStream in = TestInputs.class.getResourceAsStream("/sbom/copyright/" + packageName)) {
      return DebianLicenses.read(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<SbomInput.Package> packages() {
    return List.of(
        new SbomInput.Package("dash", "0.5.12-2", "arm64", "dash", "0.5.12-2", licensesOf("dash")),
        new SbomInput.Package(
            "zlib1g", "1:1.2.13.dfsg-1", "arm64", "zlib", "1:1.2.13.dfsg-1", licensesOf("zlib1g")),
        new SbomInput.Package(
            "tzdata", "2024a-0+deb12u1", "all", "tzdata", "2024a-0+deb12u1", licensesOf("tzdata")),
        new SbomInput.Package(
            "perl-base",
            "5.36.0-7+deb12u1",
            "arm64",
            "perl",
            "5.36.0-7+deb12u1",
            licensesOf("perl-base")),
        new SbomInput.Package(
            "libc6", "2.36-9+deb12u7", "arm64", "glibc", "2.36-9+deb12u7", licensesOf("libc6")),
        new SbomInput.Package(
            "libc6", "2.36-9+deb12u7", "amd64", "glibc", "2.36-9+deb12u7", licensesOf("libc6")),
        new SbomInput.Package("libstdc++6", "12.2.0-14", "arm64", "gcc-12", "12.2.0-14", List.of()),
        new SbomInput.Package(
            "libgcc-s1",
            "12.2.0-14",
            "arm64",
            "gcc-12",
            "12.2.0-14",
            List.of("GPL-3+ with GCC-exception-3.1 exception")));
  }

  static SbomInput.Kernel kernel() {
    return new SbomInput.Kernel(
        "edge-arm64.Image",
        "c".repeat(64),
        "6.1.0-50-cloud-arm64",
        "linux-image-6.1.0-50-cloud-arm64 6.1.176-1",
        List.of(
            new SbomInput.Module("virtio_net", "kernel/drivers/net/virtio_net.ko"),
            new SbomInput.Module("net_failover", "kernel/drivers/net/net_failover.ko")));
  }

  static List<SbomInput.AddedFile> files() {
    return List.of(
        new SbomInput.AddedFile(ImagePath.of("/init"), "d".repeat(64)),
        new SbomInput.AddedFile(ImagePath.of("/etc/salt/minion"), "e".repeat(64)));
  }

  static SbomInput withPackages(List<SbomInput.Package> packages) {
    return new SbomInput(
        "edge-arm64.cpio.zst",
        ARTIFACT_SHA256,
        "edge-arm64",
        "arm64",
        "bookworm",
        Optional.of("12.8"),
        1_700_000_000L,
        packages,
        Optional.of(kernel()),
        files(),
        "0.1.0-SNAPSHOT");
  }

  /** A whole image: packages, kernel, modules, added files. */
  static SbomInput full() {
    return withPackages(packages());
  }

  /** The least an image has: two packages, no kernel, no added file. */
  static SbomInput small() {
    return new SbomInput(
        "base-arm64.cpio.zst",
        "b".repeat(64),
        "base-arm64",
        "arm64",
        "bookworm",
        Optional.empty(),
        1_700_000_000L,
        packages().subList(0, 2),
        Optional.empty(),
        List.of(),
        "0.1.0-SNAPSHOT");
  }
}
