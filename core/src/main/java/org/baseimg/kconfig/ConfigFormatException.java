package org.baseimg.kconfig;

import org.baseimg.BadInputException;
import org.baseimg.kconfig.internal.TextFiles;

/** A line of a config or fragment that is none of the three kinds a {@code .config} has. */
public final class ConfigFormatException extends BadInputException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String text;

  /**
   * @param file the file as the user named it
   * @param line the 1-based line number
   * @param text the offending line
   */
  public ConfigFormatException(String file, int line, String text) {
    this(
        file,
        line,
        text,
        "'"
            + TextFiles.excerpt(text)
            + "' is not a config line; write CONFIG_NAME=VALUE, '# CONFIG_NAME is not set' or a"
            + " comment starting with #");
  }

  /**
   * @param file the file as the user named it
   * @param line the 1-based line number, 0 for the file as a whole
   * @param text the offending line, or empty
   * @param problem what is wrong, for the message after {@code file:line:}
   */
  public ConfigFormatException(String file, int line, String text, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
    this.text = text;
  }

  /** The file as the user named it. */
  public String file() {
    return file;
  }

  /** The 1-based line number. */
  public int line() {
    return line;
  }

  /** The offending line. */
  public String text() {
    return text;
  }
}
