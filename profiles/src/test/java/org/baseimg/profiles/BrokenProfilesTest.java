package org.baseimg.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BrokenProfilesTest {

  static Stream<Path> brokenProfiles() throws Exception {
    return Stream.concat(
        TestProfiles.broken("broken").stream(), TestProfiles.broken("broken-references").stream());
  }

  @Test
  void theBrokenFolder_holdsAtLeastTwelveDistinctMistakes() throws Exception {
    assertThat(TestProfiles.broken("broken")).hasSizeGreaterThanOrEqualTo(12);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenProfiles")
  void resolve_brokenProfile_namesFileLineColumnAndWhatToDo(Path profile) throws Exception {
    TestProfiles.Expectation expected = TestProfiles.Expectation.of(profile);

    InvalidProfileException e =
        catchThrowableOfType(
            InvalidProfileException.class, () -> Profiles.resolve(profile.toString()));

    assertThat(e).as("%s must be rejected", profile.getFileName()).isNotNull();
    List<Problem> problems = e.problems();
    assertThat(problems)
        .as("problems of %s", profile.getFileName())
        .anySatisfy(
            problem -> {
              assertThat(problem.file()).endsWith(expected.file());
              assertThat(problem.line()).isEqualTo(expected.line());
              assertThat(problem.column()).isEqualTo(expected.column());
              assertThat(problem.toString()).contains(expected.message());
            });
  }
}
