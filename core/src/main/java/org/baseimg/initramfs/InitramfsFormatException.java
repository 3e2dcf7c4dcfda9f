package org.baseimg.initramfs;

import org.baseimg.BadInputException;

/** A file that is not a readable initramfs: unknown magic, a broken header, a cut-off stream. */
public final class InitramfsFormatException extends BadInputException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /**
   * @param offset where in the file (or in the uncompressed stream, as the message says) the
   *     problem is
   * @param message what is wrong
   */
  public InitramfsFormatException(long offset, String message) {
    super(message);
    this.offset = offset;
  }

  public InitramfsFormatException(long offset, String message, Throwable cause) {
    super(message, cause);
    this.offset = offset;
  }

  /** Where the problem is. */
  public long offset() {
    return offset;
  }
}
