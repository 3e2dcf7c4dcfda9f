package org.baseimg.initramfs.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.fs.FileMode;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.RootfsEntry;
import org.baseimg.initramfs.RootfsException;
import org.baseimg.initramfs.RootfsSource;

/**
 * A tar stream as {@code docker export}, docker's copy-from-container and mmdebstrap write it:
 * ustar, GNU and PAX headers, long names, hard links as link entries, device entries. Tar order is
 * not archive order and a hard link's group size is only known at the end, so the stream is read
 * once up front: file contents go to a temporary file, an index of entries stays in memory (about a
 * hundred bytes each), and later entries of the same path replace earlier ones, as extracting
 * would.
 */
public final class TarSource implements RootfsSource {
  private static final long PROGRESS_STEP = 8L << 20;

  /**
   * The entry types a root file system can hold, as POSIX and GNU tar define them: regular ('0',
   * NUL, contiguous '7'), hard link, symlink, devices, directory, FIFO, and GNU's volume label,
   * which is skipped. PAX and GNU long-name records never reach here; anything else (GNU dump
   * directories 'D', sparse 'S', multi-volume 'M', vendor types) is refused, not packed as a file.
   */
  private static final String KNOWN_TYPES = "0\u00001234567V";

  private final String description;
  private final InputStream givenStream;
  private final Path file;

  private Path spoolPath;
  private FileChannel spool;
  private List<Stored> entries;
  private Map<Integer, RootfsEntry.HardLinkGroup> groups;

  /** An indexed entry; {@code contentId} names its bytes in the spool file, -1 for none. */
  private record Stored(
      ImagePath path,
      FileMode mode,
      long uid,
      long gid,
      long mtime,
      long size,
      String linkTarget,
      RootfsEntry.DeviceNumber device,
      int contentId,
      boolean leftOut) {

    /** Another name of the same file, as a hard link gives it. */
    Stored renamed(ImagePath newPath, boolean newLeftOut) {
      return new Stored(
          newPath, mode, uid, gid, mtime, size, linkTarget, device, contentId, newLeftOut);
    }
  }

  /** Where each content id's bytes start in the spool file. */
  private final List<Long> contentOffsets = new ArrayList<>();

  private long spooledBytes;

  public TarSource(InputStream tar, String description) {
    this.givenStream = tar;
    this.file = null;
    this.description = "tar " + description;
  }

  private TarSource(Path file) {
    this.givenStream = null;
    this.file = file;
    this.description = "tar " + file;
  }

  public static TarSource open(Path file) {
    return new TarSource(file);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Totals prepare(Set<ImagePath> leaveOut, EventListener events)
      throws IOException, RootfsException {
    InputStream raw = openInput();
    spoolPath = Files.createTempFile("baseimg-tar-", ".spool");
    spoolPath.toFile().deleteOnExit();
    Map<ImagePath, Stored> latest = readAndSpool(raw, leaveOut, events);
    spool = FileChannel.open(spoolPath, StandardOpenOption.READ);
    return keep(latest.values());
  }

  private InputStream openInput() throws IOException, RootfsException {
    if (file == null) {
      return givenStream;
    }
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new RootfsException(description, null, "does not exist");
    }
  }

  /**
   * Reads the whole tar once, file contents into the spool file; returns the last entry of each
   * path, as extracting would leave it.
   */
  private Map<ImagePath, Stored> readAndSpool(
      InputStream raw, Set<ImagePath> leaveOut, EventListener events)
      throws IOException, RootfsException {
    Map<ImagePath, Stored> latest = new HashMap<>();
    try (InputStream in = raw;
        OutputStream spoolOut =
            new BufferedOutputStream(Files.newOutputStream(spoolPath), 1 << 16)) {
      TarEndTracker tracked = new TarEndTracker(decompressed(in), description);
      StrictTarInputStream tar = new StrictTarInputStream(tracked);
      long started = System.nanoTime();
      events.on(new Event.PhaseStarted("read tar", -1, "bytes"));
      long nextProgress = PROGRESS_STEP;
      TarArchiveEntry entry;
      while ((entry = nextEntry(tar)) != null) {
        Stored stored = index(tar, entry, latest, leaveOut, spoolOut);
        if (stored != null) {
          latest.put(stored.path, stored);
        }
        if (spooledBytes >= nextProgress) {
          nextProgress = spooledBytes + PROGRESS_STEP;
          events.on(new Event.Progress("read tar", spooledBytes, -1));
        }
      }
      drainAfterEnd(tracked);
      tracked.checkEnd();
      events.on(
          new Event.PhaseFinished(
              "read tar",
              java.time.Duration.ofNanos(System.nanoTime() - started),
              latest.size() + " entries, " + spooledBytes + " bytes of file content"));
    }
    return latest;
  }

  /**
   * Keeps the entries not left out, in archive order, and makes a hard-link group of every content
   * that more than one kept name shares.
   */
  private Totals keep(Collection<Stored> latest) {
    entries = new ArrayList<>();
    Map<Integer, int[]> namesPerContent = new HashMap<>();
    long contentBytes = 0;
    for (Stored stored : latest) {
      if (stored.leftOut) {
        continue;
      }
      entries.add(stored);
      if (stored.contentId >= 0) {
        int[] names = namesPerContent.computeIfAbsent(stored.contentId, id -> new int[1]);
        if (names[0]++ == 0) {
          contentBytes += stored.size;
        }
      }
    }
    entries.sort((a, b) -> a.path.compareTo(b.path));
    groups = new HashMap<>();
    namesPerContent.forEach(
        (id, names) -> {
          if (names[0] > 1) {
            groups.put(id, new RootfsEntry.HardLinkGroup(id, names[0]));
          }
        });
    return new Totals(entries.size(), contentBytes);
  }

  private InputStream decompressed(InputStream in) throws RootfsException {
    try {
      return StrictDecompression.open(in);
    } catch (IOException e) {
      throw new RootfsException(description, null, reason(e), e);
    }
  }

  /**
   * Reads what follows the end-of-archive blocks, so that a compressed container's trailer and
   * checks are verified and nothing but zero padding hides there.
   */
  private void drainAfterEnd(InputStream tracked) throws RootfsException {
    byte[] buffer = new byte[1 << 16];
    try {
      int n;
      while ((n = tracked.read(buffer)) >= 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] != 0) {
            throw new RootfsException(
                description,
                null,
                "holds data after its end-of-archive blocks; a tar reader would ignore it, so"
                    + " baseimg refuses it");
          }
        }
      }
    } catch (IOException e) {
      throw new RootfsException(description, null, reason(e), e);
    }
  }

  /** A one-line reason for a failure of the compressed or tar layer, never a bare class name. */
  static String reason(IOException e) {
    String message = e.getMessage();
    if (e instanceof java.io.EOFException && (message == null || message.isBlank())) {
      return "ends too early; the file is truncated";
    }
    if (message == null || message.isBlank()) {
      return "is corrupt";
    }
    return "is corrupt or truncated: " + message;
  }

  private TarArchiveEntry nextEntry(StrictTarInputStream tar) throws RootfsException {
    try {
      return tar.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      String message = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
      if (e instanceof IOException io) {
        message = " (" + reason(io) + ")";
      }
      throw new RootfsException(description, null, "is not a readable tar archive" + message, e);
    }
  }

  private Stored index(
      StrictTarInputStream tar,
      TarArchiveEntry entry,
      Map<ImagePath, Stored> latest,
      Set<ImagePath> leaveOut,
      OutputStream spoolOut)
      throws IOException, RootfsException {
    String name = entry.getName();
    ImagePath path = archivePath(name);
    boolean leftOut = leaveOut.contains(path);
    StrictTarInputStream.RawFields raw = tar.lastHeader();
    long uid = checkedId(name, "uid", entry.getLongUserId(), raw.uid());
    long gid = checkedId(name, "gid", entry.getLongGroupId(), raw.gid());
    char flag = (char) entry.getLinkFlag();
    if (KNOWN_TYPES.indexOf(flag) < 0) {
      throw new RootfsException(
          description,
          name,
          "has tar entry type '"
              + printable(flag)
              + "', which baseimg does not know how to put in a root file system");
    }
    if (path.isRoot() && !entry.isDirectory()) {
      throw new RootfsException(
          description,
          name,
          "names the archive's root, which can only be a directory; the archive is corrupt");
    }
    long mtime = entry.getLastModifiedTime().toInstant().getEpochSecond();
    int permissions = entry.getMode() & FileMode.PERMISSION_MASK;

    if (entry.isLink()) {
      ImagePath target = archivePath(entry.getLinkName());
      Stored linked = latest.get(target);
      if (linked == null) {
        throw new RootfsException(
            description,
            name,
            "is a hard link to "
                + entry.getLinkName()
                + ", which the archive does not hold before it");
      }
      // Names of one inode share its metadata; the link entry's own header is not authoritative.
      return linked.renamed(path, leftOut);
    }
    FileType type;
    String linkTarget = null;
    RootfsEntry.DeviceNumber device = null;
    long size = 0;
    int contentId = -1;
    if (entry.isDirectory()) {
      type = FileType.DIRECTORY;
    } else if (entry.isSymbolicLink()) {
      type = FileType.SYMLINK;
      linkTarget = entry.getLinkName();
    } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      type = entry.isCharacterDevice() ? FileType.CHAR_DEVICE : FileType.BLOCK_DEVICE;
      device =
          checkedDevice(
              name,
              headerValue(entry.getDevMajor(), raw.devMajor()),
              headerValue(entry.getDevMinor(), raw.devMinor()));
    } else if (entry.isFIFO()) {
      type = FileType.FIFO;
    } else if (entry.getLinkFlag() == 'V') { // a GNU volume label names the archive, not a file
      return null;
    } else {
      type = FileType.REGULAR;
      size = entry.getRealSize();
      contentId = spoolRegularFile(tar, entry, size, spoolOut);
    }
    return new Stored(
        path,
        FileMode.of(type, permissions),
        uid,
        gid,
        mtime,
        size,
        linkTarget,
        device,
        contentId,
        leftOut);
  }

  /**
   * The value of a numeric field commons-compress narrows to an int: the header's own digits unless
   * a PAX record set another value (which commons-compress keeps whole).
   */
  private static long headerValue(long parsed, long inHeader) {
    return parsed == (int) inHeader ? inHeader : parsed;
  }

  private long checkedId(String name, String what, long parsed, long inHeader)
      throws RootfsException {
    long id = headerValue(parsed, inHeader);
    if (id < 0 || id > Newc.MAX_FIELD) {
      throw new RootfsException(
          description,
          name,
          "has "
              + what
              + " "
              + id
              + ", which does not fit 32 bits; GNU tar refuses it too, and cutting it would"
              + " change the owner");
    }
    return id;
  }

  private RootfsEntry.DeviceNumber checkedDevice(String name, long major, long minor)
      throws RootfsException {
    if (major < 0
        || major > ArchiveAssembler.MAX_MAJOR
        || minor < 0
        || minor > ArchiveAssembler.MAX_MINOR) {
      throw new RootfsException(
          description,
          name,
          "has device number "
              + major
              + ":"
              + minor
              + ", which does not fit Linux's dev_t (major up to "
              + ArchiveAssembler.MAX_MAJOR
              + ", minor up to "
              + ArchiveAssembler.MAX_MINOR
              + ")");
    }
    return new RootfsEntry.DeviceNumber(major, minor);
  }

  private static String printable(char flag) {
    return flag >= 0x20 && flag < 0x7f
        ? String.valueOf(flag)
        : String.format("\\x%02x", (int) flag);
  }

  /** Copies a regular file's content to the spool file; returns the id that names it there. */
  private int spoolRegularFile(
      StrictTarInputStream tar, TarArchiveEntry entry, long size, OutputStream spoolOut)
      throws IOException, RootfsException {
    String name = entry.getName();
    if (!entry.isFile()) {
      throw new RootfsException(
          description,
          name,
          "has tar entry type '"
              + (char) entry.getLinkFlag()
              + "', which a root file system cannot hold");
    }
    if (size > Newc.MAX_FIELD) {
      throw new RootfsException(
          description,
          name,
          "is "
              + size
              + " bytes; cpio newc cannot hold a file of 4 GiB or more: leave it out of the image or"
              + " ship it separately");
    }
    int contentId = contentOffsets.size();
    contentOffsets.add(spooledBytes);
    spoolContent(tar, name, size, spoolOut);
    spooledBytes += size;
    return contentId;
  }

  private ImagePath archivePath(String name) throws RootfsException {
    try {
      return ImagePath.ofArchiveName(name);
    } catch (IllegalArgumentException e) {
      throw new RootfsException(
          description,
          name,
          e.getMessage()
              + "; a root file system archive holds relative paths inside its root only");
    }
  }

  private void spoolContent(StrictTarInputStream tar, String name, long size, OutputStream spoolOut)
      throws IOException, RootfsException {
    byte[] buffer = new byte[1 << 16];
    long remaining = size;
    while (remaining > 0) {
      int n;
      try {
        n = tar.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      } catch (IOException e) {
        throw new RootfsException(
            description,
            name,
            "cannot be read (" + e.getMessage() + "); the archive is truncated or corrupt",
            e);
      }
      if (n < 0) {
        throw new RootfsException(
            description,
            name,
            "ends after "
                + (size - remaining)
                + " of "
                + size
                + " bytes; the archive is truncated");
      }
      spoolOut.write(buffer, 0, n);
      remaining -= n;
    }
  }

  @Override
  public void forEach(EntryConsumer consumer) throws IOException, RootfsException {
    if (entries == null) {
      throw new IllegalStateException("prepare() first");
    }
    for (Stored stored : entries) {
      RootfsEntry.Content content = null;
      if (stored.contentId >= 0) {
        long offset = contentOffsets.get(stored.contentId);
        long size = stored.size;
        content = () -> new SpoolInputStream(spool, offset, size);
      }
      RootfsEntry entry =
          new RootfsEntry(
              stored.path,
              stored.mode,
              stored.uid,
              stored.gid,
              stored.mtime,
              stored.size,
              stored.linkTarget,
              stored.device,
              stored.contentId >= 0 ? groups.get(stored.contentId) : null,
              content);
      consumer.accept(entry);
    }
  }

  @Override
  public void close() throws IOException {
    if (spool != null) {
      spool.close();
    }
    if (spoolPath != null) {
      Files.deleteIfExists(spoolPath);
    }
  }
}
