package org.baseimg.debian.internal;

import java.util.Comparator;

/**
 * Debian version order, as {@code dpkg --compare-versions} defines it: {@code [epoch:]upstream[-
 * revision]}, compared part by part; inside a part, runs of non-digits compare with letters before
 * other characters and {@code ~} before everything, even the end, and runs of digits compare as
 * numbers.
 */
public final class DebianVersion {
  /** Orders version strings from oldest to newest. */
  public static final Comparator<String> ORDER = DebianVersion::compare;

  private DebianVersion() {}

  /**
   * Negative, zero or positive as {@code a} is older than, the same as, or newer than {@code b}.
   */
  public static int compare(String a, String b) {
    Parts left = Parts.of(a);
    Parts right = Parts.of(b);
    int byEpoch = Long.compare(left.epoch, right.epoch);
    if (byEpoch != 0) {
      return byEpoch;
    }
    int byUpstream = compareFragment(left.upstream, right.upstream);
    if (byUpstream != 0) {
      return byUpstream;
    }
    return compareFragment(left.revision, right.revision);
  }

  private record Parts(long epoch, String upstream, String revision) {
    static Parts of(String version) {
      String rest = version.strip();
      long epoch = 0;
      int colon = rest.indexOf(':');
      if (colon > 0 && rest.substring(0, colon).chars().allMatch(Character::isDigit)) {
        epoch = Long.parseLong(rest.substring(0, colon));
        rest = rest.substring(colon + 1);
      }
      int dash = rest.lastIndexOf('-');
      if (dash >= 0) {
        return new Parts(epoch, rest.substring(0, dash), rest.substring(dash + 1));
      }
      return new Parts(epoch, rest, "");
    }
  }

  private static int compareFragment(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !isDigit(a.charAt(i)))
          || (j < b.length() && !isDigit(b.charAt(j)))) {
        int ac = i < a.length() && !isDigit(a.charAt(i)) ? order(a.charAt(i)) : 0;
        int bc = j < b.length() && !isDigit(b.charAt(j)) ? order(b.charAt(j)) : 0;
        if (ac != bc) {
          return ac - bc;
        }
        if (i < a.length() && !isDigit(a.charAt(i))) {
          i++;
        }
        if (j < b.length() && !isDigit(b.charAt(j))) {
          j++;
        }
      }
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      while (i < a.length() && isDigit(a.charAt(i)) && j < b.length() && isDigit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < a.length() && isDigit(a.charAt(i))) {
        return 1;
      }
      if (j < b.length() && isDigit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return firstDiff;
      }
    }
    return 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** dpkg's weight of a non-digit: {@code ~} lowest, then the end, then letters, then the rest. */
  private static int order(char c) {
    if (Character.isLetter(c) && c < 128) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c + 256;
  }
}
