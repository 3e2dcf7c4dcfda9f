package org.baseimg.builder;

import java.util.ArrayList;
import java.util.List;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.docker.DockerEngine;
import org.baseimg.image.Architecture;

/**
 * What building in a container needs, checked one by one: an engine that answers (where {@code
 * DOCKER_HOST} and the Docker configuration point), and, when the engine runs another architecture
 * than the target's, this host's binfmt_misc entry for the target's QEMU with the F flag (the
 * engine's containers share the host kernel's). No root is needed on this host, except to make a
 * builder image when the engine has none and no registry answers.
 */
public final class DockerPrerequisites {
  private DockerPrerequisites() {}

  /** Whether a Docker engine answers, as {@code auto} decides. */
  public static boolean engineAnswers() {
    return DockerEngine.answers();
  }

  /**
   * Fails in one line, before any work, when no engine answers or it cannot run {@code arch}'s
   * binaries.
   */
  public static void require(Architecture arch) throws BaseimgException {
    try (DockerEngine engine = DockerEngine.connect()) {
      engine.requireEmulation(arch);
    }
  }

  /** Checks the engine and this host for building {@code arch} images in a container. */
  public static List<Prerequisites.Check> check(Architecture arch) {
    List<Prerequisites.Check> checks = new ArrayList<>();
    try (DockerEngine engine = DockerEngine.connect()) {
      checks.add(
          new Prerequisites.Check(
              "docker engine",
              true,
              engine.version() + " on " + engine.architectureName() + " at " + engine.host(),
              "",
              List.of()));
      if (engine.isNative(arch)) {
        checks.add(
            new Prerequisites.Check(
                "docker emulation",
                true,
                "not needed: the engine runs " + arch.debianName() + " natively",
                "",
                List.of()));
      } else if (!engine.isLocal()) {
        checks.add(
            new Prerequisites.Check(
                "docker emulation",
                true,
                "not checked: the engine is remote; it needs binfmt_misc "
                    + arch.binfmtName()
                    + " with the F flag",
                "",
                List.of()));
      } else {
        Prerequisites.check(arch).stream()
            .filter(check -> check.name().startsWith("binfmt"))
            .map(
                check ->
                    new Prerequisites.Check(
                        "docker " + check.name(),
                        check.ok(),
                        check.detail(),
                        check.fix(),
                        check.packages()))
            .forEach(checks::add);
      }
    } catch (BaseimgException e) {
      checks.add(
          new Prerequisites.Check(
              "docker engine",
              false,
              e.getMessage().replaceFirst(";.*", ""),
              "start dockerd (apt-get install docker.io) or set DOCKER_HOST",
              List.of("docker.io")));
    }
    return checks;
  }
}
