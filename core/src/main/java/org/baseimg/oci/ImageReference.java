package org.baseimg.oci;

import java.util.Optional;
import java.util.regex.Pattern;
import org.baseimg.BadInputException;

/**
 * Where an artifact lives in a registry, as Docker and the distribution spec write it: {@code
 * [REGISTRY/]REPOSITORY[:TAG][@sha256:DIGEST]}. A name without a registry part is Docker Hub's, and
 * a single-component name there is under {@code library/}, as {@code docker pull} reads it.
 *
 * @param registry the registry's host and port, e.g. {@code 127.0.0.1:5000} or {@code docker.io}
 * @param repository the repository below it, e.g. {@code boot/server}
 * @param tag the tag, when the reference names one
 * @param digest the manifest's digest ({@code sha256:...}), when the reference names one
 */
public record ImageReference(
    String registry, String repository, Optional<String> tag, Optional<String> digest) {

  /** Docker Hub, as references name it. */
  public static final String DOCKER_HUB = "docker.io";

  // The grammar of distribution's reference package (reference/regexp.go), for the parts we take.
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern REGISTRY =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public ImageReference {
    if (tag.isEmpty() && digest.isEmpty()) {
      throw new IllegalArgumentException("a reference names a tag, a digest or both");
    }
  }

  /**
   * Parses a reference; a missing tag and digest mean {@code latest}.
   *
   * @throws BadInputException when {@code text} is not a reference, saying which part is wrong
   */
  public static ImageReference parse(String text) throws BadInputException {
    String rest = text;
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      String d = rest.substring(at + 1);
      if (!DIGEST.matcher(d).matches()) {
        throw bad(text, "the digest must be sha256: and 64 lower-case hex digits");
      }
      digest = Optional.of(d);
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      String t = rest.substring(colon + 1);
      if (!TAG.matcher(t).matches()) {
        throw bad(text, "the tag '" + t + "' is not 1-128 letters, digits, '_', '.' and '-'");
      }
      tag = Optional.of(t);
      rest = rest.substring(0, colon);
    }
    String registry = DOCKER_HUB;
    String repository = rest;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".")
          || first.contains(":")
          || first.equals("localhost")
          || first.startsWith("[")) {
        if (!REGISTRY.matcher(first).matches()) {
          throw bad(text, "'" + first + "' is not a host name with an optional port");
        }
        registry = first;
        repository = rest.substring(slash + 1);
      }
    }
    if (repository.isEmpty()) {
      throw bad(text, "it names no repository");
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw bad(
            text,
            "the repository part '"
                + component
                + "' must be lower-case letters and digits, separated by '.', '_', '__' or '-'");
      }
    }
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    if (registry.length() + 1 + repository.length() > 255) {
      throw bad(text, "the name is longer than 255 characters");
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = Optional.of("latest");
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  private static BadInputException bad(String text, String why) {
    return new BadInputException(
        "'"
            + text
            + "' is not an image reference ([REGISTRY/]REPOSITORY[:TAG][@sha256:DIGEST]): "
            + why);
  }

  /** The digest when the reference names one, else the tag: what the manifest URL ends with. */
  public String manifestReference() {
    return digest.orElseGet(tag::orElseThrow);
  }

  /** The same repository at {@code newDigest}, tag kept. */
  public ImageReference withDigest(String newDigest) {
    return new ImageReference(registry, repository, tag, Optional.of(newDigest));
  }

  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + tag.map(t -> ":" + t).orElse("")
        + digest.map(d -> "@" + d).orElse("");
  }
}
