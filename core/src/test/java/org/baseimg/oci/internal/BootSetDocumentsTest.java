package org.baseimg.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.baseimg.internal.Hashing;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.oci.Descriptor;
import org.junit.jupiter.api.Test;

class BootSetDocumentsTest {
  private static Descriptor layer(String mediaType, String content, String title) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new Descriptor(
        mediaType,
        "sha256:" + Hashing.sha256(bytes),
        bytes.length,
        new TreeMap<>(Map.of(BootSetMediaTypes.TITLE, title)));
  }

  private static List<Descriptor> layers() {
    return List.of(
        layer(
            BootSetMediaTypes.initramfs(org.baseimg.initramfs.Compression.Format.ZSTD),
            "cpio",
            "edge-arm64.cpio.zst"),
        layer(BootSetMediaTypes.BUILD_MANIFEST, "{}\n", "edge-arm64.cpio.zst.manifest.json"),
        layer(BootSetMediaTypes.SPDX, "spdx", "edge-arm64.cpio.zst.spdx.json"),
        layer(BootSetMediaTypes.CYCLONEDX, "cdx", "edge-arm64.cpio.zst.cdx.json"),
        layer(BootSetMediaTypes.KERNEL, "kernel", "edge-arm64.Image"),
        layer(BootSetMediaTypes.KERNEL_CONFIG, "config", "edge-arm64.config"));
  }

  private static SortedMap<String, String> annotations() {
    SortedMap<String, String> annotations = new TreeMap<>();
    annotations.put(BootSetMediaTypes.CREATED, "2023-11-14T22:13:20Z");
    annotations.put(BootSetMediaTypes.PROFILE, "edge");
    annotations.put(BootSetMediaTypes.ARCH, "arm64");
    annotations.put(BootSetMediaTypes.SUITE, "bookworm");
    annotations.put(BootSetDocuments.PLATFORM, "linux/arm64");
    return annotations;
  }

  @Test
  void manifest_isTheGoldenBytes() throws Exception {
    byte[] golden;
    try (InputStream in = getClass().getResourceAsStream("/oci/bootset-manifest.json")) {
      golden = in.readAllBytes();
    }

    String written =
        new String(BootSetDocuments.manifest(layers(), annotations()), StandardCharsets.UTF_8);

    assertThat(written).isEqualTo(new String(golden, StandardCharsets.UTF_8).strip());
  }

  @Test
  void manifest_layersInAnotherOrder_sameBytes() {
    List<Descriptor> reversed = new ArrayList<>(layers());
    java.util.Collections.reverse(reversed);

    assertThat(BootSetDocuments.manifest(reversed, new TreeMap<>(annotations())))
        .isEqualTo(BootSetDocuments.manifest(layers(), annotations()));
  }

  @Test
  void emptyConfig_isTheSpecsDescriptor() {
    assertThat(BootSetDocuments.EMPTY_CONFIG.digest())
        .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    assertThat(BootSetDocuments.EMPTY_CONFIG.size()).isEqualTo(2);
  }

  @Test
  void index_addsAPlatformAndReplacesTheSamePlatform_sortedByPlatform() throws Exception {
    String a = "sha256:" + "a".repeat(64);
    String b = "sha256:" + "b".repeat(64);
    String c = "sha256:" + "c".repeat(64);
    byte[] first =
        BootSetDocuments.index(
            List.of(BootSetDocuments.entry(a, 10, "linux/arm64")),
            BootSetDocuments.entry(b, 20, "linux/amd64"));
    OciJson.Index index = OciJson.read(first, OciJson.Index.class);
    byte[] second =
        BootSetDocuments.index(index.manifests(), BootSetDocuments.entry(c, 30, "linux/arm64"));

    assertThat(index.manifests()).extracting(OciJson.Desc::digest).containsExactly(b, a);
    assertThat(OciJson.read(second, OciJson.Index.class).manifests())
        .extracting(d -> d.platform().toString() + " " + d.digest())
        .containsExactly("linux/amd64 " + b, "linux/arm64 " + c);
    assertThat(new String(second, StandardCharsets.UTF_8))
        .startsWith(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"artifactType\":\"application/vnd.baseimg.bootset.v1\",\"manifests\":[")
        .contains("\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}");
  }
}
