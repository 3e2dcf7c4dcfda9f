package org.baseimg.builder.internal.docker;

import com.github.dockerjava.api.model.Container;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.builder.BuildSuggestions;
import org.baseimg.builder.Manifest;
import org.baseimg.builder.internal.BuildContext;
import org.baseimg.builder.internal.BuildEnvironment;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.builder.internal.Debootstrap;
import org.baseimg.builder.internal.Target;
import org.baseimg.builder.internal.cache.BaseCache;
import org.baseimg.builder.internal.cache.CacheLayout;
import org.baseimg.builder.internal.host.BinfmtRegistration;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.Cleanup;
import org.baseimg.internal.FileLocks;
import org.baseimg.internal.Processes;

/**
 * The build in a container of the target's platform: debootstrap runs there as a native program of
 * the container (emulated through the engine host's binfmt_misc, or not at all on an engine of the
 * target's architecture), the profile's steps run in a chroot inside it, and the tree leaves it as
 * a tar stream. Nothing of the tree is written to this host's disk and no root is needed here,
 * except to make a builder image when the engine has none and no registry answers.
 *
 * <p>On an engine on this machine (a unix socket), the host build's .deb and apt caches are
 * bind-mounted in and shared under the same locks; a remote engine downloads every time.
 */
public final class DockerEnvironment implements BuildEnvironment {
  private static final String DEB_CACHE = "/var/cache/baseimg/debs";
  private static final String APT_CACHE = "/var/cache/baseimg/apt";
  private static final String KEYRING = "/var/cache/baseimg/keyring.gpg";

  /** The repository of kept trees on the engine. */
  static final String KEPT_TREES = "baseimg/tree";

  /** Labels a kept tree with its cache key. */
  static final String KEPT_LABEL = "org.baseimg.tree";

  private final BuildContext context;
  private final ImageSpec spec;
  private final Path cacheRoot;
  private final Map<String, String> chrootEnvironment;
  private final Cleanup cleanup;
  private final EventListener events;
  private final DockerEngine engine;

  private BuilderImage.Result builder;
  private BuildContainer container;
  private DockerTarget target;
  private String debootstrapVersion = "unknown";

  /** Connects to the engine and checks that it can run the target's binaries. */
  public DockerEnvironment(BuildContext context) throws BaseimgException {
    this.context = context;
    this.spec = context.spec();
    this.cacheRoot = context.cacheRoot();
    this.chrootEnvironment = context.commandEnvironment();
    this.cleanup = context.cleanup();
    this.events = context.events();
    this.engine = DockerEngine.connect();
    cleanup.add("close the Docker client", engine::close);
    engine.requireEmulation(spec.arch());
  }

  @Override
  public List<BuildStep> preparation() {
    return List.of(new BuilderImageStep());
  }

  /** The builder image: the engine's, pulled, or made here (see {@link BuilderImage}). */
  private final class BuilderImageStep implements BuildStep {
    @Override
    public String name() {
      return "builder image " + BuilderImage.tag(spec);
    }

    @Override
    public void run(BuildState state) throws BaseimgException, InterruptedException {
      long started = System.nanoTime();
      builder =
          new BuilderImage(engine, spec, events)
              .ensure(
                  context.mirror(),
                  context.work(),
                  CacheLayout.debs(cacheRoot, spec),
                  chrootEnvironment,
                  cleanup);
      events.on(
          new Event.PhaseFinished(
              "builder image", Duration.ofNanos(System.nanoTime() - started), builder.summary()));
    }
  }

  /** Starts the build container from {@code image}: the builder, or a kept tree made with it. */
  private void startContainer(String image)
      throws BaseimgException, InterruptedException, IOException {
    if (container != null) {
      throw new IllegalStateException("the build container runs already");
    }
    removeContainersOfKilledBuilds();
    List<BuildContainer.Mount> mounts = new ArrayList<>();
    if (engine.isLocal()) {
      Path debs = CacheLayout.debs(cacheRoot, spec);
      Files.createDirectories(debs);
      mounts.add(new BuildContainer.Mount(debs, DEB_CACHE));
      mounts.add(new BuildContainer.Mount(CacheLayout.aptArchives(cacheRoot, spec), APT_CACHE));
    }
    boolean escalate = context.options().allowPrivilegeEscalation();
    try {
      container =
          BuildContainer.start(
              engine,
              image,
              spec.arch().containerPlatform(),
              mounts,
              buildLabel(context.work()),
              cleanup,
              events,
              escalate
                  ? List.of(BuildContainer.Privileges.values())
                  : List.of(BuildContainer.Privileges.LEAST));
    } catch (BaseimgException e) {
      BuildSuggestions suggestions = context.options().suggestions();
      throw new BaseimgException(
          e.getMessage()
              + "; "
              + (escalate ? suggestions.buildOnHost() : suggestions.allowEscalation()),
          e);
    }
    target = new DockerTarget(container, chrootEnvironment);
    ByteArrayOutputStream script = new ByteArrayOutputStream();
    container.exec(
        "debootstrap version",
        List.of("grep", "^VERSION=", "/usr/sbin/debootstrap"),
        EventListener.NONE,
        script);
    debootstrapVersion =
        Debootstrap.version(script.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /** The label naming a build: this machine's id and the build's work directory. */
  private static String buildLabel(Path work) {
    return machineId() + " " + work.toAbsolutePath();
  }

  private static String machineId() {
    try {
      return Files.readString(Path.of("/etc/machine-id")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Removes build containers whose build was killed: started on this machine, their work directory
   * gone (the build that removes it found its lock free).
   */
  private void removeContainersOfKilledBuilds() {
    List<Container> containers;
    try {
      containers =
          engine
              .client()
              .listContainersCmd()
              .withShowAll(true)
              .withLabelFilter(List.of(BuildContainer.LABEL))
              .exec();
    } catch (RuntimeException e) {
      events.on(
          new Event.Warning("cannot list old build containers: " + DockerEngine.rootCause(e)));
      return;
    }
    String mine = machineId() + " ";
    for (Container old : containers) {
      String label = old.getLabels() == null ? null : old.getLabels().get(BuildContainer.LABEL);
      if (label != null
          && label.startsWith(mine)
          && !Files.exists(Path.of(label.substring(mine.length())))) {
        events.on(
            new Event.Warning(
                "removing container "
                    + BuildContainer.shortId(old.getId())
                    + ", left by a build that was killed"));
        try {
          engine.client().removeContainerCmd(old.getId()).withForce(true).exec();
        } catch (RuntimeException e) {
          events.on(new Event.Warning("cannot remove it: " + DockerEngine.rootCause(e)));
        }
      }
    }
  }

  @Override
  public Target bootstrap() throws BaseimgException, InterruptedException, IOException {
    startContainer(builder.id());
    Optional<String> keyring = Optional.empty();
    if (spec.keyring().isPresent() && spec.checkSignatures()) {
      container.put(
          "/",
          TarStreams.singleFile(
              KEYRING.substring(1),
              Files.readAllBytes(spec.keyring().get()),
              0644,
              Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
      keyring = Optional.of(KEYRING);
    }
    List<String> command = new ArrayList<>(List.of("debootstrap"));
    command.addAll(
        Debootstrap.options(
            spec,
            spec.variant(),
            List.of(),
            keyring,
            engine.isLocal() ? Optional.of(DEB_CACHE) : Optional.empty()));
    command.add(spec.suite());
    command.add(DockerTarget.TREE);
    command.add(context.mirror().toString());
    if (engine.isLocal()) {
      // The host's debootstrap takes the same lock while it fills the shared .deb cache.
      FileLocks.underLock(
          CacheLayout.debsLock(CacheLayout.debs(cacheRoot, spec)), () -> debootstrap(command));
    } else {
      debootstrap(command);
    }
    return target;
  }

  private void debootstrap(List<String> command) throws BaseimgException, InterruptedException {
    Processes.requireSuccess(
        "debootstrap in the build container",
        command,
        container.exec("debootstrap", target.withOnlyEnvironment(command), events));
  }

  /**
   * The image a tree is kept in on the engine: named by the tree's key and the builder image it was
   * made with (a new builder may have another debootstrap), or empty while there is no builder.
   */
  private Optional<String> keptImage(BaseCache.Lookup kept) throws BaseimgException {
    Optional<String> builderId =
        builder != null ? Optional.of(builder.id()) : BuilderImage.presentId(engine, spec);
    return builderId.map(
        id ->
            KEPT_TREES
                + ":"
                + spec.suite()
                + "-"
                + spec.arch().debianName()
                + "-"
                + kept.key()
                + "-"
                + BuildContainer.shortId(id.replaceFirst("^sha256:", "")));
  }

  /** Kept trees are images on the engine: the builder with the tree committed on top. */
  @Override
  public boolean hasCached(BaseCache.Lookup kept) {
    try {
      Optional<String> image = keptImage(kept);
      return image.isPresent() && BuilderImage.exists(engine, image.get());
    } catch (BaseimgException e) {
      events.on(new Event.Warning("cannot look for a kept tree: " + e.getMessage()));
      return false;
    }
  }

  @Override
  public Target restore(BaseCache.Lookup kept)
      throws BaseimgException, InterruptedException, IOException {
    startContainer(
        keptImage(kept).orElseThrow(() -> new IllegalStateException("no builder image")));
    return target;
  }

  /** Commits the container, tree and all, as the image {@link #hasCached} looks for. */
  @Override
  public void store(BaseCache.Lookup kept) throws BaseimgException, InterruptedException {
    target.unmount(events);
    String image = keptImage(kept).orElseThrow(() -> new IllegalStateException("no builder"));
    try {
      engine
          .client()
          .commitCmd(container.id())
          .withRepository(image.substring(0, image.indexOf(':')))
          .withTag(image.substring(image.indexOf(':') + 1))
          .withLabels(Map.of(KEPT_LABEL, kept.key()))
          .withPause(true)
          .exec();
    } catch (RuntimeException e) {
      throw new BaseimgException(
          "cannot keep the tree as image " + image + ": " + DockerEngine.rootCause(e), e);
    }
  }

  @Override
  public void withAptCache(FileLocks.Action work)
      throws BaseimgException, InterruptedException, IOException {
    if (!engine.isLocal()) {
      work.run();
      return;
    }
    String archives = DockerTarget.TREE + "/var/cache/apt/archives";
    FileLocks.underLock(
        CacheLayout.aptLock(CacheLayout.aptArchives(cacheRoot, spec)),
        () -> {
          target.mount(events);
          Processes.Result mounted =
              container.exec(
                  "mount apt cache",
                  List.of(
                      "/bin/sh",
                      "-ec",
                      "mkdir -p " + archives + " && mount --bind " + APT_CACHE + " " + archives),
                  events);
          if (mounted.exitCode() != 0) {
            throw new BaseimgException(
                "cannot mount the apt cache in the container: " + mounted.text());
          }
          try {
            work.run();
          } finally {
            container.exec("umount apt cache", List.of("umount", archives), EventListener.NONE);
          }
        });
  }

  @Override
  public void unmount() throws BaseimgException, InterruptedException {
    if (target != null) {
      target.unmount(events);
    }
  }

  @Override
  public Map<String, String> tools() {
    Map<String, String> tools = new LinkedHashMap<>();
    tools.put("debootstrap", debootstrapVersion);
    if (emulated()) {
      tools.put(
          "qemu",
          engine.isLocal() ? BinfmtRegistration.qemuVersion(spec.arch()) : "the remote engine's");
    }
    return tools;
  }

  @Override
  public boolean emulated() {
    return !engine.isNative(spec.arch());
  }

  @Override
  public Manifest.Environment description() {
    return new Manifest.Environment(
        "docker",
        Optional.of(engine.version()),
        Optional.of(engine.architectureName()),
        Optional.ofNullable(builder).map(BuilderImage.Result::tag),
        Optional.ofNullable(builder).map(BuilderImage.Result::id),
        Optional.ofNullable(builder).map(made -> made.source().name().toLowerCase(Locale.ROOT)),
        Optional.ofNullable(container).map(started -> started.privileges().description()));
  }

  @Override
  public void close() {
    if (container != null) {
      cleanup.runNow("remove container " + container.id());
    }
  }
}
