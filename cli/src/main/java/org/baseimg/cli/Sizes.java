package org.baseimg.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sizes people type: {@code 65536}, {@code 64KiB}, {@code 32MiB}, {@code 1GiB}. */
final class Sizes {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|k|kib|m|mib|g|gib)");

  private Sizes() {}

  static long parse(String text, String option) {
    Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a size; write e.g. 65536, 64KiB, 32MiB or 1GiB");
    }
    long value = Long.parseLong(matcher.group(1));
    int shift =
        switch (matcher.group(2)) {
          case "k", "kib" -> 10;
          case "m", "mib" -> 20;
          case "g", "gib" -> 30;
          default -> 0;
        };
    return value << shift;
  }
}
