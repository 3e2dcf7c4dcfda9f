package org.baseimg.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.baseimg.sbom.internal.Dep5Licenses;
import org.baseimg.testing.SbomValidators;
import org.junit.jupiter.api.Test;
import org.spdx.library.LicenseInfoFactory;
import org.spdx.library.model.v2.SpdxDocument;
import org.spdx.library.model.v2.SpdxElement;

/**
 * Both documents read back and checked by their formats' own Java libraries through {@link
 * SbomValidators}: SPDX's java-spdx-library (with spdx-jackson-store for JSON) and its {@code
 * verify}, CycloneDX's cyclonedx-core-java and its {@code validate} for 1.6.
 */
class SbomLibrariesTest {

  @Test
  void spdx_javaSpdxLibraryVerifies_withAndWithoutKernelAndFiles() throws Exception {
    for (SbomInput input : List.of(TestInputs.full(), TestInputs.small())) {
      String json = Sboms.spdx(input);
      SpdxDocument document = SbomValidators.readSpdx(json);

      assertThat(SbomValidators.spdxLibrary(json)).isEmpty();
      Collection<SpdxElement> described = document.getDocumentDescribes();
      assertThat(described).hasSize(1);
      assertThat(described.iterator().next().getName()).contains(input.artifactFile());
    }
  }

  @Test
  void spdx_javaSpdxLibrary_refusesAnUndefinedLicenseRef() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode document = (ObjectNode) mapper.readTree(Sboms.spdx(TestInputs.full()));
    document.remove("hasExtractedLicensingInfos");

    assertThat(SbomValidators.spdxLibrary(mapper.writeValueAsString(document))).isNotEmpty();
  }

  @Test
  void licenseTable_everySpdxIdIsOnTheSpdxAndCycloneDxLicenseLists() throws Exception {
    JsonNode cycloneDxList =
        new ObjectMapper().readTree(SbomValidators.schemaText("spdx.schema.json")).get("enum");
    Set<String> cycloneDxIds = new HashSet<>();
    cycloneDxList.forEach(id -> cycloneDxIds.add(id.asText()));

    assertThat(Dep5Licenses.licenseIds()).hasSizeGreaterThan(50);
    for (String id : Dep5Licenses.licenseIds()) {
      assertThat(LicenseInfoFactory.isSpdxListedLicenseId(id)).as(id).isTrue();
      assertThat(cycloneDxIds).as(id).contains(id);
    }
    for (String id : Dep5Licenses.exceptionIds()) {
      assertThat(LicenseInfoFactory.isSpdxListedExceptionId(id)).as(id).isTrue();
      assertThat(cycloneDxIds).as(id).contains(id);
    }
  }

  // --- CycloneDX ---

  @Test
  void cycloneDx_cycloneDxCoreJavaValidates16_withAndWithoutKernelAndFiles() throws Exception {
    for (SbomInput input : List.of(TestInputs.full(), TestInputs.small())) {
      assertThat(SbomValidators.cycloneDxLibrary(Sboms.cycloneDx(input))).isEmpty();
    }
  }

  @Test
  void cycloneDx_cycloneDxCoreJavaParsesEveryPackageWithItsPurl() throws Exception {
    List<String> components =
        SbomValidators.cycloneDxComponents(Sboms.cycloneDx(TestInputs.full()));

    assertThat(components)
        .contains(
            "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=arm64&distro=debian-12"
                + " pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=arm64&distro=debian-12",
            "kernel", "file:/init")
        .hasSize(8 + 1 + 2 + 2);
  }

  @Test
  void cycloneDx_cycloneDxCoreJava_refusesABrokenBom() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode bom = (ObjectNode) mapper.readTree(Sboms.cycloneDx(TestInputs.full()));
    bom.put("serialNumber", "not-a-urn");

    assertThat(SbomValidators.cycloneDxLibrary(mapper.writeValueAsString(bom))).isNotEmpty();
  }
}
