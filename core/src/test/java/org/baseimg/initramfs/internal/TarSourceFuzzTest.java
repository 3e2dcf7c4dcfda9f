package org.baseimg.initramfs.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import org.baseimg.initramfs.RootfsException;
import org.baseimg.testing.FuzzContract;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the tar source: any bytes, plain or in a compressed container, are
 * either read into entries whose contents read back in full, or refused with a {@link
 * RootfsException}. Anything else escaping (an unchecked exception, an I/O error for bytes held in
 * memory, a stack overflow, running out of memory, a hang) is a finding.
 */
class TarSourceFuzzTest {
  @FuzzTest(maxDuration = "20s")
  // Bounds each input (libFuzzer -timeout) and, while fuzzing, the whole run, which maxDuration
  // keeps far shorter: a hang fails either way.
  @Timeout(60)
  void prepareAndRead(byte[] input) throws IOException {
    try (TarSource source = new TarSource(new ByteArrayInputStream(input), "fuzz input")) {
      source.prepare(Set.of(), event -> {});
      source.forEach(
          entry -> {
            if (entry.content() != null) {
              try (InputStream in = entry.content().open()) {
                in.transferTo(OutputStream.nullOutputStream());
              }
            }
          });
    } catch (RootfsException refused) {
      FuzzContract.assertReadable(refused);
    }
  }
}
