package org.baseimg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.baseimg.builder.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code baseimg manifest}: the manifest's schema, and checking a manifest against this reader. */
@Command(
    name = "manifest",
    mixinStandardHelpOptions = true,
    description =
        "The manifest a build writes next to its artifact (ARTIFACT.manifest.json): its JSON"
            + " Schema, and a check that a file is a manifest this baseimg reads.",
    subcommands = {ManifestCommand.Schema.class, ManifestCommand.Check.class},
    footer = ExitCode.HELP_SECTION)
final class ManifestCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "schema",
      mixinStandardHelpOptions = true,
      description = "Prints the manifest's JSON Schema (draft 2020-12).",
      footer = ExitCode.HELP_SECTION)
  static final class Schema implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().print(Manifest.schema());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Reads a manifest as boot-test does; exits 2 with the reason when it is not one.",
      footer = ExitCode.HELP_SECTION)
  static final class Check implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "MANIFEST", description = "An ARTIFACT.manifest.json file.")
    Path file;

    @Override
    public Integer call() throws Exception {
      Manifest manifest = Manifest.read(file);
      spec.commandLine()
          .getOut()
          .printf(
              "%s: %s %s %s, %d packages%s%n",
              file,
              manifest.profile().name(),
              manifest.image().arch(),
              manifest.artifact().file(),
              manifest.packages().size(),
              manifest.kernel().map(k -> ", kernel " + k.release()).orElse(""));
      return ExitCode.OK;
    }
  }
}
