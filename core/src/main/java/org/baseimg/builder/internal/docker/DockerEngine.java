package org.baseimg.builder.internal.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.BaseimgException;
import org.baseimg.builder.Prerequisites;
import org.baseimg.image.Architecture;

/**
 * A Docker engine, reached as the docker command line reaches it: {@code DOCKER_HOST}, {@code
 * DOCKER_CONTEXT}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH} and {@code DOCKER_CONFIG}
 * (with its current context), else {@code unix:///var/run/docker.sock}. The one place that sets up
 * docker-java: its configuration, its transport (zerodep: Apache HttpClient 5 shaded in, unix
 * sockets through JNA) and the timeouts.
 */
public final class DockerEngine implements AutoCloseable {
  /** How long an engine may take to accept a connection before it counts as not answering. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How long a ping may take; long calls (exec, build, export) have no read timeout at all. */
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);

  private final URI host;
  private final DockerClient client;
  private final Info info;

  private DockerEngine(URI host, DockerClient client, Info info) {
    this.host = host;
    this.client = client;
    this.info = info;
  }

  /** Where the engine is expected, from the environment and the Docker configuration. */
  public static URI configuredHost() throws BaseimgException {
    return config().getDockerHost();
  }

  private static DefaultDockerClientConfig config() throws BaseimgException {
    try {
      return DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    } catch (RuntimeException e) {
      throw new BaseimgException(
          "the Docker client configuration cannot be read ("
              + e.getMessage()
              + "); check DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CERT_PATH and ~/.docker/config.json",
          e);
    }
  }

  /** Connects, or says in one line that no engine answers and what to do. */
  public static DockerEngine connect() throws BaseimgException {
    DefaultDockerClientConfig config = config();
    URI host = config.getDockerHost();
    DockerClient pinger = client(config, PING_TIMEOUT);
    try {
      pinger.pingCmd().exec();
      Info info = pinger.infoCmd().exec();
      return new DockerEngine(host, client(config, null), info);
    } catch (RuntimeException e) {
      throw new BaseimgException(
          "no Docker engine answers at "
              + host
              + " ("
              + rootCause(e)
              + "); start dockerd or set DOCKER_HOST",
          e);
    } finally {
      closeQuietly(pinger);
    }
  }

  /** Whether an engine answers, for {@code auto}. */
  public static boolean answers() {
    try {
      connect().close();
      return true;
    } catch (BaseimgException e) {
      return false;
    }
  }

  private static DockerClient client(DefaultDockerClientConfig config, Duration responseTimeout) {
    ZerodepDockerHttpClient.Builder http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(CONNECT_TIMEOUT)
            .maxConnections(16);
    if (responseTimeout != null) {
      http.responseTimeout(responseTimeout);
    }
    DockerHttpClient transport = http.build();
    return DockerClientImpl.getInstance(config, transport);
  }

  static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getSimpleName();
    }
    // The engine's errors arrive as: Status 500: {"message":"Get ...: no such host"}
    Matcher engine = ENGINE_ERROR.matcher(message.trim());
    if (engine.matches()) {
      return engine.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return message.lines().findFirst().orElse(message).trim();
  }

  private static final Pattern ENGINE_ERROR =
      Pattern.compile("(?s)Status \\d+: \\{\"message\":\"(.*)\"\\}");

  private static void closeQuietly(DockerClient client) {
    try {
      client.close();
    } catch (IOException e) {
      // Only connections go away with it.
    }
  }

  DockerClient client() {
    return client;
  }

  /** Where the engine listens, e.g. {@code unix:///var/run/docker.sock}. */
  public URI host() {
    return host;
  }

  /**
   * Whether the engine runs on this machine: it listens on a unix socket, so paths on this host can
   * be bind-mounted into its containers.
   */
  public boolean isLocal() {
    return "unix".equals(host.getScheme());
  }

  /** The engine's version, e.g. {@code 20.10.24+dfsg1}. */
  public String version() {
    return Optional.ofNullable(info.getServerVersion()).orElse("unknown");
  }

  /** The architecture the engine runs on, if baseimg knows it. */
  public Optional<Architecture> architecture() {
    String machine = Optional.ofNullable(info.getArchitecture()).orElse("");
    for (Architecture arch : Architecture.values()) {
      if (arch.unameMachine().equals(machine) || arch.debianName().equals(machine)) {
        return Optional.of(arch);
      }
    }
    return Optional.empty();
  }

  /** The engine's own name for its architecture, e.g. {@code x86_64}. */
  public String architectureName() {
    return Optional.ofNullable(info.getArchitecture()).orElse("unknown");
  }

  /** Whether the engine runs {@code arch}'s binaries natively, with no emulation. */
  public boolean isNative(Architecture arch) {
    return architecture().map(engine -> engine == arch).orElse(false);
  }

  /**
   * Fails when the engine cannot run {@code arch}'s binaries: it runs another architecture and this
   * host's binfmt_misc has no entry for the target's QEMU with the F flag (the engine's containers
   * share the host kernel's entry, and F keeps the emulator out of the image).
   */
  public void requireEmulation(Architecture arch) throws BaseimgException {
    if (isNative(arch) || !isLocal()) {
      // Native: nothing to emulate. Remote: its binfmt_misc cannot be read from here; a missing
      // entry shows as "exec format error" when the container starts.
      return;
    }
    Prerequisites.Check binfmt =
        Prerequisites.check(arch).stream()
            .filter(check -> check.name().equals("binfmt " + arch.binfmtName()))
            .findFirst()
            .orElse(null);
    if (binfmt != null && !binfmt.ok()) {
      throw new BaseimgException(
          "the Docker engine runs on "
              + architectureName()
              + " and needs binfmt_misc to run "
              + arch.debianName()
              + " containers, but "
              + binfmt.name()
              + " is "
              + binfmt.detail()
              + ": "
              + binfmt.fix()
              + " (containers share the host kernel's entry)");
    }
  }

  @Override
  public void close() {
    closeQuietly(client);
  }
}
