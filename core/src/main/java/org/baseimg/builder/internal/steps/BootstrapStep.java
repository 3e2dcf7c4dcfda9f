package org.baseimg.builder.internal.steps;

import java.io.IOException;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildEnvironment;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.builder.internal.cache.BaseCache;
import org.baseimg.image.ImageSpec;

/** debootstrap of the suite into a new image, which is then kept under the base's key. */
public final class BootstrapStep implements BuildStep {
  private final ImageSpec spec;
  private final BuildEnvironment environment;
  private final BaseCache.Lookup base;

  public BootstrapStep(ImageSpec spec, BuildEnvironment environment, BaseCache.Lookup base) {
    this.spec = spec;
    this.environment = environment;
    this.base = base;
  }

  @Override
  public String name() {
    return "debootstrap " + spec.suite() + " " + spec.arch().debianName();
  }

  @Override
  public void run(BuildState state) throws BaseimgException, InterruptedException, IOException {
    state.target(environment.bootstrap());
    environment.store(base);
  }
}
