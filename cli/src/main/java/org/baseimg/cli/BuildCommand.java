package org.baseimg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.baseimg.builder.BuildOptions;
import org.baseimg.builder.BuildResult;
import org.baseimg.builder.ImageBuilder;
import org.baseimg.image.ImageSpec;
import org.baseimg.profiles.Profiles;
import org.baseimg.profiles.ResolvedProfile;
import org.baseimg.sbom.Sboms;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baseimg build}: a profile in, a bootable initramfs and its manifest out. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Builds an image from a profile: debootstrap --variant=minbase (the second stage under QEMU"
          + " user emulation for a foreign architecture), the profile's repositories, packages,"
          + " agent and files in a chroot, cleaning of build-time state, then a reproducible"
          + " initramfs with its manifest (JSON) and SBOMs (SPDX 2.3, CycloneDX 1.6) next to it.",
      "",
      "--environment docker runs the same steps in a container of the target's platform on the"
          + " Docker engine that DOCKER_HOST and the Docker configuration name (emulated through"
          + " binfmt_misc, or native on an engine of that architecture), and streams the tree out"
          + " as tar into the packer: no root needed here once the engine has a builder image.",
      "",
      "The bootstrapped tree is cached by suite, architecture, variant, mirror and the suite's"
          + " Release file, so a rebuild that changes only later steps does not bootstrap again."
          + " A failed or interrupted build leaves nothing at the output path and no mount.",
      "",
      "--cache-from and --cache-to share those kept trees between machines through an OCI"
          + " registry (builds on this host): a cold cache fetches the tree instead of"
          + " bootstrapping, and the image is the same to the byte.",
      ""
    },
    footer = {
      "%nExamples:",
      "  baseimg build                       the default profile (base, amd64)",
      "  baseimg build edge-arm64 -o out/    a stock profile",
      "  baseimg build ./web.yaml            a profile of your own",
      "  baseimg build base-arm64 --environment docker",
      "  baseimg build base-arm64 --cache-from reg.example:5000/baseimg/cache \\",
      "      --cache-to reg.example:5000/baseimg/cache",
      ExitCode.HELP_SECTION
    })
final class BuildCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PROFILE",
      description = "A stock profile's name or a profile file (default: base).")
  String profile;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Where the artifact and manifest go (default: the current directory).",
      defaultValue = ".")
  Path output;

  @Option(
      names = "--environment",
      paramLabel = "ENV",
      description =
          "host (a chroot here), docker (a container on the Docker engine), or auto: docker when"
              + " an engine answers, else host (default: the profile's build.environment, auto).")
  String environment;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Keep packages and bootstrapped trees here (default: the profile's build.cache, "
              + ImageSpec.BuildSpec.DEFAULT_CACHE_DIRECTORY
              + ").")
  Path cache;

  @Option(
      names = "--cache-from",
      paramLabel = "REPOSITORY",
      description =
          "Fetch kept trees (bootstrapped, after apt) from this registry repository when the cache"
              + " lacks them, instead of making them; a failed fetch warns and the build goes on"
              + " (default: the profile's build.cache-from).")
  String cacheFrom;

  @Option(
      names = "--cache-to",
      paramLabel = "REPOSITORY",
      description =
          "Publish the kept trees this build makes or uses to this registry repository, each"
              + " tagged KIND-SUITE-ARCH-KEY, unless it has them; a failed publish fails the build"
              + " (default: the profile's build.cache-to).")
  String cacheTo;

  @Mixin RegistryCliOptions registry = new RegistryCliOptions();

  @Option(
      names = "--no-install",
      description =
          "Change nothing on this host: install no missing packages and register no QEMU with"
              + " binfmt_misc; fail and list what is missing instead.")
  boolean noInstall;

  @Option(
      names = "--allow-escalation",
      description =
          "With --environment docker: when the engine refuses the least privileges the build"
              + " needs (a fixed set of capabilities), let the container run with seccomp and"
              + " AppArmor unconfined, then privileged. Off by default.")
  boolean allowEscalation;

  @Mixin ConsoleOptions console = new ConsoleOptions();

  @Override
  public Integer call() throws Exception {
    ResolvedProfile resolved = Profiles.resolve(profile);
    PrintWriter err = spec.commandLine().getErr();
    ProfileCommand.printWarnings(resolved, err);
    ImageSpec image = resolved.spec();
    ImageSpec.Environment chosen =
        environment == null ? image.build().environment() : parseEnvironment(environment);
    ImageSpec.BuildSpec build = image.build();
    image =
        image.withBuild(
            new ImageSpec.BuildSpec(
                chosen,
                cache == null ? build.cacheDirectory() : cache.toAbsolutePath(),
                cacheFrom == null ? build.cacheFrom() : Optional.of(cacheFrom),
                cacheTo == null ? build.cacheTo() : Optional.of(cacheTo)));
    EventRenderer renderer = console.renderer(err);
    BuildOptions options =
        BuildOptions.into(output)
            .withInstallMissingTools(!noInstall)
            .withPrivilegeEscalation(allowEscalation)
            .withSuggestions(CliSuggestions.INSTANCE)
            .withRegistry(registry.options())
            .withProfile(Profiles.toYaml(resolved), resolved.chain());
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    if (epoch != null && !epoch.isBlank()) {
      options = options.withSourceDateEpoch(Long.parseLong(epoch.trim()));
    }
    BuildResult result = ImageBuilder.create(image, renderer).build(options);
    renderer.clearStatus();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s: %s, %d entries, sha256 %s, built in %s%s; manifest %s, SBOMs %s %s%s%n",
            result.artifact(),
            ConsoleRenderer.bytes(result.bytes()),
            result.entries(),
            result.sha256(),
            ConsoleRenderer.seconds(result.elapsed()),
            result.baseFromCache() ? " (cached base)" : "",
            result.manifest().getFileName(),
            Sboms.spdxBesides(result.artifact()).getFileName(),
            Sboms.cycloneDxBesides(result.artifact()).getFileName(),
            result.kernel().map(k -> "; kernel " + k.getFileName()).orElse(""));
    if (!result.hazards().isEmpty()) {
      InspectCommand.printHazardsText(result.hazards(), spec.commandLine().getOut());
    }
    return ExitCode.OK;
  }

  private ImageSpec.Environment parseEnvironment(String text) {
    try {
      return ImageSpec.Environment.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unknown environment '" + text + "'; use auto, host or docker");
    }
  }
}
