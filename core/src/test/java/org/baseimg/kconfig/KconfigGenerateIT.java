package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baseimg.debian.DebPackage;
import org.baseimg.debian.DebianArchive;
import org.baseimg.debian.DebianMirror;
import org.baseimg.event.EventListener;
import org.baseimg.image.Architecture;
import org.baseimg.testing.KernelSourceTree;
import org.baseimg.testing.MinbaseTree;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * Carrying Debian's amd64 config to arm64 in Debian's Linux 6.1 tree, checked against the kernel's
 * own scripts run on the same inputs: {@code merge_config.sh -m}, {@code make olddefconfig} and
 * {@code diffconfig}.
 */
class KconfigGenerateIT {
  private static final Path FRAGMENTS = Path.of("..", "kernel-configs", "arm64");
  private static final List<String> ACCEPTANCE = List.of("serial-console", "perf", "va-48bit");

  @TempDir static Path work;

  private static KernelTree tree;
  private static Toolchain toolchain;
  private static KernelConfig base;
  private static Generation carried;

  @BeforeAll
  static void carryTheStockBase() throws Exception {
    tree = KernelTree.at(KernelSourceTree.linux61());
    toolchain = Toolchain.detect(Architecture.ARM64, Optional.empty(), EventListener.NONE);
    assertThat(toolchain.compatCrossCompile())
        .as("run-tests installs gcc-arm-linux-gnueabihf; COMPAT_VDSO depends on it")
        .isPresent();
    base = StockConfigs.base("debian-6.1");
    carried = generate(ACCEPTANCE);
  }

  private static Generation generate(List<String> fragments) throws Exception {
    List<KernelConfig> configs = new ArrayList<>();
    for (String name : fragments) {
      configs.add(StockConfigs.fragment(name, Architecture.ARM64));
    }
    return ConfigGenerator.create(tree, toolchain, EventListener.NONE).generate(base, configs);
  }

  @Test
  void stockBasePlusSerialPerfVa48_hasTheArm64Hardware() throws Exception {
    carried.requireAllSurvived();
    Map<String, String> values = carried.result().values();
    assertThat(values)
        .containsEntry("ARM64_VA_BITS", "48")
        .containsEntry("SERIAL_AMBA_PL011", "y")
        .containsEntry("SERIAL_AMBA_PL011_CONSOLE", "y")
        .containsKey("ARM_SPE_PMU");
    assertThat(values.get("ARM_SPE_PMU")).isIn("y", "m");
    assertThat(carried.kconfigWarnings())
        .anyMatch(line -> line.contains("symbol value 'm' invalid for KVM"));
  }

  @Test
  void qcomSerialWithoutTheQcomFragment_failsNamingArchQcomForEachLostSymbol() throws Exception {
    KernelConfig fragment =
        KernelConfig.read(TestConfigs.resource("fragments/qcom-serial-without-platform.config"));
    Generation generation =
        ConfigGenerator.create(tree, toolchain, EventListener.NONE)
            .generate(
                base,
                List.of(StockConfigs.fragment("serial-console", Architecture.ARM64), fragment));
    assertThat(generation.lost())
        .extracting(LostValue::symbol)
        .containsExactlyInAnyOrderElementsOf(fragment.values().keySet());
    assertThat(generation.lost())
        .allSatisfy(lost -> assertThat(lost.reason()).contains("ARCH_QCOM"));
    assertThat(generation.lost())
        .filteredOn(lost -> lost.symbol().equals("SERIAL_MSM"))
        .singleElement()
        .extracting(LostValue::reason)
        .isEqualTo(
            "SERIAL_MSM=y lost: depends on ARCH_QCOM || COMPILE_TEST, which is n (ARCH_QCOM=n,"
                + " COMPILE_TEST=n)");
    assertThatThrownBy(generation::requireAllSurvived)
        .isInstanceOf(FragmentValuesLostException.class)
        .hasMessageStartingWith("7 fragment values did not survive make olddefconfig");
  }

  @Test
  void generated_equalsCpMergeConfigAndMakeOlddefconfig() throws Exception {
    Path out = Files.createDirectories(work.resolve("plain"));
    Files.writeString(out.resolve(".config"), base.text(), StandardCharsets.UTF_8);
    List<String> merge =
        new ArrayList<>(
            List.of(
                "sh",
                tree.directory().resolve("scripts/kconfig/merge_config.sh").toString(),
                "-m",
                ".config"));
    for (String name : ACCEPTANCE) {
      merge.add(FRAGMENTS.resolve(name + ".config").toAbsolutePath().toString());
    }
    NativeTools.run(merge, out);
    assertThat(Files.readString(out.resolve(".config"), StandardCharsets.UTF_8))
        .as("the merged text, before make")
        .isEqualTo(mergedWithPaths(ACCEPTANCE));
    List<String> make = new ArrayList<>(List.of("make", "-C", tree.directory().toString()));
    make.addAll(toolchain.makeVariables());
    make.add("O=" + out);
    make.add("olddefconfig");
    NativeTools.run(make, out);
    assertThat(Files.readString(out.resolve(".config"), StandardCharsets.UTF_8))
        .isEqualTo(carried.result().text());
  }

  @Test
  void keptObjects_buildKconfigOnceAndGiveTheSameConfig() throws Exception {
    Path root = work.resolve("objects");
    List<KernelConfig> fragments = new ArrayList<>();
    for (String name : ACCEPTANCE) {
      fragments.add(StockConfigs.fragment(name, Architecture.ARM64));
    }
    ConfigGenerator generator =
        ConfigGenerator.create(tree, toolchain, EventListener.NONE).keepingObjectsIn(root);

    Generation first = generator.generate(base, fragments);
    Path conf;
    try (var kept = Files.list(root)) {
      conf =
          kept.filter(Files::isDirectory).findFirst().orElseThrow().resolve("scripts/kconfig/conf");
    }
    assertThat(conf).as("kconfig's conf, built in the kept directory").isRegularFile();
    var built = Files.getLastModifiedTime(conf);
    Generation second = generator.generate(base, fragments);

    assertThat(Files.getLastModifiedTime(conf)).as("conf was not built again").isEqualTo(built);
    assertThat(first.result().text()).isEqualTo(carried.result().text());
    assertThat(second.result().text()).isEqualTo(carried.result().text());
  }

  /** The merge with fragments named by path, as the script was given them. */
  private static String mergedWithPaths(List<String> names) throws Exception {
    List<KernelConfig> fragments = new ArrayList<>();
    for (String name : names) {
      fragments.add(KernelConfig.read(FRAGMENTS.resolve(name + ".config").toAbsolutePath()));
    }
    return FragmentMerge.apply(base, fragments).merged().text();
  }

  @Test
  void diff_equalsDiffconfigOnThreeRealPairs() throws Exception {
    KernelConfig withQcom =
        generate(List.of("serial-console", "perf", "va-48bit", "qcom"))
            .requireAllSurvived()
            .result();
    List<KernelConfig[]> pairs =
        List.of(
            new KernelConfig[] {base, carried.result()},
            new KernelConfig[] {carried.result(), debianArm64Config()},
            new KernelConfig[] {carried.result(), withQcom});
    int pair = 0;
    for (KernelConfig[] configs : pairs) {
      Path a = work.resolve("pair" + pair + "-a.config");
      Path b = work.resolve("pair" + ++pair + "-b.config");
      configs[0].write(a);
      configs[1].write(b);
      ConfigDiff diff = ConfigDiff.between(configs[0], configs[1], false);
      assertThat(diff.isEmpty()).isFalse();
      assertThat(diff.diffconfig()).isEqualTo(diffconfig(a, b, false));
      assertThat(diff.mergeStyle()).isEqualTo(diffconfig(a, b, true));
    }
  }

  private static String diffconfig(Path a, Path b, boolean mergeStyle) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("python3", tree.directory().resolve("scripts/diffconfig").toString()));
    if (mergeStyle) {
      command.add("-m");
    }
    command.add(a.toString());
    command.add(b.toString());
    return NativeTools.run(command).stdout();
  }

  @Test
  void kconfigReader_definesEverySymbolThatKconfigWrote() throws Exception {
    ConfigGenerator generator = ConfigGenerator.create(tree, toolchain, EventListener.NONE);
    Kconfig arm64 = generator.kconfig();
    assertThat(carried.result().values().keySet()).allMatch(arm64::defines);
    // Not Debian's arm64 config: the mirror's may be of another 6.1 release, with symbols this
    // tree no longer has (6.1.176 still had BT_HS).
    Kconfig x86 = Kconfig.read(tree.directory(), "x86", Map.of("ARCH", "x86"));
    assertThat(base.values().keySet()).allMatch(x86::defines);
  }

  @Test
  void report_namesWhatChangedBeyondTheFragments() throws Exception {
    ConfigGenerator generator = ConfigGenerator.create(tree, toolchain, EventListener.NONE);
    Kconfig x86 = Kconfig.read(tree.directory(), "x86", Map.of("ARCH", "x86"));
    CarryForwardReport report = CarryForwardReport.of(base, carried, x86, generator.kconfig());
    assertThat(report.meaningDiffers()).anyMatch(line -> line.startsWith("COMPAT_VDSO=n: on x86"));
    assertThat(report.fixedDefaults())
        .anyMatch(line -> line.startsWith("NODES_SHIFT=10: x86's default"))
        .anyMatch(line -> line.startsWith("ARCH_MMAP_RND_BITS=28: x86's default"));
    assertThat(report.reset())
        .anyMatch(line -> line.startsWith("KVM=m lost: KVM is bool on arm64"));
    assertThat(report.dropped()).anyMatch(line -> line.startsWith("X86_64=y"));
    assertThat(report.virtualAddressBits()).contains("ARM64_VA_BITS=48 (from a fragment)");
  }

  /** Debian's own arm64 config, from linux-config-6.1 for arm64, fetched and checked once. */
  private static KernelConfig debianArm64Config() throws Exception {
    Path cache = MinbaseTree.cacheDirectory().resolve("kernel-configs");
    Path config = cache.resolve("config.arm64_none_arm64");
    if (!Files.isRegularFile(config)) {
      Files.createDirectories(cache);
      DebPackage deb =
          DebianArchive.create(DebianMirror.fromHost(), cache, EventListener.NONE)
              .downloadPackage("bookworm", "arm64", "linux-config-6.1");
      Path xz =
          deb.extract(
              "usr/src/linux-config-6.1/config.arm64_none_arm64.xz", cache.resolve("config.xz"));
      try (InputStream in = new XZInputStream(Files.newInputStream(xz))) {
        Files.write(config, in.readAllBytes());
      }
    }
    return KernelConfig.read(config);
  }
}
