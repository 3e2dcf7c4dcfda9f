package org.baseimg.builder.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.baseimg.event.Event;
import org.junit.jupiter.api.Test;

/**
 * A tree made by GNU tar and the zstd command (not by baseimg), with a setuid file of another
 * owner, a symbolic and a hard link, fetched from a scripted registry: it arrives whole, with its
 * complete marker and nothing else beside it. Needs root, to give files another owner.
 */
class RemoteCacheRootIT extends RemoteCacheFixture {
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
}
