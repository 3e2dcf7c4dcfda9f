package org.baseimg.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.baseimg.oci.BootSets;
import org.baseimg.oci.ImageReference;
import org.baseimg.oci.PullOptions;
import org.baseimg.oci.PullResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baseimg pull}: a boot set from an OCI registry. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Fetches a boot set that baseimg push published, checks every file against its digest and"
          + " size as it arrives, and writes the files under their names. Nothing is written"
          + " unless every file is right.",
      ""
    },
    footer = ExitCode.HELP_SECTION)
final class PullCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "REF",
      description = "What to fetch: [REGISTRY/]REPOSITORY[:TAG][@sha256:DIGEST].")
  String reference;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description = "The directory to write the files into; made if missing.")
  Path directory;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH",
      description = "The platform to take when the tag names several, e.g. linux/arm64.")
  String platform;

  @Option(
      names = "--verify",
      paramLabel = "KEY",
      description =
          "Refuse the boot set unless its manifest has a signature by this PEM EC public key.")
  Path verifyKey;

  @Mixin RegistryCliOptions registry;

  @Override
  public Integer call() throws Exception {
    ImageReference ref = ImageReference.parse(reference);
    PullResult result =
        BootSets.pull(
            ref,
            directory,
            new PullOptions(
                registry.options(), Optional.ofNullable(platform), Optional.ofNullable(verifyKey)));
    for (Path file : result.files()) {
      spec.commandLine().getOut().println(file);
    }
    spec.commandLine().getOut().printf("pulled %s into %s%n", result.reference(), directory);
    return ExitCode.OK;
  }
}
