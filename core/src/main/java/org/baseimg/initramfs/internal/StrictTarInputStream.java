package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * commons-compress's tar reader with the checks it leaves out: every header's checksum is verified,
 * and the numeric fields it narrows to 32-bit ints (uid, gid and the device numbers, which base-256
 * headers can make any size) are kept as read, so that a value too large is refused instead of
 * being cut to its low bits (a uid of 2^32 would otherwise become root).
 */
final class StrictTarInputStream extends TarArchiveInputStream {
  private static final int UID_OFFSET = 108;
  private static final int GID_OFFSET = 116;
  private static final int DEV_MAJOR_OFFSET = 329;
  private static final int DEV_MINOR_OFFSET = 337;
  private static final int TYPEFLAG_OFFSET = 156;
  private static final int FIELD = 8;

  /** The numeric fields of the last header read, as written there. */
  record RawFields(long uid, long gid, long devMajor, long devMinor) {}

  private RawFields lastHeader;

  StrictTarInputStream(InputStream in) {
    super(in, "UTF-8");
  }

  /** The numeric fields of the header of the entry {@code getNextEntry} returned last. */
  RawFields lastHeader() {
    return lastHeader;
  }

  @Override
  protected byte[] readRecord() throws IOException {
    // Headers come through here, contents do not.
    byte[] record = super.readRecord();
    if (record == null || isEOFRecord(record)) {
      return record;
    }
    if (!TarUtils.verifyCheckSum(record)) {
      throw new IOException("a tar header fails its checksum; the archive is corrupt");
    }
    try {
      // Device fields mean something for device entries only (older formats use the bytes).
      boolean device = record[TYPEFLAG_OFFSET] == '3' || record[TYPEFLAG_OFFSET] == '4';
      lastHeader =
          new RawFields(
              TarUtils.parseOctalOrBinary(record, UID_OFFSET, FIELD),
              TarUtils.parseOctalOrBinary(record, GID_OFFSET, FIELD),
              device ? TarUtils.parseOctalOrBinary(record, DEV_MAJOR_OFFSET, FIELD) : 0,
              device ? TarUtils.parseOctalOrBinary(record, DEV_MINOR_OFFSET, FIELD) : 0);
    } catch (IllegalArgumentException e) {
      throw new IOException("a tar header holds a malformed number: " + e.getMessage(), e);
    }
    return record;
  }
}
