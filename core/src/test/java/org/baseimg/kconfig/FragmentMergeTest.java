package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Against what merge_config.sh -m wrote and printed for the same files (see the README). */
class FragmentMergeTest {
  @Test
  void apply_twoFragments_writesWhatMergeConfigWrites() throws Exception {
    for (String base : List.of("a", "no-newline")) {
      FragmentMerge merge = merge(base);
      assertThat(merge.merged().text()).isEqualTo(TestConfigs.text(base + "-merged.golden"));
    }
  }

  @Test
  void apply_redefinitions_areReportedInMergeConfigsWords() throws Exception {
    FragmentMerge merge = merge("a");
    StringBuilder messages = new StringBuilder();
    merge.redefinitions().forEach(r -> messages.append(r.mergeConfigMessage()));
    assertThat(messages.toString()).isEqualTo(TestConfigs.text("a-merge-warnings.golden"));
    assertThat(merge.redefinitions())
        .extracting(Redefinition::symbol)
        .containsExactly("CRAMFS", "LOG_BUF_SHIFT", "NEW_ONE", "PRINTK_TIME");
  }

  @Test
  void apply_sameValueAgain_isNoRedefinition() throws Exception {
    assertThat(merge("a").redefinitions())
        .extracting(Redefinition::symbol)
        .doesNotContain("EXT4_FS");
  }

  @Test
  void requested_lastFragmentWins_andRemembersWhoAsked() throws Exception {
    FragmentMerge merge = merge("a");
    assertThat(merge.requested())
        .containsEntry("NEW_ONE", "y")
        .containsEntry("LOG_BUF_SHIFT", "n")
        .containsEntry("CRAMFS", "y")
        .doesNotContainKey("ONLY_IN_A");
    assertThat(merge.requestedBy()).containsEntry("NEW_ONE", "fragment-2.config");
    assertThat(merge.requestedBy()).containsEntry("CRAMFS", "fragment-1.config");
  }

  @Test
  void apply_noFragments_leavesTheBaseAsItIs() throws Exception {
    KernelConfig base = TestConfigs.config("a.config");
    assertThat(FragmentMerge.apply(base, List.of()).merged().text()).isEqualTo(base.text());
  }

  private static FragmentMerge merge(String base) throws Exception {
    return FragmentMerge.apply(
        TestConfigs.config(base + ".config"),
        List.of(TestConfigs.config("fragment-1.config"), TestConfigs.config("fragment-2.config")));
  }
}
