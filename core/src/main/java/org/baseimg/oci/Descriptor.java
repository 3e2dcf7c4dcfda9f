package org.baseimg.oci;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A blob or manifest as a registry holds it: what it is, its digest and size, and its annotations.
 *
 * @param mediaType its media type
 * @param digest {@code sha256:} and its SHA-256 in lower-case hex
 * @param size its size in bytes
 * @param annotations its annotations, e.g. {@code org.opencontainers.image.title}
 */
public record Descriptor(
    String mediaType, String digest, long size, SortedMap<String, String> annotations) {
  public Descriptor {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    annotations = new TreeMap<>(annotations);
  }

  /** The {@code org.opencontainers.image.title} annotation: a layer's file name. */
  public Optional<String> title() {
    return Optional.ofNullable(annotations.get(BootSetMediaTypes.TITLE));
  }
}
