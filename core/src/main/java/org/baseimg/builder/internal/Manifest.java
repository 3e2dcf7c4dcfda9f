package org.baseimg.builder.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.baseimg.internal.Json;

/**
 * The manifest next to an artifact, as JSON with a fixed key order and no build date, host name or
 * user name in it, so that two builds of one profile write the same manifest.
 */
public final class Manifest {
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
    return Json.write(value);
  }
}
