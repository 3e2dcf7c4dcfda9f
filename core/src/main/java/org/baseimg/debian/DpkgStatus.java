package org.baseimg.debian;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.baseimg.debian.internal.Deb822;

/** The packages an image's dpkg database says are installed ({@code /var/lib/dpkg/status}). */
public final class DpkgStatus {
  private DpkgStatus() {}

  /**
   * One installed package.
   *
   * @param name its name
   * @param version its version
   * @param architecture its architecture, or {@code all}
   * @param source the source package it was built from (its own name when the same)
   * @param sourceVersion the source package's version (its own version when the same)
   */
  public record Installed(
      String name, String version, String architecture, String source, String sourceVersion) {}

  /** The installed packages of a status file, sorted by name and architecture. */
  public static List<Installed> parse(byte[] status) {
    List<Installed> installed = new ArrayList<>();
    for (Deb822.Stanza stanza : Deb822.parse(new String(status, StandardCharsets.UTF_8))) {
      String name = stanza.value("Package");
      if (name.isEmpty() || !stanza.value("Status").endsWith(" installed")) {
        continue;
      }
      String version = stanza.value("Version");
      // "Source: name (version)" when the source's version differs, "Source: name" when not.
      String source = stanza.get("Source").orElse(name);
      String sourceVersion = version;
      int paren = source.indexOf('(');
      if (paren > 0 && source.endsWith(")")) {
        sourceVersion = source.substring(paren + 1, source.length() - 1).strip();
        source = source.substring(0, paren).strip();
      }
      installed.add(
          new Installed(name, version, stanza.value("Architecture"), source, sourceVersion));
    }
    installed.sort(Comparator.comparing(Installed::name).thenComparing(Installed::architecture));
    return installed;
  }
}
