package org.baseimg.initramfs.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.baseimg.testing.FuzzContract;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of compressed-container detection and decoding (gzip, xz, bzip2, zstd,
 * and the magics recognised but refused): any bytes decode to the end or fail with an {@link
 * IOException} that says why, which the tar source turns into a refusal. An unchecked exception, a
 * stack overflow, running out of memory or a hang is a finding.
 */
class StrictDecompressionFuzzTest {
  @FuzzTest(maxDuration = "20s")
  // Bounds each input (libFuzzer -timeout) and, while fuzzing, the whole run, which maxDuration
  // keeps far shorter: a hang fails either way.
  @Timeout(60)
  void decodeToTheEnd(byte[] input) {
    try (InputStream in = StrictDecompression.open(new ByteArrayInputStream(input))) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException refused) {
      FuzzContract.assertReadable(new IOException(TarSource.reason(refused), refused));
    }
  }
}
