package org.baseimg.builder.internal.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import org.baseimg.BaseimgException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DockerEngineTest {

  @AfterEach
  void forgetHost() {
    System.clearProperty("DOCKER_HOST");
  }

  @Test
  void connect_noEngineAtDockerHost_failsInOneLineSayingWhereAndWhatToDo() {
    // docker-java reads DOCKER_HOST from system properties too, as from the environment.
    System.setProperty("DOCKER_HOST", "unix:///nonexistent/docker.sock");

    assertThatThrownBy(DockerEngine::connect)
        .isInstanceOf(BaseimgException.class)
        .hasMessageStartingWith("no Docker engine answers at unix:///nonexistent/docker.sock")
        .hasMessageContaining("start dockerd")
        .hasMessageContaining("set DOCKER_HOST")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(DockerEngine.answers()).isFalse();
  }

  @Test
  void configuredHost_followsDockerHost() throws Exception {
    System.setProperty("DOCKER_HOST", "tcp://127.0.0.1:2376");

    assertThat(DockerEngine.configuredHost()).hasToString("tcp://127.0.0.1:2376");
  }

  @Test
  void rootCause_engineErrorAsJson_givesTheEnginesMessage() {
    DockerException e =
        new DockerException(
            "{\"message\":\"Get \\\"https://registry.example/v2/\\\": no such host\"}\n", 500);

    assertThat(DockerEngine.rootCause(e))
        .isEqualTo("Get \"https://registry.example/v2/\": no such host");
  }

  @Test
  void rootCause_nestedCause_givesTheInnermostFirstLine() {
    RuntimeException e =
        new RuntimeException("outer", new IOException("connection refused\nat somewhere"));

    assertThat(DockerEngine.rootCause(e)).isEqualTo("connection refused");
  }
}
