package org.baseimg.initramfs.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.baseimg.initramfs.InitramfsFormatException;
import org.baseimg.initramfs.InitramfsListing;
import org.baseimg.testing.FuzzContract;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the cpio reader behind {@code inspect}: any bytes are either listed,
 * every regular file's data read through, or refused with an {@link InitramfsFormatException}. An
 * unchecked exception, an {@link IOException} for bytes held in memory (the CLI would call corrupt
 * input a failure of the environment), a stack overflow, running out of memory or a hang is a
 * finding. The entry and name limits are lowered so that memory stays small per input.
 */
class ArchiveScannerFuzzTest {
  @FuzzTest(maxDuration = "20s")
  // Bounds each input (libFuzzer -timeout) and, while fuzzing, the whole run, which maxDuration
  // keeps far shorter: a hang fails either way.
  @Timeout(60)
  void scan(byte[] input) throws IOException {
    try {
      InitramfsListing listing =
          ArchiveScanner.scan(
              new ByteArrayInputStream(input),
              input.length,
              "fuzz.img",
              (entry, data) -> data.transferTo(OutputStream.nullOutputStream()),
              10_000,
              1 << 20);
      if (listing.entries().size() > 10_000) {
        throw new AssertionError("listed " + listing.entries().size() + " entries past the limit");
      }
    } catch (InitramfsFormatException refused) {
      FuzzContract.assertReadable(refused);
    }
  }
}
