package org.baseimg.kernel;

import java.nio.file.Path;

/**
 * A stock Debian kernel image on the host, ready for {@code qemu -kernel}.
 *
 * @param image the kernel file: a plain {@code Image} on arm64, a {@code bzImage} on amd64
 * @param packageName the package it came from, e.g. {@code linux-image-6.1.0-50-arm64}
 * @param version that package's version, e.g. {@code 6.1.176-1}
 * @param sha256 the image file's SHA-256, lower-case hex
 */
public record Kernel(Path image, String packageName, String version, String sha256) {
  public Kernel {
    if (image == null || packageName == null || version == null) {
      throw new IllegalArgumentException("a kernel needs an image, a package name and a version");
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
    }
  }
}
