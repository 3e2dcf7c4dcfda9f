package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kconfig commands that need no kernel tree, and every bad input before any work. */
class KconfigCommandTest {
  @TempDir Path temp;
  Path a;
  Path b;

  @BeforeEach
  void configs() throws IOException {
    a =
        Files.writeString(
            temp.resolve("a.config"), "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=m\n");
    b =
        Files.writeString(
            temp.resolve("b.config"), "CONFIG_A=m\nCONFIG_D=y\n# CONFIG_E is not set\n");
  }

  @Test
  void diff_printsDiffconfigLines() {
    CommandLineRun run = CommandLineRun.of("kconfig", "diff", a.toString(), b.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("-B n\n-C m\n A y -> m\n+D y\n+E n\n");
  }

  @Test
  void diff_mergeStyleAndAbsentAsN() {
    assertThat(CommandLineRun.of("kconfig", "diff", "-m", a.toString(), b.toString()).out())
        .isEqualTo("CONFIG_A=m\nCONFIG_D=y\n# CONFIG_E is not set\n");
    assertThat(
            CommandLineRun.of("kconfig", "diff", "--absent-as-n", a.toString(), b.toString()).out())
        .isEqualTo(" A y -> m\n C m -> n\n D n -> y\n");
  }

  @Test
  void diff_jsonAndMarkdown() {
    assertThat(
            CommandLineRun.of("kconfig", "diff", "--format", "json", a.toString(), b.toString())
                .out())
        .startsWith(
            "{\n  \"removed\": [\n    {\n      \"symbol\": \"B\",\n      \"before\": \"n\"");
    assertThat(
            CommandLineRun.of("kconfig", "diff", "--format", "markdown", a.toString(), b.toString())
                .out())
        .startsWith("| change | symbol | before | after |\n");
  }

  @Test
  void merge_writesTheMergedConfigAndReportsRedefinitions() throws IOException {
    Path fragment = Files.writeString(temp.resolve("f.config"), "CONFIG_C=y\n");
    Path out = temp.resolve("merged.config");
    CommandLineRun run =
        CommandLineRun.of(
            "kconfig", "merge", a.toString(), fragment.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(out))
        .isEqualTo("CONFIG_A=y\n# CONFIG_B is not set\n\nCONFIG_C=y\n");
    assertThat(run.err())
        .isEqualTo(
            "Value of CONFIG_C is redefined by fragment "
                + fragment
                + ":\nPrevious value: CONFIG_C=m\nNew value: CONFIG_C=y\n\n");
  }

  @Test
  void merge_stockBaseAndFragmentsByName() {
    CommandLineRun run =
        CommandLineRun.of("kconfig", "merge", "debian-6.1", "serial-console", "va-48bit");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("CONFIG_X86_64=y\n").endsWith("CONFIG_ARM64_VA_BITS_48=y\n");
  }

  @Test
  void badInput_exits2WithOneLine_andWritesNothing() throws IOException {
    Path out = temp.resolve("out.config");
    Path badFragment = Files.writeString(temp.resolve("bad.config"), "CONFIG_A=y\nCONFIG_B y\n");
    String missing = temp.resolve("missing.config").toString();
    Map<List<String>, String> cases = new LinkedHashMap<>();
    cases.put(List.of("diff", missing, b.toString()), "does not exist");
    cases.put(generate(out, "--base", missing), "does not exist");
    cases.put(
        generate(out, "--fragment", badFragment.toString()),
        "bad.config:2: 'CONFIG_B y' is not a config line");
    cases.put(
        generate(out, "--arch", "riscv64"), "unknown architecture 'riscv64'; use arm64 or amd64");
    cases.put(
        generate(out),
        "is not a kernel source tree (no Makefile, Kconfig and scripts/kconfig/conf.c); give the"
            + " top directory of an unpacked linux tree, or leave --source out to fetch Debian's"
            + " linux-source package");
    cases.put(generate(out, "--fragment", "serial"), "no stock fragment 'serial' for arm64");
    cases.put(generate(temp.resolve("no/dir/out")), "does not exist; create it first");
    cases.put(generate(out, "--profile", "base"), "profile base has no kernel: section");
    cases.put(
        List.of("explain", "--source", notATree().toString(), "--config", a.toString(), "A"),
        "is not a kernel source tree");
    cases.put(
        List.of("diff", "--format", "yaml", a.toString(), b.toString()), "unknown format 'yaml'");
    cases.put(
        List.of("merge", a.toString(), badFragment.toString()),
        "'CONFIG_B y' is not a config line");
    cases.forEach(
        (arguments, expected) -> {
          List<String> command = new ArrayList<>(List.of("kconfig"));
          command.addAll(arguments);
          CommandLineRun run = CommandLineRun.of(command.toArray(String[]::new));
          assertThat(run.exitCode()).as(command + "\n" + run.err()).isEqualTo(2);
          assertThat(run.errLines())
              .as(command.toString())
              .singleElement()
              .asString()
              .contains(expected);
          assertThat(out).doesNotExist();
        });
  }

  /**
   * {@code generate} with these options, a directory that is no kernel tree, and {@code -o out}.
   */
  private List<String> generate(Path out, String... options) throws IOException {
    List<String> command = new ArrayList<>(List.of("generate"));
    command.addAll(List.of(options));
    command.addAll(List.of("--source", notATree().toString(), "-o", out.toString()));
    return command;
  }

  private Path notATree() throws IOException {
    return Files.createDirectories(temp.resolve("not-a-tree"));
  }

  @Test
  void help_ofEverySubcommand_answersWhatItDoes() {
    assertThat(CommandLineRun.of("kconfig", "generate", "--help").out())
        .contains("make ARCH=", "--fragment", "--source", "--report", "Exit codes:");
    assertThat(CommandLineRun.of("kconfig", "diff", "--help").out())
        .contains("scripts/diffconfig", "--absent-as-n", "--format");
    assertThat(CommandLineRun.of("kconfig", "explain", "--help").out()).contains("SYMBOL[=VALUE]");
    assertThat(CommandLineRun.of("kconfig", "merge", "--help").out())
        .contains("merge_config.sh -m");
    assertThat(CommandLineRun.of("kconfig").out()).contains("generate", "diff", "explain", "merge");
  }
}
