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
    return read(file, (entry, data) -> {});
  }

  /**
   * Lists and verifies {@code file} as {@link #read(Path)} does, handing each regular file's stored
   * bytes to {@code contents} on the way. Nothing is kept but what {@code contents} keeps, so an
   * image of any size is read in bounded memory.
   *
   * @throws InitramfsFormatException when the file cannot be read as an initramfs at all
   * @throws IOException when the file cannot be read, or {@code contents} throws
   */
  public static InitramfsListing read(Path file, ContentVisitor contents)
      throws IOException, InitramfsFormatException {
    if (Files.isDirectory(file)) {
      throw new InitramfsFormatException(0, file + " is a directory, not an initramfs");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new InitramfsFormatException(0, file + " does not exist");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return ArchiveScanner.scan(in, size, file.toString(), contents);
    }
  }

  /**
   * Sees the stored bytes of regular files while the reader scans, in archive order.
   *
   * <pre>{@code
   * Map<String, String> hashes = new HashMap<>();
   * InitramfsReader.read(file, (entry, data) -> hashes.put(entry.name(), sha256(data)));
   * }</pre>
   */
  @FunctionalInterface
  public interface ContentVisitor {
    /**
     * Called once for every regular-file entry, trailers and other types never.
     *
     * @param entry the entry as its header says
     * @param data its {@code entry.size()} stored bytes, readable during this call only; what is
     *     left unread is skipped. The names of a hard-link group store the data with one of them
     *     (see {@link InitramfsListing.Entry#hardLinkGroup()}); the others come with none. If the
     *     archive is cut off inside the data, the stream ends early and the scan then fails.
     */
    void visit(InitramfsListing.Entry entry, InputStream data) throws IOException;
  }
}
