package org.baseimg.initramfs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.baseimg.initramfs.InitramfsFormatException;
import org.baseimg.initramfs.InitramfsListing;
import org.junit.jupiter.api.Test;

/** The scanner's memory stays bounded however many entries a small compressed file unfolds to. */
class ArchiveScannerLimitsTest {

  private static void entry(ByteArrayOutputStream out, String name, long inode) {
    byte[] encoded = (name + "\0").getBytes(StandardCharsets.UTF_8);
    StringBuilder header = new StringBuilder("070701");
    long[] fields = {inode, 0100644, 0, 0, 1, 0, 0, 0, 0, 0, 0, encoded.length, 0};
    for (long field : fields) {
      header.append(String.format("%08X", field));
    }
    out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(encoded);
    out.writeBytes(new byte[Newc.padding(Newc.HEADER_LENGTH + encoded.length)]);
  }

  private static byte[] archive(int entries, boolean sameName) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < entries; i++) {
      entry(out, sameName ? "same" : String.format("f%06d", i), i + 1);
    }
    entry(out, Newc.TRAILER_NAME, 0);
    return out.toByteArray();
  }

  private static InitramfsListing scan(byte[] archive, int maxEntries, long maxNameBytes)
      throws Exception {
    return ArchiveScanner.scan(
        new ByteArrayInputStream(archive),
        archive.length,
        "test.cpio",
        (entry, data) -> {},
        maxEntries,
        maxNameBytes);
  }

  @Test
  void scan_moreEntriesThanTheLimit_isRefused() {
    assertThatThrownBy(() -> scan(archive(101, false), 100, 1 << 20))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("holds more than 100 entries");
  }

  @Test
  void scan_entriesUpToTheLimit_areListed() throws Exception {
    assertThat(scan(archive(100, false), 100, 1 << 20).entries()).hasSize(100);
  }

  @Test
  void scan_moreNameBytesThanTheLimit_isRefused() {
    assertThatThrownBy(() -> scan(archive(100, false), 1000, 500))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("500 bytes of names");
  }

  @Test
  void scan_problemsBeyondTheLimit_areCountedNotKept() throws Exception {
    int names = ArchiveScanner.MAX_PROBLEMS + 50;
    InitramfsListing listing = scan(archive(names, true), names + 10, 1 << 20);

    assertThat(listing.problems()).hasSize(ArchiveScanner.MAX_PROBLEMS + 1);
    assertThat(listing.problems().get(ArchiveScanner.MAX_PROBLEMS)).startsWith("... and ");
  }
}
