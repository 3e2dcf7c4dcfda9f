package org.baseimg.builder.internal.steps;

import java.io.IOException;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildEnvironment;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.builder.internal.cache.BaseCache;

/** Starts the image from a kept tree: the bootstrapped one, or the one after apt. */
public final class RestoreStep implements BuildStep {
  private final BuildEnvironment environment;
  private final BaseCache.Lookup kept;
  private final String what;

  /**
   * @param what what the kept tree is, for progress: {@code copy cached base}
   */
  public RestoreStep(BuildEnvironment environment, BaseCache.Lookup kept, String what) {
    this.environment = environment;
    this.kept = kept;
    this.what = what;
  }

  @Override
  public String name() {
    return what + " " + kept.key();
  }

  @Override
  public void run(BuildState state) throws BaseimgException, InterruptedException, IOException {
    state.target(environment.restore(kept));
  }
}
