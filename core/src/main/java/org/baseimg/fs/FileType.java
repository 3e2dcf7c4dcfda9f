package org.baseimg.fs;

/** The kind of a file system entry, with the type bits {@code st_mode} and cpio use for it. */
public enum FileType {
  FIFO(0010000, 'p'),
  CHAR_DEVICE(0020000, 'c'),
  DIRECTORY(0040000, 'd'),
  BLOCK_DEVICE(0060000, 'b'),
  REGULAR(0100000, '-'),
  SYMLINK(0120000, 'l'),
  SOCKET(0140000, 's');

  /** The mask that selects the type bits of a mode. */
  public static final int TYPE_MASK = 0170000;

  private final int typeBits;
  private final char symbol;

  FileType(int typeBits, char symbol) {
    this.typeBits = typeBits;
    this.symbol = symbol;
  }

  /** The type bits, e.g. {@code 0100000} for a regular file. */
  public int typeBits() {
    return typeBits;
  }

  /** The letter {@code ls -l} shows for this type. */
  public char symbol() {
    return symbol;
  }

  /** True for character and block devices, which carry a device number. */
  public boolean isDevice() {
    return this == CHAR_DEVICE || this == BLOCK_DEVICE;
  }

  /**
   * The type a full mode word encodes.
   *
   * @throws IllegalArgumentException if the type bits name no file type
   */
  public static FileType ofMode(int mode) {
    int bits = mode & TYPE_MASK;
    for (FileType type : values()) {
      if (type.typeBits == bits) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "mode 0" + Integer.toOctalString(mode) + " has no valid file type bits");
  }
}
