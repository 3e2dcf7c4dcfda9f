package org.baseimg.debian.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.baseimg.BaseimgException;
import org.baseimg.testing.FuzzContract;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the Packages index reader and the deb822 parser under it (a hostile
 * mirror is input too): any bytes are read as an index, whose every dependency is then resolved
 * against it so that hostile versions and relations reach the version comparison, or refused with a
 * {@link BaseimgException}. An unchecked exception, an {@link IOException} for bytes held in
 * memory, a stack overflow, running out of memory or a hang is a finding.
 */
class PackagesIndexFuzzTest {
  @FuzzTest(maxDuration = "20s")
  // Bounds each input (libFuzzer -timeout) and, while fuzzing, the whole run, which maxDuration
  // keeps far shorter: a hang fails either way.
  @Timeout(60)
  void readAndResolve(byte[] input) throws IOException {
    try {
      PackagesIndex index =
          PackagesIndex.read(new ByteArrayInputStream(input), name -> true, "fuzz/main/arm64");
      for (String line : new String(input, StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("Package: ")) {
          for (PackagesIndex.Entry entry : index.versions(line.substring(9).strip())) {
            for (List<Relation> alternatives : entry.depends()) {
              alternatives.forEach(index::newest);
            }
          }
        }
      }
    } catch (BaseimgException refused) {
      FuzzContract.assertReadable(refused);
    }
  }
}
