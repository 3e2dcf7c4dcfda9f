package org.baseimg.kconfig;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.baseimg.BaseimgException;
import org.baseimg.testing.FuzzContract;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the {@code .config} reader: any bytes in a file are read as a config
 * or refused with a {@link BaseimgException}, as {@link KernelConfig#read} documents; what is read
 * writes back to the same text (CRLF line ends as LF). An unchecked exception, a stack overflow,
 * running out of memory or a hang is a finding.
 */
class KernelConfigFuzzTest {
  @FuzzTest(maxDuration = "20s")
  // Bounds each input (libFuzzer -timeout) and, while fuzzing, the whole run, which maxDuration
  // keeps far shorter: a hang fails either way.
  @Timeout(60)
  void read(byte[] input) throws IOException {
    Path file = Files.createTempFile("baseimg-config-fuzz-", ".config");
    try {
      Files.write(file, input);
      KernelConfig config = KernelConfig.read(file);
      // Written back as the kernel's tools write it: a CRLF line ends in LF.
      String read = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
      if (!config.text().equals(read)) {
        throw new AssertionError("read as a config but does not write back as read");
      }
    } catch (BaseimgException refused) {
      FuzzContract.assertReadable(refused);
    } finally {
      Files.delete(file);
    }
  }
}
