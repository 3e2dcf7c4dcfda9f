package org.baseimg.oci;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How to publish a boot set.
 *
 * @param registry how to talk to the registry
 * @param annotations more annotations for the manifest, e.g. {@link BootSetMediaTypes#REVISION} and
 *     {@link BootSetMediaTypes#SOURCE}
 * @param platform the platform to publish it for, {@code os/arch[/variant]}; empty for the one its
 *     build manifest names
 * @param mountFrom a repository on the same registry to mount blobs from instead of uploading them
 * @param signingKey a PEM PKCS#8 EC P-256 private key to sign the manifest with, as its referrer
 */
public record PushOptions(
    RegistryOptions registry,
    SortedMap<String, String> annotations,
    Optional<String> platform,
    Optional<String> mountFrom,
    Optional<java.nio.file.Path> signingKey) {
  public PushOptions {
    annotations = new TreeMap<>(annotations);
  }

  /** Default registry options, no more annotations, the build's own platform. */
  public static PushOptions defaults() {
    return new PushOptions(
        RegistryOptions.defaults(),
        new TreeMap<>(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
