package org.baseimg.builder.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.baseimg.BaseimgException;
import org.baseimg.builder.BuildOptions;
import org.baseimg.builder.BuildResult;
import org.baseimg.builder.Prerequisites;
import org.baseimg.builder.internal.cache.BaseCache;
import org.baseimg.builder.internal.cache.CacheLayout;
import org.baseimg.builder.internal.docker.DockerEnvironment;
import org.baseimg.builder.internal.host.HostEnvironment;
import org.baseimg.builder.internal.host.Mounts;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.Architecture;
import org.baseimg.image.ImageSpec;
import org.baseimg.initramfs.InitramfsWriter;
import org.baseimg.initramfs.PackOptions;
import org.baseimg.initramfs.PackResult;
import org.baseimg.initramfs.RootfsException;
import org.baseimg.internal.AtomicFile;
import org.baseimg.internal.Processes;

/**
 * The steps of a build, in order, each announced with its number so a front end can show "step 3 of
 * 7". They run against a {@link Target}, so other build environments reuse them.
 */
public final class BuildSteps {
  private final ImageSpec spec;
  private final BuildOptions options;
  private final URI mirror;
  private final Path cacheRoot;
  private final Path work;
  private final Cleanup cleanup;
  private final EventListener events;
  private final ImageSpec.Environment environment;

  /**
   * @param environment where the steps run: {@link ImageSpec.Environment#HOST} or {@link
   *     ImageSpec.Environment#DOCKER}
   */
  public BuildSteps(
      ImageSpec spec,
      BuildOptions options,
      URI mirror,
      Path cacheRoot,
      Path work,
      Cleanup cleanup,
      EventListener events,
      ImageSpec.Environment environment) {
    if (environment == ImageSpec.Environment.AUTO) {
      throw new IllegalArgumentException("resolve AUTO to HOST or DOCKER before building");
    }
    this.spec = spec;
    this.options = options;
    this.mirror = mirror;
    this.cacheRoot = cacheRoot;
    this.work = work;
    this.cleanup = cleanup;
    this.events = events;
    this.environment = environment;
  }

  /** debootstrap's own default mirror, for hosts without apt sources. */
  public static Optional<URI> debootstrapDefaultMirror() {
    return Debootstrap.defaultMirror();
  }

  /** A step: a name for progress and the work. */
  @FunctionalInterface
  public interface Work {
    void run() throws BaseimgException, InterruptedException, IOException;
  }

  public record Step(String name, Work work) {}

  /** Where downloaded .debs of the suite and architecture are kept between builds. */
  public static Path debCache(Path cacheRoot, ImageSpec spec) {
    return cacheRoot
        .resolve(CacheLayout.DEBS)
        .resolve(spec.suite() + "-" + spec.arch().debianName());
  }

  /** apt's archive directory shared between builds of the suite and architecture. */
  public static Path aptCache(Path cacheRoot, ImageSpec spec) throws IOException {
    Path shared =
        cacheRoot.resolve(CacheLayout.APT).resolve(spec.suite() + "-" + spec.arch().debianName());
    Files.createDirectories(shared.resolve("partial"));
    return shared;
  }

  /** Runs {@code work} holding the lock in {@code lockFile}: other builds of the cache wait. */
  public static void underLock(Path lockFile, Work work)
      throws BaseimgException, InterruptedException, IOException {
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      work.run();
    }
  }

  private BuildEnvironment environment(long epoch) throws BaseimgException {
    Map<String, String> chroot = chrootEnvironment(epoch);
    return switch (environment) {
      case HOST ->
          new HostEnvironment(spec, cacheRoot, work.resolve("rootfs"), chroot, cleanup, events);
      case DOCKER -> new DockerEnvironment(spec, mirror, cacheRoot, work, chroot, cleanup, events);
      case AUTO -> throw new IllegalStateException("AUTO is resolved in the constructor");
    };
  }

  public BuildResult run(String profileSha256, PackOptions packOptions, long started)
      throws BaseimgException, InterruptedException {
    BaseCache.Lookup base = BaseCache.lookup(spec, mirror, cacheRoot, events);
    long epoch = options.sourceDateEpoch().orElse(base.releaseDate());
    try (BuildEnvironment environment = environment(epoch)) {
      return run(environment, base, epoch, profileSha256, packOptions, started);
    }
  }

  private BuildResult run(
      BuildEnvironment environment,
      BaseCache.Lookup base,
      long epoch,
      String profileSha256,
      PackOptions packOptions,
      long started)
      throws BaseimgException, InterruptedException {
    Target target = environment.target();
    Customizer customizer = new Customizer(spec, target, events);
    boolean cached = environment.hasCached(base);

    Path outputDirectory = options.outputDirectory();
    Path artifact = outputDirectory.resolve(spec.output().fileName());
    Path manifest = outputDirectory.resolve(spec.output().fileName() + ".manifest.json");
    PackResult[] packed = new PackResult[1];
    AtomicFile[] outputs = new AtomicFile[2];

    List<Step> steps = new ArrayList<>(environment.setUp());
    Optional<BaseCache.Lookup> layer =
        customizer.needsApt()
            ? Optional.of(
                BaseCache.packagesLayer(base, spec, mirror, cacheRoot, customizer.packages()))
            : Optional.empty();
    boolean layerCached = layer.map(environment::hasCached).orElse(false);
    if (layerCached) {
      base.markUsed(); // the layer is made from it: pruning keeps it with the layer
      steps.add(
          new Step(
              "copy cached packages " + layer.get().key(), () -> environment.restore(layer.get())));
    } else {
      if (cached) {
        steps.add(new Step("copy cached base " + base.key(), () -> environment.restore(base)));
      } else {
        steps.add(
            new Step(
                "debootstrap " + spec.suite() + " " + spec.arch().debianName(),
                () -> {
                  environment.bootstrap(mirror);
                  environment.store(base);
                }));
      }
      steps.add(
          new Step(
              "configure apt",
              () -> {
                customizer.forbidServiceStarts();
                customizer.configureApt(mirror);
              }));
      if (layer.isPresent()) {
        steps.add(
            new Step(
                "install packages",
                () -> {
                  environment.withAptCache(customizer::installPackages);
                  environment.unmount();
                  environment.store(layer.get());
                }));
      }
    }
    if (spec.agent().isPresent()) {
      steps.add(new Step("configure agent", customizer::configureAgent));
    }
    if (!spec.files().isEmpty()) {
      steps.add(new Step("copy files", customizer::copyFiles));
    }
    steps.add(
        new Step(
            "clean",
            () -> {
              Cleaner.clean(target, events);
              environment.unmount();
            }));
    steps.add(
        new Step(
            "pack " + spec.output().compression(),
            () -> {
              Files.createDirectories(outputDirectory);
              outputs[0] = AtomicFile.create(artifact);
              cleanup.add("discard " + artifact, outputs[0]::close);
              try (OutputStream out = outputs[0].stream()) {
                packed[0] =
                    InitramfsWriter.create(packOptions.withEpoch(epoch), events)
                        .write(target.rootfs(), out);
              } catch (RootfsException e) {
                throw new BaseimgException("the built tree cannot be packed: " + e.getMessage(), e);
              }
            }));
    steps.add(
        new Step(
            "write manifest",
            () -> {
              byte[] status = target.read(ImagePath.of("/var/lib/dpkg/status")).orElse(new byte[0]);
              outputs[1] = AtomicFile.create(manifest);
              cleanup.add("discard " + manifest, outputs[1]::close);
              try (OutputStream out = outputs[1].stream()) {
                out.write(
                    Manifest.json(
                            manifestTree(
                                profileSha256,
                                packed[0],
                                artifact,
                                epoch,
                                Manifest.packages(status),
                                environment))
                        .getBytes(StandardCharsets.UTF_8));
              }
              outputs[0].commit();
              outputs[1].commit();
            }));

    events.on(new Event.PhaseStarted("build", steps.size(), "steps"));
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String phase = "step " + (i + 1) + "/" + steps.size() + ": " + step.name();
      long stepStarted = System.nanoTime();
      events.on(new Event.PhaseStarted(phase, -1, ""));
      try {
        step.work().run();
      } catch (IOException e) {
        throw new BaseimgException(step.name() + " failed: " + e.getMessage(), e);
      }
      events.on(new Event.Progress("build", i + 1, steps.size()));
      events.on(
          new Event.PhaseFinished(phase, Duration.ofNanos(System.nanoTime() - stepStarted), ""));
    }
    return new BuildResult(
        artifact,
        manifest,
        packed[0].sha256(),
        packed[0].compressedBytes(),
        packed[0].entries(),
        cached,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private Map<String, String> chrootEnvironment(long epoch) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    environment.put("HOME", "/root");
    environment.put("LC_ALL", "C.UTF-8");
    environment.put("DEBIAN_FRONTEND", "noninteractive");
    environment.put("DEBCONF_NONINTERACTIVE_SEEN", "true");
    // Go programs crash now and then under qemu-user unless asynchronous preemption is off.
    environment.put("GODEBUG", "asyncpreemptoff=1");
    // dpkg need not fsync every file it unpacks: a build that fails is thrown away. Through the
    // environment (dpkg >= 1.19.5), not a dpkg.cfg.d file, so that no directory of the image is
    // touched; the first two are dpkg's defaults, which the variable would otherwise replace.
    environment.put("DPKG_FORCE", "security-mac,downgrade,unsafe-io");
    environment.put("SOURCE_DATE_EPOCH", Long.toString(epoch));
    return environment;
  }

  private Map<String, Object> manifestTree(
      String profileSha256,
      PackResult packed,
      Path artifact,
      long epoch,
      List<Manifest.Package> packages,
      BuildEnvironment environment) {
    Map<String, Object> tree = new LinkedHashMap<>();
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("name", spec.name());
    profile.put("chain", options.profileChain());
    profile.put("sha256", profileSha256);
    profile.put("resolved", options.profileText());
    tree.put("profile", profile);
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("arch", spec.arch().debianName());
    image.put("suite", spec.suite());
    image.put("variant", spec.variant().name().toLowerCase(java.util.Locale.ROOT));
    image.put("mirror", mirror.toString());
    tree.put("image", image);
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("file", artifact.getFileName().toString());
    output.put("sha256", packed.sha256());
    output.put("bytes", packed.compressedBytes());
    output.put("uncompressedBytes", packed.uncompressedBytes());
    output.put("entries", packed.entries());
    output.put("compression", spec.output().compression().toString());
    tree.put("artifact", output);
    tree.put("sourceDateEpoch", epoch);
    tree.put("environment", environment.description());
    Map<String, Object> tools = new LinkedHashMap<>(environment.tools());
    tools.put("hostKernel", System.getProperty("os.version"));
    tools.put("java", System.getProperty("java.version"));
    tree.put("tools", tools);
    if (environment.emulated()) {
      Map<String, Object> binfmt = new LinkedHashMap<>();
      binfmt.put("entry", spec.arch().binfmtName());
      binfmt.put("flags", Prerequisites.binfmtFlags(spec.arch()));
      tree.put("binfmt", binfmt);
    }
    List<Map<String, Object>> packageList = new ArrayList<>();
    for (Manifest.Package p : packages) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", p.name());
      item.put("version", p.version());
      item.put("architecture", p.architecture());
      packageList.add(item);
    }
    tree.put("packages", packageList);
    return tree;
  }

  /** The version of the QEMU that binfmt_misc runs {@code arch}'s binaries with on this host. */
  public static String qemuVersion(Architecture arch) {
    try {
      Path entry = Path.of("/proc/sys/fs/binfmt_misc", arch.binfmtName());
      Optional<String> interpreter =
          Files.readAllLines(entry).stream()
              .filter(line -> line.startsWith("interpreter "))
              .map(line -> line.substring(12).trim())
              .findFirst();
      if (interpreter.isEmpty()) {
        return "none";
      }
      // The binfmt path refuses to run by hand; the binary it links to answers --version.
      Path binary = Path.of(interpreter.get()).toRealPath();
      Processes.Result version =
          Processes.capture(
              Processes.Command.of("qemu --version", binary.toString(), "--version"),
              EventListener.NONE);
      return version.output().isEmpty() ? "unknown" : version.output().get(0);
    } catch (IOException | BaseimgException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Removes work directories of builds that were killed: mounts first, then the files. */
  public static void removeStaleWork(Path root, EventListener events)
      throws IOException, BaseimgException, InterruptedException {
    List<Path> directories;
    try (Stream<Path> list = Files.list(root)) {
      directories = list.filter(Files::isDirectory).toList();
    }
    for (Path directory : directories) {
      if (directory.getFileName().toString().startsWith(CacheLayout.NEW_WORK)
          && Files.getLastModifiedTime(directory)
              .toInstant()
              .isAfter(Instant.now().minusSeconds(3600))) {
        continue; // another build's, about to be locked
      }
      if (!CacheLayout.isLocked(directory)) {
        events.on(new Event.Warning("removing " + directory + ", left by a build that was killed"));
        removeTree(directory, events);
      }
    }
  }

  /** Unmounts what is mounted below {@code directory}, then deletes it. */
  public static void removeTree(Path directory, EventListener events)
      throws IOException, BaseimgException, InterruptedException {
    if (!Files.exists(directory)) {
      return;
    }
    Mounts.unmountBelow(directory, events);
    // rm -rf --one-file-system refuses to cross into a mount that somehow stayed.
    Processes.run(
        Processes.Command.of(
            "remove work directory", "rm", "-rf", "--one-file-system", directory.toString()),
        events);
  }
}
