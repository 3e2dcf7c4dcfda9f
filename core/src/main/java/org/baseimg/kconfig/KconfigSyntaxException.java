package org.baseimg.kconfig;

import org.baseimg.BadInputException;

/**
 * A Kconfig file that cannot be read: a missing {@code source}, an unknown keyword, bad nesting.
 */
public final class KconfigSyntaxException extends BadInputException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;

  /**
   * @param file the Kconfig file, relative to the tree
   * @param line the 1-based line, 0 for the file as a whole
   * @param problem what is wrong there
   */
  public KconfigSyntaxException(String file, int line, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** The Kconfig file, relative to the tree. */
  public String file() {
    return file;
  }

  /** The 1-based line. */
  public int line() {
    return line;
  }
}
