package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.baseimg.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelConfigTest {
  @TempDir Path directory;

  @Test
  void read_valuesNotSetAndComments_roundTripByteForByte() throws Exception {
    for (String name : new String[] {"a.config", "b.config", "no-newline.config"}) {
      KernelConfig config = TestConfigs.config(name);
      assertThat(config.text()).isEqualTo(TestConfigs.text(name));
    }
  }

  @Test
  void values_laterLineWins_notSetIsN_keepQuotes() throws Exception {
    KernelConfig config = TestConfigs.config("a.config");
    assertThat(config.value("DUPLICATE")).contains("y");
    assertThat(config.value("PRINTK_TIME")).contains("n");
    assertThat(config.value("CC_VERSION_TEXT")).contains("\"gcc-12 (Debian 12.2.0-14) 12.2.0\"");
    assertThat(config.value("NOT_THERE")).isEmpty();
    assertThat(config.settings()).hasSize(11);
    assertThat(config.lines().get(0)).isInstanceOf(ConfigLine.Comment.class);
  }

  @Test
  void write_thenRead_givesTheSameText() throws Exception {
    KernelConfig config = TestConfigs.config("no-newline.config");
    Path out = directory.resolve("out.config");
    config.write(out);
    assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(config.text());
    try (var listing = Files.list(directory)) {
      assertThat(listing).containsExactly(out);
    }
  }

  @Test
  void of_settings_writesTheKernelsLines() {
    KernelConfig config =
        KernelConfig.of(
            "made",
            java.util.List.of(ConfigLine.Setting.of("A", "y"), ConfigLine.Setting.of("B", "n")));
    assertThat(config.text()).isEqualTo("CONFIG_A=y\n# CONFIG_B is not set\n");
  }

  @Test
  void parse_lineThatIsNotAConfigLine_failsWithFileLineAndText() {
    assertThatThrownBy(() -> KernelConfig.parse("CONFIG_A=y\n\nCONFIG_B y\n", "frag.config"))
        .isInstanceOfSatisfying(
            ConfigFormatException.class,
            e -> {
              assertThat(e.file()).isEqualTo("frag.config");
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.text()).isEqualTo("CONFIG_B y");
              assertThat(e.getMessage())
                  .startsWith("frag.config:3: 'CONFIG_B y' is not a config line");
            });
    assertThatThrownBy(() -> KernelConfig.parse("  CONFIG_A=y\n", "indented"))
        .isInstanceOf(ConfigFormatException.class);
  }

  @Test
  void read_missingFileOrDirectory_isBadInput() {
    assertThatThrownBy(() -> KernelConfig.read(directory.resolve("missing.config")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> KernelConfig.read(directory))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a directory");
  }

  @Test
  void write_intoMissingDirectory_isBadInputAndWritesNothing() throws Exception {
    KernelConfig config = TestConfigs.config("b.config");
    assertThatThrownBy(() -> config.write(directory.resolve("no/such/dir/out.config")))
        .isInstanceOf(BadInputException.class);
  }

  @Test
  void read_crlfLines_giveTheValuesTheKernelReads() throws Exception {
    Path file = directory.resolve("crlf.config");
    Files.writeString(
        file, "# c\r\nCONFIG_A=y\r\nCONFIG_S=\"x y\"\r\n# CONFIG_B is not set\r\n\r\n");
    KernelConfig config = KernelConfig.read(file);
    assertThat(config.values())
        .containsExactly(entry("A", "y"), entry("S", "\"x y\""), entry("B", "n"));
    assertThat(config.text())
        .isEqualTo("# c\nCONFIG_A=y\nCONFIG_S=\"x y\"\n# CONFIG_B is not set\n\n");
  }

  @Test
  void read_lineSeparatorsAndStrayCarriageReturnInsideAValue_belongToTheValue() throws Exception {
    Path file = directory.resolve("u2028.config");
    Files.writeString(file, "CONFIG_S=\"a\u2028b\u2029c\u0085d\re\"\n", StandardCharsets.UTF_8);
    assertThat(KernelConfig.read(file).value("S")).contains("\"a\u2028b\u2029c\u0085d\re\"");
  }

  @Test
  void read_fileOfThreeGibibytes_isRefusedBeforeReading() throws Exception {
    Path file = directory.resolve("huge.config");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(3L << 30);
    }
    assertThatThrownBy(() -> KernelConfig.read(file))
        .isInstanceOf(ConfigFormatException.class)
        .hasMessage(file + ": is larger than 16 MiB; this is not a kernel text file");
  }

  @Test
  void read_devZero_isRefusedAfterTheLimit() {
    assertThatThrownBy(() -> KernelConfig.read(Path.of("/dev/zero")))
        .isInstanceOf(ConfigFormatException.class)
        .hasMessage("/dev/zero: is larger than 16 MiB; this is not a kernel text file");
  }

  @Test
  void read_nulByte_isRefusedAsBinary() throws Exception {
    Path file = directory.resolve("nul.config");
    Files.write(file, "CONFIG_A=y\nCONFIG_B=\0\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> KernelConfig.read(file))
        .isInstanceOf(ConfigFormatException.class)
        .hasMessage(file + ":2: holds a NUL byte at offset 20; binary data, not text");
  }

  @Test
  void read_bytesThatAreNotUtf8_areRefused() throws Exception {
    Path file = directory.resolve("latin1.config");
    Files.write(file, new byte[] {'C', 'O', 'N', 'F', 'I', 'G', '_', 'A', '=', (byte) 0xe9, '\n'});
    assertThatThrownBy(() -> KernelConfig.read(file))
        .isInstanceOf(ConfigFormatException.class)
        .hasMessage(file + ":1: has bytes that are not UTF-8 at offset 9; binary data?");
  }

  @Test
  void parse_lineLongerThanTheLimit_isRefusedWithAShortMessage() {
    String text = "CONFIG_A=y\nCONFIG_B=" + "x".repeat(2 << 20) + "\n";
    assertThatThrownBy(() -> KernelConfig.parse(text, "long.config"))
        .isInstanceOf(ConfigFormatException.class)
        .hasMessage("long.config:2: line is longer than 1048576 characters");
  }

  @Test
  void parse_badLongLine_isQuotedShortInTheMessage() {
    assertThatThrownBy(() -> KernelConfig.parse("x".repeat(10_000) + "\n", "bad.config"))
        .isInstanceOf(ConfigFormatException.class)
        .hasMessageStartingWith("bad.config:1: '" + "x".repeat(77) + "...' is not a config line");
  }
}
