package org.baseimg.kconfig.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.baseimg.kconfig.KconfigSyntaxException;
import org.junit.jupiter.api.Test;

class MacroExpanderTest {
  private final MacroExpander expander =
      new MacroExpander(Map.of("SRCARCH", "arm64", "NAME", "SRCARCH"));

  private String expand(String text) throws KconfigSyntaxException {
    return expander.expand(text, "arch/Kconfig", 9);
  }

  private void assign(String name, String operator, String value) throws KconfigSyntaxException {
    expander.assign(name, operator, value, "Kconfig", 1);
  }

  @Test
  void reference_variableThenEnvironmentThenNothing() throws Exception {
    assign("SRCARCH", ":=", "riscv");
    assertThat(expand("source \"arch/$(SRCARCH)/Kconfig\""))
        .isEqualTo("source \"arch/riscv/Kconfig\"");
    assertThat(expand("$(NAME)")).isEqualTo("SRCARCH");
    assertThat(expand("[$(UNSET)]")).isEqualTo("[]");
  }

  @Test
  void reference_nameItselfIsExpanded_andDollarDollarIsADollar() throws Exception {
    assertThat(expand("$($(NAME))")).isEqualTo("arm64");
    assertThat(expand("$$(NAME) $$")).isEqualTo("$(NAME) $");
    assertThat(expand("$(NAME")).isEqualTo("$(NAME");
  }

  @Test
  void filenameAndLineno_sayWhereTheReferenceIs() throws Exception {
    assertThat(expand("$(filename):$(lineno)")).isEqualTo("arch/Kconfig:9");
  }

  @Test
  void colonEquals_expandsOnceWhenAssigned() throws Exception {
    assign("A", ":=", "x");
    assign("B", ":=", "$(A)");
    assign("A", ":=", "y");
    assertThat(expand("$(B)")).isEqualTo("x");
  }

  @Test
  void equals_expandsAtEachUse() throws Exception {
    assign("A", ":=", "x");
    assign("B", "=", "$(A)");
    assertThat(expand("$(B)")).isEqualTo("x");
    assign("A", ":=", "y");
    assertThat(expand("$(B)")).isEqualTo("y");
  }

  @Test
  void plusEquals_appendsInTheVariablesFlavour() throws Exception {
    assign("X", ":=", "1");
    assign("SIMPLE", ":=", "a");
    assign("SIMPLE", "+=", "$(X)");
    assign("RECURSIVE", "=", "a");
    assign("RECURSIVE", "+=", "$(X)");
    assign("X", ":=", "2");
    assertThat(expand("$(SIMPLE)")).isEqualTo("a 1");
    assertThat(expand("$(RECURSIVE)")).isEqualTo("a 2");
    assign("EMPTY", ":=", "");
    assign("EMPTY", "+=", "b");
    assertThat(expand("[$(EMPTY)]")).isEqualTo("[b]");
  }

  @Test
  void plusEquals_onAnUndefinedVariable_makesARecursiveOne() throws Exception {
    assign("X", ":=", "1");
    assign("NEW", "+=", "$(X)");
    assign("X", ":=", "2");
    assertThat(expand("$(NEW)")).isEqualTo("2");
  }

  @Test
  void shellAndFunctionsBuiltOnIt_areNotRun_butKeptAsCalls() throws Exception {
    assign("success", "=", "$(shell,{ $(1); } >/dev/null 2>&1 && echo y || echo n)");
    String shell = expand("$(shell,echo y)");
    String success = expand("$(success,$(CC) -v)");
    assertThat(shell).doesNotContain("$(");
    assertThat(expander.unevaluated().call(shell)).contains("$(shell,echo y)");
    assertThat(expander.unevaluated().call(success)).contains("$(success,$(CC) -v)");
    assertThat(expander.unevaluated().call("y")).isEmpty();
  }

  @Test
  void if_isNoKconfigFunction_andStaysAnUnevaluatedCall() throws Exception {
    // scripts/kconfig/preprocess.c knows error-if, filename, info, lineno, shell and warning-if.
    String placeholder = expand("$(if,$(SRCARCH),y,n)");
    assertThat(expander.unevaluated().call(placeholder)).contains("$(if,$(SRCARCH),y,n)");
  }

  @Test
  void infoAndWarnings_giveNothing() throws Exception {
    assertThat(expand("$(info,hello)$(warning-if,y,careful)$(error-if,n,stop)")).isEmpty();
  }

  @Test
  void recursiveVariable_referringToItself_isReportedAsKconfigDoes() throws Exception {
    assign("X", "=", "a $(X)");
    assertThatThrownBy(() -> expand("$(X)"))
        .isInstanceOf(KconfigSyntaxException.class)
        .hasMessage("arch/Kconfig:9: Recursive variable 'X' references itself (eventually)");
    assign("A", "=", "$(B)");
    assign("B", "+=", "$(A)");
    assertThatThrownBy(() -> expand("$(B)"))
        .hasMessage("arch/Kconfig:9: Recursive variable 'B' references itself (eventually)");
  }

  @Test
  void simpleVariable_mayUseItsOwnOldValue() throws Exception {
    assign("X", ":=", "a");
    assign("X", ":=", "$(X) b");
    assertThat(expand("$(X)")).isEqualTo("a b");
    assign("Y", "=", "c");
    assertThat(expand("$(Y) $(Y)")).as("a variable used twice is no recursion").isEqualTo("c c");
  }

  @Test
  void nestingPastTheLimit_isASyntaxError_notAStackOverflow() {
    int limit = MacroExpander.MAX_DEPTH;
    assertThatThrownBy(() -> expand("$(".repeat(limit) + "X" + ")".repeat(limit)))
        .isInstanceOf(KconfigSyntaxException.class)
        .hasMessage("arch/Kconfig:9: references nested deeper than 1000 levels");
  }
}
