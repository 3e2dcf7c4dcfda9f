package org.baseimg.kconfig.internal;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks Debian's {@code linux-source-*.tar.xz} into a directory, without its top-level folder:
 * files keep their execute bits (kconfig runs scripts from the tree), symlinks are made as links,
 * and no entry may leave the target.
 */
public final class SourceUnpacker {
  private SourceUnpacker() {}

  /** Unpacks {@code tarXz} into {@code target}, which must exist and be empty. */
  public static long unpack(Path tarXz, Path target, String phase, EventListener events)
      throws IOException, InterruptedException {
    long total = Files.size(tarXz);
    long[] read = {0};
    long files = 0;
    Path root = target.toAbsolutePath().normalize();
    try (InputStream raw = Files.newInputStream(tarXz);
        InputStream counting =
            new FilterInputStream(raw) {
              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                  read[0] += n;
                }
                return n;
              }
            };
        TarArchiveInputStream tar =
            new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(counting, 1 << 16)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("unpacking " + tarXz + " interrupted");
        }
        String name = entry.getName();
        int slash = name.indexOf('/');
        String inside = slash < 0 ? "" : name.substring(slash + 1);
        if (inside.isEmpty()) {
          continue;
        }
        Path path = root.resolve(inside).normalize();
        if (!path.startsWith(root)) {
          throw new IOException("entry " + name + " would land outside " + root);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.deleteIfExists(path);
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          String linked = entry.getLinkName();
          Path source = root.resolve(linked.substring(linked.indexOf('/') + 1)).normalize();
          Files.createDirectories(path.getParent());
          Files.copy(source, path, StandardCopyOption.REPLACE_EXISTING);
        } else if (entry.isFile()) {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
          boolean executable = (entry.getMode() & 0111) != 0;
          Files.setPosixFilePermissions(
              path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
          files++;
          if (files % 2000 == 0) {
            events.on(new Event.Progress(phase, read[0], total));
          }
        }
      }
    }
    return files;
  }
}
