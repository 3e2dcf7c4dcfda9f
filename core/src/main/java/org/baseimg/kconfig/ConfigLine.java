package org.baseimg.kconfig;

/**
 * One line of a {@code .config} file or fragment, kept with its text so that a file written back is
 * the file that was read.
 */
public sealed interface ConfigLine {
  /** The 1-based line number in the file it came from. */
  int number();

  /** The line as written, without its line break. */
  String text();

  /**
   * {@code CONFIG_NAME=VALUE} or {@code # CONFIG_NAME is not set}.
   *
   * @param number the 1-based line number
   * @param text the line as written
   * @param symbol the symbol without the {@code CONFIG_} prefix
   * @param value the value as written ({@code y}, {@code m}, {@code 48}, {@code "text"}); {@code n}
   *     for a "not set" line
   * @param notSet whether the line is the {@code # ... is not set} form
   */
  record Setting(int number, String text, String symbol, String value, boolean notSet)
      implements ConfigLine {
    public Setting {
      if (symbol == null || symbol.isEmpty() || value == null || text == null) {
        throw new IllegalArgumentException("a setting needs a symbol, a value and its text");
      }
    }

    /** The line the kernel's tools write for {@code symbol} set to {@code value}. */
    public static Setting of(String symbol, String value) {
      return value.equals("n")
          ? new Setting(0, "# CONFIG_" + symbol + " is not set", symbol, "n", true)
          : new Setting(0, "CONFIG_" + symbol + "=" + value, symbol, value, false);
    }

    /** {@code NAME=VALUE}, as explanations write it. */
    public String assignment() {
      return symbol + "=" + value;
    }
  }

  /**
   * A comment or a blank line.
   *
   * @param number the 1-based line number
   * @param text the line as written
   */
  record Comment(int number, String text) implements ConfigLine {}
}
