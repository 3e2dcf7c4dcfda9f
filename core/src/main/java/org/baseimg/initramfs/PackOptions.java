package org.baseimg.initramfs;

import java.util.OptionalLong;

/**
 * How a tree becomes an initramfs.
 *
 * @param compression the compressor and its settings
 * @param epoch when present, every mtime later than this (seconds since 1970) is set to it, as with
 *     {@code SOURCE_DATE_EPOCH}; synthesised entries get it too
 * @param init which {@code /init} the archive carries
 * @param bare when true, nothing is added: no {@code /init}, no {@code /dev/console}, no mount
 *     points (for early microcode archives and other non-root payloads)
 */
public record PackOptions(
    Compression compression, OptionalLong epoch, InitProgram init, boolean bare) {

  public PackOptions {
    if (compression == null || epoch == null || init == null) {
      throw new IllegalArgumentException("compression, epoch and init are required");
    }
    if (epoch.isPresent() && (epoch.getAsLong() < 0 || epoch.getAsLong() > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException(
          "epoch " + epoch.getAsLong() + " does not fit cpio's 32-bit time field (0..4294967295)");
    }
  }

  /** zstd -19, host mtimes kept, the tree's /init or the built-in one, essentials added. */
  public static PackOptions defaults() {
    return new PackOptions(
        Compression.defaults(), OptionalLong.empty(), InitProgram.treeOrBuiltin(), false);
  }

  public PackOptions withCompression(Compression newCompression) {
    return new PackOptions(newCompression, epoch, init, bare);
  }

  public PackOptions withEpoch(long seconds) {
    return new PackOptions(compression, OptionalLong.of(seconds), init, bare);
  }

  public PackOptions withInit(InitProgram newInit) {
    return new PackOptions(compression, epoch, newInit, bare);
  }

  public PackOptions withBare(boolean newBare) {
    return new PackOptions(compression, epoch, init, newBare);
  }
}
