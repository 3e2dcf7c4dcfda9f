package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.baseimg.testing.KernelSourceTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kconfig generate and explain on Debian's Linux 6.1 tree, driven by a profile. */
class KconfigCommandIT {
  @TempDir Path temp;

  @Test
  void generate_fromAProfilesKernelSection_writesConfigAndReport() throws Exception {
    Path tree = KernelSourceTree.linux61();
    Path profile =
        Files.writeString(
            temp.resolve("kernel.yaml"),
            "extends: base-arm64\nname: kernel\nkernel:\n  base: debian-6.1\n"
                + "  fragments: [serial-console, perf, va-48bit]\n  source: "
                + tree
                + "\n");
    Path out = temp.resolve("arm64.config");
    Path report = temp.resolve("report.md");
    CommandLineRun run =
        CommandLineRun.of(
            "kconfig",
            "generate",
            "--profile",
            profile.toString(),
            "-o",
            out.toString(),
            "--report",
            report.toString(),
            "--cache",
            temp.resolve("cache").toString(),
            "--console",
            "plain");
    assertThat(run.exitCode()).as(run.err()).isZero();
    try (var kept = Files.list(temp.resolve("cache/objects"))) {
      assertThat(kept.map(path -> path.getFileName().toString()))
          .as("the O= directory is kept in the cache, with its lock")
          .anyMatch(name -> name.startsWith("linux-6.1.") && !name.endsWith(".lock"));
    }
    assertThat(Files.readString(out))
        .contains("CONFIG_ARM64_VA_BITS=48\n", "CONFIG_SERIAL_AMBA_PL011_CONSOLE=y\n");
    assertThat(run.out()).contains(out + ": ", "fragment values survived", "ARCH=arm64");
    assertThat(Files.readString(report))
        .contains(
            "## Same name, different meaning", "COMPAT_VDSO", "NODES_SHIFT=10", "ARM64_VA_BITS=48");

    CommandLineRun explain =
        CommandLineRun.of(
            "kconfig",
            "explain",
            "--source",
            tree.toString(),
            "--config",
            out.toString(),
            "SERIAL_MSM",
            "ARM64_VA_BITS=52",
            "CONFIG_SERIAL_AMBA_PL011=y");
    assertThat(explain.exitCode()).as(explain.err()).isZero();
    assertThat(explain.out())
        .contains("SERIAL_MSM is not in the config\n")
        .contains("why not y: SERIAL_MSM=y lost: depends on ARCH_QCOM || COMPILE_TEST, which is n")
        .contains("ARM64_VA_BITS=52: no prompt; set ARM64_VA_BITS_52=y\n")
        .contains("SERIAL_AMBA_PL011=y: " + out + " has it\n");
  }

  @Test
  void diff_groupedBySubsystem_namesTheKconfigFiles() throws Exception {
    Path tree = KernelSourceTree.linux61();
    Path a =
        Files.writeString(
            temp.resolve("a.config"), "CONFIG_SERIAL_AMBA_PL011=m\nCONFIG_NODES_SHIFT=10\n");
    Path b =
        Files.writeString(
            temp.resolve("b.config"),
            "CONFIG_SERIAL_AMBA_PL011=y\nCONFIG_NODES_SHIFT=4\nCONFIG_NOT_A_SYMBOL=y\n");
    CommandLineRun run =
        CommandLineRun.of(
            "kconfig", "diff", "--source", tree.toString(), a.toString(), b.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "# (not defined for arm64)\n+NOT_A_SYMBOL y\n\n# arch/arm64/Kconfig\n NODES_SHIFT 10 -> 4\n\n"
                + "# drivers/tty/serial/Kconfig\n SERIAL_AMBA_PL011 m -> y\n");
  }
}
