package org.baseimg.debian.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads deb822 control data: stanzas of {@code Field: value} lines separated by blank lines, with
 * continuation lines that start with a space or tab, as Debian's {@code Packages}, {@code Release}
 * and {@code *.sources} files use it. Lines starting with {@code #} are comments (only {@code
 * *.sources} has them; they never start a field elsewhere).
 */
public final class Deb822 {
  private Deb822() {}

  /**
   * One stanza. Field names compare case-insensitively; a continued value keeps its lines joined by
   * {@code \n}, each with its leading blank removed, the first line being what followed the colon.
   *
   * @param fields the fields in file order, keyed by lower-case name
   * @param firstLine the 1-based line number the stanza starts at, for messages
   */
  public record Stanza(Map<String, String> fields, int firstLine) {
    public Stanza {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The field's value, trimmed, if the stanza has it. */
    public Optional<String> get(String name) {
      return Optional.ofNullable(fields.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The field's value, or {@code ""} when the stanza does not have it. */
    public String value(String name) {
      return get(name).orElse("");
    }
  }

  /** All stanzas of {@code text}. */
  public static List<Stanza> parse(String text) {
    List<Stanza> stanzas = new ArrayList<>();
    try {
      read(new BufferedReader(new StringReader(text)), stanzas::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return stanzas;
  }

  /**
   * Hands each stanza of {@code reader} to {@code sink} as soon as it ends, so that a large index
   * never sits in memory as a whole.
   */
  public static void read(BufferedReader reader, Consumer<Stanza> sink) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    String currentName = null;
    StringBuilder currentValue = null;
    int lineNumber = 0;
    int firstLine = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.startsWith("#")) {
        continue;
      }
      if (line.isBlank()) {
        if (currentName != null) {
          fields.put(currentName, currentValue.toString().strip());
          currentName = null;
        }
        if (!fields.isEmpty()) {
          sink.accept(new Stanza(fields, firstLine));
          fields.clear();
        }
        continue;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (currentName == null) {
          continue; // a continuation without a field: not valid deb822, ignored as apt does
        }
        String content = line.substring(1);
        // " ." stands for an empty line inside a multi-line value.
        currentValue.append('\n').append(content.equals(".") ? "" : content.stripTrailing());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue; // not a field; ignored, as apt does
      }
      if (currentName != null) {
        fields.put(currentName, currentValue.toString().strip());
      }
      if (fields.isEmpty()) {
        firstLine = lineNumber;
      }
      currentName = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      currentValue = new StringBuilder(line.substring(colon + 1).strip());
    }
    if (currentName != null) {
      fields.put(currentName, currentValue.toString().strip());
    }
    if (!fields.isEmpty()) {
      sink.accept(new Stanza(fields, firstLine));
    }
  }
}
