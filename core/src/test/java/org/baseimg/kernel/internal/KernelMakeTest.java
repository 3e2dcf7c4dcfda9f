package org.baseimg.kernel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.baseimg.image.Architecture;
import org.baseimg.internal.Processes;
import org.baseimg.kernel.KernelBuildException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelMakeTest {
  @TempDir Path tree;

  @Test
  void failure_compilerError_namesTheFileAndKeepsTheErrorLines() {
    Processes.Result make =
        new Processes.Result(
            2,
            List.of("  CC      drivers/net/virtio_net.o", "  CC      drivers/foo/bar.o"),
            List.of(
                "drivers/foo/bar.c: In function 'bar_probe':",
                "drivers/foo/bar.c:12:3: error: implicit declaration of function 'nope'",
                "drivers/foo/bar.c:14:1: error: expected ';' before '}' token",
                "make[4]: *** [scripts/Makefile.build:250: drivers/foo/bar.o] Error 1",
                "make: *** [Makefile:2012: .] Error 2"));

    KernelBuildException failure = KernelMake.failure(make);

    assertThat(failure.failingFile()).contains("drivers/foo/bar.c");
    assertThat(failure.getMessage())
        .startsWith("the kernel did not build: drivers/foo/bar.c failed to compile (make exit 2)")
        .contains("implicit declaration of function 'nope'")
        .contains("expected ';'");
    assertThat(failure.errors()).hasSize(2);
  }

  @Test
  void failure_withoutACompilerError_namesMakesFailingTarget() {
    Processes.Result make =
        new Processes.Result(
            2,
            List.of("  LD      vmlinux.o"),
            List.of(
                "ld: vmlinux.o: undefined reference to `missing'",
                "make[1]: *** [scripts/Makefile.vmlinux_o:61: vmlinux.o] Error 1"));

    KernelBuildException failure = KernelMake.failure(make);

    assertThat(failure.failingFile()).isEqualTo(Optional.of("vmlinux.o"));
    assertThat(failure.getMessage()).contains("undefined reference");
  }

  @Test
  void estimate_countsEnabledObjectsFollowingEnabledDirectories() throws Exception {
    Files.createDirectories(tree.resolve("kernel"));
    Files.createDirectories(tree.resolve("drivers/net"));
    Files.createDirectories(tree.resolve("drivers/sound"));
    Files.writeString(tree.resolve("kernel/Makefile"), "obj-y = fork.o exit.o \\\n  panic.o\n");
    Files.writeString(
        tree.resolve("drivers/Makefile"),
        "obj-$(CONFIG_NET) += net/\nobj-$(CONFIG_SOUND) += sound/\n# obj-y += ignored.o\n");
    Files.writeString(
        tree.resolve("drivers/net/Makefile"),
        "obj-$(CONFIG_VIRTIO_NET) += virtio_net.o\nobj-$(CONFIG_E1000) += e1000.o\n");
    Files.writeString(tree.resolve("drivers/sound/Makefile"), "obj-y += sound.o\n");
    Path config =
        Files.writeString(
            tree.resolve("config"),
            "CONFIG_NET=y\nCONFIG_VIRTIO_NET=m\n# CONFIG_SOUND is not set\n");

    assertThat(ObjectEstimate.of(tree, config, Architecture.ARM64)).isEqualTo(4);
  }
}
