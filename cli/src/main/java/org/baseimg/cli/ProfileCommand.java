package org.baseimg.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.baseimg.profiles.InvalidProfileException;
import org.baseimg.profiles.Problem;
import org.baseimg.profiles.Profiles;
import org.baseimg.profiles.ResolvedProfile;
import org.baseimg.profiles.StockProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baseimg profile}: list, show, validate and describe profiles. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = {
      "Profiles describe images in YAML. A PROFILE is a stock profile's name (see 'profile"
          + " list') or a file path (anything with a slash or a .yaml suffix).",
      ""
    },
    subcommands = {
      ProfileCommand.ListProfiles.class,
      ProfileCommand.Show.class,
      ProfileCommand.Validate.class,
      ProfileCommand.Schema.class
    },
    footer = ExitCode.HELP_SECTION)
final class ProfileCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static void printWarnings(ResolvedProfile profile, PrintWriter err) {
    for (Problem warning : profile.warnings()) {
      err.println("warning: " + warning);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the stock profiles that ship with baseimg.")
  static final class ListProfiles implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (StockProfile profile : Profiles.stock()) {
        String marker = profile.name().equals(Profiles.DEFAULT) ? " (default)" : "";
        out.printf(Locale.ROOT, "%-15s %s%s%n", profile.name(), profile.description(), marker);
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Prints a profile fully resolved: its extends chain applied and every default written"
            + " out, as one self-contained YAML profile.",
        ""
      },
      footer = ExitCode.HELP_SECTION)
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "PROFILE",
        description = "The profile; default: the default profile (base).")
    String profile;

    @Option(
        names = "--raw",
        description = "Print a stock profile's file as it ships, comments and all.")
    boolean raw;

    @Override
    public Integer call() throws InvalidProfileException {
      PrintWriter out = spec.commandLine().getOut();
      if (raw) {
        out.print(Profiles.stockText(profile == null ? Profiles.DEFAULT : profile));
        return ExitCode.OK;
      }
      ResolvedProfile resolved = Profiles.resolve(profile);
      printWarnings(resolved, spec.commandLine().getErr());
      out.print(Profiles.toYaml(resolved));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Checks profiles without building anything: unknown keys, wrong types, values outside"
            + " the allowed set, missing files (relative to each profile), repositories without a"
            + " key, extends cycles. Every mistake is printed as FILE:LINE:COLUMN: KEY: what to"
            + " do.",
        ""
      },
      footer = ExitCode.HELP_SECTION)
  static final class Validate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PROFILE", description = "The profiles to check.")
    List<String> profiles;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int invalid = 0;
      for (String profile : profiles) {
        try {
          ResolvedProfile resolved = Profiles.resolve(profile);
          printWarnings(resolved, err);
          out.println(profile + ": valid (" + String.join(" <- ", resolved.chain()) + ")");
        } catch (InvalidProfileException e) {
          invalid++;
          e.problems().forEach(problem -> err.println(problem));
        }
      }
      return invalid == 0 ? ExitCode.OK : ExitCode.BAD_INPUT;
    }
  }

  @Command(
      name = "schema",
      mixinStandardHelpOptions = true,
      description = {
        "Prints a JSON Schema (draft 2020-12) of the profile format, for editors: e.g. save it"
            + " and point the YAML language server at it with a '# yaml-language-server:"
            + " $schema=...' line.",
        ""
      })
  static final class Schema implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().print(Profiles.jsonSchema());
      return ExitCode.OK;
    }
  }
}
