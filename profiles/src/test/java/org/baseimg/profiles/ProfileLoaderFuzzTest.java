package org.baseimg.profiles;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.baseimg.testing.FuzzContract;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the profile loader: any bytes in a profile file are loaded, merged
 * with what they extend, validated and bound, or refused with an {@link InvalidProfileException};
 * what is loaded writes out as YAML. The file sits beside a small {@code files/motd} so that a
 * files entry can name something real. An unchecked exception, a stack overflow, running out of
 * memory or a hang is a finding.
 */
class ProfileLoaderFuzzTest {
  @FuzzTest(maxDuration = "20s")
  // Bounds each input (libFuzzer -timeout) and, while fuzzing, the whole run, which maxDuration
  // keeps far shorter: a hang fails either way.
  @Timeout(60)
  void resolve(byte[] input) throws IOException {
    Path dir = Files.createTempDirectory("baseimg-profile-fuzz-");
    try {
      Files.createDirectories(dir.resolve("files"));
      Files.writeString(dir.resolve("files/motd"), "welcome\n");
      Path profile = dir.resolve("fuzz.yaml");
      Files.write(profile, input);
      try {
        ResolvedProfile resolved = Profiles.resolve(profile.toString());
        Profiles.toYaml(resolved);
      } catch (InvalidProfileException refused) {
        FuzzContract.assertReadable(refused);
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
