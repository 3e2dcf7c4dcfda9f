package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.baseimg.BadInputException;
import org.junit.jupiter.api.Test;

/** The reader on the small tree under src/test/resources/kconfig/tree. */
class KconfigTest {
  private static final Kconfig ARM64 = read("arm64", Map.of());

  private static Kconfig read(String srcarch, Map<String, String> environment) {
    try {
      return Kconfig.read(TestConfigs.resource("tree"), srcarch, environment);
    } catch (BadInputException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KernelConfig config(String... lines) throws Exception {
    return KernelConfig.parse(String.join("\n", lines) + "\n", "test");
  }

  @Test
  void read_followsSourceWithSrcarch_andKnowsWhereEachSymbolIs() {
    assertThat(ARM64.defines("ARM64")).isTrue();
    assertThat(ARM64.defines("X86")).isFalse();
    assertThat(ARM64.file("SERIAL_MSM")).contains("drivers/Kconfig");
    assertThat(ARM64.locations("VA_BITS_48")).containsExactly("arch/arm64/Kconfig:24");
    assertThat(ARM64.type("NODES_SHIFT")).contains("int");
    assertThat(ARM64.prompt("ARCH_QCOM")).contains("Qualcomm Platforms");
    assertThat(ARM64.files())
        .containsExactly(
            "Kconfig", "scripts/Kconfig.include", "arch/arm64/Kconfig", "drivers/Kconfig");
    assertThat(read("x86", Map.of()).defines("X86")).isTrue();
  }

  @Test
  void read_skipsHelpTexts_evenWhenTheyLookLikeKconfig() {
    assertThat(ARM64.defines("FOO")).isFalse();
    assertThat(ARM64.symbols()).contains("VA_BITS_39", "COMPAT_VDSO");
  }

  @Test
  void whyNot_unmetDependency_namesTheFactorAndItsSymbols() throws Exception {
    assertThat(ARM64.whyNot(config("CONFIG_ARM64=y"), "SERIAL_MSM", "y", Map.of()))
        .isEqualTo(
            "SERIAL_MSM=y lost: depends on ARCH_QCOM || COMPILE_TEST, which is n (ARCH_QCOM=n,"
                + " COMPILE_TEST=n)");
  }

  @Test
  void whyNot_lostDependencyThatWasAskedFor_followsItToTheRootCause() throws Exception {
    String reason =
        ARM64.whyNot(
            config("CONFIG_ARM64=y"),
            "SERIAL_MSM_CONSOLE",
            "y",
            Map.of("SERIAL_MSM", "y", "SERIAL_MSM_CONSOLE", "y"));
    assertThat(reason)
        .isEqualTo(
            "SERIAL_MSM_CONSOLE=y lost: depends on SERIAL_MSM=y, which is n (SERIAL_MSM=n);"
                + " SERIAL_MSM=y lost: depends on ARCH_QCOM || COMPILE_TEST, which is n"
                + " (ARCH_QCOM=n, COMPILE_TEST=n)");
  }

  @Test
  void whyNot_symbolWithoutPrompt_saysWhatToSetInstead() throws Exception {
    assertThat(
            ARM64.whyNot(
                config("CONFIG_VA_BITS_39=y", "CONFIG_VA_BITS=39"), "VA_BITS", "48", Map.of()))
        .isEqualTo("VA_BITS=48: no prompt; set VA_BITS_48=y");
    assertThat(ARM64.whyNot(config("CONFIG_ARM_AMBA=y"), "ARM_AMBA", "n", Map.of()))
        .isEqualTo("ARM_AMBA=n: no prompt; only a select sets it, from ARM64");
  }

  @Test
  void whyNot_mForABool_saysItIsBool() throws Exception {
    assertThat(ARM64.whyNot(config("CONFIG_ARM64=y"), "KVM", "m", Map.of()))
        .isEqualTo("KVM=m lost: KVM is bool on arm64, so m is not a value it takes; use y");
  }

  @Test
  void whyNot_promptWithAFalseCondition_namesTheCondition() throws Exception {
    assertThat(ARM64.whyNot(config("CONFIG_ARM64=y"), "KVM", "y", Map.of()))
        .isEqualTo(
            "KVM=y lost: its prompt \"Kernel-based Virtual Machine (KVM) support\" shows only if"
                + " VIRTUALIZATION, which is n");
    assertThat(ARM64.whyNot(config("CONFIG_ARM64=y"), "TUNING", "y", Map.of()))
        .isEqualTo(
            "TUNING=y lost: its prompt \"A knob for experts\" shows only if EXPERT, which is n");
  }

  @Test
  void whyNot_outsideTheRange_givesTheRange() throws Exception {
    assertThat(
            ARM64.whyNot(
                config("CONFIG_ARM64=y", "CONFIG_NODES_SHIFT=4"), "NODES_SHIFT", "12", Map.of()))
        .isEqualTo("NODES_SHIFT=12 lost: outside its range 1..10");
  }

  @Test
  void whyNot_choiceMember_namesTheMemberTaken() throws Exception {
    assertThat(
            ARM64.whyNot(
                config("CONFIG_ARM64=y", "CONFIG_VA_BITS_39=y"), "VA_BITS_48", "y", Map.of()))
        .isEqualTo("VA_BITS_48=y lost: the choice \"Virtual address space size\" took VA_BITS_39");
  }

  @Test
  void whyNot_unknownSymbol_saysSo() throws Exception {
    assertThat(ARM64.whyNot(config("CONFIG_ARM64=y"), "X86", "y", Map.of()))
        .isEqualTo("X86=y lost: X86 is not a symbol on arm64");
  }

  @Test
  void whyNot_selected_namesTheSelector() throws Exception {
    assertThat(
            ARM64.whyNot(
                config("CONFIG_ARM64=y", "CONFIG_EXPERT=y", "CONFIG_TUNING=y"),
                "TUNING",
                "n",
                Map.of()))
        .startsWith("TUNING=n lost: the final config has TUNING=y");
  }

  @Test
  void environment_decidesDependenciesOnVariables() throws Exception {
    KernelConfig values = config("CONFIG_ARM64=y");
    assertThat(ARM64.whyNot(values, "COMPAT_VDSO", "y", Map.of()))
        .isEqualTo("COMPAT_VDSO=y lost: depends on \"\" != \"\", which is n");
    Kconfig withCompat = read("arm64", Map.of("CROSS_COMPILE_COMPAT", "arm-linux-gnueabihf-"));
    assertThat(withCompat.whyNot(values, "COMPAT_VDSO", "y", Map.of()))
        .doesNotContain("depends on");
  }

  @Test
  void shellCalls_areNotRun_andTheConfigDecides() throws Exception {
    assertThat(ARM64.describe(config("CONFIG_CC_HAS_BRANCH_PROT=y"), "CC_HAS_BRANCH_PROT"))
        .first()
        .isEqualTo("CC_HAS_BRANCH_PROT=y");
  }

  @Test
  void defaultValue_followsTheConditions() throws Exception {
    assertThat(ARM64.defaultValue(config("CONFIG_ARM64=y"), "NODES_SHIFT")).contains("4");
    assertThat(read("x86", Map.of()).defaultValue(config("CONFIG_X86=y"), "NODES_SHIFT"))
        .contains("10");
    assertThat(ARM64.defaultValue(config("CONFIG_VA_BITS_48=y"), "VA_BITS")).contains("48");
  }

  @Test
  void architecturePrompt_differsWhereTheMeaningDoes() {
    Kconfig x86 = read("x86", Map.of());
    assertThat(x86.architecturePrompt("COMPAT_VDSO"))
        .contains("Disable the 32-bit vDSO (needed for glibc 2.3.3)");
    assertThat(ARM64.architecturePrompt("COMPAT_VDSO"))
        .contains("Enable vDSO for 32-bit applications");
    assertThat(ARM64.architecturePrompt("SERIAL_MSM")).isEmpty();
  }

  @Test
  void describe_listsDefinitionDependencyAndWhyNot() throws Exception {
    List<String> lines = ARM64.describe(config("CONFIG_ARM64=y"), "SERIAL_MSM");
    assertThat(lines.get(0)).isEqualTo("SERIAL_MSM is not in the config");
    assertThat(lines)
        .contains(
            "  tristate \"MSM on-chip serial port support\" at drivers/Kconfig:4",
            "  depends on (HAS_IOMEM || ARM64) && (ARCH_QCOM || COMPILE_TEST), which is n");
    assertThat(lines.get(lines.size() - 1))
        .startsWith("  why not y: SERIAL_MSM=y lost: depends on");
  }

  @Test
  void read_unknownKeyword_failsWithFileAndLine() {
    assertThatThrownBy(() -> Kconfig.read(TestConfigs.resource("bad-tree"), "arm64", Map.of()))
        .isInstanceOfSatisfying(
            KconfigSyntaxException.class,
            e -> {
              assertThat(e.file()).isEqualTo("Kconfig");
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage()).isEqualTo("Kconfig:3: unknown keyword 'frobnicate'");
            });
  }

  @Test
  void read_notAKernelTreeOrUnknownArch_isBadInput() {
    assertThatThrownBy(() -> Kconfig.read(TestConfigs.resource("configs"), "arm64", Map.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no Kconfig file at its top");
    assertThatThrownBy(() -> Kconfig.read(TestConfigs.resource("tree"), "riscv", Map.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no arch/riscv");
  }
}
