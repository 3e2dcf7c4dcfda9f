package org.baseimg.builder.internal;

import java.io.IOException;
import org.baseimg.BaseimgException;

/**
 * One named step of a build. A step reads what earlier steps made from the {@link BuildState} and
 * puts its own results there; the {@link StepsRunner} runs the steps of a {@link BuildPlan} in
 * order.
 */
public interface BuildStep {

  /** What the step does, for progress: {@code debootstrap bookworm arm64}. */
  String name();

  /** Does the step's work. */
  void run(BuildState state) throws BaseimgException, InterruptedException, IOException;
}
