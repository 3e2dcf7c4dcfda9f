package org.baseimg.profiles.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baseimg.profiles.InvalidProfileException;
import org.baseimg.profiles.Problem;

/**
 * YAML read into a tree that remembers where every key and value was written. Scalars keep their
 * text as written: whether {@code no} is a boolean is decided by the field that reads it, never by
 * the YAML 1.1 resolver, so a string field gets the string {@code "no"}.
 */
public final class Yaml {
  private Yaml() {}

  /** Where a node was written. */
  public record Location(String file, int line, int column) {
    Problem problem(String key, String message) {
      return new Problem(file, line, column, key, message);
    }
  }

  /** A YAML node: a mapping, a sequence or a scalar. */
  public sealed interface Node permits MapNode, ListNode, Scalar {
    Location location();
  }

  /**
   * A mapping, in file order.
   *
   * @param entries by key
   */
  public record MapNode(Location location, Map<String, Entry> entries) implements Node {
    public MapNode {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public Node get(String key) {
      Entry entry = entries.get(key);
      return entry == null ? null : entry.value();
    }
  }

  /** A key, where it was written, and its value. */
  public record Entry(String key, Location keyLocation, Node value) {}

  /** A sequence. */
  public record ListNode(Location location, List<Node> items) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }
  }

  /** What YAML 1.1 would make of a scalar; the text is always kept. */
  public enum Kind {
    STRING,
    TRUE,
    FALSE,
    INTEGER,
    FLOAT,
    NULL
  }

  /**
   * A scalar.
   *
   * @param text as written (quotes removed)
   * @param kind what YAML 1.1 would read it as; {@code STRING} when quoted
   */
  public record Scalar(Location location, String text, Kind kind) implements Node {
    public boolean isNull() {
      return kind == Kind.NULL;
    }
  }

  /** Reads one YAML document; an empty document is an empty mapping. */
  public static Node read(String text, String file) throws InvalidProfileException {
    try (YAMLParser parser = new YAMLFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new MapNode(new Location(file, 1, 1), Map.of());
      }
      Node root = readNode(parser, file);
      if (parser.nextToken() != null) {
        throw new InvalidProfileException(
            location(parser, file).problem("", "holds more than one YAML document; keep one"));
      }
      return root;
    } catch (JsonParseException e) {
      JsonLocation at = e.getLocation();
      // SnakeYAML's message interleaves what went wrong with "in 'reader', line ..." and a
      // caret drawing; keep the sentences, the location is given separately.
      String message =
          String.join(
              "; ",
              e.getOriginalMessage()
                  .lines()
                  .filter(line -> !line.isBlank() && !line.startsWith(" "))
                  .toList());
      throw new InvalidProfileException(
          new Problem(
              file,
              at == null ? 0 : at.getLineNr(),
              at == null ? 0 : at.getColumnNr(),
              "",
              "is not valid YAML: " + message));
    } catch (IOException e) {
      throw new InvalidProfileException(
          new Problem(file, 0, 0, "", "cannot be read as YAML: " + e.getMessage()));
    }
  }

  private static Node readNode(YAMLParser parser, String file)
      throws IOException, InvalidProfileException {
    Location location = location(parser, file);
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          Location keyLocation = location(parser, file);
          parser.nextToken();
          Node value = readNode(parser, file);
          if (entries.containsKey(key)) {
            throw new InvalidProfileException(
                keyLocation.problem(
                    key,
                    "is given twice in one mapping (first on line "
                        + entries.get(key).keyLocation().line()
                        + "); keep one"));
          }
          entries.put(key, new Entry(key, keyLocation, value));
        }
        return new MapNode(location, entries);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(readNode(parser, file));
        }
        return new ListNode(location, items);
      }
      default -> {
        return new Scalar(location, parser.getText(), kind(token));
      }
    }
  }

  private static Kind kind(JsonToken token) {
    return switch (token) {
      case VALUE_TRUE -> Kind.TRUE;
      case VALUE_FALSE -> Kind.FALSE;
      case VALUE_NUMBER_INT -> Kind.INTEGER;
      case VALUE_NUMBER_FLOAT -> Kind.FLOAT;
      case VALUE_NULL -> Kind.NULL;
      default -> Kind.STRING;
    };
  }

  private static Location location(YAMLParser parser, String file) {
    JsonLocation at = parser.currentTokenLocation();
    return new Location(file, at.getLineNr(), at.getColumnNr());
  }
}
