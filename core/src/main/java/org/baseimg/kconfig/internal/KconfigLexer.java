package org.baseimg.kconfig.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.kconfig.KconfigSyntaxException;

/**
 * Splits one logical Kconfig line into what the statement parser reads: a variable assignment
 * ({@code NAME := value}, taken before any expansion, as kconfig's lexer does), or, once the macros
 * are expanded, a list of tokens: words, quoted strings and the operators of expressions.
 */
final class KconfigLexer {
  private static final Pattern ASSIGNMENT =
      Pattern.compile("([A-Za-z0-9_-]+)[ \\t]*(:=|\\+=|=)[ \\t]*(.*)", Pattern.DOTALL);
  private static final Set<String> TWO_CHARACTER_OPERATORS = Set.of("&&", "||", "!=", "<=", ">=");
  private static final String ONE_CHARACTER_OPERATORS = "!()=<>";

  /** The keywords that start a statement, so that {@code if = 1} is no assignment. */
  private static final Set<String> STATEMENTS =
      Set.of(
          "config",
          "menuconfig",
          "choice",
          "endchoice",
          "comment",
          "menu",
          "endmenu",
          "if",
          "endif",
          "source",
          "mainmenu");

  /** One token of a statement: a word or operator, or the text of a quoted string. */
  record Token(String text, boolean quoted) {}

  /** {@code name operator value}, the value as written (not yet expanded). */
  record Assignment(String name, String operator, String value) {}

  private KconfigLexer() {}

  /** The assignment {@code line} (stripped of surrounding blanks) makes, if it is one. */
  static Optional<Assignment> assignment(String line) {
    Matcher matcher = ASSIGNMENT.matcher(line);
    if (!matcher.matches() || STATEMENTS.contains(matcher.group(1))) {
      return Optional.empty();
    }
    return Optional.of(new Assignment(matcher.group(1), matcher.group(2), matcher.group(3)));
  }

  /**
   * The tokens of an expanded line; a {@code #} outside a string ends it.
   *
   * @throws KconfigSyntaxException for an unterminated string or a character kconfig does not know
   */
  static List<Token> tokens(String line, String file, int number) throws KconfigSyntaxException {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r') {
        i++; // kconfig's lexer skips a stray \r with a warning
      } else if (c == '#') {
        break;
      } else if (c == '"' || c == '\'') {
        i = quoted(line, i, tokens, file, number);
      } else if (isWordChar(c)) {
        int j = i;
        while (j < line.length() && isWordChar(line.charAt(j))) {
          j++;
        }
        tokens.add(new Token(line.substring(i, j), false));
        i = j;
      } else {
        String two = i + 1 < line.length() ? line.substring(i, i + 2) : "";
        if (TWO_CHARACTER_OPERATORS.contains(two)) {
          tokens.add(new Token(two, false));
          i += 2;
        } else if (ONE_CHARACTER_OPERATORS.indexOf(c) >= 0) {
          tokens.add(new Token(String.valueOf(c), false));
          i++;
        } else {
          throw new KconfigSyntaxException(
              file, number, "unexpected '" + c + "' in: " + TextFiles.excerpt(line));
        }
      }
    }
    return tokens;
  }

  /** Reads the string opening at {@code start}; a backslash keeps the next character as it is. */
  private static int quoted(String line, int start, List<Token> tokens, String file, int number)
      throws KconfigSyntaxException {
    char quote = line.charAt(start);
    StringBuilder text = new StringBuilder();
    int j = start + 1;
    while (j < line.length() && line.charAt(j) != quote) {
      if (line.charAt(j) == '\\' && j + 1 < line.length()) {
        j++;
      }
      text.append(line.charAt(j));
      j++;
    }
    if (j >= line.length()) {
      throw new KconfigSyntaxException(
          file, number, "unterminated string: " + TextFiles.excerpt(line));
    }
    tokens.add(new Token(text.toString(), true));
    return j + 1;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.';
  }
}
