package org.baseimg.initramfs.internal;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import com.github.luben.zstd.util.ZstdVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * zstd settings: the level, a content checksum (as the zstd tool writes by default; the kernel
 * accepts it), and the archive as a series of frames, one per segment, each compressed by one
 * thread with its size declared up front (libzstd then sizes its tables for the segment, not for an
 * unbounded stream).
 *
 * <p>Segments are cut where the content says, not at byte counts: after an entry whose name hashes
 * to a chosen value, once the segment holds {@link #MIN_SEGMENT_BYTES}, and at the latest after
 * {@link #MAX_SEGMENT_BYTES}. A file that changes size then moves no cut but its own segment's, so
 * the other frames stay the same bytes and a cache of frames can give them back.
 */
final class ZstdCodec implements Codec {
  static final long MIN_SEGMENT_BYTES = 8L << 20;
  static final long MAX_SEGMENT_BYTES = 32L << 20;

  /** One entry name in 256 ends a segment past the minimum (about 5 MiB more in a Debian tree). */
  private static final int CUT_MASK = 0xFF;

  private static final int OUTPUT_BUFFER = 1 << 17;

  private final int level;

  ZstdCodec(int level) {
    this.level = level;
  }

  @Override
  public long segmentBytes() {
    return (MIN_SEGMENT_BYTES + MAX_SEGMENT_BYTES) / 2;
  }

  @Override
  public boolean endsSegment(long segmentSize, byte[] entryName) {
    if (segmentSize >= MAX_SEGMENT_BYTES) {
      return true;
    }
    if (segmentSize < MIN_SEGMENT_BYTES) {
      return false;
    }
    CRC32 crc = new CRC32();
    crc.update(entryName);
    return (crc.getValue() & CUT_MASK) == 0;
  }

  @Override
  public Optional<String> cacheIdentity() {
    return Optional.of("zstd level " + level + " checksum, zstd-jni " + ZstdVersion.VERSION);
  }

  @Override
  public void compress(ByteChunks segment, OutputStream sink) throws IOException {
    try (ZstdCompressCtx zstd = new ZstdCompressCtx()) {
      zstd.setLevel(level);
      zstd.setChecksum(true);
      zstd.setContentSize(true);
      zstd.setPledgedSrcSize(segment.size());
      ByteBuffer out = ByteBuffer.allocate(OUTPUT_BUFFER);
      segment.forEachChunk(
          (chunk, length) -> {
            ByteBuffer in = ByteBuffer.wrap(chunk, 0, length);
            while (in.hasRemaining()) {
              zstd.compressByteBufferStream(out, in, EndDirective.CONTINUE);
              drain(out, sink);
            }
          });
      ByteBuffer none = ByteBuffer.allocate(0);
      boolean done;
      do {
        done = zstd.compressByteBufferStream(out, none, EndDirective.END);
        drain(out, sink);
      } while (!done);
    }
  }

  private static void drain(ByteBuffer out, OutputStream sink) throws IOException {
    sink.write(out.array(), 0, out.position());
    out.clear();
  }

  /** One frame streamed straight out, for an entry too large to hold: one thread, as above. */
  @Override
  public OutputStream open(OutputStream sink) throws IOException {
    ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(sink);
    zstd.setLevel(level);
    zstd.setChecksum(true);
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
}
