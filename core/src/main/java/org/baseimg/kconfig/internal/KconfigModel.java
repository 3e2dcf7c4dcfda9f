package org.baseimg.kconfig.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every symbol of a Kconfig tree as read for one architecture: its definitions (a symbol may be
 * defined in several places) and who selects or implies it.
 */
public final class KconfigModel {
  /** A {@code select} or {@code imply} pointing at a symbol, seen from the target. */
  public record Selector(String symbol, Expr condition, String location) {}

  final Map<String, List<SymbolDefinition>> definitions = new LinkedHashMap<>();
  final Map<String, List<Selector>> selectedBy = new LinkedHashMap<>();
  final Map<String, List<Selector>> impliedBy = new LinkedHashMap<>();
  final List<String> files = new ArrayList<>();

  /** The definitions of {@code symbol}, in the order the tree reads them; empty if unknown. */
  public List<SymbolDefinition> definitions(String symbol) {
    return definitions.getOrDefault(symbol, List.of());
  }

  /** Whether the tree defines {@code symbol}. */
  public boolean defines(String symbol) {
    return definitions.containsKey(symbol);
  }

  /** Every defined symbol's name. */
  public java.util.Set<String> symbols() {
    return Collections.unmodifiableSet(definitions.keySet());
  }

  public List<Selector> selectedBy(String symbol) {
    return selectedBy.getOrDefault(symbol, List.of());
  }

  public List<Selector> impliedBy(String symbol) {
    return impliedBy.getOrDefault(symbol, List.of());
  }

  /** The Kconfig files read, relative to the top of the tree, in reading order. */
  public List<String> files() {
    return Collections.unmodifiableList(files);
  }

  /** The symbol's type: that of its first definition that gives one. */
  public SymbolDefinition.Type type(String symbol) {
    for (SymbolDefinition definition : definitions(symbol)) {
      if (definition.type != SymbolDefinition.Type.UNKNOWN) {
        return definition.type;
      }
    }
    return SymbolDefinition.Type.UNKNOWN;
  }
}
