package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Against what the kernel's scripts/diffconfig printed for the same files (see the README). */
class ConfigDiffTest {
  @Test
  void diffconfig_isWhatTheKernelScriptPrints() throws Exception {
    assertThat(diff("a.config", "b.config", false).diffconfig())
        .isEqualTo(TestConfigs.text("a-b.diffconfig"));
    assertThat(diff("b.config", "a.config", false).diffconfig())
        .isEqualTo(TestConfigs.text("b-a.diffconfig"));
  }

  @Test
  void mergeStyle_isWhatDiffconfigMinusMPrints() throws Exception {
    assertThat(diff("a.config", "b.config", false).mergeStyle())
        .isEqualTo(TestConfigs.text("a-b.diffconfig-m"));
  }

  @Test
  void absentAsN_dropsChangesFromNothingToN_andShowsYToN() throws Exception {
    ConfigDiff diff = diff("a.config", "b.config", true);
    assertThat(diff.removed()).isEmpty();
    assertThat(diff.added()).isEmpty();
    assertThat(diff.diffconfig())
        .contains(" ONLY_IN_A y -> n\n", " ONLY_IN_B n -> m\n")
        .doesNotContain("OFF_ONLY_IN_A", "OFF_ONLY_IN_B");
  }

  @Test
  void sameConfig_isEmpty() throws Exception {
    assertThat(diff("a.config", "a.config", false).isEmpty()).isTrue();
  }

  @Test
  void groupedBy_splitsByGroupInNameOrder_keepingDiffconfigOrderInside() throws Exception {
    ConfigDiff diff = diff("a.config", "b.config", false);
    Map<String, String> files = Map.of("CRAMFS", "fs/Kconfig", "ONLY_IN_A", "fs/Kconfig");
    Map<String, ConfigDiff> groups =
        diff.groupedBy(s -> Optional.ofNullable(files.get(s)), "other");
    assertThat(groups.keySet()).containsExactly("fs/Kconfig", "other");
    assertThat(groups.get("fs/Kconfig").diffconfig()).isEqualTo("-ONLY_IN_A y\n CRAMFS m -> y\n");
    assertThat(DiffFormat.TEXT.render(groups))
        .startsWith("# fs/Kconfig\n-ONLY_IN_A y\n CRAMFS m -> y\n\n# other\n-OFF_ONLY_IN_A n\n");
  }

  @Test
  void json_listsEachKindWithItsValues() throws Exception {
    String json = DiffFormat.JSON.render(diff("a.config", "b.config", false));
    assertThat(json)
        .startsWith(
            "{\n  \"removed\": [\n    {\n      \"symbol\": \"OFF_ONLY_IN_A\",\n      \"before\": \"n\"\n    },")
        .contains("\"before\": \"\\\"gcc-12 (Debian 12.2.0-14) 12.2.0\\\"\"")
        .endsWith("      \"symbol\": \"ONLY_IN_B\",\n      \"after\": \"m\"\n    }\n  ]\n}\n");
  }

  @Test
  void markdown_isATableRowPerChange() throws Exception {
    String table = DiffFormat.MARKDOWN.render(diff("a.config", "b.config", false));
    assertThat(table.lines()).hasSize(2 + 10);
    assertThat(table)
        .contains("| changed | `CRAMFS` | `m` | `y` |\n", "| added | `ONLY_IN_B` |  | `m` |\n");
  }

  private static ConfigDiff diff(String a, String b, boolean absentAsN) throws Exception {
    return ConfigDiff.between(TestConfigs.config(a), TestConfigs.config(b), absentAsN);
  }
}
