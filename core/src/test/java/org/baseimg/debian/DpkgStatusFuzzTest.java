package org.baseimg.debian;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of dpkg's status file as {@code inspect} and the SBOM read it from an
 * image: it has no refusal, so any bytes give a list of installed packages, each with a name. An
 * exception, a stack overflow, running out of memory or a hang is a finding.
 */
class DpkgStatusFuzzTest {
  @FuzzTest(maxDuration = "20s")
  // Bounds each input (libFuzzer -timeout) and, while fuzzing, the whole run, which maxDuration
  // keeps far shorter: a hang fails either way.
  @Timeout(60)
  void parse(byte[] input) {
    for (DpkgStatus.Installed installed : DpkgStatus.parse(input)) {
      if (installed.name().isEmpty()) {
        throw new AssertionError("an installed package without a name: " + installed);
      }
    }
  }
}
