package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.RootfsEntry;
import org.baseimg.initramfs.RootfsException;
import org.baseimg.initramfs.RootfsSource;

/**
 * Turns a source's ordered entries into a normalised newc stream: merges in the entries every
 * initramfs needs, synthesises missing parent directories, clamps mtimes, numbers inodes in archive
 * order (hard links share one and carry their data once, on the last name, as GNU cpio does), and
 * checks every limit of the format and of the kernel's unpacker.
 */
public final class ArchiveAssembler implements RootfsSource.EntryConsumer {
  /** The kernel's unpacker silently skips names and symlink targets longer than PATH_MAX. */
  static final int PATH_MAX = 4096;

  /** Linux's largest device numbers (MINORBITS is 20 and dev_t 32 bits). */
  static final long MAX_MAJOR = 0xFFF;

  static final long MAX_MINOR = 0xFFFFF;

  private static final int SYNTHESISED_DIRECTORY_MODE = 0755;
  private static final long PROGRESS_STEP = 8L << 20;

  private final EntryBoundaryStream out;
  private final OptionalLong epoch;
  private final String sourceName;
  private final List<Overlay> overlays;
  private final EventListener events;
  private final long totalBytes;

  private final ArrayDeque<ImagePath> openDirectories = new ArrayDeque<>();
  private final Map<Long, OpenGroup> openGroups = new HashMap<>();
  private final byte[] copyBuffer = new byte[1 << 18];
  private byte[] headerBuffer = new byte[Newc.headerBytes(PATH_MAX)];

  private int nextOverlay;
  private RootfsEntry previous;
  private long offset;
  private long nextInode = 1;
  private long entries;
  private long contentDone;
  private long nextProgress = PROGRESS_STEP;

  /**
   * An entry to merge into the source's.
   *
   * @param entry the entry
   * @param replaces true: it takes the place of the source's entry at the same path (the source
   *     must have been told to leave that path out); false: the source's entry wins
   */
  public record Overlay(RootfsEntry entry, boolean replaces) {}

  private static final class OpenGroup {
    final long inode;
    int written;

    OpenGroup(long inode) {
      this.inode = inode;
    }
  }

  /**
   * @param overlays sorted by path
   * @param totalBytes content bytes expected, for progress; -1 when unknown
   */
  public ArchiveAssembler(
      EntryBoundaryStream out,
      OptionalLong epoch,
      String sourceName,
      List<Overlay> overlays,
      EventListener events,
      long totalBytes) {
    this.out = out;
    this.epoch = epoch;
    this.sourceName = sourceName;
    this.overlays = overlays;
    this.events = events;
    this.totalBytes = totalBytes;
  }

  @Override
  public void accept(RootfsEntry entry) throws IOException, RootfsException {
    while (nextOverlay < overlays.size()) {
      Overlay overlay = overlays.get(nextOverlay);
      int order = overlay.entry().path().compareTo(entry.path());
      if (order > 0) {
        break;
      }
      nextOverlay++;
      if (order < 0) {
        emit(overlay.entry());
      } else if (overlay.replaces()) {
        throw new IllegalStateException(
            "the source still holds " + entry.path() + ", which an overlay replaces");
      }
    }
    emit(entry);
  }

  /** Writes the remaining overlays and the trailer. */
  public void finish() throws IOException, RootfsException {
    while (nextOverlay < overlays.size()) {
      emit(overlays.get(nextOverlay++).entry());
    }
    if (previous == null) {
      emit(RootfsEntry.directory(ImagePath.ROOT, SYNTHESISED_DIRECTORY_MODE, 0, 0, defaultMtime()));
    }
    if (!openGroups.isEmpty()) {
      throw new IllegalStateException(
          "hard-link groups " + openGroups.keySet() + " never received all their members");
    }
    byte[] name = Newc.encodeName(Newc.TRAILER_NAME);
    writeHeader(Newc.trailerHeader(), name);
    out.entryBoundary(name);
    events.on(new Event.Progress("pack", contentDone, totalBytes));
  }

  /** Entries written so far, the trailer not counted. */
  public long entries() {
    return entries;
  }

  /** Bytes of cpio stream written so far. */
  public long bytesWritten() {
    return offset;
  }

  private long defaultMtime() {
    return epoch.orElse(0);
  }

  private void emit(RootfsEntry entry) throws IOException, RootfsException {
    ImagePath path = entry.path();
    if (previous != null) {
      if (path.compareTo(previous.path()) <= 0) {
        throw new IllegalStateException(
            sourceName + " gave " + path + " after " + previous.path() + ": not in archive order");
      }
      if (previous.mode().type() != FileType.DIRECTORY && previous.path().isAncestorOf(path)) {
        throw new RootfsException(
            sourceName,
            path.toString(),
            "lies below "
                + previous.path()
                + ", which is a "
                + describe(previous.mode().type())
                + ", not a directory");
      }
    } else if (!path.isRoot()) {
      writeEntry(
          RootfsEntry.directory(ImagePath.ROOT, SYNTHESISED_DIRECTORY_MODE, 0, 0, defaultMtime()));
    }
    synthesiseParents(path);
    writeEntry(entry);
  }

  private void synthesiseParents(ImagePath path) throws IOException, RootfsException {
    if (path.isRoot()) {
      return;
    }
    while (!openDirectories.isEmpty() && !openDirectories.peek().isAncestorOf(path)) {
      openDirectories.pop();
    }
    ImagePath deepest = openDirectories.isEmpty() ? ImagePath.ROOT : openDirectories.peek();
    ArrayDeque<ImagePath> missing = new ArrayDeque<>();
    for (ImagePath p = path.parent(); !p.equals(deepest) && !p.isRoot(); p = p.parent()) {
      missing.push(p);
    }
    for (ImagePath directory : missing) {
      writeEntry(
          RootfsEntry.directory(directory, SYNTHESISED_DIRECTORY_MODE, 0, 0, defaultMtime()));
    }
  }

  /**
   * How an entry is numbered and what follows its header.
   *
   * @param linkTarget a symlink's target, written as its data; null for every other type
   */
  private record Slot(long inode, long nlink, long dataSize, byte[] linkTarget) {}

  private void writeEntry(RootfsEntry entry) throws IOException, RootfsException {
    long mtime = clampedMtime(entry);
    checkId(entry, "uid", entry.uid());
    checkId(entry, "gid", entry.gid());
    byte[] name = encodedName(entry);
    Slot slot = slot(entry);
    RootfsEntry.DeviceNumber device = checkedDevice(entry);
    Newc.Header header =
        new Newc.Header(
            slot.inode(),
            entry.mode().bits(),
            entry.uid(),
            entry.gid(),
            slot.nlink(),
            mtime,
            slot.dataSize(),
            0,
            0,
            device == null ? 0 : device.major(),
            device == null ? 0 : device.minor(),
            name.length,
            0);
    writeHeader(header, name);
    if (slot.linkTarget() != null) {
      write(slot.linkTarget(), slot.linkTarget().length);
      pad(slot.linkTarget().length);
    } else if (slot.dataSize() > 0) {
      copyContent(entry, slot.dataSize());
      pad(slot.dataSize());
    }
    out.entryBoundary(name);

    entries++;
    previous = entry;
    if (entry.mode().type() == FileType.DIRECTORY) {
      openDirectories.push(entry.path());
    }
  }

  private byte[] encodedName(RootfsEntry entry) throws RootfsException {
    if (entry.path().archiveName().equals(Newc.TRAILER_NAME)) {
      throw new RootfsException(
          sourceName,
          entry.path().toString(),
          "is named like cpio's end-of-archive entry; the kernel would stop unpacking there and"
              + " drop every later entry: rename or leave it out");
    }
    byte[] name = Newc.encodeName(entry.path().archiveName());
    if (name.length > PATH_MAX) {
      throw new RootfsException(
          sourceName,
          entry.path().toString(),
          "path is "
              + (name.length - 1)
              + " bytes long; the kernel skips entries whose name exceeds "
              + (PATH_MAX - 1)
              + " bytes");
    }
    return name;
  }

  /** Numbers the entry: every entry gets the next inode, except later names of a hard link. */
  private Slot slot(RootfsEntry entry) throws RootfsException {
    return switch (entry.mode().type()) {
      case DIRECTORY -> new Slot(nextInode++, 2, entry.size(), null);
      case REGULAR -> regularSlot(entry);
      case SYMLINK -> symlinkSlot(entry);
      default -> new Slot(nextInode++, 1, entry.size(), null);
    };
  }

  private Slot regularSlot(RootfsEntry entry) throws RootfsException {
    if (entry.size() > Newc.MAX_FIELD) {
      throw new RootfsException(
          sourceName,
          entry.path().toString(),
          "is "
              + entry.size()
              + " bytes; cpio newc cannot hold a file of 4 GiB or more: leave it out of the"
              + " image or ship it separately");
    }
    RootfsEntry.HardLinkGroup group = entry.hardLink();
    if (group == null) {
      return new Slot(nextInode++, 1, entry.size(), null);
    }
    OpenGroup open = openGroups.computeIfAbsent(group.id(), id -> new OpenGroup(nextInode++));
    open.written++;
    boolean last = open.written >= group.members();
    if (last) {
      openGroups.remove(group.id());
    }
    // The data goes with the group's last name only, as GNU cpio writes it.
    return new Slot(open.inode, group.members(), last ? entry.size() : 0, null);
  }

  private Slot symlinkSlot(RootfsEntry entry) throws RootfsException {
    long inode = nextInode++;
    byte[] target = entry.linkTarget().getBytes(StandardCharsets.UTF_8);
    if (target.length >= PATH_MAX) {
      throw new RootfsException(
          sourceName,
          entry.path().toString(),
          "symlink target is "
              + target.length
              + " bytes long; the kernel skips symlinks whose target exceeds "
              + (PATH_MAX - 1)
              + " bytes");
    }
    return new Slot(inode, 1, target.length, target);
  }

  private RootfsEntry.DeviceNumber checkedDevice(RootfsEntry entry) throws RootfsException {
    RootfsEntry.DeviceNumber device = entry.device();
    // The kernel's dev_t holds a 12-bit major and a 20-bit minor; new_encode_dev() would make
    // another device of larger numbers, so refuse them rather than let the image change them.
    if (device != null
        && (device.major() < 0
            || device.major() > MAX_MAJOR
            || device.minor() < 0
            || device.minor() > MAX_MINOR)) {
      throw new RootfsException(
          sourceName,
          entry.path().toString(),
          "device number "
              + device
              + " does not fit Linux's dev_t (major up to "
              + MAX_MAJOR
              + ", minor up to "
              + MAX_MINOR
              + ")");
    }
    return device;
  }

  private long clampedMtime(RootfsEntry entry) throws RootfsException {
    long mtime = entry.mtime();
    if (epoch.isPresent() && mtime > epoch.getAsLong()) {
      mtime = epoch.getAsLong();
    }
    if (mtime < 0 || mtime > Newc.MAX_FIELD) {
      throw new RootfsException(
          sourceName,
          entry.path().toString(),
          "modification time "
              + describeTime(mtime)
              + " does not fit cpio's 32-bit field (1970 to 2106); clamp mtimes to a source date"
              + " epoch (SOURCE_DATE_EPOCH)");
    }
    return mtime;
  }

  private static String describeTime(long seconds) {
    try {
      return Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    } catch (java.time.DateTimeException e) {
      return seconds + " s";
    }
  }

  private void checkId(RootfsEntry entry, String what, long id) throws RootfsException {
    if (id < 0 || id > Newc.MAX_FIELD) {
      throw new RootfsException(
          sourceName, entry.path().toString(), what + " " + id + " does not fit 32 bits");
    }
  }

  private void copyContent(RootfsEntry entry, long size) throws IOException {
    long remaining = size;
    try (InputStream in = entry.content().open()) {
      while (remaining > 0) {
        int n = in.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, remaining));
        if (n < 0) {
          throw new IOException(
              sourceName
                  + ": "
                  + entry.path()
                  + " shrank while being packed ("
                  + (size - remaining)
                  + " of "
                  + size
                  + " bytes); pack a tree nothing is writing to");
        }
        write(copyBuffer, n);
        remaining -= n;
        contentDone += n;
        if (contentDone >= nextProgress) {
          nextProgress = contentDone + PROGRESS_STEP;
          events.on(new Event.Progress("pack", contentDone, totalBytes));
        }
      }
    }
  }

  private void writeHeader(Newc.Header header, byte[] name) throws IOException {
    int needed = Newc.headerBytes(name.length);
    if (headerBuffer.length < needed) {
      headerBuffer = new byte[needed];
    }
    int length = Newc.encodeHeader(header, name, offset, headerBuffer);
    write(headerBuffer, length);
  }

  private void write(byte[] bytes, int length) throws IOException {
    out.write(bytes, 0, length);
    offset += length;
  }

  private void pad(long length) throws IOException {
    int padding = Newc.padding(length);
    if (padding > 0) {
      write(new byte[padding], padding);
    }
  }

  private static String describe(FileType type) {
    return switch (type) {
      case REGULAR -> "regular file";
      case SYMLINK -> "symlink";
      case CHAR_DEVICE -> "character device";
      case BLOCK_DEVICE -> "block device";
      case FIFO -> "fifo";
      case SOCKET -> "socket";
      case DIRECTORY -> "directory";
    };
  }
}
