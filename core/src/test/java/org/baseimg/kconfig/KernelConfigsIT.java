package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.testing.KernelSourceTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade on Debian's Linux 6.1 tree, as a kernel build calls it: a profile's base, fragments
 * and source in, the config and the toolchain that made it out.
 */
class KernelConfigsIT {
  @TempDir static Path temp;

  private static final List<Event> events = new ArrayList<>();
  private static final KernelConfigs configs = KernelConfigs.create(events::add);
  private static CarriedForward carried;

  private static CarryForward.Builder request() {
    return CarryForward.builder()
        .fragments(List.of("serial-console", "perf", "va-48bit"))
        .source(KernelSourceTree.linux61())
        .cacheDirectory(temp.resolve("cache"));
  }

  @BeforeAll
  static void carryForward() throws Exception {
    carried = configs.carryForward(request().build());
  }

  @Test
  void carryForward_givesTheConfigItsToolchainAndAReport() throws Exception {
    assertThat(carried.config().values())
        .containsEntry("ARM64_VA_BITS", "48")
        .containsEntry("SERIAL_AMBA_PL011_CONSOLE", "y");
    assertThat(carried.toolchain().crossCompile()).isEqualTo("aarch64-linux-gnu-");
    assertThat(carried.toolchain().makeVariables()).contains("ARCH=arm64");
    assertThat(carried.tree().series()).isEqualTo("6.1");
    assertThat(events)
        .anyMatch(e -> e instanceof Event.PhaseFinished f && f.phase().equals("olddefconfig"));
    Path file = temp.resolve("arm64.config");
    carried.write(file);
    assertThat(Files.readString(file)).isEqualTo(carried.text());

    CarryForwardReport report = carried.report();
    assertThat(report.meaningDiffers()).anyMatch(line -> line.startsWith("COMPAT_VDSO="));
    assertThat(carried.reportMarkdown(report, "arm64.config"))
        .startsWith(
            "# Carried forward to arm64: arm64.config\n\n- base: debian-6.1 (stock)\n"
                + "- fragments: serial-console (stock), perf (stock), va-48bit (stock)\n");
  }

  @Test
  void check_aConfigThatLostAFragmentValueOnTheWay_namesItWithTheReason() throws Exception {
    assertThat(configs.check(carried, carried.config())).isEmpty();

    KernelConfig rebuilt =
        KernelConfig.parse(
            carried.text().replace("CONFIG_ARM64_VA_BITS_48=y\n", "CONFIG_ARM64_VA_BITS_39=y\n"),
            "the build's .config");
    assertThat(configs.check(carried, rebuilt))
        .singleElement()
        .satisfies(
            lost -> {
              assertThat(lost.symbol()).isEqualTo("ARM64_VA_BITS_48");
              assertThat(lost.fragment()).isEqualTo("va-48bit (stock)");
              assertThat(lost.reason()).startsWith("ARM64_VA_BITS_48=y lost:");
            });
  }

  @Test
  void carryForward_compatCompilerMissing_saysToInstallItOrDoWithout() {
    CarryForward request = request().compatCrossCompile("nonexistent-linux-gnueabihf-").build();
    assertThatThrownBy(() -> KernelConfigs.create(EventListener.NONE).carryForward(request))
        .isInstanceOf(BaseimgException.class)
        .hasMessage(
            "nonexistent-linux-gnueabihf-gcc is not installed; install it, or set the compat"
                + " cross-compile prefix to none for a config without COMPAT_VDSO");
  }
}
