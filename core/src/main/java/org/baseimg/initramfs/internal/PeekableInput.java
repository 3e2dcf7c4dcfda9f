package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that can look ahead without consuming and counts what it consumed, so that a
 * decoder can be handed exactly one compressed stream and the next one found where it ends.
 */
final class PeekableInput extends InputStream {
  private final InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private int start;
  private int end;
  private long position;

  PeekableInput(InputStream in) {
    this.in = in;
  }

  /** Bytes consumed so far. */
  long position() {
    return position;
  }

  /**
   * Makes at least {@code n} bytes available unless the stream ends first.
   *
   * @return how many bytes are available, possibly fewer than {@code n} at the end
   */
  int fill(int n) throws IOException {
    if (end - start >= n) {
      return end - start;
    }
    if (buffer.length - start < n) {
      byte[] larger = new byte[Math.max(buffer.length, n)];
      System.arraycopy(buffer, start, larger, 0, end - start);
      end -= start;
      start = 0;
      buffer = larger;
    }
    while (end - start < n) {
      int read = in.read(buffer, end, buffer.length - end);
      if (read < 0) {
        break;
      }
      end += read;
    }
    return end - start;
  }

  /** The byte {@code index} places ahead, or -1 past the end; call {@link #fill} first. */
  int peek(int index) {
    return start + index < end ? buffer[start + index] & 0xff : -1;
  }

  /** The buffer holding the available bytes from {@link #bufferStart()}; do not modify. */
  byte[] buffer() {
    return buffer;
  }

  int bufferStart() {
    return start;
  }

  /** Consumes {@code n} available bytes. */
  void consume(int n) {
    if (n > end - start) {
      throw new IllegalArgumentException("consuming " + n + " of " + (end - start));
    }
    start += n;
    position += n;
  }

  /** True when no byte is left. */
  boolean atEnd() throws IOException {
    return fill(1) == 0;
  }

  @Override
  public int read() throws IOException {
    if (fill(1) == 0) {
      return -1;
    }
    position++;
    return buffer[start++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (start == end) {
      if (len >= buffer.length) {
        int read = in.read(b, off, len);
        if (read > 0) {
          position += read;
        }
        return read;
      }
      if (fill(1) == 0) {
        return -1;
      }
    }
    int n = Math.min(len, end - start);
    System.arraycopy(buffer, start, b, off, n);
    consume(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n) {
      if (fill(1) == 0) {
        break;
      }
      int step = (int) Math.min(n - skipped, end - start);
      consume(step);
      skipped += step;
    }
    return skipped;
  }
}
