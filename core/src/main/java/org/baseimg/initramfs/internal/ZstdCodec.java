package org.baseimg.initramfs.internal;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * zstd settings: the level, a content checksum (as the zstd tool writes by default; the kernel
 * accepts it), and libzstd's own worker threads inside one frame. With at least one worker the
 * output does not depend on how many there are, so an artifact is the same on any machine.
 */
final class ZstdCodec implements Codec {
  private final int level;
  private final int workers;

  ZstdCodec(int level, int threads) {
    this.level = level;
    this.workers = Math.max(1, threads);
  }

  @Override
  public OutputStream open(OutputStream sink) throws IOException {
    ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(sink);
    zstd.setLevel(level);
    zstd.setChecksum(true);
    zstd.setWorkers(workers);
    return new java.io.FilterOutputStream(zstd) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        zstd.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        zstd.closeWithoutClosingParentStream();
      }
    };
  }

  @Override
  public long segmentBytes() {
    return 0;
  }
}
