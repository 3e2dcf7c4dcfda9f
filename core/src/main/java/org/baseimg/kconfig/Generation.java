package org.baseimg.kconfig;

import java.time.Duration;
import java.util.List;

/**
 * What {@link ConfigGenerator#generate} did.
 *
 * @param merged the base with the fragments merged in, as {@code merge_config.sh -m} writes it
 * @param result the final config {@code make olddefconfig} wrote
 * @param merge the merge: redefinitions, and what each fragment asked for
 * @param lost fragment values the result does not have, with reasons; empty when all survived
 * @param kconfigWarnings the warnings kconfig printed while reading the merged config (values it
 *     rejected, e.g. {@code .config:724:warning: symbol value 'm' invalid for KVM})
 * @param tree the kernel tree used
 * @param toolchain the tools that decided the result
 * @param elapsed how long {@code make} took
 */
public record Generation(
    KernelConfig merged,
    KernelConfig result,
    FragmentMerge merge,
    List<LostValue> lost,
    List<String> kconfigWarnings,
    KernelTree tree,
    Toolchain toolchain,
    Duration elapsed) {
  public Generation {
    lost = List.copyOf(lost);
    kconfigWarnings = List.copyOf(kconfigWarnings);
  }

  /** Fails listing every lost value, unless every fragment value survived. */
  public Generation requireAllSurvived() throws FragmentValuesLostException {
    if (!lost.isEmpty()) {
      throw new FragmentValuesLostException(lost);
    }
    return this;
  }
}
