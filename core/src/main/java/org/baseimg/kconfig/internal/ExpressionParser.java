package org.baseimg.kconfig.internal;

import java.util.List;
import java.util.Set;
import org.baseimg.kconfig.KconfigSyntaxException;

/**
 * Reads one statement's tokens left to right: names, quoted texts, keywords, and expressions with
 * the precedence of the kernel's {@code scripts/kconfig/parser.y}. There a comparison ({@code =},
 * {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}) takes two symbols, never expressions,
 * so it binds before everything else ({@code !A = B} is {@code !(A = B)}); then {@code !}, then
 * {@code &&}, then {@code ||}, the last two to the left. Parentheses group.
 */
final class ExpressionParser {
  /**
   * How deep parentheses and {@code !} may nest. Real Kconfig files stay below ten; the limit turns
   * an absurd file into a syntax error instead of a {@link StackOverflowError} (bison stops at
   * 10000 with "memory exhausted").
   */
  static final int MAX_DEPTH = 1000;

  private static final List<String> COMPARISONS = List.of("=", "!=", "<", "<=", ">", ">=");
  private static final Set<String> OPERATORS =
      Set.of("if", "!", "(", ")", "&&", "||", "=", "!=", "<", "<=", ">", ">=");

  private final List<KconfigLexer.Token> tokens;
  private final String file;
  private final int line;
  private final UnevaluatedCalls unevaluated;
  private int position;
  private int depth;

  /**
   * @param unevaluated the calls that placeholder words in {@code tokens} stand for
   */
  ExpressionParser(
      List<KconfigLexer.Token> tokens, String file, int line, UnevaluatedCalls unevaluated) {
    this.tokens = tokens;
    this.file = file;
    this.line = line;
    this.unevaluated = unevaluated;
  }

  /** Skips a token (the statement's keyword, read already). */
  void next() {
    position++;
  }

  boolean hasMore() {
    return position < tokens.size();
  }

  boolean peekIsString() {
    return tokens.get(position).quoted();
  }

  /** A name: an unquoted word. */
  String word() throws KconfigSyntaxException {
    KconfigLexer.Token token = take("a name");
    if (token.quoted()) {
      throw error("expected a name, found \"" + token.text() + "\"");
    }
    return token.text();
  }

  /** A text; kconfig takes a word where it wants a quoted text. */
  String string() throws KconfigSyntaxException {
    return take("a quoted text").text();
  }

  /** The keyword {@code wanted}, e.g. {@code on} after {@code depends}. */
  void keyword(String wanted) throws KconfigSyntaxException {
    KconfigLexer.Token token = take("'" + wanted + "'");
    if (token.quoted() || !token.text().equals(wanted)) {
      throw error("expected '" + wanted + "', found '" + token.text() + "'");
    }
  }

  /** Fails unless every token was read. */
  void end() throws KconfigSyntaxException {
    if (hasMore()) {
      throw error("unexpected '" + tokens.get(position).text() + "' at the end of the line");
    }
  }

  /** An optional trailing {@code if EXPR}; y when there is none. */
  Expr condition() throws KconfigSyntaxException {
    if (is("if")) {
      position++;
      return expression();
    }
    return Expr.Y;
  }

  /** {@code a || b || ...}, each operand a conjunction. */
  Expr expression() throws KconfigSyntaxException {
    Expr left = conjunction();
    while (is("||")) {
      position++;
      left = new Expr.Or(left, conjunction());
    }
    return left;
  }

  private Expr conjunction() throws KconfigSyntaxException {
    Expr left = unary();
    while (is("&&")) {
      position++;
      left = new Expr.And(left, unary());
    }
    return left;
  }

  /** {@code !x}, {@code (expr)}, a comparison of two atoms, or an atom. */
  private Expr unary() throws KconfigSyntaxException {
    if (is("!") || is("(")) {
      if (++depth > MAX_DEPTH) {
        throw error("expression nested deeper than " + MAX_DEPTH + " levels");
      }
      try {
        return is("!") ? negation() : parenthesised();
      } finally {
        depth--;
      }
    }
    Expr left = atom();
    for (String operator : COMPARISONS) {
      if (is(operator)) {
        position++;
        return new Expr.Compare(operator, left, atom());
      }
    }
    return left;
  }

  private Expr negation() throws KconfigSyntaxException {
    position++;
    return new Expr.Not(unary());
  }

  private Expr parenthesised() throws KconfigSyntaxException {
    position++;
    Expr inner = expression();
    if (!is(")")) {
      throw error("missing ')'");
    }
    position++;
    return inner;
  }

  /** A symbol or constant: a word, a quoted text, or a call that is not run. */
  Expr atom() throws KconfigSyntaxException {
    KconfigLexer.Token token = take("a symbol or value");
    if (token.quoted()) {
      return new Expr.Text(unevaluated.restore(token.text()));
    }
    if (OPERATORS.contains(token.text())) {
      throw error("expected a symbol or value, found '" + token.text() + "'");
    }
    return unevaluated
        .call(token.text())
        .<Expr>map(Expr.Unevaluated::new)
        .orElseGet(() -> new Expr.Word(token.text()));
  }

  private KconfigLexer.Token take(String wanted) throws KconfigSyntaxException {
    if (!hasMore()) {
      throw error("expected " + wanted + " at the end of the line");
    }
    return tokens.get(position++);
  }

  private boolean is(String operator) {
    return hasMore()
        && !tokens.get(position).quoted()
        && tokens.get(position).text().equals(operator);
  }

  private KconfigSyntaxException error(String problem) {
    return new KconfigSyntaxException(file, line, problem);
  }
}
