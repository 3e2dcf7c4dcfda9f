package org.baseimg.initramfs;

import java.util.Locale;

/**
 * How the archive is compressed. Every format here is one the Linux kernel unpacks an initramfs
 * from (xz only with a CRC32 check, which the writer always uses).
 *
 * @param format the compressor
 * @param level its level: zstd 1..22, xz 0..9, gzip 1..9; ignored for {@code NONE}
 * @param xzDictionaryBytes the LZMA2 dictionary size for xz, 0 for the level's default
 */
public record Compression(Format format, int level, long xzDictionaryBytes) {

  /** The compressors, each with its level range and default. */
  public enum Format {
    ZSTD(1, 22, 19, ".zst"),
    XZ(0, 9, 6, ".xz"),
    GZIP(1, 9, 6, ".gz"),
    NONE(0, 0, 0, "");

    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;
    private final String suffix;

    Format(int minLevel, int maxLevel, int defaultLevel, String suffix) {
      this.minLevel = minLevel;
      this.maxLevel = maxLevel;
      this.defaultLevel = defaultLevel;
      this.suffix = suffix;
    }

    public int minLevel() {
      return minLevel;
    }

    public int maxLevel() {
      return maxLevel;
    }

    public int defaultLevel() {
      return defaultLevel;
    }

    /** The file name suffix, e.g. {@code .zst}; empty for no compression. */
    public String suffix() {
      return suffix;
    }

    /** The name users type: {@code zstd}, {@code xz}, {@code gzip}, {@code none}. */
    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The smallest LZMA2 dictionary xz-java accepts. */
  public static final long MIN_XZ_DICTIONARY = 4096;

  /** The largest LZMA2 dictionary that still leaves room in a segment: 1.5 GiB. */
  public static final long MAX_XZ_DICTIONARY = 1536L << 20;

  public Compression {
    if (format == null) {
      throw new IllegalArgumentException("compression format is null");
    }
    if (format != Format.NONE && (level < format.minLevel || level > format.maxLevel)) {
      throw new IllegalArgumentException(
          format.cliName()
              + " level "
              + level
              + " is out of range; use "
              + format.minLevel
              + ".."
              + format.maxLevel);
    }
    if (xzDictionaryBytes != 0) {
      if (format != Format.XZ) {
        throw new IllegalArgumentException("a dictionary size applies to xz only");
      }
      if (xzDictionaryBytes < MIN_XZ_DICTIONARY || xzDictionaryBytes > MAX_XZ_DICTIONARY) {
        throw new IllegalArgumentException(
            "xz dictionary of " + xzDictionaryBytes + " bytes is out of range; use 4KiB..1536MiB");
      }
    }
  }

  /** The format at its default level. */
  public static Compression of(Format format) {
    return new Compression(format, format.defaultLevel, 0);
  }

  public static Compression of(Format format, int level) {
    return new Compression(format, level, 0);
  }

  /** The default: zstd at level 19, the smallest artifact that still boots in seconds. */
  public static Compression defaults() {
    return of(Format.ZSTD);
  }

  public static Compression none() {
    return of(Format.NONE);
  }

  /** The same compression with another xz dictionary size. */
  public Compression withXzDictionary(long bytes) {
    return new Compression(format, level, bytes);
  }

  @Override
  public String toString() {
    if (format == Format.NONE) {
      return "none";
    }
    String text = format.cliName() + " -" + level;
    return xzDictionaryBytes == 0 ? text : text + " dict=" + xzDictionaryBytes;
  }
}
