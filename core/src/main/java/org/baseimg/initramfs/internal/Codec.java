package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.io.OutputStream;
import org.baseimg.initramfs.Compression;

/**
 * A compressor with all its settings fixed. Each implementation is the one owner of one format's
 * settings.
 */
interface Codec {

  /**
   * Starts one complete compressed stream into {@code sink}. Closing the returned stream finishes
   * the compressed stream but leaves {@code sink} open.
   */
  OutputStream open(OutputStream sink) throws IOException;

  /**
   * How many uncompressed bytes go into one independently compressed segment, or 0 when the codec
   * uses all cores inside a single stream (zstd).
   */
  long segmentBytes();

  static Codec of(Compression compression, int threads) {
    return switch (compression.format()) {
      case ZSTD -> new ZstdCodec(compression.level(), threads);
      case XZ -> new XzCodec(compression.level(), compression.xzDictionaryBytes());
      case GZIP -> new GzipCodec(compression.level());
      case NONE -> throw new IllegalArgumentException("no codec for uncompressed output");
    };
  }
}
