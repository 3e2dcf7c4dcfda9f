package org.baseimg.builder.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.baseimg.BadInputException;
import org.baseimg.event.Event;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.Hashing;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.oci.RegistryOptions;
import org.baseimg.oci.internal.CacheArtifacts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted registry serving one kept tree, and a small tree made into a blob by GNU tar and the
 * zstd command (not by baseimg), for the tests of {@link RemoteCache}.
 */
abstract class RemoteCacheFixture {
  static final String KEY = "5f0c1e2d3a4b5c6d7e8f9a0b";

  @TempDir Path temp;
  HttpServer server;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  BaseCache.Lookup lookup() {
    return new BaseCache.Lookup(
        KEY, 0, temp.resolve("cache").resolve(CacheLayout.BASES).resolve("bookworm-arm64-" + KEY));
  }

  List<String> siblings(BaseCache.Lookup kept) throws IOException {
    try (Stream<Path> list = Files.list(kept.directory().getParent())) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A tree with a setuid file of another owner, a symlink and a hard link, as tar.zst. */
  Path blobOfSmallTree() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("made/usr/bin"));
    Files.writeString(tree.resolve("tool"), "#!/bin/sh\n");
    Files.createSymbolicLink(tree.resolve("link"), Path.of("tool"));
    Files.createLink(tree.resolve("hard"), tree.resolve("tool"));
    run("chmod", "4755", tree.resolve("tool").toString());
    Path tar = temp.resolve("tree.tar");
    // Owners set by tar, so that making the blob needs no root.
    run(
        "tar",
        "--create",
        "--owner=1234",
        "--group=5678",
        "--numeric-owner",
        "--file=" + tar,
        "--directory=" + temp.resolve("made"),
        ".");
    Path blob = temp.resolve("tree.tar.zst");
    run("zstd", "-q", "-3", tar.toString(), "-o", blob.toString());
    return blob;
  }

  static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
  }

  /** A registry whose tag names {@code named}'s digest and size, and whose blob is {@code sent}. */
  void serve(Path named, byte[] sent) throws IOException {
    String digest = "sha256:" + Hashing.sha256(named);
    byte[] manifest =
        org.baseimg.oci.internal.OciJson.write(
            new org.baseimg.oci.internal.OciJson.Manifest(
                2,
                BootSetMediaTypes.OCI_MANIFEST,
                CacheArtifacts.ARTIFACT_TYPE,
                null,
                List.of(
                    new org.baseimg.oci.internal.OciJson.Desc(
                        CacheArtifacts.TREE, null, digest, Files.size(named), null, null)),
                null,
                Map.of()));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v2/")) {
              send(exchange, 200, null, new byte[0]);
            } else if (path.contains("/manifests/base-bookworm-arm64-" + KEY)) {
              send(exchange, 200, BootSetMediaTypes.OCI_MANIFEST, manifest);
            } else if (path.endsWith("/blobs/" + digest)) {
              send(exchange, 200, "application/octet-stream", sent);
            } else {
              send(exchange, 404, null, new byte[0]);
            }
          }
        });
    server.start();
  }

  static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  String registry() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  RemoteCache remoteCache(String which) throws BadInputException {
    return remoteCache(which, registry());
  }

  RemoteCache unreachable(String which) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return remoteCache(which, "127.0.0.1:" + port);
  }

  RemoteCache remoteCache(String which, String registry) throws BadInputException {
    Optional<String> repository = Optional.of(registry + "/cache");
    ImageSpec.BuildSpec build =
        new ImageSpec.BuildSpec(ImageSpec.Environment.HOST, temp.resolve("cache"))
            .withRegistryCache(
                which.equals("cache-from") ? repository : Optional.empty(),
                which.equals("cache-to") ? repository : Optional.empty());
    RegistryOptions options =
        new RegistryOptions(Set.of(), Optional.of(temp), 1, Duration.ZERO, 1 << 20);
    return RemoteCache.of(build, options, events::add);
  }
}
