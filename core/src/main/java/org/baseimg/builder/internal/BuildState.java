package org.baseimg.builder.internal;

import java.util.Optional;
import org.baseimg.builder.Manifest;
import org.baseimg.initramfs.PackResult;
import org.baseimg.internal.AtomicFile;

/**
 * What the steps of one build have made so far, each result put by the step that makes it and read
 * by the later steps that need it. Reading a result before it exists is a bug in the plan.
 */
public final class BuildState {
  private Target target;
  private PackResult packed;
  private AtomicFile artifact;
  private Manifest.KernelInfo kernel;

  /** The image being built, once a step has bootstrapped or restored it. */
  public Target target() {
    return require(target, "the image's tree");
  }

  public void target(Target target) {
    this.target = target;
  }

  /** What packing wrote. */
  public PackResult packed() {
    return require(packed, "the packed artifact");
  }

  /** The artifact, written but not yet in place. */
  public AtomicFile artifact() {
    return require(artifact, "the artifact");
  }

  public void packed(PackResult packed, AtomicFile artifact) {
    this.packed = packed;
    this.artifact = artifact;
  }

  /** The boot set's kernel, when the profile names one. */
  public Optional<Manifest.KernelInfo> kernel() {
    return Optional.ofNullable(kernel);
  }

  public void kernel(Manifest.KernelInfo kernel) {
    this.kernel = kernel;
  }

  private static <T> T require(T value, String what) {
    if (value == null) {
      throw new IllegalStateException(what + " is read before a step made it");
    }
    return value;
  }
}
