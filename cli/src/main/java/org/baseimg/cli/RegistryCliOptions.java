package org.baseimg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.baseimg.oci.RegistryOptions;
import picocli.CommandLine.Option;

/** The options every registry command shares. */
final class RegistryCliOptions {
  @Option(
      names = "--insecure",
      paramLabel = "HOST[:PORT]",
      description =
          "Talk to this registry over HTTPS without checking its certificate, or plain HTTP"
              + " (repeatable). localhost and 127.0.0.0/8 use plain HTTP without it.")
  List<String> insecure = new ArrayList<>();

  @Option(
      names = "--docker-config",
      paramLabel = "DIR",
      description =
          "The Docker client's configuration directory for credentials (default: $DOCKER_CONFIG,"
              + " else ~/.docker).")
  Path dockerConfig;

  RegistryOptions options() {
    RegistryOptions options = RegistryOptions.defaults().withInsecureHosts(new HashSet<>(insecure));
    return dockerConfig == null ? options : options.withDockerConfig(dockerConfig);
  }
}
