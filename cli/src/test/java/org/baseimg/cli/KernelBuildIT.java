package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baseimg.builder.Manifest;
import org.baseimg.testing.LocalAptRepository;
import org.baseimg.testing.MinbaseTree;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel built here in the boot set, as CI proves it: an amd64 tinyconfig carried forward to
 * arm64 with the stock serial-console, perf and va-48bit fragments and a test fragment of what the
 * boot needs (virtio over PCI, the NIC as a module, initrd, devtmpfs), built with the kernel's make
 * in Debian's 6.1 tree, with an edge-arm64 initramfs (the local repository's fake salt-minion,
 * DHCP) holding its virtio_net module; every probe of boot-test passes. Then the same config is
 * built again by {@code baseimg kernel build} in a fresh O= directory, to the same Image.
 *
 * <p>Needs what EdgeBuildIT needs, Debian's 6.1 tree unpacked by run-tests, the arm64 cross
 * compiler, kmod and qemu-system-aarch64. A cold build compiles about 1,000 objects.
 */
class KernelBuildIT {
  static final Path TREE = MinbaseTree.cacheDirectory().resolve("linux-source-6.1");

  static LocalAptRepository repository;

  @TempDir static Path work;

  @BeforeAll
  static void serve() throws Exception {
    repository = LocalAptRepository.withFakeSaltMinion(List.of("arm64"));
  }

  @AfterAll
  static void stop() throws Exception {
    repository.close();
  }

  private static Path resource(String name) throws Exception {
    Path file = work.resolve(name);
    try (var in = KernelBuildIT.class.getResourceAsStream("/kernel/" + name)) {
      Files.copy(in, file);
    }
    return file;
  }

  private static Path profile() throws Exception {
    String kernel =
        "network: dhcp\n"
            + "kernel:\n"
            + "  from: build\n"
            + "  base: "
            + resource("tiny-amd64.config")
            + "\n"
            + "  fragments: [serial-console, perf, va-48bit, "
            + resource("boot-test.config")
            + "]\n"
            + "  source: "
            + TREE
            + "\n"
            + "  modules: [virtio_net]\n"
            + "output:\n  level: 3\n";
    return Files.writeString(
        work.resolve("edge-kernel.yaml"),
        EdgeBuildIT.profileText(repository.uri().toString(), repository.publicKey(), kernel));
  }

  @Test
  void build_edgeWithAKernelBuiltHere_bootsKeepingEveryPromise_andBuildsAgainToTheSameImage()
      throws Exception {
    assertThat(TREE.resolve("Makefile")).as("run-tests unpacks the 6.1 tree").exists();
    Path profile = profile();
    Path out = work.resolve("out");
    CommandLineRun built = BuildIT.build(profile.toString(), out);

    assertThat(built.exitCode()).as(built.err()).isZero();
    Path artifact = out.resolve("edge-arm64.cpio.zst");
    Manifest.KernelInfo kernel = Manifest.read(Manifest.besides(artifact)).kernel().orElseThrow();
    assertThat(kernel.source()).isEqualTo("built");
    assertThat(kernel.release()).endsWith("-baseimg-test");
    assertThat(kernel.toolchain()).containsKey("crossGcc");
    assertThat(kernel.modules())
        .extracting(Manifest.Module::name)
        .containsExactly("failover", "net_failover", "virtio_net");
    assertThat(out.resolve(kernel.configFile()))
        .content()
        .contains("CONFIG_SERIAL_AMBA_PL011_CONSOLE=y")
        .contains("CONFIG_ARM64_VA_BITS_48=y")
        .contains("CONFIG_HW_PERF_EVENTS=y")
        .contains("CONFIG_VIRTIO_NET=m");

    CommandLineRun boot =
        CommandLineRun.of("boot-test", artifact.toString(), "--json", "--console", "plain");
    JsonNode report = new ObjectMapper().readTree(boot.out());
    assertThat(boot.exitCode()).as(boot.out() + boot.err()).isZero();
    for (JsonNode probe : report.get("probes")) {
      assertThat(probe.get("status").asText()).as(probe.toString()).isEqualTo("passed");
    }

    // Again in a fresh O= directory (ccache, kept in the cache, may spare compiles): same Image.
    try (var objects = Files.list(BuildIT.CACHE.resolve("kernel-build"))) {
      for (Path directory :
          objects.filter(p -> p.getFileName().toString().startsWith("6.1")).toList()) {
        NativeTools.run(List.of("rm", "-rf", directory.toString()));
      }
    }
    Path again = work.resolve("again");
    CommandLineRun rebuilt =
        CommandLineRun.of(
            "kernel",
            "build",
            "--profile",
            profile.toString(),
            "--cache",
            BuildIT.CACHE.toString(),
            "--epoch",
            Long.toString(Manifest.read(Manifest.besides(artifact)).sourceDateEpoch()),
            "-o",
            again.toString(),
            "--console",
            "plain");
    assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
    assertThat(BuildIT.sha256(again.resolve("Image"))).isEqualTo(kernel.sha256());
    assertThat(again.resolve("lib/modules/" + kernel.release() + "/modules.dep"))
        .content()
        .contains("virtio_net.ko");
  }
}
