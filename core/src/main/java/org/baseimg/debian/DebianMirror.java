package org.baseimg.debian;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.debian.internal.AptSources;

/**
 * Where Debian packages come from: the root of a Debian archive, the directory that holds {@code
 * dists/} and {@code pool/}. Either given by the caller or taken from the host's apt sources, so
 * that no mirror's host name is written into this project.
 *
 * <pre>{@code
 * DebianMirror mirror = explicit == null ? DebianMirror.fromHost() : DebianMirror.of(explicit);
 * }</pre>
 *
 * @param uri the archive root, with a trailing slash; scheme {@code http}, {@code https} or {@code
 *     file}
 */
public record DebianMirror(URI uri) {
  /** Where apt keeps its configuration on the host. */
  public static final Path HOST_APT_DIRECTORY = Path.of("/etc/apt");

  public DebianMirror {
    if (uri == null) {
      throw new IllegalArgumentException("mirror URI is null");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
      throw new IllegalArgumentException(
          "mirror URI " + uri + " is not http, https or file; use DebianMirror.of to check input");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("mirror URI " + uri + " has a query or fragment");
    }
    String text = uri.toString();
    if (!text.endsWith("/")) {
      uri = URI.create(text + "/");
    }
  }

  /**
   * The mirror at {@code uri} as a user typed it, e.g. {@code http://host/debian}.
   *
   * @throws BadInputException when it is not an absolute http, https or file URI
   */
  public static DebianMirror of(String uri) throws BadInputException {
    URI parsed;
    try {
      parsed = new URI(uri.strip());
    } catch (URISyntaxException e) {
      throw new BadInputException("mirror '" + uri + "' is not a URI: " + e.getReason(), e);
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
      throw new BadInputException(
          "mirror '"
              + uri
              + "' is not an http, https or file URI; give the archive root, e.g."
              + " http://HOST/debian");
    }
    if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
      throw new BadInputException(
          "mirror '" + uri + "' has a query or fragment; give the archive root");
    }
    if (!scheme.equals("file") && (parsed.getHost() == null || parsed.getHost().isEmpty())) {
      throw new BadInputException("mirror '" + uri + "' has no host name");
    }
    return new DebianMirror(parsed);
  }

  /**
   * The mirror the host's apt uses for the Debian archive: the first enabled {@code deb} entry of
   * {@code /etc/apt/sources.list} or {@code /etc/apt/sources.list.d/*.{list,sources}} whose suites
   * include a Debian suite such as {@code bookworm} or {@code stable} (not {@code
   * bookworm-security}, which is a separate archive, and not third-party repositories).
   *
   * @throws BadInputException when apt has no such entry
   */
  public static DebianMirror fromHost() throws BaseimgException {
    return fromAptConfig(HOST_APT_DIRECTORY);
  }

  /**
   * Like {@link #fromHost()}, reading apt's sources below {@code aptDirectory} instead of {@code
   * /etc/apt}.
   */
  public static DebianMirror fromAptConfig(Path aptDirectory) throws BaseimgException {
    List<AptSources.Source> sources;
    try {
      sources = AptSources.read(aptDirectory);
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot read apt's sources in " + aptDirectory + ": " + e.getMessage(), e);
    }
    Path list = aptDirectory.resolve("sources.list");
    Path parts = aptDirectory.resolve("sources.list.d");
    return AptSources.firstDebianArchive(sources)
        .map(DebianMirror::new)
        .orElseThrow(
            () ->
                new BadInputException(
                    "no Debian mirror in " + list + " or " + parts + "; name a mirror explicitly"));
  }

  /** The URI of {@code path} below the archive root, e.g. {@code dists/bookworm/InRelease}. */
  public URI resolve(String path) {
    if (path.startsWith("/") || path.split("/", 2)[0].contains(":")) {
      throw new IllegalArgumentException("path " + path + " is not relative to the archive root");
    }
    try {
      return uri.resolve(new URI(null, null, path, null));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("path " + path + " cannot be part of a URI", e);
    }
  }

  @Override
  public String toString() {
    return uri.toString();
  }
}
