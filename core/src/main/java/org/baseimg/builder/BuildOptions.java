package org.baseimg.builder;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.baseimg.oci.RegistryOptions;

/**
 * How one build runs, apart from what the spec says the image is. A library call changes nothing on
 * the host beyond the build's own files unless asked: installing missing packages (and registering
 * QEMU with binfmt_misc) and giving a container more than the least privileges are both off by
 * default.
 *
 * @param outputDirectory where the artifact and its manifest go (created when missing)
 * @param installMissingTools install missing host packages with apt-get (as root, on Debian) and
 *     register QEMU with binfmt_misc when nothing did
 * @param allowPrivilegeEscalation let a build container have more than the least privileges
 *     (seccomp and AppArmor unconfined, then {@code --privileged}) when the engine refuses those
 * @param sourceDateEpoch the clock for mtimes and tools; empty: the suite's Release date
 * @param profileText the resolved profile as written by the profile layer, for the manifest
 * @param profileChain the files the profile came from, for the manifest
 * @param suggestions the front end's words for what a user can do when the build cannot go on
 * @param registry how to talk to the registries of the spec's {@code build.cache-from} and {@code
 *     build.cache-to}
 */
public record BuildOptions(
    Path outputDirectory,
    boolean installMissingTools,
    boolean allowPrivilegeEscalation,
    OptionalLong sourceDateEpoch,
    String profileText,
    List<String> profileChain,
    BuildSuggestions suggestions,
    RegistryOptions registry) {

  public BuildOptions {
    if (outputDirectory == null
        || sourceDateEpoch == null
        || profileText == null
        || suggestions == null
        || registry == null) {
      throw new IllegalArgumentException(
          "output directory, epoch, profile text, suggestions and registry options are required");
    }
    profileChain = List.copyOf(profileChain);
  }

  /**
   * Builds into {@code outputDirectory} with the Release date as clock, installing nothing and
   * escalating nothing.
   */
  public static BuildOptions into(Path outputDirectory) {
    return new BuildOptions(
        outputDirectory,
        false,
        false,
        OptionalLong.empty(),
        "",
        List.of(),
        BuildSuggestions.NEUTRAL,
        RegistryOptions.defaults());
  }

  public BuildOptions withInstallMissingTools(boolean install) {
    return new BuildOptions(
        outputDirectory,
        install,
        allowPrivilegeEscalation,
        sourceDateEpoch,
        profileText,
        profileChain,
        suggestions,
        registry);
  }

  public BuildOptions withPrivilegeEscalation(boolean allow) {
    return new BuildOptions(
        outputDirectory,
        installMissingTools,
        allow,
        sourceDateEpoch,
        profileText,
        profileChain,
        suggestions,
        registry);
  }

  public BuildOptions withSourceDateEpoch(long seconds) {
    return new BuildOptions(
        outputDirectory,
        installMissingTools,
        allowPrivilegeEscalation,
        OptionalLong.of(seconds),
        profileText,
        profileChain,
        suggestions,
        registry);
  }

  public BuildOptions withProfile(String text, List<String> chain) {
    return new BuildOptions(
        outputDirectory,
        installMissingTools,
        allowPrivilegeEscalation,
        sourceDateEpoch,
        text,
        chain,
        suggestions,
        registry);
  }

  public BuildOptions withSuggestions(BuildSuggestions words) {
    return new BuildOptions(
        outputDirectory,
        installMissingTools,
        allowPrivilegeEscalation,
        sourceDateEpoch,
        profileText,
        profileChain,
        words,
        registry);
  }

  /** These options talking to the build cache's registries as {@code options} say. */
  public BuildOptions withRegistry(RegistryOptions options) {
    return new BuildOptions(
        outputDirectory,
        installMissingTools,
        allowPrivilegeEscalation,
        sourceDateEpoch,
        profileText,
        profileChain,
        suggestions,
        options);
  }
}
