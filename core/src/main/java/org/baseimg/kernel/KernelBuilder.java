package org.baseimg.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.baseimg.BaseimgException;
import org.baseimg.event.EventListener;
import org.baseimg.internal.FileLocks;
import org.baseimg.internal.Hashing;
import org.baseimg.internal.Processes;
import org.baseimg.internal.Trees;
import org.baseimg.kconfig.CarriedForward;
import org.baseimg.kconfig.CarryForward;
import org.baseimg.kconfig.KernelConfigs;
import org.baseimg.kconfig.KernelTree;
import org.baseimg.kconfig.Toolchain;
import org.baseimg.kernel.internal.KernelMake;

/**
 * Builds a kernel with the kernel's own make from a configuration, into the {@link StagedKernel}
 * layout: {@code make ARCH= CROSS_COMPILE= O= -jN Image modules dtbs}, then {@code modules_install}
 * (stripped) and {@code depmod -b} into a staging tree that appears at the output directory only
 * when it is complete.
 *
 * <ul>
 *   <li><b>Reproducible</b>: the clock, user, host and build number come from the build's epoch
 *       ({@code KBUILD_BUILD_TIMESTAMP}, {@code KBUILD_BUILD_USER}, {@code KBUILD_BUILD_HOST},
 *       {@code KBUILD_BUILD_VERSION}), so two builds give the same {@code Image}.
 *   <li><b>Incremental</b>: make's O= directory is kept under the cache, one per kernel tree and
 *       toolchain, and ccache is used when installed (its directory under the cache too), so a
 *       fragment change rebuilds what it touches; another cache means a clean build.
 *   <li><b>Progress</b>: objects compiled of an estimate (the last build's count in this O=
 *       directory, else one read from the tree's Makefiles), with rate and ETA.
 * </ul>
 *
 * <pre>{@code
 * StagedKernel kernel = KernelBuilder.create(tree, toolchain, events)
 *     .keepingObjectsIn(cacheRoot)
 *     .build(configText, epoch, Path.of("out"));
 * }</pre>
 */
public final class KernelBuilder {
  /** The O= directories and ccache's below a cache root. */
  public static final String CACHE_DIRECTORY = "kernel-build";

  private final KernelTree tree;
  private final Toolchain toolchain;
  private final EventListener events;
  private final Optional<Path> cacheRoot;
  private final int jobs;

  private KernelBuilder(
      KernelTree tree,
      Toolchain toolchain,
      EventListener events,
      Optional<Path> cacheRoot,
      int jobs) {
    this.tree = tree;
    this.toolchain = toolchain;
    this.events = events;
    this.cacheRoot = cacheRoot;
    this.jobs = jobs;
  }

  /**
   * Carries {@code request}'s config forward (failing when a fragment value is lost) and builds it
   * in its tree with its toolchain, keeping the O= directory under {@code cacheRoot}: what {@code
   * baseimg kernel build} and a profile's {@code from: build} do.
   */
  public static StagedKernel carryForwardAndBuild(
      KernelConfigs configs,
      CarryForward request,
      Path cacheRoot,
      long epoch,
      Path output,
      EventListener events,
      int jobs)
      throws BaseimgException, InterruptedException {
    CarriedForward carried = configs.carryForward(request);
    return create(carried.tree(), carried.toolchain(), events)
        .keepingObjectsIn(cacheRoot)
        .withJobs(jobs)
        .build(carried.text(), epoch, output);
  }

  /** Builds in {@code tree} with {@code toolchain}, on all cores, in a scratch O= directory. */
  public static KernelBuilder create(KernelTree tree, Toolchain toolchain, EventListener events) {
    if (tree == null || toolchain == null || events == null) {
      throw new IllegalArgumentException("tree, toolchain and listener are required");
    }
    return new KernelBuilder(
        tree, toolchain, events, Optional.empty(), Runtime.getRuntime().availableProcessors());
  }

  /** Keeps make's O= directory (and ccache's) below {@code root}, per tree and toolchain. */
  public KernelBuilder keepingObjectsIn(Path root) {
    return new KernelBuilder(tree, toolchain, events, Optional.of(root), jobs);
  }

  /** Runs {@code count} jobs at once (make's {@code -j}). */
  public KernelBuilder withJobs(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("jobs must be at least 1: " + count);
    }
    return new KernelBuilder(tree, toolchain, events, cacheRoot, count);
  }

  /** Where this tree and toolchain keep their objects below {@code root}. */
  public Path objectDirectory(Path root) {
    String key =
        Hashing.sha256(
                (tree.directory().toAbsolutePath().normalize()
                        + "\n"
                        + String.join("\n", toolchain.describe()))
                    .getBytes(StandardCharsets.UTF_8))
            .substring(0, 16);
    return root.resolve(CACHE_DIRECTORY).resolve(tree.version() + "-" + key);
  }

  /**
   * Builds the kernel configured by {@code config} and writes it to {@code output} in the {@link
   * StagedKernel} layout. {@code output} must not exist, or be an empty directory; it appears
   * complete or not at all, also on Ctrl-C.
   *
   * @param config the {@code .config} for this tree and architecture (make olddefconfig runs first,
   *     so one from an older tree works too)
   * @param epoch the clock the kernel records, seconds since 1970
   * @throws KernelBuildException when a file fails to compile: its name and the compiler's errors
   */
  public StagedKernel build(String config, long epoch, Path output)
      throws BaseimgException, InterruptedException {
    requireFreeOutput(output);
    Path partial = output.resolveSibling(output.getFileName() + ".partial-" + pid());
    try {
      if (cacheRoot.isPresent()) {
        Path objects = objectDirectory(cacheRoot.get());
        return FileLocks.underLock(
            objects.resolveSibling(objects.getFileName() + ".lock"),
            () -> buildIn(objects, config, epoch, partial, output));
      }
      Path scratch = Files.createTempDirectory("baseimg-kernel-");
      try {
        return buildIn(scratch, config, epoch, partial, output);
      } finally {
        Trees.delete(scratch);
      }
    } catch (IOException e) {
      throw new BaseimgException("kernel build: " + e.getMessage(), e);
    } finally {
      try {
        Trees.delete(partial);
      } catch (IOException e) {
        // what stays is named .partial-PID and never taken for a kernel
      }
    }
  }

  private StagedKernel buildIn(Path objects, String config, long epoch, Path partial, Path output)
      throws BaseimgException, InterruptedException, IOException {
    Files.createDirectories(objects);
    KernelMake make =
        new KernelMake(tree, toolchain, objects, environment(epoch), ccache(), jobs, events);
    make.configure(config);
    make.build();
    Files.createDirectories(partial);
    String release = make.install(partial);
    Processes.run(
        Processes.Command.of("depmod", "depmod", "-b", partial.toString(), release), events);
    if (Files.isDirectory(output)) {
      Files.delete(output); // empty, as checked up front
    }
    Files.move(partial, output);
    return new StagedKernel(
        output, release, "built", tree.directory() + " (" + tree.version() + ")", toolchain());
  }

  /** The tools that decide the kernel's bytes, by name, for the manifest. */
  private SortedMap<String, String> toolchain() {
    SortedMap<String, String> tools = new TreeMap<>();
    tools.put("crossGcc", toolchain.crossGcc());
    tools.put("make", toolchain.make());
    tools.put("hostGcc", toolchain.hostGcc());
    toolchain.pahole().ifPresent(version -> tools.put("pahole", version));
    toolchain.compatGcc().ifPresent(version -> tools.put("compatGcc", version));
    return tools;
  }

  private Map<String, String> environment(long epoch) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("LC_ALL", "C");
    environment.put(
        "KBUILD_BUILD_TIMESTAMP",
        DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.ROOT)
            .format(Instant.ofEpochSecond(epoch).atOffset(ZoneOffset.UTC)));
    environment.put("KBUILD_BUILD_USER", "baseimg");
    environment.put("KBUILD_BUILD_HOST", "baseimg");
    environment.put("KBUILD_BUILD_VERSION", "1");
    cacheRoot.ifPresent(
        root ->
            environment.put(
                "CCACHE_DIR", root.resolve(CACHE_DIRECTORY).resolve("ccache").toString()));
    // ccache's default keys on the compiler's mtime; its content is what matters for a kernel.
    environment.put("CCACHE_COMPILERCHECK", "content");
    environment.put("CCACHE_BASEDIR", tree.directory().toAbsolutePath().toString());
    return environment;
  }

  private static Optional<String> ccache() {
    for (String directory : List.of("/usr/bin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(directory, "ccache"))) {
        return Optional.of(directory + "/ccache");
      }
    }
    return Optional.empty();
  }

  private static void requireFreeOutput(Path output) throws BaseimgException {
    if (!Files.exists(output)) {
      return;
    }
    try (var entries = Files.list(output)) {
      if (Files.isDirectory(output) && entries.findAny().isEmpty()) {
        return;
      }
    } catch (IOException e) {
      // not a directory: refused below
    }
    throw new org.baseimg.BadInputException(
        "output " + output + " exists and is not an empty directory; give a new one");
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  /** The last lines of a list. */
  static List<String> tail(List<String> lines, int count) {
    return new ArrayList<>(lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }
}
