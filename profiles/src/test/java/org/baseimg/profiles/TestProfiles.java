package org.baseimg.profiles;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The test profiles under src/test/resources/profiles and what each one expects. */
final class TestProfiles {
  private static final Pattern EXPECT =
      Pattern.compile("^# expect: (?:(\\S+\\.yaml):)?(\\d+):(\\d+) (.*)$");

  private TestProfiles() {}

  static Path directory(String name) {
    try {
      return Path.of(TestProfiles.class.getResource("/profiles/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The profiles of a folder whose names end in -bad.yaml. */
  static List<Path> broken(String folder) throws IOException {
    try (Stream<Path> files = Files.list(directory(folder))) {
      return files
          .filter(path -> path.getFileName().toString().endsWith("-bad.yaml"))
          .sorted()
          .toList();
    }
  }

  /**
   * The problem a broken profile's first line promises: the file (itself unless named), line,
   * column and message.
   */
  record Expectation(String file, int line, int column, String message) {
    static Expectation of(Path profile) throws IOException {
      String first = Files.readAllLines(profile).get(0);
      Matcher matcher = EXPECT.matcher(first);
      if (!matcher.matches()) {
        throw new IllegalStateException(
            profile + " does not start with '# expect: LINE:COLUMN MESSAGE'");
      }
      return new Expectation(
          matcher.group(1) == null ? profile.getFileName().toString() : matcher.group(1),
          Integer.parseInt(matcher.group(2)),
          Integer.parseInt(matcher.group(3)),
          matcher.group(4));
    }
  }
}
