package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baseimg.testing.KernelSourceTree;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configs written on Windows or holding odd characters, read by {@link KernelConfig} and by the
 * kernel's own scripts/diffconfig (Debian's Linux 6.1 tree): both see the same values.
 */
class KconfigScriptsIT {
  @TempDir Path work;

  private String diffconfig(Path a, Path b) throws Exception {
    Path script = KernelSourceTree.linux61().resolve("scripts/diffconfig");
    return NativeTools.run(List.of("python3", script.toString(), a.toString(), b.toString()))
        .stdout();
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(work.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void diff_crlfConfigs_equalsDiffconfig() throws Exception {
    Path a =
        write(
            "a.config",
            "# c\r\nCONFIG_A=y\r\n# CONFIG_B is not set\r\nCONFIG_C=m\r\nCONFIG_S=\"x y\"\r\n");
    Path b = write("b.config", "CONFIG_A=m\r\nCONFIG_D=y\r\nCONFIG_S=\"x z\"\r\n\r\n");
    ConfigDiff diff = ConfigDiff.between(KernelConfig.read(a), KernelConfig.read(b), false);
    assertThat(diff.diffconfig()).isEqualTo(diffconfig(a, b)).contains("A y -> m");
  }

  @Test
  void diff_lineAndParagraphSeparatorsInStrings_equalsDiffconfig() throws Exception {
    Path a = write("a.config", "CONFIG_S=\"x\u2028y\"\nCONFIG_T=\"p\u2029q\u0085r\"\n");
    Path b = write("b.config", "CONFIG_S=\"x\u2028z\"\nCONFIG_T=\"p\u2029q\u0085r\"\n");
    ConfigDiff diff = ConfigDiff.between(KernelConfig.read(a), KernelConfig.read(b), false);
    assertThat(diff.diffconfig()).isEqualTo(diffconfig(a, b)).contains("\u2028");
  }
}
