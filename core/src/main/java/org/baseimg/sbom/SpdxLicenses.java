package org.baseimg.sbom;

import java.util.Optional;
import org.baseimg.sbom.internal.Dep5Licenses;

/**
 * Debian's license short names as SPDX license identifiers: {@code GPL-2+} is {@code
 * GPL-2.0-or-later}, {@code GPL-2} is {@code GPL-2.0-only}, {@code LGPL-2.1+} is {@code
 * LGPL-2.1-or-later}, {@code BSD-3-clause} is {@code BSD-3-Clause}, {@code Expat} is {@code MIT}.
 * DEP-5 expressions map too: {@code GPL-1+ or Artistic} is {@code GPL-1.0-or-later OR
 * Artistic-1.0-Perl}, {@code GPL-3+ with GCC-exception-3.1 exception} is {@code GPL-3.0-or-later
 * WITH GCC-exception-3.1}.
 *
 * <p>A name with no certain SPDX form has none: {@code public-domain} (not an SPDX license; the
 * SBOMs write it as {@code LicenseRef-public-domain} and as a CycloneDX license name), an
 * unversioned {@code GPL}, a package's own name for its license.
 */
public final class SpdxLicenses {
  private SpdxLicenses() {}

  /**
   * The SPDX license id or expression of a Debian short name or DEP-5 license expression, as a
   * copyright file's {@code License} field has it (see {@link
   * org.baseimg.debian.DebianLicenses#read}); empty when it has no SPDX form.
   */
  public static Optional<String> toSpdx(String debianShortName) {
    return Dep5Licenses.toSpdx(debianShortName, Dep5Licenses::licenseId);
  }
}
