package org.baseimg.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.baseimg.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @Test
  void parse_registryWithPortAndTag_keepsEveryPart() throws Exception {
    ImageReference ref = ImageReference.parse("127.0.0.1:5000/boot/server:1.0");

    assertThat(ref)
        .isEqualTo(
            new ImageReference(
                "127.0.0.1:5000", "boot/server", Optional.of("1.0"), Optional.empty()));
    assertThat(ref.manifestReference()).isEqualTo("1.0");
    assertThat(ref).hasToString("127.0.0.1:5000/boot/server:1.0");
  }

  @Test
  void parse_noRegistryNoTag_isDockerHubLibraryLatest() throws Exception {
    ImageReference ref = ImageReference.parse("server");

    assertThat(ref.registry()).isEqualTo("docker.io");
    assertThat(ref.repository()).isEqualTo("library/server");
    assertThat(ref.tag()).contains("latest");
  }

  @Test
  void parse_firstComponentWithoutDotOrPort_isARepositoryOnDockerHub() throws Exception {
    ImageReference ref = ImageReference.parse("team/server:1");

    assertThat(ref.registry()).isEqualTo("docker.io");
    assertThat(ref.repository()).isEqualTo("team/server");
  }

  @Test
  void parse_localhostAndDigest_digestIsTheManifestReference() throws Exception {
    ImageReference ref = ImageReference.parse("localhost/boot:1.0@" + DIGEST);

    assertThat(ref.registry()).isEqualTo("localhost");
    assertThat(ref.tag()).contains("1.0");
    assertThat(ref.digest()).contains(DIGEST);
    assertThat(ref.manifestReference()).isEqualTo(DIGEST);
  }

  @Test
  void parse_ipv6RegistryWithPort_isTheRegistry() throws Exception {
    assertThat(ImageReference.parse("[::1]:5000/boot:x").registry()).isEqualTo("[::1]:5000");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Server:1",
        "registry.example/boot/:1",
        "registry.example/boot:bad tag",
        "registry.example/boot@sha256:abc",
        "registry.example/boot@md5:" + "00000000000000000000000000000000",
        "registry.example/-boot",
        "registry.example/boot:" + "t123456789",
        "bad_host.example:x/boot"
      })
  void parse_notAReference_isBadInputNamingIt(String text) {
    if (text.endsWith("t123456789")) {
      text = text + "x".repeat(128);
    }
    String input = text;
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("'" + input + "' is not an image reference");
  }
}
