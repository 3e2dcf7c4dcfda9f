package org.baseimg.sbom;

import java.nio.file.Path;
import org.baseimg.sbom.internal.CycloneDxWriter;
import org.baseimg.sbom.internal.SpdxWriter;

/**
 * The software bills of materials of a built image, in the two formats tools read: SPDX 2.3 and
 * CycloneDX 1.6, both JSON. Each lists every Debian package of the image (version, architecture,
 * source package, purl, the licenses its copyright file declares), the kernel and its modules when
 * the image has them, the files the profile added, and describes the artifact itself by file name
 * and SHA-256.
 *
 * <p>Same input, same bytes: identifiers derive from the artifact's SHA-256 (name-based UUIDs),
 * times from the build's epoch, lists are sorted and keys in a fixed order.
 *
 * <pre>{@code
 * Files.writeString(Sboms.spdxBesides(artifact), Sboms.spdx(input));
 * Files.writeString(Sboms.cycloneDxBesides(artifact), Sboms.cycloneDx(input));
 * }</pre>
 */
public final class Sboms {
  private Sboms() {}

  /** The SPDX 2.3 JSON document of {@code input}, with a final line break. */
  public static String spdx(SbomInput input) {
    return SpdxWriter.write(input);
  }

  /** The CycloneDX 1.6 JSON BOM of {@code input}, with a final line break. */
  public static String cycloneDx(SbomInput input) {
    return CycloneDxWriter.write(input);
  }

  /** The SPDX document's path next to {@code artifact}: {@code ARTIFACT.spdx.json}. */
  public static Path spdxBesides(Path artifact) {
    return artifact.resolveSibling(artifact.getFileName() + ".spdx.json");
  }

  /** The CycloneDX BOM's path next to {@code artifact}: {@code ARTIFACT.cdx.json}. */
  public static Path cycloneDxBesides(Path artifact) {
    return artifact.resolveSibling(artifact.getFileName() + ".cdx.json");
  }
}
