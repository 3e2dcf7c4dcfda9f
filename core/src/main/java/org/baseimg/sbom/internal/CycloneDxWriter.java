package org.baseimg.sbom.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.baseimg.internal.Json;
import org.baseimg.sbom.SbomInput;

/** Writes the CycloneDX 1.6 JSON BOM of an image. */
public final class CycloneDxWriter {
  private static final String ARTIFACT = "artifact";
  private static final String KERNEL = "kernel";

  private CycloneDxWriter() {}

  /** The BOM as JSON text, the same bytes for the same input. */
  public static String write(SbomInput input) {
    return Json.write(document(SortedInput.of(input)));
  }

  private static CycloneDxDocument document(SortedInput sorted) {
    SbomInput input = sorted.input();
    List<CycloneDxDocument.Property> artifactProperties = new ArrayList<>();
    artifactProperties.add(property("baseimg:arch", input.arch()));
    input
        .debianVersion()
        .ifPresent(version -> artifactProperties.add(property("baseimg:debian-version", version)));
    artifactProperties.add(property("baseimg:image", input.imageName()));
    artifactProperties.add(property("baseimg:suite", input.suite()));
    CycloneDxDocument.Component artifact =
        new CycloneDxDocument.Component(
            "file",
            ARTIFACT,
            input.artifactFile(),
            null,
            sorted.description(),
            sha256(input.artifactSha256()),
            null,
            null,
            artifactProperties);
    CycloneDxDocument.Component tool =
        new CycloneDxDocument.Component(
            "application", null, "baseimg", input.toolVersion(), null, null, null, null, null);

    List<CycloneDxDocument.Component> components = new ArrayList<>();
    for (SbomInput.Package p : sorted.packages()) {
      String purl = sorted.purl(p);
      List<CycloneDxDocument.LicenseChoice> licenses = PackageLicenses.cycloneDx(p.licenses());
      components.add(
          new CycloneDxDocument.Component(
              "library",
              purl,
              p.name(),
              p.version(),
              null,
              null,
              licenses.isEmpty() ? null : licenses,
              purl,
              List.of(
                  property("baseimg:deb:source", p.source()),
                  property("baseimg:deb:source-version", p.sourceVersion()))));
    }
    Optional<SbomInput.Kernel> kernel = input.kernel();
    kernel.ifPresent(
        k ->
            components.add(
                new CycloneDxDocument.Component(
                    "operating-system",
                    KERNEL,
                    "linux",
                    k.release(),
                    null,
                    sha256(k.sha256()),
                    null,
                    null,
                    List.of(
                        property("baseimg:kernel:file", k.file()),
                        property("baseimg:kernel:origin", k.origin())))));
    for (SbomInput.Module module : sorted.modules()) {
      components.add(
          new CycloneDxDocument.Component(
              "library",
              "kernel-module:" + module.name(),
              module.name(),
              kernel.orElseThrow().release(),
              null,
              null,
              null,
              null,
              List.of(property("baseimg:kernel-module:path", sorted.modulePath(module)))));
    }
    for (SbomInput.AddedFile file : sorted.files()) {
      components.add(
          new CycloneDxDocument.Component(
              "file",
              "file:" + file.path().value(),
              file.path().value(),
              null,
              null,
              sha256(file.sha256()),
              null,
              null,
              null));
    }

    return new CycloneDxDocument(
        "CycloneDX",
        "1.6",
        "urn:uuid:" + Identifiers.nameBased("cyclonedx:" + input.artifactSha256()),
        1,
        new CycloneDxDocument.Metadata(
            Identifiers.timestamp(input.epoch()),
            new CycloneDxDocument.Tools(List.of(tool)),
            artifact),
        components,
        // The kernel boots the artifact and its modules are in it; the SPDX document says the
        // same with DEPENDS_ON.
        kernel.isPresent()
            ? List.of(new CycloneDxDocument.Dependency(ARTIFACT, List.of(KERNEL)))
            : null);
  }

  private static List<CycloneDxDocument.Hash> sha256(String hex) {
    return List.of(new CycloneDxDocument.Hash("SHA-256", hex));
  }

  private static CycloneDxDocument.Property property(String name, String value) {
    return new CycloneDxDocument.Property(name, value);
  }
}
