package org.baseimg.debian.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.baseimg.BaseimgException;

/**
 * The part of a {@code Packages} index that a caller asked for: the stanzas of the packages whose
 * names pass a filter, reduced to the fields needed to pick and fetch a package. An index can hold
 * several versions of one package.
 */
public final class PackagesIndex {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * A binary package as the index describes it.
   *
   * @param name the package name
   * @param version its version
   * @param architecture its architecture ({@code all} or the index's)
   * @param filename its path below the mirror's root, e.g. {@code pool/main/b/busybox/x.deb}
   * @param size its size in bytes
   * @param sha256 its SHA-256, lower-case hex
   * @param depends its {@code Pre-Depends} and {@code Depends} clauses, in that order
   */
  public record Entry(
      String name,
      String version,
      String architecture,
      String filename,
      long size,
      String sha256,
      List<List<Relation>> depends) {
    public Entry {
      depends = List.copyOf(depends);
    }

    /** {@code name_version_arch.deb}, the file name Debian gives the package, epoch dropped. */
    public String debFileName() {
      int slash = filename.lastIndexOf('/');
      return slash >= 0 ? filename.substring(slash + 1) : filename;
    }
  }

  private final Map<String, List<Entry>> byName;
  private final String description;

  private PackagesIndex(Map<String, List<Entry>> byName, String description) {
    this.byName = byName;
    this.description = description;
  }

  /**
   * Reads an uncompressed index from {@code in}, keeping the packages whose name passes {@code
   * keep}.
   *
   * @param description what the index is, for messages, e.g. {@code bookworm/main/binary-arm64}
   */
  public static PackagesIndex read(InputStream in, Predicate<String> keep, String description)
      throws IOException, BaseimgException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    return read(reader, keep, description);
  }

  /** Reads an index given as text; see {@link #read(InputStream, Predicate, String)}. */
  public static PackagesIndex parse(String text, Predicate<String> keep, String description)
      throws BaseimgException {
    try {
      return read(new BufferedReader(new StringReader(text)), keep, description);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a StringReader does not fail
    }
  }

  private static PackagesIndex read(
      BufferedReader reader, Predicate<String> keep, String description)
      throws IOException, BaseimgException {
    Map<String, List<Entry>> byName = new HashMap<>();
    List<String> problems = new ArrayList<>();
    Deb822.read(
        reader,
        stanza -> {
          String name = stanza.value("Package");
          if (name.isEmpty() || !keep.test(name)) {
            return;
          }
          String sha256 = stanza.value("SHA256").toLowerCase(java.util.Locale.ROOT);
          String filename = stanza.value("Filename");
          String size = stanza.value("Size");
          if (!SHA256.matcher(sha256).matches()
              || filename.isEmpty()
              || !size.matches("[0-9]{1,18}")
              || stanza.value("Version").isEmpty()) {
            problems.add(
                "stanza of "
                    + name
                    + " at line "
                    + stanza.firstLine()
                    + " lacks a valid Version, Filename, Size or SHA256");
            return;
          }
          List<List<Relation>> depends = new ArrayList<>();
          try {
            depends.addAll(Relation.parseField(stanza.value("Pre-Depends")));
            depends.addAll(Relation.parseField(stanza.value("Depends")));
          } catch (BaseimgException e) {
            problems.add(
                "stanza of "
                    + name
                    + " at line "
                    + stanza.firstLine()
                    + " has a malformed Depends or Pre-Depends: "
                    + e.getMessage());
            return;
          }
          byName
              .computeIfAbsent(name, key -> new ArrayList<>())
              .add(
                  new Entry(
                      name,
                      stanza.value("Version"),
                      stanza.value("Architecture"),
                      filename,
                      Long.parseLong(size),
                      sha256,
                      depends));
        });
    if (!problems.isEmpty()) {
      throw new BaseimgException(
          "the Packages index " + description + " is malformed: " + problems.get(0));
    }
    return new PackagesIndex(byName, description);
  }

  /** What the index is, e.g. {@code bookworm/main/binary-arm64}. */
  public String description() {
    return description;
  }

  /** Every kept version of {@code name}, oldest first. */
  public List<Entry> versions(String name) {
    List<Entry> entries = new ArrayList<>(byName.getOrDefault(name, List.of()));
    entries.sort(Comparator.comparing(Entry::version, DebianVersion.ORDER));
    return entries;
  }

  /** The newest version of {@code name}, if the index has it. */
  public Optional<Entry> newest(String name) {
    List<Entry> entries = versions(name);
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
  }

  /** The newest version of a package that meets {@code relation}, if there is one. */
  public Optional<Entry> newest(Relation relation) {
    List<Entry> entries = versions(relation.name());
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (relation.satisfiedBy(entries.get(i).version())) {
        return Optional.of(entries.get(i));
      }
    }
    return Optional.empty();
  }
}
