package org.baseimg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.baseimg.BadInputException;
import org.baseimg.event.EventListener;
import org.baseimg.image.Architecture;
import org.baseimg.kconfig.ConfigDiff;
import org.baseimg.kconfig.DiffFormat;
import org.baseimg.kconfig.FragmentMerge;
import org.baseimg.kconfig.KconfigSuggestions;
import org.baseimg.kconfig.KernelConfig;
import org.baseimg.kconfig.KernelConfigs;
import org.baseimg.kconfig.KernelTree;
import org.baseimg.kconfig.StockConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baseimg kconfig}: carry a kernel config to arm64, explain it, diff and merge configs. */
@Command(
    name = "kconfig",
    mixinStandardHelpOptions = true,
    header = "Kernel configs: carry amd64 forward to arm64, explain, diff, merge.",
    description = {
      "Kernel configs: carry an amd64 config forward to arm64 with the kernel's own make"
          + " olddefconfig and fragments, prove every fragment value survived, explain what did"
          + " not, and diff configs as scripts/diffconfig does.",
      "",
      "A CONFIG or FRAGMENT is a stock name (base: debian-6.1; arm64 fragments: serial-console,"
          + " qcom, perf, va-48bit) or a file (anything with a slash or a .config suffix).",
      ""
    },
    subcommands = {
      KconfigGenerateCommand.class,
      KconfigCommand.Diff.class,
      KconfigCommand.Explain.class,
      KconfigCommand.Merge.class
    },
    footer = ExitCode.HELP_SECTION)
final class KconfigCommand implements Runnable {
  /** What the library's messages suggest, in this command's options. */
  static final KconfigSuggestions SUGGESTIONS =
      new KconfigSuggestions(
          "leave --source out to fetch Debian's linux-source package",
          "pass --compat-cross-compile none for a config without COMPAT_VDSO");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Architecture architecture(String name) throws BadInputException {
    return Architecture.ofDebianName(name)
        .orElseThrow(
            () -> new BadInputException("unknown architecture '" + name + "'; use arm64 or amd64"));
  }

  static void requireDirectoryOf(Path output) throws BadInputException {
    Path parent = output.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new BadInputException(
          "cannot write " + output + ": directory " + parent + " does not exist; create it first");
    }
    if (Files.isDirectory(output)) {
      throw new BadInputException(output + " is a directory; give a file name to write");
    }
  }

  /** The library's kernel configs, reporting to {@code events} in this command's words. */
  static KernelConfigs configs(EventListener events) {
    return KernelConfigs.create(events).withSuggestions(SUGGESTIONS);
  }

  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      header = "Compares two configs, printing what scripts/diffconfig prints.",
      description = {
        "Compares two configs symbol by symbol. The text output is byte for byte what the"
            + " kernel's scripts/diffconfig prints: '-SYMBOL value' for removed, ' SYMBOL old ->"
            + " new' for changed, '+SYMBOL value' for added, each group sorted by name; -m prints"
            + " the changed and added values as config lines instead (diffconfig -m).",
        "",
        "With --source, changes are grouped by the Kconfig file that defines each symbol"
            + " (its subsystem) in that tree.",
        ""
      },
      footer = {
        "%nExamples:",
        "  baseimg kconfig diff amd64.config arm64.config",
        "  baseimg kconfig diff -m old.config new.config > delta.config",
        "  baseimg kconfig diff a.config b.config --absent-as-n \\",
        "      --source /usr/src/linux --format markdown",
        ExitCode.HELP_SECTION
      })
  static final class Diff implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The first config.")
    Path first;

    @Parameters(index = "1", paramLabel = "B", description = "The second config.")
    Path second;

    @Option(names = "-m", description = "Merge style: B's changed and new values as config lines.")
    boolean mergeStyle;

    @Option(
        names = "--absent-as-n",
        description =
            "Count a symbol missing on one side as n there, so that only value changes remain.")
    boolean absentAsN;

    @Option(
        names = "--source",
        paramLabel = "DIR",
        description = "A kernel tree: group the changes by the Kconfig file defining each symbol.")
    Path source;

    @Option(
        names = "--arch",
        paramLabel = "ARCH",
        defaultValue = "arm64",
        description = "Whose Kconfig files to read for --source (default arm64).")
    String arch;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text (diffconfig's), markdown or json.")
    String format;

    @Override
    public Integer call() throws Exception {
      DiffFormat diffFormat =
          switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> DiffFormat.TEXT;
            case "markdown" -> DiffFormat.MARKDOWN;
            case "json" -> DiffFormat.JSON;
            default ->
                throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "unknown format '" + format + "'; use text, markdown or json");
          };
      if (mergeStyle && (diffFormat != DiffFormat.TEXT || source != null)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "-m prints config lines; it goes with neither --format nor --source");
      }
      KernelConfig a = KernelConfig.read(first);
      KernelConfig b = KernelConfig.read(second);
      ConfigDiff diff = ConfigDiff.between(a, b, absentAsN);
      PrintWriter out = spec.commandLine().getOut();
      if (mergeStyle) {
        out.print(diff.mergeStyle());
      } else if (source != null) {
        Architecture target = architecture(arch);
        KernelConfigs configs = configs(EventListener.NONE);
        out.print(diffFormat.render(configs.diffBySubsystem(diff, configs.tree(source), target)));
      } else {
        out.print(diffFormat.render(diff));
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      header = "Says why a symbol has its value, from the tree's Kconfig files.",
      description = {
        "Says why SYMBOL has its value in CONFIG, from the tree's Kconfig files: its type, prompt"
            + " and place, what it depends on and whether that holds, who selects it, its"
            + " default. With SYMBOL=VALUE, says in one line why CONFIG does not have that"
            + " value (an unmet dependency, no prompt and what to set instead, a select, a"
            + " range). Nothing is run: values come from CONFIG.",
        ""
      },
      footer = {
        "%nExamples:",
        "  baseimg kconfig explain --source /usr/src/linux --config arm64.config \\",
        "      SERIAL_MSM ARM64_VA_BITS=48",
        ExitCode.HELP_SECTION
      })
  static final class Explain implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--source",
        required = true,
        paramLabel = "DIR",
        description = "The kernel tree.")
    Path source;

    @Option(
        names = "--config",
        required = true,
        paramLabel = "CONFIG",
        description = "The config, as make olddefconfig wrote it.")
    Path config;

    @Option(
        names = "--arch",
        paramLabel = "ARCH",
        defaultValue = "arm64",
        description = "Whose Kconfig files to read (default arm64).")
    String arch;

    @Parameters(
        arity = "1..*",
        paramLabel = "SYMBOL[=VALUE]",
        description = "Symbols, with or without CONFIG_.")
    List<String> symbols;

    @Override
    public Integer call() throws Exception {
      Architecture target = architecture(arch);
      KernelConfigs configs = configs(EventListener.NONE);
      KernelTree tree = configs.tree(source);
      KernelConfig values = KernelConfig.read(config);
      PrintWriter out = spec.commandLine().getOut();
      configs.explain(tree, target, values, symbols).forEach(out::println);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "merge",
      mixinStandardHelpOptions = true,
      header = "Merges fragments into a config as merge_config.sh -m does.",
      description = {
        "Merges fragments into a base config as 'scripts/kconfig/merge_config.sh -m' does: each"
            + " fragment's symbols replace the lines that set them before, the fragment is"
            + " appended, and a redefinition with another value is reported in merge_config's"
            + " words on standard error. The result still needs make olddefconfig (see"
            + " generate).",
        ""
      },
      footer = {
        "%nExamples:",
        "  baseimg kconfig merge debian-6.1 serial-console perf -o merged.config",
        ExitCode.HELP_SECTION
      })
  static final class Merge implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The base config.")
    String base;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "FRAGMENT",
        description = "The fragments, in order.")
    List<String> fragmentReferences;

    @Option(
        names = "--arch",
        paramLabel = "ARCH",
        defaultValue = "arm64",
        description = "Whose stock fragments the names refer to (default arm64).")
    String arch;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "OUT",
        description = "Where to write the merged config (default: standard output).")
    Path output;

    @Override
    public Integer call() throws Exception {
      if (output != null) {
        requireDirectoryOf(output);
      }
      KernelConfig baseConfig = StockConfigs.base(base);
      FragmentMerge merge =
          FragmentMerge.apply(
              baseConfig, StockConfigs.fragments(fragmentReferences, architecture(arch)));
      PrintWriter err = spec.commandLine().getErr();
      merge.redefinitions().forEach(r -> err.print(r.mergeConfigMessage()));
      err.flush();
      if (output == null) {
        spec.commandLine().getOut().print(merge.merged().text());
        spec.commandLine().getOut().flush();
      } else {
        merge.merged().write(output);
      }
      return ExitCode.OK;
    }
  }
}
