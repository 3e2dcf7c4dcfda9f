package org.baseimg.profiles.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baseimg.profiles.internal.Yaml.Entry;
import org.baseimg.profiles.internal.Yaml.ListNode;
import org.baseimg.profiles.internal.Yaml.MapNode;
import org.baseimg.profiles.internal.Yaml.Node;
import org.baseimg.profiles.internal.Yaml.Scalar;

/**
 * Lays a profile over the one it extends: mappings merge key by key, scalars and lists replace,
 * {@code key+:} appends to the inherited list, {@code key: null} removes an inherited value. Nodes
 * keep the file and line they were written at, so later checks point at the right file.
 */
final class Merger {
  private Merger() {}

  /** {@code child} over {@code parent}; {@code parent} may be null (no extends). */
  static MapNode merge(MapNode parent, MapNode child) {
    Map<String, Entry> merged = new LinkedHashMap<>();
    if (parent != null) {
      merged.putAll(parent.entries());
    }
    for (Entry entry : child.entries().values()) {
      String written = entry.key();
      if (written.endsWith("+")) {
        String key = written.substring(0, written.length() - 1);
        Entry inherited = merged.get(key);
        merged.put(key, new Entry(key, entry.keyLocation(), append(inherited, entry.value())));
      } else if (entry.value() instanceof Scalar scalar && scalar.isNull()) {
        merged.remove(written);
      } else {
        Entry inherited = merged.get(written);
        if (inherited != null
            && inherited.value() instanceof MapNode inheritedMap
            && entry.value() instanceof MapNode childMap) {
          merged.put(
              written, new Entry(written, entry.keyLocation(), merge(inheritedMap, childMap)));
        } else {
          merged.put(written, new Entry(written, entry.keyLocation(), strip(entry.value())));
        }
      }
    }
    merged.remove("extends");
    return new MapNode(child.location(), merged);
  }

  private static Node append(Entry inherited, Node added) {
    if (inherited == null
        || !(inherited.value() instanceof ListNode base)
        || !(added instanceof ListNode more)) {
      return strip(added);
    }
    List<Node> items = new ArrayList<>(base.items());
    items.addAll(more.items());
    return new ListNode(more.location(), items);
  }

  /** Resolves {@code key+:} inside a mapping that has nothing to inherit (e.g. a new agent). */
  private static Node strip(Node node) {
    return node instanceof MapNode map ? merge(null, map) : node;
  }
}
