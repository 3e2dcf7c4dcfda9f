package org.baseimg.initramfs.internal;

import java.nio.charset.StandardCharsets;

/**
 * The cpio "newc" format, owned in one place: the 110-byte header of thirteen 8-digit hex fields,
 * names as UTF-8 with a NUL, 4-byte alignment of header-plus-name and of data, and the {@code
 * TRAILER!!!} entry. The writer and the reader both go through this class.
 */
public final class Newc {
  /** The magic of newc without checksums; {@code 070702} is the same with a checksum field. */
  public static final String MAGIC = "070701";

  public static final String MAGIC_CRC = "070702";

  public static final int HEADER_LENGTH = 110;

  public static final String TRAILER_NAME = "TRAILER!!!";

  /** The largest value an 8-hex-digit field holds; also the largest file size plus one is 4 GiB. */
  public static final long MAX_FIELD = 0xFFFF_FFFFL;

  private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private Newc() {}

  /**
   * Every field of one header, already decided.
   *
   * @param ino inode number; hard links share it
   * @param mode type bits and permissions
   * @param uid owner
   * @param gid group
   * @param nlink link count
   * @param mtime seconds since 1970
   * @param fileSize bytes of data that follow the name
   * @param devMajor device of the file system the entry came from
   * @param devMinor see devMajor
   * @param rdevMajor a device node's major number
   * @param rdevMinor a device node's minor number
   * @param nameSize length of the UTF-8 name plus its NUL
   * @param check the checksum field (0 for {@code 070701})
   */
  public record Header(
      long ino,
      long mode,
      long uid,
      long gid,
      long nlink,
      long mtime,
      long fileSize,
      long devMajor,
      long devMinor,
      long rdevMajor,
      long rdevMinor,
      long nameSize,
      long check) {

    long[] fields() {
      return new long[] {
        ino, mode, uid, gid, nlink, mtime, fileSize, devMajor, devMinor, rdevMajor, rdevMinor,
        nameSize, check
      };
    }
  }

  /** The name as stored: UTF-8 followed by NUL. */
  public static byte[] encodeName(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    byte[] withNul = new byte[utf8.length + 1];
    System.arraycopy(utf8, 0, withNul, 0, utf8.length);
    return withNul;
  }

  /**
   * Writes header, name and the padding after the name into {@code buffer}.
   *
   * @param offset where the header starts in the stream (must be a multiple of 4)
   * @return the number of bytes placed in {@code buffer}
   */
  public static int encodeHeader(Header header, byte[] nameWithNul, long offset, byte[] buffer) {
    if ((offset & 3) != 0) {
      throw new IllegalStateException("newc header at unaligned offset " + offset);
    }
    if (header.nameSize() != nameWithNul.length) {
      throw new IllegalArgumentException("name size field does not match the name");
    }
    System.arraycopy(MAGIC_BYTES, 0, buffer, 0, MAGIC_BYTES.length);
    int pos = 6;
    for (long field : header.fields()) {
      if (field < 0 || field > MAX_FIELD) {
        throw new IllegalArgumentException("newc field value " + field + " exceeds 32 bits");
      }
      for (int shift = 28; shift >= 0; shift -= 4) {
        buffer[pos++] = HEX[(int) (field >>> shift) & 0xF];
      }
    }
    System.arraycopy(nameWithNul, 0, buffer, pos, nameWithNul.length);
    pos += nameWithNul.length;
    int padding = padding(HEADER_LENGTH + nameWithNul.length);
    for (int i = 0; i < padding; i++) {
      buffer[pos++] = 0;
    }
    return pos;
  }

  /** The bytes a header with this name occupies, padding included. */
  public static int headerBytes(int nameSizeWithNul) {
    int length = HEADER_LENGTH + nameSizeWithNul;
    return length + padding(length);
  }

  /** Zero bytes needed after {@code length} bytes to reach a multiple of 4. */
  public static int padding(long length) {
    return (int) ((4 - (length & 3)) & 3);
  }

  /**
   * Parses the thirteen fields after the magic.
   *
   * @return the header, or {@code null} when a field is not hexadecimal
   */
  public static Header decodeHeader(byte[] raw) {
    long[] f = new long[13];
    for (int i = 0; i < 13; i++) {
      long value = 0;
      for (int j = 0; j < 8; j++) {
        int digit = Character.digit(raw[6 + i * 8 + j], 16);
        if (digit < 0) {
          return null;
        }
        value = (value << 4) | digit;
      }
      f[i] = value;
    }
    return new Header(
        f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12]);
  }

  /** The trailer's header for an archive whose trailer name is {@link #TRAILER_NAME}. */
  public static Header trailerHeader() {
    return new Header(0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, TRAILER_NAME.length() + 1, 0);
  }
}
