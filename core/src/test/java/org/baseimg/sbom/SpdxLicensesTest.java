package org.baseimg.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpdxLicensesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GPL-2+ | GPL-2.0-or-later",
        "GPL-2 | GPL-2.0-only",
        "GPL-2.0+ | GPL-2.0-or-later",
        "GPL-3+ | GPL-3.0-or-later",
        "gpl-1 | GPL-1.0-only",
        "LGPL-2.1+ | LGPL-2.1-or-later",
        "LGPL-2 | LGPL-2.0-only",
        "LGPL-3 | LGPL-3.0-only",
        "AGPL-3+ | AGPL-3.0-or-later",
        "GFDL-1.3 | GFDL-1.3-only",
        "GFDL-NIV-1.3+ | GFDL-1.3-no-invariants-or-later",
        "BSD-3-clause | BSD-3-Clause",
        "BSD-3-Clause | BSD-3-Clause",
        "BSD-2-clause | BSD-2-Clause",
        "BSD-4-clause-UC | BSD-4-Clause-UC",
        "Expat | MIT",
        "Zlib | Zlib",
        "zlib | Zlib",
        "ISC | ISC",
        "Apache-2.0 | Apache-2.0",
        "Artistic | Artistic-1.0-Perl",
        "Artistic-2.0 | Artistic-2.0",
        "Apache-2 | Apache-2.0",
        "Artistic-2 | Artistic-2.0",
        "Ms-PL | MS-PL",
        "Zope-2.1 | ZPL-2.1",
        "CC0-1.0 | CC0-1.0",
        "FSFAP | FSFAP",
        "GPL-1+ or Artistic | GPL-1.0-or-later OR Artistic-1.0-Perl",
        "LGPL-2.1+ and GPL-2+ | LGPL-2.1-or-later AND GPL-2.0-or-later",
        "GPL-2+ or MIT and ISC | GPL-2.0-or-later OR MIT AND ISC",
        "GPL-2+ or MIT, and ISC | (GPL-2.0-or-later OR MIT) AND ISC",
        "GPL-3+ with GCC-exception-3.1 exception | GPL-3.0-or-later WITH GCC-exception-3.1",
        "GPL-2 with Linux-syscall-note exception | GPL-2.0-only WITH Linux-syscall-note",
      })
  void toSpdx_mapsDebianNamesAndExpressions(String debian, String spdx) {
    assertThat(SpdxLicenses.toSpdx(debian)).contains(spdx);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "public-domain",
        "GPL",
        "BSD",
        "GPL-4+",
        "LGPL-1",
        "REGCOMP",
        "REGCOMP, and GPL-1+ or Artistic",
        "GPL-3+-WITH-BISON-EXCEPTION",
        "GPL-2+ with OpenSSL exception",
        "GPL-3+ with Bison exception",
        "GPL-2+ or",
        "or GPL-2+",
        "GPL-2+ MIT",
        "GPL-2+ with exception",
        "GPL-2+,",
        "",
        "permissive",
      })
  void toSpdx_noCertainSpdxForm_isEmpty(String debian) {
    assertThat(SpdxLicenses.toSpdx(debian)).isEqualTo(Optional.empty());
  }
}
