package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.baseimg.BadInputException;
import org.baseimg.image.Architecture;
import org.junit.jupiter.api.Test;

class StockConfigsTest {
  /** The kernel-configs module's folder, where people edit the stock data. */
  private static final Path MODULE = Path.of("..", "kernel-configs");

  @Test
  void everyFileOfTheModule_isListed_andParses() throws Exception {
    List<String> listed = new ArrayList<>();
    StockConfigs.BASES.forEach(
        (name, arch) -> listed.add(arch.debianName() + "/" + name + ".config"));
    StockConfigs.FRAGMENTS.forEach(
        (arch, names) ->
            names.forEach(name -> listed.add(arch.debianName() + "/" + name + ".config")));
    List<String> files;
    try (Stream<Path> walk = Files.walk(MODULE)) {
      files =
          walk.filter(path -> path.toString().endsWith(".config"))
              .filter(path -> !path.startsWith(MODULE.resolve("target")))
              .map(path -> MODULE.relativize(path).toString())
              .sorted()
              .toList();
    }
    assertThat(files).containsExactlyInAnyOrderElementsOf(listed);
    for (String name : StockConfigs.BASES.keySet()) {
      assertThat(StockConfigs.base(name).values()).containsEntry("X86_64", "y");
    }
    for (String name : StockConfigs.FRAGMENTS.get(Architecture.ARM64)) {
      assertThat(StockConfigs.fragment(name, Architecture.ARM64).settings()).isNotEmpty();
    }
  }

  @Test
  void va48bit_setsTheChoiceMember_notTheDerivedNumber() throws Exception {
    KernelConfig fragment = StockConfigs.fragment("va-48bit", Architecture.ARM64);
    assertThat(fragment.values()).containsOnlyKeys("ARM64_VA_BITS_48");
  }

  @Test
  void unknownName_listsTheStockOnes() {
    assertThatThrownBy(() -> StockConfigs.fragment("serial", Architecture.ARM64))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "no stock fragment 'serial' for arm64 (stock: serial-console, qcom, perf, va-48bit);"
                + " for a file, write ./serial.config or a path");
    assertThatThrownBy(() -> StockConfigs.base("debian-5.10"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("stock: debian-6.1");
  }

  @Test
  void aNameWithASlashOrSuffix_isAFile() {
    assertThat(StockConfigs.isFile("./perf")).isTrue();
    assertThat(StockConfigs.isFile("perf.config")).isTrue();
    assertThat(StockConfigs.isFile("perf")).isFalse();
  }
}
