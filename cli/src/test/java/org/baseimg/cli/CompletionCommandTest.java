package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baseimg.image.Architecture;
import org.baseimg.kconfig.StockConfigs;
import org.baseimg.profiles.Profiles;
import org.baseimg.profiles.StockProfile;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the printed scripts in bash and zsh, as their completion would on TAB. */
class CompletionCommandTest {
  @TempDir Path temp;

  private Path script(String shell) throws Exception {
    CommandLineRun run = CommandLineRun.of("completion", shell);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Files.writeString(temp.resolve("baseimg." + shell), run.out());
  }

  private static Path harness(String name) throws Exception {
    return Path.of(CompletionCommandTest.class.getResource("/completion/" + name).toURI());
  }

  /** The candidates bash offers for {@code line}, TAB pressed at its end. */
  private List<String> bash(String line) throws Exception {
    return NativeTools.run(
            List.of("bash", harness("complete.sh").toString(), script("bash").toString(), line))
        .stdoutLines();
  }

  private static List<String> stockProfiles() {
    return Profiles.stock().stream().map(StockProfile::name).toList();
  }

  @Test
  void bash_commandPrefix_completesTheCommand() throws Exception {
    assertThat(bash("baseimg bu")).containsExactly("build");
    assertThat(bash("baseimg di")).containsExactly("diff");
  }

  @Test
  void bash_buildProfile_offersTheStockProfiles() throws Exception {
    assertThat(bash("baseimg build ")).isEqualTo(stockProfiles()).contains("edge-arm64");
    assertThat(bash("baseimg profile show ba")).containsExactly("base", "base-arm64");
  }

  @Test
  void bash_fragment_offersTheStockFragments() throws Exception {
    List<String> fragments = StockConfigs.FRAGMENTS.get(Architecture.ARM64);
    assertThat(bash("baseimg kconfig generate --fragment "))
        .isEqualTo(fragments)
        .contains("serial-console");
    assertThat(bash("baseimg kconfig merge debian-6.1 ")).isEqualTo(fragments);
  }

  @Test
  void bash_newCommands_completeTheirOptionsAndValues() throws Exception {
    assertThat(bash("baseimg inspect --by")).containsExactly("--by-package");
    assertThat(bash("baseimg diff --format ")).containsExactly("text", "markdown", "json");
    assertThat(bash("baseimg completion ")).containsExactly("bash", "zsh");
  }

  @Test
  void zsh_sourcedScript_registersWithCompdefAndOffersTheStockProfiles() throws Exception {
    List<String> lines =
        NativeTools.run(
                List.of(
                    "zsh",
                    "-f",
                    harness("complete.zsh").toString(),
                    script("zsh").toString(),
                    "baseimg build "),
                temp)
            .stdoutLines();
    assertThat(lines.get(0))
        .isEqualTo("registered: _bash_complete -F _complete_baseimg -o default");
    assertThat(lines.subList(1, lines.size())).isEqualTo(stockProfiles());
  }

  @Test
  void unknownShell_isBadInputInOneLine() {
    CommandLineRun run = CommandLineRun.of("completion", "fish");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "baseimg completion: unknown shell 'fish'; use bash or zsh (see 'baseimg completion"
                + " --help')");
  }
}
