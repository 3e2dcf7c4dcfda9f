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
   * writes a single stream.
   */
  long segmentBytes();

  /**
   * Whether a segment of {@code segmentSize} bytes ends after the entry named {@code entryName}. By
   * default a segment ends at the first entry boundary after {@link #segmentBytes()}.
   */
  default boolean endsSegment(long segmentSize, byte[] entryName) {
    return segmentSize >= segmentBytes();
  }

  /**
   * What names this codec's output in a frame cache: everything its bytes depend on besides the
   * input (format, level, settings, the library's version); empty when its frames are not kept.
   */
  default java.util.Optional<String> cacheIdentity() {
    return java.util.Optional.empty();
  }

  /** Compresses one whole segment, as one stream, into {@code sink}. */
  default void compress(ByteChunks segment, OutputStream sink) throws IOException {
    try (OutputStream stream = open(sink)) {
      segment.writeTo(stream);
    }
  }

  static Codec of(Compression compression) {
    return switch (compression.format()) {
      case ZSTD -> new ZstdCodec(compression.level());
      case XZ -> new XzCodec(compression.level(), compression.xzDictionaryBytes());
      case GZIP -> new GzipCodec(compression.level());
      case NONE -> throw new IllegalArgumentException("no codec for uncompressed output");
    };
  }
}
