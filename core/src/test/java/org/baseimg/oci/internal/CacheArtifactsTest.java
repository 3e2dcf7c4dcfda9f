package org.baseimg.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.baseimg.BadInputException;
import org.baseimg.internal.Hashing;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.oci.ImageReference;
import org.junit.jupiter.api.Test;

/** How a kept tree's cache key becomes a reference, and what a cache repository may be. */
class CacheArtifactsTest {

  @Test
  void repository_registryAndPath_isTakenWithoutTag() throws Exception {
    ImageReference repository =
        CacheArtifacts.repository("127.0.0.1:5000/baseimg/cache", "--cache-to");

    assertThat(repository.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(repository.repository()).isEqualTo("baseimg/cache");
  }

  @Test
  void repository_withTag_isRefusedSayingWhy() {
    assertThatThrownBy(() -> CacheArtifacts.repository("127.0.0.1:5000/cache:ci", "--cache-to"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("--cache-to: '127.0.0.1:5000/cache:ci' names a tag or digest")
        .hasMessageContaining("tags each kept tree by its cache key");
  }

  @Test
  void repository_withDigest_isRefused() {
    String text = "127.0.0.1:5000/cache@sha256:" + "a".repeat(64);

    assertThatThrownBy(() -> CacheArtifacts.repository(text, "cache-from"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("names a tag or digest");
  }

  @Test
  void repository_thatDoesNotParse_namesTheOption() {
    assertThatThrownBy(() -> CacheArtifacts.repository("127.0.0.1:5000/Upper/Case", "cache-from"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(
            "cache-from: '127.0.0.1:5000/Upper/Case' is not an image reference");
  }

  @Test
  void reference_keptTree_isTaggedByKindSuiteArchAndKey() throws Exception {
    ImageReference repository = CacheArtifacts.repository("127.0.0.1:5000/cache", "cache-to");

    ImageReference base =
        CacheArtifacts.reference(repository, "base", "bookworm-arm64-5f0c1e2d3a4b5c6d7e8f9a0b");
    ImageReference packages =
        CacheArtifacts.reference(repository, "packages", "bookworm-arm64-0123456789abcdef01234567");

    assertThat(base.toString())
        .isEqualTo("127.0.0.1:5000/cache:base-bookworm-arm64-5f0c1e2d3a4b5c6d7e8f9a0b");
    assertThat(packages.tag()).contains("packages-bookworm-arm64-0123456789abcdef01234567");
    assertThat(base.digest()).isEmpty();
  }

  @Test
  void reference_nameThatIsNoTag_isMisuse() throws Exception {
    ImageReference repository = CacheArtifacts.repository("127.0.0.1:5000/cache", "cache-to");

    assertThatThrownBy(() -> CacheArtifacts.reference(repository, "base", "a/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manifest_tree_hasArtifactTypeEmptyConfigOneLayerAndSortedAnnotations() throws Exception {
    String digest = "sha256:" + Hashing.sha256("tree".getBytes(StandardCharsets.UTF_8));

    byte[] manifest =
        CacheArtifacts.manifest(
            digest,
            4,
            Map.of(CacheArtifacts.KIND, "base", CacheArtifacts.KEY, "5f0c1e2d3a4b5c6d7e8f9a0b"));

    assertThat(new String(manifest, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + BootSetMediaTypes.OCI_MANIFEST
                + "\",\"artifactType\":\"application/vnd.baseimg.cache.tree.v1\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                + BootSetDocuments.EMPTY_CONFIG.digest()
                + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.baseimg.cache.tree.v1.tar+zstd\",\"digest\":\""
                + digest
                + "\",\"size\":4}],\"annotations\":{\"org.baseimg.cache.key\":"
                + "\"5f0c1e2d3a4b5c6d7e8f9a0b\",\"org.baseimg.cache.kind\":\"base\"}}");
  }
}
