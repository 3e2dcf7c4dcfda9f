package org.baseimg.initramfs.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.baseimg.initramfs.RootfsException;

/**
 * Watches the last 512 bytes the tar reader consumes. commons-compress takes a stream that ends
 * inside a header, or before the end-of-archive zero block, for a proper end; a tar cut short (an
 * interrupted {@code docker export}) would lose its last entries without a word.
 */
final class TarEndTracker extends FilterInputStream {
  private static final int BLOCK = 512;
  private final String description;
  private final byte[] last = new byte[BLOCK];
  private long count;

  /**
   * @param description names the archive in messages
   */
  TarEndTracker(InputStream in, String description) {
    super(in);
    this.description = description;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      last[(int) (count++ % BLOCK)] = (byte) b;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    for (int i = 0; i < n; i++) {
      last[(int) (count++ % BLOCK)] = b[off + i];
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int read = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  void checkEnd() throws RootfsException {
    if (count == 0) {
      throw new RootfsException(
          description, null, "is empty, not a tar archive (did the command that wrote it fail?)");
    }
    if (count % BLOCK != 0) {
      throw new RootfsException(
          description,
          null,
          "ends inside a 512-byte block after " + count + " bytes; the archive is truncated");
    }
    for (byte b : last) {
      if (b != 0) {
        throw new RootfsException(
            description,
            null,
            "ends without the end-of-archive zero"
                + " block after "
                + count
                + " bytes; the archive is truncated");
      }
    }
  }
}
