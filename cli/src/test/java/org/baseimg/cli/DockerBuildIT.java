package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.baseimg.builder.DockerPrerequisites;
import org.baseimg.initramfs.InitramfsListing;
import org.baseimg.initramfs.InitramfsReader;
import org.baseimg.testing.LocalAptRepository;
import org.baseimg.testing.NativeTools;
import org.baseimg.testing.TreeSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseimg build --environment docker} end to end, as CI runs it: no registry, so the builder
 * image is made from a tree bootstrapped on this host; debootstrap and every customise step run in
 * an emulated arm64 container; the tree comes out as a tar stream. The artifact boots on aarch64,
 * holds the same files as a host build of the same profile, and no container or temporary image
 * stays behind, also after SIGTERM. Needs a Docker engine (./run-tests starts dockerd), root,
 * debootstrap, binfmt qemu-aarch64 (F) and the Debian mirror.
 *
 * <p>Each test passes alone and in any order: the cold docker build the others start from is made
 * on first demand.
 */
class DockerBuildIT {
  /**
   * The host ITs' cache: both environments install the very same .debs, downloaded once, and the
   * host build starts from a base BuildIT bootstrapped on the host if there is one (kept trees of
   * the docker environment live on the engine, not here). Only time depends on what is cached.
   */
  static final Path CACHE = BuildIT.CACHE;

  static final String BUILDER = "baseimg/builder:bookworm-arm64";

  /**
   * What may differ between a host build and a docker build of one profile, by name and reason.
   * Empty: none is known. A difference found is listed here only with its cause in the README.
   */
  static final Predicate<String> ALLOWED_DIFFERENCES = path -> false;

  @TempDir static Path outputs;
  static LocalAptRepository repository;

  /**
   * What the cold docker build did, recorded as it ran.
   *
   * @param run what the command line printed
   * @param out the output directory
   * @param imagesAdded tagged images on the engine after the build and not before it
   * @param danglingBefore untagged images nothing refers to, before the build
   * @param danglingAfter the same, after it
   * @param containersLeft build containers on the engine after it
   */
  record ColdBuild(
      CommandLineRun run,
      Path out,
      Set<String> imagesAdded,
      List<String> danglingBefore,
      List<String> danglingAfter,
      List<String> containersLeft) {
    Path artifact() {
      return out.resolve("base-arm64.cpio.zst");
    }
  }

  private static ColdBuild coldBuild;

  @BeforeAll
  static void requireEngine() throws Exception {
    assertThat(DockerPrerequisites.engineAnswers())
        .as(
            "a Docker engine answers (DOCKER_HOST or unix:///var/run/docker.sock); ./run-tests"
                + " installs docker.io and starts dockerd")
        .isTrue();
    repository = LocalAptRepository.withFakeSaltMinion(List.of("arm64", "amd64"));
  }

  @AfterAll
  static void stopRepository() throws Exception {
    if (repository != null) {
      repository.close();
    }
  }

  static List<String> docker(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(arguments));
    return NativeTools.run(command).stdoutLines().stream().filter(line -> !line.isBlank()).toList();
  }

  /** The engine's tagged images, by name. */
  static Set<String> images() throws Exception {
    return new TreeSet<>(docker("images", "--format", "{{.Repository}}:{{.Tag}}"));
  }

  static List<String> buildContainers() throws Exception {
    return docker("ps", "-a", "-q", "--filter", "label=org.baseimg.build");
  }

  /**
   * base-arm64 built in docker with no builder image and no kept tree on the engine, once and on
   * first demand; it leaves the builder and the kept base on the engine for later builds. A failed
   * build is kept too, so it is not retried per test.
   */
  static synchronized ColdBuild coldBuild() throws Exception {
    if (coldBuild == null) {
      // Kept trees go first, newest first: a tree kept after apt is a child of the base it
      // started from, all of the builder.
      List<String> old =
          new ArrayList<>(docker("images", "--format", "{{.Repository}}:{{.Tag}}", "baseimg/tree"));
      old.addAll(docker("images", "--format", "{{.Repository}}:{{.Tag}}", BUILDER));
      for (String image : old) {
        docker("rmi", image);
      }
      Set<String> imagesBefore = images();
      List<String> danglingBefore = dangling();
      Path out = outputs.resolve("docker");

      CommandLineRun run = BuildIT.build("base-arm64", out, "docker");

      Set<String> added = new TreeSet<>(images());
      added.removeAll(imagesBefore);
      coldBuild = new ColdBuild(run, out, added, danglingBefore, dangling(), buildContainers());
    }
    return coldBuild;
  }

  /** The artifact of {@link #coldBuild()}; fails if that build failed. */
  static Path coldArtifact() throws Exception {
    CommandLineRun run = coldBuild().run();
    assertThat(run.exitCode()).as("the cold docker build:%n%s", run.err()).isZero();
    return coldBuild().artifact();
  }

  static List<String> dangling() throws Exception {
    return docker("images", "-q", "--filter", "dangling=true");
  }

  @Test
  void build_baseArm64WithoutARegistry_makesTheBuilderLocallyAndTheArtifactBootsOnAarch64()
      throws Exception {
    ColdBuild cold = coldBuild();

    assertThat(cold.run().exitCode()).as(cold.run().err()).isZero();
    assertThat(cold.run().err())
        .contains(BUILDER + ": made locally without a registry")
        .contains("no registry answers")
        .contains("runs with the capabilities debootstrap and chroot use");
    assertThat(cold.artifact()).exists();
    assertThat(Files.readString(cold.out().resolve("base-arm64.cpio.zst.manifest.json")))
        .contains("\"name\": \"docker\"")
        .contains("\"builderImageSource\": \"made\"");
    assertThat(cold.containersLeft()).as("build containers left").isEmpty();
    assertThat(cold.imagesAdded())
        .as("images added: the builder and the kept base")
        .hasSize(2)
        .contains(BUILDER)
        .anyMatch(image -> image.startsWith("baseimg/tree:bookworm-arm64-"));
    assertThat(cold.danglingAfter())
        .as("untagged images nothing refers to (what an unfinished build leaves)")
        .isEqualTo(cold.danglingBefore());
    BuildIT.assertBootsOnAarch64(cold.artifact());
  }

  @Test
  void build_sameProfileOnTheHost_givesTheSameFilesModesOwnersAndContents() throws Exception {
    Path dockerArtifact = coldArtifact();
    Path out = outputs.resolve("host");

    CommandLineRun run = BuildIT.build("base-arm64", out, "host");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path hostArtifact = out.resolve("base-arm64.cpio.zst");
    Path hostTree = outputs.resolve("host-extracted");
    Path dockerTree = outputs.resolve("docker-extracted");
    NativeTools.extractWithBsdtar(hostArtifact, hostTree);
    NativeTools.extractWithBsdtar(dockerArtifact, dockerTree);
    TreeSnapshot host = TreeSnapshot.of(hostTree).without(ALLOWED_DIFFERENCES);
    TreeSnapshot docker = TreeSnapshot.of(dockerTree).without(ALLOWED_DIFFERENCES);
    assertThat(docker.entries()).hasSizeGreaterThan(5000);
    assertThat(host.diff(docker)).as("host build vs docker build").isEmpty();
    // bsdtar gives the extraction root its own time: only the archives' mtimes are compared.
    assertThat(host.without(".").withMtimes().diff(docker.without(".").withMtimes()))
        .as("mtimes")
        .isEmpty();

    // GNU cpio, reading the archives itself, sees the same names, modes, owners and sizes.
    assertThat(NativeTools.listWithGnuCpio(dockerArtifact))
        .containsExactlyElementsOf(NativeTools.listWithGnuCpio(hostArtifact));
    // And so does our reader, down to inode numbers and link counts.
    InitramfsListing hostListing = InitramfsReader.read(hostArtifact);
    InitramfsListing dockerListing = InitramfsReader.read(dockerArtifact);
    assertThat(dockerListing.isSound()).isTrue();
    assertThat(dockerListing.entries()).containsExactlyElementsOf(hostListing.entries());
    // Same files, same order, same headers: the same bytes.
    assertThat(BuildIT.sha256(dockerArtifact)).isEqualTo(BuildIT.sha256(hostArtifact));
  }

  /**
   * edge-arm64 with the local repository for the Salt Project's, {@code master} for the agent and
   * {@code more} profile lines; packed with zstd -3, as only the tree is tested here.
   */
  static Path edgeProfile(String master, String more) throws Exception {
    return Files.writeString(
        outputs.resolve("edge-" + master + ".yaml"),
        EdgeBuildIT.profileText(
            repository.uri().toString(),
            repository.publicKey(),
            "agent:\n  master: " + master + "\noutput:\n  level: 3\n" + more));
  }

  @Test
  void build_edgeArm64InDocker_startsFromTheKeptBaseAndInstallsTheAgentFromARepositoryOnLoopback()
      throws Exception {
    coldArtifact();
    int requestsBefore = repository.requestCount();
    Path out = outputs.resolve("edge");

    CommandLineRun run =
        BuildIT.build(edgeProfile("salt-a.example.internal", "").toString(), out, "docker");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("copy cached base").doesNotContain("debootstrap bookworm");
    assertThat(repository.requestsAfter(requestsBefore))
        .as("apt in the container reached the repository on 127.0.0.1")
        .anyMatch(request -> request.startsWith("GET /dists/") && request.contains("InRelease"));
    Path tree = outputs.resolve("edge-extracted");
    NativeTools.extractWithBsdtar(out.resolve("edge-arm64.cpio.zst"), tree);
    EdgeBuildIT.assertAgentInstalledWithoutBuildTimeState(tree, "salt-a.example.internal");
    assertThat(tree.resolve("usr/sbin/policy-rc.d")).doesNotExist();
    assertThat(tree.resolve("tmp")).isEmptyDirectory();
    assertThat(Files.readString(tree.resolve("etc/hostname"))).isEqualTo("localhost\n");
    assertThat(buildContainers()).as("build containers left").isEmpty();
  }

  @Test
  void build_killedBySigtermDuringAptInDocker_leavesNoContainerAndNothingAtTheOutput()
      throws Exception {
    // Another package list: the build starts from the kept base and is killed while apt runs in
    // the container.
    coldArtifact();
    Path out = outputs.resolve("killed");
    Path profile = edgeProfile("salt-b.example.internal", "packages+: [less]\n");
    Path log = outputs.resolve("killed.log");
    Process build =
        new ProcessBuilder(
                "java",
                "-jar",
                Path.of("target/baseimg.jar").toString(),
                "build",
                profile.toString(),
                "-o",
                out.toString(),
                "--cache",
                CACHE.toString(),
                "--environment",
                "docker",
                "--console",
                "plain",
                "--verbose")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(build.waitFor(30, TimeUnit.SECONDS)).as("build still running").isFalse();
    NativeTools.run(List.of("kill", "-TERM", Long.toString(build.pid())));
    assertThat(build.waitFor(120, TimeUnit.SECONDS)).as("build stops after SIGTERM").isTrue();

    assertThat(Files.readString(log))
        .contains("stopped by a signal")
        .contains("apt-get")
        .doesNotContain("install packages done");
    assertThat(buildContainers()).as("build containers left after SIGTERM").isEmpty();
    if (Files.exists(out)) {
      try (var files = Files.list(out)) {
        assertThat(files.toList()).as("files at the output after SIGTERM").isEmpty();
      }
    }
    try (var work = Files.list(CACHE.resolve("work"))) {
      assertThat(work.toList()).as("work directories after SIGTERM").isEmpty();
    }
  }
}
