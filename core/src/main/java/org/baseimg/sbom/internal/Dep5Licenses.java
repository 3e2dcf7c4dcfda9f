package org.baseimg.sbom.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's license short names (copyright-format 1.0, "License specification") as SPDX license
 * identifiers, and DEP-5 license expressions ({@code GPL-1+ or Artistic}, {@code GPL-3+ with
 * GCC-exception-3.1 exception}, {@code REGCOMP, and GPL-1+ or Artistic}) as SPDX expressions.
 *
 * <p>Only names whose meaning is certain are mapped, and only to identifiers on the SPDX license
 * list (a test checks each against SPDX's and CycloneDX's lists): an unversioned {@code GPL} or
 * {@code BSD}, a name of the package's own ({@code REGCOMP}) or an exception without an SPDX id
 * ({@code GPL-2+ with OpenSSL exception}) has no SPDX id; the SPDX document names it by a {@code
 * LicenseRef-} of its own rather than guessing.
 */
public final class Dep5Licenses {
  private Dep5Licenses() {}

  /**
   * The GNU licenses, whose Debian names carry a version and {@code +} for "or any later version":
   * {@code GPL-2}, {@code GPL-2+}, {@code GPL-2.0+}, {@code LGPL-2.1+}, {@code GFDL-NIV-1.3}.
   */
  private static final Pattern GNU =
      Pattern.compile(
          "(A?GPL|LGPL|GFDL|GFDL-NIV)-(\\d+(?:\\.\\d+)?)(\\+?)", Pattern.CASE_INSENSITIVE);

  /** The versions of each GNU license that SPDX lists. */
  private static final Map<String, List<String>> GNU_VERSIONS =
      Map.of(
          "GPL", List.of("1.0", "2.0", "3.0"),
          "LGPL", List.of("2.0", "2.1", "3.0"),
          "AGPL", List.of("1.0", "3.0"),
          "GFDL", List.of("1.1", "1.2", "1.3"),
          "GFDL-NIV", List.of("1.1", "1.2", "1.3"));

  /**
   * The other names, by lower-case Debian short name: Debian's own spellings (copyright-format
   * 1.0's table, e.g. {@code Expat}, {@code BSD-3-clause}, {@code Zope-2.1}) and SPDX ids that
   * packagers write as they are.
   */
  private static final Map<String, String> NAMES =
      Stream.of(
              // Debian's names that differ from SPDX's.
              "Expat=MIT",
              "BSD-2-clause=BSD-2-Clause",
              "BSD-3-clause=BSD-3-Clause",
              "BSD-4-clause=BSD-4-Clause",
              "BSD-4-clause-UC=BSD-4-Clause-UC",
              // Debian's "Artistic" is the license that comes with Perl
              // (/usr/share/common-licenses/Artistic), which SPDX calls Artistic-1.0-Perl.
              "Artistic=Artistic-1.0-Perl",
              "CC0=CC0-1.0",
              "PSF-2=PSF-2.0",
              "Python=Python-2.0",
              "Zope-2.1=ZPL-2.1",
              "Zope-2.0=ZPL-2.0",
              // Versions without their ".0", as real copyright files write them (e2fsprogs,
              // perl); the licenses have no other version 2.
              "Apache-2=Apache-2.0",
              "Artistic-2=Artistic-2.0",
              // SPDX ids, as packagers write them.
              "0BSD",
              "AFL-2.1",
              "AFL-3.0",
              "Apache-1.0",
              "Apache-1.1",
              "Apache-2.0",
              "Artistic-1.0",
              "Artistic-1.0-Perl",
              "Artistic-2.0",
              "Beerware",
              "BSD-1-Clause",
              "BSL-1.0",
              "bzip2-1.0.6",
              "CC-BY-3.0",
              "CC-BY-4.0",
              "CC-BY-SA-3.0",
              "CC-BY-SA-4.0",
              "CC0-1.0",
              "CDDL-1.0",
              "CDDL-1.1",
              "curl",
              "EPL-1.0",
              "EPL-2.0",
              "FSFAP",
              "FSFUL",
              "FSFULLR",
              "FTL",
              "HPND",
              "ICU",
              "IJG",
              "ISC",
              "Libpng",
              "libpng-2.0",
              "LPPL-1.3c",
              "MirOS",
              "MIT",
              "MIT-0",
              "MPL-1.1",
              "MPL-2.0",
              "MS-PL",
              "NTP",
              "OFL-1.1",
              "OpenSSL",
              "PostgreSQL",
              "PSF-2.0",
              "Python-2.0",
              "Ruby",
              "Sleepycat",
              "TCL",
              "Unicode-DFS-2016",
              "Unlicense",
              "W3C",
              "WTFPL",
              "X11",
              "Zlib",
              "ZPL-2.1")
          .collect(
              Collectors.toUnmodifiableMap(
                  entry -> entry.split("=")[0].toLowerCase(Locale.ROOT),
                  entry -> entry.contains("=") ? entry.split("=")[1] : entry,
                  (a, b) -> a));

  /** SPDX's license exception ids, by lower-case name, for {@code LICENSE with NAME exception}. */
  private static final Map<String, String> EXCEPTIONS =
      Stream.of(
              "Autoconf-exception-2.0",
              "Autoconf-exception-3.0",
              "Bison-exception-2.2",
              "Classpath-exception-2.0",
              "Font-exception-2.0",
              "GCC-exception-2.0",
              "GCC-exception-3.1",
              "Libtool-exception",
              "Linux-syscall-note",
              "LLVM-exception",
              "OCaml-LGPL-linking-exception",
              "Qt-LGPL-exception-1.1")
          .collect(Collectors.toUnmodifiableMap(id -> id.toLowerCase(Locale.ROOT), id -> id));

  /** Every SPDX license id a Debian name maps to (for tests that check them against SPDX). */
  public static List<String> licenseIds() {
    List<String> ids = new ArrayList<>(NAMES.values());
    GNU_VERSIONS.forEach(
        (family, versions) -> {
          for (String version : versions) {
            ids.add(gnuId(family, version, false));
            ids.add(gnuId(family, version, true));
          }
        });
    return ids.stream().distinct().sorted().toList();
  }

  /** Every SPDX exception id a DEP-5 {@code with ... exception} maps to. */
  public static List<String> exceptionIds() {
    return EXCEPTIONS.values().stream().sorted().toList();
  }

  /**
   * The SPDX license id of one Debian short name, e.g. {@code GPL-2+} → {@code GPL-2.0-or-later}.
   */
  public static Optional<String> licenseId(String shortName) {
    Matcher gnu = GNU.matcher(shortName);
    if (gnu.matches()) {
      String family = gnu.group(1).toUpperCase(Locale.ROOT);
      String version = gnu.group(2).contains(".") ? gnu.group(2) : gnu.group(2) + ".0";
      return GNU_VERSIONS.get(family).contains(version)
          ? Optional.of(gnuId(family, version, !gnu.group(3).isEmpty()))
          : Optional.empty();
    }
    return Optional.ofNullable(NAMES.get(shortName.toLowerCase(Locale.ROOT)));
  }

  private static String gnuId(String family, String version, boolean orLater) {
    String suffix = orLater ? "-or-later" : "-only";
    return family.equals("GFDL-NIV")
        ? "GFDL-" + version + "-no-invariants" + suffix
        : family + "-" + version + suffix;
  }

  /**
   * A DEP-5 license expression as an SPDX expression, each name mapped by {@code name} (also a
   * whole {@code NAME with WORDS exception} whose exception SPDX does not list); empty when {@code
   * name} maps one to nothing or the expression is malformed.
   *
   * <p>DEP-5: names joined by {@code and} and {@code or}, {@code and} binding tighter (as in SPDX);
   * a comma before the operator makes everything before it one operand ({@code A or B, and C} is
   * {@code (A OR B) AND C}); {@code NAME with WORDS exception} adds an exception.
   */
  public static Optional<String> toSpdx(
      String expression, Function<String, Optional<String>> name) {
    String result = null;
    for (String part : expression.split(",", -1)) {
      List<String> words = List.of(part.strip().split("\\s+"));
      String operator = null;
      if (result != null) {
        // After a comma: the operator that joins everything before with what follows.
        if (!isOperator(words.get(0))) {
          return Optional.empty();
        }
        operator = words.get(0).toUpperCase(Locale.ROOT);
        words = words.subList(1, words.size());
      }
      Optional<String> clause = clause(words, name);
      if (clause.isEmpty()) {
        return Optional.empty();
      }
      result =
          result == null
              ? clause.get()
              : parenthesised(result) + " " + operator + " " + parenthesised(clause.get());
    }
    return Optional.of(result);
  }

  /** Names joined by {@code and} and {@code or}, each perhaps {@code with NAME exception}. */
  private static Optional<String> clause(
      List<String> words, Function<String, Optional<String>> name) {
    List<String> spdx = new ArrayList<>();
    int i = 0;
    while (i < words.size()) {
      if (!spdx.isEmpty()) {
        if (!isOperator(words.get(i)) || i + 1 == words.size()) {
          return Optional.empty(); // two names without an operator, or one at the end
        }
        spdx.add(words.get(i).toUpperCase(Locale.ROOT));
        i++;
      }
      String license = words.get(i);
      i++;
      if (i < words.size() && words.get(i).equalsIgnoreCase("with")) {
        // "with NAME exception": the words up to "exception" name it.
        int close = i + 1;
        while (close < words.size() && !words.get(close).equalsIgnoreCase("exception")) {
          close++;
        }
        if (close == words.size()) {
          return Optional.empty();
        }
        String exception =
            EXCEPTIONS.get(String.join(" ", words.subList(i + 1, close)).toLowerCase(Locale.ROOT));
        // An exception SPDX does not list: the whole "NAME with ... exception" is one name, which
        // no SPDX id has but a document's own LicenseRef can.
        Optional<String> mapped =
            exception == null
                ? name.apply(String.join(" ", words.subList(i - 1, close + 1)))
                : name.apply(license).map(id -> id + " WITH " + exception);
        if (mapped.isEmpty()) {
          return Optional.empty();
        }
        spdx.add(mapped.get());
        i = close + 1;
      } else {
        Optional<String> mapped = name.apply(license);
        if (mapped.isEmpty()) {
          return Optional.empty();
        }
        spdx.add(mapped.get());
      }
    }
    return spdx.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", spdx));
  }

  private static boolean isOperator(String word) {
    return word.equalsIgnoreCase("and") || word.equalsIgnoreCase("or");
  }

  /** {@code expression} in parentheses when it joins several operands, else as it is. */
  public static String parenthesised(String expression) {
    return expression.contains(" AND ") || expression.contains(" OR ")
        ? "(" + expression + ")"
        : expression;
  }
}
