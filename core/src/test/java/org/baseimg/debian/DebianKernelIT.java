package org.baseimg.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Hashing;
import org.baseimg.kernel.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches Debian's real arm64 kernel from the mirror in the host's apt sources. Needs network
 * access to that mirror, gpgv and debian-archive-keyring.
 */
class DebianKernelIT {
  @TempDir Path cache;

  @Test
  void fetch_bookwormArm64_downloadsVerifiesExtractsAndCaches() throws Exception {
    DebianMirror mirror = DebianMirror.fromHost();
    List<Event> events = new CopyOnWriteArrayList<>();
    DebianKernel kernels = DebianKernel.online(DebianArchive.create(mirror, cache, events::add));

    long started = System.nanoTime();
    Kernel kernel = kernels.fetch("bookworm", "arm64");
    Duration first = Duration.ofNanos(System.nanoTime() - started);

    assertThat(kernel.packageName()).matches("linux-image-[0-9.]+-[0-9]+-arm64");
    assertThat(kernel.image())
        .isEqualTo(
            cache.resolve(
                "bookworm/arm64/" + kernel.packageName() + "_" + kernel.version() + "/vmlinuz"));
    assertThat(Files.size(kernel.image())).isGreaterThan(10_000_000L);
    assertThat(Hashing.sha256(kernel.image())).isEqualTo(kernel.sha256());
    // arm64 Image header: the magic "ARM\x64" at offset 56 (Documentation/arch/arm64/booting.rst).
    byte[] header = new byte[64];
    try (InputStream in = Files.newInputStream(kernel.image())) {
      assertThat(in.readNBytes(header, 0, 64)).isEqualTo(64);
    }
    assertThat(new byte[] {header[56], header[57], header[58], header[59]})
        .containsExactly('A', 'R', 'M', 0x64);
    Event.PhaseStarted download =
        events.stream()
            .filter(Event.PhaseStarted.class::isInstance)
            .map(Event.PhaseStarted.class::cast)
            .filter(event -> event.phase().startsWith("download " + kernel.packageName()))
            .findFirst()
            .orElseThrow();
    assertThat(download.total()).isGreaterThan(30_000_000L);
    assertThat(download.unit()).isEqualTo("bytes");
    assertThat(events.stream().filter(Event.Progress.class::isInstance).count()).isGreaterThan(20);
    try (var listing = Files.list(kernel.image().getParent())) {
      assertThat(listing.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("vmlinuz", "vmlinuz.sha256");
    }

    List<Event> again = new CopyOnWriteArrayList<>();
    started = System.nanoTime();
    Kernel cached =
        DebianKernel.online(DebianArchive.create(mirror, cache, again::add))
            .fetch("bookworm", "arm64");
    Duration second = Duration.ofNanos(System.nanoTime() - started);

    assertThat(cached).isEqualTo(kernel);
    assertThat(again).noneMatch(Event.PhaseStarted.class::isInstance);

    started = System.nanoTime();
    Kernel offline = DebianKernel.offline(cache).fetch("bookworm", "arm64");
    Duration third = Duration.ofNanos(System.nanoTime() - started);
    assertThat(offline).isEqualTo(kernel);

    System.out.printf(
        Locale.ROOT,
        "DebianKernelIT: %s %s (%.1f MB image, %.1f MB package) from %s:"
            + " first fetch %.1f s, cached fetch %.2f s, offline %.2f s%n",
        kernel.packageName(),
        kernel.version(),
        Files.size(kernel.image()) / 1e6,
        download.total() / 1e6,
        mirror,
        first.toMillis() / 1000.0,
        second.toMillis() / 1000.0,
        third.toMillis() / 1000.0);
  }

  @Test
  void fetch_misspelledSuite_isBadInputNamingTheUrl() throws Exception {
    DebianMirror mirror = DebianMirror.fromHost();
    DebianKernel kernels =
        DebianKernel.online(DebianArchive.create(mirror, cache, EventListener.NONE));

    assertThatThrownBy(() -> kernels.fetch("bookwrom", "arm64"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("suite 'bookwrom' is not on the mirror " + mirror)
        .hasMessageContaining(mirror + "dists/bookwrom/InRelease");
  }

  @Test
  void fetch_keyringWithoutTheArchiveKeys_failsNamingTheCause() throws Exception {
    Path otherKeyring =
        DebianArchive.DEBIAN_KEYRING.resolveSibling("debian-archive-bullseye-stable.gpg");
    assertThat(otherKeyring)
        .as("debian-archive-keyring's bullseye release key, used as a keyring that cannot verify")
        .exists();
    DebianKernel kernels =
        DebianKernel.online(
            DebianArchive.create(DebianMirror.fromHost(), cache, EventListener.NONE)
                .withKeyring(otherKeyring));

    assertThatThrownBy(() -> kernels.fetch("bookworm", "arm64"))
        .isInstanceOf(BaseimgException.class)
        .hasMessageContaining("/dists/bookworm/InRelease does not verify against " + otherKeyring)
        .hasMessageContaining("which is not in the keyring");
  }
}
