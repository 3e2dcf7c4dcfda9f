package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProfileCommandTest {
  private static final Path BROKEN = Path.of("../profiles/src/test/resources/profiles/broken");

  @Test
  void list_showsTheStockProfilesAndTheDefault() {
    CommandLineRun run = CommandLineRun.of("profile", "list");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("base ")
        .contains("(default)")
        .contains("edge-arm64")
        .contains("stretch-arm64");
  }

  @Test
  void show_withoutAProfile_showsTheDefaultResolved() {
    CommandLineRun run = CommandLineRun.of("profile", "show");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("name: base").contains("variant: minbase").contains("level: 19");
  }

  @Test
  void show_rawStockProfile_keepsItsComments() {
    CommandLineRun run = CommandLineRun.of("profile", "show", "--raw", "stretch-arm64");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("# ").contains("check-valid-until: false");
  }

  @Test
  void validate_everyBrokenProfile_exitsTwoWithFileLineColumn() throws IOException {
    List<Path> profiles;
    try (Stream<Path> files = Files.list(BROKEN)) {
      profiles = files.filter(path -> path.toString().endsWith("-bad.yaml")).sorted().toList();
    }
    assertThat(profiles).hasSizeGreaterThanOrEqualTo(12);
    for (Path profile : profiles) {
      CommandLineRun run = CommandLineRun.of("profile", "validate", profile.toString());
      assertThat(run.exitCode()).as(profile.toString()).isEqualTo(2);
      assertThat(run.errLines())
          .as(profile.toString())
          .isNotEmpty()
          .allSatisfy(
              line ->
                  assertThat(line)
                      .matches(
                          java.util.regex.Pattern.quote(profile.toString()) + ":\\d+:\\d+: .+"));
    }
  }

  @Test
  void validate_stockProfiles_exitsZero() {
    CommandLineRun run =
        CommandLineRun.of("profile", "validate", "base", "base-arm64", "edge-arm64");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("edge-arm64: valid (edge-arm64.yaml (stock) <- edge.yaml (stock)");
  }

  @Test
  void validate_unknownProfile_isBadInputWithASuggestion() {
    CommandLineRun run = CommandLineRun.of("profile", "validate", "edg-arm64");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("did you mean edge-arm64?");
  }

  @Test
  void schema_isJsonSchema2020() {
    CommandLineRun run = CommandLineRun.of("profile", "schema");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("\"$schema\" : \"https://json-schema.org/draft/2020-12/schema\"");
  }
}
