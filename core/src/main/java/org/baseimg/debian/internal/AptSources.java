package org.baseimg.debian.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads apt's source lists the way apt does: {@code sources.list} first, then the files of {@code
 * sources.list.d} whose names end in {@code .list} (one-line format) or {@code .sources} (deb822
 * format), in name order; other files there (e.g. {@code *.disabled}) are ignored.
 */
public final class AptSources {

  /** Debian's code names and suite aliases, old to new. */
  private static final Set<String> DEBIAN_SUITES =
      Set.of(
          "buzz",
          "rex",
          "bo",
          "hamm",
          "slink",
          "potato",
          "woody",
          "sarge",
          "etch",
          "lenny",
          "squeeze",
          "wheezy",
          "jessie",
          "stretch",
          "buster",
          "bullseye",
          "bookworm",
          "trixie",
          "forky",
          "duke",
          "sid",
          "experimental",
          "rc-buggy",
          "oldoldstable",
          "oldstable",
          "stable",
          "testing",
          "unstable");

  /** Suffixes of suites that the main archive serves too; {@code -security} is elsewhere. */
  private static final List<String> SAME_ARCHIVE_SUFFIXES =
      List.of("-updates", "-backports", "-proposed-updates");

  private AptSources() {}

  /**
   * One source entry.
   *
   * @param types {@code deb} and/or {@code deb-src}
   * @param uris the repository roots
   * @param suites the suites (distributions)
   * @param components the components, e.g. {@code main}
   * @param enabled false when the entry says {@code Enabled: no}
   * @param origin where the entry was read, e.g. {@code /etc/apt/sources.list:3}
   */
  public record Source(
      List<String> types,
      List<URI> uris,
      List<String> suites,
      List<String> components,
      boolean enabled,
      String origin) {
    public Source {
      types = List.copyOf(types);
      uris = List.copyOf(uris);
      suites = List.copyOf(suites);
      components = List.copyOf(components);
    }

    /**
     * Whether this entry is a Debian archive of binary packages: enabled, of type {@code deb}, on
     * http, https or file, and listing a Debian suite (a code name like {@code bookworm}, an alias
     * like {@code stable}, or one with {@code -updates} or {@code -backports}), which leaves out
     * {@code bookworm-security} (a separate archive) and third-party repositories.
     */
    public boolean isDebianArchive() {
      if (!enabled || !types.contains("deb")) {
        return false;
      }
      return suites.stream().anyMatch(AptSources::isDebianSuite);
    }
  }

  /** Whether {@code suite} names a suite of Debian's main archive. */
  static boolean isDebianSuite(String suite) {
    String name = suite.toLowerCase(Locale.ROOT);
    if (DEBIAN_SUITES.contains(name)) {
      return true;
    }
    for (String suffix : SAME_ARCHIVE_SUFFIXES) {
      if (name.endsWith(suffix)
          && DEBIAN_SUITES.contains(name.substring(0, name.length() - suffix.length()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * All entries apt would read below {@code aptDirectory} (normally {@code /etc/apt}), in apt's
   * order. Missing files are no error.
   */
  public static List<Source> read(Path aptDirectory) throws IOException {
    List<Source> sources = new ArrayList<>();
    Path list = aptDirectory.resolve("sources.list");
    if (Files.isRegularFile(list)) {
      sources.addAll(parseOneLine(Files.readString(list, StandardCharsets.UTF_8), list.toString()));
    }
    Path parts = aptDirectory.resolve("sources.list.d");
    if (Files.isDirectory(parts)) {
      List<Path> files;
      try (Stream<Path> listing = Files.list(parts)) {
        files = listing.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!name.matches("[A-Za-z0-9_.\\-]+")) {
          continue; // apt ignores such names too
        }
        if (name.endsWith(".list")) {
          sources.addAll(
              parseOneLine(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } else if (name.endsWith(".sources")) {
          sources.addAll(
              parseDeb822(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        }
      }
    }
    return sources;
  }

  /** The first entry that is a Debian archive, and its first usable URI. */
  public static Optional<URI> firstDebianArchive(List<Source> sources) {
    for (Source source : sources) {
      if (!source.isDebianArchive()) {
        continue;
      }
      for (URI uri : source.uris()) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https") || scheme.equals("file")) {
          return Optional.of(uri);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Parses the one-line format: {@code deb [option=value ...] URI suite [component ...]}. Comments
   * start with {@code #}; lines that do not parse are skipped.
   */
  public static List<Source> parseOneLine(String text, String origin) {
    List<Source> sources = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      String type = line.split("\\s+", 2)[0];
      if (!type.equals("deb") && !type.equals("deb-src")) {
        continue;
      }
      String rest = line.substring(type.length()).strip();
      if (rest.startsWith("[")) {
        int close = rest.indexOf(']');
        if (close < 0) {
          continue;
        }
        rest = rest.substring(close + 1).strip();
      }
      String[] words = rest.split("\\s+");
      if (words.length < 2) {
        continue;
      }
      Optional<URI> uri = toUri(words[0]);
      if (uri.isEmpty()) {
        continue;
      }
      sources.add(
          new Source(
              List.of(type),
              List.of(uri.get()),
              List.of(words[1]),
              Arrays.asList(words).subList(2, words.length),
              true,
              origin + ":" + (i + 1)));
    }
    return sources;
  }

  /**
   * Parses the deb822 format: stanzas with {@code Types}, {@code URIs}, {@code Suites}, {@code
   * Components} and optionally {@code Enabled}.
   */
  public static List<Source> parseDeb822(String text, String origin) {
    List<Source> sources = new ArrayList<>();
    for (Deb822.Stanza stanza : Deb822.parse(text)) {
      List<URI> uris = new ArrayList<>();
      for (String word : words(stanza.value("URIs"))) {
        toUri(word).ifPresent(uris::add);
      }
      String enabled = stanza.value("Enabled").toLowerCase(Locale.ROOT);
      sources.add(
          new Source(
              words(stanza.value("Types")),
              uris,
              words(stanza.value("Suites")),
              words(stanza.value("Components")),
              !(enabled.equals("no") || enabled.equals("false")),
              origin + ":" + stanza.firstLine()));
    }
    return sources;
  }

  private static List<String> words(String value) {
    String trimmed = value.strip();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }

  private static Optional<URI> toUri(String text) {
    try {
      URI uri = new URI(text);
      return uri.getScheme() == null ? Optional.empty() : Optional.of(uri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
