package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.baseimg.testing.MinbaseTree;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseimg build} end to end on this host, as CI runs it: debootstrap of arm64 under QEMU
 * user emulation, packing, a boot in qemu-system-aarch64, reproducibility, and builds killed
 * half-way; the SBOMs beside the artifact, valid and the same on a rebuild. Needs root,
 * debootstrap, binfmt qemu-aarch64 (F) and the Debian mirror.
 *
 * <p>Each test passes alone and in any order: what several need (the reference build, a cached
 * base) is made on first demand.
 */
class BuildIT {
  static final Path CACHE = MinbaseTree.cacheDirectory().resolve("build-cache");
  static final Path KERNELS = MinbaseTree.cacheDirectory().resolve("kernels");

  @TempDir static Path outputs;

  /**
   * The first build of base-arm64 in this JVM, bootstrapped with no base cached.
   *
   * @param run what the command line printed
   * @param out the output directory
   */
  record Reference(CommandLineRun run, Path out) {
    Path artifact() {
      return out.resolve("base-arm64.cpio.zst");
    }
  }

  private static Reference reference;

  /**
   * base-arm64 built on the host from no cached base, once and on first demand: the bytes every
   * later build of it must reproduce. A failed build is kept too, so it is not retried per test.
   */
  static synchronized Reference reference() throws Exception {
    if (reference == null) {
      removeBaseCache();
      Path out = outputs.resolve("reference");
      reference = new Reference(build("base-arm64", out), out);
    }
    return reference;
  }

  /** The sha256 of {@link #reference()}'s artifact; fails if that build failed. */
  static String referenceSha256() throws Exception {
    CommandLineRun run = reference().run();
    assertThat(run.exitCode()).as("the reference build:%n%s", run.err()).isZero();
    return sha256(reference().artifact());
  }

  /**
   * The {@code complete} marker of a base tree in {@link #CACHE}, building base-arm64 first when
   * none is cached (a test that removes the cache may have run before).
   */
  static Path cachedBase() throws Exception {
    Optional<Path> complete = completeBase();
    if (complete.isEmpty()) {
      CommandLineRun run = build("base-arm64", outputs.resolve("caching-the-base"));
      assertThat(run.exitCode()).as("the build that caches a base:%n%s", run.err()).isZero();
      complete = completeBase();
    }
    return complete.orElseThrow(() -> new AssertionError("no base in " + CACHE + " after a build"));
  }

  private static Optional<Path> completeBase() throws Exception {
    if (!Files.isDirectory(CACHE.resolve("bases"))) {
      return Optional.empty();
    }
    try (var bases = Files.list(CACHE.resolve("bases"))) {
      return bases.map(base -> base.resolve("complete")).filter(Files::exists).findFirst();
    }
  }

  /** A build on the host: auto would pick docker wherever an engine answers. */
  static CommandLineRun build(String profile, Path out) {
    return build(profile, out, "host");
  }

  /** A build of {@code profile} into {@code out} with the shared cache, in {@code environment}. */
  static CommandLineRun build(String profile, Path out, String environment) {
    return CommandLineRun.of(
        "build",
        profile,
        "-o",
        out.toString(),
        "--cache",
        CACHE.toString(),
        "--environment",
        environment,
        "--console",
        "plain",
        // The tools' own lines too: tests check what ran (apt-get) and what did not.
        "--verbose");
  }

  static void removeBaseCache() throws Exception {
    NativeTools.run(List.of("rm", "-rf", CACHE.resolve("bases").toString()));
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void build_baseArm64_makesAnArtifactThatBootsOnAarch64() throws Exception {
    Reference first = reference();

    assertThat(first.run().exitCode()).as(first.run().err()).isZero();
    assertThat(first.artifact()).exists();
    assertThat(first.out().resolve("base-arm64.cpio.zst.manifest.json")).exists();
    assertThat(first.run().out()).contains("base-arm64.cpio.zst").contains("sha256 ");
    SbomAssertions.assertSbomsOf(first.artifact());
    assertBootsOnAarch64(first.artifact());
  }

  /** {@code baseimg boot-test}: the artifact boots in QEMU to /init's marker on aarch64. */
  static void assertBootsOnAarch64(Path artifact) {
    CommandLineRun boot =
        CommandLineRun.of(
            "boot-test", artifact.toString(), "--cache", KERNELS.toString(), "--console", "plain");
    assertThat(boot.exitCode()).as(boot.err()).isZero();
    assertThat(boot.out()).contains("arch=aarch64");
  }

  @Test
  void build_killedBySigintDuringDebootstrap_leavesNothingAndTheNextBuildGivesTheSameBytes()
      throws Exception {
    String expected = referenceSha256();
    removeBaseCache();
    killAfter("INT", outputs.resolve("killed-INT"), 60);

    // The killed build stored no base: this one bootstraps again, from the cached .debs.
    removeBaseCache();
    Path out = outputs.resolve("after-INT");
    CommandLineRun run = build("base-arm64", out);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("debootstrap bookworm");
    assertThat(sha256(out.resolve("base-arm64.cpio.zst"))).isEqualTo(expected);
    SbomAssertions.assertSameSboms(out.resolve("base-arm64.cpio.zst"), reference().artifact());
  }

  @Test
  void build_withTheBaseCached_skipsDebootstrapAndGivesTheSameBytes() throws Exception {
    String expected = referenceSha256();
    Path complete = cachedBase();
    Path out = outputs.resolve("from-cached-base");
    Files.setLastModifiedTime(complete, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    CommandLineRun run = build("base-arm64", out);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("(cached base)");
    assertThat(run.err()).doesNotContain("debootstrap bookworm");
    assertThat(sha256(out.resolve("base-arm64.cpio.zst"))).isEqualTo(expected);
    SbomAssertions.assertSameSboms(out.resolve("base-arm64.cpio.zst"), reference().artifact());

    assertThat(Files.getLastModifiedTime(complete).toInstant())
        .as("the kept tree is marked as used by this build, so that pruning keeps it")
        .isAfterOrEqualTo(started);
    CommandLineRun list = CommandLineRun.of("cache", "list", "--cache", CACHE.toString());
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out().lines().filter(line -> line.startsWith("base tree")))
        .singleElement()
        .asString()
        .contains(" MiB  ")
        .doesNotContain("2000-01-01")
        .endsWith(CACHE.relativize(complete.getParent()).toString());
  }

  @Test
  void build_killedBySigtermWhilePacking_leavesNothingAtTheOutput() throws Exception {
    // With the base cached the build reaches the 30-second zstd -19 pack quickly; without the
    // frames earlier builds kept, packing compresses every frame again and is still running.
    cachedBase();
    NativeTools.run(List.of("rm", "-rf", CACHE.resolve("frames").toString()));
    killAfter("TERM", outputs.resolve("killed-TERM"), 20);
  }

  /** Starts a real baseimg process, signals it after {@code seconds}, checks what it left. */
  private static void killAfter(String signal, Path out, int seconds) throws Exception {
    Path log = outputs.resolve("killed-" + signal + ".log");
    Process build =
        new ProcessBuilder(
                "java",
                "-jar",
                Path.of("target/baseimg.jar").toString(),
                "build",
                "base-arm64",
                "-o",
                out.toString(),
                "--cache",
                CACHE.toString(),
                "--environment",
                "host",
                "--console",
                "plain")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(build.waitFor(seconds, TimeUnit.SECONDS)).as("build still running").isFalse();
    NativeTools.run(List.of("kill", "-" + signal, Long.toString(build.pid())));
    // Stopping debootstrap under emulation and unmounting can take minutes on a loaded runner.
    assertThat(build.waitFor(300, TimeUnit.SECONDS)).as("build stops after SIG" + signal).isTrue();

    assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
        .as("mounts under the cache after SIG%s", signal)
        .noneMatch(line -> line.contains(CACHE.toString()));
    if (Files.exists(out)) {
      try (var files = Files.list(out)) {
        assertThat(files.toList()).as("files at the output after SIG%s", signal).isEmpty();
      }
    }
    try (var work = Files.list(CACHE.resolve("work"))) {
      assertThat(work.toList()).as("work directories after SIG%s", signal).isEmpty();
    }
    assertThat(Files.readString(log)).contains("stopped by a signal");
  }

  @Test
  void build_unknownProfile_isBadInputInOneLine() {
    Path out = outputs.resolve("unknown");
    CommandLineRun run = build("edge-arm46", out);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("edge-arm46")
        .contains("did you mean edge-arm64?");
    assertThat(out).doesNotExist();
  }
}
