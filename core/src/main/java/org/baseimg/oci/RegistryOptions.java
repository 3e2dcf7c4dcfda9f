package org.baseimg.oci;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to talk to registries.
 *
 * <p>Registries on {@code localhost}, {@code 127.0.0.0/8} and {@code [::1]} are spoken to over
 * plain HTTP, as Docker does; an {@code insecure} one over HTTPS without checking its certificate,
 * or plain HTTP when it does not speak TLS. Credentials come from the Docker client's configuration
 * ({@code config.json}: {@code auths}, {@code credHelpers}, {@code credsStore}).
 *
 * @param insecureHosts registries, as {@code HOST} or {@code HOST:PORT}, that may use plain HTTP or
 *     a certificate nobody vouches for
 * @param dockerConfig the Docker client's configuration directory, when there is one to read
 * @param attempts how often a request answered with 429 or 5xx is tried, at least 1
 * @param firstRetryDelay the wait before the second try; it doubles for each further one
 */
public record RegistryOptions(
    Set<String> insecureHosts,
    Optional<Path> dockerConfig,
    int attempts,
    Duration firstRetryDelay) {
  public RegistryOptions {
    insecureHosts = new TreeSet<>(insecureHosts);
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
  }

  /**
   * The Docker client's defaults: {@code $DOCKER_CONFIG}, else {@code ~/.docker}; four tries
   * starting one second apart.
   */
  public static RegistryOptions defaults() {
    String env = System.getenv("DOCKER_CONFIG");
    Path config =
        env != null && !env.isEmpty()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".docker");
    return new RegistryOptions(Set.of(), Optional.of(config), 4, Duration.ofSeconds(1));
  }

  /** These options with {@code hosts} treated as insecure. */
  public RegistryOptions withInsecureHosts(Set<String> hosts) {
    return new RegistryOptions(hosts, dockerConfig, attempts, firstRetryDelay);
  }

  /** These options reading credentials from {@code directory}'s {@code config.json}. */
  public RegistryOptions withDockerConfig(Path directory) {
    return new RegistryOptions(insecureHosts, Optional.of(directory), attempts, firstRetryDelay);
  }
}
