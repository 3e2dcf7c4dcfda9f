package org.baseimg.builder.internal.steps;

import java.nio.file.Path;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildContext;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.debian.DebianArchive;
import org.baseimg.debian.DebianKernel;
import org.baseimg.debian.DebianMirror;
import org.baseimg.image.ImageSpec;
import org.baseimg.kconfig.CarryForward;
import org.baseimg.kconfig.KernelConfigs;
import org.baseimg.kernel.KernelBuilder;
import org.baseimg.kernel.StagedKernel;

/**
 * The boot set's kernel, staged: Debian's kernel package for the suite and architecture, unpacked
 * without its maintainer scripts (kept in the cache); or built here from the profile's
 * configuration carried forward to the architecture, in a make O= directory kept in the cache.
 */
public final class KernelStep implements BuildStep {
  private final BuildContext context;
  private final ImageSpec.KernelSpec kernel;

  public KernelStep(BuildContext context, ImageSpec.KernelSpec kernel) {
    if (kernel.from() == ImageSpec.KernelSpec.From.NONE) {
      throw new IllegalArgumentException("a kernel step needs a kernel to stage");
    }
    this.context = context;
    this.kernel = kernel;
  }

  @Override
  public String name() {
    return kernel.from() == ImageSpec.KernelSpec.From.PACKAGE
        ? "kernel " + kernel.packageName()
        : "kernel build " + kernel.base() + " + " + String.join(" + ", kernel.fragments());
  }

  @Override
  public void run(BuildState state) throws BaseimgException, InterruptedException {
    ImageSpec spec = context.spec();
    Path cache = context.cacheRoot().resolve("kernels");
    StagedKernel staged =
        switch (kernel.from()) {
          case PACKAGE ->
              DebianKernel.online(
                      DebianArchive.create(
                          new DebianMirror(context.mirror()), cache, context.events()))
                  .unpack(spec.suite(), spec.arch().debianName(), kernel.packageName());
          case BUILD ->
              KernelBuilder.carryForwardAndBuild(
                  KernelConfigs.create(context.events()),
                  CarryForward.from(spec),
                  context.cacheRoot(),
                  context.epoch(),
                  context.work().resolve("kernel"),
                  context.events(),
                  Runtime.getRuntime().availableProcessors());
          case NONE -> throw new IllegalStateException("checked in the constructor");
        };
    state.stagedKernel(staged);
  }
}
