package org.baseimg.oci;

import java.util.Optional;
import org.baseimg.initramfs.Compression;

/**
 * The media types and annotation keys of a boot set as an OCI artifact. The README's "Publishing to
 * a registry" section documents them for other tools; these constants are the single source.
 */
public final class BootSetMediaTypes {
  private BootSetMediaTypes() {}

  /** The manifest's {@code artifactType}: a baseimg boot set. */
  public static final String ARTIFACT_TYPE = "application/vnd.baseimg.bootset.v1";

  /** The OCI image manifest, version 1.1 conventions. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** The OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** The config of an artifact that has none: the two bytes {@code {}}, as OCI 1.1 says. */
  public static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";

  /** The initramfs: a newc cpio archive, compressed as the suffix says. */
  public static final String INITRAMFS = "application/vnd.baseimg.initramfs.cpio";

  /** The kernel image the boot loader starts (arm64 {@code Image}). */
  public static final String KERNEL = "application/vnd.baseimg.kernel.image";

  /** The kernel's {@code .config}. */
  public static final String KERNEL_CONFIG = "application/vnd.baseimg.kernel.config";

  /** The build manifest ({@code ARTIFACT.manifest.json}). */
  public static final String BUILD_MANIFEST = "application/vnd.baseimg.manifest.v1+json";

  /** The SPDX 2.3 SBOM, by its IANA-registered type. */
  public static final String SPDX = "application/spdx+json";

  /** The CycloneDX 1.6 SBOM, by its IANA-registered type. */
  public static final String CYCLONEDX = "application/vnd.cyclonedx+json";

  /** A layer's file name. */
  public static final String TITLE = "org.opencontainers.image.title";

  /** When the image was made: the build's SOURCE_DATE_EPOCH, RFC 3339 in UTC. */
  public static final String CREATED = "org.opencontainers.image.created";

  /** The source control revision the boot set was built from. */
  public static final String REVISION = "org.opencontainers.image.revision";

  /** Where the source is. */
  public static final String SOURCE = "org.opencontainers.image.source";

  /** The profile's name. */
  public static final String PROFILE = "org.baseimg.profile";

  /** The image's Debian architecture, e.g. {@code arm64}. */
  public static final String ARCH = "org.baseimg.arch";

  /** The Debian suite, e.g. {@code bookworm}. */
  public static final String SUITE = "org.baseimg.suite";

  /** The initramfs media type for a compression: {@code INITRAMFS} with {@code +zstd} etc. */
  public static String initramfs(Compression.Format format) {
    return switch (format) {
      case ZSTD -> INITRAMFS + "+zstd";
      case XZ -> INITRAMFS + "+xz";
      case GZIP -> INITRAMFS + "+gzip";
      case NONE -> INITRAMFS;
    };
  }

  /** The compression an initramfs media type names, empty when it is none of ours. */
  public static Optional<Compression.Format> initramfsCompression(String mediaType) {
    for (Compression.Format format : Compression.Format.values()) {
      if (initramfs(format).equals(mediaType)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
