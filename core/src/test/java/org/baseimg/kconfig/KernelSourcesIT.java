package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.baseimg.debian.DebianArchive;
import org.baseimg.debian.DebianMirror;
import org.baseimg.event.Event;
import org.baseimg.image.Architecture;
import org.baseimg.testing.LocalAptRepository;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching the kernel source when no tree is given: a small stand-in for linux-source-6.1, built
 * with dpkg-deb and served from a signed local archive, is fetched through DebianArchive, unpacked
 * once into the cache and used from there. Needs dpkg-deb, gpg and gpgv; no network.
 */
class KernelSourcesIT {
  @TempDir Path directory;

  @Test
  void debian_fetchesUnpacksOnce_keepsExecuteBitsAndLinks() throws Exception {
    Path deb = standInPackage();
    String hostArch = Architecture.host().orElseThrow().debianName();
    try (LocalAptRepository repository =
        LocalAptRepository.start("bookworm", List.of(deb), List.of(hostArch))) {
      List<Event> events = new CopyOnWriteArrayList<>();
      DebianArchive archive =
          DebianArchive.create(
                  DebianMirror.of(repository.uri().toString()),
                  directory.resolve("cache"),
                  events::add)
              .withKeyring(repository.publicKey());

      KernelTree tree = KernelSources.debian(archive, "bookworm", "6.1", events::add);

      assertThat(tree.version()).isEqualTo("6.1.999");
      assertThat(tree.directory())
          .isEqualTo(
              directory.resolve("cache/bookworm/linux-source-6.1_6.1.999-1").toAbsolutePath());
      assertThat(tree.directory().resolve("scripts/check.sh")).isExecutable();
      assertThat(Files.readSymbolicLink(tree.directory().resolve("arch/arm64/link")))
          .isEqualTo(Path.of("Kconfig"));
      assertThat(events)
          .anyMatch(
              e ->
                  e instanceof Event.PhaseStarted s && s.phase().equals("unpack linux-source-6.1"));

      List<Event> again = new CopyOnWriteArrayList<>();
      assertThat(KernelSources.debian(archive, "bookworm", "6.1", again::add)).isEqualTo(tree);
      assertThat(again)
          .noneMatch(e -> e instanceof Event.PhaseStarted s && s.phase().startsWith("unpack"));
      try (var listing = Files.list(tree.directory().getParent())) {
        assertThat(listing.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.endsWith(".partial") || name.endsWith(".tar.xz"));
      }
    }
  }

  /** linux-source-6.1 with a tree of four files, one executable, and a symlink. */
  private Path standInPackage() throws Exception {
    Path source = Files.createDirectories(directory.resolve("src/linux-source-6.1"));
    Files.writeString(
        source.resolve("Makefile"),
        "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 999\nEXTRAVERSION =\n");
    Files.writeString(source.resolve("Kconfig"), "config A\n\tbool \"a\"\n");
    Files.createDirectories(source.resolve("scripts/kconfig"));
    Files.writeString(source.resolve("scripts/kconfig/conf.c"), "int main(void) { return 0; }\n");
    Path script = Files.writeString(source.resolve("scripts/check.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(source.resolve("arch/arm64"));
    Files.createSymbolicLink(source.resolve("arch/arm64/link"), Path.of("Kconfig"));
    Path root = Files.createDirectories(directory.resolve("deb/usr/src"));
    NativeTools.run(
        List.of(
            "tar",
            "-cJf",
            root.resolve("linux-source-6.1.tar.xz").toString(),
            "-C",
            source.getParent().toString(),
            "linux-source-6.1"));
    Path control = Files.createDirectories(directory.resolve("deb/DEBIAN"));
    Files.writeString(
        control.resolve("control"),
        "Package: linux-source-6.1\nVersion: 6.1.999-1\nArchitecture: all\n"
            + "Maintainer: baseimg tests <test@baseimg.invalid>\n"
            + "Description: a small stand-in for Debian's kernel source\n");
    Path deb = directory.resolve("linux-source-6.1_6.1.999-1_all.deb");
    NativeTools.run(
        List.of(
            "dpkg-deb",
            "--root-owner-group",
            "--build",
            directory.resolve("deb").toString(),
            deb.toString()));
    return deb;
  }
}
