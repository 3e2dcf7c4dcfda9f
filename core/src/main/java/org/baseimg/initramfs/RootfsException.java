package org.baseimg.initramfs;

import org.baseimg.BadInputException;

/**
 * A root file system that cannot be packed as given: a tar entry that escapes the root, a file too
 * large for cpio, a time stamp cpio cannot store, a truncated archive, a missing source.
 */
public final class RootfsException extends BadInputException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String entry;

  /**
   * @param source what was being read, e.g. {@code directory /srv/tree} or {@code tar on stdin}
   * @param entry the entry at fault, or {@code null} when the source as a whole is
   * @param reason what is wrong and what to do
   */
  public RootfsException(String source, String entry, String reason) {
    super(format(source, entry, reason));
    this.source = source;
    this.entry = entry;
  }

  public RootfsException(String source, String entry, String reason, Throwable cause) {
    super(format(source, entry, reason), cause);
    this.source = source;
    this.entry = entry;
  }

  private static String format(String source, String entry, String reason) {
    return entry == null ? source + ": " + reason : source + ": " + entry + ": " + reason;
  }

  /** What was being read. */
  public String source() {
    return source;
  }

  /** The entry at fault, or {@code null}. */
  public String entry() {
    return entry;
  }
}
