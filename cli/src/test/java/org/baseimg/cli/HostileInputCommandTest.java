package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile configs, Kconfig trees and profiles of issue 14 through the command line: exit 2 and
 * one line naming the file (and line), never an exception's name or a stack trace; and the odd but
 * valid inputs (CRLF, U+2028) read as the kernel's scripts read them.
 */
class HostileInputCommandTest {
  @TempDir Path temp;

  private static void assertBadInput(CommandLineRun run, String expected) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains(expected);
    assertThat(run.err()).doesNotContain("Exception", "Error", "null");
  }

  private Path config(String name, String text) throws IOException {
    return Files.writeString(temp.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void kconfigDiff_crlfConfigs_giveWhatDiffconfigGives() throws IOException {
    Path a = config("a.config", "CONFIG_A=y\r\n# CONFIG_B is not set\r\nCONFIG_C=m\r\n");
    Path b = config("b.config", "CONFIG_A=m\r\nCONFIG_D=y\r\n# CONFIG_E is not set\r\n");
    CommandLineRun run = CommandLineRun.of("kconfig", "diff", a.toString(), b.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("-B n\n-C m\n A y -> m\n+D y\n+E n\n");
  }

  @Test
  void kconfigDiff_lineSeparatorInsideAString_isPartOfTheValue() throws IOException {
    Path a = config("a.config", "CONFIG_S=\"x\"\n");
    Path b = config("b.config", "CONFIG_S=\"x\u2028y\"\n");
    CommandLineRun run = CommandLineRun.of("kconfig", "diff", a.toString(), b.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith(" S \"x\" -> \"x").endsWith("y\"\n");
  }

  @Test
  void kconfigMerge_crlfFragment_mergesAsTheSameFragmentWithLf() throws IOException {
    Path base = config("base.config", "CONFIG_A=y\n");
    String[] merged = new String[2];
    String[] endings = {"\n", "\r\n"};
    for (int i = 0; i < 2; i++) {
      Path fragment =
          config("f" + i + ".config", "CONFIG_B=y" + endings[i] + "CONFIG_A=m" + endings[i]);
      Path out = temp.resolve("out" + i + ".config");
      CommandLineRun run =
          CommandLineRun.of(
              "kconfig", "merge", base.toString(), fragment.toString(), "-o", out.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      merged[i] = Files.readString(out);
    }
    assertThat(merged[1]).isEqualTo(merged[0]).contains("CONFIG_A=m\n").doesNotContain("\r");
  }

  @Test
  void kconfigDiff_devZero_exits2WithOneLine() throws IOException {
    Path b = config("b.config", "CONFIG_A=y\n");
    assertBadInput(
        CommandLineRun.of("kconfig", "diff", "/dev/zero", b.toString()),
        "/dev/zero: is larger than 16 MiB");
  }

  @Test
  void kconfigDiff_fileOfThreeGibibytes_exits2WithOneLine() throws IOException {
    Path huge = temp.resolve("huge.config");
    try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
      sparse.setLength(3L << 30);
    }
    Path b = config("b.config", "CONFIG_A=y\n");
    assertBadInput(
        CommandLineRun.of("kconfig", "diff", huge.toString(), b.toString()),
        "huge.config: is larger than 16 MiB");
  }

  @Test
  void kconfigDiff_binaryFile_exits2WithOneLine() throws IOException {
    Path binary = temp.resolve("bin.config");
    Files.write(binary, new byte[] {'C', 'O', 'N', 'F', 0, 1, 2, (byte) 0xff});
    Path b = config("b.config", "CONFIG_A=y\n");
    assertBadInput(
        CommandLineRun.of("kconfig", "diff", binary.toString(), b.toString()),
        "bin.config:1: holds a NUL byte at offset 4");
  }

  @Test
  void kconfigDiff_badLineWithAnEscapeSequence_isEscapedInTheMessage() throws IOException {
    Path bad = config("bad.config", "\u001b[2J\n");
    Path b = config("b.config", "CONFIG_A=y\n");
    CommandLineRun run = CommandLineRun.of("kconfig", "diff", bad.toString(), b.toString());
    assertBadInput(run, "bad.config:1: '\\x1b[2J' is not a config line");
    assertThat(run.err()).doesNotContain("\u001b");
  }

  /** A directory that passes for a kernel tree with this top Kconfig and these other files. */
  private Path tree(String kconfig, String... others) throws IOException {
    Path tree = Files.createDirectories(temp.resolve("tree"));
    Files.createDirectories(tree.resolve("scripts/kconfig"));
    Files.createDirectories(tree.resolve("arch/arm64"));
    Files.writeString(tree.resolve("scripts/kconfig/conf.c"), "");
    Files.writeString(tree.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 1\n");
    Files.writeString(tree.resolve("Kconfig"), kconfig);
    for (int i = 0; i < others.length; i += 2) {
      Files.writeString(tree.resolve(others[i]), others[i + 1]);
    }
    return tree;
  }

  private CommandLineRun explain(Path tree) throws IOException {
    Path config = config("explain.config", "CONFIG_A=y\n");
    return CommandLineRun.of(
        "kconfig", "explain", "--source", tree.toString(), "--config", config.toString(), "A");
  }

  @Test
  void kconfigExplain_fileThatSourcesItself_exits2AsKconfigReportsIt() throws IOException {
    assertBadInput(
        explain(tree("source \"Kconfig\"\n")),
        "Kconfig:1: recursive inclusion detected: Kconfig:1 -> Kconfig");
  }

  @Test
  void kconfigExplain_filesSourcingEachOther_exits2AsKconfigReportsIt() throws IOException {
    assertBadInput(
        explain(tree("source \"a\"\n", "a", "config A\n\tbool\nsource \"Kconfig\"\n")),
        "a:3: recursive inclusion detected: Kconfig:1 -> a:3 -> Kconfig");
  }

  @Test
  void kconfigExplain_recursiveVariable_exits2AsKconfigReportsIt() throws IOException {
    assertBadInput(
        explain(tree("X = $(X)\nconfig $(X)A\n\tbool\n")),
        "Kconfig:2: Recursive variable 'X' references itself (eventually)");
  }

  @Test
  void kconfigExplain_twentyThousandNestedParentheses_exits2() throws IOException {
    String depends = "(".repeat(20_000) + "B" + ")".repeat(20_000);
    assertBadInput(
        explain(tree("config A\n\tbool \"a\"\n\tdepends on " + depends + "\nconfig B\n\tbool\n")),
        "Kconfig:3: expression nested deeper than 1000 levels");
  }

  @Test
  void kconfigExplain_sourcedDevZero_exits2() throws IOException {
    Path tree = tree("source \"zero\"\n");
    Files.createSymbolicLink(tree.resolve("zero"), Path.of("/dev/zero"));
    assertBadInput(explain(tree), "Kconfig:1: zero is larger than 16 MiB");
  }

  @Test
  void kconfigExplain_crlfKconfig_explains() throws IOException {
    CommandLineRun run =
        explain(tree("config A\r\n\tbool \"a\"\r\n\tdefault y\r\n\thelp\r\n\t  text\r\n"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("A=y\n  bool \"a\" at Kconfig:1\n");
  }

  private Path profile(String yaml) throws IOException {
    return Files.writeString(temp.resolve("p.yaml"), yaml);
  }

  /** {@code profile validate} and {@code build} refuse it the same way, before any work. */
  private void assertRefusedByValidateAndBuild(Path profile, String expected) {
    assertBadInput(CommandLineRun.of("profile", "validate", profile.toString()), expected);
    Path out = temp.resolve("out");
    assertBadInput(
        CommandLineRun.of(
            "build", profile.toString(), "--environment", "host", "-o", out.toString()),
        expected);
    assertThat(out).doesNotExist();
  }

  @Test
  void profile_filesSourceDevZero_refusedByValidateAndBuild() throws IOException {
    assertRefusedByValidateAndBuild(
        profile("extends: base\nfiles:\n  - source: /dev/zero\n    destination: /etc/x\n"),
        "files[0].source: /dev/zero is a character device");
  }

  @Test
  void profile_filesDestinationRoot_refusedByValidateAndBuild() throws IOException {
    Files.writeString(temp.resolve("motd"), "hi\n");
    assertRefusedByValidateAndBuild(
        profile("extends: base\nfiles:\n  - source: motd\n    destination: /\n"),
        "files[0].destination: is the image's root");
  }

  @Test
  void profile_levelOfTwoToTheSixtyThird_refusedByValidateAndBuild() throws IOException {
    assertRefusedByValidateAndBuild(
        profile("extends: base\noutput:\n  compression: zstd\n  level: 9223372036854775808\n"),
        "output.level: 9223372036854775808 is out of range 0..22");
  }

  @Test
  void profile_undefinedAlias_refusedByValidateAndBuild() throws IOException {
    assertRefusedByValidateAndBuild(
        profile("extends: base\ndescription: *nope\n"), "uses the alias *nope");
  }

  @Test
  void profile_largerThanTheLimit_refusedByValidateAndBuild() throws IOException {
    Path huge = temp.resolve("huge.yaml");
    try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
      sparse.setLength(3L << 30);
    }
    assertRefusedByValidateAndBuild(huge, "is larger than 1024 KiB");
  }

  @Test
  void profile_utf16WithByteOrderMark_validates() throws IOException {
    Path file = temp.resolve("utf16.yaml");
    Files.write(file, "\uFEFFextends: base\n".getBytes(StandardCharsets.UTF_16LE));
    CommandLineRun run = CommandLineRun.of("profile", "validate", file.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
  }
}
