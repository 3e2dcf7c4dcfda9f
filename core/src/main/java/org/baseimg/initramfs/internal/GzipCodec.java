package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * gzip settings: a deflate level, and a member header with neither modification time nor file name
 * (as {@code gzip -n} writes it) and OS set to Unix, so the bytes depend on the input alone.
 */
final class GzipCodec implements Codec {
  private static final long SEGMENT_BYTES = 8L << 20;
  private static final int OS_UNIX = 3;

  private final int level;

  GzipCodec(int level) {
    this.level = level;
  }

  @Override
  public OutputStream open(OutputStream sink) throws IOException {
    int extraFlags = level == 9 ? 2 : level == 1 ? 4 : 0;
    sink.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) extraFlags, OS_UNIX});
    Deflater deflater = new Deflater(level, true);
    CRC32 crc = new CRC32();
    return new DeflaterOutputStream(nonClosing(sink), deflater, 1 << 16) {
      private long length;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        length += len;
        super.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        finish();
        deflater.end();
        writeLittleEndian(sink, crc.getValue());
        writeLittleEndian(sink, length & 0xFFFF_FFFFL);
      }
    };
  }

  private static void writeLittleEndian(OutputStream out, long value) throws IOException {
    out.write(
        new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)});
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public long segmentBytes() {
    return SEGMENT_BYTES;
  }
}
