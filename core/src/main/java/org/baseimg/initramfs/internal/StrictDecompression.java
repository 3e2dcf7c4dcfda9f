package org.baseimg.initramfs.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * A compressed file decoded as {@code gzip -d}, {@code xz -d}, {@code bzip2 -d} and {@code zstd -d}
 * decode it, and as strictly: every stream of a concatenation is decoded with its checks and
 * trailers verified, and bytes after the last stream that do not start another stream of the same
 * format (xz: its 4-byte zero padding) are refused, as is a stream cut off. The JDK's gzip reader
 * would ignore trailing bytes, and a reader that stops at the end of its tar never reaches the
 * trailer whose check it was meant to verify; read this to its end.
 */
final class StrictDecompression extends BulkInputStream {
  private final PeekableInput in;
  private final Magic magic;
  private InputStream current;
  private int streams;

  private StrictDecompression(PeekableInput in, Magic magic) {
    this.in = in;
    this.magic = magic;
  }

  /**
   * The decoded content of {@code raw}, or {@code raw} itself when it does not start with the magic
   * of a compression.
   *
   * @throws Magic.UnreadableCompressionException for a compression baseimg recognises but cannot
   *     read
   */
  static InputStream open(InputStream raw) throws IOException {
    PeekableInput in = new PeekableInput(raw);
    Magic magic = magicAt(in);
    return switch (magic) {
      case GZIP, XZ, ZSTD, BZIP2 -> new StrictDecompression(in, magic);
      case LZ4, LZ4_LEGACY, LZO, LZMA -> throw new Magic.UnreadableCompressionException(magic);
      default -> in;
    };
  }

  private static Magic magicAt(PeekableInput in) throws IOException {
    int available = Math.min(in.fill(Magic.LONGEST), Magic.LONGEST);
    byte[] head = new byte[Magic.LONGEST];
    System.arraycopy(in.buffer(), in.bufferStart(), head, 0, available);
    return Magic.of(head, available);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (current == null && !nextStream()) {
        return -1;
      }
      int n = current.read(b, off, len);
      if (n >= 0) {
        return n;
      }
      current = null;
    }
  }

  private boolean nextStream() throws IOException {
    if (streams > 0 && magic == Magic.XZ) {
      skipXzPadding();
    }
    if (in.atEnd()) {
      if (streams == 0) {
        throw new EOFException(magic.displayName() + " data ends before its first stream");
      }
      return false;
    }
    if (magicAt(in) != magic) {
      throw new IOException(
          "holds data after the end of its "
              + magic.displayName()
              + " data at byte "
              + in.position()
              + "; the file is corrupt or has trailing garbage");
    }
    current =
        magic == Magic.BZIP2
            ? new BZip2CompressorInputStream(in, false)
            : StreamDecoders.open(magic, in);
    streams++;
    return true;
  }

  /** xz allows zero bytes between and after streams, in groups of four. */
  private void skipXzPadding() throws IOException {
    long zeros = 0;
    while (in.fill(1) > 0 && in.peek(0) == 0) {
      in.consume(1);
      zeros++;
    }
    if (zeros % 4 != 0) {
      throw new IOException(
          "xz stream padding of "
              + zeros
              + " bytes is not a multiple of four; the file is corrupt");
    }
  }
}
