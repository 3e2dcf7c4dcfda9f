package org.baseimg.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.baseimg.BadInputException;
import org.baseimg.inspect.Hazards;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(Manifest.schema());

  @TempDir Path temp;

  static Manifest sample(Optional<Manifest.KernelInfo> kernel, boolean emulated) {
    return new Manifest(
        Manifest.VERSION,
        new Manifest.Profile("edge", List.of("edge-arm64.yaml (stock)"), "a".repeat(64), "x: 1\n"),
        new Manifest.Image("arm64", "bookworm", "minbase", "http://mirror.invalid/debian/"),
        new Manifest.Artifact("edge-arm64.cpio.zst", "b".repeat(64), 10, 20, 3, "zstd -19"),
        1_700_000_000L,
        Manifest.Environment.host(),
        new TreeMap<>(Map.of("java", "17", "debootstrap", "1.0")),
        emulated ? Optional.of(new Manifest.Binfmt("qemu-aarch64", "PF")) : Optional.empty(),
        kernel,
        List.of(new Manifest.Package("dash", "0.5.12-2", "arm64")),
        List.of(
            new Hazards.Hazard(
                Hazards.Kind.GO_PROGRAM, "/usr/bin/agent", "a Go program", "pin it to one CPU")));
  }

  static Manifest.KernelInfo kernel() {
    return new Manifest.KernelInfo(
        "edge-arm64.Image",
        "c".repeat(64),
        "6.1.0-50-cloud-arm64",
        "package",
        "linux-image-6.1.0-50-cloud-arm64 6.1.176-1",
        "edge-arm64.config",
        "d".repeat(64),
        new TreeMap<>(),
        List.of(
            new Manifest.Module("virtio_net", "kernel/drivers/net/virtio_net.ko", "requested"),
            new Manifest.Module(
                "net_failover", "kernel/drivers/net/net_failover.ko", "virtio_net")));
  }

  @Test
  void toJson_validatesAgainstTheShippedSchema_withAndWithoutKernelAndEmulation() throws Exception {
    for (Manifest manifest :
        List.of(sample(Optional.empty(), false), sample(Optional.of(kernel()), true))) {
      String json = manifest.toJson();

      assertThat(SCHEMA.validate(json, InputFormat.JSON)).as(json).isEmpty();
    }
  }

  @Test
  void toJson_nativeBuild_recordsNoEmulator() {
    String json = sample(Optional.empty(), false).toJson();

    assertThat(json).doesNotContain("binfmt").doesNotContain("qemu").doesNotContain("kernel");
    assertThat(json).contains("\"name\": \"host\"").endsWith("}\n");
  }

  @Test
  void read_ofWhatWasWritten_isTheSameManifest() throws Exception {
    Manifest written = sample(Optional.of(kernel()), true);
    Path file = Files.writeString(temp.resolve("a.manifest.json"), written.toJson());

    assertThat(Manifest.read(file)).isEqualTo(written);
  }

  @Test
  void read_unknownFieldOrOtherVersion_isBadInputNamingTheFile() throws Exception {
    String json = sample(Optional.empty(), false).toJson();
    Path unknown =
        Files.writeString(
            temp.resolve("u.json"),
            json.replace("\"sourceDateEpoch\"", "\"x\": 1,\n  \"sourceDateEpoch\""));
    Path newer =
        Files.writeString(
            temp.resolve("v.json"),
            json.replace("\"manifestVersion\": 1", "\"manifestVersion\": 2"));
    Path notJson = Files.writeString(temp.resolve("n.json"), "not json");

    for (Path file : List.of(unknown, newer, notJson)) {
      assertThatThrownBy(() -> Manifest.read(file))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(file + " is not a baseimg manifest of version 1")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void schema_refusesAManifestWithAnUnknownField() throws Exception {
    var tree = new ObjectMapper().readTree(sample(Optional.empty(), false).toJson());
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("buildHost", "ci-7");

    assertThat(SCHEMA.validate(new ObjectMapper().writeValueAsString(tree), InputFormat.JSON))
        .isNotEmpty();
  }
}
