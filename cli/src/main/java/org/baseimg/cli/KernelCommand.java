package org.baseimg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.builder.Prerequisites;
import org.baseimg.image.Architecture;
import org.baseimg.kconfig.CarryForward;
import org.baseimg.kernel.KernelBuilder;
import org.baseimg.kernel.StagedKernel;
import org.baseimg.profiles.Profiles;
import org.baseimg.profiles.ResolvedProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baseimg kernel}: kernels for boot sets. */
@Command(
    name = "kernel",
    mixinStandardHelpOptions = true,
    description = "Builds kernels for boot sets with the kernel's own make.",
    subcommands = {KernelCommand.Build.class},
    footer = ExitCode.HELP_SECTION)
final class KernelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Builds a kernel from a config: a .config (--config), or a profile's kernel: section"
            + " carried forward as kconfig generate does (--profile: base plus fragments, every"
            + " fragment value checked). Runs make ARCH= CROSS_COMPILE= O= -jN Image modules dtbs,"
            + " then modules_install (stripped) and depmod into OUT, which then holds:",
        "  OUT/Image                  the kernel the boot loader takes",
        "  OUT/config                 its configuration",
        "  OUT/System.map",
        "  OUT/lib/modules/RELEASE/   its modules, with modules.dep and friends",
        "",
        "Reproducible: the clock, user, host and build number come from the epoch, so two builds"
            + " give the same Image. Incremental: make's O= directory is kept in the cache per"
            + " kernel tree and toolchain, and ccache is used when installed (its directory in the"
            + " cache too), so a fragment change rebuilds only what it touches; a new --cache is a"
            + " clean build. OUT appears complete or not at all.",
        ""
      },
      footer = {
        "%nExamples:",
        "  baseimg kernel build --profile ./edge-kernel.yaml -o out/kernel",
        "  baseimg kernel build --config my.config --source /usr/src/linux -o out/kernel",
        ExitCode.HELP_SECTION
      })
  static final class Build implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "A .config for ARCH (make olddefconfig brings it to the tree first).")
    Path config;

    @Option(
        names = "--profile",
        paramLabel = "PROFILE",
        description = "Carry the profile's kernel: base and fragments forward to its arch.")
    String profile;

    @Option(
        names = "--arch",
        paramLabel = "ARCH",
        description = "arm64 or amd64 (default: the profile's, else arm64).")
    String arch;

    @Option(
        names = "--source",
        paramLabel = "DIR",
        description =
            "An unpacked kernel tree (default: the profile's, else Debian's linux-source-6.1,"
                + " fetched and unpacked into the cache).")
    Path source;

    @Option(
        names = "--cache",
        paramLabel = "DIR",
        description =
            "Keeps make's O= directories, ccache's and fetched sources (default: the profile's"
                + " build.cache, else /var/cache/baseimg).")
    Path cache;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "OUT",
        required = true,
        description = "The directory to write; it must not exist or be empty.")
    Path output;

    @Option(
        names = {"-j", "--jobs"},
        paramLabel = "N",
        description = "make's -j (default: the number of cores).")
    Integer jobs;

    @Option(
        names = "--epoch",
        paramLabel = "SECONDS",
        description =
            "The clock the kernel records (default: SOURCE_DATE_EPOCH, else the tree's Makefile's"
                + " modification time).")
    Long epoch;

    @Option(
        names = "--no-install",
        description = "Install no missing toolchain packages; fail and list them instead.")
    boolean noInstall;

    @Mixin ConsoleOptions console = new ConsoleOptions();

    @Override
    public Integer call() throws Exception {
      if ((config == null) == (profile == null)) {
        throw new BadInputException("give either --config FILE or --profile PROFILE");
      }
      if (jobs != null && jobs < 1) {
        throw new BadInputException("--jobs must be at least 1, not " + jobs);
      }
      if (config != null && !Files.isRegularFile(config)) {
        throw new BadInputException("config " + config + " does not exist");
      }
      CarryForward request = request();
      EventRenderer renderer = console.renderer(spec.commandLine().getErr());
      prepareHost(request.arch(), renderer);
      Path cacheRoot = cache != null ? cache.toAbsolutePath() : cacheRoot();
      long started = System.nanoTime();
      StagedKernel kernel =
          KernelBuilder.carryForwardAndBuild(
              KconfigCommand.configs(renderer),
              request,
              cacheRoot,
              epoch(request),
              output.toAbsolutePath(),
              renderer,
              jobs == null ? Runtime.getRuntime().availableProcessors() : jobs);
      renderer.clearStatus();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "%s: Linux %s, Image %s, %d modules, built in %s with %s%n",
          output,
          kernel.release(),
          ConsoleRenderer.bytes(Files.size(kernel.image())),
          countModules(kernel),
          ConsoleRenderer.seconds(Duration.ofNanos(System.nanoTime() - started)),
          kernel.toolchain().getOrDefault("crossGcc", "?"));
      return ExitCode.OK;
    }

    private CarryForward request() throws BaseimgException {
      CarryForward.Builder request = CarryForward.builder();
      if (profile != null) {
        ResolvedProfile resolved = Profiles.resolve(profile);
        ProfileCommand.printWarnings(resolved, spec.commandLine().getErr());
        if (resolved.spec().kernel().isEmpty()) {
          throw new BadInputException(
              "profile " + profile + " has no kernel: section; add one or give --config");
        }
        request = CarryForward.from(resolved.spec()).toBuilder();
      } else {
        request.base(config.toAbsolutePath().toString()).fragments(List.of());
      }
      if (arch != null) {
        request.arch(KconfigCommand.architecture(arch));
      }
      if (source != null) {
        request.source(source.toAbsolutePath());
      }
      if (cache != null) {
        request.cacheDirectory(cache.toAbsolutePath().resolve("kernel"));
      }
      return request.build();
    }

    private Path cacheRoot() throws BaseimgException {
      if (profile != null) {
        return Profiles.resolve(profile).spec().build().cacheDirectory();
      }
      return Path.of(org.baseimg.image.ImageSpec.BuildSpec.DEFAULT_CACHE_DIRECTORY);
    }

    private long epoch(CarryForward request) throws Exception {
      if (epoch != null) {
        return epoch;
      }
      String fromEnvironment = System.getenv("SOURCE_DATE_EPOCH");
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        try {
          return Long.parseLong(fromEnvironment.strip());
        } catch (NumberFormatException e) {
          throw new BadInputException("SOURCE_DATE_EPOCH is not a number: " + fromEnvironment);
        }
      }
      Path makefile = request.source().map(tree -> tree.resolve("Makefile")).orElse(null);
      return makefile != null && Files.isRegularFile(makefile)
          ? Files.getLastModifiedTime(makefile).toInstant().getEpochSecond()
          : 0L;
    }

    private void prepareHost(Architecture target, EventRenderer events) throws Exception {
      List<Prerequisites.Check> checks = Prerequisites.kernelBuildChecks(target);
      List<String> missing = Prerequisites.missingPackages(checks);
      if (missing.isEmpty()) {
        return;
      }
      if (noInstall || !Prerequisites.canInstall()) {
        throw new BaseimgException(
            "the kernel build needs " + String.join(" ", missing) + ": apt-get install them");
      }
      events.on(
          new org.baseimg.event.Event.Info(
              "installing what this host lacks: " + String.join(" ", missing)));
      Prerequisites.installPackages(missing, events);
    }

    private static long countModules(StagedKernel kernel) throws java.io.IOException {
      if (!Files.isDirectory(kernel.modules())) {
        return 0;
      }
      try (var files = Files.walk(kernel.modules())) {
        return files.filter(f -> f.getFileName().toString().contains(".ko")).count();
      }
    }
  }
}
