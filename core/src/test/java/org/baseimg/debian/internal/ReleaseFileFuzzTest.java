package org.baseimg.debian.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.baseimg.BaseimgException;
import org.baseimg.testing.FuzzContract;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the Release file reader (a hostile mirror is input too): any text gpgv
 * could have verified is read and checked against a suite, architecture, component and date, or
 * refused with a {@link BaseimgException}. An unchecked exception, a stack overflow, running out of
 * memory or a hang is a finding.
 */
class ReleaseFileFuzzTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @FuzzTest(maxDuration = "20s")
  // Bounds each input (libFuzzer -timeout) and, while fuzzing, the whole run, which maxDuration
  // keeps far shorter: a hang fails either way.
  @Timeout(60)
  void parseAndCheck(byte[] input) {
    try {
      ReleaseFile release =
          ReleaseFile.parse(new String(input, StandardCharsets.UTF_8), "fuzz InRelease");
      release.file("main/binary-arm64/Packages.xz");
      release.acquireByHash();
      release.check("bookworm", "arm64", "main", NOW);
    } catch (BaseimgException refused) {
      FuzzContract.assertReadable(refused);
    }
  }
}
