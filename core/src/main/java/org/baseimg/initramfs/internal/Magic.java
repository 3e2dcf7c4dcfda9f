package org.baseimg.initramfs.internal;

import java.io.BufferedInputStream;
import java.io.IOException;

/** Tells formats apart by their first bytes, as the kernel and file(1) do. */
public enum Magic {
  GZIP("gzip", 0x1f, 0x8b),
  XZ("xz", 0xfd, '7', 'z', 'X', 'Z', 0x00),
  ZSTD("zstd", 0x28, 0xb5, 0x2f, 0xfd),
  BZIP2("bzip2", 'B', 'Z', 'h'),
  LZ4_LEGACY("lz4", 0x02, 0x21, 0x4c, 0x18),
  LZ4("lz4", 0x04, 0x22, 0x4d, 0x18),
  LZO("lzo", 0x89, 'L', 'Z', 'O'),
  LZMA("lzma", 0x5d, 0x00, 0x00),
  CPIO_NEWC("cpio newc", '0', '7', '0', '7', '0', '1'),
  CPIO_NEWC_CRC("cpio newc with checksums", '0', '7', '0', '7', '0', '2'),
  UNKNOWN("unknown");

  /** The most bytes any magic here needs. */
  public static final int LONGEST = 6;

  private final String displayName;
  private final int[] bytes;

  Magic(String displayName, int... bytes) {
    this.displayName = displayName;
    this.bytes = bytes;
  }

  public String displayName() {
    return displayName;
  }

  /** True for the compressors; false for cpio and unknown data. */
  public boolean isCompression() {
    return this != CPIO_NEWC && this != CPIO_NEWC_CRC && this != UNKNOWN;
  }

  /** Matches the first {@code length} bytes of {@code head}. */
  public static Magic of(byte[] head, int length) {
    for (Magic magic : values()) {
      if (magic.bytes.length > 0 && magic.bytes.length <= length && magic.matches(head)) {
        return magic;
      }
    }
    return UNKNOWN;
  }

  private boolean matches(byte[] head) {
    for (int i = 0; i < bytes.length; i++) {
      if ((head[i] & 0xff) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** Peeks at the start of a stream that supports mark and reset. */
  public static Magic peek(BufferedInputStream in) throws IOException {
    in.mark(LONGEST);
    byte[] head = in.readNBytes(LONGEST);
    in.reset();
    return of(head, head.length);
  }

  /** Data compressed in a format baseimg recognises but cannot decompress. */
  public static final class UnreadableCompressionException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadableCompressionException(Magic magic) {
      super(
          "compressed with "
              + magic.displayName
              + ", which baseimg cannot read; decompress it"
              + " first");
    }
  }
}
