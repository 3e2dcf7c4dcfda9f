package org.baseimg.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * An absolute, normalised path inside an image, such as {@code /usr/bin/env}: never a host path.
 *
 * <p>Paths order the way an archive lists a tree: depth first, each directory before its contents,
 * names compared by Unicode code point (which is the byte order of their UTF-8 encoding). That is
 * the order of sorting whole paths with {@code /} below every other character, so {@code /a/b}
 * comes before {@code /a-c}.
 *
 * @param value the path, starting with {@code /}; {@code /} alone is the root
 */
public record ImagePath(String value) implements Comparable<ImagePath> {
  /** The root directory. */
  public static final ImagePath ROOT = new ImagePath("/");

  public ImagePath {
    if (value == null || !value.startsWith("/")) {
      throw new IllegalArgumentException("image path must start with '/': " + value);
    }
    if (value.length() > 1) {
      for (String name : value.substring(1).split("/", -1)) {
        checkName(name, value);
      }
    }
  }

  /** Parses an absolute image path; it must already be normalised. */
  public static ImagePath of(String value) {
    return new ImagePath(value);
  }

  /**
   * Resolves a path as archives write it ({@code ./usr/bin}, {@code usr//bin/}, {@code a/../b})
   * against the root.
   *
   * @throws IllegalArgumentException if the path is absolute or its {@code ..} steps climb out of
   *     the root
   */
  public static ImagePath ofArchiveName(String name) {
    if (name.startsWith("/")) {
      throw new IllegalArgumentException("absolute path " + name + " escapes the root");
    }
    List<String> names = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (names.isEmpty()) {
          throw new IllegalArgumentException("path " + name + " climbs out of the root with '..'");
        }
        names.remove(names.size() - 1);
      } else {
        names.add(part);
      }
    }
    return new ImagePath("/" + String.join("/", names));
  }

  private static void checkName(String name, String path) {
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("image path is not normalised: " + path);
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("image path contains a NUL character: " + path);
    }
  }

  public boolean isRoot() {
    return value.length() == 1;
  }

  /** The path without its leading slash, as cpio stores it; the root is {@code "."}. */
  public String archiveName() {
    return isRoot() ? "." : value.substring(1);
  }

  /** The last name; empty for the root. */
  public String name() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  /**
   * The containing directory.
   *
   * @throws IllegalStateException for the root, which has none
   */
  public ImagePath parent() {
    if (isRoot()) {
      throw new IllegalStateException("the root has no parent");
    }
    int slash = value.lastIndexOf('/');
    return slash == 0 ? ROOT : new ImagePath(value.substring(0, slash));
  }

  /** The entry called {@code name} in this directory. */
  public ImagePath resolve(String name) {
    checkName(name, value + "/" + name);
    if (name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("not a single name: " + name);
    }
    return new ImagePath(isRoot() ? "/" + name : value + "/" + name);
  }

  /** True when {@code other} lies somewhere below this path. */
  public boolean isAncestorOf(ImagePath other) {
    if (isRoot()) {
      return !other.isRoot();
    }
    return other.value.length() > value.length()
        && other.value.startsWith(value)
        && other.value.charAt(value.length()) == '/';
  }

  /** How many names the path has: 0 for the root, 2 for {@code /usr/bin}. */
  public int depth() {
    if (isRoot()) {
      return 0;
    }
    int depth = 0;
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) == '/') {
        depth++;
      }
    }
    return depth;
  }

  @Override
  public int compareTo(ImagePath other) {
    String a = value;
    String b = other.value;
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca == '/' ? -1 : ca, cb == '/' ? -1 : cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  @Override
  public String toString() {
    return value;
  }
}
