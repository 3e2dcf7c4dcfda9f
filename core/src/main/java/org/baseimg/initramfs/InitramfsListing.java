package org.baseimg.initramfs;

import java.util.List;
import org.baseimg.fs.FileMode;

/**
 * What an initramfs holds, stream by stream and entry by entry, and what is wrong with its
 * structure.
 *
 * @param fileBytes the file's length
 * @param segments its streams in order: runs of plain cpio and compressed streams
 * @param entries every entry except trailers, in archive order
 * @param problems structural faults found, each one line naming the entry or offset; empty when the
 *     archive is sound
 */
public record InitramfsListing(
    long fileBytes, List<Segment> segments, List<Entry> entries, List<String> problems) {

  public InitramfsListing {
    segments = List.copyOf(segments);
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  /** True when no problem was found. */
  public boolean isSound() {
    return problems.isEmpty();
  }

  /** Uncompressed bytes over all segments. */
  public long uncompressedBytes() {
    return segments.stream().mapToLong(Segment::uncompressedBytes).sum();
  }

  /**
   * One physical stream of the file.
   *
   * @param index 1-based position in the file
   * @param offset where it starts in the file
   * @param storedBytes its length in the file
   * @param compression {@code none}, {@code gzip}, {@code xz} or {@code zstd}
   * @param uncompressedBytes the cpio bytes it holds
   * @param entries entries that start in it, trailers not counted
   * @param trailers how many {@code TRAILER!!!} entries it holds
   */
  public record Segment(
      int index,
      long offset,
      long storedBytes,
      String compression,
      long uncompressedBytes,
      int entries,
      int trailers) {}

  /**
   * One archive entry as its header says.
   *
   * @param name the stored name, e.g. {@code usr/bin/env}
   * @param mode type and permissions
   * @param uid owner
   * @param gid group
   * @param nlink link count
   * @param mtime seconds since 1970
   * @param size bytes of data stored with this entry (0 for all but one name of a hard-link group)
   * @param linkTarget a symlink's target, else {@code null}
   * @param inode inode number; names of one hard-link group share it
   * @param rdevMajor a device's major number
   * @param rdevMinor a device's minor number
   * @param segment the 1-based segment the entry starts in
   * @param hardLinkGroup 0 for all but hard-linked regular files; names that share one inode (until
   *     a trailer ends the archive's hard-link table) share a number, unique within the file, and
   *     at most one of them carries the data
   */
  public record Entry(
      String name,
      FileMode mode,
      long uid,
      long gid,
      long nlink,
      long mtime,
      long size,
      String linkTarget,
      long inode,
      long rdevMajor,
      long rdevMinor,
      int segment,
      long hardLinkGroup) {}
}
