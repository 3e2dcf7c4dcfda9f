package org.baseimg.kconfig.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.baseimg.kconfig.KconfigSyntaxException;

/**
 * Kconfig's preprocessor ({@code Documentation/kbuild/kconfig-macro-language.rst}), minus running
 * anything: {@code $(NAME)} gives a variable of the tree, else one of the environment, else
 * nothing; {@code $(filename)} and {@code $(lineno)} say where; {@code $(info,...)}, {@code
 * $(warning-if,...)} and {@code $(error-if,...)} give nothing. Any other call with arguments,
 * {@code $(shell,...)} and the functions built on it ({@code $(cc-option,...)}, {@code
 * $(if-success,...)}, and {@code $(if,...)}, which kconfig does not even have), is not run: it
 * becomes a placeholder in {@link #unevaluated()}, because the values of the symbols that use it
 * come from the final {@code .config}.
 *
 * <p>Variables have kconfig's flavours: {@code :=} expands its value once, when assigned; {@code =}
 * keeps it as written and expands it at each use; {@code +=} appends in the variable's flavour, and
 * to an undefined variable makes a recursive one.
 */
final class MacroExpander {
  /**
   * How deep references may nest, counting both {@code $($(...))} in the text and variables whose
   * values refer to other variables; the limit turns an absurd file into a syntax error instead of
   * a {@link StackOverflowError}.
   */
  static final int MAX_DEPTH = 1000;

  /**
   * How long an expanded text or a variable's value may grow. Variables that double each other
   * ({@code X2 = $(X1)$(X1)}, ...) would otherwise fill the heap, as entities do in a "billion
   * laughs" XML file; the kernel's own values stay below a few hundred characters.
   */
  static final int MAX_LENGTH = 1 << 20;

  private record Variable(String value, boolean recursive) {}

  private final Map<String, String> environment;
  private final Map<String, Variable> variables = new HashMap<>();
  private final Set<String> expanding = new HashSet<>();
  private final UnevaluatedCalls unevaluated = new UnevaluatedCalls();
  private int depth;

  /**
   * @param environment what make exports to Kconfig; a variable not given expands to nothing
   */
  MacroExpander(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The calls that were not run, by the placeholder standing for each in the expanded text. */
  UnevaluatedCalls unevaluated() {
    return unevaluated;
  }

  /**
   * {@code name operator value} at {@code file:line}.
   *
   * @param operator {@code :=}, {@code =} or {@code +=}
   */
  void assign(String name, String operator, String value, String file, int line)
      throws KconfigSyntaxException {
    Variable old = variables.get(name);
    Variable assigned =
        switch (operator) {
          case ":=" -> new Variable(expand(value, file, line), false);
          case "=" -> new Variable(value, true);
          case "+=" -> append(old, value, file, line);
          default -> throw new IllegalArgumentException("not an assignment operator: " + operator);
        };
    requireShort(assigned.value, file, line);
    variables.put(name, assigned);
  }

  private Variable append(Variable old, String value, String file, int line)
      throws KconfigSyntaxException {
    if (old == null) {
      return new Variable(value, true); // preprocess.c: "+= assumes the recursive flavor"
    }
    String appended = old.recursive ? value : expand(value, file, line);
    return new Variable(old.value.isEmpty() ? appended : old.value + " " + appended, old.recursive);
  }

  /**
   * {@code text} with every {@code $(...)} replaced; {@code $$} is a {@code $}.
   *
   * @throws KconfigSyntaxException for a recursive variable that refers to itself, or nesting past
   *     {@link #MAX_DEPTH}
   */
  String expand(String text, String file, int line) throws KconfigSyntaxException {
    if (++depth > MAX_DEPTH) {
      throw new KconfigSyntaxException(
          file, line, "references nested deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return expandText(text, file, line);
    } finally {
      depth--;
    }
  }

  private String expandText(String text, String file, int line) throws KconfigSyntaxException {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
        int end = closing(text, i + 1);
        if (end < 0) {
          out.append(text.substring(i));
          break;
        }
        out.append(reference(text.substring(i + 2, end), file, line));
        requireShort(out, file, line);
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** What {@code $(inner)} gives. */
  private String reference(String inner, String file, int line) throws KconfigSyntaxException {
    int comma = topLevelComma(inner);
    String name = expand(comma < 0 ? inner : inner.substring(0, comma), file, line).strip();
    if (comma >= 0) {
      if (name.equals("info") || name.equals("warning-if") || name.equals("error-if")) {
        return "";
      }
      return unevaluated.add("$(" + inner + ")");
    }
    if (name.equals("filename")) {
      return file;
    }
    if (name.equals("lineno")) {
      return Integer.toString(line);
    }
    Variable variable = variables.get(name);
    if (variable == null) {
      return environment.getOrDefault(name, "");
    }
    if (!variable.recursive) {
      return variable.value;
    }
    if (!expanding.add(name)) {
      throw new KconfigSyntaxException(
          file, line, "Recursive variable '" + name + "' references itself (eventually)");
    }
    try {
      return expand(variable.value, file, line);
    } finally {
      expanding.remove(name);
    }
  }

  private static void requireShort(CharSequence text, String file, int line)
      throws KconfigSyntaxException {
    if (text.length() > MAX_LENGTH) {
      throw new KconfigSyntaxException(
          file, line, "expands to more than " + MAX_LENGTH + " characters");
    }
  }

  private static int closing(String text, int open) {
    int nesting = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        nesting++;
      } else if (c == ')' && --nesting == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int topLevelComma(String text) {
    int nesting = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        nesting++;
      } else if (c == ')') {
        nesting--;
      } else if (c == ',' && nesting == 0) {
        return i;
      }
    }
    return -1;
  }
}
