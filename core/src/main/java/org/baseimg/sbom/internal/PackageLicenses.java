package org.baseimg.sbom.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One package's licenses, as its DEP-5 copyright file names them, in the forms SPDX and CycloneDX
 * write them.
 */
final class PackageLicenses {
  /** Debian's name for a work in the public domain, which is no license and has no SPDX id. */
  static final String PUBLIC_DOMAIN = "public-domain";

  /** What SPDX documents call it: a license of their own, defined in the document. */
  static final String PUBLIC_DOMAIN_REF = "LicenseRef-public-domain";

  private PackageLicenses() {}

  /**
   * SPDX's {@code licenseDeclared}: every name's SPDX form joined by {@code AND} (the copyright
   * file lists licenses of different files, all of which the package carries), or {@code
   * NOASSERTION} when the file was not machine-readable or a name has no SPDX form.
   */
  static String spdxDeclared(List<String> raw) {
    TreeSet<String> expressions = new TreeSet<>();
    for (String name : raw) {
      Optional<String> spdx = Dep5Licenses.toSpdx(name, PackageLicenses::withPublicDomain);
      if (spdx.isEmpty()) {
        return "NOASSERTION";
      }
      expressions.add(spdx.get());
    }
    if (expressions.isEmpty()) {
      return "NOASSERTION";
    }
    if (expressions.size() == 1) {
      return expressions.first();
    }
    return String.join(" AND ", expressions.stream().map(Dep5Licenses::parenthesised).toList());
  }

  /** Whether {@link #spdxDeclared} of these names refers to {@link #PUBLIC_DOMAIN_REF}. */
  static boolean usesPublicDomain(List<String> raw) {
    return spdxDeclared(raw).contains(PUBLIC_DOMAIN_REF);
  }

  private static Optional<String> withPublicDomain(String name) {
    return name.equalsIgnoreCase(PUBLIC_DOMAIN)
        ? Optional.of(PUBLIC_DOMAIN_REF)
        : Dep5Licenses.licenseId(name);
  }

  /**
   * CycloneDX's {@code licenses}: one license per name, by SPDX id where it has one and by its
   * Debian name where not ({@code public-domain}, a package's own name); or, when every name maps
   * and one is an expression ({@code GPL-1+ or Artistic}), which a license object cannot hold, the
   * one SPDX expression of them all. Empty when the file was not machine-readable.
   */
  static List<CycloneDxDocument.LicenseChoice> cycloneDx(List<String> raw) {
    List<Optional<String>> spdx =
        raw.stream().map(name -> Dep5Licenses.toSpdx(name, Dep5Licenses::licenseId)).toList();
    boolean allMap = spdx.stream().allMatch(Optional::isPresent);
    boolean anyExpression = spdx.stream().flatMap(Optional::stream).anyMatch(s -> s.contains(" "));
    if (!raw.isEmpty() && allMap && anyExpression) {
      return List.of(CycloneDxDocument.LicenseChoice.expression(spdxDeclared(raw)));
    }
    TreeSet<String> ids = new TreeSet<>();
    TreeSet<String> names = new TreeSet<>();
    for (int i = 0; i < raw.size(); i++) {
      Optional<String> id = spdx.get(i).filter(s -> !s.contains(" "));
      if (id.isPresent()) {
        ids.add(id.get());
      } else {
        names.add(raw.get(i));
      }
    }
    List<CycloneDxDocument.LicenseChoice> choices = new ArrayList<>();
    ids.forEach(id -> choices.add(CycloneDxDocument.LicenseChoice.id(id)));
    names.forEach(name -> choices.add(CycloneDxDocument.LicenseChoice.name(name)));
    return choices;
  }
}
