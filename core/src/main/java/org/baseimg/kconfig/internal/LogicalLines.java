package org.baseimg.kconfig.internal;

import java.util.List;
import org.baseimg.kconfig.KconfigSyntaxException;

/**
 * The lines of one Kconfig file as kconfig reads them: a line ending in a backslash goes on in the
 * next one, and a help text, once its keyword is seen, is skipped whole.
 */
final class LogicalLines {
  /** A logical line and the number of its first physical line, from 1. */
  record Line(int number, String text) {}

  private final List<String> lines;
  private final String file;
  private int next;

  LogicalLines(List<String> lines, String file) {
    this.lines = lines;
    this.file = file;
  }

  boolean hasNext() {
    return next < lines.size();
  }

  /**
   * The next logical line; call only when {@link #hasNext()}.
   *
   * @throws KconfigSyntaxException when joined lines grow longer than {@link
   *     TextFiles#MAX_LINE_CHARS}
   */
  Line next() throws KconfigSyntaxException {
    int number = next + 1;
    StringBuilder logical = new StringBuilder(lines.get(next));
    next++;
    while (logical.length() > 0
        && logical.charAt(logical.length() - 1) == '\\'
        && next < lines.size()) {
      logical.setLength(logical.length() - 1);
      logical.append(lines.get(next));
      next++;
      if (logical.length() > TextFiles.MAX_LINE_CHARS) {
        throw new KconfigSyntaxException(
            file,
            number,
            "lines joined by backslashes are longer than "
                + TextFiles.MAX_LINE_CHARS
                + " characters");
      }
    }
    return new Line(number, logical.toString());
  }

  /**
   * Skips the help text that follows a {@code help} line: the lines indented at least as far as its
   * first one, blank ones too.
   */
  void skipHelp() {
    while (next < lines.size() && lines.get(next).isBlank()) {
      next++;
    }
    if (next == lines.size()) {
      return;
    }
    int indent = indent(lines.get(next));
    if (indent == 0) {
      return;
    }
    while (next < lines.size()
        && (lines.get(next).isBlank() || indent(lines.get(next)) >= indent)) {
      next++;
    }
  }

  /** The columns of leading blanks, a tab going to the next multiple of eight. */
  private static int indent(String line) {
    int columns = 0;
    for (char c : line.toCharArray()) {
      if (c == ' ') {
        columns++;
      } else if (c == '\t') {
        columns = (columns & ~7) + 8;
      } else {
        break;
      }
    }
    return columns;
  }
}
