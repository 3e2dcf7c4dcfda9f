package org.baseimg.profiles.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baseimg.profiles.InvalidProfileException;
import org.baseimg.profiles.Problem;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * YAML read into a tree that remembers where every key and value was written. Scalars keep their
 * text as written: whether {@code no} is a boolean is decided by the field that reads it, never by
 * the YAML 1.1 resolver, so a string field gets the string {@code "no"}. Read by SnakeYAML Engine
 * as YAML 1.2: aliases stand for their anchor's node, an undefined alias is an error.
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

  /** What YAML 1.2's core schema makes of a scalar; the text is always kept. */
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
   * @param kind what YAML 1.2's core schema reads it as; {@code STRING} when quoted or tagged
   */
  public record Scalar(Location location, String text, Kind kind) implements Node {
    public boolean isNull() {
      return kind == Kind.NULL;
    }
  }

  /**
   * How many nodes a document may hold once its aliases are expanded. Each alias stands for its
   * anchor's whole node, so ten aliases of ten aliases of ... ("billion laughs") make a tree that
   * the merge and the checks would walk billions of times; a profile has a few hundred nodes.
   */
  static final long MAX_EXPANDED_NODES = 100_000;

  /** Reads one YAML document; an empty document is an empty mapping. */
  public static Node read(String text, String file) throws InvalidProfileException {
    LoadSettings settings = LoadSettings.builder().setLabel(file).build();
    try {
      Iterator<Event> events = new Parse(settings).parseString(text).iterator();
      expect(events, Event.ID.StreamStart);
      Event next = events.next();
      if (next.getEventId() == Event.ID.StreamEnd) {
        return new MapNode(new Location(file, 1, 1), Map.of());
      }
      Node root = new Reader(events, file).node(events.next());
      expect(events, Event.ID.DocumentEnd);
      Event after = events.next();
      if (after.getEventId() != Event.ID.StreamEnd) {
        throw new InvalidProfileException(
            location(after, file).problem("", "holds more than one YAML document; keep one"));
      }
      return root;
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> at = e.getProblemMark().or(e::getContextMark);
      String message =
          (e.getContext() == null ? "" : e.getContext() + "; ")
              + (e.getProblem() == null ? "" : e.getProblem());
      throw new InvalidProfileException(
          new Problem(
              file,
              at.map(mark -> mark.getLine() + 1).orElse(0),
              at.map(mark -> mark.getColumn() + 1).orElse(0),
              "",
              "is not valid YAML: " + message.strip()));
    } catch (YamlEngineException e) {
      throw new InvalidProfileException(
          new Problem(file, 0, 0, "", "is not valid YAML: " + e.getMessage()));
    }
  }

  private static void expect(Iterator<Event> events, Event.ID id) {
    Event event = events.next();
    if (event.getEventId() != id) {
      throw new IllegalStateException(
          "the YAML parser gave " + event + " where " + id + " belongs");
    }
  }

  /**
   * Builds the tree of one document from the parser's events. An alias stands for the node its
   * anchor names (the same node object, placed again); an alias whose anchor was not defined before
   * it is an error.
   */
  private static final class Reader {
    private final Iterator<Event> events;
    private final String file;
    private final Map<String, Node> anchors = new HashMap<>();
    private final Map<Node, Long> sizes = new IdentityHashMap<>();
    private long expanded;

    Reader(Iterator<Event> events, String file) {
      this.events = events;
      this.file = file;
    }

    /** The node that {@code event} starts, and how many nodes it expands to, counted. */
    Node node(Event event) throws InvalidProfileException {
      Location location = location(event, file);
      if (event instanceof AliasEvent alias) {
        String name = alias.getAlias().getValue();
        Node anchored = anchors.get(name);
        if (anchored == null) {
          throw new InvalidProfileException(
              location.problem("", "uses the alias *" + name + " before any &" + name + " anchor"));
        }
        count(sizes.get(anchored), location);
        return anchored;
      }
      long before = expanded;
      Node node = read(event, location);
      count(1, location);
      sizes.put(node, expanded - before);
      if (event instanceof NodeEvent anchored && anchored.getAnchor().isPresent()) {
        anchors.put(anchored.getAnchor().get().getValue(), node);
      }
      return node;
    }

    private void count(long nodes, Location location) throws InvalidProfileException {
      expanded += nodes;
      if (expanded > MAX_EXPANDED_NODES) {
        throw new InvalidProfileException(
            location.problem(
                "",
                "expands to more than "
                    + MAX_EXPANDED_NODES
                    + " values through its aliases; a profile needs far fewer"));
      }
    }

    private Node read(Event event, Location location) throws InvalidProfileException {
      switch (event.getEventId()) {
        case MappingStart -> {
          Map<String, Entry> entries = new LinkedHashMap<>();
          for (Event next = events.next();
              next.getEventId() != Event.ID.MappingEnd;
              next = events.next()) {
            Location keyLocation = location(next, file);
            if (!(next instanceof ScalarEvent keyEvent)) {
              throw new InvalidProfileException(
                  keyLocation.problem("", "has a key that is not plain text; write key: value"));
            }
            String key = keyEvent.getValue();
            Node value = node(events.next());
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
        case SequenceStart -> {
          List<Node> items = new ArrayList<>();
          for (Event next = events.next();
              next.getEventId() != Event.ID.SequenceEnd;
              next = events.next()) {
            items.add(node(next));
          }
          return new ListNode(location, items);
        }
        case Scalar -> {
          ScalarEvent scalar = (ScalarEvent) event;
          return new Scalar(location, scalar.getValue(), kind(scalar));
        }
        default ->
            throw new IllegalStateException(
                "the YAML parser gave " + event + " where a node belongs");
      }
    }
  }

  /**
   * What a scalar is by YAML 1.2's core schema: only a plain (unquoted, untagged) scalar can be
   * anything but a string.
   */
  private static Kind kind(ScalarEvent scalar) {
    if (!scalar.isPlain() || scalar.getTag().isPresent()) {
      return Kind.STRING;
    }
    Tag tag = RESOLVER.resolve(scalar.getValue(), true);
    if (tag.equals(Tag.NULL)) {
      return Kind.NULL;
    } else if (tag.equals(Tag.BOOL)) {
      return scalar.getValue().equalsIgnoreCase("true") ? Kind.TRUE : Kind.FALSE;
    } else if (tag.equals(Tag.INT)) {
      return Kind.INTEGER;
    } else if (tag.equals(Tag.FLOAT)) {
      return Kind.FLOAT;
    }
    return Kind.STRING;
  }

  private static final ScalarResolver RESOLVER = new CoreSchema().getScalarResolver();

  private static Location location(Event event, String file) {
    return event
        .getStartMark()
        .map(mark -> new Location(file, mark.getLine() + 1, mark.getColumn() + 1))
        .orElse(new Location(file, 0, 0));
  }
}
