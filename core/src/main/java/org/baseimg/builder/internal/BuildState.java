package org.baseimg.builder.internal;

import java.util.List;
import java.util.Optional;
import org.baseimg.initramfs.PackResult;
import org.baseimg.inspect.Hazards;
import org.baseimg.internal.AtomicFile;
import org.baseimg.kernel.ModuleSelection;
import org.baseimg.kernel.StagedKernel;

/**
 * What the steps of one build have made so far, each result put by the step that makes it and read
 * by the later steps that need it. Reading a result before it exists is a bug in the plan.
 */
public final class BuildState {
  private Target target;
  private PackResult packed;
  private AtomicFile artifact;
  private StagedKernel stagedKernel;
  private List<ModuleSelection.Selected> modules = List.of();
  private List<Hazards.Hazard> hazards = List.of();

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

  /** The boot set's kernel, once a step has staged it; empty when the profile names none. */
  public Optional<StagedKernel> stagedKernel() {
    return Optional.ofNullable(stagedKernel);
  }

  public void stagedKernel(StagedKernel kernel) {
    this.stagedKernel = kernel;
  }

  /** The kernel modules put into the image, each with why. */
  public List<ModuleSelection.Selected> modules() {
    return modules;
  }

  public void modules(List<ModuleSelection.Selected> selected) {
    this.modules = List.copyOf(selected);
  }

  /** What the finished image holds that bites images moving to arm64. */
  public List<Hazards.Hazard> hazards() {
    return hazards;
  }

  public void hazards(List<Hazards.Hazard> found) {
    this.hazards = List.copyOf(found);
  }

  private static <T> T require(T value, String what) {
    if (value == null) {
      throw new IllegalStateException(what + " is read before a step made it");
    }
    return value;
  }
}
