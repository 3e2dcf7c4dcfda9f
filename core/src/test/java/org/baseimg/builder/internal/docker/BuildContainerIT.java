package org.baseimg.builder.internal.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Cleanup;
import org.baseimg.internal.Processes;
import org.baseimg.testing.MinbaseTree;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build containers on a real engine: the least privilege that passes the probe, and the fallback
 * when the engine refuses a privilege (this VM refuses {@code --privileged}: its engine lacks
 * CAP_SYS_RESOURCE). The image is the test fixtures' arm64 minbase tree, so the probe runs under
 * emulation as a build's commands do. Needs a Docker engine (./run-tests starts dockerd), root and
 * binfmt qemu-aarch64.
 */
class BuildContainerIT {
  static final String IMAGE = "baseimg-test/minbase:bookworm-arm64";

  /** This run's label value: other builds on the same engine leave this test's count alone. */
  static final String LABEL = "BuildContainerIT-" + ProcessHandle.current().pid();

  /** CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SYS_CHROOT SYS_ADMIN MKNOD SETFCAP. */
  static final long NEEDED_CAPABILITIES =
      (1L << 0)
          | (1L << 1)
          | (1L << 3)
          | (1L << 4)
          | (1L << 5)
          | (1L << 6)
          | (1L << 7)
          | (1L << 18)
          | (1L << 21)
          | (1L << 27)
          | (1L << 31);

  static DockerEngine engine;

  @BeforeAll
  static void image(@TempDir Path context) throws Exception {
    engine = DockerEngine.connect();
    if (!BuilderImage.exists(engine, IMAGE)) {
      Path tree = MinbaseTree.arm64Bookworm();
      NativeTools.run(
          List.of(
              "tar",
              "--numeric-owner",
              "-C",
              tree.toString(),
              "-cf",
              context.resolve("rootfs.tar").toString(),
              "."));
      Files.writeString(context.resolve("Dockerfile"), BuilderImage.SCRATCH_DOCKERFILE);
      NativeTools.run(
          List.of(
              "env",
              "DOCKER_BUILDKIT=0",
              "docker",
              "build",
              "-q",
              "--platform",
              "linux/arm64",
              "-t",
              IMAGE,
              context.toString()));
    }
  }

  @AfterAll
  static void close() {
    if (engine != null) {
      engine.close();
    }
  }

  /** A container of the minbase image with no mounts, trying {@code candidates}. */
  static BuildContainer start(
      Cleanup cleanup, List<Event> events, List<BuildContainer.Privileges> candidates)
      throws Exception {
    return BuildContainer.start(
        engine, IMAGE, "linux/arm64", List.of(), LABEL, cleanup, events::add, candidates);
  }

  static List<String> containersLeft() throws Exception {
    return NativeTools.run(
            List.of(
                "docker",
                "ps",
                "-a",
                "-q",
                "--filter",
                "label=" + BuildContainer.LABEL + "=" + LABEL))
        .stdoutLines()
        .stream()
        .filter(line -> !line.isBlank())
        .toList();
  }

  @Test
  void start_leastPrivilege_runsWithExactlyTheCapabilitiesABuildUses() throws Exception {
    List<Event> events = new ArrayList<>();
    try (Cleanup cleanup = new Cleanup(problem -> {})) {
      BuildContainer container =
          start(cleanup, events, List.of(BuildContainer.Privileges.values()));

      assertThat(container.privileges())
          .isIn(BuildContainer.Privileges.LEAST, BuildContainer.Privileges.CAPABILITIES_UNCONFINED);
      Processes.Result status =
          container.exec(
              "status", List.of("grep", "^CapEff:", "/proc/self/status"), EventListener.NONE);
      assertThat(status.exitCode()).isZero();
      long effective = Long.parseLong(status.output().get(0).split("\\s+")[1], 16);
      assertThat(Long.toHexString(effective)).isEqualTo(Long.toHexString(NEEDED_CAPABILITIES));
      Processes.Result uname = container.exec("uname", List.of("uname", "-m"), EventListener.NONE);
      assertThat(uname.output()).containsExactly("aarch64");
    }
    assertThat(containersLeft()).as("containers after the cleanup").isEmpty();
    assertThat(events)
        .anyMatch(
            event ->
                event instanceof Event.PhaseFinished finished
                    && finished.summary().contains("runs with the capabilities"));
  }

  @Test
  void start_privilegedRefusedByTheEngine_fallsBackAndSaysSo() throws Exception {
    // An engine whose own bounding set lacks CAP_SYS_RESOURCE cannot grant --privileged.
    String bounding =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(line -> line.startsWith("CapBnd:"))
            .findFirst()
            .orElseThrow()
            .split("\\s+")[1];
    boolean refusesPrivileged = (Long.parseLong(bounding, 16) & (1L << 24)) == 0;
    List<Event> events = new ArrayList<>();
    try (Cleanup cleanup = new Cleanup(problem -> {})) {
      BuildContainer container =
          start(
              cleanup,
              events,
              List.of(
                  BuildContainer.Privileges.PRIVILEGED,
                  BuildContainer.Privileges.ALL_BUT_SYS_RESOURCE));

      if (refusesPrivileged) {
        assertThat(container.privileges())
            .isEqualTo(BuildContainer.Privileges.ALL_BUT_SYS_RESOURCE);
        assertThat(events)
            .anyMatch(
                event ->
                    event instanceof Event.Warning warning
                        && warning.message().startsWith("the engine refused --privileged: "));
      } else {
        assertThat(container.privileges()).isEqualTo(BuildContainer.Privileges.PRIVILEGED);
      }
    }
    assertThat(containersLeft()).as("containers after the cleanup").isEmpty();
  }
}
