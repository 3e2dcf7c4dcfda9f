package org.baseimg.initramfs;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.internal.DirectorySource;
import org.baseimg.initramfs.internal.EntryListSource;
import org.baseimg.initramfs.internal.TarSource;

/**
 * A root file system to pack: a directory on disk or a tar stream. Sources hand out entries in
 * {@link org.baseimg.fs.ImagePath} order, each directory before its contents, so the writer can
 * stream.
 */
public interface RootfsSource extends Closeable {

  /** A directory tree on the host, read through the JDK's unix attribute view. */
  static RootfsSource directory(Path root) {
    return new DirectorySource(root);
  }

  /**
   * A tar stream (ustar, GNU or PAX; plain, gzip, xz or zstd compressed, told apart by magic
   * bytes), as {@code docker export} and mmdebstrap write it. The source reads the stream once and
   * keeps file contents in a temporary file, since tar order is not archive order.
   *
   * @param description names the stream in messages, e.g. {@code standard input}
   */
  static RootfsSource tar(InputStream tar, String description) {
    return new TarSource(tar, description);
  }

  /** A tar file on the host; see {@link #tar(InputStream, String)}. */
  static RootfsSource tar(Path tarFile) {
    return TarSource.open(tarFile);
  }

  /**
   * Entries held in memory, for small synthesised trees. They are sorted here; a path given twice
   * is an error.
   *
   * @param description names the source in messages
   */
  static RootfsSource of(Collection<RootfsEntry> entries, String description) {
    return new EntryListSource(entries, description);
  }

  /** Names the source in messages, e.g. {@code directory /srv/rootfs}. */
  String description();

  /**
   * Reads what must be known before the entries can be streamed in order (a directory's hard links,
   * a whole tar stream). Called once, before {@link #forEach}.
   *
   * @param leaveOut paths the writer replaces with its own entries: the source skips them and does
   *     not count them as hard-link members
   * @return how much the source holds
   */
  Totals prepare(Set<ImagePath> leaveOut, EventListener events) throws IOException, RootfsException;

  /** The directory a directory source reads, for writers that must keep their own files out. */
  default java.util.Optional<java.nio.file.Path> directory() {
    return java.util.Optional.empty();
  }

  /** Hands every entry to {@code consumer}, in path order. */
  void forEach(EntryConsumer consumer) throws IOException, RootfsException;

  /** Receives entries from {@link #forEach}. */
  @FunctionalInterface
  interface EntryConsumer {
    void accept(RootfsEntry entry) throws IOException, RootfsException;
  }

  /**
   * The size of a source.
   *
   * @param entries how many entries it has
   * @param contentBytes the sum of its regular files' sizes, each hard-linked file counted once
   */
  record Totals(long entries, long contentBytes) {}
}
