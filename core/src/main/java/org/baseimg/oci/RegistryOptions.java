package org.baseimg.oci;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to talk to registries.
 *
 * <p>Registries are spoken to over HTTPS with the JDK's trust store, except insecure ones: those
 * named in {@code insecureHosts} and, as Docker treats them, those on {@code localhost}, {@code
 * 127.0.0.0/8} and {@code [::1]}. An insecure registry gets HTTPS without a certificate check, or
 * plain HTTP when it does not speak TLS. Credentials come from the Docker client's configuration
 * ({@code config.json}: {@code auths}, {@code credHelpers}, {@code credsStore}).
 *
 * @param insecureHosts registries, as {@code HOST} or {@code HOST:PORT}, that may use plain HTTP or
 *     a certificate nobody vouches for
 * @param dockerConfig the Docker client's configuration directory, when there is one to read
 * @param attempts how often a request answered with 429 or 5xx is tried, at least 1
 * @param firstRetryDelay the wait before the second try; it doubles for each further one
 * @param chunkBytes blobs bigger than this are uploaded in chunks of this size (PATCH), smaller
 *     ones in one request
 */
public record RegistryOptions(
    Set<String> insecureHosts,
    Optional<Path> dockerConfig,
    int attempts,
    Duration firstRetryDelay,
    long chunkBytes) {
  public RegistryOptions {
    insecureHosts = new TreeSet<>(insecureHosts);
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes must be at least 1: " + chunkBytes);
    }
  }

  /**
   * The Docker client's defaults: {@code $DOCKER_CONFIG}, else {@code ~/.docker}; four tries
   * starting one second apart; chunks of 32 MiB.
   */
  public static RegistryOptions defaults() {
    String env = System.getenv("DOCKER_CONFIG");
    Path config =
        env != null && !env.isEmpty()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".docker");
    return new RegistryOptions(Set.of(), Optional.of(config), 4, Duration.ofSeconds(1), 32L << 20);
  }

  /** These options with {@code hosts} treated as insecure. */
  public RegistryOptions withInsecureHosts(Set<String> hosts) {
    return new RegistryOptions(hosts, dockerConfig, attempts, firstRetryDelay, chunkBytes);
  }

  /** These options reading credentials from {@code directory}'s {@code config.json}. */
  public RegistryOptions withDockerConfig(Path directory) {
    return new RegistryOptions(
        insecureHosts, Optional.of(directory), attempts, firstRetryDelay, chunkBytes);
  }

  /** These options uploading blobs bigger than {@code bytes} in chunks of that size. */
  public RegistryOptions withChunkBytes(long bytes) {
    return new RegistryOptions(insecureHosts, dockerConfig, attempts, firstRetryDelay, bytes);
  }

  /** These options trying a request {@code newAttempts} times, waiting {@code delay} first. */
  public RegistryOptions withRetries(int newAttempts, Duration delay) {
    return new RegistryOptions(insecureHosts, dockerConfig, newAttempts, delay, chunkBytes);
  }
}
