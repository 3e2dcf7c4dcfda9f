package org.baseimg.kernel.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Processes;
import org.baseimg.kconfig.KernelTree;
import org.baseimg.kconfig.Toolchain;
import org.baseimg.kernel.KernelBuildException;
import org.baseimg.kernel.StagedKernel;

/**
 * The kernel's make, run for one O= directory: configure, build with progress, install into the
 * staged layout. kbuild's quiet output names each object it compiles ({@code CC [M]
 * drivers/net/virtio_net.o}), which is what progress counts.
 */
public final class KernelMake {
  /** An object kbuild compiles or assembles: {@code CC [M] path.o}. */
  private static final Pattern OBJECT =
      Pattern.compile("^\\s+(CC|AS)(\\s+\\[M\\])?\\s+(\\S+\\.o)$");

  /** A compiler's error: {@code path.c:12:3: error: ...}. */
  private static final Pattern ERROR = Pattern.compile("^(\\S+?):\\d+(:\\d+)?: (fatal )?error: .*");

  /** make's failing target: {@code make[4]: *** [scripts/Makefile.build:250: path.o] Error 1}. */
  private static final Pattern FAILED_TARGET =
      Pattern.compile("\\*\\*\\* \\[[^\\]]*?: ([^\\]]+)\\] Error \\d+");

  /** Where the last build's object count is kept in the O= directory, for the next estimate. */
  private static final String OBJECT_COUNT = ".baseimg-objects";

  private static final String PHASE = "kernel build";

  private final KernelTree tree;
  private final Toolchain toolchain;
  private final Path objects;
  private final Map<String, String> environment;
  private final Optional<String> ccache;
  private final int jobs;
  private final EventListener events;

  public KernelMake(
      KernelTree tree,
      Toolchain toolchain,
      Path objects,
      Map<String, String> environment,
      Optional<String> ccache,
      int jobs,
      EventListener events) {
    this.tree = tree;
    this.toolchain = toolchain;
    this.objects = objects;
    this.environment = Map.copyOf(environment);
    this.ccache = ccache;
    this.jobs = jobs;
    this.events = events;
  }

  /** Puts {@code config} in place (untouched when it is the same) and runs olddefconfig. */
  public void configure(String config) throws BaseimgException, InterruptedException, IOException {
    Path dotConfig = objects.resolve(".config");
    if (!Files.exists(dotConfig) || !Files.readString(dotConfig).equals(config)) {
      Files.writeString(dotConfig, config, StandardCharsets.UTF_8);
    }
    Processes.run(command("olddefconfig", List.of("olddefconfig")), events);
  }

  /** Builds the image, the modules and the device trees, counting objects as progress. */
  public void build() throws BaseimgException, InterruptedException, IOException {
    long total = estimate();
    Progress progress = new Progress(total);
    events.on(new Event.PhaseStarted(PHASE, total, "objects"));
    long started = System.nanoTime();
    Processes.Result result =
        Processes.runAllowingFailure(
            command(PHASE, List.of("-j" + jobs, "Image", "modules", "dtbs")),
            event -> {
              if (event instanceof Event.ToolOutput line && OBJECT.matcher(line.line()).matches()) {
                progress.step(events);
              }
              events.on(event);
            },
            false);
    if (result.exitCode() != 0) {
      throw failure(result);
    }
    Files.writeString(objects.resolve(OBJECT_COUNT), progress.done + "\n");
    events.on(
        new Event.PhaseFinished(
            PHASE,
            Duration.ofNanos(System.nanoTime() - started),
            progress.done + " objects compiled with " + toolchain.crossGcc()));
  }

  /**
   * Installs the build into {@code staging} in the {@link StagedKernel} layout (without
   * modules.dep, which the caller makes); returns the kernel's release.
   */
  public String install(Path staging) throws BaseimgException, InterruptedException, IOException {
    Processes.run(
        command(
            "modules_install",
            List.of(
                "modules_install",
                "INSTALL_MOD_PATH=" + staging.toAbsolutePath(),
                "INSTALL_MOD_STRIP=1",
                "DEPMOD=true")),
        events);
    Path dtbs = objects.resolve("arch/" + toolchain.arch().kernelArch() + "/boot/dts");
    if (hasDeviceTrees(dtbs)) {
      Processes.run(
          command(
              "dtbs_install",
              List.of("dtbs_install", "INSTALL_DTBS_PATH=" + staging.toAbsolutePath() + "/dtbs")),
          events);
    }
    Files.copy(
        objects.resolve("arch/" + toolchain.arch().kernelArch() + "/boot/Image"),
        staging.resolve(StagedKernel.IMAGE));
    Files.copy(objects.resolve(".config"), staging.resolve(StagedKernel.CONFIG));
    Files.copy(objects.resolve("System.map"), staging.resolve(StagedKernel.SYSTEM_MAP));
    Processes.Result release =
        Processes.capture(command("kernelrelease", List.of("-s", "kernelrelease")), events);
    return release.output().get(release.output().size() - 1).strip();
  }

  private static boolean hasDeviceTrees(Path dts) throws IOException {
    if (!Files.isDirectory(dts)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dts)) {
      return files.anyMatch(path -> path.toString().endsWith(".dtb"));
    }
  }

  private Processes.Command command(String label, List<String> targets) {
    List<String> arguments = new ArrayList<>(List.of("make", "-C", tree.directory().toString()));
    arguments.add("O=" + objects.toAbsolutePath());
    arguments.addAll(toolchain.makeVariables());
    ccache.ifPresent(
        wrapper -> arguments.add("CC=" + wrapper + " " + toolchain.crossCompile() + "gcc"));
    arguments.addAll(targets);
    return Processes.Command.of(label, arguments).withEnvironment(environment);
  }

  /** The last build's count in this O= directory, else an estimate from the tree's Makefiles. */
  private long estimate() throws IOException {
    Path count = objects.resolve(OBJECT_COUNT);
    if (Files.isRegularFile(count)) {
      try {
        return Long.parseLong(Files.readString(count).strip());
      } catch (NumberFormatException e) {
        // estimated afresh below
      }
    }
    return ObjectEstimate.of(tree.directory(), objects.resolve(".config"), toolchain.arch());
  }

  /** The failing file and the compiler's errors, from what make printed last. */
  static KernelBuildException failure(Processes.Result result) {
    List<String> lines = new ArrayList<>(result.output());
    lines.addAll(result.errors());
    String file = null;
    List<String> errors = new ArrayList<>();
    for (String line : lines) {
      Matcher error = ERROR.matcher(line);
      if (error.matches()) {
        file = file == null ? error.group(1) : file;
        errors.add(line);
      }
    }
    if (file == null) {
      for (String line : lines) {
        Matcher target = FAILED_TARGET.matcher(line);
        if (target.find()) {
          file = target.group(1);
          break;
        }
      }
    }
    List<String> shown = errors.isEmpty() ? result.diagnostics() : errors;
    return new KernelBuildException(
        Optional.ofNullable(file),
        result.exitCode(),
        shown.subList(Math.max(0, shown.size() - 10), shown.size()));
  }

  /** Objects done of the estimate, with the rate and what is left, every few seconds. */
  private static final class Progress {
    private final long total;
    private final long started = System.nanoTime();
    private long done;
    private long lastReport;

    Progress(long total) {
      this.total = total;
    }

    void step(EventListener events) {
      done++;
      long now = System.nanoTime();
      if (now - lastReport > 1_000_000_000L) {
        lastReport = now;
        events.on(new Event.Progress(PHASE, done, Math.max(total, done)));
      }
    }
  }

  /** Reads the count of objects from disk, for tests. */
  static long recordedCount(Path objects) throws IOException {
    return Long.parseLong(
        Files.readString(objects.resolve(OBJECT_COUNT), StandardCharsets.UTF_8).strip());
  }
}
