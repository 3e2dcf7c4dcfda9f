package org.baseimg.kconfig;

import java.util.List;

/**
 * A fragment that sets a symbol the config before it already mentions, with another line.
 *
 * @param symbol the symbol, without {@code CONFIG_}
 * @param fragment the fragment that redefines it, as named
 * @param previous the lines it replaces
 * @param requested the fragment's lines for it
 */
public record Redefinition(
    String symbol, String fragment, List<String> previous, List<String> requested) {
  public Redefinition {
    previous = List.copyOf(previous);
    requested = List.copyOf(requested);
  }

  /**
   * merge_config.sh's words for it, three lines and a blank one. The script echoes them unquoted,
   * so the shell collapses its aligned spaces and joins several lines into one: so does this.
   */
  public String mergeConfigMessage() {
    return "Value of CONFIG_"
        + symbol
        + " is redefined by fragment "
        + fragment
        + ":\nPrevious value: "
        + words(previous)
        + "\nNew value: "
        + words(requested)
        + "\n\n";
  }

  private static String words(List<String> lines) {
    return String.join(" ", lines).strip().replaceAll("\\s+", " ");
  }

  @Override
  public String toString() {
    return "CONFIG_"
        + symbol
        + ": "
        + String.join(" ", previous)
        + " -> "
        + String.join(" ", requested)
        + " (by "
        + fragment
        + ")";
  }
}
