package org.baseimg.sbom.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.baseimg.internal.Hashing;

/** The names, ids and times the SBOMs derive from their input, so that they never vary. */
public final class Identifiers {
  private Identifiers() {}

  /**
   * A name-based UUID from SHA-256 (RFC 9562, version 8, as its appendix B.2 shows): the first 128
   * bits of the SHA-256 of {@code name}, with the version and variant bits set.
   */
  public static UUID nameBased(String name) {
    byte[] hash = Hashing.sha256().digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x80);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bytes.getLong(), bytes.getLong());
  }

  /** Seconds since 1970 as ISO-8601 in UTC, {@code 2023-11-14T22:13:20Z}. */
  public static String timestamp(long epoch) {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epoch));
  }

  /**
   * {@code text} as the tail of an SPDX element id, which allows only {@code [A-Za-z0-9.-]}: lower
   * case letters, digits, {@code .} and {@code -} stay; any other byte becomes {@code X} and two
   * upper-case hex digits ({@code libstdc++6} is {@code libstdcX2BX2B6}). Since only an escape
   * writes an upper-case letter, two texts never share an id.
   */
  public static String spdxIdPart(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
        out.append((char) c);
      } else {
        out.append('X').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
