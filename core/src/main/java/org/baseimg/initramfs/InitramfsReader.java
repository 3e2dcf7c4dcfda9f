package org.baseimg.initramfs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.baseimg.initramfs.internal.ArchiveScanner;

/**
 * Reads an initramfs the way the kernel does: any number of plain cpio runs and compressed streams
 * (gzip, xz, zstd) one after another, each compressed stream ending at an entry boundary, the
 * hard-link table kept until a trailer. Lists every entry and checks the structure: alignment and
 * padding, trailers, duplicate names, directories before their contents, hard-link groups.
 */
public final class InitramfsReader {
  private InitramfsReader() {}

  /**
   * Lists and verifies {@code file}.
   *
   * @throws InitramfsFormatException when the file cannot be read as an initramfs at all
   */
  public static InitramfsListing read(Path file) throws IOException, InitramfsFormatException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new InitramfsFormatException(0, file + " does not exist");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return ArchiveScanner.scan(in, size, file.toString());
    }
  }
}
