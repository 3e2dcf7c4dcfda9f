package org.baseimg.kconfig;

import java.util.Map;

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
      case JSON -> "{" + jsonChanges(diff) + "}\n";
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
        out.append("{\"groups\":[");
        boolean first = true;
        for (Map.Entry<String, ConfigDiff> group : groups.entrySet()) {
          out.append(first ? "" : ",").append("{\"group\":").append(json(group.getKey()));
          out.append(',').append(jsonChanges(group.getValue())).append('}');
          first = false;
        }
        out.append("]}\n");
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

  private static String jsonChanges(ConfigDiff diff) {
    return "\"removed\":"
        + jsonList(diff.removed())
        + ",\"changed\":"
        + jsonList(diff.changed())
        + ",\"added\":"
        + jsonList(diff.added());
  }

  private static String jsonList(java.util.List<ConfigDiff.Change> changes) {
    StringBuilder out = new StringBuilder("[");
    for (ConfigDiff.Change change : changes) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append("{\"symbol\":").append(json(change.symbol()));
      change.before().ifPresent(value -> out.append(",\"before\":").append(json(value)));
      change.after().ifPresent(value -> out.append(",\"after\":").append(json(value)));
      out.append('}');
    }
    return out.append(']').toString();
  }

  /** A JSON string literal. */
  static String json(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
