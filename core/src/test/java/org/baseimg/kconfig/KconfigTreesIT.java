package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.baseimg.testing.KernelSourceTree;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile Kconfig trees read by {@link Kconfig} and by kconfig itself, built from Debian's Linux
 * 6.1 tree: where conf reports an error, the reader refuses the tree at the same file and line;
 * where conf reads it (CRLF), so does the reader.
 */
class KconfigTreesIT {
  @TempDir static Path work;
  private static Path conf;

  @BeforeAll
  static void buildConf() throws Exception {
    Path source = KernelSourceTree.linux61().resolve("scripts/kconfig");
    Path build = Files.createDirectories(work.resolve("kconfig"));
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, build.resolve(file.getFileName()));
      }
    }
    NativeTools.run(List.of("flex", "-o", "lexer.lex.c", "lexer.l"), build);
    NativeTools.run(List.of("bison", "-t", "-d", "-o", "parser.tab.c", "parser.y"), build);
    NativeTools.run(
        List.of(
            "gcc",
            "-O1",
            "-I.",
            "-o",
            "conf",
            "conf.c",
            "confdata.c",
            "expr.c",
            "lexer.lex.c",
            "menu.c",
            "parser.tab.c",
            "preprocess.c",
            "symbol.c",
            "util.c"),
        build);
    conf = build.resolve("conf");
  }

  /** conf's exit code and what it said, run on the tree at {@code tree}. */
  private static String[] kconfig(Path tree) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(conf.toString(), "--olddefconfig", "Kconfig")
            .directory(tree.toFile())
            .redirectErrorStream(true);
    builder.environment().put("KCONFIG_CONFIG", tree.resolve(".config").toString());
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new String[] {Integer.toString(process.waitFor()), output};
  }

  private static String ours(Path tree) {
    KconfigSyntaxException e =
        catchThrowableOfType(
            KconfigSyntaxException.class, () -> Kconfig.read(tree, "arm64", Map.of()));
    assertThat(e).as("the reader refuses %s", tree).isNotNull();
    return e.getMessage();
  }

  private static Path tree(String name, String... files) throws IOException {
    Path tree = Files.createDirectories(work.resolve(name));
    Files.createDirectories(tree.resolve("arch/arm64"));
    for (int i = 0; i < files.length; i += 2) {
      Files.writeString(tree.resolve(files[i]), files[i + 1]);
    }
    return tree;
  }

  @Test
  void fileThatSourcesItself_refusedLikeKconfig() throws Exception {
    Path tree = tree("self", "Kconfig", "source \"Kconfig\"\n");
    String[] kconfig = kconfig(tree);
    assertThat(kconfig[0]).isNotEqualTo("0");
    assertThat(kconfig[1]).contains("Recursive inclusion detected", "included from: Kconfig:1");
    assertThat(ours(tree))
        .isEqualTo("Kconfig:1: recursive inclusion detected: Kconfig:1 -> Kconfig");
  }

  @Test
  void filesSourcingEachOther_refusedLikeKconfig() throws Exception {
    Path tree =
        tree("mutual", "Kconfig", "source \"a\"\n", "a", "config A\n\tbool\nsource \"Kconfig\"\n");
    String[] kconfig = kconfig(tree);
    assertThat(kconfig[0]).isNotEqualTo("0");
    assertThat(kconfig[1]).contains("included from: a:3", "included from: Kconfig:1");
    assertThat(ours(tree))
        .isEqualTo("a:3: recursive inclusion detected: Kconfig:1 -> a:3 -> Kconfig");
  }

  @Test
  void recursiveVariable_refusedWithKconfigsMessage() throws Exception {
    Path tree = tree("variable", "Kconfig", "X = $(X)\nconfig $(X)A\n\tbool\n");
    String[] kconfig = kconfig(tree);
    assertThat(kconfig[0]).isNotEqualTo("0");
    String message = "Kconfig:2: Recursive variable 'X' references itself (eventually)";
    assertThat(kconfig[1].strip()).isEqualTo(message);
    assertThat(ours(tree)).isEqualTo(message);
  }

  @Test
  void twentyThousandNestedParentheses_kconfigGivesUpAndSoDoesTheReader() throws Exception {
    String depends = "(".repeat(20_000) + "B" + ")".repeat(20_000);
    Path tree =
        tree(
            "parens",
            "Kconfig",
            "config A\n\tbool \"a\"\n\tdepends on " + depends + "\nconfig B\n\tbool\n");
    assertThat(kconfig(tree)[1]).contains("memory exhausted");
    assertThat(ours(tree)).isEqualTo("Kconfig:3: expression nested deeper than 1000 levels");
  }

  @Test
  void crlfKconfig_readByBoth_withTheSameValue() throws Exception {
    Path tree =
        tree(
            "crlf",
            "Kconfig",
            "config A\r\n\tbool \"a\"\r\n\tdefault y\r\n\thelp\r\n\t  text\r\n\r\n"
                + "config B\r\n\tbool \"b\"\r\n\tdepends on A\r\n\tdefault y\r\n");
    String[] kconfig = kconfig(tree);
    assertThat(kconfig[0]).as(kconfig[1]).isEqualTo("0");
    KernelConfig written = KernelConfig.read(tree.resolve(".config"));
    assertThat(written.values()).containsEntry("A", "y").containsEntry("B", "y");
    Kconfig ours = Kconfig.read(tree, "arm64", Map.of());
    assertThat(ours.defines("A")).isTrue();
    assertThat(ours.defines("B")).isTrue();
  }
}
