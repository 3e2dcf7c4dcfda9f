package org.baseimg.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.baseimg.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianMirrorTest {
  @TempDir Path apt;

  @Test
  void fromAptConfig_deb822FileInSourcesListD_takesTheFirstDebianArchive() throws Exception {
    Files.createDirectories(apt.resolve("sources.list.d"));
    Files.writeString(
        apt.resolve("sources.list.d/debian.sources"),
        """
        Types: deb
        URIs: http://mirror.example/debian-security
        Suites: bookworm-security
        Components: main

        Types: deb
        URIs: http://mirror.example/debian
        Suites: bookworm bookworm-updates
        Components: main
        """);
    // apt ignores names that do not end in .list or .sources
    Files.writeString(
        apt.resolve("sources.list.d/aaa.list.disabled-by-admin"),
        "deb http://wrong.example/debian bookworm main\n");

    DebianMirror mirror = DebianMirror.fromAptConfig(apt);

    assertThat(mirror.uri()).isEqualTo(URI.create("http://mirror.example/debian/"));
  }

  @Test
  void fromAptConfig_oneLineSourcesList_isReadBeforeSourcesListD() throws Exception {
    Files.writeString(
        apt.resolve("sources.list"),
        "# my mirror\ndeb [signed-by=/k.gpg] https://local.example/debian/ bookworm main\n");
    Files.createDirectories(apt.resolve("sources.list.d"));
    Files.writeString(
        apt.resolve("sources.list.d/debian.sources"),
        "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\nComponents: main\n");

    assertThat(DebianMirror.fromAptConfig(apt).uri())
        .isEqualTo(URI.create("https://local.example/debian/"));
  }

  @Test
  void fromAptConfig_onlySecurityAndThirdParty_saysToPassMirror() throws Exception {
    Files.writeString(
        apt.resolve("sources.list"),
        "deb http://mirror.example/debian-security bookworm-security main\n"
            + "deb https://packages.example/apt cloud-sdk-bookworm main\n");

    assertThatThrownBy(() -> DebianMirror.fromAptConfig(apt))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "no Debian mirror in "
                + apt.resolve("sources.list")
                + " or "
                + apt.resolve("sources.list.d")
                + "; name a mirror explicitly");
  }

  @Test
  void fromAptConfig_nothingConfigured_saysToPassMirror() {
    assertThatThrownBy(() -> DebianMirror.fromAptConfig(apt))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no Debian mirror in")
        .hasMessageEndingWith("; name a mirror explicitly");
  }

  @Test
  void of_rootWithoutTrailingSlash_resolvesBelowTheRoot() throws Exception {
    DebianMirror mirror = DebianMirror.of("http://mirror.example/debian");

    assertThat(mirror.resolve("dists/bookworm/InRelease"))
        .isEqualTo(URI.create("http://mirror.example/debian/dists/bookworm/InRelease"));
    assertThat(mirror.resolve("pool/main/l/linux/linux-image-6.1.0-50-arm64_6.1.176-1_arm64.deb"))
        .hasPath("/debian/pool/main/l/linux/linux-image-6.1.0-50-arm64_6.1.176-1_arm64.deb");
  }

  @Test
  void of_notAnArchiveUri_isBadInput() {
    assertThatThrownBy(() -> DebianMirror.of("ftp://mirror.example/debian"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("not an http, https or file URI");
    assertThatThrownBy(() -> DebianMirror.of("mirror.example/debian"))
        .isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> DebianMirror.of("http://")).isInstanceOf(BadInputException.class);
  }
}
