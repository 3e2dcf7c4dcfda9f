package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.io.OutputStream;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * xz settings: LZMA2 at a preset, an optional dictionary size, and always a CRC32 check, because
 * the kernel's xz decoder refuses CRC64 and SHA-256. Segments are three dictionaries long, as xz
 * sizes its blocks when it runs threaded. The encoders reuse their large match-finder arrays
 * through xz-java's shared cache instead of allocating them afresh for every segment.
 */
final class XzCodec implements Codec {
  private final int preset;
  private final long dictionaryBytes;

  XzCodec(int preset, long dictionaryBytes) {
    this.preset = preset;
    this.dictionaryBytes = dictionaryBytes;
  }

  private LZMA2Options options() throws UnsupportedOptionsException {
    LZMA2Options options = new LZMA2Options(preset);
    if (dictionaryBytes != 0) {
      options.setDictSize((int) dictionaryBytes);
    }
    return options;
  }

  @Override
  public OutputStream open(OutputStream sink) throws IOException {
    return new XZOutputStream(sink, options(), XZ.CHECK_CRC32, BasicArrayCache.getInstance()) {
      @Override
      public void close() throws IOException {
        finish();
      }
    };
  }

  @Override
  public long segmentBytes() {
    try {
      return 3L * Math.max(options().getDictSize(), 1 << 20);
    } catch (UnsupportedOptionsException e) {
      throw new IllegalArgumentException("xz preset " + preset + ": " + e.getMessage(), e);
    }
  }
}
