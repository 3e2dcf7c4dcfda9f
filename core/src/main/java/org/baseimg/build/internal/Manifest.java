package org.baseimg.build.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifest next to an artifact, as JSON with a fixed key order and no build date, host name or
 * user name in it, so that two builds of one profile write the same manifest.
 */
final class Manifest {
  private Manifest() {}

  /** One installed package, from the image's dpkg status. */
  record Package(String name, String version, String architecture) {}

  /** The installed packages in {@code /var/lib/dpkg/status}, sorted by name. */
  static List<Package> packages(byte[] dpkgStatus) {
    List<Package> packages = new ArrayList<>();
    for (String stanza : new String(dpkgStatus, StandardCharsets.UTF_8).split("\n\n")) {
      String name = null;
      String version = null;
      String architecture = null;
      boolean installed = false;
      for (String line : stanza.split("\n")) {
        if (line.startsWith("Package: ")) {
          name = line.substring(9).trim();
        } else if (line.startsWith("Version: ")) {
          version = line.substring(9).trim();
        } else if (line.startsWith("Architecture: ")) {
          architecture = line.substring(14).trim();
        } else if (line.startsWith("Status: ")) {
          installed = line.endsWith(" installed");
        }
      }
      if (name != null && installed) {
        packages.add(new Package(name, version, architecture));
      }
    }
    packages.sort((a, b) -> a.name().compareTo(b.name()));
    return packages;
  }

  /** Writes {@code value} (maps keep their order; lists; strings; numbers; booleans) as JSON. */
  static String json(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, "");
    return out.append('\n').toString();
  }

  private static void write(StringBuilder out, Object value, String indent) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(indent).append("  ");
        string(out, entry.getKey().toString());
        out.append(": ");
        write(out, entry.getValue(), indent + "  ");
        out.append(++i < map.size() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        out.append(indent).append("  ");
        write(out, list.get(i), indent + "  ");
        out.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      out.append(indent).append(']');
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value == null) {
      out.append("null");
    } else {
      string(out, value.toString());
    }
  }

  private static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
