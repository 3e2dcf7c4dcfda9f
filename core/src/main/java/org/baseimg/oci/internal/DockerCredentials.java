package org.baseimg.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.baseimg.BadInputException;
import org.baseimg.oci.ImageReference;

/**
 * Credentials from the Docker client's configuration ({@code config.json}), looked up as {@code
 * docker login} stored them: a credential helper named for the registry in {@code credHelpers},
 * else the {@code credsStore}, else the base64 {@code auth} in {@code auths}.
 */
public final class DockerCredentials {
  /** Docker keeps Docker Hub's credentials under the old index URL. */
  private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private final Optional<Path> directory;

  public DockerCredentials(Optional<Path> directory) {
    this.directory = directory;
  }

  /** A user name and password or token. */
  public record Credentials(String username, String secret) {
    /** The value of a basic {@code Authorization} header. */
    public String basic() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Credentials[" + username + ", secret hidden]";
    }
  }

  /** The credentials for {@code registry}, if the configuration has any. */
  public Optional<Credentials> lookup(String registry) throws BadInputException, IOException {
    if (directory.isEmpty()) {
      return Optional.empty();
    }
    Path file = directory.get().resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode config;
    try {
      config = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BadInputException(file + " is not the Docker client's JSON configuration", e);
    }
    String helper = find(config.path("credHelpers"), registry).map(JsonNode::asText).orElse(null);
    if (helper == null && config.hasNonNull("credsStore")) {
      helper = config.get("credsStore").asText();
    }
    if (helper != null && !helper.isEmpty()) {
      Optional<Credentials> fromHelper = fromHelper(helper, registry);
      if (fromHelper.isPresent()) {
        return fromHelper;
      }
    }
    Optional<JsonNode> entry = find(config.path("auths"), registry);
    if (entry.isEmpty() || !entry.get().hasNonNull("auth")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(entry.get().get("auth").asText()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file + ": the auth of " + registry + " is not base64", e);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new BadInputException(file + ": the auth of " + registry + " is not USER:PASSWORD");
    }
    return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  /** The entry whose key names {@code registry}, with or without scheme and path. */
  private static Optional<JsonNode> find(JsonNode map, String registry) {
    Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (host(field.getKey()).equals(host(key(registry)))) {
        return Optional.of(field.getValue());
      }
    }
    return Optional.empty();
  }

  private static String key(String registry) {
    return registry.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_KEY : registry;
  }

  private static String host(String key) {
    String host = key.replaceFirst("^[a-zA-Z]+://", "");
    int slash = host.indexOf('/');
    host = slash < 0 ? host : host.substring(0, slash);
    return host.equals("index.docker.io") || host.equals("registry-1.docker.io")
        ? ImageReference.DOCKER_HUB
        : host;
  }

  /** Runs {@code docker-credential-HELPER get}, the protocol docker's credential helpers speak. */
  private static Optional<Credentials> fromHelper(String helper, String registry)
      throws IOException {
    String program = "docker-credential-" + helper;
    Process process;
    try {
      process = new ProcessBuilder(program, "get").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          "the Docker configuration names the credential helper "
              + program
              + ", which cannot be run: "
              + e.getMessage(),
          e);
    }
    try (OutputStream in = process.getOutputStream()) {
      in.write(key(registry).getBytes(StandardCharsets.UTF_8));
    }
    byte[] output;
    try (InputStream out = process.getInputStream()) {
      output = out.readAllBytes();
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(program + " get did not answer in 60 s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while " + program + " ran");
    }
    if (process.exitValue() != 0) {
      // "credentials not found in native keychain": no credentials for this registry.
      return Optional.empty();
    }
    JsonNode answer = new ObjectMapper().readTree(output);
    String username = answer.path("Username").asText("");
    String secret = answer.path("Secret").asText("");
    return secret.isEmpty() ? Optional.empty() : Optional.of(new Credentials(username, secret));
  }
}
