package org.baseimg.kconfig.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Kconfig expression ({@code depends on}, {@code if}, {@code default} values), evaluated the way
 * kconfig does with tristates n=0, m=1, y=2: {@code &&} takes the smaller, {@code ||} the larger,
 * {@code !} gives 2 minus the value, comparisons give y or n.
 */
public sealed interface Expr {
  /** Symbol values to evaluate against. */
  interface Values {
    /** The tristate value of a bool or tristate symbol: 0, 1 or 2; 0 for any other. */
    int tristate(String symbol);

    /** The string value of a symbol as kconfig compares it ({@code y}, {@code 48}, text). */
    String string(String symbol);

    /** Whether {@code symbol} is defined in the tree (else the word is a constant). */
    boolean isSymbol(String symbol);
  }

  /** A symbol, or a constant word such as {@code y} or {@code 48}. */
  record Word(String name) implements Expr {}

  /** A quoted constant. */
  record Text(String value) implements Expr {}

  /** A preprocessor call that is not run ({@code $(cc-option,...)}): never true. */
  record Unevaluated(String call) implements Expr {}

  record Not(Expr operand) implements Expr {}

  record And(Expr left, Expr right) implements Expr {}

  record Or(Expr left, Expr right) implements Expr {}

  /** {@code =}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}. */
  record Compare(String operator, Expr left, Expr right) implements Expr {}

  Expr Y = new Word("y");

  /** The tristate value, 0 to 2. */
  default int value(Values values) {
    if (this instanceof Word word) {
      return switch (word.name) {
        case "y" -> 2;
        case "m" -> 1;
        case "n" -> 0;
        default -> values.isSymbol(word.name) ? values.tristate(word.name) : 0;
      };
    } else if (this instanceof Text || this instanceof Unevaluated) {
      return 0;
    } else if (this instanceof Not not) {
      return 2 - not.operand.value(values);
    } else if (this instanceof And and) {
      return Math.min(and.left.value(values), and.right.value(values));
    } else if (this instanceof Or or) {
      return Math.max(or.left.value(values), or.right.value(values));
    }
    Compare compare = (Compare) this;
    String left = compare.left.string(values);
    String right = compare.right.string(values);
    int order = compareValues(left, right);
    boolean holds =
        switch (compare.operator) {
          case "=" -> order == 0;
          case "!=" -> order != 0;
          case "<" -> order < 0;
          case "<=" -> order <= 0;
          case ">" -> order > 0;
          default -> order >= 0;
        };
    return holds ? 2 : 0;
  }

  /** The value as a string, as kconfig compares and assigns it. */
  default String string(Values values) {
    if (this instanceof Word word) {
      return switch (word.name) {
        case "y", "m", "n" -> word.name;
        default -> values.isSymbol(word.name) ? values.string(word.name) : word.name;
      };
    } else if (this instanceof Text text) {
      return text.value;
    } else if (this instanceof Unevaluated) {
      return "";
    }
    return switch (value(values)) {
      case 2 -> "y";
      case 1 -> "m";
      default -> "n";
    };
  }

  private static int compareValues(String left, String right) {
    Long a = number(left);
    Long b = number(right);
    if (a != null && b != null) {
      return Long.compare(a, b);
    }
    return left.compareTo(right);
  }

  private static Long number(String text) {
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        return Long.parseLong(text.substring(2), 16);
      }
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The symbols the expression reads, in order of appearance. */
  default Set<String> symbols(Values values) {
    Set<String> found = new LinkedHashSet<>();
    collect(this, values, found);
    return found;
  }

  private static void collect(Expr expr, Values values, Set<String> found) {
    if (expr instanceof Word word && values.isSymbol(word.name)) {
      found.add(word.name);
    } else if (expr instanceof Not not) {
      collect(not.operand, values, found);
    } else if (expr instanceof And and) {
      collect(and.left, values, found);
      collect(and.right, values, found);
    } else if (expr instanceof Or or) {
      collect(or.left, values, found);
      collect(or.right, values, found);
    } else if (expr instanceof Compare compare) {
      collect(compare.left, values, found);
      collect(compare.right, values, found);
    }
  }

  /** The top-level {@code &&} factors. */
  default List<Expr> factors() {
    List<Expr> factors = new ArrayList<>();
    if (this instanceof And and) {
      factors.addAll(and.left.factors());
      factors.addAll(and.right.factors());
    } else {
      factors.add(this);
    }
    return factors;
  }

  /** {@code a && b}, leaving out a {@code y}. */
  static Expr and(Expr a, Expr b) {
    if (a == null || a.equals(Y)) {
      return b;
    }
    if (b == null || b.equals(Y)) {
      return a;
    }
    return new And(a, b);
  }

  /** The expression as Kconfig writes it, with parentheses only where they are needed. */
  default String text() {
    return text(0);
  }

  private String text(int context) {
    // Binding strength: || 1, && 2, ! and comparisons 3.
    if (this instanceof Word word) {
      return word.name;
    } else if (this instanceof Text text) {
      return "\"" + text.value + "\"";
    } else if (this instanceof Unevaluated unevaluated) {
      return unevaluated.call;
    } else if (this instanceof Not not) {
      return "!" + not.operand.text(3);
    } else if (this instanceof And and) {
      String inner = and.left.text(2) + " && " + and.right.text(2);
      return context > 2 ? "(" + inner + ")" : inner;
    } else if (this instanceof Or or) {
      String inner = or.left.text(1) + " || " + or.right.text(1);
      return context > 1 ? "(" + inner + ")" : inner;
    }
    Compare compare = (Compare) this;
    String op = compare.operator.equals("=") ? "=" : " " + compare.operator + " ";
    return compare.left.text(3) + op + compare.right.text(3);
  }
}
