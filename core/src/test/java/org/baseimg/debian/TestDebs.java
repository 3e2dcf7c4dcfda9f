package org.baseimg.debian;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds small Debian packages the way dpkg-deb lays them out, for tests. */
final class TestDebs {
  private TestDebs() {}

  /**
   * An entry of the package's data tar.
   *
   * @param name e.g. {@code ./boot/vmlinuz-test}
   * @param mode permission bits
   * @param content file content, or {@code null} for a directory or symlink
   * @param linkTarget the symlink's target, or {@code null}
   */
  record Entry(String name, int mode, byte[] content, String linkTarget) {
    static Entry file(String name, int mode, byte[] content) {
      return new Entry(name, mode, content, null);
    }

    static Entry file(String name, String content) {
      return file(name, 0644, content.getBytes(StandardCharsets.UTF_8));
    }

    static Entry directory(String name) {
      return new Entry(name, 0755, null, null);
    }

    static Entry symlink(String name, String target) {
      return new Entry(name, 0777, null, target);
    }
  }

  /**
   * Writes an ar archive of {@code debian-binary}, {@code control.tar.xz} and {@code dataMember}
   * (compressed as its name says; an unknown suffix leaves it as is).
   */
  static void write(Path deb, String dataMember, List<Entry> entries) throws IOException {
    byte[] data = compress(dataMember, tar(entries));
    try (ArArchiveOutputStream ar = new ArArchiveOutputStream(Files.newOutputStream(deb))) {
      add(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
      add(ar, "control.tar.xz", compress("control.tar.xz", tar(List.of(Entry.directory("./")))));
      add(ar, dataMember, data);
    }
  }

  /** xz with a CRC64 check, as Debian's tools write it. */
  static byte[] xz(byte[] content) throws IOException {
    return compress(".xz", content);
  }

  private static void add(ArArchiveOutputStream ar, String name, byte[] content)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, content.length, 0, 0, 0100644, 0));
    ar.write(content);
    ar.closeArchiveEntry();
  }

  private static byte[] tar(List<Entry> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Entry entry : entries) {
        TarArchiveEntry header;
        if (entry.linkTarget() != null) {
          header = new TarArchiveEntry(entry.name(), TarArchiveEntry.LF_SYMLINK);
          header.setLinkName(entry.linkTarget());
        } else if (entry.content() == null) {
          header = new TarArchiveEntry(entry.name());
          header.setMode(040000 | entry.mode());
        } else {
          header = new TarArchiveEntry(entry.name());
          header.setMode(0100000 | entry.mode());
          header.setSize(entry.content().length);
        }
        tar.putArchiveEntry(header);
        if (entry.content() != null) {
          tar.write(entry.content());
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] compress(String member, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = compressor(member, bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  private static OutputStream compressor(String member, OutputStream out) throws IOException {
    if (member.endsWith(".xz")) {
      return new XZOutputStream(out, new LZMA2Options());
    }
    if (member.endsWith(".zst")) {
      return new ZstdOutputStream(out);
    }
    if (member.endsWith(".gz")) {
      return new GZIPOutputStream(out);
    }
    return out;
  }
}
