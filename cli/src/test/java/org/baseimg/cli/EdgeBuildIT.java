package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.baseimg.debian.DebianArchive;
import org.baseimg.debian.DebianKernel;
import org.baseimg.debian.DebianMirror;
import org.baseimg.event.EventListener;
import org.baseimg.qemu.BootResult;
import org.baseimg.qemu.QemuBoot;
import org.baseimg.testing.FakeSaltMinion;
import org.baseimg.testing.LocalAptRepository;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseimg build} of edge-arm64 against a local signed apt repository on 127.0.0.1 that
 * stands in for the Salt Project's (unreachable here): its salt-minion has the real package's
 * layout, and its postinst writes a minion id and keys and tries to start the service, leaving
 * evidence if it does. Also the ways a repository or package can be wrong.
 */
class EdgeBuildIT {
  static LocalAptRepository repository;

  @TempDir static Path work;

  @BeforeAll
  static void serve() throws Exception {
    repository = LocalAptRepository.withFakeSaltMinion(List.of("arm64", "amd64"));
  }

  @AfterAll
  static void stop() throws Exception {
    repository.close();
  }

  /** edge-arm64 with the Salt repository replaced by the local one, plus {@code extra} lines. */
  static Path profile(String name, String uri, Path key, String extra) throws Exception {
    // zstd -3: only the tree is tested here, and -19 would spend minutes of CI on each build.
    return Files.writeString(
        work.resolve(name + ".yaml"), profileText(uri, key, extra + "output:\n  level: 3\n"));
  }

  /** The text of edge-arm64 with the Salt repository at {@code uri} signed by {@code key}. */
  static String profileText(String uri, Path key, String extra) {
    return "extends: edge-arm64\n"
        + "repositories:\n"
        + "  - name: salt\n"
        + "    uri: "
        + uri
        + "\n"
        + "    suite: "
        + LocalAptRepository.DEFAULT_SUITE
        + "\n"
        + "    components: [main]\n"
        + "    signed-by: "
        + key
        + "\n"
        + extra;
  }

  static CommandLineRun build(Path profile, Path out) {
    return BuildIT.build(profile.toString(), out);
  }

  @Test
  void build_edgeArm64_installsSaltMinionConfiguredWithoutIdAndStartsNothing() throws Exception {
    Path out = work.resolve("edge");
    int requestsBefore = repository.requestCount();
    CommandLineRun run =
        build(profile("edge-local", repository.uri().toString(), repository.publicKey(), ""), out);

    assertThat(run.exitCode()).as(run.err()).isZero();
    // apt read the repository's signed index (the .deb itself may come from the shared apt cache).
    assertThat(repository.requestsAfter(requestsBefore))
        .anyMatch(
            request -> request.startsWith("GET /dists/") && request.contains("InRelease 200"));
    Path artifact = out.resolve("edge-arm64.cpio.zst");
    Path tree = work.resolve("edge-extracted");
    NativeTools.extractWithBsdtar(artifact, tree);

    // An absolute link, as in the real package: check it inside the tree, not on the host.
    Path link = tree.resolve("usr/bin/salt-minion");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(tree.resolve(Files.readSymbolicLink(link).toString().substring(1))).isRegularFile();
    assertAgentInstalledWithoutBuildTimeState(tree, "salt");
    assertThat(
            Files.exists(
                tree.resolve(FakeSaltMinion.ENABLED_UNIT_LINK.substring(1)),
                LinkOption.NOFOLLOW_LINKS))
        .as("enabled at boot, as the profile says")
        .isTrue();
    assertThat(Files.isExecutable(tree.resolve("etc/baseimg/boot.d/50-salt-minion")))
        .as("the built-in init has a script that starts the enabled agent")
        .isTrue();
    assertThat(tree.resolve("usr/sbin/policy-rc.d")).doesNotExist();
    assertThat(Files.readString(tree.resolve("etc/hostname"))).isEqualTo("localhost\n");
    try (var lists = Files.list(tree.resolve("var/lib/apt/lists"))) {
      assertThat(lists.map(path -> path.getFileName().toString()).toList())
          .as("apt lists are cleaned")
          .containsExactly("partial");
    }
    assertThat(tree.resolve("var/lib/apt/lists/partial")).isEmptyDirectory();
    assertThat(Files.readString(out.resolve("edge-arm64.cpio.zst.manifest.json")))
        .contains("\"name\": \"salt-minion\"")
        .contains("\"version\": \"" + FakeSaltMinion.VERSION + "\"");
    JsonNode spdx = SbomAssertions.assertSbomsOf(artifact);
    assertThat(spdx.get("packages"))
        .as("the local repository's salt-minion, with its purl")
        .anySatisfy(
            p -> {
              assertThat(p.get("name").asText()).isEqualTo("salt-minion");
              assertThat(p.get("versionInfo").asText()).isEqualTo(FakeSaltMinion.VERSION);
              assertThat(p.get("externalRefs").get(0).get("referenceLocator").asText())
                  .startsWith("pkg:deb/debian/salt-minion@")
                  .contains("distro=debian-12");
            });

    BootResult boot =
        QemuBoot.create("arm64", EventListener.NONE)
            .withTimeout(Duration.ofSeconds(180))
            .boot(kernel(), artifact);
    assertThat(boot.markerSeen())
        .as("marker on the console; last lines:%n%s", String.join("\n", boot.consoleTail()))
        .isTrue();
    assertThat(boot.consoleTail())
        .as("the built-in init started salt-minion before the marker")
        .anyMatch(line -> line.contains(FakeSaltMinion.BANNER));
  }

  @Test
  void diffAndInspect_baseAndEdgeArm64_nameTheMinionItsConfigurationAndEveryByte()
      throws Exception {
    Path edgeOut = work.resolve("diff-edge");
    CommandLineRun edgeRun =
        build(
            profile("diff-edge", repository.uri().toString(), repository.publicKey(), ""), edgeOut);
    assertThat(edgeRun.exitCode()).as(edgeRun.err()).isZero();
    Path baseOut = work.resolve("diff-base");
    CommandLineRun baseRun =
        build(
            Files.writeString(
                work.resolve("diff-base.yaml"), "extends: base-arm64\noutput:\n  level: 3\n"),
            baseOut);
    assertThat(baseRun.exitCode()).as(baseRun.err()).isZero();
    Path base = baseOut.resolve("base-arm64.cpio.zst");
    Path edge = edgeOut.resolve("edge-arm64.cpio.zst");

    CommandLineRun diff =
        CommandLineRun.of("diff", base.toString(), edge.toString(), "--format", "json");
    assertThat(diff.exitCode()).as(diff.err()).isZero();
    JsonNode changes = new ObjectMapper().readTree(diff.out());
    List<String> added = new ArrayList<>();
    changes.get("addedPackages").forEach(pkg -> added.add(pkg.get("name").asText()));
    assertThat(added).contains("ca-certificates", "salt-minion");
    List<String> files = new ArrayList<>();
    changes.get("addedFiles").forEach(file -> files.add(file.get("path").asText()));
    assertThat(files).contains("/etc/salt/minion.d/baseimg.conf", "/usr/bin/salt-minion");

    // The bytes by package add up to the regular files' bytes, as bsdtar extracts them (a file
    // with several names counted once).
    CommandLineRun byPackage =
        CommandLineRun.of("inspect", edge.toString(), "--by-package", "--json");
    assertThat(byPackage.exitCode()).as(byPackage.err()).isZero();
    JsonNode shares = new ObjectMapper().readTree(byPackage.out());
    long sum = shares.get("noPackage").get("bytes").asLong();
    for (JsonNode share : shares.get("packages")) {
      sum += share.get("bytes").asLong();
    }
    Path tree = work.resolve("diff-edge-extracted");
    NativeTools.extractWithBsdtar(edge, tree);
    assertThat(sum)
        .isEqualTo(shares.get("regularFileBytes").asLong())
        .isEqualTo(regularFileBytesByInode(tree));
  }

  private static long regularFileBytesByInode(Path tree) throws Exception {
    Map<Object, Long> sizes = new HashMap<>();
    try (var paths = Files.walk(tree)) {
      for (Path path : paths.toList()) {
        BasicFileAttributes attributes =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isRegularFile()) {
          sizes.put(attributes.fileKey(), attributes.size());
        }
      }
    }
    return sizes.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Debian's stock arm64 kernel, fetched on demand into the cache BuildIT's boot test uses. */
  private static Path kernel() throws Exception {
    DebianArchive archive =
        DebianArchive.create(DebianMirror.fromHost(), BuildIT.KERNELS, EventListener.NONE);
    return DebianKernel.online(archive).fetch("bookworm", "arm64").image();
  }

  @Test
  void build_changingOnlyTheAgentsSettings_startsFromTheCachedPackages() throws Exception {
    Path first = work.resolve("agent-first");
    CommandLineRun before =
        build(
            profile(
                "agent-a",
                repository.uri().toString(),
                repository.publicKey(),
                "agent:\n  master: salt-a.example.internal\n"),
            first);
    assertThat(before.exitCode()).as(before.err()).isZero();

    Path second = work.resolve("agent-second");
    CommandLineRun after =
        build(
            profile(
                "agent-b",
                repository.uri().toString(),
                repository.publicKey(),
                "agent:\n  master: salt-b.example.internal\n"),
            second);

    assertThat(after.exitCode()).as(after.err()).isZero();
    assertThat(after.err()).contains("copy cached packages").doesNotContain("apt-get install");
    Path tree = work.resolve("agent-extracted");
    NativeTools.extractWithBsdtar(second.resolve("edge-arm64.cpio.zst"), tree);
    assertThat(Files.readString(tree.resolve("etc/salt/minion.d/baseimg.conf")))
        .contains("master: salt-b.example.internal");
  }

  @Test
  void build_keyThatDoesNotMatchTheRepositorysSignature_isBadInput() throws Exception {
    Path out = work.resolve("wrong-key");
    CommandLineRun run =
        build(
            profile("wrong-key", repository.uri().toString(), repository.otherPublicKey(), ""),
            out);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(lastLine(run)).contains("not signed by the profile's key");
    assertThat(out.resolve("edge-arm64.cpio.zst")).doesNotExist();
  }

  @Test
  void build_repositoryThatDoesNotAnswer_failsNamingIt() throws Exception {
    Path out = work.resolve("no-answer");
    // Port 9 (discard) is closed on this host: the connection is refused at once.
    CommandLineRun run =
        build(profile("no-answer", "http://127.0.0.1:9/", repository.publicKey(), ""), out);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(lastLine(run)).contains("does not answer").contains("127.0.0.1:9");
    assertThat(out.resolve("edge-arm64.cpio.zst")).doesNotExist();
  }

  @Test
  void build_packageThatDoesNotExist_isBadInputNamingIt() throws Exception {
    Path out = work.resolve("no-package");
    CommandLineRun run =
        build(
            profile(
                "no-package",
                repository.uri().toString(),
                repository.publicKey(),
                "packages+: [baseimg-no-such-package]\n"),
            out);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(lastLine(run)).contains("package baseimg-no-such-package does not exist");
    assertThat(out.resolve("edge-arm64.cpio.zst")).doesNotExist();
  }

  /**
   * The fake salt-minion is installed and configured for {@code master}, its postinst's minion id
   * and keys are cleaned out, and it started no service during the build.
   */
  static void assertAgentInstalledWithoutBuildTimeState(Path tree, String master) throws Exception {
    assertThat(tree.resolve(FakeSaltMinion.UNIT_FILE.substring(1))).exists();
    assertThat(Files.readString(tree.resolve("etc/salt/minion.d/baseimg.conf")))
        .contains("master: " + master)
        .contains("minion_id_caching: False")
        .contains("role: edge");
    for (String state : FakeSaltMinion.BUILD_TIME_STATE) {
      assertThat(tree.resolve(state.substring(1))).as("build-time state " + state).doesNotExist();
    }
    assertThat(tree.resolve(FakeSaltMinion.EVIDENCE_FILE.substring(1)))
        .as("the postinst could not start the service during the build")
        .doesNotExist();
  }

  /** The last line on standard error: the one that names the cause. */
  private static String lastLine(CommandLineRun run) {
    List<String> lines = run.errLines().stream().filter(line -> !line.startsWith("  ")).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
