package org.baseimg.sbom.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Package URLs of Debian packages (purl-spec, type {@code deb}): {@code
 * pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=debian-12}, every part percent-encoded as the spec
 * asks (an epoch's {@code :} is {@code %3A}, a {@code +} is {@code %2B}), qualifiers sorted by key.
 */
public final class Purl {
  private Purl() {}

  /** Debian's major version by code name, for the {@code distro} qualifier. */
  private static final Map<String, String> MAJOR_BY_SUITE =
      Map.of(
          "stretch", "9",
          "buster", "10",
          "bullseye", "11",
          "bookworm", "12",
          "trixie", "13",
          "forky", "14");

  /** The purl of a binary package. */
  public static String deb(String name, String version, String arch, String distro) {
    return "pkg:deb/debian/"
        + encode(name)
        + "@"
        + encode(version)
        + "?arch="
        + encode(arch)
        + "&distro="
        + encode(distro);
  }

  /**
   * The {@code distro} qualifier: {@code debian-N} with N the major version, from {@code
   * /etc/debian_version} when it starts with one ({@code 12.8}), else from the suite's code name;
   * the suite itself (purl-spec's own examples write {@code distro=jessie}) when neither tells.
   */
  public static String distro(String suite, Optional<String> debianVersion) {
    Optional<String> major =
        debianVersion
            .map(version -> version.strip().split("[./]")[0])
            .filter(first -> !first.isEmpty() && first.chars().allMatch(Character::isDigit));
    return major
        .or(() -> Optional.ofNullable(MAJOR_BY_SUITE.get(suite.toLowerCase(Locale.ROOT))))
        .map(n -> "debian-" + n)
        .orElse(suite);
  }

  /**
   * Percent-encodes all but purl's unreserved characters ({@code A-Z a-z 0-9 . - _ ~}), as UTF-8
   * bytes with upper-case hex.
   */
  public static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '-'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
