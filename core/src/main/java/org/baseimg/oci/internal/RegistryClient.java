package org.baseimg.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.baseimg.BaseimgException;
import org.baseimg.oci.ImageReference;
import org.baseimg.oci.RegistryException;
import org.baseimg.oci.RegistryOptions;

/**
 * A client of one repository on a registry, speaking the OCI distribution spec (v1.1) over the
 * JDK's HTTP client.
 *
 * <p>Why not Jib's registry client (jib-core): its manifest templates build only Docker v2.2 and
 * OCI image manifests whose layers all have one fixed media type ({@code addLayer(size, digest)}),
 * with no {@code artifactType}, no manifest annotations and package-private descriptor setters; its
 * {@code RegistryClient} is not part of Jib's API and brings Guava and google-http-client. A boot
 * set needs exactly what it lacks, and the protocol part we use is a few requests.
 *
 * <p>Authentication follows the registry's challenge: basic, or a bearer token from the realm it
 * names (with the Docker configuration's credentials, or anonymous). Requests answered with 429 or
 * 5xx are tried again after a growing wait; each blob is its own request, so a retry never sends a
 * blob that is already complete.
 */
public final class RegistryClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(60);

  private final String registry;
  private final String repository;
  private final RegistryOptions options;
  private final DockerCredentials credentials;
  private final List<String> scopes = new ArrayList<>();
  private HttpClient http;
  private URI base;
  private String authorization;

  /**
   * @param reference the registry and repository to speak to
   * @param push whether to ask for push access as well as pull
   */
  public RegistryClient(ImageReference reference, RegistryOptions options, boolean push) {
    this.registry = reference.registry();
    this.repository = reference.repository();
    this.options = options;
    this.credentials = new DockerCredentials(options.dockerConfig());
    scopes.add("repository:" + repository + (push ? ":pull,push" : ":pull"));
  }

  /** A fetched manifest or index: its bytes, media type and the digest of the bytes. */
  public record Fetched(byte[] body, String mediaType, String digest) {}

  /** Whether the repository has the blob. */
  public boolean hasBlob(String digest) throws BaseimgException, IOException {
    HttpResponse<byte[]> response =
        send(
            "HEAD blob " + digest,
            () -> request("blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 200) {
      return true;
    }
    if (response.statusCode() == 404) {
      return false;
    }
    throw failure("blob " + digest, response, new byte[0]);
  }

  /**
   * Puts a blob in the repository: nothing when it is there, a mount when {@code mountFrom} has it,
   * else an upload from {@code file} (or {@code bytes} when file is null).
   *
   * @return whether its bytes were sent
   */
  public boolean push(String digest, long size, Path file, byte[] bytes, Optional<String> mountFrom)
      throws BaseimgException, IOException {
    if (hasBlob(digest)) {
      return false;
    }
    String start = "blobs/uploads/";
    if (mountFrom.isPresent()) {
      scopes.add("repository:" + mountFrom.get() + ":pull");
      start += "?mount=" + encode(digest) + "&from=" + encode(mountFrom.get());
    }
    String startPath = start;
    HttpResponse<byte[]> started =
        send(
            "start upload of " + digest,
            () -> request(startPath).POST(HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.ofByteArray());
    if (started.statusCode() == 201) {
      return false;
    }
    if (started.statusCode() != 202) {
      throw failure("upload of blob " + digest, started, started.body());
    }
    URI location = location(started);
    long chunk = options.chunkBytes();
    if (size > chunk && file != null) {
      for (long offset = 0; offset < size; offset += chunk) {
        long from = offset;
        long length = Math.min(chunk, size - offset);
        URI at = location;
        HttpResponse<byte[]> patched =
            send(
                "upload of blob " + digest,
                () ->
                    timed(HttpRequest.newBuilder(at))
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", from + "-" + (from + length - 1))
                        .method("PATCH", slice(file, from, length)),
                HttpResponse.BodyHandlers.ofByteArray());
        if (patched.statusCode() != 202) {
          throw failure("upload of blob " + digest, patched, patched.body());
        }
        location = location(patched);
      }
      URI done = withDigest(location, digest);
      HttpResponse<byte[]> closed =
          send(
              "upload of blob " + digest,
              () -> timed(HttpRequest.newBuilder(done)).PUT(HttpRequest.BodyPublishers.noBody()),
              HttpResponse.BodyHandlers.ofByteArray());
      if (closed.statusCode() != 201) {
        throw failure("upload of blob " + digest, closed, closed.body());
      }
      return true;
    }
    URI done = withDigest(location, digest);
    HttpResponse<byte[]> put =
        send(
            "upload of blob " + digest,
            () ->
                timed(HttpRequest.newBuilder(done))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(body(file, bytes)),
            HttpResponse.BodyHandlers.ofByteArray());
    if (put.statusCode() != 201) {
      throw failure("upload of blob " + digest, put, put.body());
    }
    return true;
  }

  /**
   * Puts a manifest or index under {@code reference} (a tag or its digest).
   *
   * @return whether the registry said it files the manifest's subject in its referrers API ({@code
   *     OCI-Subject})
   */
  public boolean putManifest(String reference, String mediaType, byte[] body)
      throws BaseimgException, IOException {
    HttpResponse<byte[]> response =
        send(
            "manifest " + reference,
            () ->
                request("manifests/" + reference)
                    .header("Content-Type", mediaType)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 201) {
      throw failure("manifest " + reference, response, response.body());
    }
    return response.headers().firstValue("OCI-Subject").isPresent();
  }

  /** The referrers API's index for {@code digest}, empty where the registry has no such API. */
  public Optional<byte[]> referrers(String digest) throws BaseimgException, IOException {
    HttpResponse<byte[]> response =
        send(
            "referrers of " + digest,
            () ->
                request("referrers/" + digest)
                    .header("Accept", "application/vnd.oci.image.index.v1+json"),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw failure("referrers of " + digest, response, response.body());
    }
    return Optional.of(response.body());
  }

  /** A small blob's bytes, at most {@code limit}, checked against its digest. */
  public byte[] smallBlob(String digest, int limit) throws BaseimgException, IOException {
    byte[] bytes;
    try (InputStream in = blob(digest)) {
      bytes = in.readNBytes(limit + 1);
    }
    if (bytes.length > limit
        || !digest.equals("sha256:" + org.baseimg.internal.Hashing.sha256(bytes))) {
      throw new RegistryException(
          registry + " sent blob " + digest + " with other bytes; refused", registry, 0);
    }
    return bytes;
  }

  /** The manifest or index under {@code reference}, empty when there is none. */
  public Optional<Fetched> manifest(String reference, List<String> accept)
      throws BaseimgException, IOException {
    HttpResponse<byte[]> response =
        send(
            "manifest " + reference,
            () -> request("manifests/" + reference).header("Accept", String.join(", ", accept)),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw failure("manifest " + reference, response, response.body());
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    int semicolon = type.indexOf(';');
    type = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
    byte[] body = response.body();
    return Optional.of(
        new Fetched(body, type, "sha256:" + org.baseimg.internal.Hashing.sha256(body)));
  }

  /** The blob's bytes as the registry sends them; the caller checks them. */
  public InputStream blob(String digest) throws BaseimgException, IOException {
    HttpResponse<InputStream> response =
        send(
            "blob " + digest,
            () -> request("blobs/" + digest),
            HttpResponse.BodyHandlers.ofInputStream());
    // Registries on object stores answer with a redirect to a signed URL, which must not get our
    // Authorization header (S3 refuses requests with two kinds of credentials).
    for (int hops = 0; isRedirect(response.statusCode()) && hops < 5; hops++) {
      response.body().close();
      URI target = location(response);
      response =
          send(
              "blob " + digest,
              () -> HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(10)),
              HttpResponse.BodyHandlers.ofInputStream(),
              false);
    }
    if (response.statusCode() != 200) {
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(64 * 1024);
      }
      throw failure("blob " + digest, response, body);
    }
    return response.body();
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private HttpRequest.Builder request(String path) throws BaseimgException, IOException {
    return HttpRequest.newBuilder(base().resolve(repository + "/" + path))
        .timeout(Duration.ofMinutes(10));
  }

  /** An upload URL the registry gave; send() adds the Authorization header as for any other. */
  private static HttpRequest.Builder timed(HttpRequest.Builder builder) {
    return builder.timeout(Duration.ofMinutes(10));
  }

  private <T> HttpResponse<T> send(
      String what, RequestSupplier request, HttpResponse.BodyHandler<T> handler)
      throws BaseimgException, IOException {
    return send(what, request, handler, true);
  }

  private interface RequestSupplier {
    HttpRequest.Builder get() throws BaseimgException, IOException;
  }

  private <T> HttpResponse<T> send(
      String what, RequestSupplier request, HttpResponse.BodyHandler<T> handler, boolean auth)
      throws BaseimgException, IOException {
    Duration delay = options.firstRetryDelay();
    boolean challenged = false;
    int attempt = 1;
    while (true) {
      HttpRequest.Builder builder = request.get();
      if (auth && authorization != null) {
        builder.header("Authorization", authorization);
      }
      HttpResponse<T> response;
      try {
        response = client().send(builder.build(), handler);
      } catch (ConnectException | HttpConnectTimeoutException e) {
        throw new RegistryException(
            "cannot reach the registry " + registry + ": " + describe(e), registry, 0, e);
      } catch (HttpTimeoutException e) {
        throw new RegistryException(
            "the registry " + registry + " did not answer in time (" + what + ")", registry, 0, e);
      } catch (SSLException e) {
        throw new RegistryException(
            "TLS with the registry "
                + registry
                + " failed ("
                + describe(e)
                + "): give Java its CA certificate, or treat the registry as insecure",
            registry,
            0,
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while talking to " + registry);
      }
      int status = response.statusCode();
      if (status == 401 && auth && !challenged) {
        discard(response);
        challenged = true;
        authorize(response);
        continue;
      }
      if ((status == 429 || status >= 500) && attempt < options.attempts()) {
        discard(response);
        Duration wait =
            response
                .headers()
                .firstValue("Retry-After")
                .filter(s -> s.matches("[0-9]{1,4}"))
                .map(s -> Duration.ofSeconds(Long.parseLong(s)))
                .orElse(delay);
        sleep(wait.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : wait);
        delay = delay.multipliedBy(2);
        attempt++;
        continue;
      }
      return response;
    }
  }

  private static void discard(HttpResponse<?> response) throws IOException {
    if (response.body() instanceof InputStream in) {
      in.close();
    }
  }

  private static void sleep(Duration wait) throws IOException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to try again");
    }
  }

  /** Answers the registry's challenge: basic credentials, or a bearer token from its realm. */
  private void authorize(HttpResponse<?> response) throws BaseimgException, IOException {
    WwwAuthenticate challenge =
        WwwAuthenticate.parse(response.headers().firstValue("WWW-Authenticate").orElse(null))
            .orElseThrow(
                () ->
                    new RegistryException(
                        registry + " answered 401 Unauthorized without saying how to log in",
                        registry,
                        401));
    Optional<DockerCredentials.Credentials> login = credentials.lookup(registry);
    switch (challenge.scheme()) {
      case "basic" -> {
        if (login.isEmpty()) {
          throw new RegistryException(
              registry
                  + " asks for a user name and password, and the Docker configuration has none"
                  + " for it: log in with docker login "
                  + registry,
              registry,
              401);
        }
        authorization = login.get().basic();
      }
      case "bearer" -> authorization = "Bearer " + token(challenge, login);
      default ->
          throw new RegistryException(
              registry + " asks for " + challenge.scheme() + " authentication, which baseimg lacks",
              registry,
              401);
    }
  }

  private String token(WwwAuthenticate challenge, Optional<DockerCredentials.Credentials> login)
      throws BaseimgException, IOException {
    String realm =
        challenge
            .parameter("realm")
            .orElseThrow(
                () ->
                    new RegistryException(
                        registry + "'s bearer challenge names no realm", registry, 401));
    StringBuilder query = new StringBuilder();
    challenge.parameter("service").ifPresent(s -> query.append("service=").append(encode(s)));
    for (String scope : scopes) {
      query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(scope));
    }
    URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1));
    login.ifPresent(l -> builder.header("Authorization", l.basic()));
    HttpResponse<byte[]> response =
        send("token", () -> builder, HttpResponse.BodyHandlers.ofByteArray(), false);
    if (response.statusCode() != 200) {
      throw failure("a token for " + repository, response, response.body());
    }
    JsonNode answer = new ObjectMapper().readTree(response.body());
    String token = answer.path("token").asText(answer.path("access_token").asText(""));
    if (token.isEmpty()) {
      throw new RegistryException(realm + " answered without a token", registry, 200);
    }
    return token;
  }

  /** A one-line error for an answer we did not want, with the registry's error code. */
  private RegistryException failure(String what, HttpResponse<?> response, byte[] body) {
    int status = response.statusCode();
    String detail = errorDetail(body).map(d -> " (" + d + ")").orElse("");
    String message =
        switch (status) {
          case 401 ->
              registry
                  + " refused the credentials for "
                  + repository
                  + detail
                  + ": check them with docker login "
                  + registry;
          case 403 -> registry + " denied access to " + repository + detail;
          case 404 -> what + ": not found in " + registry + "/" + repository + detail;
          default -> registry + " answered " + status + " to " + what + detail;
        };
    return new RegistryException(message, registry, status);
  }

  /** The first of the spec's {@code {"errors":[{"code","message"}]}}, if the body has one. */
  static Optional<String> errorDetail(byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode first = new ObjectMapper().readTree(body).path("errors").path(0);
      if (first.isMissingNode()) {
        return Optional.empty();
      }
      String code = first.path("code").asText("");
      String message = first.path("message").asText("");
      String detail = message.isEmpty() ? code : code + ": " + message;
      return detail.isEmpty()
          ? Optional.empty()
          : Optional.of(detail.lines().findFirst().orElse(""));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getCause() != null ? describe(e.getCause()) : e.getClass().getSimpleName();
    }
    return message;
  }

  private URI location(HttpResponse<?> response) throws RegistryException {
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new RegistryException(
                        registry + " answered " + response.statusCode() + " without a Location",
                        registry,
                        response.statusCode()));
    return response.request().uri().resolve(location);
  }

  private static URI withDigest(URI location, String digest) {
    String text = location.toString();
    return URI.create(text + (text.contains("?") ? "&" : "?") + "digest=" + encode(digest));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static HttpRequest.BodyPublisher body(Path file, byte[] bytes) throws IOException {
    return file != null
        ? HttpRequest.BodyPublishers.ofFile(file)
        : HttpRequest.BodyPublishers.ofByteArray(bytes);
  }

  private static HttpRequest.BodyPublisher slice(Path file, long offset, long length) {
    return HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(
            () -> {
              try {
                FileChannel channel = FileChannel.open(file);
                channel.position(offset);
                return new LimitedInputStream(Channels.newInputStream(channel), length);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }),
        length);
  }

  /**
   * The registry's {@code /v2/} URL, chosen on first use. HTTPS with the JDK's trust store, except
   * for insecure registries: one on this machine (localhost, 127.0.0.0/8, ::1, as Docker treats
   * them) is tried over plain HTTP first, then over HTTPS without a certificate check when it turns
   * out to speak TLS; one named insecure is tried the other way round, as Docker does.
   */
  private URI base() throws BaseimgException, IOException {
    if (base == null) {
      String host = registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
      URI https = URI.create("https://" + host + "/v2/");
      URI http = URI.create("http://" + host + "/v2/");
      if (isLoopback(registry)) {
        base = speaks(http) ? http : https;
      } else if (isInsecure()) {
        base = speaks(https) ? https : http;
      } else {
        base = https;
      }
    }
    return base;
  }

  /**
   * Whether the registry answers at {@code uri} in that scheme (any status but a TLS complaint).
   */
  private boolean speaks(URI uri) throws BaseimgException, IOException {
    try {
      HttpResponse<String> answer =
          client()
              .send(
                  HttpRequest.newBuilder(uri).timeout(CONNECT_TIMEOUT).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      // Go's servers answer plain HTTP on a TLS port with 400 "... HTTP request to an HTTPS
      // server".
      return !(answer.statusCode() == 400 && answer.body().contains("HTTPS"));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new RegistryException(
          "cannot reach the registry " + registry + ": " + describe(e), registry, 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while talking to " + registry);
    } catch (IOException e) {
      // The other scheme: a TLS handshake with a plain server, or HTTP to a TLS one, fails.
      return false;
    }
  }

  private HttpClient client() throws IOException {
    if (http == null) {
      HttpClient.Builder builder =
          HttpClient.newBuilder()
              .connectTimeout(CONNECT_TIMEOUT)
              .followRedirects(HttpClient.Redirect.NEVER);
      if (isInsecure()) {
        builder.sslContext(trustingEveryone());
      }
      http = builder.build();
    }
    return http;
  }

  /** Whether {@code registry} is on this machine: localhost, 127.0.0.0/8 or ::1, any port. */
  public static boolean isLoopback(String registry) {
    String host = hostOf(registry);
    return host.equals("localhost")
        || host.matches("127(\\.[0-9]{1,3}){3}")
        || host.equals("[::1]");
  }

  private boolean isInsecure() {
    return isLoopback(registry)
        || options.insecureHosts().contains(registry)
        || options.insecureHosts().contains(hostOf(registry));
  }

  private static String hostOf(String registry) {
    if (registry.startsWith("[")) {
      int end = registry.indexOf(']');
      return registry.substring(0, end + 1);
    }
    int colon = registry.indexOf(':');
    return colon < 0 ? registry : registry.substring(0, colon);
  }

  /**
   * TLS that accepts any certificate and host name, for registries the user named insecure only. An
   * X509ExtendedTrustManager, because the JDK leaves the host name check to it.
   */
  private static SSLContext trustingEveryone() throws IOException {
    TrustManager trustAll =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for an insecure registry", e);
    }
  }
}
