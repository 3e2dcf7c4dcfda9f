package org.baseimg.builder.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.Hashing;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.oci.RegistryOptions;
import org.baseimg.oci.internal.CacheArtifacts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching kept trees from a scripted registry: a tree made by GNU tar and the zstd command (not by
 * baseimg) arrives whole, owners, modes, links and all; a tree whose bytes are not the named ones,
 * or a registry that does not answer, leaves nothing that looks kept. Publishing round trips are
 * checked against the real registry in the CLI's RemoteCacheIT.
 */
class RemoteCacheTest {
  private static final String KEY = "5f0c1e2d3a4b5c6d7e8f9a0b";

  @TempDir Path temp;
  HttpServer server;
  final List<Event> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void fetch_treeMadeByGnuTarAndZstd_isKeptWithOwnersModesLinksAndCompleteMarker()
      throws Exception {
    Path blob = blobOfSmallTree();
    serve(blob, Files.readAllBytes(blob));
    BaseCache.Lookup kept = lookup();

    boolean fetched = remoteCache("cache-from").fetch(kept);

    assertThat(fetched).as(events.toString()).isTrue();
    assertThat(kept.exists()).isTrue();
    Path tree = kept.tree();
    assertThat(Files.readString(kept.directory().resolve(CacheLayout.COMPLETE)))
        .isEqualTo(KEY + "\n");
    assertThat(
            Files.getAttribute(
                tree.resolve("usr/bin/tool"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(0104755);
    assertThat(Files.getAttribute(tree.resolve("usr/bin/tool"), "unix:uid")).isEqualTo(1234);
    assertThat(Files.getAttribute(tree.resolve("usr/bin/tool"), "unix:gid")).isEqualTo(5678);
    assertThat(Files.readSymbolicLink(tree.resolve("usr/bin/link"))).isEqualTo(Path.of("tool"));
    assertThat(Files.getAttribute(tree.resolve("usr/bin/hard"), "unix:ino"))
        .isEqualTo(Files.getAttribute(tree.resolve("usr/bin/tool"), "unix:ino"));
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(Event.PhaseFinished.class)
                    .extracting(f -> ((Event.PhaseFinished) f).phase())
                    .isEqualTo("fetch cached base " + KEY));
    assertThat(siblings(kept)).containsExactly(kept.directory().getFileName().toString());
  }

  @Test
  void fetch_blobOtherThanNamed_warnsAndLeavesNoTree() throws Exception {
    Path blob = blobOfSmallTree();
    byte[] named = Files.readAllBytes(blob);
    byte[] sent = named.clone();
    // The same size: zstd's own checksum or the digest refuses it.
    sent[sent.length - 1] ^= 0x01;
    serve(blob, sent);
    BaseCache.Lookup kept = lookup();

    boolean fetched = remoteCache("cache-from").fetch(kept);

    assertThat(fetched).isFalse();
    assertThat(kept.exists()).isFalse();
    assertThat(Files.exists(kept.directory())).isFalse();
    assertThat(siblings(kept)).isEmpty();
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(Event.Warning.class)
                    .extracting(w -> ((Event.Warning) w).message())
                    .asString()
                    .startsWith("cache-from: cannot fetch ")
                    .endsWith("building it instead"));
  }

  @Test
  void fetch_tagMissing_saysSoAndBuilds() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(
                exchange.getRequestURI().getPath().equals("/v2/") ? 200 : 404, -1);
          }
        });
    server.start();

    boolean fetched = remoteCache("cache-from").fetch(lookup());

    assertThat(fetched).isFalse();
    assertThat(events)
        .containsExactly(
            new Event.Info(
                "cache-from: "
                    + registry()
                    + "/cache:base-bookworm-arm64-"
                    + KEY
                    + " is not there; building it"));
  }

  @Test
  void fetch_registryUnreachable_warnsAndLeavesNothing() throws Exception {
    BaseCache.Lookup kept = lookup();

    boolean fetched = unreachable("cache-from").fetch(kept);

    assertThat(fetched).isFalse();
    assertThat(Files.exists(kept.directory().getParent())).isFalse();
    assertThat(events).singleElement().isInstanceOf(Event.Warning.class);
    assertThat(((Event.Warning) events.get(0)).message()).contains("cannot reach the registry");
  }

  @Test
  void publish_registryUnreachable_failsNamingTheReference() throws Exception {
    BaseCache.Lookup kept = lookup();

    assertThatThrownBy(() -> unreachable("cache-to").publish(kept, temp))
        .isInstanceOf(BaseimgException.class)
        .hasMessageStartingWith("cache-to: cannot publish 127.0.0.1:")
        .hasMessageContaining("/cache:base-bookworm-arm64-" + KEY + ": cannot reach the registry");
  }

  @Test
  void of_cacheToWithTag_isBadInput() {
    ImageSpec.BuildSpec build =
        new ImageSpec.BuildSpec(ImageSpec.Environment.HOST, temp)
            .withRegistryCache(Optional.empty(), Optional.of("127.0.0.1:5000/cache:latest"));

    assertThatThrownBy(() -> RemoteCache.of(build, RegistryOptions.defaults(), events::add))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("cache-to: ");
  }

  @Test
  void kind_layerDirectory_isPackages() {
    BaseCache.Lookup layer =
        new BaseCache.Lookup(
            KEY, 0, temp.resolve(CacheLayout.LAYERS).resolve("bookworm-arm64-" + KEY));

    assertThat(RemoteCache.kind(layer)).isEqualTo("packages");
    assertThat(RemoteCache.kind(lookup())).isEqualTo("base");
  }

  private BaseCache.Lookup lookup() {
    return new BaseCache.Lookup(
        KEY, 0, temp.resolve("cache").resolve(CacheLayout.BASES).resolve("bookworm-arm64-" + KEY));
  }

  private List<String> siblings(BaseCache.Lookup kept) throws IOException {
    try (Stream<Path> list = Files.list(kept.directory().getParent())) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A tree with a setuid file of another owner, a symlink and a hard link, as tar.zst. */
  private Path blobOfSmallTree() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("made/usr/bin"));
    Files.writeString(tree.resolve("tool"), "#!/bin/sh\n");
    Files.createSymbolicLink(tree.resolve("link"), Path.of("tool"));
    Files.createLink(tree.resolve("hard"), tree.resolve("tool"));
    run("chown", "1234:5678", tree.resolve("tool").toString());
    run("chmod", "4755", tree.resolve("tool").toString());
    Path tar = temp.resolve("tree.tar");
    run("tar", "--create", "--file=" + tar, "--directory=" + temp.resolve("made"), ".");
    Path blob = temp.resolve("tree.tar.zst");
    run("zstd", "-q", "-3", tar.toString(), "-o", blob.toString());
    return blob;
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
  }

  /** A registry whose tag names {@code named}'s digest and size, and whose blob is {@code sent}. */
  private void serve(Path named, byte[] sent) throws IOException {
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

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  private String registry() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private RemoteCache remoteCache(String which) throws BadInputException {
    return remoteCache(which, registry());
  }

  private RemoteCache unreachable(String which) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return remoteCache(which, "127.0.0.1:" + port);
  }

  private RemoteCache remoteCache(String which, String registry) throws BadInputException {
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
