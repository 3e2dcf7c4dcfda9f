package org.baseimg.debian.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.junit.jupiter.api.Test;

class ReleaseFileTest {
  private static final String SHA =
      "2ddb1737692e8c45c53e8d57c0ce4cd21c78c5703b830c3226b1423566a06c00";

  private static final String RELEASE =
      """
      Origin: Debian
      Label: Debian
      Suite: oldstable
      Version: 12.15
      Codename: bookworm
      Date: Sat, 11 Jul 2026 10:16:37 UTC
      Acquire-By-Hash: yes
      Architectures: all amd64 arm64 armel armhf i386 mips64el mipsel ppc64el s390x
      Components: main contrib non-free-firmware non-free
      MD5Sum:
       e0f09148d8af4e8836adf64b3679d893  8689464 main/binary-arm64/Packages.xz
      SHA256:
       c7c883a61f348283050d3a754e7c8119117c4019bf65da804c78fdae315866f1 49434864 main/binary-arm64/Packages
       %s  8689464 main/binary-arm64/Packages.xz
      """
          .formatted(SHA);

  @Test
  void parse_sha256Section_givesSizeAndSumPerPath() throws Exception {
    ReleaseFile release = ReleaseFile.parse(RELEASE, "InRelease");

    assertThat(release.file("main/binary-arm64/Packages.xz"))
        .contains(new ReleaseFile.IndexFile("main/binary-arm64/Packages.xz", 8689464, SHA));
    assertThat(release.file("main/binary-amd64/Packages.xz")).isEmpty();
    assertThat(release.acquireByHash()).isTrue();
    assertThat(release.codename()).isEqualTo("bookworm");
    assertThat(release.suite()).isEqualTo("oldstable");
  }

  @Test
  void check_byCodenameOrSuite_passes() throws Exception {
    ReleaseFile release = ReleaseFile.parse(RELEASE, "InRelease");

    release.check("bookworm", "arm64", "main", Instant.now());
    release.check("oldstable", "arm64", "main", Instant.now());
  }

  @Test
  void check_otherSuiteOrMissingArchitecture_fails() throws Exception {
    ReleaseFile release = ReleaseFile.parse(RELEASE, "InRelease");

    assertThatThrownBy(() -> release.check("trixie", "arm64", "main", Instant.now()))
        .isInstanceOf(BaseimgException.class)
        .hasMessageContaining("says it is suite 'oldstable', codename 'bookworm'");
    assertThatThrownBy(() -> release.check("bookworm", "riscv64", "main", Instant.now()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("suite bookworm has no architecture 'riscv64'");
  }

  @Test
  void check_validUntilInThePast_saysTheMirrorIsStale() throws Exception {
    ReleaseFile release =
        ReleaseFile.parse(
            RELEASE.replace("Acquire-By-Hash", "Valid-Until: Sat, 18 Jul 2026 10:16:37 UTC\nX"),
            "InRelease");

    release.check("bookworm", "arm64", "main", Instant.parse("2026-07-17T00:00:00Z"));
    assertThatThrownBy(
            () -> release.check("bookworm", "arm64", "main", Instant.parse("2026-07-19T00:00:00Z")))
        .hasMessageContaining("expired at Sat, 18 Jul 2026 10:16:37 UTC");
  }

  @Test
  void parse_noSha256_saysSo() {
    assertThatThrownBy(() -> ReleaseFile.parse("Suite: x\nMD5Sum:\n a 1 b\n", "InRelease"))
        .hasMessageContaining("lists no SHA256 sums");
  }

  @Test
  void gpgvVerdict_goodBadAndMissingKeys() {
    String good =
        """
        [GNUPG:] NEWSIG
        [GNUPG:] KEY_CONSIDERED B8B80B5B623EAB6AD8775C45B7C5D7D6350947F8 0
        [GNUPG:] ERRSIG 1234567890ABCDEF 1 8 01 1783765031 9 -
        [GNUPG:] NO_PUBKEY 1234567890ABCDEF
        [GNUPG:] NEWSIG
        [GNUPG:] GOODSIG 6ED0E7B82643E131 Debian Archive Automatic Signing Key (12/bookworm)
        [GNUPG:] VALIDSIG 4CB50190207B4758A3F73A796ED0E7B82643E131 2026-07-11 1783765031 0 4 0 1 8 01
        """;
    assertThat(Gpgv.Verdict.of(good).good()).isTrue();

    String bad = good + "[GNUPG:] NEWSIG\n[GNUPG:] BADSIG 78DBA3BC47EF2265 Debian\n";
    assertThat(Gpgv.Verdict.of(bad).good()).isFalse();
    assertThat(Gpgv.Verdict.of(bad).reason()).contains("BAD signature by key 78DBA3BC47EF2265");

    String unknownKey =
        "[GNUPG:] NEWSIG\n[GNUPG:] ERRSIG 1234 1 8 01 1 9 -\n[GNUPG:] NO_PUBKEY 1234\n";
    assertThat(Gpgv.Verdict.of(unknownKey).good()).isFalse();
    assertThat(Gpgv.Verdict.of(unknownKey).reason())
        .contains("signed by key 1234, which is not in the keyring");

    String goodWithoutValid = "[GNUPG:] NEWSIG\n[GNUPG:] EXPKEYSIG 99 Old key\n";
    assertThat(Gpgv.Verdict.of(goodWithoutValid).reason()).contains("which has expired");
    assertThat(Gpgv.Verdict.of("").reason()).isEqualTo("no good signature");
  }
}
