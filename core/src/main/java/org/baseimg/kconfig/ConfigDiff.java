package org.baseimg.kconfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What changed between two configs, symbol by symbol, as the kernel's {@code scripts/diffconfig}
 * sees it: a "not set" line is {@code n}, a symbol on one side only is removed or added, and each
 * group is sorted by name. {@link #diffconfig()} and {@link #mergeStyle()} print exactly what
 * {@code diffconfig A B} and {@code diffconfig -m A B} print.
 *
 * <pre>{@code
 * ConfigDiff diff = ConfigDiff.between(amd64, arm64, false);
 * System.out.print(diff.diffconfig());
 * }</pre>
 *
 * @param removed symbols only the first config has, by name
 * @param changed symbols whose value differs, by name
 * @param added symbols only the second config has, by name
 */
public record ConfigDiff(List<Change> removed, List<Change> changed, List<Change> added) {
  public ConfigDiff {
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    added = List.copyOf(added);
  }

  /**
   * One symbol's change.
   *
   * @param symbol the name without {@code CONFIG_}
   * @param before its value in the first config, empty when absent there
   * @param after its value in the second config, empty when absent there
   */
  public record Change(String symbol, Optional<String> before, Optional<String> after) {
    /** Which of the three kinds this is. */
    public Kind kind() {
      return before.isEmpty() ? Kind.ADDED : after.isEmpty() ? Kind.REMOVED : Kind.CHANGED;
    }
  }

  /** A change's kind. */
  public enum Kind {
    REMOVED,
    CHANGED,
    ADDED
  }

  /**
   * The differences from {@code a} to {@code b}.
   *
   * @param absentAsN count a symbol missing from one side as {@code n} there, so that only real
   *     value changes remain (a symbol dropped from a config whose value was {@code n} is no
   *     change, one that was {@code y} is {@code y -> n})
   */
  public static ConfigDiff between(KernelConfig a, KernelConfig b, boolean absentAsN) {
    Map<String, String> before = a.values();
    Map<String, String> after = b.values();
    List<Change> removed = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    List<Change> added = new ArrayList<>();
    for (Map.Entry<String, String> entry : before.entrySet()) {
      String symbol = entry.getKey();
      String old = entry.getValue();
      String now = after.get(symbol);
      if (now == null && absentAsN) {
        now = "n";
      }
      if (now == null) {
        removed.add(new Change(symbol, Optional.of(old), Optional.empty()));
      } else if (!now.equals(old)) {
        changed.add(new Change(symbol, Optional.of(old), Optional.of(now)));
      }
    }
    for (Map.Entry<String, String> entry : after.entrySet()) {
      if (before.containsKey(entry.getKey())) {
        continue;
      }
      if (absentAsN) {
        if (!entry.getValue().equals("n")) {
          changed.add(new Change(entry.getKey(), Optional.of("n"), Optional.of(entry.getValue())));
        }
      } else {
        added.add(new Change(entry.getKey(), Optional.empty(), Optional.of(entry.getValue())));
      }
    }
    Comparator<Change> byName = Comparator.comparing(Change::symbol);
    removed.sort(byName);
    changed.sort(byName);
    added.sort(byName);
    return new ConfigDiff(removed, changed, added);
  }

  /** Whether the configs agree on every symbol. */
  public boolean isEmpty() {
    return removed.isEmpty() && changed.isEmpty() && added.isEmpty();
  }

  /** Every change: removed, then changed, then added, each by name, as diffconfig orders them. */
  public List<Change> all() {
    List<Change> all = new ArrayList<>(removed);
    all.addAll(changed);
    all.addAll(added);
    return all;
  }

  /** Exactly what {@code scripts/diffconfig A B} prints. */
  public String diffconfig() {
    StringBuilder out = new StringBuilder();
    all().forEach(change -> out.append(diffconfigLine(change)).append('\n'));
    return out.toString();
  }

  /** Exactly what {@code scripts/diffconfig -m A B} prints: a fragment that turns A into B. */
  public String mergeStyle() {
    StringBuilder out = new StringBuilder();
    for (Change change : all()) {
      // diffconfig tests the new value for truth: an empty one (CONFIG_X=) prints nothing.
      change
          .after()
          .filter(value -> !value.isEmpty())
          .ifPresent(value -> out.append(mergeLine(change.symbol(), value)).append('\n'));
    }
    return out.toString();
  }

  /**
   * The changes split by a group each symbol belongs to (e.g. the Kconfig file that defines it),
   * groups in name order, each holding its changes in diffconfig's order.
   *
   * @param groupOf a symbol's group; symbols it has none for go to {@code other}
   */
  public Map<String, ConfigDiff> groupedBy(
      Function<String, Optional<String>> groupOf, String other) {
    Map<String, List<List<Change>>> parts = new TreeMap<>();
    List<List<Change>> kinds = List.of(removed, changed, added);
    for (int kind = 0; kind < kinds.size(); kind++) {
      for (Change change : kinds.get(kind)) {
        String group = groupOf.apply(change.symbol()).orElse(other);
        parts
            .computeIfAbsent(
                group, g -> List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()))
            .get(kind)
            .add(change);
      }
    }
    Map<String, ConfigDiff> groups = new LinkedHashMap<>();
    parts.forEach(
        (group, lists) ->
            groups.put(group, new ConfigDiff(lists.get(0), lists.get(1), lists.get(2))));
    return groups;
  }

  /** One line of {@link #diffconfig()}: {@code -X y}, {@code X y -> m} or {@code +X m}. */
  public static String diffconfigLine(Change change) {
    return switch (change.kind()) {
      case REMOVED -> "-" + change.symbol() + " " + change.before().orElseThrow();
      case ADDED -> "+" + change.symbol() + " " + change.after().orElseThrow();
      case CHANGED ->
          " "
              + change.symbol()
              + " "
              + change.before().orElseThrow()
              + " -> "
              + change.after().orElseThrow();
    };
  }

  private static String mergeLine(String symbol, String value) {
    return ConfigLine.Setting.of(symbol, value).text();
  }
}
