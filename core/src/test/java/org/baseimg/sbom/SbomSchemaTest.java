package org.baseimg.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.baseimg.testing.SbomValidators;
import org.junit.jupiter.api.Test;

/**
 * Both documents against their formats' official JSON Schemas (copied from the specifications into
 * the test fixtures), applied by networknt's validator through {@link SbomValidators}.
 */
class SbomSchemaTest {
  @Test
  void spdx_validatesAgainstSpdx23Schema_withAndWithoutKernelAndFiles() {
    for (SbomInput input : List.of(TestInputs.full(), TestInputs.small())) {
      String json = Sboms.spdx(input);

      assertThat(SbomValidators.spdxSchema(json)).as(json).isEmpty();
    }
  }

  @Test
  void cycloneDx_validatesAgainstCycloneDx16Schema_withAndWithoutKernelAndFiles() {
    for (SbomInput input : List.of(TestInputs.full(), TestInputs.small())) {
      String json = Sboms.cycloneDx(input);

      assertThat(SbomValidators.cycloneDxSchema(json)).as(json).isEmpty();
    }
  }

  @Test
  void schemas_refuseBrokenDocuments() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode spdx = (ObjectNode) mapper.readTree(Sboms.spdx(TestInputs.full()));
    ((ObjectNode) spdx.get("packages").get(1)).remove("downloadLocation");
    ObjectNode cdx = (ObjectNode) mapper.readTree(Sboms.cycloneDx(TestInputs.full()));
    // Not an SPDX license id: the CycloneDX schema checks ids against the SPDX list.
    ((ObjectNode) cdx.get("components").get(0).get("licenses").get(0).get("license"))
        .put("id", "GPL-2+");

    assertThat(SbomValidators.spdxSchema(mapper.writeValueAsString(spdx))).isNotEmpty();
    assertThat(SbomValidators.cycloneDxSchema(mapper.writeValueAsString(cdx))).isNotEmpty();
  }
}
