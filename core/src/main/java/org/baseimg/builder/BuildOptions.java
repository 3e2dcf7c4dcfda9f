package org.baseimg.builder;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * How one build runs, apart from what the spec says the image is.
 *
 * @param outputDirectory where the artifact and its manifest go (created when missing)
 * @param installMissingTools install missing host packages with apt-get (as root, on Debian)
 * @param sourceDateEpoch the clock for mtimes and tools; empty: the suite's Release date
 * @param profileText the resolved profile as written by the profile layer, for the manifest
 * @param profileChain the files the profile came from, for the manifest
 */
public record BuildOptions(
    Path outputDirectory,
    boolean installMissingTools,
    OptionalLong sourceDateEpoch,
    String profileText,
    List<String> profileChain) {

  public BuildOptions {
    if (outputDirectory == null || sourceDateEpoch == null || profileText == null) {
      throw new IllegalArgumentException("output directory, epoch and profile text are required");
    }
    profileChain = List.copyOf(profileChain);
  }

  /**
   * Builds into {@code outputDirectory}, installing missing tools, with the Release date as clock.
   */
  public static BuildOptions into(Path outputDirectory) {
    return new BuildOptions(outputDirectory, true, OptionalLong.empty(), "", List.of());
  }

  public BuildOptions withInstallMissingTools(boolean install) {
    return new BuildOptions(outputDirectory, install, sourceDateEpoch, profileText, profileChain);
  }

  public BuildOptions withSourceDateEpoch(long seconds) {
    return new BuildOptions(
        outputDirectory, installMissingTools, OptionalLong.of(seconds), profileText, profileChain);
  }

  public BuildOptions withProfile(String text, List<String> chain) {
    return new BuildOptions(outputDirectory, installMissingTools, sourceDateEpoch, text, chain);
  }
}
