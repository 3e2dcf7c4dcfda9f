package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.PackageURL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.baseimg.builder.Manifest;
import org.baseimg.sbom.Sboms;
import org.baseimg.testing.NativeTools;
import org.baseimg.testing.SbomValidators;

/**
 * What a real build's SBOMs must hold, checked from outside: both files beside the artifact, valid
 * by both formats' schemas and libraries, the SPDX document describing the artifact with the
 * SHA-256 that {@code sha256sum} computes, and every package of the manifest there with its purl
 * (read by the purl project's parser).
 */
final class SbomAssertions {
  private SbomAssertions() {}

  /** The SPDX document beside {@code artifact}, read as JSON, after all the checks. */
  static JsonNode assertSbomsOf(Path artifact) throws Exception {
    Path spdxFile = Sboms.spdxBesides(artifact);
    Path cdxFile = Sboms.cycloneDxBesides(artifact);
    assertThat(spdxFile).isRegularFile();
    assertThat(cdxFile).isRegularFile();
    String spdxJson = Files.readString(spdxFile);
    String cdxJson = Files.readString(cdxFile);
    assertThat(SbomValidators.spdxSchema(spdxJson)).as("SPDX 2.3 schema").isEmpty();
    assertThat(SbomValidators.spdxLibrary(spdxJson)).as("java-spdx-library verify").isEmpty();
    assertThat(SbomValidators.cycloneDxSchema(cdxJson)).as("CycloneDX 1.6 schema").isEmpty();
    assertThat(SbomValidators.cycloneDxLibrary(cdxJson)).as("cyclonedx-core-java").isEmpty();

    ObjectMapper mapper = new ObjectMapper();
    JsonNode spdx = mapper.readTree(spdxJson);
    Map<String, JsonNode> byId = new HashMap<>();
    spdx.get("packages").forEach(p -> byId.put(p.get("SPDXID").asText(), p));
    List<String> described = new ArrayList<>();
    for (JsonNode relationship : spdx.get("relationships")) {
      if (relationship.get("spdxElementId").asText().equals("SPDXRef-DOCUMENT")
          && relationship.get("relationshipType").asText().equals("DESCRIBES")) {
        described.add(relationship.get("relatedSpdxElement").asText());
      }
    }
    assertThat(described).hasSize(1);
    JsonNode artifactPackage = byId.get(described.get(0));
    String sha256sum =
        NativeTools.run(List.of("sha256sum", artifact.toString())).stdout().split(" ")[0];
    assertThat(artifactPackage.get("packageFileName").asText())
        .isEqualTo(artifact.getFileName().toString());
    assertThat(artifactPackage.get("checksums"))
        .singleElement()
        .satisfies(
            checksum -> {
              assertThat(checksum.get("algorithm").asText()).isEqualTo("SHA256");
              assertThat(checksum.get("checksumValue").asText()).isEqualTo(sha256sum);
            });

    // Every package of the manifest, by name, version and purl; and no other Debian package.
    Manifest manifest = Manifest.read(Manifest.besides(artifact));
    Map<String, JsonNode> debs = new HashMap<>();
    for (JsonNode p : spdx.get("packages")) {
      for (JsonNode ref : p.path("externalRefs")) {
        if (ref.get("referenceType").asText().equals("purl")) {
          PackageURL purl = new PackageURL(ref.get("referenceLocator").asText());
          debs.put(purl.getName() + ":" + purl.getQualifiers().get("arch"), p);
          assertThat(purl.getType()).isEqualTo("deb");
          assertThat(purl.getNamespace()).isEqualTo("debian");
          assertThat(purl.getName()).isEqualTo(p.get("name").asText());
          assertThat(purl.getVersion()).isEqualTo(p.get("versionInfo").asText());
          assertThat(purl.getQualifiers()).containsEntry("distro", "debian-12");
        }
      }
    }
    assertThat(manifest.packages()).hasSizeGreaterThan(50);
    for (Manifest.Package p : manifest.packages()) {
      JsonNode deb = debs.get(p.name() + ":" + p.architecture());
      assertThat(deb).as("SPDX package of %s %s", p.name(), p.version()).isNotNull();
      assertThat(deb.get("name").asText()).isEqualTo(p.name());
      assertThat(deb.get("versionInfo").asText()).isEqualTo(p.version());
    }
    assertThat(debs).hasSameSizeAs(manifest.packages());

    // The CycloneDX BOM carries the same purls.
    List<String> spdxPurls = new ArrayList<>();
    for (JsonNode p : spdx.get("packages")) {
      p.path("externalRefs").forEach(ref -> spdxPurls.add(ref.get("referenceLocator").asText()));
    }
    List<String> cdxPurls = new ArrayList<>();
    mapper
        .readTree(cdxJson)
        .get("components")
        .forEach(c -> c.path("purl").asText().lines().forEach(cdxPurls::add));
    assertThat(cdxPurls).containsExactlyInAnyOrderElementsOf(spdxPurls);
    return spdx;
  }

  /** Both SBOMs of {@code artifact} have the bytes of those of {@code reference}. */
  static void assertSameSboms(Path artifact, Path reference) throws Exception {
    assertThat(Files.readAllBytes(Sboms.spdxBesides(artifact)))
        .as("SPDX document of a rebuild")
        .isEqualTo(Files.readAllBytes(Sboms.spdxBesides(reference)));
    assertThat(Files.readAllBytes(Sboms.cycloneDxBesides(artifact)))
        .as("CycloneDX BOM of a rebuild")
        .isEqualTo(Files.readAllBytes(Sboms.cycloneDxBesides(reference)));
  }
}
