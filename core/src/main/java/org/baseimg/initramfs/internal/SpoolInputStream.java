package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reads a region of a file, such as {@link TarSource}'s spool, with positional reads. */
final class SpoolInputStream extends BulkInputStream {
  private final FileChannel channel;
  private long position;
  private long remaining;

  SpoolInputStream(FileChannel channel, long offset, long size) {
    this.channel = channel;
    this.position = offset;
    this.remaining = size;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
    if (n > 0) {
      position += n;
      remaining -= n;
    }
    return n;
  }
}
