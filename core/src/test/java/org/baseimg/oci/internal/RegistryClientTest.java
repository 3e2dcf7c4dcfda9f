package org.baseimg.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.oci.ImageReference;
import org.baseimg.oci.RegistryException;
import org.baseimg.oci.RegistryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's retries and bearer authentication against a scripted server; the protocol as a whole
 * is checked against the real registry in the CLI's RegistryIT.
 */
class RegistryClientTest {
  private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;
  HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();

  interface Script {
    void answer(HttpExchange exchange) throws IOException;
  }

  void serve(Script script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(
                exchange.getRequestMethod()
                    + " "
                    + exchange.getRequestURI()
                    + (auth == null ? "" : " [" + auth + "]"));
            script.answer(exchange);
          }
        });
    server.start();
  }

  @BeforeEach
  void clear() {
    requests.clear();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  RegistryClient client(int attempts) {
    ImageReference reference =
        new ImageReference(
            "127.0.0.1:" + server.getAddress().getPort(),
            "boot/x",
            Optional.of("1"),
            Optional.empty());
    RegistryOptions options =
        new RegistryOptions(Set.of(), Optional.of(temp), attempts, Duration.ZERO, 1 << 20);
    return new RegistryClient(reference, options, false);
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  @Test
  void manifest_answered503Then429_isFetchedOnTheThirdTry() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    serve(
        exchange -> {
          if (!exchange.getRequestURI().getPath().endsWith("/manifests/1")) {
            send(exchange, 200, null, new byte[0]);
            return;
          }
          switch (tries.incrementAndGet()) {
            case 1 -> send(exchange, 503, null, new byte[0]);
            case 2 -> {
              exchange.getResponseHeaders().set("Retry-After", "0");
              send(exchange, 429, null, new byte[0]);
            }
            default -> send(exchange, 200, BootSetMediaTypes.OCI_MANIFEST, MANIFEST);
          }
        });

    RegistryClient.Fetched fetched =
        client(4).manifest("1", List.of(BootSetMediaTypes.OCI_MANIFEST)).orElseThrow();

    assertThat(fetched.body()).isEqualTo(MANIFEST);
    assertThat(fetched.mediaType()).isEqualTo(BootSetMediaTypes.OCI_MANIFEST);
    assertThat(tries).hasValue(3);
  }

  @Test
  void manifest_always500_failsAfterTheConfiguredTriesWithTheRegistrysCode() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    serve(
        exchange -> {
          if (!exchange.getRequestURI().getPath().endsWith("/manifests/1")) {
            send(exchange, 200, null, new byte[0]);
            return;
          }
          tries.incrementAndGet();
          send(
              exchange,
              500,
              "application/json",
              "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"disk full\"}]}"
                  .getBytes(StandardCharsets.UTF_8));
        });

    assertThatThrownBy(() -> client(3).manifest("1", List.of(BootSetMediaTypes.OCI_MANIFEST)))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("answered 500 to manifest 1 (UNKNOWN: disk full)")
        .satisfies(e -> assertThat(((RegistryException) e).status()).contains(500));
    assertThat(tries).hasValue(3);
  }

  @Test
  void bearerChallenge_fetchesATokenForTheRepositoryAndSendsIt() throws Exception {
    serve(
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          if (path.equals("/token")) {
            send(
                exchange,
                200,
                "application/json",
                "{\"token\":\"t0k3n\"}".getBytes(StandardCharsets.UTF_8));
          } else if (!path.endsWith("/manifests/1")) {
            send(exchange, 200, null, new byte[0]);
          } else if ("Bearer t0k3n".equals(auth)) {
            send(exchange, 200, BootSetMediaTypes.OCI_MANIFEST, MANIFEST);
          } else {
            exchange
                .getResponseHeaders()
                .set(
                    "WWW-Authenticate",
                    "Bearer realm=\"http://"
                        + exchange.getLocalAddress().getAddress().getHostAddress()
                        + ":"
                        + exchange.getLocalAddress().getPort()
                        + "/token\",service=\"test\"");
            send(exchange, 401, null, new byte[0]);
          }
        });

    RegistryClient.Fetched fetched =
        client(1).manifest("1", List.of(BootSetMediaTypes.OCI_MANIFEST)).orElseThrow();

    assertThat(fetched.body()).isEqualTo(MANIFEST);
    assertThat(requests)
        .contains("GET /token?service=test&scope=repository%3Aboot%2Fx%3Apull")
        .contains("GET /v2/boot/x/manifests/1 [Bearer t0k3n]");
  }

  @Test
  void errorDetail_readsTheFirstErrorOfTheSpecsBody() {
    byte[] body =
        "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"manifest invalid\"},{}]}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(RegistryClient.errorDetail(body)).contains("MANIFEST_INVALID: manifest invalid");
    assertThat(RegistryClient.errorDetail("<html>".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
