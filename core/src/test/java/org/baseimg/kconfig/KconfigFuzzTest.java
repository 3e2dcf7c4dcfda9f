package org.baseimg.kconfig;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.baseimg.BadInputException;
import org.baseimg.testing.FuzzContract;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the Kconfig parser: the input is a tree's top {@code Kconfig} (and, so
 * that {@code source} and its cycles are reached, {@code again/Kconfig} too, beside a small {@code
 * sub/Kconfig}). It is read or refused with a {@link BadInputException}; an unchecked exception, a
 * stack overflow, running out of memory or a hang is a finding.
 */
class KconfigFuzzTest {
  @FuzzTest(maxDuration = "20s")
  // Bounds each input (libFuzzer -timeout) and, while fuzzing, the whole run, which maxDuration
  // keeps far shorter: a hang fails either way.
  @Timeout(60)
  void read(byte[] input) throws IOException {
    Path tree = Files.createTempDirectory("baseimg-kconfig-fuzz-");
    try {
      Files.createDirectories(tree.resolve("arch/arm64"));
      Files.createDirectories(tree.resolve("sub"));
      Files.createDirectories(tree.resolve("again"));
      Files.writeString(tree.resolve("sub/Kconfig"), "config SUB\n\tbool \"sub\"\n\tdefault y\n");
      Files.write(tree.resolve("Kconfig"), input);
      Files.write(tree.resolve("again/Kconfig"), input);
      try {
        Kconfig.read(tree, "arm64", Map.of("CC", "gcc"));
      } catch (BadInputException refused) {
        FuzzContract.assertReadable(refused);
      }
    } finally {
      try (Stream<Path> paths = Files.walk(tree)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
