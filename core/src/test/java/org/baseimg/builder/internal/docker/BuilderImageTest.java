package org.baseimg.builder.internal.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.baseimg.image.ImageSpec;
import org.junit.jupiter.api.Test;

class BuilderImageTest {
  private static final ImageSpec BOOKWORM_ARM64 = TestSpecs.arm64("bookworm");

  @Test
  void tag_namesSuiteAndArchitecture() {
    assertThat(BuilderImage.tag(BOOKWORM_ARM64)).isEqualTo("baseimg/builder:bookworm-arm64");
    assertThat(BuilderImage.registryImage(BOOKWORM_ARM64)).isEqualTo("debian:bookworm-slim");
  }

  @Test
  void pulledDockerfile_addsDebootstrapFromTheMirrorGivenAsArgument() {
    String dockerfile = BuilderImage.pulledDockerfile(BOOKWORM_ARM64);

    assertThat(dockerfile)
        .startsWith("FROM debian:bookworm-slim\n")
        .contains("ARG MIRROR\n")
        .contains("\"$MIRROR\"")
        .contains(" bookworm main")
        .contains("apt-get install -y --no-install-recommends debootstrap")
        .contains("rm -rf /var/lib/apt/lists/*");
    // The mirror comes from the host's apt sources at build time; no host name is written here.
    assertThat(dockerfile).doesNotContain("http");
  }

  @Test
  void scratchDockerfile_isTheTreeAndNothingElse() {
    assertThat(BuilderImage.SCRATCH_DOCKERFILE).isEqualTo("FROM scratch\nADD rootfs.tar /\n");
  }
}
