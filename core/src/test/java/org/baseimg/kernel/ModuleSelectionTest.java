package org.baseimg.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleSelectionTest {
  @TempDir Path modules;

  @BeforeEach
  void kernel() throws Exception {
    Files.writeString(
        modules.resolve("modules.dep"),
        String.join(
            "\n",
            "kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko"
                + " kernel/net/core/failover.ko",
            "kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko",
            "kernel/net/core/failover.ko:",
            "kernel/drivers/block/virtio_blk.ko:",
            "kernel/fs/ext4/ext4.ko.xz: kernel/lib/crc16.ko.xz kernel/fs/mbcache.ko.xz",
            "kernel/lib/crc16.ko.xz:",
            "kernel/fs/mbcache.ko.xz:",
            "kernel/crypto/crc32c_generic.ko.xz:",
            "kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko:",
            ""));
    Files.writeString(
        modules.resolve("modules.softdep"),
        "# Soft dependencies extracted from modules themselves.\n"
            + "softdep ext4 pre: crc32c post: \n"
            + "softdep virtio_blk pre: crc16\n"
            + "softdep virtio_blk pre: mbcache\n");
    Files.writeString(
        modules.resolve("modules.alias"),
        "# Aliases extracted from modules themselves.\nalias crc32c crc32c_generic\n");
    Files.writeString(modules.resolve("modules.builtin"), "kernel/drivers/virtio/virtio_pci.ko\n");
  }

  private List<String> names(List<ModuleSelection.Selected> selected) {
    return selected.stream().map(ModuleSelection.Selected::name).toList();
  }

  @Test
  void select_aName_addsItsDependenciesFirstEachOnceWithWhy() throws Exception {
    List<ModuleSelection.Selected> selected =
        ModuleSelection.of(modules).select(List.of("virtio_net", "net_failover"));

    assertThat(names(selected)).containsExactly("failover", "net_failover", "virtio_net");
    assertThat(selected)
        .extracting(ModuleSelection.Selected::reason)
        .containsExactly("needed by net_failover", "needed by virtio_net", "requested");
    assertThat(selected.get(2).path()).isEqualTo("kernel/drivers/net/virtio_net.ko");
  }

  @Test
  void select_softPreDependencyByAlias_isAddedBeforeTheModule() throws Exception {
    List<ModuleSelection.Selected> selected = ModuleSelection.of(modules).select(List.of("ext4"));

    assertThat(names(selected)).containsExactly("crc32c_generic", "crc16", "mbcache", "ext4");
    assertThat(selected.get(0).reason()).isEqualTo("soft dependency of ext4");
    assertThat(selected.get(3).path()).isEqualTo("kernel/fs/ext4/ext4.ko.xz");
  }

  @Test
  void select_severalSoftdepLinesForOneModule_takesTheFirstAsModprobeDoes() throws Exception {
    assertThat(names(ModuleSelection.of(modules).select(List.of("virtio_blk"))))
        .containsExactly("crc16", "virtio_blk");
  }

  @Test
  void select_globsOverNamesAndPaths_andDashesAsUnderscores() throws Exception {
    ModuleSelection selection = ModuleSelection.of(modules);

    assertThat(names(selection.select(List.of("virtio_*"))))
        .containsExactlyInAnyOrder("failover", "net_failover", "virtio_net", "crc16", "virtio_blk");
    assertThat(names(selection.select(List.of("kernel/drivers/net/ethernet/**"))))
        .containsExactly("e1000e");
    assertThat(names(selection.select(List.of("virtio-blk")))).endsWith("virtio_blk");
  }

  @Test
  void select_unknownName_isBadInputWithTheClosestName() throws Exception {
    assertThatThrownBy(() -> ModuleSelection.of(modules).select(List.of("virtio_nte")))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("no kernel module virtio_nte in " + modules)
        .hasMessageEndingWith("; did you mean virtio_net?");
    assertThatThrownBy(() -> ModuleSelection.of(modules).select(List.of("kernel/sound/**")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("matches no module");
  }

  @Test
  void select_builtInModule_isNoErrorAndNamedAsBuiltIn() throws Exception {
    ModuleSelection selection = ModuleSelection.of(modules);

    assertThat(selection.select(List.of("virtio_pci"))).isEmpty();
    assertThat(selection.builtIn(List.of("virtio_pci", "virtio_net")))
        .containsExactly("virtio_pci");
  }

  @Test
  void of_directoryWithoutModulesDep_saysToRunDepmod() throws Exception {
    Files.delete(modules.resolve("modules.dep"));

    assertThatThrownBy(() -> ModuleSelection.of(modules))
        .isInstanceOf(BaseimgException.class)
        .hasMessageContaining("depmod");
  }
}
