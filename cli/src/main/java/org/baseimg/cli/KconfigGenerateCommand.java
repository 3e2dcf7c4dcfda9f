package org.baseimg.cli;

import static org.baseimg.cli.KconfigCommand.architecture;
import static org.baseimg.cli.KconfigCommand.configs;
import static org.baseimg.cli.KconfigCommand.requireDirectoryOf;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.kconfig.CarriedForward;
import org.baseimg.kconfig.CarryForward;
import org.baseimg.kconfig.CarryForwardReport;
import org.baseimg.kconfig.Generation;
import org.baseimg.kconfig.KernelConfig;
import org.baseimg.profiles.Profiles;
import org.baseimg.profiles.ResolvedProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baseimg kconfig generate}: its options, over a profile's {@code kernel:} section, make a
 * {@link CarryForward} for the library's {@code KernelConfigs}; it writes and shows the result.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    header = "Carries a config to ARCH with make olddefconfig; every fragment value checked.",
    description = {
      "Carries a base config to ARCH: merges the fragments into it by merge_config.sh's rules,"
          + " runs 'make ARCH=... CROSS_COMPILE=... O=<dir> olddefconfig' in the kernel"
          + " tree (the O= directory is kept in the cache, one per tree and toolchain, so that"
          + " kconfig's own programs are built once), and checks that every fragment value is in the result. If one is not, it"
          + " fails, lists each lost value with the reason from the Kconfig files (e.g."
          + " 'SERIAL_MSM=y lost: depends on ARCH_QCOM ..., which is n') and writes nothing.",
      "",
      "The result depends on the toolchain (the cross gcc, the 32-bit compat gcc for"
          + " COMPAT_VDSO, pahole for BTF), which is checked first and named in the output and"
          + " the report. Without --source, Debian's linux-source package of the suite is fetched"
          + " from the host's mirror (checked with gpgv and SHA-256) and unpacked once into the"
          + " cache.",
      ""
    },
    footer = {
      "%nExamples:",
      "  baseimg kconfig generate --base debian-6.1 --arch arm64 \\",
      "      --fragment serial-console --fragment perf --fragment va-48bit \\",
      "      --source /usr/src/linux -o arm64.config",
      "  baseimg kconfig generate --profile my-arm64.yaml -o arm64.config \\",
      "      --report report.md",
      ExitCode.HELP_SECTION
    })
final class KconfigGenerateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--base",
      paramLabel = "CONFIG",
      description =
          "The config to start from (default: the profile's, else "
              + CarryForward.DEFAULT_BASE
              + ").")
  String base;

  @Option(
      names = "--arch",
      paramLabel = "ARCH",
      description = "The target: arm64 or amd64 (default: the profile's, else arm64).")
  String arch;

  @Option(
      names = "--fragment",
      paramLabel = "FRAGMENT",
      description = "A fragment to apply, in order; repeat it. Default: the profile's.")
  List<String> fragmentReferences = new ArrayList<>();

  @Option(
      names = "--source",
      paramLabel = "DIR",
      description = "An unpacked kernel tree (default: the profile's, else Debian's package).")
  Path source;

  @Option(
      names = "--profile",
      paramLabel = "PROFILE",
      description = "Take base, fragments, source and arch from a profile's kernel: section.")
  String profile;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "OUT",
      description = "The config to write; it appears complete or not at all.")
  Path output;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Also write a Markdown report: symbols dropped as unknown on ARCH, values reset,"
              + " symbols whose meaning differs, the old defaults kept as fixed values, the"
              + " virtual address size, the toolchain.")
  Path report;

  @Option(
      names = "--compat-cross-compile",
      paramLabel = "PREFIX",
      description =
          "CROSS_COMPILE_COMPAT for arm64's 32-bit vDSO, or none (default:"
              + " arm-linux-gnueabihf- when its gcc is installed).")
  String compat;

  @Option(
      names = "--suite",
      paramLabel = "SUITE",
      defaultValue = CarryForward.DEFAULT_SUITE,
      description =
          "Whose linux-source package to fetch without --source (default "
              + CarryForward.DEFAULT_SUITE
              + ").")
  String suite;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      defaultValue = CarryForward.DEFAULT_CACHE_DIRECTORY,
      description =
          "Where the fetched source and kconfig's built programs are kept (default "
              + CarryForward.DEFAULT_CACHE_DIRECTORY
              + ").")
  Path cache;

  @Mixin ConsoleOptions console = new ConsoleOptions();

  @Override
  public Integer call() throws Exception {
    CarryForward request = request();
    requireDirectoryOf(output);
    if (report != null) {
      requireDirectoryOf(report);
    }
    EventRenderer renderer = console.renderer(spec.commandLine().getErr());
    CarriedForward carried = configs(renderer).carryForward(request);
    Optional<CarryForwardReport> carriedReport =
        report == null ? Optional.empty() : Optional.of(carried.report());
    carried.write(output);
    if (carriedReport.isPresent()) {
      KernelConfig.writeTextFile(
          report, carried.reportMarkdown(carriedReport.get(), output.getFileName().toString()));
    }
    Generation generation = carried.generation();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "%s: %d symbols, all %d fragment values survived, Linux %s ARCH=%s, %s, make"
            + " olddefconfig %s%n",
        output,
        carried.config().values().size(),
        generation.merge().requested().size(),
        carried.tree().version(),
        request.arch().kernelArch(),
        carried.toolchain().crossGcc(),
        ConsoleRenderer.seconds(generation.elapsed()));
    carriedReport.ifPresent(r -> out.println(report + ": " + r.summary()));
    return ExitCode.OK;
  }

  /** The options over the profile's kernel: section, over the library's defaults. */
  private CarryForward request() throws BaseimgException {
    CarryForward.Builder request = CarryForward.builder();
    if (profile != null) {
      ResolvedProfile resolved = Profiles.resolve(profile);
      ProfileCommand.printWarnings(resolved, spec.commandLine().getErr());
      if (resolved.spec().kernel().isEmpty()) {
        throw new BadInputException(
            "profile " + profile + " has no kernel: section; add one or give --base");
      }
      request = CarryForward.from(resolved.spec()).toBuilder();
    }
    if (arch != null) {
      request.arch(architecture(arch));
    }
    if (base != null) {
      request.base(base);
    }
    if (!fragmentReferences.isEmpty()) {
      request.fragments(fragmentReferences);
    }
    if (source != null) {
      request.source(source);
    }
    if (compat != null) {
      request.compatCrossCompile(compat);
    }
    return request.suite(suite).cacheDirectory(cache).build();
  }
}
