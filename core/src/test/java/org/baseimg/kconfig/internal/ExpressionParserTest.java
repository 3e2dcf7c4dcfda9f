package org.baseimg.kconfig.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.baseimg.kconfig.KconfigSyntaxException;
import org.junit.jupiter.api.Test;

/**
 * Precedence as in the kernel's scripts/kconfig/parser.y: a comparison joins two symbols, then
 * {@code !}, then {@code &&}, then {@code ||}.
 */
class ExpressionParserTest {
  private final UnevaluatedCalls calls = new UnevaluatedCalls();

  private Expr parse(String text) throws KconfigSyntaxException {
    ExpressionParser parser =
        new ExpressionParser(KconfigLexer.tokens(text, "Kconfig", 7), "Kconfig", 7, calls);
    Expr expr = parser.expression();
    parser.end();
    return expr;
  }

  private static Expr w(String name) {
    return new Expr.Word(name);
  }

  @Test
  void not_bindsTighterThanAnd_andAndTighterThanOr() throws Exception {
    assertThat(parse("!A && B")).isEqualTo(new Expr.And(new Expr.Not(w("A")), w("B")));
    assertThat(parse("A || B && C")).isEqualTo(new Expr.Or(w("A"), new Expr.And(w("B"), w("C"))));
    assertThat(parse("A && B || C")).isEqualTo(new Expr.Or(new Expr.And(w("A"), w("B")), w("C")));
    assertThat(parse("!A || !B"))
        .isEqualTo(new Expr.Or(new Expr.Not(w("A")), new Expr.Not(w("B"))));
  }

  @Test
  void andAndOr_groupToTheLeft() throws Exception {
    assertThat(parse("A || B || C")).isEqualTo(new Expr.Or(new Expr.Or(w("A"), w("B")), w("C")));
    assertThat(parse("A && B && C")).isEqualTo(new Expr.And(new Expr.And(w("A"), w("B")), w("C")));
  }

  @Test
  void everyComparison_joinsTwoSymbols_beforeAndAndOr() throws Exception {
    for (String operator : new String[] {"=", "!=", "<", "<=", ">", ">="}) {
      assertThat(parse("A " + operator + " 1 && B || C"))
          .as(operator)
          .isEqualTo(
              new Expr.Or(
                  new Expr.And(new Expr.Compare(operator, w("A"), w("1")), w("B")), w("C")));
    }
  }

  @Test
  void not_beforeAComparison_negatesTheWholeComparison() throws Exception {
    // parser.y has "symbol T_EQUAL symbol" and "T_NOT expr": ! cannot take A alone here.
    assertThat(parse("!A = B")).isEqualTo(new Expr.Not(new Expr.Compare("=", w("A"), w("B"))));
    assertThat(parse("!!A")).isEqualTo(new Expr.Not(new Expr.Not(w("A"))));
  }

  @Test
  void parentheses_group() throws Exception {
    assertThat(parse("!(A || B) && C"))
        .isEqualTo(new Expr.And(new Expr.Not(new Expr.Or(w("A"), w("B"))), w("C")));
    assertThat(parse("A && (B || C)")).isEqualTo(new Expr.And(w("A"), new Expr.Or(w("B"), w("C"))));
  }

  @Test
  void atoms_quotedTextAndCallsThatAreNotRun() throws Exception {
    String placeholder = calls.add("$(cc-option,-mbranch-protection=standard)");
    assertThat(parse("A != \"\"")).isEqualTo(new Expr.Compare("!=", w("A"), new Expr.Text("")));
    assertThat(parse(placeholder + " && B"))
        .isEqualTo(
            new Expr.And(
                new Expr.Unevaluated("$(cc-option,-mbranch-protection=standard)"), w("B")));
    assertThat(parse("\"x" + placeholder + "\" = A"))
        .isEqualTo(
            new Expr.Compare(
                "=", new Expr.Text("x$(cc-option,-mbranch-protection=standard)"), w("A")));
  }

  @Test
  void condition_isYWithoutIf() throws Exception {
    ExpressionParser parser =
        new ExpressionParser(
            KconfigLexer.tokens("default 4 if A", "Kconfig", 1), "Kconfig", 1, calls);
    parser.next();
    assertThat(parser.expression()).isEqualTo(w("4"));
    assertThat(parser.condition()).isEqualTo(w("A"));
    assertThat(new ExpressionParser(KconfigLexer.tokens("x", "K", 1), "K", 1, calls).condition())
        .isEqualTo(Expr.Y);
  }

  @Test
  void malformed_failsWithFileAndLine() {
    assertThatThrownBy(() -> parse("A = B = C"))
        .isInstanceOf(KconfigSyntaxException.class)
        .hasMessage("Kconfig:7: unexpected '=' at the end of the line");
    assertThatThrownBy(() -> parse("(A || B")).hasMessage("Kconfig:7: missing ')'");
    assertThatThrownBy(() -> parse("A &&"))
        .hasMessage("Kconfig:7: expected a symbol or value at the end of the line");
    assertThatThrownBy(() -> parse("A && )"))
        .hasMessage("Kconfig:7: expected a symbol or value, found ')'");
    assertThatThrownBy(() -> parse("A && || B"))
        .hasMessage("Kconfig:7: expected a symbol or value, found '||'");
    assertThatThrownBy(() -> parse("A = >= B"))
        .hasMessage("Kconfig:7: expected a symbol or value, found '>='");
  }

  @Test
  void nesting_pastTheLimit_isASyntaxError_notAStackOverflow() throws Exception {
    int limit = ExpressionParser.MAX_DEPTH;
    assertThat(parse("(".repeat(limit) + "A" + ")".repeat(limit))).isEqualTo(w("A"));
    assertThatThrownBy(() -> parse("(".repeat(limit + 1) + "A" + ")".repeat(limit + 1)))
        .isInstanceOf(KconfigSyntaxException.class)
        .hasMessage("Kconfig:7: expression nested deeper than 1000 levels");
    assertThatThrownBy(() -> parse("!(".repeat(limit) + "A" + ")".repeat(limit)))
        .hasMessage("Kconfig:7: expression nested deeper than 1000 levels");
  }
}
