package org.baseimg.debian.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;

/**
 * Debian's kernel packages: which metapackage tracks the stock kernel of an architecture, and which
 * versioned package it currently points at.
 */
public final class KernelPackages {
  /**
   * Debian architecture to the flavour of its stock kernel, as in {@code linux-image-<flavour>}.
   */
  private static final Map<String, String> FLAVOURS =
      new TreeMap<>(
          Map.of(
              "arm64", "arm64",
              "amd64", "amd64",
              "armhf", "armmp",
              "i386", "686-pae",
              "ppc64el", "powerpc64le",
              "riscv64", "riscv64",
              "s390x", "s390x"));

  /** A versioned kernel package: {@code linux-image-} followed by a version number. */
  private static final Pattern VERSIONED = Pattern.compile("linux-image-[0-9].*");

  /** The kernel image inside the package, e.g. {@code boot/vmlinuz-6.1.0-50-arm64}. */
  public static final Pattern IMAGE_MEMBER = Pattern.compile("boot/vmlinu[xz]-[^/]+");

  private static final int MAX_HOPS = 4;

  private KernelPackages() {}

  /** {@code linux-image-arm64} for {@code arm64}, and so on. */
  public static String metapackage(String debianArch) throws BadInputException {
    String flavour = FLAVOURS.get(debianArch);
    if (flavour == null) {
      throw new BadInputException(
          "no stock Debian kernel is known for architecture '"
              + debianArch
              + "'; use one of "
              + String.join(", ", FLAVOURS.keySet()));
    }
    return "linux-image-" + flavour;
  }

  /**
   * Follows the metapackage's {@code Depends} to the versioned package that holds the kernel, e.g.
   * {@code linux-image-arm64} to {@code linux-image-6.1.0-50-arm64 (= 6.1.176-1)}.
   */
  public static PackagesIndex.Entry resolve(PackagesIndex index, String metapackage)
      throws BaseimgException {
    PackagesIndex.Entry current =
        index
            .newest(metapackage)
            .orElseThrow(
                () ->
                    new BaseimgException(
                        "the index " + index.description() + " has no package " + metapackage));
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      if (VERSIONED.matcher(current.name()).matches()) {
        return current;
      }
      PackagesIndex.Entry next = null;
      for (List<Relation> clause : current.depends()) {
        for (Relation alternative : clause) {
          if (!alternative.name().startsWith("linux-image-")) {
            continue;
          }
          Optional<PackagesIndex.Entry> found = index.newest(alternative);
          if (found.isEmpty()) {
            throw new BaseimgException(
                current.name()
                    + " "
                    + current.version()
                    + " depends on "
                    + alternative
                    + ", which the index "
                    + index.description()
                    + " does not have (the mirror may be mid-update; try again later)");
          }
          next = found.get();
          break;
        }
        if (next != null) {
          break;
        }
      }
      if (next == null) {
        throw new BaseimgException(
            current.name()
                + " "
                + current.version()
                + " does not depend on any linux-image-* package in "
                + index.description());
      }
      current = next;
    }
    if (VERSIONED.matcher(current.name()).matches()) {
      return current;
    }
    throw new BaseimgException(
        metapackage + " does not lead to a versioned linux-image-<version> package");
  }
}
