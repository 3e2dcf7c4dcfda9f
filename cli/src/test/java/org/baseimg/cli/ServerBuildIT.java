package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.baseimg.builder.Manifest;
import org.baseimg.sbom.Sboms;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot set end to end, as CI runs it: {@code baseimg build} of the stock server-arm64 (Debian's
 * cloud kernel, its NIC and disk modules, DHCP at boot), then {@code baseimg boot-test} of its own
 * kernel and initramfs with a virtio NIC on QEMU's user network, every probe that applies passing.
 * Needs what BuildIT needs, qemu-system-aarch64, dpkg-deb and kmod.
 */
class ServerBuildIT {
  @TempDir Path work;

  /** server-arm64 at zstd -3: the boot set is tested here, -19 would spend minutes of CI. */
  private Path profile(String extra) throws Exception {
    return Files.writeString(
        work.resolve("server-" + Math.abs(extra.hashCode()) + ".yaml"),
        "extends: server-arm64\noutput:\n  level: 3\n" + extra);
  }

  @Test
  void build_serverArm64_givesABootSetWhoseBootKeepsEveryPromise() throws Exception {
    Path out = work.resolve("out");
    CommandLineRun built = BuildIT.build(profile("").toString(), out);

    assertThat(built.exitCode()).as(built.err()).isZero();
    assertThat(built.out()).contains("kernel server-arm64.Image");
    Path artifact = out.resolve("server-arm64.cpio.zst");
    Path manifestFile = Manifest.besides(artifact);
    assertThat(
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Manifest.schema())
                .validate(Files.readString(manifestFile), InputFormat.JSON))
        .isEmpty();
    Manifest manifest = Manifest.read(manifestFile);
    Manifest.KernelInfo kernel = manifest.kernel().orElseThrow();
    assertThat(kernel.source()).isEqualTo("package");
    assertThat(kernel.origin()).startsWith("linux-image-").contains("-cloud-arm64 ");
    assertThat(out.resolve(kernel.file())).isEqualTo(out.resolve("server-arm64.Image"));
    assertThat(out.resolve(kernel.configFile())).content().contains("CONFIG_VIRTIO_NET=m");
    assertThat(kernel.modules())
        .contains(
            new Manifest.Module("virtio_net", "kernel/drivers/net/virtio_net.ko", "requested"))
        .anySatisfy(m -> assertThat(m.reason()).isEqualTo("needed by virtio_net"));
    assertThat(manifest.packageVersions()).containsKeys("kmod", "dhcpcd-base");

    // The SBOMs: valid, every package, and the kernel with each of its modules.
    JsonNode spdx = SbomAssertions.assertSbomsOf(artifact);
    List<JsonNode> spdxPackages = new ArrayList<>();
    spdx.get("packages").forEach(spdxPackages::add);
    assertThat(spdxPackages)
        .anySatisfy(
            p -> {
              assertThat(p.get("SPDXID").asText()).isEqualTo("SPDXRef-Kernel");
              assertThat(p.get("versionInfo").asText()).isEqualTo(kernel.release());
              assertThat(p.get("packageFileName").asText()).isEqualTo(kernel.file());
              assertThat(p.get("checksums").get(0).get("checksumValue").asText())
                  .isEqualTo(kernel.sha256());
            });
    for (Manifest.Module module : kernel.modules()) {
      assertThat(spdxPackages)
          .as("module " + module.name())
          .anySatisfy(
              p -> {
                assertThat(p.get("name").asText()).isEqualTo(module.name());
                assertThat(p.get("versionInfo").asText()).isEqualTo(kernel.release());
                assertThat(p.get("packageFileName").asText()).endsWith(module.path());
              });
    }
    JsonNode cdx = new ObjectMapper().readTree(Sboms.cycloneDxBesides(artifact).toFile());
    List<String> cdxNames = new ArrayList<>();
    cdx.get("components")
        .forEach(c -> cdxNames.add(c.get("type").asText() + " " + c.get("name").asText()));
    assertThat(cdxNames).contains("operating-system linux");
    for (Manifest.Module module : kernel.modules()) {
      assertThat(cdxNames).anyMatch(name -> name.endsWith(" " + module.name()));
    }

    // Only the selected modules, with the image's own module index, extracted by GNU cpio.
    Path tree = work.resolve("tree");
    NativeTools.extractWithGnuCpio(artifact, tree);
    Path modules = tree.resolve("usr/lib/modules/" + kernel.release());
    assertThat(modules.resolve("modules.dep")).content().contains("virtio_net.ko");
    try (Stream<Path> files = Files.walk(modules)) {
      assertThat(files.filter(f -> f.toString().matches(".*\\.ko(\\.xz|\\.zst)?$")).count())
          .isEqualTo(kernel.modules().size());
    }

    CommandLineRun boot =
        CommandLineRun.of("boot-test", artifact.toString(), "--json", "--console", "plain");
    JsonNode report = new ObjectMapper().readTree(boot.out());
    assertThat(boot.exitCode()).as(boot.out() + boot.err()).isZero();
    assertThat(report.get("passed").asBoolean()).isTrue();
    for (JsonNode probe : report.get("probes")) {
      String name = probe.get("name").asText();
      String status = probe.get("status").asText();
      if (name.startsWith("agent")) {
        assertThat(status).as(probe.toString()).isEqualTo("skipped");
      } else {
        assertThat(status).as(probe.toString()).isEqualTo("passed");
      }
    }
    assertThat(report.get("found").get("release").asText()).isEqualTo(kernel.release());
    assertThat(report.get("found").get("addresses").asText()).contains("10.0.2.15");

    // The same set again: same initramfs, same kernel.
    Path again = work.resolve("again");
    CommandLineRun rebuilt = BuildIT.build(profile("").toString(), again);
    assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
    assertThat(BuildIT.sha256(again.resolve("server-arm64.cpio.zst")))
        .isEqualTo(BuildIT.sha256(artifact));
    assertThat(BuildIT.sha256(again.resolve("server-arm64.Image"))).isEqualTo(kernel.sha256());
    SbomAssertions.assertSameSboms(again.resolve("server-arm64.cpio.zst"), artifact);
  }

  @Test
  void build_unknownModule_isBadInputWithASuggestionAndLeavesNothing() throws Exception {
    Path out = work.resolve("bad-module");
    CommandLineRun run =
        BuildIT.build(profile("kernel:\n  modules: [virtio_nte]\n").toString(), out);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err())
        .contains("no kernel module virtio_nte")
        .contains("did you mean virtio_net?");
    assertNothingIn(out);
  }

  @Test
  void build_kernelPackageTheSuiteLacks_isBadInputAndLeavesNothing() throws Exception {
    Path out = work.resolve("bad-package");
    CommandLineRun run =
        BuildIT.build(profile("kernel:\n  package: linux-image-no-such-flavour\n").toString(), out);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("no kernel package linux-image-no-such-flavour");
    assertNothingIn(out);
  }

  private static void assertNothingIn(Path out) throws Exception {
    if (Files.exists(out)) {
      try (Stream<Path> files = Files.list(out)) {
        assertThat(files.map(Path::getFileName).map(Path::toString).toList())
            .as("files left at the output path")
            .isEqualTo(List.of());
      }
    }
  }
}
