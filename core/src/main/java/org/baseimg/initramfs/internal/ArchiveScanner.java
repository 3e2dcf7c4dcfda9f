package org.baseimg.initramfs.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.baseimg.fs.FileMode;
import org.baseimg.fs.FileType;
import org.baseimg.initramfs.InitramfsFormatException;
import org.baseimg.initramfs.InitramfsListing;
import org.baseimg.initramfs.InitramfsListing.Entry;
import org.baseimg.initramfs.InitramfsListing.Segment;
import org.baseimg.initramfs.InitramfsReader;

/**
 * Walks a whole initramfs file segment by segment; see {@link
 * org.baseimg.initramfs.InitramfsReader}.
 */
public final class ArchiveScanner {
  private static final int MAX_SYMLINK_TARGET = ArchiveAssembler.PATH_MAX;

  /**
   * Zero bytes skipped between archives before the file is called something else: the kernel skips
   * any number, but real images pad to 4 bytes or a block, and /dev/zero should not be read
   * forever.
   */
  static final long MAX_ZERO_RUN = 64 * 1024;

  /**
   * Limits on what one listing holds, so that a small compressed file of millions of tiny entries
   * cannot take the heap: a full Debian root file system has a few hundred thousand entries.
   */
  static final int MAX_ENTRIES = 1_000_000;

  static final long MAX_NAME_BYTES = 128L << 20;

  private long nameBytes;

  /** Problems listed one by one; beyond this many, only counted. */
  static final int MAX_PROBLEMS = 1000;

  /** A list that keeps its first {@code limit} elements and counts the rest. */
  private static final class BoundedList extends ArrayList<String> {
    private static final long serialVersionUID = 1L;
    private final int limit;
    private long dropped;

    BoundedList(int limit) {
      this.limit = limit;
    }

    @Override
    public boolean add(String problem) {
      if (size() >= limit) {
        dropped++;
        return false;
      }
      return super.add(problem);
    }

    List<String> withCount() {
      List<String> all = new ArrayList<>(this);
      if (dropped > 0) {
        all.add("... and " + dropped + " more problems");
      }
      return all;
    }
  }

  private final String fileName;
  private final InitramfsReader.ContentVisitor contents;
  private final List<Segment> segments = new ArrayList<>();
  private final List<Entry> entries = new ArrayList<>();
  private final BoundedList problems = new BoundedList(MAX_PROBLEMS);

  /** Names since the last trailer: a later archive may replace files, one archive may not. */
  private final Set<String> namesInArchive = new HashSet<>();

  private final Set<String> directories = new HashSet<>();
  private final Map<HardLinkKey, LinkGroup> linkGroups = new HashMap<>();
  private final byte[] header = new byte[Newc.HEADER_LENGTH];

  private long lastLinkGroup;
  private boolean lastWasTrailer;
  private int segmentEntries;
  private int segmentTrailers;

  private record HardLinkKey(long devMajor, long devMinor, long inode) {}

  private static final class LinkGroup {
    final long number;
    final String firstName;
    final long nlink;
    final FileMode mode;
    int names;
    int withData;

    LinkGroup(long number, String firstName, long nlink, FileMode mode) {
      this.number = number;
      this.firstName = firstName;
      this.nlink = nlink;
      this.mode = mode;
    }
  }

  private final int maxEntries;
  private final long maxNameBytes;

  private ArchiveScanner(
      String fileName, InitramfsReader.ContentVisitor contents, int maxEntries, long maxNameBytes) {
    this.fileName = fileName;
    this.contents = contents;
    this.maxEntries = maxEntries;
    this.maxNameBytes = maxNameBytes;
  }

  public static InitramfsListing scan(
      InputStream file, long fileBytes, String fileName, InitramfsReader.ContentVisitor contents)
      throws IOException, InitramfsFormatException {
    return scan(file, fileBytes, fileName, contents, MAX_ENTRIES, MAX_NAME_BYTES);
  }

  /** As {@link #scan(InputStream, long, String, InitramfsReader.ContentVisitor)}, other limits. */
  static InitramfsListing scan(
      InputStream file,
      long fileBytes,
      String fileName,
      InitramfsReader.ContentVisitor contents,
      int maxEntries,
      long maxNameBytes)
      throws IOException, InitramfsFormatException {
    return new ArchiveScanner(fileName, contents, maxEntries, maxNameBytes)
        .scan(new PeekableInput(file), fileBytes);
  }

  private InitramfsListing scan(PeekableInput file, long fileBytes)
      throws IOException, InitramfsFormatException {
    while (true) {
      long zerosFrom = file.position();
      skipZeros(file, MAX_ZERO_RUN);
      if (file.fill(1) > 0 && file.peek(0) == 0) {
        throw new InitramfsFormatException(
            zerosFrom,
            fileName
                + ": "
                + MAX_ZERO_RUN
                + " zero bytes at offset "
                + zerosFrom
                + " and more; not an initramfs (padding between archives is far shorter)");
      }
      if (file.atEnd()) {
        break;
      }
      long offset = file.position();
      Magic magic = peekMagic(file);
      segmentEntries = 0;
      segmentTrailers = 0;
      int index = segments.size() + 1;
      if (magic == Magic.CPIO_NEWC || magic == Magic.CPIO_NEWC_CRC) {
        segments.add(plainSegment(file, offset, index));
      } else if (magic.isCompression()) {
        segments.add(compressedSegment(file, offset, magic, index));
      } else {
        throw new InitramfsFormatException(
            offset,
            fileName
                + ": unknown data at offset "
                + offset
                + " (neither cpio nor a compression the kernel reads)");
      }
    }
    if (segments.isEmpty()) {
      throw new InitramfsFormatException(0, fileName + " is empty");
    }
    if (!lastWasTrailer) {
      problems.add("the archive ends without a TRAILER!!! entry");
    }
    return new InitramfsListing(fileBytes, segments, entries, problems.withCount());
  }

  private static Magic peekMagic(PeekableInput file) throws IOException {
    byte[] head = new byte[Magic.LONGEST];
    int have = Math.min(Magic.LONGEST, file.fill(Magic.LONGEST));
    for (int i = 0; i < have; i++) {
      head[i] = (byte) file.peek(i);
    }
    return Magic.of(head, have);
  }

  /** A run of cpio entries as they are, up to the first bytes that are not a header. */
  private Segment plainSegment(PeekableInput file, long offset, int index)
      throws IOException, InitramfsFormatException {
    if ((offset & 3) != 0) {
      problems.add("plain cpio at offset " + offset + " is not 4-byte aligned");
    }
    long before = file.position();
    parseEntries(file, offset, false, index);
    long length = file.position() - before;
    return new Segment(index, offset, length, "none", length, segmentEntries, segmentTrailers);
  }

  /** A compressed stream of cpio entries, read to its end so that its checks run. */
  private Segment compressedSegment(PeekableInput file, long offset, Magic magic, int index)
      throws IOException, InitramfsFormatException {
    if (magic == Magic.XZ) {
      checkXzCheck(file, offset, index);
    }
    PeekableInput content;
    try {
      // Opening reads the stream's header, which may be as corrupt as anything after it.
      content = new PeekableInput(StreamDecoders.open(magic, file));
      parseEntries(content, 0, true, index);
      while (content.read() >= 0) {
        // drain: a decoder checks its trailer only when read to the end
      }
    } catch (Magic.UnreadableCompressionException e) {
      throw new InitramfsFormatException(
          offset, fileName + ": segment at offset " + offset + " is " + e.getMessage(), e);
    } catch (IOException e) {
      if (e instanceof EOFException || isCorruption(e)) {
        throw new InitramfsFormatException(
            offset,
            fileName
                + ": "
                + magic.displayName()
                + " stream at offset "
                + offset
                + " is cut off or corrupt ("
                + e.getMessage()
                + ")",
            e);
      }
      throw e;
    }
    return new Segment(
        index,
        offset,
        file.position() - offset,
        magic.displayName(),
        content.position(),
        segmentEntries,
        segmentTrailers);
  }

  /**
   * The kernel's xz decoder verifies CRC32 or no check and refuses every other (CRC64, SHA-256):
   * such a segment does not boot, although xz itself reads it.
   */
  private void checkXzCheck(PeekableInput file, long offset, int index) throws IOException {
    // Stream header: 6 magic bytes, then the stream flags, whose second byte names the check.
    if (file.fill(8) < 8) {
      return; // the decoder reports the cut-off header
    }
    int check = file.peek(7) & 0x0f;
    if (check != 0x00 && check != 0x01) {
      String name =
          switch (check) {
            case 0x04 -> "CRC64";
            case 0x0a -> "SHA-256";
            default -> "check type " + check;
          };
      problems.add(
          "segment "
              + index
              + " at offset "
              + offset
              + ": xz stream uses "
              + name
              + "; the kernel's xz decoder accepts only CRC32 or none, so it would not boot"
              + " (compress with xz --check=crc32)");
    }
  }

  private static boolean isCorruption(IOException e) {
    String name = e.getClass().getName();
    return name.startsWith("org.tukaani.xz")
        || name.startsWith("com.github.luben.zstd")
        || e.getMessage() != null
            && (e.getMessage().contains("gzip")
                || e.getMessage().contains("zstd")
                || e.getMessage().contains("lz4"));
  }

  private static void skipZeros(PeekableInput in) throws IOException {
    skipZeros(in, Long.MAX_VALUE);
  }

  /** Skips at most {@code limit} zero bytes. */
  private static void skipZeros(PeekableInput in, long limit) throws IOException {
    long skipped = 0;
    while (skipped < limit && in.fill(1) > 0 && in.peek(0) == 0) {
      in.consume(1);
      skipped++;
    }
  }

  /**
   * Parses entries until the input ends or, in a plain run, until the next bytes are not a cpio
   * header.
   *
   * @param base the file offset of the input's first byte, for alignment (0 inside a compressed
   *     stream, where the kernel counts from the stream's start)
   */
  private void parseEntries(PeekableInput in, long base, boolean compressed, int segment)
      throws IOException, InitramfsFormatException {
    while (true) {
      skipZeros(in);
      if (in.fill(6) < 6) {
        if (in.fill(1) > 0) {
          throw new InitramfsFormatException(
              base + in.position(),
              fileName
                  + ": segment "
                  + segment
                  + " ends in junk at offset "
                  + (base + in.position()));
        }
        return;
      }
      if (!isHeaderMagic(in)) {
        if (compressed) {
          throw new InitramfsFormatException(
              base + in.position(),
              fileName
                  + ": junk inside the "
                  + "compressed stream of segment "
                  + segment
                  + " at uncompressed offset "
                  + in.position());
        }
        return;
      }
      parseEntry(in, base, segment);
    }
  }

  private static boolean isHeaderMagic(PeekableInput in) {
    return in.peek(0) == '0'
        && in.peek(1) == '7'
        && in.peek(2) == '0'
        && in.peek(3) == '7'
        && in.peek(4) == '0'
        && (in.peek(5) == '1' || in.peek(5) == '2');
  }

  private void parseEntry(PeekableInput in, long base, int segment)
      throws IOException, InitramfsFormatException {
    long offset = base + in.position();
    if ((offset & 3) != 0) {
      problems.add("header at offset " + offset + " is not 4-byte aligned");
    }
    readFully(in, header, offset, "header");
    boolean withChecksum = header[5] == '2';
    Newc.Header fields = Newc.decodeHeader(header);
    if (fields == null) {
      throw new InitramfsFormatException(
          offset,
          fileName + ": header at offset " + offset + " has a field that is not hexadecimal");
    }
    if (fields.nameSize() == 0 || fields.nameSize() > ArchiveAssembler.PATH_MAX) {
      throw new InitramfsFormatException(
          offset,
          fileName + ": header at offset " + offset + " gives a name size of " + fields.nameSize());
    }
    byte[] rawName = new byte[(int) fields.nameSize()];
    readFully(in, rawName, offset, "name");
    if (rawName[rawName.length - 1] != 0) {
      problems.add("name at offset " + offset + " is not NUL-terminated");
    }
    nameBytes += rawName.length;
    if (nameBytes > maxNameBytes) {
      throw tooLarge(offset);
    }
    String name = decodeName(rawName, offset);
    checkPadding(in, Newc.padding(Newc.HEADER_LENGTH + rawName.length), name);

    if (name.equals(Newc.TRAILER_NAME)) {
      closeLinkGroups();
      namesInArchive.clear();
      segmentTrailers++;
      lastWasTrailer = true;
      skipData(in, fields.fileSize(), name, false);
      return;
    }
    lastWasTrailer = false;
    if (entries.size() >= maxEntries) {
      throw tooLarge(offset);
    }

    FileMode mode;
    try {
      mode = FileMode.of((int) fields.mode());
    } catch (IllegalArgumentException e) {
      problems.add(name + ": " + e.getMessage());
      skipData(in, fields.fileSize(), name, false);
      return;
    }
    long dataBytes = fields.fileSize();
    boolean symlink = mode.type() == FileType.SYMLINK;
    String linkTarget = symlink ? readLinkTarget(in, dataBytes, name, offset) : null;
    LinkGroup linkGroup = linkGroup(name, mode, fields);
    Entry entry =
        new Entry(
            name,
            mode,
            fields.uid(),
            fields.gid(),
            fields.nlink(),
            fields.mtime(),
            dataBytes,
            linkTarget,
            fields.ino(),
            fields.rdevMajor(),
            fields.rdevMinor(),
            segment,
            linkGroup == null ? 0 : linkGroup.number);
    if (!symlink) {
      long sum =
          mode.type() == FileType.REGULAR
              ? visitData(in, entry, withChecksum)
              : skipData(in, dataBytes, name, withChecksum);
      if (withChecksum && (sum & 0xFFFF_FFFFL) != fields.check()) {
        problems.add(name + ": data does not match the header's checksum");
      }
    }
    entries.add(entry);
    segmentEntries++;
    checkEntry(entry, linkGroup, fields);
  }

  private InitramfsFormatException tooLarge(long offset) {
    return new InitramfsFormatException(
        offset,
        fileName
            + ": holds more than "
            + maxEntries
            + " entries or "
            + maxNameBytes
            + " bytes of names; baseimg lists no more (an initramfs that large would not fit in"
            + " RAM when unpacked)");
  }

  /** A symlink's target and its padding; null, with a problem noted, when the kernel skips it. */
  private String readLinkTarget(PeekableInput in, long dataBytes, String name, long offset)
      throws IOException, InitramfsFormatException {
    if (dataBytes >= MAX_SYMLINK_TARGET) {
      problems.add(name + ": symlink target of " + dataBytes + " bytes; the kernel skips it");
      skipData(in, dataBytes, name, false);
      return null;
    }
    byte[] target = new byte[(int) dataBytes];
    readFully(in, target, offset, "symlink target");
    checkPadding(in, Newc.padding(dataBytes), name);
    return new String(target, StandardCharsets.UTF_8);
  }

  /** The hard-link group a regular file with several links joins, else null. */
  private LinkGroup linkGroup(String name, FileMode mode, Newc.Header fields) {
    if (mode.type() != FileType.REGULAR || fields.nlink() <= 1) {
      return null;
    }
    HardLinkKey key = new HardLinkKey(fields.devMajor(), fields.devMinor(), fields.ino());
    return linkGroups.computeIfAbsent(
        key, k -> new LinkGroup(++lastLinkGroup, name, fields.nlink(), mode));
  }

  /**
   * Hands a regular file's data to the visitor, then skips what it left and the padding; returns
   * the byte sum newc's checksum field holds, over all the data.
   */
  private long visitData(PeekableInput in, Entry entry, boolean sumBytes)
      throws IOException, InitramfsFormatException {
    EntryData data = new EntryData(in, entry.size(), sumBytes);
    contents.visit(entry, data);
    long sum = data.sum + skipBytes(in, data.remaining, entry.name(), sumBytes);
    checkPadding(in, Newc.padding(entry.size()), entry.name());
    return sum;
  }

  /** One entry's data: ends where the data ends (or early, if the archive does), sums bytes. */
  private static final class EntryData extends InputStream {
    private final PeekableInput in;
    private final boolean sumBytes;
    long remaining;
    long sum;

    EntryData(PeekableInput in, long length, boolean sumBytes) {
      this.in = in;
      this.remaining = length;
      this.sumBytes = sumBytes;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (remaining == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
        for (int i = 0; sumBytes && i < n; i++) {
          sum += b[off + i] & 0xff;
        }
      }
      return n;
    }

    @Override
    public void close() {
      // the scanner skips what is left
    }
  }

  private String decodeName(byte[] raw, long offset) {
    int length = raw.length > 0 && raw[raw.length - 1] == 0 ? raw.length - 1 : raw.length;
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      problems.add("name at offset " + offset + " is not valid UTF-8");
      return new String(raw, 0, length, StandardCharsets.UTF_8);
    }
  }

  private void checkEntry(Entry entry, LinkGroup group, Newc.Header fields) {
    String name = normalise(entry.name());
    if (!namesInArchive.add(name)) {
      problems.add(entry.name() + ": appears more than once in one archive");
    }
    int slash = name.lastIndexOf('/');
    if (slash > 0 && !directories.contains(name.substring(0, slash))) {
      problems.add(entry.name() + ": comes before its directory " + name.substring(0, slash));
    }
    if (entry.mode().type() == FileType.DIRECTORY) {
      directories.add(name);
    }
    if (group != null) {
      group.names++;
      if (entry.size() > 0) {
        group.withData++;
      }
      if (group.nlink != entry.nlink() || !group.mode.equals(entry.mode())) {
        problems.add(
            entry.name()
                + ": shares inode "
                + fields.ino()
                + " with "
                + group.firstName
                + " but not its link count or mode");
      }
    }
  }

  private static String normalise(String name) {
    String result = name;
    while (result.startsWith("./")) {
      result = result.substring(2);
    }
    while (result.startsWith("/")) {
      result = result.substring(1);
    }
    return result.isEmpty() ? "." : result;
  }

  /** A trailer ends the kernel's hard-link table: every group must be complete by then. */
  private void closeLinkGroups() {
    for (Map.Entry<HardLinkKey, LinkGroup> open : linkGroups.entrySet()) {
      LinkGroup group = open.getValue();
      if (group.names != group.nlink) {
        problems.add(
            group.firstName
                + ": hard-link group of inode "
                + open.getKey().inode()
                + " says "
                + group.nlink
                + " names but the archive has "
                + group.names);
      }
      if (group.withData > 1) {
        problems.add(
            group.firstName
                + ": hard-link group of inode "
                + open.getKey().inode()
                + " stores its data "
                + group.withData
                + " times");
      }
    }
    linkGroups.clear();
  }

  private void readFully(PeekableInput in, byte[] into, long offset, String what)
      throws IOException, InitramfsFormatException {
    int n = in.readNBytes(into, 0, into.length);
    if (n < into.length) {
      throw new InitramfsFormatException(
          offset,
          fileName + ": archive cut off inside the " + what + " of the entry at offset " + offset);
    }
  }

  /** Skips an entry's data and its padding; returns the byte sum newc's checksum field holds. */
  private long skipData(PeekableInput in, long length, String name, boolean sumBytes)
      throws IOException, InitramfsFormatException {
    long sum = skipBytes(in, length, name, sumBytes);
    checkPadding(in, Newc.padding(length), name);
    return sum;
  }

  /** Skips {@code length} bytes of an entry's data; returns their sum when asked. */
  private long skipBytes(PeekableInput in, long length, String name, boolean sumBytes)
      throws IOException, InitramfsFormatException {
    long sum = 0;
    long remaining = length;
    byte[] buffer = new byte[1 << 16];
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        throw new InitramfsFormatException(
            in.position(), fileName + ": archive cut off inside " + "the data of " + name);
      }
      for (int i = 0; sumBytes && i < n; i++) {
        sum += buffer[i] & 0xff;
      }
      remaining -= n;
    }
    return sum;
  }

  private void checkPadding(PeekableInput in, int padding, String name) throws IOException {
    for (int i = 0; i < padding; i++) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      if (b != 0) {
        problems.add(name + ": padding holds non-zero bytes");
        return;
      }
    }
  }
}
