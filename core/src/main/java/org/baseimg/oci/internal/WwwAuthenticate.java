package org.baseimg.oci.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A registry's {@code WWW-Authenticate} challenge (RFC 7235): its scheme ({@code basic} or {@code
 * bearer}) and parameters, e.g. {@code Bearer realm="https://auth/token",service="reg",scope="x"}.
 *
 * @param scheme the scheme, lower case
 * @param parameters the parameters by lower-case name, quotes and escapes removed
 */
public record WwwAuthenticate(String scheme, Map<String, String> parameters) {
  public WwwAuthenticate {
    parameters = Map.copyOf(parameters);
  }

  /** The challenge in a header's value, or empty when it has none we can read. */
  public static Optional<WwwAuthenticate> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String text = header.strip();
    int space = text.indexOf(' ');
    String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
    if (scheme.isEmpty() || !scheme.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    int i = space < 0 ? text.length() : space + 1;
    while (i < text.length()) {
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
        i++;
      }
      int equals = text.indexOf('=', i);
      if (equals < 0) {
        break;
      }
      String name = text.substring(i, equals).strip().toLowerCase(Locale.ROOT);
      i = equals + 1;
      StringBuilder value = new StringBuilder();
      if (i < text.length() && text.charAt(i) == '"') {
        i++;
        while (i < text.length() && text.charAt(i) != '"') {
          char c = text.charAt(i);
          if (c == '\\' && i + 1 < text.length()) {
            c = text.charAt(++i);
          }
          value.append(c);
          i++;
        }
        i++;
      } else {
        while (i < text.length() && text.charAt(i) != ',') {
          value.append(text.charAt(i++));
        }
      }
      parameters.put(name, value.toString().strip());
    }
    return Optional.of(new WwwAuthenticate(scheme, parameters));
  }

  /** A parameter, e.g. {@code realm}. */
  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }
}
