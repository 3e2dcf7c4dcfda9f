package org.baseimg.kconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baseimg.internal.Json;

/** How {@code kconfig diff} prints a {@link ConfigDiff}. */
public enum DiffFormat {
  /** diffconfig's own lines; grouped, each group under a {@code # GROUP} line. */
  TEXT,
  /** A table per group, for review comments and merge requests. */
  MARKDOWN,
  /** One JSON object, for scripts. */
  JSON;

  /** The diff as one whole, ungrouped. */
  public String render(ConfigDiff diff) {
    return switch (this) {
      case TEXT -> diff.diffconfig();
      case MARKDOWN -> table(diff);
      case JSON -> Json.write(jsonChanges(diff));
    };
  }

  /** The diff split into groups, e.g. by the Kconfig file defining each symbol. */
  public String render(Map<String, ConfigDiff> groups) {
    StringBuilder out = new StringBuilder();
    switch (this) {
      case TEXT -> {
        for (Map.Entry<String, ConfigDiff> group : groups.entrySet()) {
          if (out.length() > 0) {
            out.append('\n');
          }
          out.append("# ").append(group.getKey()).append('\n');
          out.append(group.getValue().diffconfig());
        }
      }
      case MARKDOWN -> {
        for (Map.Entry<String, ConfigDiff> group : groups.entrySet()) {
          if (out.length() > 0) {
            out.append('\n');
          }
          out.append("### `").append(group.getKey()).append("`\n\n");
          out.append(table(group.getValue()));
        }
      }
      case JSON -> {
        List<Object> list = new ArrayList<>();
        groups.forEach(
            (group, diff) -> {
              Map<String, Object> item = new LinkedHashMap<>();
              item.put("group", group);
              item.putAll(jsonChanges(diff));
              list.add(item);
            });
        out.append(Json.write(Map.of("groups", list)));
      }
    }
    return out.toString();
  }

  private static String table(ConfigDiff diff) {
    StringBuilder out =
        new StringBuilder("| change | symbol | before | after |\n|---|---|---|---|\n");
    for (ConfigDiff.Change change : diff.all()) {
      out.append("| ")
          .append(change.kind().name().toLowerCase(java.util.Locale.ROOT))
          .append(" | `")
          .append(change.symbol())
          .append("` | ")
          .append(cell(change.before().orElse("")))
          .append(" | ")
          .append(cell(change.after().orElse("")))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String cell(String value) {
    return value.isEmpty() ? "" : "`" + value.replace("|", "\\|") + "`";
  }

  private static Map<String, Object> jsonChanges(ConfigDiff diff) {
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("removed", jsonList(diff.removed()));
    changes.put("changed", jsonList(diff.changed()));
    changes.put("added", jsonList(diff.added()));
    return changes;
  }

  private static List<Object> jsonList(List<ConfigDiff.Change> changes) {
    List<Object> list = new ArrayList<>();
    for (ConfigDiff.Change change : changes) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("symbol", change.symbol());
      change.before().ifPresent(value -> item.put("before", value));
      change.after().ifPresent(value -> item.put("after", value));
      list.add(item);
    }
    return list;
  }
}
