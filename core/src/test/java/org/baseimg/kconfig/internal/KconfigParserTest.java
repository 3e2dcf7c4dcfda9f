package org.baseimg.kconfig.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.baseimg.kconfig.KconfigSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statement parser on trees kconfig rejects: where the kernel stops with a message, so does the
 * reader, with the file and line, instead of a {@link StackOverflowError}. The deeply nested files
 * are written here rather than kept under src/test/resources: they are thousands of parentheses.
 */
class KconfigParserTest {
  @TempDir Path temp;

  private static Path resource(String name) {
    try {
      return Path.of(KconfigParserTest.class.getResource("/kconfig/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path tree(String kconfig) throws IOException {
    Files.writeString(temp.resolve("Kconfig"), kconfig);
    return temp;
  }

  private static KconfigSyntaxException failure(Path tree) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> KconfigParser.read(tree, Map.of()));
    assertThat(thrown).isInstanceOf(KconfigSyntaxException.class);
    return (KconfigSyntaxException) thrown;
  }

  @Test
  void read_fileThatSourcesItself_isRecursiveInclusion() {
    KconfigSyntaxException e = failure(resource("recursive/self"));
    assertThat(e.getMessage())
        .isEqualTo("Kconfig:5: recursive inclusion detected: Kconfig:5 -> Kconfig");
    assertThat(e.file()).isEqualTo("Kconfig");
    assertThat(e.line()).isEqualTo(5);
  }

  @Test
  void read_filesSourcingEachOther_isRecursiveInclusion_withThePath() {
    assertThat(failure(resource("recursive/mutual")).getMessage())
        .isEqualTo(
            "b/Kconfig:4: recursive inclusion detected: a/Kconfig:1 -> b/Kconfig:4 -> a/Kconfig");
  }

  @Test
  void read_sourceWithANulInTheFileName_isRefusedAsBinaryWithFileAndLine() throws Exception {
    // Found by KconfigFuzzTest: the name reached Path.of, which threw InvalidPathException; a NUL
    // now stops the file being read as text before any statement is parsed.
    KconfigSyntaxException e = failure(tree("config A\n\tbool\n\nsource \"b/Kco\0nfig\"\n"));
    assertThat(e.file()).isEqualTo("Kconfig");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.getMessage()).contains("NUL byte").contains("binary data");
  }

  @Test
  void read_sameFileSourcedTwiceOneAfterTheOther_isFine() throws Exception {
    Files.writeString(Files.createDirectories(temp.resolve("a")).resolve("Kconfig"), "config A\n");
    KconfigModel model =
        KconfigParser.read(tree("source \"a/Kconfig\"\nsource \"./a/Kconfig\"\n"), Map.of());
    assertThat(model.definitions("A")).hasSize(2);
  }

  @Test
  void read_recursiveVariableThatReferencesItself_failsWhereItIsUsed() {
    assertThat(failure(resource("recursive/variable")).getMessage())
        .isEqualTo("Kconfig:7: Recursive variable 'A' references itself (eventually)");
  }

  @Test
  void read_absurdlyDeepExpression_isASyntaxErrorWithFileAndLine() throws Exception {
    String depends = "(".repeat(100_000) + "B" + ")".repeat(100_000);
    KconfigSyntaxException e =
        failure(tree("config A\n\tbool \"a\"\n\tdepends on " + depends + "\n"));
    assertThat(e.getMessage()).isEqualTo("Kconfig:3: expression nested deeper than 1000 levels");
    assertThat(failure(tree("config A\n\tdefault " + "!".repeat(100_000) + "B\n")).getMessage())
        .isEqualTo("Kconfig:2: expression nested deeper than 1000 levels");
  }

  @Test
  void read_absurdlyDeepReferences_isASyntaxError() throws Exception {
    String reference = "$(".repeat(10_000) + "X" + ")".repeat(10_000);
    assertThat(failure(tree("\nconfig A\n\tdefault \"" + reference + "\"\n")).getMessage())
        .isEqualTo("Kconfig:3: references nested deeper than 1000 levels");
  }

  @Test
  void read_absurdlyDeepBlocks_isASyntaxError() throws Exception {
    String blocks = "if A\n".repeat(100_000) + "endif\n".repeat(100_000);
    assertThat(failure(tree(blocks)).getMessage())
        .isEqualTo("Kconfig:1001: if, menu and choice blocks nested deeper than 1000 levels");
  }

  @Test
  void read_justBelowEveryLimit_reads() throws Exception {
    String depends = "(".repeat(999) + "B" + ")".repeat(999);
    String blocks =
        "if A\n".repeat(999) + "config C\n\tdepends on " + depends + "\n" + "endif\n".repeat(999);
    KconfigModel model = KconfigParser.read(tree(blocks), Map.of());
    assertThat(model.definitions("C"))
        .singleElement()
        .extracting(d -> d.depends)
        .isEqualTo(new Expr.Word("B"));
  }

  @Test
  void read_crlfLines_readAsKconfigReadsThem() throws Exception {
    // kconfig warns about each \r and ignores it; the help text still ends where it should.
    KconfigModel model =
        KconfigParser.read(
            tree(
                "config A\r\n\tbool \"a\"\r\n\tdefault y\r\n\thelp\r\n\t  text\r\n\r\n"
                    + "config B\r\n\tbool \"b\"\r\n\tdepends on A\r\n"),
            Map.of());
    assertThat(model.definitions("B"))
        .singleElement()
        .extracting(d -> d.depends)
        .isEqualTo(new Expr.Word("A"));
  }

  @Test
  void read_lineAndParagraphSeparatorsInAPromptAndAVariable_areOrdinaryCharacters()
      throws Exception {
    KconfigModel model =
        KconfigParser.read(
            tree("X := a\u2028b\nconfig A\n\tbool \"$(X)\u2029c\"\n\tdefault y\n"), Map.of());
    assertThat(model.definitions("A"))
        .singleElement()
        .extracting(d -> d.prompts.get(0).text())
        .isEqualTo("a\u2028b\u2029c");
  }

  @Test
  void read_variablesThatDoubleEachOther_areRefusedBeforeFillingTheHeap() throws Exception {
    StringBuilder kconfig = new StringBuilder("X0 := aaaaaaaaaa\n");
    for (int i = 1; i < 40; i++) {
      kconfig.append("X" + i + " = $(X" + (i - 1) + ")$(X" + (i - 1) + ")\n");
    }
    kconfig.append("config A\n\tbool \"$(X39)\"\n");
    assertThat(failure(tree(kconfig.toString())).getMessage())
        .isEqualTo("Kconfig:42: expands to more than 1048576 characters");
  }

  @Test
  void read_sourcedFileThatIsDevZero_isRefusedWithoutReadingItWhole() throws Exception {
    Files.createSymbolicLink(temp.resolve("zero"), Path.of("/dev/zero"));
    assertThat(failure(tree("source \"zero\"\n")).getMessage())
        .isEqualTo("Kconfig:1: zero is larger than 16 MiB; this is not a kernel text file");
  }

  @Test
  void read_binaryKconfig_isRefusedWithTheLine() throws Exception {
    assertThat(failure(tree("config A\n\tbool\n\0\n")).getMessage())
        .isEqualTo("Kconfig:3: holds a NUL byte at offset 15; binary data, not text");
  }

  @Test
  void read_fileSourcedOverAndOver_stopsAtTheTreeLimit() throws Exception {
    // Each file sources the next one ten times: 10^6 readings, no cycle.
    for (int i = 0; i < 6; i++) {
      String next = i == 5 ? "" : ("source \"k" + (i + 1) + "\"\n").repeat(10);
      Files.writeString(temp.resolve("k" + i), next + "# " + "x".repeat(10_000) + "\n");
    }
    assertThat(failure(tree("source \"k0\"\n")).getMessage())
        .endsWith(
            "the Kconfig files read so far hold more than 128 MiB; is a file sourced over"
                + " and over?");
  }
}
