package org.baseimg.debian.internal;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;

/**
 * The signed part of a suite's {@code InRelease}: which suite it is, what it carries, and the
 * SHA-256 and size of each index file below {@code dists/<suite>/}.
 */
public final class ReleaseFile {
  /**
   * An index file the release lists.
   *
   * @param path its path below {@code dists/<suite>/}, e.g. {@code main/binary-arm64/Packages.xz}
   * @param size its size in bytes
   * @param sha256 its SHA-256, lower-case hex
   */
  public record IndexFile(String path, long size, String sha256) {}

  private final Deb822.Stanza stanza;
  private final Map<String, IndexFile> sha256;

  private ReleaseFile(Deb822.Stanza stanza, Map<String, IndexFile> sha256) {
    this.stanza = stanza;
    this.sha256 = sha256;
  }

  /** Parses the text gpgv verified (without the signature armour). */
  public static ReleaseFile parse(String signedText, String description) throws BaseimgException {
    List<Deb822.Stanza> stanzas = Deb822.parse(signedText);
    if (stanzas.isEmpty()) {
      throw new BaseimgException(description + " is empty");
    }
    Deb822.Stanza stanza = stanzas.get(0);
    Map<String, IndexFile> files = new HashMap<>();
    for (String line : stanza.value("SHA256").split("\n")) {
      String[] words = line.strip().split("\\s+");
      if (words.length == 3
          && words[0].matches("[0-9a-fA-F]{64}")
          && words[1].matches("[0-9]{1,18}")) {
        files.put(
            words[2],
            new IndexFile(words[2], Long.parseLong(words[1]), words[0].toLowerCase(Locale.ROOT)));
      }
    }
    if (files.isEmpty()) {
      throw new BaseimgException(
          description + " lists no SHA256 sums; the archive is too old or not a Debian archive");
    }
    return new ReleaseFile(stanza, files);
  }

  /** Release dates look like {@code Sat, 11 Jul 2026 10:16:37 UTC}. */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss z", Locale.ENGLISH);

  static Instant parseDate(String text, String suite) throws BaseimgException {
    try {
      return ZonedDateTime.parse(text.strip(), DATE).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException again) {
        throw new BaseimgException(
            "the release of " + suite + " has a date apt would not read: " + text, e);
      }
    }
  }

  /** The {@code Suite:} field, e.g. {@code stable}. */
  public String suite() {
    return stanza.value("Suite");
  }

  /** The {@code Codename:} field, e.g. {@code bookworm}. */
  public String codename() {
    return stanza.value("Codename");
  }

  /** Whether the index files may be fetched by their hash ({@code Acquire-By-Hash: yes}). */
  public boolean acquireByHash() {
    return stanza.value("Acquire-By-Hash").equalsIgnoreCase("yes");
  }

  /** The index file at {@code path}, if the release lists it. */
  public Optional<IndexFile> file(String path) {
    return Optional.ofNullable(sha256.get(path));
  }

  /**
   * Checks that this is the release of {@code requestedSuite} for {@code arch} with component
   * {@code component}, and that it has not expired, as apt does.
   */
  public void check(String requestedSuite, String arch, String component, Instant now)
      throws BaseimgException {
    if (!requestedSuite.equals(suite()) && !requestedSuite.equals(codename())) {
      throw new BaseimgException(
          "the mirror's release for '"
              + requestedSuite
              + "' says it is suite '"
              + suite()
              + "', codename '"
              + codename()
              + "'; the mirror is inconsistent or redirects elsewhere");
    }
    List<String> arches = List.of(stanza.value("Architectures").split("\\s+"));
    if (!stanza.value("Architectures").isBlank() && !arches.contains(arch)) {
      throw new BadInputException(
          "suite "
              + requestedSuite
              + " has no architecture '"
              + arch
              + "'; it has: "
              + String.join(" ", arches));
    }
    List<String> components = List.of(stanza.value("Components").split("\\s+"));
    if (!stanza.value("Components").isBlank() && !components.contains(component)) {
      throw new BaseimgException(
          "suite " + requestedSuite + " has no component '" + component + "'");
    }
    Optional<String> validUntil = stanza.get("Valid-Until");
    if (validUntil.isPresent()) {
      Instant until = parseDate(validUntil.get(), requestedSuite);
      if (now.isAfter(until)) {
        throw new BaseimgException(
            "the mirror's release of "
                + requestedSuite
                + " expired at "
                + validUntil.get()
                + "; the mirror is stale: use another mirror");
      }
    }
  }
}
