package org.baseimg.debian;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
    try {
      return read(new ByteArrayInputStream(status));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
  }

  /**
   * The installed packages of a status file read from {@code status} stanza by stanza, as {@link
   * #parse(byte[])} gives them; the stream is not closed.
   */
  public static List<Installed> read(InputStream status) throws IOException {
    List<Installed> installed = new ArrayList<>();
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(status, StandardCharsets.UTF_8));
    Deb822.read(reader, stanza -> installed(stanza).ifPresent(installed::add));
    installed.sort(Comparator.comparing(Installed::name).thenComparing(Installed::architecture));
    return installed;
  }

  private static Optional<Installed> installed(Deb822.Stanza stanza) {
    String name = stanza.value("Package");
    if (name.isEmpty() || !stanza.value("Status").endsWith(" installed")) {
      return Optional.empty();
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
    return Optional.of(
        new Installed(name, version, stanza.value("Architecture"), source, sourceVersion));
  }
}
