package org.baseimg.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The schema {@code baseimg profile schema} prints, checked by implementations that are not ours:
 * snakeyaml-engine reads the YAML (YAML 1.2's core schema, as editors' language servers do) and
 * networknt's validator applies the schema.
 */
class SchemaTest {
  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(Profiles.jsonSchema());

  /** The YAML as snakeyaml-engine reads it, written as JSON text for the validator. */
  private static String json(String yaml) throws JsonProcessingException {
    Object data =
        new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromString(yaml);
    return new ObjectMapper().writeValueAsString(data);
  }

  private static List<Error> validate(String yaml) throws JsonProcessingException {
    return SCHEMA.validate(json(yaml), InputFormat.JSON);
  }

  static Stream<String> stockProfiles() {
    return Profiles.stock().stream().map(StockProfile::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stockProfiles")
  void schema_acceptsEveryStockProfile(String name) throws Exception {
    assertThat(validate(Profiles.stockText(name))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stockProfiles")
  void schema_acceptsEveryResolvedProfile(String name) throws Exception {
    assertThat(validate(Profiles.toYaml(Profiles.resolve(name)))).isEmpty();
  }

  @Test
  void schema_acceptsTheValidExamples() throws Exception {
    try (Stream<Path> files = Files.list(TestProfiles.directory("valid"))) {
      List<Path> profiles = files.filter(path -> path.toString().endsWith(".yaml")).toList();
      assertThat(profiles).isNotEmpty();
      for (Path profile : profiles) {
        assertThat(validate(Files.readString(profile)))
            .as(profile.getFileName().toString())
            .isEmpty();
      }
    }
  }

  static Stream<Path> brokenProfiles() throws Exception {
    return TestProfiles.broken("broken").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenProfiles")
  void schema_rejectsEveryBrokenProfile(Path profile) throws Exception {
    assertThat(validate(Files.readString(profile)))
        .as(profile.getFileName().toString())
        .isNotEmpty();
  }
}
