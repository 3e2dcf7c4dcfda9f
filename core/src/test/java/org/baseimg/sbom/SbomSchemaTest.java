package org.baseimg.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both documents against their formats' official JSON Schemas (copied from the specifications into
 * src/test/resources/sbom/schemas), applied by networknt's validator. Both schemas are draft-07;
 * CycloneDX's refers to two others by relative name, which resolve against its {@code $id} to ids
 * registered here, so nothing is fetched.
 */
class SbomSchemaTest {
  private static final String CYCLONEDX = "http://cyclonedx.org/schema/";

  private static final Schema SPDX_SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
          .getSchema(schemaText("spdx-2.3.schema.json"));

  private static final Schema CYCLONEDX_SCHEMA =
      SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_7,
              builder ->
                  builder.schemas(
                      Map.of(
                          CYCLONEDX + "spdx.schema.json",
                          schemaText("spdx.schema.json"),
                          CYCLONEDX + "jsf-0.82.schema.json",
                          schemaText("jsf-0.82.schema.json"),
                          CYCLONEDX + "bom-1.6.schema.json",
                          schemaText("bom-1.6.schema.json"))))
          .getSchema(SchemaLocation.of(CYCLONEDX + "bom-1.6.schema.json"));

  static String schemaText(String name) {
    try (InputStream in = SbomSchemaTest.class.getResourceAsStream("/sbom/schemas/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void spdx_validatesAgainstSpdx23Schema_withAndWithoutKernelAndFiles() {
    for (SbomInput input : List.of(TestInputs.full(), TestInputs.small())) {
      String json = Sboms.spdx(input);

      assertThat(SPDX_SCHEMA.validate(json, InputFormat.JSON)).as(json).isEmpty();
    }
  }

  @Test
  void cycloneDx_validatesAgainstCycloneDx16Schema_withAndWithoutKernelAndFiles() {
    for (SbomInput input : List.of(TestInputs.full(), TestInputs.small())) {
      String json = Sboms.cycloneDx(input);

      assertThat(CYCLONEDX_SCHEMA.validate(json, InputFormat.JSON)).as(json).isEmpty();
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

    assertThat(SPDX_SCHEMA.validate(mapper.writeValueAsString(spdx), InputFormat.JSON))
        .isNotEmpty();
    assertThat(CYCLONEDX_SCHEMA.validate(mapper.writeValueAsString(cdx), InputFormat.JSON))
        .isNotEmpty();
  }
}
