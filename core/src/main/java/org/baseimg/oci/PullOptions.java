package org.baseimg.oci;

import java.util.Optional;

/**
 * How to fetch a boot set.
 *
 * @param registry how to talk to the registry
 * @param platform the platform to take from an index, {@code os/arch[/variant]}; empty takes the
 *     index's only entry
 * @param verifyKey a PEM X.509 EC public key: the manifest must have a signature by it, or nothing
 *     is fetched
 */
public record PullOptions(
    RegistryOptions registry, Optional<String> platform, Optional<java.nio.file.Path> verifyKey) {
  /** Default registry options, no platform. */
  public static PullOptions defaults() {
    return new PullOptions(RegistryOptions.defaults(), Optional.empty(), Optional.empty());
  }
}
