package org.baseimg.debian.internal;

import java.util.ArrayList;
import java.util.List;
import org.baseimg.BaseimgException;

/**
 * One package relation of a {@code Depends:}-like field, e.g. {@code linux-image-6.1.0-50-arm64 (=
 * 6.1.176-1)}.
 *
 * @param name the package name, without an architecture qualifier
 * @param operator one of {@code << <= = >= >>}, or {@code ""} for any version
 * @param version the version the operator compares with, or {@code ""}
 */
public record Relation(String name, String operator, String version) {
  public Relation {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("relation without a package name");
    }
  }

  /**
   * Parses a relation field: comma-separated clauses, each a {@code |}-separated list of
   * alternatives. Architecture qualifiers ({@code :any}), architecture lists ({@code [arm64]}) and
   * build profiles ({@code <!nocheck>}) are dropped.
   *
   * @throws BaseimgException for an alternative that names no package, such as {@code (>= 1)}: the
   *     field comes from a mirror, which may serve anything
   */
  public static List<List<Relation>> parseField(String field) throws BaseimgException {
    List<List<Relation>> clauses = new ArrayList<>();
    for (String clause : field.split(",")) {
      List<Relation> alternatives = new ArrayList<>();
      for (String alternative : clause.split("\\|")) {
        Relation relation = parseOne(alternative);
        if (relation != null) {
          alternatives.add(relation);
        }
      }
      if (!alternatives.isEmpty()) {
        clauses.add(List.copyOf(alternatives));
      }
    }
    return List.copyOf(clauses);
  }

  private static Relation parseOne(String text) throws BaseimgException {
    String rest = text.replaceAll("\\[[^]]*]", "").replaceAll("<[^>]*>", "").strip();
    if (rest.isEmpty()) {
      return null;
    }
    String operator = "";
    String version = "";
    int paren = rest.indexOf('(');
    if (paren >= 0) {
      int close = rest.indexOf(')', paren);
      String constraint = rest.substring(paren + 1, close < 0 ? rest.length() : close).strip();
      rest = rest.substring(0, paren).strip();
      int split = 0;
      while (split < constraint.length() && "<>=".indexOf(constraint.charAt(split)) >= 0) {
        split++;
      }
      operator = constraint.substring(0, split);
      version = constraint.substring(split).strip();
      // "<" and ">" are deprecated spellings of "<=" and ">=".
      if (operator.equals("<")) {
        operator = "<=";
      } else if (operator.equals(">")) {
        operator = ">=";
      }
    }
    int qualifier = rest.indexOf(':');
    String name = (qualifier >= 0 ? rest.substring(0, qualifier) : rest).strip();
    if (name.isEmpty()) {
      throw new BaseimgException("relation '" + text.strip() + "' names no package");
    }
    return new Relation(name, operator, version);
  }

  /** Whether a package version meets this relation's version constraint. */
  public boolean satisfiedBy(String candidateVersion) {
    if (operator.isEmpty()) {
      return true;
    }
    int order = DebianVersion.compare(candidateVersion, version);
    switch (operator) {
      case "<<":
        return order < 0;
      case "<=":
        return order <= 0;
      case "=":
        return order == 0;
      case ">=":
        return order >= 0;
      case ">>":
        return order > 0;
      default:
        return false;
    }
  }

  @Override
  public String toString() {
    return operator.isEmpty() ? name : name + " (" + operator + " " + version + ")";
  }
}
