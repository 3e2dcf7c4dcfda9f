package org.baseimg.fs;

/**
 * A file's type and all twelve permission bits (setuid, setgid and sticky included: they matter in
 * a root file system), as one {@code st_mode} word.
 *
 * @param type the kind of file
 * @param permissions the low twelve bits, {@code 0} to {@code 07777}
 */
public record FileMode(FileType type, int permissions) {
  /** The mask of the twelve permission bits. */
  public static final int PERMISSION_MASK = 07777;

  public FileMode {
    if (type == null) {
      throw new IllegalArgumentException("file type is null");
    }
    if ((permissions & ~PERMISSION_MASK) != 0) {
      throw new IllegalArgumentException(
          "permissions 0" + Integer.toOctalString(permissions) + " exceed 07777");
    }
  }

  /** Splits a full {@code st_mode} word into type and permissions. */
  public static FileMode of(int mode) {
    return new FileMode(FileType.ofMode(mode), mode & PERMISSION_MASK);
  }

  public static FileMode of(FileType type, int permissions) {
    return new FileMode(type, permissions);
  }

  /** The full mode word, type bits and permissions together. */
  public int bits() {
    return type.typeBits() | permissions;
  }

  /** The mode as {@code ls -l} shows it, e.g. {@code -rwsr-xr-x} or {@code drwxrwxrwt}. */
  @Override
  public String toString() {
    char[] out = new char[10];
    out[0] = type.symbol();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      out[i + 1] = (permissions & (0400 >> i)) != 0 ? rwx.charAt(i) : '-';
    }
    applySpecial(out, 3, 04000, 's');
    applySpecial(out, 6, 02000, 's');
    applySpecial(out, 9, 01000, 't');
    return new String(out);
  }

  private void applySpecial(char[] out, int index, int bit, char letter) {
    if ((permissions & bit) != 0) {
      out[index] = out[index] == '-' ? Character.toUpperCase(letter) : letter;
    }
  }
}
