package org.baseimg.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Copyright files of Debian 12 packages (trimmed), under src/test/resources/sbom/copyright. */
class DebianLicensesTest {
  static byte[] copyright(String packageName) throws IOException {
    try (InputStream in =
        DebianLicensesTest.class.getResourceAsStream("/sbom/copyright/" + packageName)) {
      assertThat(in).as(packageName).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void read_dash_everyStanzasNameOnceInFileOrder_caseVariantsKept() throws Exception {
    assertThat(DebianLicenses.read(copyright("dash")))
        .containsExactly("BSD-3-Clause", "public-domain", "GPL-2+", "BSD-3-clause");
  }

  @Test
  void read_zlib1g_httpFormatUrl_oneName() throws Exception {
    assertThat(DebianLicenses.read(copyright("zlib1g"))).containsExactly("Zlib");
  }

  @Test
  void read_tzdata_publicDomain() throws Exception {
    assertThat(DebianLicenses.read(copyright("tzdata"))).containsExactly("public-domain");
  }

  @Test
  void read_perlBase_expressionsAsWritten() throws Exception {
    assertThat(DebianLicenses.read(copyright("perl-base")))
        .containsExactly(
            "GPL-1+ or Artistic",
            "Expat",
            "REGCOMP, and GPL-1+ or Artistic",
            "GPL-3+-WITH-BISON-EXCEPTION");
  }

  @Test
  void read_libc6_notMachineReadable_isEmpty() throws Exception {
    assertThat(DebianLicenses.read(copyright("libc6"))).isEmpty();
  }

  @Test
  void read_noFormatLineOrOtherFormat_isEmpty() {
    assertThat(read("Files: *\nCopyright: 2020 A\nLicense: MIT\n")).isEmpty();
    assertThat(read("Format: https://example.org/my-format/2.0/\n\nFiles: *\nLicense: MIT\n"))
        .isEmpty();
    assertThat(read("")).isEmpty();
  }

  @Test
  void read_crlfLinesAndTrailingSlashlessFormat_licenseTextNotTaken() {
    String file =
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0\r\n\r\n"
            + "Files: *\r\nCopyright: 2020 A\r\nLicense: GPL-2+\r\n This program is free"
            + " software\r\n\r\nLicense: GPL-2+\r\n On Debian systems: see GPL-2\r\n";

    assertThat(read(file)).containsExactly("GPL-2+");
  }

  @Test
  void read_dep5DraftFormat_isMachineReadable() {
    assertThat(read("Format: http://dep.debian.net/deps/dep5\n\nFiles: *\nLicense: ISC\n"))
        .containsExactly("ISC");
  }

  private static java.util.List<String> read(String text) {
    return DebianLicenses.read(text.getBytes(StandardCharsets.UTF_8));
  }
}
