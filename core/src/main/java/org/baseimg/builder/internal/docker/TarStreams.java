package org.baseimg.builder.internal.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The tar streams a build sends to Docker: files copied into a container and build contexts. The
 * one owner of commons-compress's tar writer settings here: PAX headers for long names and large
 * numbers, UTF-8 names, numeric owners, every field set explicitly.
 */
final class TarStreams {
  private TarStreams() {}

  /**
   * A tar holding one regular file, owned by root.
   *
   * @param mtime the file's modification time: the time of writing, as a file written on the host
   *     would get, so that the packer clamps it to the build's clock the same way
   */
  static byte[] singleFile(String name, byte[] content, int mode, Instant mtime) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(content.length + 2048);
    try (TarArchiveOutputStream tar = open(bytes)) {
      TarArchiveEntry entry = regular(name, content.length, mode, mtime);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a tar into memory", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Writes a Docker build context: the Dockerfile's text and the given files, by their names in the
   * context. Files are streamed, not read into memory.
   */
  static void buildContext(String dockerfile, Map<String, Path> files, OutputStream out)
      throws IOException {
    TarArchiveOutputStream tar = open(out);
    byte[] text = dockerfile.getBytes(StandardCharsets.UTF_8);
    Instant epoch = Instant.EPOCH;
    tar.putArchiveEntry(regular("Dockerfile", text.length, 0644, epoch));
    tar.write(text);
    tar.closeArchiveEntry();
    for (Map.Entry<String, Path> file : files.entrySet()) {
      tar.putArchiveEntry(regular(file.getKey(), Files.size(file.getValue()), 0644, epoch));
      try (InputStream in = Files.newInputStream(file.getValue())) {
        in.transferTo(tar);
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.flush();
  }

  private static TarArchiveOutputStream open(OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    return tar;
  }

  private static TarArchiveEntry regular(String name, long size, int mode, Instant mtime) {
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(size);
    entry.setMode(0100000 | (mode & 07777));
    entry.setIds(0, 0);
    entry.setNames("root", "root");
    entry.setModTime(java.nio.file.attribute.FileTime.from(mtime));
    return entry;
  }
}
