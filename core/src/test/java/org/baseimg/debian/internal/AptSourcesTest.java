package org.baseimg.debian.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class AptSourcesTest {
  private static final String DEBIAN_SOURCES =
      """
      Types: deb
      # http://snapshot.example/archive/debian/20250520T000000Z
      URIs: http://mirror.example/debian
      Suites: bookworm bookworm-updates
      Components: main
      Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

      Types: deb
      URIs: http://mirror.example/debian-security
      Suites: bookworm-security
      Components: main
      Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
      """;

  @Test
  void parseDeb822_hostStyleFile_readsBothStanzasWithFieldsAndOrigin() {
    List<AptSources.Source> sources = AptSources.parseDeb822(DEBIAN_SOURCES, "debian.sources");

    assertThat(sources).hasSize(2);
    AptSources.Source first = sources.get(0);
    assertThat(first.types()).containsExactly("deb");
    assertThat(first.uris()).containsExactly(URI.create("http://mirror.example/debian"));
    assertThat(first.suites()).containsExactly("bookworm", "bookworm-updates");
    assertThat(first.components()).containsExactly("main");
    assertThat(first.enabled()).isTrue();
    assertThat(first.origin()).isEqualTo("debian.sources:1");
    assertThat(sources.get(1).suites()).containsExactly("bookworm-security");
    assertThat(sources.get(1).origin()).isEqualTo("debian.sources:8");
  }

  @Test
  void firstDebianArchive_securityListedFirst_picksTheMainArchive() {
    String securityFirst =
        """
        Types: deb
        URIs: http://mirror.example/debian-security
        Suites: bookworm-security
        Components: main

        Types: deb
        URIs: https://mirror.example/debian/
        Suites: trixie
        Components: main contrib
        """;

    assertThat(AptSources.firstDebianArchive(AptSources.parseDeb822(securityFirst, "x")))
        .contains(URI.create("https://mirror.example/debian/"));
  }

  @Test
  void firstDebianArchive_disabledSourceOnlyAndThirdPartyEntries_findsNothing() {
    String text =
        """
        Types: deb
        URIs: https://third-party.example/node_20.x
        Suites: nodistro
        Components: main

        Types: deb-src
        URIs: http://mirror.example/debian
        Suites: bookworm
        Components: main

        Enabled: no
        Types: deb
        URIs: http://mirror.example/debian
        Suites: bookworm
        Components: main
        """;

    List<AptSources.Source> sources = AptSources.parseDeb822(text, "x");

    assertThat(sources).hasSize(3);
    assertThat(sources.get(2).enabled()).isFalse();
    assertThat(AptSources.firstDebianArchive(sources)).isEmpty();
  }

  @Test
  void parseOneLine_optionsCommentsAndBlankLines_readsEntries() {
    String text =
        """
        # deb http://commented.example/debian bookworm main
        deb-src http://mirror.example/debian bookworm main

        deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] \
        http://mirror.example/debian bookworm main contrib # trailing comment
        deb http://mirror.example/debian-security bookworm-security main
        deb cdrom:[Debian GNU/Linux 12]/ bookworm main
        """;

    List<AptSources.Source> sources = AptSources.parseOneLine(text, "sources.list");

    assertThat(sources).hasSize(4);
    assertThat(sources.get(0).types()).containsExactly("deb-src");
    AptSources.Source withOptions = sources.get(1);
    assertThat(withOptions.types()).containsExactly("deb");
    assertThat(withOptions.uris()).containsExactly(URI.create("http://mirror.example/debian"));
    assertThat(withOptions.suites()).containsExactly("bookworm");
    assertThat(withOptions.components()).containsExactly("main", "contrib");
    assertThat(withOptions.origin()).isEqualTo("sources.list:4");
    assertThat(AptSources.firstDebianArchive(sources))
        .contains(URI.create("http://mirror.example/debian"));
  }

  @Test
  void parseOneLine_thirdPartyWithCodenameInSuite_isNotTheDebianArchive() {
    List<AptSources.Source> sources =
        AptSources.parseOneLine(
            "deb https://packages.example/apt cloud-sdk-bookworm main\n", "google.list");

    assertThat(sources).hasSize(1);
    assertThat(AptSources.firstDebianArchive(sources)).isEmpty();
  }

  @Test
  void isDebianSuite_codenamesAliasesAndUpdates_butNotSecurity() {
    assertThat(AptSources.isDebianSuite("bookworm")).isTrue();
    assertThat(AptSources.isDebianSuite("stable")).isTrue();
    assertThat(AptSources.isDebianSuite("bookworm-updates")).isTrue();
    assertThat(AptSources.isDebianSuite("bullseye-backports")).isTrue();
    assertThat(AptSources.isDebianSuite("bookworm-security")).isFalse();
    assertThat(AptSources.isDebianSuite("jammy")).isFalse();
    assertThat(AptSources.isDebianSuite("nodistro")).isFalse();
  }
}
