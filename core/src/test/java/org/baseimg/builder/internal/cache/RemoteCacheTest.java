package org.baseimg.builder.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.image.ImageSpec;
import org.baseimg.oci.RegistryOptions;
import org.junit.jupiter.api.Test;

/**
 * Fetching kept trees from a scripted registry: a tree whose bytes are not the named ones, or a
 * registry that does not answer, leaves nothing that looks kept; a bad repository is bad input. The
 * whole round trip (owners, modes, links) needs root: RemoteCacheRootIT; publishing against the
 * real registry: the CLI's RemoteCacheIT.
 */
class RemoteCacheTest extends RemoteCacheFixture {
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
}
