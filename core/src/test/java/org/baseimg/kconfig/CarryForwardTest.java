package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.baseimg.builder.internal.docker.TestSpecs;
import org.baseimg.image.Architecture;
import org.baseimg.image.ImageSpec;
import org.junit.jupiter.api.Test;

class CarryForwardTest {
  @Test
  void builder_withNothingSet_carriesDebians61ConfigToArm64InDebiansTree() {
    CarryForward request = CarryForward.builder().build();
    assertThat(request)
        .isEqualTo(
            new CarryForward(
                "debian-6.1",
                Architecture.ARM64,
                List.of(),
                Optional.empty(),
                "bookworm",
                Path.of("/var/cache/baseimg/kernel"),
                Optional.empty()));
  }

  @Test
  void from_takesTheProfilesKernelSectionArchAndCache() {
    ImageSpec.KernelSpec kernel =
        new ImageSpec.KernelSpec(
            "./team.config", List.of("serial-console", "perf"), Optional.of(Path.of("/src")));
    CarryForward request = CarryForward.from(spec(Optional.of(kernel)));
    assertThat(request.base()).isEqualTo("./team.config");
    assertThat(request.arch()).isEqualTo(Architecture.AMD64);
    assertThat(request.fragments()).containsExactly("serial-console", "perf");
    assertThat(request.source()).contains(Path.of("/src"));
    assertThat(request.cacheDirectory()).isEqualTo(Path.of("/srv/cache/kernel"));
    assertThat(request.suite())
        .as("the base's series decides, not the image")
        .isEqualTo("bookworm");
  }

  @Test
  void from_aProfileWithoutKernelSection_isMisuse() {
    assertThatThrownBy(() -> CarryForward.from(spec(Optional.empty())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("profile test has no kernel: section");
  }

  @Test
  void toBuilder_keepsEveryValue_andChangesOnlyWhatIsSet() {
    CarryForward request =
        CarryForward.builder()
            .source(Path.of("/usr/src/linux"))
            .compatCrossCompile("none")
            .fragments(List.of("va-48bit"))
            .build();
    assertThat(request.toBuilder().build()).isEqualTo(request);
    CarryForward changed = request.toBuilder().arch(Architecture.AMD64).suite("trixie").build();
    assertThat(changed.arch()).isEqualTo(Architecture.AMD64);
    assertThat(changed.suite()).isEqualTo("trixie");
    assertThat(changed.source()).isEqualTo(request.source());
    assertThat(changed.compatCrossCompile()).contains("none");
  }

  @Test
  void missingValues_areMisuse() {
    assertThatThrownBy(() -> CarryForward.builder().base(null).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CarryForward.builder().cacheDirectory(null).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ImageSpec spec(Optional<ImageSpec.KernelSpec> kernel) {
    return TestSpecs.arm64("trixie", kernel)
        .withArch(Architecture.AMD64)
        .withBuild(new ImageSpec.BuildSpec(ImageSpec.Environment.HOST, Path.of("/srv/cache")));
  }
}
