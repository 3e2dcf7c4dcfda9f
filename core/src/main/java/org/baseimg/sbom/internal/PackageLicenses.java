package org.baseimg.sbom.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
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
   * SPDX's {@code licenseDeclared} of one package and the licenses of its own it refers to.
   *
   * @param expression every name's SPDX form joined by {@code AND}, or {@code NOASSERTION}
   * @param refs each {@code LicenseRef-...} the expression uses, with the Debian name it stands for
   */
  record Declared(String expression, SortedMap<String, String> refs) {
    Declared {
      refs = Collections.unmodifiableSortedMap(new TreeMap<>(refs));
    }
  }

  /**
   * SPDX's {@code licenseDeclared}: every name's SPDX form joined by {@code AND} (the copyright
   * file lists licenses of different files, all of which the package carries), or {@code
   * NOASSERTION} when the file was not machine-readable. A name with no SPDX id (a package's own
   * {@code REGCOMP}, an unversioned {@code GPL}, {@code public-domain}), or a clause with an
   * exception SPDX does not list, is a {@code LicenseRef-} of its own that the document defines; an
   * expression that does not parse is one as a whole. The rest of the expression keeps its SPDX
   * ids, so one odd name no longer hides what is known.
   */
  static Declared spdxDeclared(List<String> raw) {
    TreeSet<String> expressions = new TreeSet<>();
    TreeMap<String, String> refs = new TreeMap<>();
    for (String name : raw) {
      if (name.isBlank()) {
        continue;
      }
      TreeMap<String, String> these = new TreeMap<>();
      Optional<String> spdx =
          Dep5Licenses.toSpdx(
              name,
              part -> Optional.of(Dep5Licenses.licenseId(part).orElseGet(() -> ref(part, these))));
      if (spdx.isEmpty()) {
        these.clear();
        spdx = Optional.of(ref(name, these));
      }
      refs.putAll(these);
      expressions.add(spdx.get());
    }
    if (expressions.isEmpty()) {
      return new Declared("NOASSERTION", refs);
    }
    if (expressions.size() == 1) {
      return new Declared(expressions.first(), refs);
    }
    return new Declared(
        String.join(" AND ", expressions.stream().map(Dep5Licenses::parenthesised).toList()), refs);
  }

  /**
   * The {@code LicenseRef-} of a Debian name with no SPDX id, noted in {@code refs}: the name in
   * lower case (Debian's names are case-insensitive: {@code GPL} and {@code gpl} are one) with
   * other characters escaped as in element ids, so names that differ otherwise never share one;
   * {@code public-domain} is {@link #PUBLIC_DOMAIN_REF}.
   */
  private static String ref(String name, Map<String, String> refs) {
    String ref = "LicenseRef-" + Identifiers.spdxIdPart(name.strip().toLowerCase(Locale.ROOT));
    refs.putIfAbsent(ref, name.strip());
    return ref;
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
      return List.of(CycloneDxDocument.LicenseChoice.expression(spdxDeclared(raw).expression()));
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
