package org.baseimg.debian.internal;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Reads a Debian binary package without dpkg: an ar archive of {@code debian-binary}, {@code
 * control.tar.*} and {@code data.tar.*}, the last compressed with xz, zstd, gzip, bzip2 or not at
 * all. Only the owner of this format touches commons-compress's ar and tar readers.
 */
public final class DebReader {
  private DebReader() {}

  /** What went wrong reading a package; the message says what. */
  public static final class DebFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public DebFormatException(String message) {
      super(message);
    }
  }

  /** Receives the content of the matching file. */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param name the file's path in the package, without a leading {@code ./} or {@code /}
     * @param mode its permission bits (12 of them)
     * @param content its bytes; read what is needed, the reader skips the rest
     */
    void accept(String name, int mode, InputStream content) throws IOException;
  }

  /**
   * Finds the first regular file of {@code data.tar.*} whose path (without a leading {@code ./})
   * matches {@code pattern} and hands it to {@code sink}; returns its path.
   *
   * @param pattern a regular expression over the whole path, e.g. {@code boot/vmlinuz-[^/]+}
   * @param description the file(s) wanted, for messages, e.g. {@code boot/vmlinuz-*}
   * @throws DebFormatException when the package is malformed, has no data member, or no regular
   *     file matches; the message lists near misses (links among them)
   */
  public static String extract(InputStream deb, Pattern pattern, String description, Sink sink)
      throws IOException, DebFormatException {
    ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(deb, 1 << 16));
    ArArchiveEntry member;
    boolean first = true;
    while ((member = ar.getNextEntry()) != null) {
      String name = member.getName();
      if (first && !name.equals("debian-binary")) {
        throw new DebFormatException(
            "not a Debian package: the first ar member is '" + name + "', not debian-binary");
      }
      first = false;
      if (name.startsWith("data.tar")) {
        return extractFromData(decompress(name, ar), pattern, description, sink);
      }
    }
    if (first) {
      throw new DebFormatException("not a Debian package: not an ar archive, or an empty one");
    }
    throw new DebFormatException("the package has no data.tar member");
  }

  private static InputStream decompress(String member, InputStream in)
      throws IOException, DebFormatException {
    switch (member) {
      case "data.tar":
        return in;
      case "data.tar.xz":
        return new XZInputStream(in);
      case "data.tar.zst":
        return new ZstdInputStream(in);
      case "data.tar.gz":
        return new GZIPInputStream(in, 1 << 16);
      case "data.tar.bz2":
        return new BZip2CompressorInputStream(in);
      default:
        throw new DebFormatException(
            "the package's data member " + member + " has an unknown compression");
    }
  }

  private static String extractFromData(
      InputStream data, Pattern pattern, String description, Sink sink)
      throws IOException, DebFormatException {
    TarArchiveInputStream tar = new TarArchiveInputStream(data);
    TarArchiveEntry entry;
    List<String> nearMisses = new ArrayList<>();
    while ((entry = tar.getNextEntry()) != null) {
      String name = normalise(entry.getName());
      if (!pattern.matcher(name).matches()) {
        continue;
      }
      if (entry.isSymbolicLink() || entry.isLink()) {
        nearMisses.add(name + " -> " + entry.getLinkName());
        continue;
      }
      if (!entry.isFile()) {
        nearMisses.add(name + " (not a regular file)");
        continue;
      }
      sink.accept(name, entry.getMode() & 07777, tar);
      return name;
    }
    throw new DebFormatException(
        "the package has no regular file "
            + description
            + (nearMisses.isEmpty() ? "" : "; only links or special files: " + nearMisses));
  }

  private static String normalise(String name) {
    String result = name;
    if (result.startsWith("./")) {
      result = result.substring(2);
    }
    while (result.startsWith("/")) {
      result = result.substring(1);
    }
    if (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
