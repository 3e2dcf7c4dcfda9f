package org.baseimg.cli;

/**
 * Makes text from files and archives safe to print on a terminal, as {@code ls -b} does: control
 * characters (C0, DEL, C1), the Unicode line and paragraph separators and the backslash itself are
 * written as escapes, so that a name cannot move the cursor, change colours or forge a line of
 * output.
 */
final class Escapes {
  private Escapes() {}

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder escaped = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(c);
      if (replacement != null && escaped == null) {
        escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (escaped != null) {
        escaped.append(replacement != null ? replacement : String.valueOf(c));
      }
    }
    return escaped == null ? text : escaped.toString();
  }

  private static String replacement(char c) {
    return switch (c) {
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '\u2028', '\u2029' -> String.format("\\u%04x", (int) c);
      default -> {
        if (c < 0x20 || c == 0x7f) {
          yield String.format("\\x%02x", (int) c);
        }
        if (c >= 0x80 && c < 0xa0) {
          yield String.format("\\u%04x", (int) c);
        }
        yield null;
      }
    };
  }
}
