package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
