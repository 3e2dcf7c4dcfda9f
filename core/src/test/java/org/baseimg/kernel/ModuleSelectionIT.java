package org.baseimg.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.baseimg.debian.DebianArchive;
import org.baseimg.debian.DebianKernel;
import org.baseimg.debian.DebianMirror;
import org.baseimg.event.EventListener;
import org.baseimg.testing.MinbaseTree;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The closure baseimg selects for a module equals what the host's {@code modprobe -d STAGE -S
 * RELEASE --show-depends MODULE} loads, on Debian's real cloud kernel unpacked as a build stages
 * it. Needs the Debian mirror in the host's apt sources, dpkg-deb and kmod.
 */
class ModuleSelectionIT {
  private static StagedKernel kernel;

  @BeforeAll
  static void stage() throws Exception {
    Path cache = MinbaseTree.cacheDirectory().resolve("kernels");
    kernel =
        DebianKernel.online(
                DebianArchive.create(DebianMirror.fromHost(), cache, EventListener.NONE))
            .unpack("bookworm", "arm64", "linux-image-cloud-arm64");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"virtio_net", "virtio_blk", "virtio_scsi", "ena", "gve", "xfs", "nfsd", "ksmbd"})
  void select_eachModule_loadsWhatModprobeLoads(String module) throws Exception {
    Set<String> ours = new TreeSet<>();
    ModuleSelection.of(kernel.modules())
        .select(List.of(module))
        .forEach(selected -> ours.add(selected.path()));

    NativeTools.Result modprobe =
        NativeTools.run(
            List.of(
                "modprobe",
                "-d",
                kernel.directory().toString(),
                "-S",
                kernel.release(),
                "--show-depends",
                module));
    Set<String> theirs = new TreeSet<>();
    String prefix = kernel.modules() + "/";
    for (String line : modprobe.stdout().lines().toList()) {
      if (line.startsWith("insmod ")) {
        theirs.add(line.substring("insmod ".length()).strip().replace(prefix, ""));
      }
    }
    assertThat(theirs).as("modprobe's closure of %s", module).isNotEmpty();
    assertThat(ours).isEqualTo(theirs);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nvme", "ext4"})
  void select_builtInModule_isWhatModprobeCallsBuiltin(String module) throws Exception {
    NativeTools.Result modprobe =
        NativeTools.run(
            List.of(
                "modprobe",
                "-d",
                kernel.directory().toString(),
                "-S",
                kernel.release(),
                "--show-depends",
                module));

    assertThat(modprobe.stdout()).startsWith("builtin " + module);
    assertThat(ModuleSelection.of(kernel.modules()).builtIn(List.of(module)))
        .containsExactly(module);
    assertThat(Files.isRegularFile(kernel.image())).isTrue();
  }
}
