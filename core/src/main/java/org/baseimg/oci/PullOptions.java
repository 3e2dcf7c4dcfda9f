package org.baseimg.oci;

import java.util.Optional;

/**
 * How to fetch a boot set.
 *
 * @param registry how to talk to the registry
 * @param platform the platform to take from an index, {@code os/arch[/variant]}; empty takes the
 *     index's only entry
 */
public record PullOptions(RegistryOptions registry, Optional<String> platform) {
  /** Default registry options, no platform. */
  public static PullOptions defaults() {
    return new PullOptions(RegistryOptions.defaults(), Optional.empty());
  }
}
