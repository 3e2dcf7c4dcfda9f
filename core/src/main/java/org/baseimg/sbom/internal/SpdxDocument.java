package org.baseimg.sbom.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An SPDX 2.3 document as its JSON serialization has it, keys in the order given here. A null
 * component is left out of the JSON.
 */
record SpdxDocument(
    String spdxVersion,
    String dataLicense,
    @JsonProperty("SPDXID") String spdxId,
    String name,
    String documentNamespace,
    CreationInfo creationInfo,
    List<Package> packages,
    List<ExtractedLicense> hasExtractedLicensingInfos,
    List<Relationship> relationships) {

  /** Who made the document, and when. */
  record CreationInfo(String created, List<String> creators) {}

  /** A package: the artifact, a Debian package, the kernel, a kernel module or an added file. */
  record Package(
      @JsonProperty("SPDXID") String spdxId,
      String name,
      String versionInfo,
      String packageFileName,
      String downloadLocation,
      boolean filesAnalyzed,
      List<Checksum> checksums,
      String sourceInfo,
      String licenseConcluded,
      String licenseDeclared,
      String licenseComments,
      String copyrightText,
      String description,
      List<ExternalRef> externalRefs,
      String primaryPackagePurpose) {}

  /** A checksum: {@code SHA256} and lower-case hex. */
  record Checksum(String algorithm, String checksumValue) {}

  /** A reference to something outside the document, such as a purl. */
  record ExternalRef(String referenceCategory, String referenceType, String referenceLocator) {}

  /** A license the document defines itself ({@code LicenseRef-...}). */
  record ExtractedLicense(String licenseId, String name, String extractedText) {}

  /** How two elements relate. */
  record Relationship(
      String spdxElementId, String relationshipType, String relatedSpdxElement, String comment) {}
}
