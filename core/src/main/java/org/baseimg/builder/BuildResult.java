package org.baseimg.builder;

import java.nio.file.Path;
import java.time.Duration;
import org.baseimg.inspect.Hazards;

/**
 * What a build made.
 *
 * @param artifact the initramfs
 * @param manifest the JSON manifest next to it
 * @param sha256 the artifact's SHA-256
 * @param bytes the artifact's size
 * @param entries archive entries
 * @param baseFromCache whether the bootstrapped tree came from the cache
 * @param kernel the boot set's kernel beside the artifact, when the profile names one
 * @param hazards what bites images moving to arm64, found in this one (also in the manifest)
 * @param elapsed wall time
 */
public record BuildResult(
    Path artifact,
    Path manifest,
    String sha256,
    long bytes,
    long entries,
    boolean baseFromCache,
    java.util.Optional<Path> kernel,
    java.util.List<Hazards.Hazard> hazards,
    Duration elapsed) {
  public BuildResult {
    hazards = java.util.List.copyOf(hazards);
  }
}
