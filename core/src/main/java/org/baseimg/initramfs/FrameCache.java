package org.baseimg.initramfs;

import java.nio.file.Path;

/**
 * Where the writer keeps compressed frames between runs, so that a rebuild whose tree changed in
 * one place compresses only the segments that changed. A frame is found by the SHA-256 of its
 * uncompressed segment together with the codec, its level and the compression library's version, so
 * a cached frame is always the bytes that compressing afresh would give: the archive is the same
 * with or without the cache.
 *
 * <p>Only zstd's frames are kept (its segments are cut where the content says, so they survive
 * edits elsewhere in the tree). The directory holds at most {@code limitBytes}: after each write
 * the least recently used frames go first.
 *
 * @param directory where the frames are, created on first use
 * @param limitBytes how many bytes of frames it keeps at most
 */
public record FrameCache(Path directory, long limitBytes) {
  /** Enough for the frames of a few dozen images of a Debian minbase's size. */
  public static final long DEFAULT_LIMIT_BYTES = 1L << 30;

  public FrameCache {
    if (directory == null) {
      throw new IllegalArgumentException("directory is required");
    }
    if (limitBytes < 0) {
      throw new IllegalArgumentException("limitBytes must be 0 or more, not " + limitBytes);
    }
  }

  /** A cache in {@code directory} of at most {@link #DEFAULT_LIMIT_BYTES}. */
  public static FrameCache at(Path directory) {
    return new FrameCache(directory, DEFAULT_LIMIT_BYTES);
  }
}
