package org.baseimg.builder.internal.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerTargetTest {

  @Test
  void withOnlyEnvironment_startsFromAnEmptyEnvironmentWithTheBuildsVariablesSorted() {
    DockerTarget target =
        new DockerTarget(null, Map.of("PATH", "/usr/sbin:/usr/bin", "LC_ALL", "C.UTF-8"));

    assertThat(target.withOnlyEnvironment(List.of("chroot", "/rootfs", "true")))
        .containsExactly(
            "env", "-i", "LC_ALL=C.UTF-8", "PATH=/usr/sbin:/usr/bin", "chroot", "/rootfs", "true");
  }
}
