package org.baseimg.sbom.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.baseimg.internal.Json;
import org.baseimg.sbom.SbomInput;

/** Writes the SPDX 2.3 JSON document of an image. */
public final class SpdxWriter {
  private static final String NOASSERTION = "NOASSERTION";
  private static final String DOCUMENT = "SPDXRef-DOCUMENT";
  private static final String ARTIFACT = "SPDXRef-Artifact";
  private static final String KERNEL = "SPDXRef-Kernel";

  private SpdxWriter() {}

  /** The document as JSON text, the same bytes for the same input. */
  public static String write(SbomInput input) {
    return Json.write(document(SortedInput.of(input)));
  }

  private static SpdxDocument document(SortedInput sorted) {
    SbomInput input = sorted.input();
    List<SpdxDocument.Package> packages = new ArrayList<>();
    List<SpdxDocument.Relationship> relationships = new ArrayList<>();
    relationships.add(relationship(DOCUMENT, "DESCRIBES", ARTIFACT, null));
    packages.add(
        unlicensed(
            ARTIFACT,
            input.artifactFile(),
            null,
            input.artifactFile(),
            sha256(input.artifactSha256()),
            null,
            sorted.description(),
            "FILE"));

    // Each LicenseRef the packages use: the Debian name it stands for and the packages using it.
    SortedMap<String, String> refNames = new TreeMap<>();
    SortedMap<String, SortedSet<String>> refUsers = new TreeMap<>();
    for (SbomInput.Package p : sorted.packages()) {
      String id = "SPDXRef-deb-" + debId(p);
      PackageLicenses.Declared declared = PackageLicenses.spdxDeclared(p.licenses());
      declared
          .refs()
          .forEach(
              (ref, name) -> {
                refNames.putIfAbsent(ref, name);
                refUsers.computeIfAbsent(ref, r -> new TreeSet<>()).add(p.name());
              });
      packages.add(
          new SpdxDocument.Package(
              id,
              p.name(),
              p.version(),
              null,
              NOASSERTION,
              false,
              null,
              "built from the Debian source package " + p.source() + " " + p.sourceVersion(),
              NOASSERTION,
              declared.expression(),
              p.licenses().isEmpty()
                  ? null
                  : "License fields of its Debian copyright file: "
                      + String.join("; ", p.licenses()),
              NOASSERTION,
              null,
              List.of(new SpdxDocument.ExternalRef("PACKAGE-MANAGER", "purl", sorted.purl(p))),
              null));
      relationships.add(relationship(ARTIFACT, "CONTAINS", id, null));
    }

    input
        .kernel()
        .ifPresent(
            kernel -> {
              packages.add(
                  unlicensed(
                      KERNEL,
                      "linux",
                      kernel.release(),
                      kernel.file(),
                      sha256(kernel.sha256()),
                      kernel.origin(),
                      null,
                      "OPERATING_SYSTEM"));
              relationships.add(
                  relationship(
                      ARTIFACT,
                      "DEPENDS_ON",
                      KERNEL,
                      "the kernel of the boot set, which boots the artifact; its modules are in"
                          + " the artifact"));
            });
    for (SbomInput.Module module : sorted.modules()) {
      String id = "SPDXRef-kmod-" + Identifiers.spdxIdPart(module.name());
      packages.add(
          unlicensed(
              id,
              module.name(),
              input.kernel().orElseThrow().release(),
              sorted.modulePath(module),
              null,
              null,
              null,
              null));
      relationships.add(relationship(ARTIFACT, "CONTAINS", id, null));
    }

    // SPDX 2.3 requires a SHA-1 of every File element, which the build does not compute (and
    // java-spdx-library's verify refuses a File without one); a package whose purpose is FILE, "a
    // single file", carries the path and SHA-256 alone. The artifact itself is one too.
    for (SbomInput.AddedFile file : sorted.files()) {
      String id = "SPDXRef-File-" + Identifiers.spdxIdPart(file.path().value());
      packages.add(
          unlicensed(
              id,
              file.path().value(),
              null,
              file.path().value(),
              sha256(file.sha256()),
              null,
              "added by the profile",
              "FILE"));
      relationships.add(relationship(ARTIFACT, "CONTAINS", id, null));
    }

    return new SpdxDocument(
        "SPDX-2.3",
        "CC0-1.0",
        DOCUMENT,
        input.imageName(),
        "https://spdx.org/spdxdocs/baseimg/"
            + Purl.encode(input.artifactFile())
            + "-"
            + Identifiers.nameBased("spdx:" + input.artifactSha256()),
        new SpdxDocument.CreationInfo(
            Identifiers.timestamp(input.epoch()), List.of("Tool: baseimg-" + input.toolVersion())),
        packages,
        refNames.isEmpty() ? null : extractedLicenses(refNames, refUsers),
        relationships);
  }

  /**
   * The licenses the document defines: each {@code LicenseRef-} a package's licenseDeclared uses,
   * named as Debian names it. Their texts are in the packages' copyright files, which the document
   * points at rather than copies.
   */
  private static List<SpdxDocument.ExtractedLicense> extractedLicenses(
      SortedMap<String, String> names, SortedMap<String, SortedSet<String>> users) {
    List<SpdxDocument.ExtractedLicense> licenses = new ArrayList<>();
    names.forEach(
        (ref, name) -> {
          String files =
              users.get(ref).stream()
                  .map(p -> "/usr/share/doc/" + p + "/copyright")
                  .collect(Collectors.joining(", "));
          String text =
              ref.equals(PackageLicenses.PUBLIC_DOMAIN_REF)
                  ? "Files that a Debian copyright file (DEP-5) lists with License: "
                      + PackageLicenses.PUBLIC_DOMAIN
                      + ", which says they are in the public domain; the file gives the"
                      + " details. Named so in: "
                      + files
                  : "A license that Debian copyright files (DEP-5) name \""
                      + name
                      + "\", which has no identifier on the SPDX license list; the copyright"
                      + " file gives its text or says where it is. Named so in: "
                      + files;
          licenses.add(new SpdxDocument.ExtractedLicense(ref, name, text));
        });
    return licenses;
  }

  /**
   * A Debian package's id: its name, then its architecture with {@code -} escaped, so that the last
   * {@code -} separates them ({@code libc6:arm64} and {@code libc6:amd64} are both in a multiarch
   * image).
   */
  private static String debId(SbomInput.Package p) {
    return Identifiers.spdxIdPart(p.name())
        + "-"
        + Identifiers.spdxIdPart(p.architecture()).replace("-", "X2D");
  }

  /**
   * A package whose licenses and copyright nobody read (the artifact, the kernel, a module, a
   * file): NOASSERTION for them and where it came from; its files are not listed.
   */
  private static SpdxDocument.Package unlicensed(
      String id,
      String name,
      String version,
      String fileName,
      List<SpdxDocument.Checksum> checksums,
      String sourceInfo,
      String description,
      String purpose) {
    return new SpdxDocument.Package(
        id,
        name,
        version,
        fileName,
        NOASSERTION,
        false,
        checksums,
        sourceInfo,
        NOASSERTION,
        NOASSERTION,
        null,
        NOASSERTION,
        description,
        null,
        purpose);
  }

  private static List<SpdxDocument.Checksum> sha256(String hex) {
    return List.of(new SpdxDocument.Checksum("SHA256", hex));
  }

  private static SpdxDocument.Relationship relationship(
      String from, String type, String to, String comment) {
    return new SpdxDocument.Relationship(from, type, to, comment);
  }
}
