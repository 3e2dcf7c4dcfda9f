package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code baseimg build --environment}: the choices and the failures that need no engine. */
class BuildEnvironmentOptionTest {
  @TempDir Path temp;

  @AfterEach
  void forgetHost() {
    System.clearProperty("DOCKER_HOST");
  }

  @Test
  void build_dockerWithNoEngine_failsInOneLineNamingTheSocketAndWritesNothing() {
    // docker-java reads DOCKER_HOST from system properties as from the environment.
    System.setProperty("DOCKER_HOST", "unix://" + temp.resolve("docker.sock"));
    Path out = temp.resolve("out");

    CommandLineRun run =
        CommandLineRun.of(
            "build",
            "base-arm64",
            "--environment",
            "docker",
            "-o",
            out.toString(),
            "--cache",
            temp.resolve("cache").toString(),
            "--console",
            "plain");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("baseimg: error: no Docker engine answers at unix://" + temp)
        .contains("start dockerd")
        .contains("--environment host");
    assertThat(out).doesNotExist();
    assertThat(temp.resolve("cache")).doesNotExist();
  }

  @Test
  void build_unknownEnvironment_isBadInputNamingTheChoices() {
    Path out = temp.resolve("out");

    CommandLineRun run =
        CommandLineRun.of("build", "base-arm64", "--environment", "podman", "-o", out.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("unknown environment 'podman'")
        .contains("auto, host or docker");
    assertThat(out).doesNotExist();
  }
}
