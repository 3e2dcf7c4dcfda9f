package org.baseimg.builder;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildSteps;
import org.baseimg.builder.internal.Cleanup;
import org.baseimg.builder.internal.cache.CacheLayout;
import org.baseimg.builder.internal.cache.CacheLock;
import org.baseimg.debian.DebianMirror;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.image.ImageSpec;
import org.baseimg.initramfs.InitProgram;
import org.baseimg.initramfs.PackOptions;

/**
 * Builds an image from its spec: debootstrap, the profile's customisation in a chroot, cleaning,
 * packing, and a manifest. The spec's build environment says where: on this host (debootstrap in
 * two stages, the second under QEMU user emulation), in a container of the target's platform on a
 * Docker engine (the tree streamed out as tar, nothing of it on this host's disk), or {@code auto}:
 * Docker when an engine answers, else this host. The steps are the same in both.
 *
 * <pre>{@code
 * BuildResult result = ImageBuilder.create(spec, events).build(BuildOptions.into(Path.of("out")));
 * }</pre>
 *
 * <p>Every step is named and counted up front; mounts, the work directory and half-written outputs
 * are cleaned up on success, failure, Ctrl-C and SIGTERM. A failed build leaves nothing at the
 * output path.
 */
public final class ImageBuilder {
  private final ImageSpec spec;
  private final EventListener events;

  private ImageBuilder(ImageSpec spec, EventListener events) {
    this.spec = spec;
    this.events = events;
  }

  public static ImageBuilder create(ImageSpec spec, EventListener events) {
    return new ImageBuilder(spec, events);
  }

  /** Runs every step and returns the artifact. */
  public BuildResult build(BuildOptions options) throws BaseimgException, InterruptedException {
    long started = System.nanoTime();
    ImageSpec.Environment environment = environment();
    if (environment == ImageSpec.Environment.HOST) {
      checkPrerequisites(options);
    } else {
      DockerPrerequisites.require(spec.arch());
    }
    Path cacheRoot = spec.build().cacheDirectory();
    URI mirror = mirror();
    // Declared first, released last: after the cleanup has unmounted and removed the work.
    try (CacheLock cacheLock = CacheLock.shared(cacheRoot, events);
        Cleanup cleanup =
            new Cleanup(problem -> events.on(new Event.Warning("cleanup: " + problem)));
        WorkDirectory work =
            WorkDirectory.create(cacheRoot.resolve(CacheLayout.WORK), cleanup, events)) {
      BuildSteps steps =
          new BuildSteps(
              spec, options, mirror, cacheRoot, work.path(), cleanup, events, environment);
      return steps.run(profileDigest(options), packOptions(), started);
    }
  }

  /** The spec's environment, with {@code auto} decided: Docker when an engine answers. */
  private ImageSpec.Environment environment() {
    ImageSpec.Environment chosen = spec.build().environment();
    if (chosen != ImageSpec.Environment.AUTO) {
      return chosen;
    }
    boolean docker = DockerPrerequisites.engineAnswers();
    events.on(
        new Event.Warning(
            "environment auto: "
                + (docker
                    ? "a Docker engine answers, building in a container"
                    : "no Docker engine answers, building on this host")));
    return docker ? ImageSpec.Environment.DOCKER : ImageSpec.Environment.HOST;
  }

  private void checkPrerequisites(BuildOptions options)
      throws BaseimgException, InterruptedException {
    List<Prerequisites.Check> checks = Prerequisites.check(spec.arch());
    List<Prerequisites.Check> failed = checks.stream().filter(check -> !check.ok()).toList();
    if (failed.isEmpty()) {
      return;
    }
    List<String> packages = Prerequisites.missingPackages(checks);
    boolean rootMissing = failed.stream().anyMatch(check -> check.name().equals("root"));
    if (options.installMissingTools() && !rootMissing && Prerequisites.canInstall()) {
      events.on(
          new Event.Warning(
              packages.isEmpty()
                  ? "registering " + spec.arch().binfmtName() + " with binfmt_misc"
                  : "installing what this host lacks: " + String.join(" ", packages)));
      Prerequisites.install(spec.arch(), packages, events);
      failed = Prerequisites.check(spec.arch()).stream().filter(check -> !check.ok()).toList();
      if (failed.isEmpty()) {
        return;
      }
    }
    Prerequisites.Check first = failed.get(0);
    throw new BaseimgException(
        "this host cannot build "
            + spec.arch().debianName()
            + " images in a chroot: "
            + first.name()
            + " ("
            + first.detail()
            + "): "
            + first.fix()
            + (packages.isEmpty() || rootMissing
                ? ""
                : "; packages needed: " + String.join(" ", packages))
            + (failed.size() > 1
                ? " (run baseimg doctor for all " + failed.size() + " problems)"
                : ""));
  }

  /** The profile's mirror, else the host's apt sources, else debootstrap's default. */
  private URI mirror() throws BaseimgException {
    if (spec.mirror().isPresent()) {
      return spec.mirror().get();
    }
    try {
      return DebianMirror.fromHost().uri();
    } catch (BaseimgException noHostMirror) {
      return org.baseimg.builder.internal.BuildSteps.debootstrapDefaultMirror()
          .orElseThrow(
              () ->
                  new BaseimgException(
                      "no mirror in the profile, none in the host's apt sources,"
                          + " and debootstrap names none; set mirror: in the profile"));
    }
  }

  private PackOptions packOptions() {
    InitProgram init =
        spec.init() instanceof ImageSpec.InitSpec.File file
            ? InitProgram.file(file.path())
            : InitProgram.builtin();
    return PackOptions.defaults().withCompression(spec.output().compression()).withInit(init);
  }

  private static String profileDigest(BuildOptions options) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(options.profileText().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * A build's private directory under the cache, locked while the build runs. Directories whose
   * lock is free belong to builds that were killed: their mounts are undone and they are removed.
   */
  private static final class WorkDirectory implements AutoCloseable {
    private final Path path;
    private final FileChannel lockFile;
    private final FileLock lock;

    private WorkDirectory(Path path, FileChannel lockFile, FileLock lock) {
      this.path = path;
      this.lockFile = lockFile;
      this.lock = lock;
    }

    static WorkDirectory create(Path root, Cleanup cleanup, EventListener events)
        throws BaseimgException, InterruptedException {
      try {
        Files.createDirectories(root);
        BuildSteps.removeStaleWork(root, events);
        // Made under a name other builds pass over, and named build-* only once locked, so that
        // none takes it for a killed build's between the two.
        Path fresh = Files.createTempDirectory(root, CacheLayout.NEW_WORK);
        FileChannel lockFile =
            FileChannel.open(
                fresh.resolve(CacheLayout.LOCK),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock();
        Path path =
            root.resolve(
                "build-" + fresh.getFileName().toString().substring(CacheLayout.NEW_WORK.length()));
        Files.move(fresh, path, StandardCopyOption.ATOMIC_MOVE);
        CacheLayout.holdWork(path);
        cleanup.add("remove " + path, () -> BuildSteps.removeTree(path, EventListener.NONE));
        return new WorkDirectory(path, lockFile, lock);
      } catch (IOException e) {
        throw new BaseimgException(
            "cannot make a work directory in " + root + ": " + e.getMessage(), e);
      }
    }

    Path path() {
      return path;
    }

    @Override
    public void close() {
      CacheLayout.releaseWork(path);
      try {
        lock.release();
        lockFile.close();
      } catch (IOException e) {
        // The directory is removed by the cleanup either way.
      }
    }
  }
}
