package org.baseimg.kconfig.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.baseimg.kconfig.KconfigSyntaxException;
import org.junit.jupiter.api.Test;

class KconfigLexerTest {
  private static List<String> texts(String line) throws KconfigSyntaxException {
    return KconfigLexer.tokens(line, "Kconfig", 3).stream()
        .map(token -> token.quoted() ? "\"" + token.text() + "\"" : token.text())
        .toList();
  }

  @Test
  void tokens_wordsStringsAndEveryOperator() throws Exception {
    assertThat(texts("depends on A&&!B || (C != \"x y\") && D<=1 && E>=0x10 && F<G && H>I=J"))
        .containsExactly(
            "depends", "on", "A", "&&", "!", "B", "||", "(", "C", "!=", "\"x y\"", ")", "&&", "D",
            "<=", "1", "&&", "E", ">=", "0x10", "&&", "F", "<", "G", "&&", "H", ">", "I", "=", "J");
  }

  @Test
  void tokens_singleQuotesAndBackslashes_inStrings() throws Exception {
    assertThat(KconfigLexer.tokens("prompt 'it''s' \"a\\\"b\"", "Kconfig", 1))
        .containsExactly(
            new KconfigLexer.Token("prompt", false),
            new KconfigLexer.Token("it", true),
            new KconfigLexer.Token("s", true),
            new KconfigLexer.Token("a\"b", true));
  }

  @Test
  void tokens_hashOutsideAStringEndsTheLine() throws Exception {
    assertThat(texts("default \"#1\" # the first")).containsExactly("default", "\"#1\"");
  }

  @Test
  void tokens_unterminatedStringOrUnknownCharacter_failWithFileAndLine() {
    assertThatThrownBy(() -> KconfigLexer.tokens("prompt \"open", "arch/Kconfig", 12))
        .isInstanceOf(KconfigSyntaxException.class)
        .hasMessage("arch/Kconfig:12: unterminated string: prompt \"open");
    assertThatThrownBy(() -> KconfigLexer.tokens("depends on A @ B", "Kconfig", 4))
        .hasMessage("Kconfig:4: unexpected '@' in: depends on A @ B");
  }

  @Test
  void assignment_eachFlavour_butNoStatementOrExpression() {
    assertThat(KconfigLexer.assignment("CC := gcc -O2"))
        .contains(new KconfigLexer.Assignment("CC", ":=", "gcc -O2"));
    assertThat(KconfigLexer.assignment("cc-option=$(success,x)"))
        .contains(new KconfigLexer.Assignment("cc-option", "=", "$(success,x)"));
    assertThat(KconfigLexer.assignment("FLAGS\t+= -g"))
        .contains(new KconfigLexer.Assignment("FLAGS", "+=", "-g"));
    assertThat(KconfigLexer.assignment("EMPTY :="))
        .contains(new KconfigLexer.Assignment("EMPTY", ":=", ""));
    assertThat(KconfigLexer.assignment("if = 1")).isEmpty();
    assertThat(KconfigLexer.assignment("default y if A = B")).isEmpty();
    assertThat(KconfigLexer.assignment("config FOO")).isEmpty();
  }
}
