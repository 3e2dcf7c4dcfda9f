package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.baseimg.BadInputException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.image.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The facade on the small tree under src/test/resources/kconfig/tree, and every bad input of a
 * carry forward, which fails before any tool runs. Carrying forward itself needs a kernel tree and
 * a cross compiler: KernelConfigsIT.
 */
class KernelConfigsTest {
  private final List<Event> events = new java.util.ArrayList<>();
  private final KernelConfigs configs = KernelConfigs.create(events::add);

  private static KernelConfig config(String... lines) throws Exception {
    return KernelConfig.parse(String.join("\n", lines) + "\n", "test.config");
  }

  @Test
  void carryForward_unknownBaseOrFragment_isBadInput_beforeAnythingRuns() {
    assertThatThrownBy(
            () -> configs.carryForward(CarryForward.builder().base("debian-5.10").build()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("no stock base config 'debian-5.10'");
    assertThatThrownBy(
            () ->
                configs.carryForward(
                    CarryForward.builder().fragments(List.of("perf", "serial")).build()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("no stock fragment 'serial' for arm64");
    assertThat(events).isEmpty();
  }

  @Test
  void carryForward_sourceThatIsNoTree_endsWithTheSuggestionItWasGiven() {
    CarryForward request = CarryForward.builder().source(TestConfigs.resource("configs")).build();
    assertThatThrownBy(() -> configs.carryForward(request))
        .isInstanceOf(BadInputException.class)
        .hasMessageEndingWith("or give no source tree to fetch Debian's linux-source package");
    KernelConfigs worded =
        configs.withSuggestions(new KconfigSuggestions("drop <source>", "set <compat>none"));
    assertThatThrownBy(() -> worded.carryForward(request)).hasMessageEndingWith("or drop <source>");
  }

  @Test
  void tree_readsTheVersionFromTheMakefile() throws Exception {
    KernelTree tree = configs.tree(TestConfigs.resource("tree"));
    assertThat(tree.version()).isEqualTo("6.1.0");
    assertThat(tree.series()).isEqualTo("6.1");
  }

  @Test
  void kconfig_readsTheArchitecturesSourceDirectory() throws Exception {
    KernelTree tree = configs.tree(TestConfigs.resource("tree"));
    assertThat(configs.kconfig(tree, Architecture.ARM64).defines("ARM64")).isTrue();
    Kconfig amd64 = configs.kconfig(tree, Architecture.AMD64);
    assertThat(amd64.srcarch()).isEqualTo("x86");
    assertThat(amd64.defines("X86")).isTrue();
  }

  @Test
  void explain_answersEachQueryInOrder() throws Exception {
    KernelTree tree = configs.tree(TestConfigs.resource("tree"));
    List<String> lines =
        configs.explain(
            tree,
            Architecture.ARM64,
            config("CONFIG_ARM64=y"),
            List.of("CONFIG_ARM64=y", "KVM=m", "SERIAL_MSM"));
    assertThat(lines.subList(0, 3))
        .containsExactly(
            "ARM64=y: test.config has it",
            "KVM=m lost: KVM is bool on arm64, so m is not a value it takes; use y",
            "SERIAL_MSM is not in the config");
    assertThat(lines.get(lines.size() - 1)).startsWith("  why not y: SERIAL_MSM=y lost:");
  }

  @Test
  void diffBySubsystem_groupsByTheDefiningKconfigFile() throws Exception {
    KernelTree tree = configs.tree(TestConfigs.resource("tree"));
    ConfigDiff diff =
        ConfigDiff.between(
            config("CONFIG_SERIAL_MSM=m", "CONFIG_X86=y"),
            config("CONFIG_SERIAL_MSM=y", "CONFIG_VA_BITS_48=y"),
            false);
    Map<String, ConfigDiff> groups = configs.diffBySubsystem(diff, tree, Architecture.ARM64);
    assertThat(groups)
        .containsOnlyKeys("(not defined for arm64)", "arch/arm64/Kconfig", "drivers/Kconfig");
    assertThat(groups.get("drivers/Kconfig").changed())
        .singleElement()
        .extracting(ConfigDiff.Change::symbol)
        .isEqualTo("SERIAL_MSM");
  }

  @Test
  void misuse_isIllegalArgument() {
    assertThatThrownBy(() -> KernelConfigs.create(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KernelConfigs.create(EventListener.NONE).withSuggestions(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
