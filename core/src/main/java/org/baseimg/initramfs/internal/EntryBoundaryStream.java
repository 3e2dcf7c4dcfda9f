package org.baseimg.initramfs.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.baseimg.initramfs.Compression;
import org.baseimg.initramfs.FrameCache;

/**
 * Where the cpio writer puts its stream. Between entries it calls {@link #entryBoundary(byte[])}: a
 * compressor may end one independently compressed segment there, because the kernel accepts a new
 * compressed stream at any entry boundary.
 */
public abstract class EntryBoundaryStream extends OutputStream {

  /**
   * The bytes written so far form whole entries, the last of them named {@code entryName} (the name
   * as the archive holds it).
   */
  public void entryBoundary(byte[] entryName) throws IOException {}

  /** How many independently compressed streams the output holds once closed. */
  public abstract int segments();

  /** Gives up after a failure: stops background work without finishing the output. */
  public void discard() {}

  /**
   * The stream that compresses as {@code compression} says into {@code out}.
   *
   * @param threads how many cores compression may use
   * @param frameCache where compressed segments are kept between runs, if anywhere
   */
  public static EntryBoundaryStream compressing(
      Compression compression, OutputStream out, int threads, Optional<FrameCache> frameCache)
      throws IOException {
    if (compression.format() == Compression.Format.NONE) {
      return plain(new BufferedOutputStream(out, 1 << 16));
    }
    Codec codec = Codec.of(compression);
    if (codec.segmentBytes() > 0) {
      return new SegmentedCompressor(out, codec, threads, frameCache.map(FrameFiles::new));
    }
    OutputStream stream = codec.open(out);
    return new EntryBoundaryStream() {
      @Override
      public void write(int b) throws IOException {
        stream.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        stream.write(b, off, len);
      }

      @Override
      public int segments() {
        return 1;
      }

      @Override
      public void close() throws IOException {
        stream.close();
        out.close();
      }
    };
  }

  /** Passes the stream through unchanged: no compression. */
  public static EntryBoundaryStream plain(OutputStream out) {
    return new EntryBoundaryStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public int segments() {
        return 1;
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }
}
