package org.baseimg.builder;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildContext;
import org.baseimg.builder.internal.BuildEnvironment;
import org.baseimg.builder.internal.BuildPlan;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.Debootstrap;
import org.baseimg.builder.internal.PackageProgress;
import org.baseimg.builder.internal.StepsRunner;
import org.baseimg.builder.internal.cache.BaseCache;
import org.baseimg.builder.internal.cache.CacheLayout;
import org.baseimg.builder.internal.cache.CacheLock;
import org.baseimg.builder.internal.cache.RemoteCache;
import org.baseimg.builder.internal.cache.WorkDirectory;
import org.baseimg.builder.internal.docker.DockerEnvironment;
import org.baseimg.builder.internal.host.HostEnvironment;
import org.baseimg.debian.DebianMirror;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.Cleanup;

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
    // debootstrap's and apt's lines become package counts a front end can draw as a bar.
    this.events = new PackageProgress(events);
  }

  public static ImageBuilder create(ImageSpec spec, EventListener events) {
    return new ImageBuilder(spec, events);
  }

  /** Runs every step and returns the artifact. */
  @SuppressWarnings("try") // cacheLock is held for the whole build, never called
  public BuildResult build(BuildOptions options) throws BaseimgException, InterruptedException {
    long started = System.nanoTime();
    RemoteCache remoteCache = RemoteCache.of(spec.build(), options.registry(), events);
    ImageSpec.Environment where = environment();
    if (where == ImageSpec.Environment.HOST) {
      checkHost(options);
    } else {
      checkEngine(options);
    }
    Path cacheRoot = spec.build().cacheDirectory();
    if (remoteCache.enabled() && where != ImageSpec.Environment.HOST) {
      // Kept trees are images on the engine there, not directories of the cache.
      events.on(
          new Event.Warning(
              "cache-from and cache-to share the kept trees of builds on this host"
                  + " (environment host); this build in a container neither fetches nor publishes"));
    }
    URI mirror = mirror();
    // Declared first, released last: after the cleanup has unmounted and removed the work.
    try (CacheLock cacheLock = CacheLock.shared(cacheRoot, events);
        Cleanup cleanup =
            new Cleanup(problem -> events.on(new Event.Warning("cleanup: " + problem)));
        WorkDirectory work =
            WorkDirectory.create(cacheRoot.resolve(CacheLayout.WORK), cleanup, events)) {
      BaseCache.Lookup base = BaseCache.lookup(spec, mirror, cacheRoot, events);
      long epoch = options.sourceDateEpoch().orElse(base.releaseDate());
      BuildContext context =
          new BuildContext(
              spec, options, mirror, cacheRoot, work.path(), epoch, cleanup, events, remoteCache);
      try (BuildEnvironment environment = environment(where, context)) {
        BuildPlan plan = BuildPlan.of(context, environment, base);
        BuildState state = new BuildState();
        new StepsRunner(events).run(plan.steps(), state);
        return new BuildResult(
            context.artifact(),
            Manifest.besides(context.artifact()),
            state.packed().sha256(),
            state.packed().compressedBytes(),
            state.packed().entries(),
            plan.baseFromCache(),
            state
                .stagedKernel()
                .map(k -> context.artifact().resolveSibling(spec.output().stem() + ".Image")),
            state.hazards(),
            Duration.ofNanos(System.nanoTime() - started));
      }
    }
  }

  private static BuildEnvironment environment(ImageSpec.Environment where, BuildContext context)
      throws BaseimgException {
    return switch (where) {
      case HOST -> new HostEnvironment(context);
      case DOCKER -> new DockerEnvironment(context);
      case AUTO -> throw new IllegalStateException("auto is decided before the build starts");
    };
  }

  /** The spec's environment, with {@code auto} decided: Docker when an engine answers. */
  private ImageSpec.Environment environment() {
    ImageSpec.Environment chosen = spec.build().environment();
    if (chosen != ImageSpec.Environment.AUTO) {
      return chosen;
    }
    boolean docker = DockerPrerequisites.engineAnswers();
    events.on(
        new Event.Info(
            "environment auto: "
                + (docker
                    ? "a Docker engine answers, building in a container"
                    : "no Docker engine answers, building on this host")));
    return docker ? ImageSpec.Environment.DOCKER : ImageSpec.Environment.HOST;
  }

  private void checkEngine(BuildOptions options) throws BaseimgException, InterruptedException {
    try {
      DockerPrerequisites.require(spec.arch());
    } catch (BadInputException e) {
      throw new BadInputException(e.getMessage() + "; " + options.suggestions().buildOnHost(), e);
    } catch (BaseimgException e) {
      throw new BaseimgException(e.getMessage() + "; " + options.suggestions().buildOnHost(), e);
    }
    // A boot set's kernel is staged on this host in either environment.
    List<String> packages = Prerequisites.missingPackages(Prerequisites.kernelChecks(spec));
    if (packages.isEmpty()) {
      return;
    }
    if (options.installMissingTools() && Prerequisites.canInstall()) {
      events.on(new Event.Info("installing what this host lacks: " + String.join(" ", packages)));
      Prerequisites.installPackages(packages, events);
      return;
    }
    throw new BaseimgException(
        "the boot set's kernel needs "
            + String.join(" ", packages)
            + " on this host ("
            + options.suggestions().allowInstalls()
            + ")");
  }

  private void checkHost(BuildOptions options) throws BaseimgException, InterruptedException {
    List<Prerequisites.Check> checks = Prerequisites.check(spec);
    List<Prerequisites.Check> failed = checks.stream().filter(check -> !check.ok()).toList();
    if (failed.isEmpty()) {
      return;
    }
    List<String> packages = Prerequisites.missingPackages(checks);
    boolean rootMissing = failed.stream().anyMatch(check -> check.name().equals("root"));
    if (options.installMissingTools() && !rootMissing && Prerequisites.canInstall()) {
      events.on(
          new Event.Info(
              packages.isEmpty()
                  ? "registering " + spec.arch().binfmtName() + " with binfmt_misc"
                  : "installing what this host lacks: " + String.join(" ", packages)));
      Prerequisites.install(spec.arch(), packages, events);
      failed = Prerequisites.check(spec).stream().filter(check -> !check.ok()).toList();
      if (failed.isEmpty()) {
        return;
      }
    }
    Prerequisites.Check first = failed.get(0);
    BuildSuggestions suggestions = options.suggestions();
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
                : "; packages needed: "
                    + String.join(" ", packages)
                    + (options.installMissingTools()
                        ? ""
                        : " (" + suggestions.allowInstalls() + ")"))
            + "; "
            + suggestions.buildInContainer()
            + (failed.size() > 1 ? " (" + suggestions.checkHost(failed.size()) + ")" : ""));
  }

  /** The profile's mirror, else the host's apt sources, else debootstrap's default. */
  private URI mirror() throws BaseimgException {
    if (spec.mirror().isPresent()) {
      return spec.mirror().get();
    }
    try {
      return DebianMirror.fromHost().uri();
    } catch (BaseimgException noHostMirror) {
      return Debootstrap.defaultMirror()
          .orElseThrow(
              () ->
                  new BaseimgException(
                      "no mirror in the profile, none in the host's apt sources,"
                          + " and debootstrap names none; set mirror: in the profile"));
    }
  }
}
